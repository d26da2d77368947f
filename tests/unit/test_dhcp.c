/* SPDX-License-Identifier: MIT */
/* Tests of the DHCP client against a scripted server on the fake device. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/command.h>
#include <core/process.h>
#include <core/settings.h>
#include <core/time.h>
#include <net/arp.h>
#include <net/dhcp.h>
#include <net/dhcp_options.h>
#include <net/ethernet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>
#include "fake_netdev.h"
#include "test.h"
#include "test_console.h"

#define SERVER_IP FAKE_IP(10, 0, 0, 1)
#define OFFERED_IP FAKE_IP(10, 0, 0, 2)
#define OTHER_SERVER_IP FAKE_IP(10, 0, 0, 5)
#define OTHER_OFFERED_IP FAKE_IP(10, 0, 0, 50)
#define PROXY_IP FAKE_IP(10, 0, 0, 9)
#define REPLY_MAX 600
#define FRAME_MAX 1600
#define MAX_XIDS 8
/* The fast path (offer names a boot file) must finish within this. */
#define FAST_PATH_MS 500

/* Where the client's DHCP message starts in a captured frame. */
#define DHCP_OFFSET (ETH_HLEN + IPV4_HLEN + UDP_HLEN)

/* What the scripted server does and what it saw. */
struct fake_server {
	struct process process;
	struct net_device *netdev;
	/* The script. */
	bool offer_filename;	/* the offer names "pxelinux.0" */
	bool better_offer;	/* a second server offers "better.0" later */
	bool proxy;		/* a ProxyDHCP server answers too */
	bool proxy_filename;	/* ... naming "proxy-offer.efi" itself */
	bool hostile;		/* malformed and foreign replies come first */
	unsigned int naks;	/* NAK this many REQUESTs */
	/* What it saw. */
	unsigned int discovers;
	unsigned int requests;
	unsigned int proxy_requests;
	unsigned int arp_requests;
	uint32_t xids[MAX_XIDS];
	unsigned int n_xids;
	uint32_t requested_ip;	/* options 50 and 54 of the last REQUEST */
	uint32_t requested_server;
	uint32_t proxy_ciaddr;	/* ciaddr and IP source of the 4011 request */
	uint32_t proxy_src;
	uint8_t proxy_vendor[16];	/* ... and its option 43 */
	int proxy_vendor_len;
	uint16_t discover_flags;
	uint8_t discover[REPLY_MAX];	/* the first DISCOVER as sent */
	size_t discover_len;
};

/* A reply being written, as a server would send it. */
struct reply {
	uint8_t buf[REPLY_MAX];
	size_t len;
};

static void reply_add(struct reply *r, const void *bytes, size_t len)
{
	memcpy(r->buf + r->len, bytes, len);
	r->len += len;
}

static void reply_option(struct reply *r, uint8_t tag, const void *value,
			 size_t len)
{
	uint8_t head[] = { tag, (uint8_t)len };

	reply_add(r, head, sizeof(head));
	reply_add(r, value, len);
}

static void reply_addr_option(struct reply *r, uint8_t tag, uint32_t addr)
{
	reply_option(r, tag, &addr, sizeof(addr));
}

/* Header and message type of a reply to XID for CHADDR. */
static void reply_start(struct reply *r, uint8_t type, uint32_t xid,
			const uint8_t *chaddr, uint32_t yiaddr,
			uint32_t siaddr, const char *file)
{
	struct dhcphdr *hdr = (struct dhcphdr *)r->buf;

	memset(r, 0, sizeof(*r));
	hdr->op = BOOTP_REPLY;
	hdr->htype = DHCP_HTYPE_ETHER;
	hdr->hlen = ETH_ALEN;
	hdr->xid = cpu_to_be32(xid);
	hdr->yiaddr = yiaddr;
	hdr->siaddr = siaddr;
	memcpy(hdr->chaddr, chaddr, ETH_ALEN);
	if (file)
		strlcpy(hdr->file, file, sizeof(hdr->file));
	hdr->magic = cpu_to_be32(DHCP_MAGIC_COOKIE);
	r->len = sizeof(*hdr);
	reply_option(r, DHCP_MESSAGE_TYPE, &type, sizeof(type));
}

