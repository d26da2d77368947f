/* SPDX-License-Identifier: MIT */
/*
 * Tests of the TFTP client, through download() and through the raw calls
 * of net/tftp.h, against a scripted server.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/download.h>
#include <core/image.h>
#include <core/process.h>
#include <core/settings.h>
#include <core/time.h>
#include <net/ethernet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tftp.h>
#include <net/udp.h>
#include "fake_netdev.h"
#include "test.h"
#include "test_console.h"

#define CLIENT_IP FAKE_IP(10, 0, 0, 2)
#define SERVER_IP FAKE_IP(10, 0, 0, 1)
#define NETMASK FAKE_IP(255, 255, 255, 0)

/* The server answers its Nth request from port SERVER_TID + N - 1. */
#define SERVER_TID 40000
/* Where a stranger to the transfer sends from. */
#define STRANGER_PORT 41000

#define OP_RRQ 1
#define OP_DATA 3
#define OP_ACK 4
#define OP_ERROR 5
#define OP_OACK 6
#define ERR_NOT_FOUND 1
#define ERR_OPTIONS 8
#define OPCODE_LEN 2
#define TFTP_HLEN 4
/* An RRQ without options holds two strings: the file name and the mode. */
#define RRQ_PLAIN_STRINGS 2

#define DEFAULT_BLKSIZE 512
/* 1500 (Ethernet MTU) - 20 (IPv4) - 8 (UDP) - 4 (TFTP header). */
#define MTU_BLKSIZE 1468
#define CLIENT_WINDOWSIZE 64
/* The client's floor for an RTT-based timeout, and its first RRQ timeout. */
#define CLIENT_MIN_TIMEOUT_MS 20
#define CLIENT_RRQ_TIMEOUT_MS 1000

/* What a stranger's copy of a block holds. */
#define STRANGER_FILL 0xee
/* Spreads file offsets over bytes without a short period (2^32 / phi). */
#define PATTERN_MULTIPLIER 2654435761U
#define PATTERN_SHIFT 24

/* Room for a window of 64 blocks and a stranger's packet. */
#define OUTBOX_MAX 128
#define ACK_LOG_MAX 2048
#define COPY_MAX 128
#define PACKET_MAX 1600
#define FRAME_MAX 1700
#define VALUE_MAX 24
#define UDP_PAYLOAD_OFFSET (ETH_HLEN + IPV4_HLEN + UDP_HLEN)

/* What an ACK answered: a block, 0 for the OACK, or nothing (its timer). */
#define CAUSE_OACK 0L
#define CAUSE_TIMER (-1L)

/* Block size 8 and a window of 64: more than 65535 blocks in 512 KiB. */
#define ROLLOVER_BLKSIZE 8
#define ROLLOVER_BLOCKS 65537U

/* The RRQ for tftp://10.0.0.1/boot/nbp.efi with every option asked for. */
static const char rrq_with_options[] = "\0\1" "boot/nbp.efi\0" "octet\0"
	"blksize\0" "1468\0" "tsize\0" "0\0" "windowsize\0" "64\0";
/* The same with tftp-windowsize 8, and with 1 (lockstep: no windowsize). */
static const char rrq_window_8[] = "\0\1" "boot/nbp.efi\0" "octet\0"
	"blksize\0" "1468\0" "tsize\0" "0\0" "windowsize\0" "8\0";
static const char rrq_lockstep[] = "\0\1" "boot/nbp.efi\0" "octet\0"
	"blksize\0" "1468\0" "tsize\0" "0\0";
/* The second RRQ after the server refused options. */
static const char rrq_plain[] = "\0\1" "plain.bin\0" "octet\0";
/* What the client tells a stranger. */
static const char unknown_tid_error[] = "\0\5" "\0\5" "Unknown transfer ID\0";
/* A file name with the bytes a URI would take apart: '?', '#', '%', ' '. */
#define RAW_NAME "dir/a?b#c%41 d"
/* Its RRQ: the name exactly as given. */
static const char rrq_raw_name[] = "\0\1" RAW_NAME "\0" "octet\0"
	"blksize\0" "1468\0" "tsize\0" "0\0" "windowsize\0" "64\0";
/* How a size query refuses the transfer once it has the size (error 8). */
static const char size_only_error[] = "\0\5" "\0\10"
	"Only the size was wanted\0";
/* A size no test heap holds: a size query must not make room for it. */
#define HUGE_FILE_LEN ((size_t)3 << 30)

enum out_kind { OUT_OACK, OUT_DATA, OUT_STRANGER, OUT_ERROR };

/* A packet the server will send from its process. */
struct out_packet {
	enum out_kind kind;
	uint32_t block;		/* DATA: absolute block number */
	uint16_t code;		/* ERROR: code and message */
	const char *msg;
};

struct ack_record {
	uint16_t block;		/* as on the wire */
	long cause;		/* what the server was delivering when it came */
};

