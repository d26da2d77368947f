/* SPDX-License-Identifier: MIT */
/* The DHCP client state machine: DISCOVER, OFFER, REQUEST, ACK, ProxyDHCP. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <byteswap.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/process.h>
#include <core/settings.h>
#include <core/time.h>
#include <core/timer.h>
#include <net/dhcp.h>
#include <net/dhcp_options.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>

/* First retransmission interval; it doubles up to the maximum. */
#define DHCP_RETRY_START_MS 1000
#define DHCP_RETRY_MAX_MS 8000
/* Each interval moves by a random amount within plus or minus this. */
#define DHCP_JITTER_MS 250
/* The whole exchange gives up after this. */
#define DHCP_TIMEOUT_MS 30000
/* After an offer without boot information, wait this long for a better one. */
#define DHCP_OFFER_WAIT_MS 1000
/* REQUESTs sent before starting again from DISCOVER. */
#define DHCP_REQUEST_TRIES 4
/* Requests to a ProxyDHCP server before making do with its offer. */
#define DHCP_PROXY_TRIES 3
/* How long a device that is open but has no link yet gets. */
#define DHCP_LINK_WAIT_MS 10000
/* Smallest maximum message size a client may announce (RFC 2132 9.10). */
#define DHCP_MIN_MAX_MSG_SIZE 576
/* Sent in option 77 unless the user-class setting says otherwise. */
#define DHCP_DEFAULT_USER_CLASS "iPXE"
#define DHCP_SETTINGS_NAME "dhcp"
/* First octets of addresses no server may lease: loopback, multicast up. */
#define IPV4_LOOPBACK_OCTET 127
#define IPV4_MULTICAST_FIRST_OCTET 224
#define PROXYDHCP_SETTINGS_NAME "proxydhcp"

enum dhcp_state {
	DHCP_STATE_DISCOVER,	/* collecting offers */
	DHCP_STATE_REQUEST,	/* waiting for the chosen server's ACK */
	DHCP_STATE_PROXY,	/* configured; asking the ProxyDHCP server */
};

/* A received message, kept with the buffer it lives in. */
struct dhcp_reply {
	struct io_buffer *iob;
	struct dhcp_packet pkt;
};

/* One run of dhcp() on one device. */
struct dhcp_session {
	struct net_device *netdev;
	struct udp_conn conn;
	struct timer timer;
	enum dhcp_state state;
	uint32_t xid;
	uint64_t start_ms;
	uint32_t interval_ms;
	unsigned int tries;
	bool broadcast;			/* ask servers to broadcast */
	struct dhcp_client_info client;
	uint8_t uuid[DHCP_UUID_LEN];
	char user_class[DHCP_USER_CLASS_MAX + 1];
	struct dhcp_reply offer;	/* the DHCP offer chosen so far */
	struct dhcp_reply proxy;	/* a ProxyDHCP offer, then its ACK */
	struct dhcp_reply ack;
	int rc;				/* -EINPROGRESS until done */
};

static void dhcp_reply_clear(struct dhcp_reply *reply)
{
	free_iob(reply->iob);
	reply->iob = NULL;
}

/* Keep IOB, whose payload PKT describes, in REPLY. */
static void dhcp_reply_keep(struct dhcp_reply *reply, struct io_buffer *iob,
			    const struct dhcp_packet *pkt)
{
	dhcp_reply_clear(reply);
	reply->iob = iob;
	reply->pkt = *pkt;
}

/*
 * A settings block DHCP registers, with the message it was built from:
 * programs nicboot starts ask for the packets themselves (the PXE cached
 * packets, the UEFI PXE Base Code mode).
 */
struct dhcp_block {
	struct settings settings;	/* first: blocks are freed through it */
	size_t len;
	uint8_t packet[];
};

/* The settings block NAME that DHCP registered below NETDEV, or NULL. */
static struct settings *dhcp_find_block(struct net_device *netdev,
					const char *name)
{
	struct settings *child;

	list_for_each_entry(child, &netdev->settings.children, siblings) {
		if (strcmp(child->name, name) == 0)
			return child;
	}
	return NULL;
}