/* The usual options of an address offer or ACK from SERVER. */
static void reply_lease_options(struct reply *r, uint32_t server)
{
	static const uint8_t lease[] = { 0, 0, 0x0e, 0x10 };

	reply_addr_option(r, DHCP_SERVER_ID, server);
	reply_addr_option(r, DHCP_NETMASK, FAKE_IP(255, 255, 255, 0));
	reply_addr_option(r, DHCP_ROUTERS, SERVER_IP);
	reply_addr_option(r, DHCP_DNS_SERVERS, FAKE_IP(10, 0, 0, 53));
	reply_option(r, DHCP_LEASE_TIME, lease, sizeof(lease));
	reply_option(r, DHCP_DOMAIN_NAME, "example.test", 12);
}

static void reply_end(struct reply *r)
{
	static const uint8_t end = DHCP_END;

	reply_add(r, &end, sizeof(end));
}

/* Deliver R from SRC:SPORT to DEST:DPORT on the server's device. */
static void server_send(struct fake_server *srv, const struct reply *r,
			uint32_t src, uint16_t sport, uint32_t dest,
			uint16_t dport)
{
	uint8_t frame[FRAME_MAX];
	size_t len;

	len = fake_udp_frame(frame, sizeof(frame), src, sport, dest, dport,
			     r->buf, r->len);
	fake_netdev_rx(srv->netdev, frame, len);
}

static void server_send_to_client(struct fake_server *srv,
				  const struct reply *r, uint32_t src,
				  uint32_t dest)
{
	server_send(srv, r, src, DHCP_SERVER_PORT, dest, DHCP_CLIENT_PORT);
}

/* Replies the client must ignore or drop, all for its transaction. */
static void server_send_hostile(struct fake_server *srv, uint32_t xid)
{
	static const uint8_t other_mac[] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t truncated[] = { DHCP_HOST_NAME, 40, 'x' };
	struct reply r;

	/* An option running past the end of the packet. */
	reply_start(&r, DHCPOFFER, xid, fake_mac, OFFERED_IP, 0, NULL);
	reply_add(&r, truncated, sizeof(truncated));
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
	/* Another transaction, and another client. */
	reply_start(&r, DHCPOFFER, xid + 1, fake_mac, OFFERED_IP, 0, NULL);
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
	reply_start(&r, DHCPOFFER, xid, other_mac, OFFERED_IP, 0, NULL);
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
	/* Shorter than a BOOTP header. */
	r.len = 100;
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
	/* An offer without a server identifier cannot be requested. */
	reply_start(&r, DHCPOFFER, xid, fake_mac, OFFERED_IP, 0, NULL);
	reply_end(&r);
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
	/* Nor can the broadcast address or a loopback one be leased. */
	reply_start(&r, DHCPOFFER, xid, fake_mac, INADDR_BROADCAST, 0, NULL);
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
	reply_start(&r, DHCPOFFER, xid, fake_mac, FAKE_IP(127, 0, 0, 1), 0,
		    "evil.0");
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	server_send_to_client(srv, &r, SERVER_IP, INADDR_BROADCAST);
}

static void server_send_proxy_offer(struct fake_server *srv, uint32_t xid)
{
	/* Discovery control, then a menu of one item of type 0x8000. */
	static const uint8_t pxe_vendor[] = {
		6, 1, 3, 9, 7, 0x80, 0x00, 4, 'b', 'o', 'o', 't', 255
	};
	struct reply r;

	reply_start(&r, DHCPOFFER, xid, fake_mac, 0, PROXY_IP,
		    srv->proxy_filename ? "proxy-offer.efi" : NULL);
	reply_addr_option(&r, DHCP_SERVER_ID, PROXY_IP);
	reply_option(&r, DHCP_VENDOR_CLASS, PXE_VENDOR_CLASS,
		     strlen(PXE_VENDOR_CLASS));
	reply_option(&r, DHCP_VENDOR_ENCAP, pxe_vendor, sizeof(pxe_vendor));
	reply_end(&r);
	server_send_to_client(srv, &r, PROXY_IP, INADDR_BROADCAST);
}