struct packet_copy {
	uint8_t data[COPY_MAX];
	size_t len;
};

/* A UDP datagram the client sent, found in a captured frame. */
struct sent_packet {
	uint16_t sport;
	uint16_t dport;
	const uint8_t *data;
	size_t len;
};

/* What the scripted server does and what it saw. */
struct tftp_server {
	struct process process;
	struct net_device *netdev;
	/* The script. */
	size_t file_len;
	bool ignore_options;	/* answer an RRQ with DATA 1, never an OACK */
	bool refuse_options;	/* answer an RRQ with options with ERROR 8 */
	uint16_t error_code;	/* answer every RRQ with this error (0: none) */
	const char *error_msg;
	unsigned int oack_blksize;	/* in the OACK (0: left out) */
	unsigned int oack_windowsize;	/* in the OACK (0: left out) */
	bool oack_tsize;	/* the OACK gives the file's size */
	uint32_t skip_block;	/* left out of its first window (0: none) */
	uint32_t drop_ack;	/* its first ACK is lost (0: none, not ACK 0) */
	uint32_t stranger_block;	/* a stranger sends it first (0: none) */
	bool oversize;		/* DATA 1 is one byte longer than a block */
	bool deaf_mid_window;	/* ignore ACKs until the window is all sent */
	/* The transfer. */
	uint16_t client_port;
	uint16_t tid;
	size_t blksize;
	unsigned int windowsize;
	uint32_t sent_max;	/* the highest block sent */
	long delivering;	/* the cause an ACK sent now would have */
	bool skipped, dropped, stranger_sent;
	struct out_packet out[OUTBOX_MAX];
	unsigned int out_head, out_count;
	/* What it saw. */
	unsigned int rrqs;
	struct packet_copy first_rrq, last_rrq;
	unsigned int n_acks;
	struct ack_record acks[ACK_LOG_MAX];
	unsigned int rejections;	/* packets the client sent the stranger */
	struct packet_copy rejection;
	unsigned int client_errors;	/* ERRORs the client sent the server */
	struct packet_copy client_error;
	unsigned int unexpected;	/* anything else the client sent */
};

/* Check that COPY holds exactly the bytes of the string literal LIT. */
#define CHECK_PACKET(copy, lit)                                        \
	do {                                                           \
		CHECK_INT((copy).len, sizeof(lit) - 1);                \
		CHECK_MEM((copy).data, lit, sizeof(lit) - 1);          \
	} while (0)

/* Byte OFFSET of the file the server serves. */
static uint8_t file_byte(size_t offset)
{
	return (uint8_t)(((uint32_t)offset * PATTERN_MULTIPLIER) >>
			 PATTERN_SHIFT);
}

/* The number of the file's last block: the first one shorter than a block. */
static uint32_t last_block(const struct tftp_server *srv)
{
	return (uint32_t)(srv->file_len / srv->blksize + 1);
}

static void keep_copy(struct packet_copy *copy, const struct sent_packet *pkt)
{
	copy->len = MIN(pkt->len, sizeof(copy->data));
	memcpy(copy->data, pkt->data, copy->len);
}

static void outbox_clear(struct tftp_server *srv)
{
	srv->out_head = 0;
	srv->out_count = 0;
}

static void outbox_add(struct tftp_server *srv, enum out_kind kind,
		       uint32_t block)
{
	struct out_packet *out = &srv->out[srv->out_count++];

	out->kind = kind;
	out->block = block;
}

static void outbox_add_error(struct tftp_server *srv, uint16_t code,
			     const char *msg)
{
	outbox_add(srv, OUT_ERROR, 0);
	srv->out[srv->out_count - 1].code = code;
	srv->out[srv->out_count - 1].msg = msg;
}

/* Replace what is queued by the window that follows block ACKED. */
static void queue_window(struct tftp_server *srv, uint32_t acked)
{
	uint32_t end = MIN(acked + srv->windowsize, last_block(srv));
	uint32_t block;

	outbox_clear(srv);
	for (block = acked + 1; block <= end; block++) {
		if (block == srv->skip_block && !srv->skipped) {
			srv->skipped = true;
			continue;
		}
		if (block == srv->stranger_block && !srv->stranger_sent) {
			srv->stranger_sent = true;
			outbox_add(srv, OUT_STRANGER, block);
		}
		outbox_add(srv, OUT_DATA, block);
	}
}

static size_t put_option(uint8_t *buf, size_t pos, const char *name,
			 unsigned long value)
{
	size_t len = strlen(name) + 1;

	memcpy(buf + pos, name, len);
	pos += len;
	return pos + (size_t)snprintf((char *)buf + pos, VALUE_MAX, "%lu",
				      value) + 1;
}

