/* SPDX-License-Identifier: MIT */
/* DHCP messages: building client messages, checking and reading replies. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/compiler.h>
#include <core/settings.h>
#include <net/dhcp_options.h>
#include <net/inet.h>
#include <net/netdevice.h>

/* PXE 2.1 network interface: UNDI version 3.16 (options 60 and 94). */
#define PXE_NDI_TYPE_UNDI 1
#define PXE_UNDI_MAJOR 3
#define PXE_UNDI_MINOR 16
/* Option 60 of a PXE client: "PXEClient:Arch:00000:UNDI:003016". */
#define PXE_CLIENT_CLASS_FMT "PXEClient:Arch:%05u:UNDI:%03u%03u"
#define PXE_CLIENT_CLASS_MAX 40
/* Option 61: hardware type, then the MAC address. */
#define DHCP_CLIENT_ID_LEN (1 + ETH_ALEN)
/* Option 97: type 0 (a UUID follows), then the 16 bytes. */
#define DHCP_UUID_TYPE 0
#define DHCP_CLIENT_UUID_LEN (1 + DHCP_UUID_LEN)
/* PXE options inside option 43: the boot menu and the item asked for. */
#define PXE_BOOT_MENU 9
#define PXE_BOOT_ITEM 71
/* A menu entry: type (2 bytes), description length (1), description. */
#define PXE_MENU_ENTRY_MIN 3
/* The layer of the boot item asked for: the first one. */
#define PXE_BOOT_LAYER 0
/* Longest option 43 looked into for a boot menu. */
#define PXE_VENDOR_MAX 512
/* Longest dotted quad, with its NUL. */
#define DOTTED_QUAD_MAX 16
/* Decimal digits of a tag (up to 255) and a NUL: ad-hoc setting names. */
#define TAG_NAME_MAX 4
#define DHCP_TAGS 256
#define BITS_PER_BYTE 8

/* What the client asks servers for (option 55). */
static const uint8_t dhcp_request_list[] = {
	DHCP_NETMASK, DHCP_ROUTERS, DHCP_DNS_SERVERS, DHCP_HOST_NAME,
	DHCP_DOMAIN_NAME, DHCP_ROOT_PATH, DHCP_MTU, DHCP_BROADCAST_ADDR,
	DHCP_VENDOR_ENCAP, DHCP_LEASE_TIME, DHCP_SERVER_ID, DHCP_VENDOR_CLASS,
	DHCP_TFTP_SERVER_NAME, DHCP_BOOTFILE_NAME, DHCP_CLIENT_UUID,
	DHCP_DOMAIN_SEARCH,
	/* PXE vendor-specific options (RFC 4578). */
	128, 129, 130, 131, 132, 133, 134, 135,
	/* iPXE's (175, 203), PXELINUX config file and path prefix (RFC 5071). */
	175, 203, 209, 210,
};

/* Called for each option instance found in a message. */
typedef void (*dhcp_option_fn)(unsigned int tag, const uint8_t *data,
			       size_t len, void *ctx);

/* The first PXE boot menu entry found in option 43. */
struct pxe_menu_search {
	bool found;
	uint16_t type;
};

/* A cursor that writes a message and notes when it runs out of room. */
struct dhcp_writer {
	uint8_t *buf;
	size_t len;
	size_t pos;
	bool overflow;
};

/* Collects the instances of one option into a buffer (RFC 3396). */
struct dhcp_gather {
	unsigned int tag;
	uint8_t *buf;
	size_t len;
	size_t total;
	bool found;
};

static void put_bytes(struct dhcp_writer *w, const void *data, size_t len)
{
	if (w->overflow || w->len - w->pos < len) {
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->pos, data, len);
	w->pos += len;
}

static void put_byte(struct dhcp_writer *w, uint8_t byte)
{
	put_bytes(w, &byte, sizeof(byte));
}

/* Write option TAG, split into several instances if over 255 bytes. */
static void put_option(struct dhcp_writer *w, uint8_t tag, const void *data,
		       size_t len)
{
	const uint8_t *bytes = data;
	size_t chunk;

	do {
		chunk = MIN(len, (size_t)DHCP_OPTION_MAX_LEN);
		put_byte(w, tag);
		put_byte(w, (uint8_t)chunk);
		put_bytes(w, bytes, chunk);
		bytes += chunk;
		len -= chunk;
	} while (len);
}

static void put_u8_option(struct dhcp_writer *w, uint8_t tag, uint8_t value)
{
	put_option(w, tag, &value, sizeof(value));
}

static void put_u16_option(struct dhcp_writer *w, uint8_t tag,
			   uint16_t value)
{
	uint8_t raw[sizeof(value)];

	put_be16(raw, value);
	put_option(w, tag, raw, sizeof(raw));
}