static void dhcp_remove_block(struct net_device *netdev, const char *name)
{
	struct settings *block = dhcp_find_block(netdev, name);

	if (block) {
		unregister_settings(block);
		free(block);
	}
}

static void dhcp_remove_blocks(struct net_device *netdev)
{
	dhcp_remove_block(netdev, PROXYDHCP_SETTINGS_NAME);
	dhcp_remove_block(netdev, DHCP_SETTINGS_NAME);
}

/* Forget what DHCP configured on NETDEV and update the routes. */
static void dhcp_unconfigure(struct net_device *netdev)
{
	dhcp_remove_blocks(netdev);
	ipv4_update_routes();
}

/* The length of the message PKT describes: its header and options area. */
static size_t dhcp_packet_len(const struct dhcp_packet *pkt)
{
	return (size_t)(pkt->options - (const uint8_t *)pkt->hdr) +
	       pkt->options_len;
}

/* Store REPLY (and a copy of its message) in a new block NAME below NETDEV. */
static int dhcp_add_block(struct net_device *netdev, const char *name,
			  const struct dhcp_reply *reply)
{
	size_t len = dhcp_packet_len(&reply->pkt);
	struct dhcp_block *block = zalloc(sizeof(*block) + len);
	int rc;

	if (!block)
		return -ENOMEM;
	block->len = len;
	memcpy(block->packet, reply->pkt.hdr, len);
	settings_init(&block->settings, NULL);
	rc = dhcp_store_packet(&reply->pkt, &block->settings);
	if (rc == 0)
		rc = register_settings(&block->settings, &netdev->settings,
				       name);
	if (rc < 0) {
		unregister_settings(&block->settings);
		free(block);
	}
	return rc;
}

int dhcp_cached_packet(struct net_device *netdev, bool proxy,
		       const void **data, size_t *len)
{
	struct settings *found = dhcp_find_block(netdev, proxy ?
						 PROXYDHCP_SETTINGS_NAME :
						 DHCP_SETTINGS_NAME);
	struct dhcp_block *block;

	if (!found)
		return -ENOENT;
	block = container_of(found, struct dhcp_block, settings);
	*data = block->packet;
	*len = block->len;
	return 0;
}

/* (Re)build the device's blocks from the ACK and any ProxyDHCP reply. */
static int dhcp_install(struct dhcp_session *s)
{
	int rc = 0;

	dhcp_remove_blocks(s->netdev);
	if (s->proxy.iob)
		rc = dhcp_add_block(s->netdev, PROXYDHCP_SETTINGS_NAME,
				    &s->proxy);
	if (rc == 0)
		rc = dhcp_add_block(s->netdev, DHCP_SETTINGS_NAME, &s->ack);
	ipv4_update_routes();
	return rc;
}

static void dhcp_finish(struct dhcp_session *s, int rc)
{
	timer_stop(&s->timer);
	s->rc = rc;
}

static uint16_t dhcp_elapsed_secs(const struct dhcp_session *s)
{
	uint64_t secs = (time_now_ms() - s->start_ms) / MS_PER_SEC;

	return secs > UINT16_MAX ? UINT16_MAX : (uint16_t)secs;
}

/* The ProxyDHCP server to ask for a boot file, or 0 if none is needed. */
static uint32_t dhcp_proxy_server(const struct dhcp_session *s)
{
	if (!s->proxy.iob || dhcp_packet_has_filename(&s->proxy.pkt))
		return 0;
	return dhcp_packet_server_id(&s->proxy.pkt);
}

/*
 * Fill in the message PARAMS and where it goes for the current state. The
 * request to a ProxyDHCP server asks for the first item of its boot menu
 * if it offered one (PXE boot server discovery), which is what dnsmasq's
 * pxe-service needs to name the file.
 */
static void dhcp_current_message(const struct dhcp_session *s,
				 struct dhcp_msg_params *params,
				 struct sockaddr_in *dest, uint32_t *src)
{
	int boot_type;