static size_t oack_packet(const struct tftp_server *srv, uint8_t *buf)
{
	size_t len = OPCODE_LEN;

	put_be16(buf, OP_OACK);
	if (srv->oack_blksize)
		len = put_option(buf, len, "blksize", srv->oack_blksize);
	if (srv->oack_tsize)
		len = put_option(buf, len, "tsize", srv->file_len);
	if (srv->oack_windowsize)
		len = put_option(buf, len, "windowsize", srv->oack_windowsize);
	return len;
}

/* DATA BLOCK as the server sends it, or a stranger's bogus copy of it. */
static size_t data_packet(const struct tftp_server *srv, uint8_t *buf,
			  uint32_t block, bool stranger)
{
	size_t offset = (size_t)(block - 1) * srv->blksize;
	size_t len = MIN(srv->blksize, srv->file_len - offset);
	size_t i;

	if (srv->oversize && block == 1)
		len++;
	put_be16(buf, OP_DATA);
	put_be16(buf + OPCODE_LEN, (uint16_t)block);
	for (i = 0; i < len; i++)
		buf[TFTP_HLEN + i] = stranger ? STRANGER_FILL :
						file_byte(offset + i);
	return TFTP_HLEN + len;
}

static size_t error_packet(uint8_t *buf, uint16_t code, const char *msg)
{
	size_t len = strlen(msg) + 1;

	put_be16(buf, OP_ERROR);
	put_be16(buf + OPCODE_LEN, code);
	memcpy(buf + TFTP_HLEN, msg, len);
	return TFTP_HLEN + len;
}

/* Deliver LEN bytes of PAYLOAD from SERVER_IP:SPORT to the client now. */
static void server_send(struct tftp_server *srv, uint16_t sport,
			const void *payload, size_t len)
{
	uint8_t frame[FRAME_MAX];
	size_t frame_len;

	frame_len = fake_udp_frame(frame, sizeof(frame), SERVER_IP, sport,
				   CLIENT_IP, srv->client_port, payload, len);
	fake_netdev_rx(srv->netdev, frame, frame_len);
}

static void server_emit(struct tftp_server *srv, const struct out_packet *out)
{
	uint8_t buf[PACKET_MAX];
	uint16_t sport = srv->tid;
	size_t len;

	srv->delivering = out->block;
	switch (out->kind) {
	case OUT_OACK:
		len = oack_packet(srv, buf);
		break;
	case OUT_DATA:
		srv->sent_max = MAX(srv->sent_max, out->block);
		len = data_packet(srv, buf, out->block, false);
		break;
	case OUT_STRANGER:
		sport = STRANGER_PORT;
		len = data_packet(srv, buf, out->block, true);
		break;
	default:
		len = error_packet(buf, out->code, out->msg);
		break;
	}
	server_send(srv, sport, buf, len);
	srv->delivering = CAUSE_TIMER;
}

/* Send what is queued; the client's answers queue more from the hook. */
static void server_step(struct process *process)
{
	struct tftp_server *srv =
		container_of(process, struct tftp_server, process);
	struct out_packet out;

	while (srv->out_head < srv->out_count) {
		out = srv->out[srv->out_head++];
		server_emit(srv, &out);
	}
	/* The hook has seen every frame the client sent. */
	fake_netdev_tx_flush(srv->netdev);
}

static unsigned int count_nuls(const uint8_t *p, size_t len)
{
	unsigned int n = 0;

	while (len--)
		n += *p++ == '\0';
	return n;
}

static void server_start_transfer(struct tftp_server *srv, bool options)
{
	if (options && !srv->ignore_options) {
		srv->blksize = srv->oack_blksize ? srv->oack_blksize :
						   DEFAULT_BLKSIZE;
		srv->windowsize = srv->oack_windowsize ?
				  srv->oack_windowsize : 1;
		outbox_add(srv, OUT_OACK, CAUSE_OACK);
	} else {
		srv->blksize = DEFAULT_BLKSIZE;
		srv->windowsize = 1;
		queue_window(srv, 0);
	}
}

/* A request to port 69: answer it from a new TID, as the script says. */
static void server_on_rrq(struct tftp_server *srv,
			  const struct sent_packet *pkt)
{
	bool options;

	if (pkt->len < OPCODE_LEN || get_be16(pkt->data) != OP_RRQ) {
		srv->unexpected++;
		return;
	}
	options = count_nuls(pkt->data + OPCODE_LEN,
			     pkt->len - OPCODE_LEN) > RRQ_PLAIN_STRINGS;
	if (srv->rrqs++ == 0) {
		srv->client_port = pkt->sport;
		keep_copy(&srv->first_rrq, pkt);
	} else if (pkt->sport != srv->client_port) {
		srv->unexpected++;
	}
	keep_copy(&srv->last_rrq, pkt);
	srv->tid = (uint16_t)(SERVER_TID + srv->rrqs - 1);
	srv->sent_max = 0;
	outbox_clear(srv);
	if (srv->error_code)
		outbox_add_error(srv, srv->error_code, srv->error_msg);
	else if (options && srv->refuse_options)
		outbox_add_error(srv, ERR_OPTIONS, "Option negotiation refused");
	else
		server_start_transfer(srv, options);
}