static void server_on_discover(struct fake_server *srv,
			       const struct dhcp_packet *pkt, uint32_t xid)
{
	struct reply r;

	if (srv->discovers++ == 0) {
		srv->discover_len = MIN(sizeof(srv->discover),
					pkt->options_len + sizeof(*pkt->hdr));
		memcpy(srv->discover, pkt->hdr, srv->discover_len);
		srv->discover_flags = be16_to_cpu(pkt->hdr->flags);
	}
	if (srv->hostile)
		server_send_hostile(srv, xid);
	if (srv->proxy)
		server_send_proxy_offer(srv, xid);
	/* Unicast to the offered address: the client has none yet. */
	reply_start(&r, DHCPOFFER, xid, fake_mac, OFFERED_IP, SERVER_IP,
		    srv->offer_filename ? "pxelinux.0" : NULL);
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	server_send_to_client(srv, &r, SERVER_IP, OFFERED_IP);
	if (srv->better_offer) {
		reply_start(&r, DHCPOFFER, xid, fake_mac, OTHER_OFFERED_IP,
			    OTHER_SERVER_IP, "better.0");
		reply_lease_options(&r, OTHER_SERVER_IP);
		reply_end(&r);
		server_send_to_client(srv, &r, OTHER_SERVER_IP,
				      INADDR_BROADCAST);
	}
}

static void server_on_request(struct fake_server *srv,
			      const struct dhcp_packet *pkt, uint32_t xid)
{
	bool other;
	struct reply r;

	srv->requests++;
	srv->requested_ip = 0;
	srv->requested_server = dhcp_packet_server_id(pkt);
	dhcp_packet_option(pkt, DHCP_REQUESTED_IP, &srv->requested_ip,
			   sizeof(srv->requested_ip));
	other = srv->requested_server == OTHER_SERVER_IP;
	if (srv->naks) {
		srv->naks--;
		reply_start(&r, DHCPNAK, xid, fake_mac, 0, 0, NULL);
		reply_addr_option(&r, DHCP_SERVER_ID, SERVER_IP);
		reply_end(&r);
	} else if (other) {
		reply_start(&r, DHCPACK, xid, fake_mac, OTHER_OFFERED_IP,
			    OTHER_SERVER_IP, "better.0");
		reply_lease_options(&r, OTHER_SERVER_IP);
		reply_end(&r);
	} else {
		reply_start(&r, DHCPACK, xid, fake_mac, OFFERED_IP, SERVER_IP,
			    srv->offer_filename ? "pxelinux.0" : NULL);
		reply_lease_options(&r, SERVER_IP);
		reply_end(&r);
	}
	server_send_to_client(srv, &r, other ? OTHER_SERVER_IP : SERVER_IP,
			      INADDR_BROADCAST);
}

static void server_on_proxy_request(struct fake_server *srv,
				    const struct dhcp_packet *pkt,
				    uint32_t xid, uint32_t src)
{
	struct reply r;

	srv->proxy_requests++;
	srv->proxy_ciaddr = pkt->hdr->ciaddr;
	srv->proxy_src = src;
	srv->proxy_vendor_len = dhcp_packet_option(pkt, DHCP_VENDOR_ENCAP,
						   srv->proxy_vendor,
						   sizeof(srv->proxy_vendor));
	reply_start(&r, DHCPACK, xid, fake_mac, 0, PROXY_IP, "proxy.efi");
	reply_addr_option(&r, DHCP_SERVER_ID, PROXY_IP);
	reply_option(&r, DHCP_VENDOR_CLASS, PXE_VENDOR_CLASS,
		     strlen(PXE_VENDOR_CLASS));
	reply_end(&r);
	server_send(srv, &r, PROXY_IP, PXE_PROXY_PORT, src, DHCP_CLIENT_PORT);
}

/* Answer an ARP request for any address, as the owner of it. */
static void server_on_arp(struct fake_server *srv, const uint8_t *frame,
			  size_t len)
{
	const struct arphdr *arp = (const struct arphdr *)(frame + ETH_HLEN);

	if (len < ETH_HLEN + sizeof(*arp) ||
	    ntohs(arp->op) != ARP_OP_REQUEST)
		return;
	srv->arp_requests++;
	fake_netdev_learn(srv->netdev, arp->tpa);
}