	memset(params, 0, sizeof(*params));
	params->xid = s->xid;
	params->secs = dhcp_elapsed_secs(s);
	params->broadcast = s->broadcast;
	dest->addr = INADDR_BROADCAST;
	dest->port = htons(DHCP_SERVER_PORT);
	*src = INADDR_ANY;
	switch (s->state) {
	case DHCP_STATE_DISCOVER:
		params->type = DHCPDISCOVER;
		break;
	case DHCP_STATE_REQUEST:
		params->type = DHCPREQUEST;
		params->requested_ip = s->offer.pkt.hdr->yiaddr;
		params->server_id = dhcp_packet_server_id(&s->offer.pkt);
		break;
	case DHCP_STATE_PROXY:
		boot_type = dhcp_packet_pxe_boot_type(&s->proxy.pkt);
		params->type = DHCPREQUEST;
		params->ciaddr = s->ack.pkt.hdr->yiaddr;
		params->server_id = dhcp_proxy_server(s);
		params->pxe_boot_item = boot_type >= 0;
		params->pxe_boot_type = (uint16_t)boot_type;
		dest->addr = params->server_id;
		dest->port = htons(PXE_PROXY_PORT);
		*src = params->ciaddr;
		break;
	}
}

/* Send the message of the current state. */
static int dhcp_send(struct dhcp_session *s)
{
	struct dhcp_msg_params params;
	struct sockaddr_in dest;
	struct io_buffer *iob;
	uint32_t src;
	int len;

	dhcp_current_message(s, &params, &dest, &src);
	iob = udp_alloc_iob(DHCP_CLIENT_MSG_MAX);
	if (!iob)
		return -ENOMEM;
	len = dhcp_build_message(iob->data, iob_tailroom(iob), &s->client,
				 &params);
	if (len < 0) {
		free_iob(iob);
		return len;
	}
	iob_put(iob, (size_t)len);
	return udp_sendto(&s->conn, iob, &dest, src, s->netdev);
}

/* The next interval: the current one moved by a random jitter. */
static uint32_t dhcp_jittered(uint32_t interval_ms)
{
	long jitter = random() % (2 * DHCP_JITTER_MS + 1) - DHCP_JITTER_MS;

	return (uint32_t)((long)interval_ms + jitter);
}

/* Send the current message and wait the current interval for an answer. */
static void dhcp_transmit(struct dhcp_session *s)
{
	int rc = dhcp_send(s);

	/* Busy or unreachable may pass; the ProxyDHCP stage is optional. */
	if (rc < 0 && rc != -ENOBUFS && rc != -ENETUNREACH) {
		dhcp_finish(s, s->state == DHCP_STATE_PROXY ? 0 : rc);
		return;
	}
	timer_start(&s->timer, dhcp_jittered(s->interval_ms));
}

/* Enter STATE with the first interval and send its first message. */
static void dhcp_enter(struct dhcp_session *s, enum dhcp_state state)
{
	s->state = state;
	s->interval_ms = DHCP_RETRY_START_MS;
	s->tries = 0;
	dhcp_transmit(s);
}

/* Start (again) from DISCOVER with a new transaction and no offers. */
static void dhcp_start_discovery(struct dhcp_session *s)
{
	dhcp_reply_clear(&s->offer);
	dhcp_reply_clear(&s->proxy);
	s->xid = (uint32_t)random();
	dhcp_enter(s, DHCP_STATE_DISCOVER);
}

/* Count a try and send again after twice the interval (up to the maximum). */
static void dhcp_retransmit(struct dhcp_session *s)
{
	printf(".");
	s->tries++;
	s->interval_ms = MIN(s->interval_ms * 2, (uint32_t)DHCP_RETRY_MAX_MS);
	dhcp_transmit(s);
}

/* No answer in time: go on with the best offer, send again, or give up. */
static void dhcp_timer_expired(struct timer *timer)
{
	struct dhcp_session *s =
		container_of(timer, struct dhcp_session, timer);

	switch (s->state) {
	case DHCP_STATE_DISCOVER:
		if (s->offer.iob)
			dhcp_enter(s, DHCP_STATE_REQUEST);
		else
			dhcp_retransmit(s);
		break;
	case DHCP_STATE_REQUEST:
		if (s->tries + 1 >= DHCP_REQUEST_TRIES)
			dhcp_start_discovery(s);
		else
			dhcp_retransmit(s);
		break;
	case DHCP_STATE_PROXY:
		if (s->tries + 1 >= DHCP_PROXY_TRIES)
			dhcp_finish(s, 0);
		else
			dhcp_retransmit(s);
		break;
	}
}