/* An ACK to the server's TID: log it and send the next window. */
static void server_on_ack(struct tftp_server *srv,
			  const struct sent_packet *pkt)
{
	uint16_t block;
	uint32_t acked;

	if (pkt->len != TFTP_HLEN || get_be16(pkt->data) != OP_ACK) {
		srv->unexpected++;
		return;
	}
	block = get_be16(pkt->data + OPCODE_LEN);
	/* The most recent block with that number on the wire. */
	acked = srv->sent_max - (uint16_t)(srv->sent_max - block);
	if (srv->n_acks < ACK_LOG_MAX) {
		srv->acks[srv->n_acks].block = block;
		srv->acks[srv->n_acks].cause = srv->delivering;
	}
	srv->n_acks++;
	if (srv->deaf_mid_window && srv->out_head < srv->out_count)
		return;
	if (srv->drop_ack && acked == srv->drop_ack && !srv->dropped) {
		srv->dropped = true;
		return;
	}
	queue_window(srv, acked);
}

/* A packet to the server's TID: an ERROR ends the transfer, else an ACK. */
static void server_on_transfer(struct tftp_server *srv,
			       const struct sent_packet *pkt)
{
	if (pkt->len >= OPCODE_LEN && get_be16(pkt->data) == OP_ERROR) {
		srv->client_errors++;
		keep_copy(&srv->client_error, pkt);
		outbox_clear(srv);
		return;
	}
	server_on_ack(srv, pkt);
}

/* Find the UDP datagram to SERVER_IP in a captured FRAME. */
static bool parse_sent(const uint8_t *frame, size_t len,
		       struct sent_packet *pkt)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	const struct iphdr *ip = (const struct iphdr *)(frame + ETH_HLEN);
	const struct udphdr *udp =
		(const struct udphdr *)(frame + ETH_HLEN + IPV4_HLEN);

	if (len < UDP_PAYLOAD_OFFSET || ntohs(eth->h_protocol) != ETH_P_IP ||
	    ip->protocol != IP_PROTO_UDP || ip->dest != SERVER_IP ||
	    ntohs(udp->len) < UDP_HLEN ||
	    ntohs(udp->len) > len - ETH_HLEN - IPV4_HLEN)
		return false;
	pkt->sport = ntohs(udp->src);
	pkt->dport = ntohs(udp->dest);
	pkt->data = frame + UDP_PAYLOAD_OFFSET;
	pkt->len = ntohs(udp->len) - UDP_HLEN;
	return true;
}

/* The transmit hook: everything the client sends comes here. */
static void server_on_frame(struct net_device *netdev, const uint8_t *frame,
			    size_t len, void *ctx)
{
	struct tftp_server *srv = ctx;
	struct sent_packet pkt;

	if (!parse_sent(frame, len, &pkt)) {
		srv->unexpected++;
	} else if (pkt.dport == TFTP_PORT) {
		server_on_rrq(srv, &pkt);
	} else if (pkt.dport == srv->tid) {
		server_on_transfer(srv, &pkt);
	} else if (pkt.dport == STRANGER_PORT) {
		srv->rejections++;
		keep_copy(&srv->rejection, &pkt);
	} else {
		srv->unexpected++;
	}
}

/* A configured fake device whose peer is the server; output captured. */
static void server_start(struct tftp_server *srv, size_t file_len)
{
	memset(srv, 0, sizeof(*srv));
	srv->file_len = file_len;
	srv->delivering = CAUSE_TIMER;
	srv->netdev = fake_netdev_create();
	fake_netdev_configure(srv->netdev, CLIENT_IP, NETMASK, INADDR_ANY);
	fake_netdev_learn(srv->netdev, SERVER_IP);
	fake_netdev_set_tx_hook(srv->netdev, server_on_frame, srv);
	process_init(&srv->process, "fake-tftp-server", server_step);
	process_add(&srv->process);
	test_console_start(NULL, 0, false);
}

/* Stop the server; nothing the client sent may have surprised it. */
static void server_stop(struct tftp_server *srv)
{
	test_console_stop();
	process_del(&srv->process);
	fake_netdev_destroy(srv->netdev);
	CHECK_INT(srv->unexpected, 0);
}

/* Download URI; *IMAGE is the registered image, or NULL on failure. */
static int fetch(const char *uri, struct image **image)
{
	*image = NULL;
	return download(uri, NULL, image);
}

/* Where IMAGE first differs from the LEN-byte file (LEN if nowhere). */
static size_t first_difference(const struct image *image, size_t len)
{
	size_t i, n = MIN(image->len, len);

	for (i = 0; i < n; i++) {
		if (image->data[i] != file_byte(i))
			return i;
	}
	return n;
}

/* A failed download registers no image; drop one that was. */
static void check_no_image(struct image *image)
{
	CHECK(image == NULL);
	if (image)
		unregister_image(image);
}