/* Write an address option (network order) unless ADDR is 0. */
static void put_ipv4_option(struct dhcp_writer *w, uint8_t tag, uint32_t addr)
{
	if (addr)
		put_option(w, tag, &addr, sizeof(addr));
}

static void put_header(struct dhcp_writer *w,
		       const struct dhcp_client_info *client,
		       const struct dhcp_msg_params *params)
{
	struct dhcphdr hdr;

	memset(&hdr, 0, sizeof(hdr));
	hdr.op = BOOTP_REQUEST;
	hdr.htype = DHCP_HTYPE_ETHER;
	hdr.hlen = ETH_ALEN;
	hdr.xid = cpu_to_be32(params->xid);
	hdr.secs = cpu_to_be16(params->secs);
	if (params->broadcast)
		hdr.flags = cpu_to_be16(DHCP_FLAG_BROADCAST);
	hdr.ciaddr = params->ciaddr;
	memcpy(hdr.chaddr, client->mac, ETH_ALEN);
	hdr.magic = cpu_to_be32(DHCP_MAGIC_COOKIE);
	put_bytes(w, &hdr, sizeof(hdr));
}

/* Options 61, 93, 94, 97 and 60: who we are, as a PXE client. */
static void put_identity(struct dhcp_writer *w,
			 const struct dhcp_client_info *client)
{
	static const uint8_t ndi[] = {
		PXE_NDI_TYPE_UNDI, PXE_UNDI_MAJOR, PXE_UNDI_MINOR
	};
	uint8_t client_id[DHCP_CLIENT_ID_LEN];
	uint8_t uuid[DHCP_CLIENT_UUID_LEN];
	char class[PXE_CLIENT_CLASS_MAX];
	int len;

	client_id[0] = DHCP_HTYPE_ETHER;
	memcpy(&client_id[1], client->mac, ETH_ALEN);
	put_option(w, DHCP_CLIENT_ID, client_id, sizeof(client_id));
	put_u16_option(w, DHCP_CLIENT_ARCH, client->arch);
	put_option(w, DHCP_CLIENT_NDI, ndi, sizeof(ndi));
	if (client->uuid) {
		uuid[0] = DHCP_UUID_TYPE;
		memcpy(&uuid[1], client->uuid, DHCP_UUID_LEN);
		put_option(w, DHCP_CLIENT_UUID, uuid, sizeof(uuid));
	}
	len = scnprintf(class, sizeof(class), PXE_CLIENT_CLASS_FMT,
			client->arch, PXE_UNDI_MAJOR, PXE_UNDI_MINOR);
	put_option(w, DHCP_VENDOR_CLASS, class, (size_t)len);
}

/* Option 43 asking a PXE boot server for layer 0 of boot server TYPE. */
static void put_boot_item(struct dhcp_writer *w, uint16_t type)
{
	uint8_t vendor[] = {
		PXE_BOOT_ITEM, 2 * sizeof(uint16_t), 0, 0, 0, 0, DHCP_END
	};

	put_be16(&vendor[2], type);
	put_be16(&vendor[4], PXE_BOOT_LAYER);
	put_option(w, DHCP_VENDOR_ENCAP, vendor, sizeof(vendor));
}

int dhcp_build_message(void *buf, size_t len,
		       const struct dhcp_client_info *client,
		       const struct dhcp_msg_params *params)
{
	struct dhcp_writer w = { .buf = buf, .len = len };

	put_header(&w, client, params);
	put_u8_option(&w, DHCP_MESSAGE_TYPE, params->type);
	put_u16_option(&w, DHCP_MAX_MESSAGE_SIZE, client->max_msg_size);
	put_identity(&w, client);
	if (client->user_class)
		put_option(&w, DHCP_USER_CLASS, client->user_class,
			   strnlen(client->user_class, DHCP_USER_CLASS_MAX));
	put_option(&w, DHCP_PARAM_REQUEST, dhcp_request_list,
		   sizeof(dhcp_request_list));
	put_ipv4_option(&w, DHCP_REQUESTED_IP, params->requested_ip);
	put_ipv4_option(&w, DHCP_SERVER_ID, params->server_id);
	if (params->pxe_boot_item)
		put_boot_item(&w, params->pxe_boot_type);
	put_byte(&w, DHCP_END);
	return w.overflow ? -ENOSPC : (int)w.pos;
}

/*
 * Call FN for each option in the LEN bytes of AREA, up to END or the end
 * of the area. Returns -EBADMSG if an option's length byte or value does
 * not fit in the area.
 */
static int walk_area(const uint8_t *area, size_t len, dhcp_option_fn fn,
		     void *ctx)
{
	size_t pos = 0;
	unsigned int tag;
	size_t optlen;

	while (pos < len) {
		tag = area[pos++];
		if (tag == DHCP_PAD)
			continue;
		if (tag == DHCP_END)
			return 0;
		if (pos == len)
			return -EBADMSG;
		optlen = area[pos++];
		if (optlen > len - pos)
			return -EBADMSG;
		fn(tag, &area[pos], optlen, ctx);
		pos += optlen;
	}
	return 0;
}