/* Could a server really lease ADDR (network order)? */
static bool dhcp_address_usable(uint32_t addr)
{
	uint8_t first = ((const uint8_t *)&addr)[0];

	return addr != INADDR_ANY && first != IPV4_LOOPBACK_OCTET &&
	       first < IPV4_MULTICAST_FIRST_OCTET;
}

/* Does an offer already say what to boot (so it need not be bettered)? */
static bool dhcp_has_boot_info(const struct dhcp_packet *pkt)
{
	return dhcp_packet_has_filename(pkt) || dhcp_packet_is_pxe(pkt);
}

/* A ProxyDHCP offer: PXE boot information but no address. */
static bool dhcp_rx_proxy_offer(struct dhcp_session *s,
				struct io_buffer *iob,
				const struct dhcp_packet *pkt)
{
	if (!dhcp_packet_is_pxe(pkt) || s->proxy.iob)
		return false;
	dhcp_reply_keep(&s->proxy, iob, pkt);
	if (s->state == DHCP_STATE_DISCOVER && s->offer.iob)
		dhcp_enter(s, DHCP_STATE_REQUEST);
	return true;
}

/* An offer of an address: keep the first, or a later one with a filename. */
static bool dhcp_rx_offer(struct dhcp_session *s, struct io_buffer *iob,
			  const struct dhcp_packet *pkt)
{
	bool first = !s->offer.iob;

	if (!pkt->hdr->yiaddr)
		return dhcp_rx_proxy_offer(s, iob, pkt);
	if (s->state != DHCP_STATE_DISCOVER)
		return false;
	if (!dhcp_address_usable(pkt->hdr->yiaddr) ||
	    !dhcp_packet_server_id(pkt)) {
		s->netdev->stats.rx_dropped++;
		return false;
	}
	if (!first && (dhcp_packet_has_filename(&s->offer.pkt) ||
		       !dhcp_packet_has_filename(pkt)))
		return false;
	dhcp_reply_keep(&s->offer, iob, pkt);
	if (dhcp_has_boot_info(pkt) || s->proxy.iob)
		dhcp_enter(s, DHCP_STATE_REQUEST);
	else if (first)
		timer_start(&s->timer, DHCP_OFFER_WAIT_MS);
	return true;
}

/* Is PKT from the server we sent the REQUEST to (or does it not say)? */
static bool dhcp_from_chosen_server(const struct dhcp_session *s,
				    const struct dhcp_packet *pkt)
{
	uint32_t server = dhcp_packet_server_id(pkt);

	return !server || server == dhcp_packet_server_id(&s->offer.pkt);
}

/* The ACK: configure the device, then ask the ProxyDHCP server if needed. */
static bool dhcp_rx_ack(struct dhcp_session *s, struct io_buffer *iob,
			const struct dhcp_packet *pkt)
{
	int rc;

	if (!dhcp_address_usable(pkt->hdr->yiaddr)) {
		s->netdev->stats.rx_dropped++;
		return false;
	}
	if (!dhcp_from_chosen_server(s, pkt))
		return false;
	dhcp_reply_keep(&s->ack, iob, pkt);
	rc = dhcp_install(s);
	if (rc < 0) {
		dhcp_finish(s, rc);
		return true;
	}
	if (dhcp_proxy_server(s)) {
		s->xid = (uint32_t)random();
		dhcp_enter(s, DHCP_STATE_PROXY);
	} else {
		dhcp_finish(s, 0);
	}
	return true;
}

/* The ProxyDHCP server's answer replaces its offer. */
static bool dhcp_rx_proxy_ack(struct dhcp_session *s, struct io_buffer *iob,
			      const struct dhcp_packet *pkt)
{
	dhcp_reply_keep(&s->proxy, iob, pkt);
	dhcp_finish(s, dhcp_install(s));
	return true;
}