/* Look at one frame the client sent and answer it. */
static void server_on_frame(struct fake_server *srv, const uint8_t *frame,
			    size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	const struct iphdr *ip = (const struct iphdr *)(frame + ETH_HLEN);
	const struct udphdr *udp =
		(const struct udphdr *)(frame + ETH_HLEN + IPV4_HLEN);
	struct dhcp_packet pkt;
	uint32_t xid;
	int type;

	if (len >= ETH_HLEN && ntohs(eth->h_protocol) == ETH_P_ARP) {
		server_on_arp(srv, frame, len);
		return;
	}
	if (len < DHCP_OFFSET || ip->protocol != IP_PROTO_UDP ||
	    dhcp_packet_parse(&pkt, frame + DHCP_OFFSET,
			      len - DHCP_OFFSET) < 0)
		return;
	type = dhcp_packet_msgtype(&pkt);
	xid = be32_to_cpu(pkt.hdr->xid);
	if (srv->n_xids < MAX_XIDS)
		srv->xids[srv->n_xids++] = xid;
	if (ntohs(udp->dest) == PXE_PROXY_PORT && type == DHCPREQUEST)
		server_on_proxy_request(srv, &pkt, xid, ip->src);
	else if (type == DHCPDISCOVER)
		server_on_discover(srv, &pkt, xid);
	else if (type == DHCPREQUEST)
		server_on_request(srv, &pkt, xid);
}

static void server_step(struct process *process)
{
	struct fake_server *srv =
		container_of(process, struct fake_server, process);
	struct io_buffer *iob;

	while ((iob = fake_netdev_tx_pop(srv->netdev))) {
		server_on_frame(srv, iob->data, iob_len(iob));
		free_iob(iob);
	}
}

/* A fake device with a server process; output goes to the test console. */
static struct net_device *server_start(struct fake_server *srv)
{
	memset(srv, 0, sizeof(*srv));
	srv->netdev = fake_netdev_create();
	process_init(&srv->process, "fake-dhcp-server", server_step);
	process_add(&srv->process);
	test_console_start(NULL, 0, false);
	return srv->netdev;
}

static void server_stop(struct fake_server *srv)
{
	test_console_stop();
	process_del(&srv->process);
	fake_netdev_destroy(srv->netdev);
}

/* The formatted value of setting NAME, or "" if unset. */
static const char *setting_text(const char *name)
{
	static char buf[64];

	if (fetchf_setting(name, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	return buf;
}

UNIT_TEST(dhcp_exchange_configures_device)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	char name[64];
	uint64_t start;
	int rc;

	srv.offer_filename = true;
	start = time_now_ms();
	rc = dhcp(netdev);
	CHECK_INT(rc, 0);
	CHECK(time_now_ms() - start < FAST_PATH_MS);
	CHECK_INT(srv.discovers, 1);
	CHECK_INT(srv.requests, 1);
	CHECK_INT(srv.requested_ip, OFFERED_IP);
	CHECK_INT(srv.requested_server, SERVER_IP);
	/* REQUEST carries the DISCOVER's transaction id. */
	CHECK_INT(srv.n_xids, 2);
	CHECK_INT(srv.xids[0], srv.xids[1]);
	CHECK_INT(srv.proxy_requests, 0);
	snprintf(name, sizeof(name), "%s/ip", netdev->name);
	CHECK_STR(setting_text(name), "10.0.0.2");
	snprintf(name, sizeof(name), "%s.dhcp/netmask", netdev->name);
	CHECK_STR(setting_text(name), "255.255.255.0");
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	CHECK_STR(setting_text("gateway"), "10.0.0.1");
	CHECK_STR(setting_text("dns"), "10.0.0.53");
	CHECK_STR(setting_text("domain"), "example.test");
	CHECK_STR(setting_text("next-server"), "10.0.0.1");
	CHECK_STR(setting_text("filename"), "pxelinux.0");
	/* Option 51 has no name: it is stored under its number. */
	CHECK_STR(setting_text("51:uint32"), "3600");
	CHECK(strstr(test_console_output(),
		     "52:54:00:12:34:56... ok\n") != NULL);
	CHECK(strstr(test_console_output(),
		     ": 10.0.0.2/255.255.255.0 gw 10.0.0.1\n") != NULL);
	CHECK(strstr(test_console_output(), "Next server: 10.0.0.1\n"));
	CHECK(strstr(test_console_output(), "Filename: pxelinux.0\n"));
	/* The routes were updated: the server is reachable. */
	{
		uint32_t src;
		struct net_device *via;

		CHECK_INT(ipv4_route_lookup(SERVER_IP, &src, &via), 0);
		CHECK_INT(src, OFFERED_IP);
		CHECK(via == netdev);
	}
	server_stop(&srv);
	/* The device's blocks went with it. */
	CHECK_STR(setting_text("filename"), "");
}

UNIT_TEST(dhcp_discover_as_pxe_client)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	const struct dhcphdr *hdr = (const struct dhcphdr *)srv.discover;
	struct dhcp_packet pkt;
	uint8_t value[64];
	char class[40];
	int len;

	srv.offer_filename = true;
	CHECK_INT(dhcp(netdev), 0);
	CHECK(srv.discover_len > sizeof(*hdr));
	CHECK_INT(dhcp_packet_parse(&pkt, srv.discover, srv.discover_len), 0);
	CHECK_INT(hdr->op, BOOTP_REQUEST);
	CHECK_INT(hdr->ciaddr, 0);
	CHECK_INT(srv.discover_flags, 0);
	CHECK_MEM(hdr->chaddr, fake_mac, ETH_ALEN);
	CHECK_INT(dhcp_packet_msgtype(&pkt), DHCPDISCOVER);
	len = dhcp_packet_option(&pkt, DHCP_VENDOR_CLASS, value, sizeof(value));
	snprintf(class, sizeof(class), "PXEClient:Arch:%05u:UNDI:003016",
		 dhcp_client_architecture);
	CHECK_INT(len, strlen(class));
	CHECK_MEM(value, class, strlen(class));
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_CLIENT_ARCH, value,
				     sizeof(value)), 2);
	CHECK_INT(get_be16(value), dhcp_client_architecture);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_CLIENT_NDI, value,
				     sizeof(value)), 3);
	CHECK_MEM(value, "\x01\x03\x10", 3);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_USER_CLASS, value,
				     sizeof(value)), 4);
	CHECK_MEM(value, "iPXE", 4);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_MAX_MESSAGE_SIZE, value,
				     sizeof(value)), 2);
	CHECK_INT(get_be16(value), 1472);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_REQUESTED_IP, value,
				     sizeof(value)), -ENOENT);
	/* No UUID is known in the tests, so option 97 is left out. */
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_CLIENT_UUID, value,
				     sizeof(value)), -ENOENT);
	server_stop(&srv);
}