/* Check that IMAGE holds exactly the LEN-byte file. */
static bool check_contents(const struct image *image, size_t len)
{
	CHECK(image != NULL);
	if (!image)
		return false;
	CHECK_INT(image->len, len);
	CHECK_INT(first_difference(image, len), len);
	return true;
}

/* Check that IMAGE holds exactly the LEN-byte file, then drop it. */
static void check_image(struct image *image, size_t len)
{
	if (check_contents(image, len))
		unregister_image(image);
}

/* Check that ACK I acknowledged BLOCK in answer to CAUSE. */
static bool check_ack(const struct tftp_server *srv, unsigned int i,
		      uint32_t block, long cause)
{
	const struct ack_record *ack;

	if (i >= srv->n_acks || i >= ACK_LOG_MAX) {
		test_fail(__FILE__, __LINE__, "ACK %u of block %u missing", i,
			  (unsigned int)block);
		return false;
	}
	ack = &srv->acks[i];
	if (ack->block == (uint16_t)block && ack->cause == cause)
		return true;
	test_fail(__FILE__, __LINE__,
		  "ACK %u: block %u on %ld, expected block %u on %ld "
		  "(0: the OACK, -1: a timer)", i, ack->block, ack->cause,
		  (uint16_t)block, cause);
	return false;
}

/* Check that the ACKs are exactly the N in WANT. */
static void check_acks(const struct tftp_server *srv,
		       const struct ack_record *want, unsigned int n)
{
	unsigned int i;

	CHECK_INT(srv->n_acks, n);
	for (i = 0; i < n; i++) {
		if (!check_ack(srv, i, want[i].block, want[i].cause))
			return;
	}
}

/*
 * Check the ACKs of a transfer without loss: ACK 0 of the OACK if there
 * was one, then one at each window's end, each sent on receipt of the
 * block it acknowledges, and one of the last block.
 */
static void check_clean_acks(const struct tftp_server *srv, bool oack,
			     unsigned int window, uint32_t last)
{
	uint32_t block = oack ? 0 : MIN(window, last);
	unsigned int i = 0;

	while (check_ack(srv, i++, block, (long)block) && block != last)
		block = MIN(block + window, last);
	CHECK_INT(srv->n_acks, i);
}

UNIT_TEST(tftp_rrq_names_file_and_asks_options)
{
	struct tftp_server srv;
	struct image *image;

	server_start(&srv, 100);
	srv.ignore_options = true;
	CHECK_INT(fetch("tftp://10.0.0.1/boot/nbp.efi", &image), 0);
	CHECK_INT(srv.rrqs, 1);
	CHECK_PACKET(srv.first_rrq, rrq_with_options);
	CHECK(srv.client_port >= INET_EPHEMERAL_MIN);
	CHECK(image && strcmp(image->name, "nbp.efi") == 0);
	check_image(image, 100);
	server_stop(&srv);
}

/* The RRQ sent under tftp-windowsize VALUE is WANT (WANT_LEN bytes). */
static void check_rrq_with_windowsize(const char *value, const char *want,
				      size_t want_len)
{
	struct tftp_server srv;
	struct image *image;

	server_start(&srv, 100);
	srv.ignore_options = true;
	CHECK_INT(storef_setting("tftp-windowsize", value), 0);
	CHECK_INT(fetch("tftp://10.0.0.1/boot/nbp.efi", &image), 0);
	storef_setting("tftp-windowsize", NULL);
	CHECK_INT(srv.first_rrq.len, want_len);
	CHECK_MEM(srv.first_rrq.data, want, want_len);
	check_image(image, 100);
	server_stop(&srv);
}

/* tftp-windowsize changes the window asked for; 1 leaves the option out. */
UNIT_TEST(tftp_windowsize_setting)
{
	check_rrq_with_windowsize("8", rrq_window_8, sizeof(rrq_window_8) - 1);
	check_rrq_with_windowsize("1", rrq_lockstep, sizeof(rrq_lockstep) - 1);
}

UNIT_TEST(tftp_oack_applies_options)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = 9 * MTU_BLKSIZE + 200;

	server_start(&srv, len);
	srv.oack_blksize = MTU_BLKSIZE;
	srv.oack_windowsize = 4;
	srv.oack_tsize = true;
	CHECK_INT(fetch("tftp://10.0.0.1/boot/nbp.efi", &image), 0);
	/* ACK 0, ACKs 4 and 8 at window ends, ACK 10 of the short block. */
	check_clean_acks(&srv, true, 4, 10);
	/* tsize reserved the whole image up front. */
	CHECK(image && image->alloc == len);
	check_image(image, len);
	server_stop(&srv);
}

/* A server that acknowledges tsize alone leaves the block size at 512. */
UNIT_TEST(tftp_oack_without_blksize_uses_512)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = 3 * DEFAULT_BLKSIZE + 1;

	server_start(&srv, len);
	srv.oack_tsize = true;
	CHECK_INT(fetch("tftp://10.0.0.1/tsize-only.bin", &image), 0);
	check_clean_acks(&srv, true, 1, 4);
	check_image(image, len);
	server_stop(&srv);
}