/* Act on a reply of TYPE for our transaction; true if IOB was kept. */
static bool dhcp_dispatch(struct dhcp_session *s, struct io_buffer *iob,
			  const struct dhcp_packet *pkt, int type)
{
	switch (s->state) {
	case DHCP_STATE_DISCOVER:
		return type == DHCPOFFER && dhcp_rx_offer(s, iob, pkt);
	case DHCP_STATE_REQUEST:
		if (type == DHCPOFFER)
			return dhcp_rx_offer(s, iob, pkt);
		if (type == DHCPACK)
			return dhcp_rx_ack(s, iob, pkt);
		if (type == DHCPNAK && dhcp_from_chosen_server(s, pkt))
			dhcp_start_discovery(s);
		return false;
	case DHCP_STATE_PROXY:
		return type == DHCPACK && dhcp_rx_proxy_ack(s, iob, pkt);
	}
	return false;
}

/* Is PKT a server's reply addressed to NETDEV's hardware address? */
static bool dhcp_reply_for(const struct dhcp_packet *pkt,
			   const struct net_device *netdev)
{
	const struct dhcphdr *hdr = pkt->hdr;

	return hdr->op == BOOTP_REPLY && hdr->htype == DHCP_HTYPE_ETHER &&
	       hdr->hlen == ETH_ALEN &&
	       memcmp(hdr->chaddr, netdev->ll_addr, ETH_ALEN) == 0;
}

/* Is PKT a server's reply to our current transaction? */
static bool dhcp_is_ours(const struct dhcp_session *s,
			 const struct dhcp_packet *pkt)
{
	return dhcp_reply_for(pkt, s->netdev) &&
	       be32_to_cpu(pkt->hdr->xid) == s->xid;
}

static void dhcp_rx(struct udp_conn *conn, struct io_buffer *iob,
		    const struct sockaddr_in *src, struct net_device *netdev,
		    void *ctx)
{
	struct dhcp_session *s = ctx;
	struct dhcp_packet pkt;
	int type;

	if (s->rc != -EINPROGRESS || netdev != s->netdev) {
		free_iob(iob);
		return;
	}
	if (dhcp_packet_parse(&pkt, iob->data, iob_len(iob)) < 0 ||
	    (type = dhcp_packet_msgtype(&pkt)) < 0) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	if (!dhcp_is_ours(s, &pkt) || !dhcp_dispatch(s, iob, &pkt, type))
		free_iob(iob);
}

/*
 * Who we are: MAC, architecture, UUID and user class from the settings.
 * A device that keeps an address of its own (set by hand) drops unicast
 * to any other, so servers are then asked to broadcast.
 */
static void dhcp_init_client(struct dhcp_session *s)
{
	struct dhcp_client_info *client = &s->client;
	size_t mtu = MIN(s->netdev->mtu, (size_t)ETH_DATA_LEN);
	uint32_t own_ip;

	s->broadcast = fetch_ipv4_setting(&s->netdev->settings, &ip_setting,
					  &own_ip) >= 0;
	client->mac = s->netdev->ll_addr;
	client->arch = dhcp_client_architecture;
	client->max_msg_size = DHCP_MIN_MAX_MSG_SIZE;
	if (mtu > DHCP_MIN_MAX_MSG_SIZE + IPV4_HLEN + UDP_HLEN)
		client->max_msg_size = (uint16_t)(mtu - IPV4_HLEN - UDP_HLEN);
	if (fetch_setting(NULL, &uuid_setting, s->uuid, sizeof(s->uuid),
			  NULL) == (int)sizeof(s->uuid))
		client->uuid = s->uuid;
	if (fetch_string_setting(NULL, &user_class_setting, s->user_class,
				 sizeof(s->user_class)) < 0)
		strlcpy(s->user_class, DHCP_DEFAULT_USER_CLASS,
			sizeof(s->user_class));
	client->user_class = s->user_class;
}

static bool dhcp_link_up(void *ctx)
{
	const struct net_device *netdev = ctx;

	return netdev->link_up;
}

/* Print TEXT with anything unprintable (from the wire) shown as '?'. */
static void dhcp_print_safe(const char *text)
{
	for (; *text; text++)
		putchar(isprint((unsigned char)*text) ? *text : '?');
}