UNIT_TEST(dhcp_user_class_and_uuid_settings)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	struct dhcp_packet pkt;
	uint8_t value[64];

	srv.offer_filename = true;
	CHECK_INT(storef_setting("user-class", "nicboot-test"), 0);
	CHECK_INT(storef_setting("uuid",
				 "00112233-4455-6677-8899-aabbccddeeff"), 0);
	CHECK_INT(dhcp(netdev), 0);
	CHECK_INT(dhcp_packet_parse(&pkt, srv.discover, srv.discover_len), 0);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_USER_CLASS, value,
				     sizeof(value)), 12);
	CHECK_MEM(value, "nicboot-test", 12);
	CHECK_INT(dhcp_packet_option(&pkt, DHCP_CLIENT_UUID, value,
				     sizeof(value)), 17);
	CHECK_INT(value[0], 0);
	CHECK_INT(value[1], 0x00);
	CHECK_INT(value[16], 0xff);
	storef_setting("user-class", NULL);
	storef_setting("uuid", NULL);
	server_stop(&srv);
}

UNIT_TEST(dhcp_hostile_replies_ignored)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	unsigned long dropped = netdev->stats.rx_dropped;

	srv.offer_filename = true;
	srv.hostile = true;
	CHECK_INT(dhcp(netdev), 0);
	CHECK_INT(srv.requests, 1);
	CHECK_INT(srv.requested_ip, OFFERED_IP);
	/* The truncated, short, server-less and bad-address offers counted. */
	CHECK_INT(netdev->stats.rx_dropped - dropped, 5);
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	server_stop(&srv);
}

UNIT_TEST(dhcp_nak_restarts)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);

	srv.offer_filename = true;
	srv.naks = 1;
	CHECK_INT(dhcp(netdev), 0);
	CHECK_INT(srv.discovers, 2);
	CHECK_INT(srv.requests, 2);
	/* DISCOVER, REQUEST (NAKed), then a new transaction. */
	CHECK_INT(srv.n_xids, 4);
	CHECK(srv.xids[2] != srv.xids[0]);
	CHECK_INT(srv.xids[3], srv.xids[2]);
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	server_stop(&srv);
}