UNIT_TEST(tftp_options_ignored_lockstep_512)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = 2 * DEFAULT_BLKSIZE + 300;

	server_start(&srv, len);
	srv.ignore_options = true;
	CHECK_INT(fetch("tftp://10.0.0.1/old-server.bin", &image), 0);
	check_clean_acks(&srv, false, 1, 3);
	check_image(image, len);
	server_stop(&srv);
}

/* A file of whole blocks ends with an empty one. */
UNIT_TEST(tftp_whole_blocks_end_with_empty_block)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = 2 * DEFAULT_BLKSIZE;

	server_start(&srv, len);
	srv.ignore_options = true;
	CHECK_INT(fetch("tftp://10.0.0.1/even.bin", &image), 0);
	check_clean_acks(&srv, false, 1, 3);
	check_image(image, len);
	server_stop(&srv);
}

UNIT_TEST(tftp_options_refused_asks_again_plainly)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = DEFAULT_BLKSIZE + 88;

	server_start(&srv, len);
	srv.refuse_options = true;
	CHECK_INT(fetch("tftp://10.0.0.1/plain.bin", &image), 0);
	/* Both requests went to port 69 from one port (else: unexpected). */
	CHECK_INT(srv.rrqs, 2);
	CHECK_PACKET(srv.last_rrq, rrq_plain);
	/* The transfer went on with the second request's TID. */
	CHECK_INT(srv.tid, SERVER_TID + 1);
	check_clean_acks(&srv, false, 1, 2);
	check_image(image, len);
	server_stop(&srv);
}

UNIT_TEST(tftp_file_not_found_names_server)
{
	struct tftp_server srv;
	struct image *image;

	server_start(&srv, 0);
	srv.error_code = ERR_NOT_FOUND;
	srv.error_msg = "File not found";
	CHECK_INT(fetch("tftp://10.0.0.1/missing.efi", &image), -ENOENT);
	CHECK_STR(test_console_output(),
		  "tftp://10.0.0.1/missing.efi: No such file or directory "
		  "(TFTP server 10.0.0.1: File not found (error 1))\n");
	check_no_image(image);
	CHECK(find_image("missing.efi") == NULL);
	CHECK_INT(srv.n_acks, 0);
	server_stop(&srv);
}

UNIT_TEST(tftp_window_of_64_acks_at_window_ends)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = 129 * DEFAULT_BLKSIZE + 17;

	server_start(&srv, len);
	srv.oack_windowsize = CLIENT_WINDOWSIZE;
	CHECK_INT(fetch("tftp://10.0.0.1/window.bin", &image), 0);
	check_clean_acks(&srv, true, CLIENT_WINDOWSIZE, 130);
	check_image(image, len);
	server_stop(&srv);
}

/*
 * Block 6 of the window 5..8 is lost: block 7 makes the client ACK 5 at
 * once, and the server's window from 6 completes the file.
 */
UNIT_TEST(tftp_window_gap_acks_last_good_block)
{
	static const struct ack_record want[] = {
		{ 0, CAUSE_OACK }, { 4, 4 }, { 5, 7 }, { 9, 9 }, { 11, 11 },
	};
	struct tftp_server srv;
	struct image *image;
	size_t len = 10 * DEFAULT_BLKSIZE + 100;

	server_start(&srv, len);
	srv.oack_blksize = DEFAULT_BLKSIZE;
	srv.oack_windowsize = 4;
	srv.skip_block = 6;
	CHECK_INT(fetch("tftp://10.0.0.1/lossy.bin", &image), 0);
	check_acks(&srv, want, ARRAY_SIZE(want));
	check_image(image, len);
	server_stop(&srv);
}

/*
 * A server that heeds an ACK only once its window is sent (as atftpd
 * does) misses the ACK 5 sent on block 7; the client says it again when
 * block 8 ends the window, without waiting for its timer.
 */
UNIT_TEST(tftp_window_gap_acked_again_at_window_end)
{
	static const struct ack_record want[] = {
		{ 0, CAUSE_OACK }, { 4, 4 }, { 5, 7 }, { 5, 8 }, { 9, 9 },
		{ 11, 11 },
	};
	struct tftp_server srv;
	struct image *image;
	size_t len = 10 * DEFAULT_BLKSIZE + 100;

	server_start(&srv, len);
	srv.oack_windowsize = 4;
	srv.skip_block = 6;
	srv.deaf_mid_window = true;
	CHECK_INT(fetch("tftp://10.0.0.1/deaf.bin", &image), 0);
	check_acks(&srv, want, ARRAY_SIZE(want));
	check_image(image, len);
	server_stop(&srv);
}