/* Walk every area of PKT in the order of RFC 3396. */
static int walk_packet(const struct dhcp_packet *pkt, dhcp_option_fn fn,
		       void *ctx)
{
	const struct dhcphdr *hdr = pkt->hdr;
	int rc;

	rc = walk_area(pkt->options, pkt->options_len, fn, ctx);
	if (rc == 0 && (pkt->overload & DHCP_OVERLOAD_FILE))
		rc = walk_area((const uint8_t *)hdr->file, DHCP_FILE_LEN, fn,
			       ctx);
	if (rc == 0 && (pkt->overload & DHCP_OVERLOAD_SNAME))
		rc = walk_area((const uint8_t *)hdr->sname, DHCP_SNAME_LEN,
			       fn, ctx);
	return rc;
}

static void gather_option(unsigned int tag, const uint8_t *data, size_t len,
			  void *ctx)
{
	struct dhcp_gather *g = ctx;

	if (tag != g->tag)
		return;
	if (g->total < g->len)
		memcpy(g->buf + g->total, data, MIN(len, g->len - g->total));
	g->total += len;
	g->found = true;
}

static void ignore_option(unsigned int tag, const uint8_t *data, size_t len,
			  void *ctx)
{
}

/* Option 52 as found in the options area alone; -EBADMSG if invalid. */
static int find_overload(const struct dhcp_packet *pkt)
{
	uint8_t value;
	struct dhcp_gather g = {
		.tag = DHCP_OVERLOAD, .buf = &value, .len = sizeof(value)
	};
	int rc;

	rc = walk_area(pkt->options, pkt->options_len, gather_option, &g);
	if (rc < 0)
		return rc;
	if (!g.found)
		return 0;
	if (g.total != sizeof(value) || value < DHCP_OVERLOAD_FILE ||
	    value > DHCP_OVERLOAD_BOTH)
		return -EBADMSG;
	return value;
}

int dhcp_packet_parse(struct dhcp_packet *pkt, const void *data, size_t len)
{
	const struct dhcphdr *hdr = data;
	int overload;

	if (len < sizeof(*hdr) ||
	    be32_to_cpu(hdr->magic) != DHCP_MAGIC_COOKIE)
		return -EBADMSG;
	pkt->hdr = hdr;
	pkt->options = (const uint8_t *)data + sizeof(*hdr);
	pkt->options_len = len - sizeof(*hdr);
	pkt->overload = 0;
	overload = find_overload(pkt);
	if (overload < 0)
		return overload;
	pkt->overload = (uint8_t)overload;
	return walk_packet(pkt, ignore_option, NULL);
}

/* The file or sname field standing in for option TAG, or NULL. */
static const char *field_for_option(const struct dhcp_packet *pkt,
				    unsigned int tag, size_t *len)
{
	const struct dhcphdr *hdr = pkt->hdr;

	if (tag == DHCP_BOOTFILE_NAME &&
	    !(pkt->overload & DHCP_OVERLOAD_FILE)) {
		*len = strnlen(hdr->file, DHCP_FILE_LEN);
		return *len ? hdr->file : NULL;
	}
	if (tag == DHCP_TFTP_SERVER_NAME &&
	    !(pkt->overload & DHCP_OVERLOAD_SNAME)) {
		*len = strnlen(hdr->sname, DHCP_SNAME_LEN);
		return *len ? hdr->sname : NULL;
	}
	return NULL;
}

int dhcp_packet_option(const struct dhcp_packet *pkt, unsigned int tag,
		       void *buf, size_t len)
{
	struct dhcp_gather g = { .tag = tag, .buf = buf, .len = len };
	const char *field;
	size_t field_len;

	/* The walk cannot fail: dhcp_packet_parse() checked every area. */
	walk_packet(pkt, gather_option, &g);
	if (g.found)
		return (int)g.total;
	field = field_for_option(pkt, tag, &field_len);
	if (!field)
		return -ENOENT;
	if (len)
		memcpy(buf, field, MIN(len, field_len));
	return (int)field_len;
}

int dhcp_packet_msgtype(const struct dhcp_packet *pkt)
{
	uint8_t type;

	if (dhcp_packet_option(pkt, DHCP_MESSAGE_TYPE, &type,
			       sizeof(type)) != sizeof(type))
		return -EBADMSG;
	return type;
}

uint32_t dhcp_packet_server_id(const struct dhcp_packet *pkt)
{
	uint32_t addr;

	if (dhcp_packet_option(pkt, DHCP_SERVER_ID, &addr,
			       sizeof(addr)) != sizeof(addr))
		return 0;
	return addr;
}