/* "net0: 10.0.0.2/255.255.255.0 gw 10.0.0.1", next server, filename. */
static void dhcp_print_config(struct net_device *netdev)
{
	uint32_t ip = 0, netmask = 0, gateway = 0, server = 0;
	char *filename;

	fetch_ipv4_setting(&netdev->settings, &ip_setting, &ip);
	fetch_ipv4_setting(&netdev->settings, &netmask_setting, &netmask);
	fetch_ipv4_setting(&netdev->settings, &gateway_setting, &gateway);
	fetch_ipv4_setting(&netdev->settings, &next_server_setting, &server);
	printf("%s: %s", netdev->name, inet_ntoa(ip));
	if (netmask)
		printf("/%s", inet_ntoa(netmask));
	if (gateway)
		printf(" gw %s", inet_ntoa(gateway));
	printf("\n");
	if (server)
		printf("Next server: %s\n", inet_ntoa(server));
	if (fetch_string_setting_copy(&netdev->settings, &filename_setting,
				      &filename) > 0) {
		printf("Filename: ");
		dhcp_print_safe(filename);
		printf("\n");
	}
	free(filename);
}

/* End the progress line with why the exchange failed in its last state. */
static void dhcp_print_failure(const struct dhcp_session *s, int rc)
{
	if (rc == -ETIMEDOUT && s->state == DHCP_STATE_REQUEST)
		printf(" no answer from %s (check the DHCP server)\n",
		       inet_ntoa(dhcp_packet_server_id(&s->offer.pkt)));
	else if (rc == -ETIMEDOUT)
		printf(" no offer (check the cable and the DHCP server)\n");
	else
		printf(" %s\n", strerror(rc));
}

/* Run the exchange on an open device with link; returns its result. */
static int dhcp_run(struct dhcp_session *s)
{
	int rc;

	rc = udp_open(&s->conn, htons(DHCP_CLIENT_PORT), dhcp_rx, s);
	if (rc < 0)
		return rc;
	timer_init(&s->timer, dhcp_timer_expired);
	s->start_ms = time_now_ms();
	s->rc = -EINPROGRESS;
	dhcp_start_discovery(s);
	rc = wait_rc(&s->rc, DHCP_TIMEOUT_MS);
	timer_stop(&s->timer);
	udp_close(&s->conn);
	/* A silent ProxyDHCP server leaves us configured all the same. */
	if (rc == -ETIMEDOUT && s->state == DHCP_STATE_PROXY)
		rc = 0;
	return rc;
}

int dhcp(struct net_device *netdev)
{
	struct dhcp_session s = { .netdev = netdev };
	const uint8_t *mac = netdev->ll_addr;
	int rc;

	printf("DHCP %s %02x:%02x:%02x:%02x:%02x:%02x...", netdev->name,
	       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	if (!netdev->is_open) {
		printf(" device is closed\n");
		return -ENETDOWN;
	}
	rc = wait_for(dhcp_link_up, netdev, DHCP_LINK_WAIT_MS);
	if (rc == -ETIMEDOUT) {
		printf(" no link (check the cable)\n");
		return -ENETDOWN;
	}
	if (rc == 0) {
		dhcp_unconfigure(netdev);
		dhcp_init_client(&s);
		rc = dhcp_run(&s);
	}
	if (rc == 0) {
		printf(" ok\n");
		dhcp_print_config(netdev);
	} else {
		dhcp_print_failure(&s, rc);
	}
	dhcp_reply_clear(&s.offer);
	dhcp_reply_clear(&s.proxy);
	dhcp_reply_clear(&s.ack);
	return rc;
}

int dhcp_apply_cached(struct net_device *netdev, const void *data,
		      size_t len)
{
	struct dhcp_reply reply = { .iob = NULL };
	int rc;

	if (dhcp_packet_parse(&reply.pkt, data, len) < 0 ||
	    !dhcp_reply_for(&reply.pkt, netdev) ||
	    !dhcp_address_usable(reply.pkt.hdr->yiaddr))
		return -EINVAL;
	dhcp_remove_blocks(netdev);
	rc = dhcp_add_block(netdev, DHCP_SETTINGS_NAME, &reply);
	ipv4_update_routes();
	return rc;
}

/* A device going away takes its DHCP blocks with it. */
NETDEV_NOTIFIER(dhcp_notifier) = {
	.removed = dhcp_unconfigure,
};