/* A stranger's copy of block 2 is refused with ERROR 5 and not stored. */
UNIT_TEST(tftp_stranger_gets_error_5)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = 5 * DEFAULT_BLKSIZE + 10;

	server_start(&srv, len);
	srv.oack_windowsize = 4;
	srv.stranger_block = 2;
	CHECK_INT(fetch("tftp://10.0.0.1/stranger.bin", &image), 0);
	CHECK_INT(srv.rejections, 1);
	CHECK_PACKET(srv.rejection, unknown_tid_error);
	check_clean_acks(&srv, true, 4, 6);
	check_image(image, len);
	server_stop(&srv);
}

/* Block 65536 is block 0 on the wire; the file lands in order regardless. */
UNIT_TEST(tftp_block_number_rolls_over)
{
	struct tftp_server srv;
	struct image *image;
	size_t len = (ROLLOVER_BLOCKS - 1) * ROLLOVER_BLKSIZE + 5;

	server_start(&srv, len);
	srv.oack_blksize = ROLLOVER_BLKSIZE;
	srv.oack_windowsize = CLIENT_WINDOWSIZE;
	srv.oack_tsize = true;
	CHECK_INT(fetch("tftp://10.0.0.1/rollover.bin", &image), 0);
	check_clean_acks(&srv, true, CLIENT_WINDOWSIZE, ROLLOVER_BLOCKS);
	check_image(image, len);
	server_stop(&srv);
}

UNIT_TEST(tftp_oversized_block_fails)
{
	static const struct ack_record want[] = { { 0, CAUSE_OACK } };
	struct tftp_server srv;
	struct image *image;

	server_start(&srv, 2 * DEFAULT_BLKSIZE);
	srv.oack_blksize = DEFAULT_BLKSIZE;
	srv.oversize = true;
	CHECK_INT(fetch("tftp://10.0.0.1/big.bin", &image), -EPROTO);
	CHECK_STR(test_console_output(),
		  "tftp://10.0.0.1/big.bin: Protocol error (TFTP server "
		  "10.0.0.1 sent a 513-byte block (blksize 512))\n");
	check_no_image(image);
	check_acks(&srv, want, ARRAY_SIZE(want));
	server_stop(&srv);
}

/* A block size above the one asked for is refused. */
UNIT_TEST(tftp_oack_blksize_above_request_fails)
{
	struct tftp_server srv;
	struct image *image;

	server_start(&srv, DEFAULT_BLKSIZE);
	srv.oack_blksize = MTU_BLKSIZE + 1;
	CHECK_INT(fetch("tftp://10.0.0.1/huge-blocks.bin", &image), -EPROTO);
	CHECK_STR(test_console_output(),
		  "tftp://10.0.0.1/huge-blocks.bin: Protocol error (TFTP "
		  "server 10.0.0.1 sent bad options)\n");
	check_no_image(image);
	CHECK_INT(srv.n_acks, 0);
	server_stop(&srv);
}

/*
 * The first ACK 1 is lost. DATA 1 after ACK 0 measured the round trip,
 * so the client's timer re-sends ACK 1 after its floor of 20 ms, long
 * before the 1 s a first request waits.
 */
UNIT_TEST(tftp_lost_ack_resent_by_timer)
{
	static const struct ack_record want[] = {
		{ 0, CAUSE_OACK }, { 1, 1 }, { 1, CAUSE_TIMER }, { 2, 2 },
		{ 3, 3 },
	};
	struct tftp_server srv;
	struct image *image;
	size_t len = 2 * DEFAULT_BLKSIZE + 10;
	uint64_t start, elapsed;

	server_start(&srv, len);
	srv.oack_blksize = DEFAULT_BLKSIZE;
	srv.drop_ack = 1;
	start = time_now_ms();
	CHECK_INT(fetch("tftp://10.0.0.1/lost-ack.bin", &image), 0);
	elapsed = time_now_ms() - start;
	CHECK(elapsed >= CLIENT_MIN_TIMEOUT_MS);
	CHECK(elapsed < CLIENT_RRQ_TIMEOUT_MS);
	check_acks(&srv, want, ARRAY_SIZE(want));
	check_image(image, len);
	server_stop(&srv);
}

/* A raw name goes into the RRQ as it is; the image is the caller's, unlisted. */
UNIT_TEST(tftp_fetch_file_sends_name_verbatim)
{
	struct tftp_server srv;
	struct image *image = NULL;
	size_t len = 2 * MTU_BLKSIZE + 7;

	server_start(&srv, len);
	srv.oack_blksize = MTU_BLKSIZE;
	CHECK_INT(tftp_fetch_file(SERVER_IP, 0, RAW_NAME, "raw-image",
				  &image), 0);
	CHECK_INT(srv.rrqs, 1);
	CHECK_PACKET(srv.first_rrq, rrq_raw_name);
	CHECK(find_image("raw-image") == NULL);
	if (check_contents(image, len))
		CHECK_STR(image->name, "raw-image");
	image_free(image);
	CHECK_STR(test_console_output(), "");
	server_stop(&srv);
}