bool dhcp_packet_is_pxe(const struct dhcp_packet *pkt)
{
	char class[sizeof(PXE_VENDOR_CLASS) - 1];
	int len;

	len = dhcp_packet_option(pkt, DHCP_VENDOR_CLASS, class,
				 sizeof(class));
	return len >= (int)sizeof(class) &&
	       memcmp(class, PXE_VENDOR_CLASS, sizeof(class)) == 0;
}

bool dhcp_packet_has_filename(const struct dhcp_packet *pkt)
{
	char first;

	return dhcp_packet_option(pkt, DHCP_BOOTFILE_NAME, &first, 1) > 0 &&
	       first != '\0';
}

static void find_boot_menu(unsigned int tag, const uint8_t *data,
			   size_t len, void *ctx)
{
	struct pxe_menu_search *search = ctx;

	if (tag != PXE_BOOT_MENU || search->found || len < PXE_MENU_ENTRY_MIN)
		return;
	search->type = get_be16(data);
	search->found = true;
}

int dhcp_packet_pxe_boot_type(const struct dhcp_packet *pkt)
{
	uint8_t vendor[PXE_VENDOR_MAX];
	struct pxe_menu_search search = { .found = false };
	int len;

	len = dhcp_packet_option(pkt, DHCP_VENDOR_ENCAP, vendor,
				 sizeof(vendor));
	if (len < 0)
		return -ENOENT;
	/* A malformed rest does not hide a menu found before it. */
	walk_area(vendor, MIN((size_t)len, sizeof(vendor)), find_boot_menu,
		  &search);
	return search.found ? search.type : -ENOENT;
}

static void mark_present(unsigned int tag, const uint8_t *data, size_t len,
			 void *ctx)
{
	uint8_t *present = ctx;

	present[tag / BITS_PER_BYTE] |= 1U << (tag % BITS_PER_BYTE);
}

static bool is_present(const uint8_t *present, unsigned int tag)
{
	return present[tag / BITS_PER_BYTE] & (1U << (tag % BITS_PER_BYTE));
}

/* Store the value of option TAG under its known setting or its number. */
static int store_option(struct settings *settings, unsigned int tag,
			const void *raw, size_t len)
{
	const struct setting *known = find_setting_by_tag(tag);
	char name[TAG_NAME_MAX];
	struct setting adhoc = {
		.name = name, .description = "DHCP option",
		.type = &setting_type_hex, .tag = tag,
	};

	if (known)
		return store_setting(settings, known, raw, len);
	snprintf(name, sizeof(name), "%u", tag);
	return store_setting(settings, &adhoc, raw, len);
}

/* Store every option present, each concatenated, using SCRATCH (LEN bytes). */
static int store_options(const struct dhcp_packet *pkt,
			 struct settings *settings, uint8_t *scratch,
			 size_t len)
{
	uint8_t present[DHCP_TAGS / BITS_PER_BYTE] = { 0 };
	size_t field_len;
	unsigned int tag;
	int value_len, rc;

	walk_packet(pkt, mark_present, present);
	for (tag = DHCP_PAD + 1; tag < DHCP_END; tag++) {
		if (!is_present(present, tag) &&
		    !field_for_option(pkt, tag, &field_len))
			continue;
		value_len = dhcp_packet_option(pkt, tag, scratch, len);
		rc = store_option(settings, tag, scratch, (size_t)value_len);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The next server: siaddr, or else option 66 if it is a dotted quad. */
static uint32_t next_server(const struct dhcp_packet *pkt)
{
	char text[DOTTED_QUAD_MAX];
	uint32_t addr;
	int len;

	if (pkt->hdr->siaddr)
		return pkt->hdr->siaddr;
	len = dhcp_packet_option(pkt, DHCP_TFTP_SERVER_NAME, text,
				 sizeof(text) - 1);
	if (len < 0 || len >= (int)sizeof(text))
		return 0;
	text[len] = '\0';
	return inet_aton(text, &addr) ? addr : 0;
}

int dhcp_store_packet(const struct dhcp_packet *pkt,
		      struct settings *settings)
{
	size_t scratch_len = pkt->options_len + DHCP_FILE_LEN + DHCP_SNAME_LEN;
	uint32_t yiaddr = pkt->hdr->yiaddr;
	uint32_t server;
	uint8_t *scratch;
	int rc;

	scratch = malloc(scratch_len);
	if (!scratch)
		return -ENOMEM;
	rc = store_options(pkt, settings, scratch, scratch_len);
	free(scratch);
	if (rc == 0 && yiaddr)
		rc = store_setting(settings, &ip_setting, &yiaddr,
				   sizeof(yiaddr));
	server = next_server(pkt);
	if (rc == 0 && server)
		rc = store_setting(settings, &next_server_setting, &server,
				   sizeof(server));
	return rc;
}