UNIT_TEST(dhcp_prefers_offer_with_filename)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	uint64_t start = time_now_ms();

	srv.better_offer = true;
	CHECK_INT(dhcp(netdev), 0);
	/* The better offer came during the wait and ended it at once. */
	CHECK(time_now_ms() - start < FAST_PATH_MS);
	CHECK_INT(srv.requests, 1);
	CHECK_INT(srv.requested_server, OTHER_SERVER_IP);
	CHECK_INT(srv.requested_ip, OTHER_OFFERED_IP);
	CHECK_STR(setting_text("ip"), "10.0.0.50");
	CHECK_STR(setting_text("filename"), "better.0");
	server_stop(&srv);
}

UNIT_TEST(dhcp_waits_for_boot_information)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	uint64_t start = time_now_ms();
	uint64_t elapsed;

	CHECK_INT(dhcp(netdev), 0);
	/* No filename and no ProxyDHCP: the client gave others a chance. */
	elapsed = time_now_ms() - start;
	CHECK(elapsed >= 900);
	CHECK(elapsed < 3000);
	CHECK_INT(srv.requests, 1);
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	CHECK_STR(setting_text("filename"), "");
	server_stop(&srv);
}

UNIT_TEST(dhcp_proxy_offer_merged)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	char name[64];

	srv.offer_filename = true;
	srv.proxy = true;
	srv.proxy_filename = true;
	CHECK_INT(dhcp(netdev), 0);
	/* The proxy offer named a file: no request to port 4011. */
	CHECK_INT(srv.proxy_requests, 0);
	CHECK_STR(setting_text("filename"), "proxy-offer.efi");
	CHECK_STR(setting_text("next-server"), "10.0.0.9");
	snprintf(name, sizeof(name), "%s.dhcp/filename", netdev->name);
	CHECK_STR(setting_text(name), "pxelinux.0");
	snprintf(name, sizeof(name), "%s.proxydhcp/43:hex", netdev->name);
	CHECK_STR(setting_text(name),
		  "06:01:03:09:07:80:00:04:62:6f:6f:74:ff");
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	CHECK(strstr(test_console_output(), "Filename: proxy-offer.efi\n"));
	server_stop(&srv);
}

/* The messages behind the blocks, as received, for PXE's cached packets. */
UNIT_TEST(dhcp_cached_packets_kept)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	struct dhcp_packet pkt;
	const void *data;
	size_t len;

	CHECK_INT(dhcp_cached_packet(netdev, false, &data, &len), -ENOENT);
	srv.offer_filename = true;
	srv.proxy = true;
	srv.proxy_filename = true;
	CHECK_INT(dhcp(netdev), 0);
	CHECK_INT(dhcp_cached_packet(netdev, false, &data, &len), 0);
	CHECK_INT(dhcp_packet_parse(&pkt, data, len), 0);
	CHECK_INT(dhcp_packet_msgtype(&pkt), DHCPACK);
	CHECK_INT(pkt.hdr->yiaddr, OFFERED_IP);
	CHECK_INT(dhcp_cached_packet(netdev, true, &data, &len), 0);
	CHECK_INT(dhcp_packet_parse(&pkt, data, len), 0);
	CHECK(dhcp_packet_is_pxe(&pkt));
	CHECK(dhcp_packet_has_filename(&pkt));
	server_stop(&srv);
}

UNIT_TEST(dhcp_proxy_request_on_port_4011)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);
	char name[64];
	uint64_t start = time_now_ms();

	srv.proxy = true;
	CHECK_INT(dhcp(netdev), 0);
	/* The proxy offer was the boot information: no wait. */
	CHECK(time_now_ms() - start < FAST_PATH_MS);
	CHECK_INT(srv.requests, 1);
	CHECK_INT(srv.proxy_requests, 1);
	CHECK_INT(srv.proxy_ciaddr, OFFERED_IP);
	CHECK_INT(srv.proxy_src, OFFERED_IP);
	/* It asked for the first item of the boot menu, layer 0. */
	CHECK_INT(srv.proxy_vendor_len, 7);
	CHECK_MEM(srv.proxy_vendor, "\x47\x04\x80\x00\x00\x00\xff", 7);
	CHECK(srv.arp_requests >= 1);
	CHECK_STR(setting_text("filename"), "proxy.efi");
	snprintf(name, sizeof(name), "%s.proxydhcp/filename", netdev->name);
	CHECK_STR(setting_text(name), "proxy.efi");
	snprintf(name, sizeof(name), "%s/ip", netdev->name);
	CHECK_STR(setting_text(name), "10.0.0.2");
	server_stop(&srv);
}