/* The port given (network order) is where the request goes. */
UNIT_TEST(tftp_fetch_file_to_given_port)
{
	struct tftp_server srv;
	struct image *image = NULL;

	server_start(&srv, DEFAULT_BLKSIZE);
	srv.ignore_options = true;
	CHECK_INT(tftp_fetch_file(SERVER_IP, htons(TFTP_PORT), "port.bin",
				  "port.bin", &image), 0);
	CHECK_INT(srv.rrqs, 1);
	check_contents(image, DEFAULT_BLKSIZE);
	image_free(image);
	server_stop(&srv);
}

/* "File not found" is -ENOENT, with no image and nothing printed. */
UNIT_TEST(tftp_fetch_file_not_found)
{
	struct tftp_server srv;
	struct image *image = NULL;

	server_start(&srv, 0);
	srv.error_code = ERR_NOT_FOUND;
	srv.error_msg = "File not found";
	CHECK_INT(tftp_fetch_file(SERVER_IP, 0, "missing", "missing", &image),
		  -ENOENT);
	CHECK(image == NULL);
	CHECK_STR(test_console_output(), "");
	server_stop(&srv);
}

/* An empty name asks for nothing. */
UNIT_TEST(tftp_fetch_file_empty_name)
{
	struct tftp_server srv;
	struct image *image = NULL;
	uint64_t size = 0;

	server_start(&srv, 0);
	CHECK_INT(tftp_fetch_file(SERVER_IP, 0, "", "empty", &image), -EINVAL);
	CHECK_INT(tftp_file_size(SERVER_IP, 0, "", &size), -EINVAL);
	CHECK(image == NULL);
	CHECK_INT(srv.rrqs, 0);
	server_stop(&srv);
}

/*
 * The OACK's tsize answers a size query: the client refuses the transfer
 * with ERROR 8 and takes no data, nor room for a file bigger than memory.
 */
UNIT_TEST(tftp_file_size_from_tsize)
{
	struct tftp_server srv;
	uint64_t size = 0;

	server_start(&srv, HUGE_FILE_LEN);
	srv.oack_blksize = MTU_BLKSIZE;
	srv.oack_tsize = true;
	CHECK_INT(tftp_file_size(SERVER_IP, 0, RAW_NAME, &size), 0);
	CHECK_INT(size, HUGE_FILE_LEN);
	CHECK_INT(srv.rrqs, 1);
	CHECK_PACKET(srv.first_rrq, rrq_raw_name);
	CHECK_INT(srv.client_errors, 1);
	CHECK_PACKET(srv.client_error, size_only_error);
	CHECK_INT(srv.n_acks, 0);
	CHECK_INT(srv.sent_max, 0);
	CHECK(find_image(RAW_NAME) == NULL);
	CHECK_STR(test_console_output(), "");
	server_stop(&srv);
}

/*
 * Ask SRV (started for LEN bytes, giving no tsize) for NAME's size: the
 * whole file comes, without errors and with the ACKs check_clean_acks()
 * expects for OACKED, WINDOW and LAST. Stops SRV.
 */
static void check_size_by_fetch(struct tftp_server *srv, const char *name,
				size_t len, bool oacked, unsigned int window,
				uint32_t last)
{
	uint64_t size = 0;

	CHECK_INT(tftp_file_size(SERVER_IP, 0, name, &size), 0);
	CHECK_INT(size, len);
	CHECK_INT(srv->client_errors, 0);
	check_clean_acks(srv, oacked, window, last);
	server_stop(srv);
}

/* A server that ignores options sends the file: its length is the size. */
UNIT_TEST(tftp_file_size_without_options_fetches_file)
{
	struct tftp_server srv;
	size_t len = 3 * DEFAULT_BLKSIZE + 21;

	server_start(&srv, len);
	srv.ignore_options = true;
	check_size_by_fetch(&srv, "old.bin", len, false, 1, 4);
}

/* An OACK without tsize: the transfer goes on, and its length is the size. */
UNIT_TEST(tftp_file_size_oack_without_tsize_fetches_file)
{
	struct tftp_server srv;
	size_t len = 5 * MTU_BLKSIZE + 3;

	server_start(&srv, len);
	srv.oack_blksize = MTU_BLKSIZE;
	srv.oack_windowsize = 4;
	check_size_by_fetch(&srv, "no-tsize.bin", len, true, 4, 6);
}

/* A size query of a missing file fails as a fetch does. */
UNIT_TEST(tftp_file_size_not_found)
{
	struct tftp_server srv;
	uint64_t size = 0;

	server_start(&srv, 0);
	srv.error_code = ERR_NOT_FOUND;
	srv.error_msg = "File not found";
	CHECK_INT(tftp_file_size(SERVER_IP, 0, "missing", &size), -ENOENT);
	CHECK_INT(srv.n_acks, 0);
	server_stop(&srv);
}