UNIT_TEST(dhcp_cancelled_by_ctrl_c)
{
	struct fake_server srv;
	struct net_device *netdev;

	memset(&srv, 0, sizeof(srv));
	srv.netdev = netdev = fake_netdev_create();
	test_console_start(TEST_INPUT("\x03"), false);
	CHECK_INT(dhcp(netdev), -ECANCELED);
	/* The DISCOVER went out before the key was seen. */
	CHECK(fake_netdev_tx_count(netdev) >= 1);
	CHECK_STR(setting_text("ip"), "");
	test_console_stop();
	fake_netdev_destroy(netdev);
}

UNIT_TEST(dhcp_closed_device_refused)
{
	struct net_device *netdev = fake_netdev_create();

	netdev_close(netdev);
	test_console_start(NULL, 0, false);
	CHECK_INT(dhcp(netdev), -ENETDOWN);
	CHECK(strstr(test_console_output(), "device is closed") != NULL);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	test_console_stop();
	fake_netdev_destroy(netdev);
}

/* Bring the link up from inside the wait, once. */
static void link_up_step(struct process *process)
{
	struct fake_server *srv =
		container_of(process, struct fake_server, process);

	netdev_link_up(srv->netdev);
	process->step = server_step;
}

UNIT_TEST(dhcp_waits_for_link)
{
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);

	srv.offer_filename = true;
	netdev_link_down(netdev);
	srv.process.step = link_up_step;
	CHECK_INT(dhcp(netdev), 0);
	CHECK(netdev->link_up);
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	server_stop(&srv);
}

UNIT_TEST(dhcp_command)
{
	char *missing[] = { "dhcp", "net99", NULL };
	char *named[] = { "dhcp", NULL, NULL };
	char *all[] = { "dhcp", NULL };
	struct fake_server srv;
	struct net_device *netdev = server_start(&srv);

	srv.offer_filename = true;
	CHECK_INT(execv(missing), -ENODEV);
	CHECK(strstr(test_console_output(), "no such device: net99") != NULL);
	named[1] = netdev->name;
	CHECK_INT(execv(named), 0);
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	netdev_close(netdev);
	CHECK_INT(execv(all), 0);
	CHECK(netdev->is_open);
	CHECK_INT(srv.discovers, 2);
	server_stop(&srv);
}

UNIT_TEST(dhcp_apply_cached_ack)
{
	static const uint8_t other_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 1 };
	struct net_device *netdev = fake_netdev_create();
	struct reply r;
	uint32_t src;
	struct net_device *via;
	const void *data;
	size_t len;

	/* A reply to another card, and one without an address: refused. */
	reply_start(&r, DHCPACK, 1, other_mac, OFFERED_IP, SERVER_IP, "nbp.0");
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	CHECK_INT(dhcp_apply_cached(netdev, r.buf, r.len), -EINVAL);
	reply_start(&r, DHCPACK, 1, netdev->ll_addr, 0, SERVER_IP, "nbp.0");
	reply_end(&r);
	CHECK_INT(dhcp_apply_cached(netdev, r.buf, r.len), -EINVAL);
	CHECK_INT(dhcp_apply_cached(netdev, r.buf, 10), -EINVAL);
	CHECK_STR(setting_text("ip"), "");
	/* A PXE ROM's ACK configures the device as dhcp() would. */
	reply_start(&r, DHCPACK, 1, netdev->ll_addr, OFFERED_IP, SERVER_IP,
		    "undionly.kpxe");
	reply_lease_options(&r, SERVER_IP);
	reply_end(&r);
	CHECK_INT(dhcp_apply_cached(netdev, r.buf, r.len), 0);
	CHECK_INT(dhcp_cached_packet(netdev, false, &data, &len), 0);
	CHECK_INT(len, r.len);
	CHECK(memcmp(data, r.buf, r.len) == 0);
	CHECK_INT(dhcp_cached_packet(netdev, true, &data, &len), -ENOENT);
	CHECK_STR(setting_text("ip"), "10.0.0.2");
	CHECK_STR(setting_text("gateway"), "10.0.0.1");
	CHECK_STR(setting_text("filename"), "undionly.kpxe");
	CHECK_INT(ipv4_route_lookup(SERVER_IP, &src, &via), 0);
	CHECK_INT(src, OFFERED_IP);
	CHECK(via == netdev);
	fake_netdev_destroy(netdev);
	CHECK_STR(setting_text("filename"), "");
}
