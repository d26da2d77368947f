/* SPDX-License-Identifier: MIT */
/* Unit tests for TCP: a connection driven against a scripted peer. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/heap.h>
#include <core/iobuf.h>
#include <core/process.h>
#include <core/time.h>
#include <net/ethernet.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tcp.h>
#include "fake_netdev.h"
#include "test.h"

#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)
#define NETMASK FAKE_IP(255, 255, 255, 0)
#define PEER_PORT 80
#define PEER_ISS 0xfffff000U	/* wraps during the tests */
#define PEER_MSS 1460
#define PEER_WSCALE 7
#define PEER_WINDOW 0xffff
#define OUR_MSS (ETH_DATA_LEN - IPV4_HLEN - TCP_HLEN)
#define OUR_WSCALE 7
#define OUR_WINDOW (4U * 1024 * 1024)
#define RX_MAX 8192
#define PAYLOAD_MAX 2048
#define SACK_MAX 4
#define FRAME_MAX 2048
/* Longer than the 200 ms minimum RTO, shorter than two of them. */
#define RTO_WAIT_MS 300
/* Longer than the 500 ms first SYN timeout. */
#define SYN_RTO_WAIT_MS 600
/* Segments of a stream small enough that the timer, not the window, ends it. */
#define STREAM_SEG_LEN 10
/* A full-sized segment's payload, about. */
#define BULK_SEG_LEN 1000
/* The stack's delayed-ACK time, and longer than it. */
#define STACK_DELACK_MS 2
#define DELACK_WAIT_MS 50
#define NO_WSCALE (-1)
/* Out-of-order segments that fill the window, and the heap they may use. */
#define OOO_SEG_LEN 1000
#define OOO_SLACK (1024 * 1024)

/* The test's view of one connection and its owner's callbacks. */
struct tcp_test {
	struct net_device *netdev;
	struct tcp_conn *conn;
	uint16_t port;			/* ours, host order */
	uint32_t iss;			/* ours */
	unsigned int connected;
	unsigned int closed;
	int closed_rc;
	unsigned int writable;
	unsigned int deliveries;
	uint8_t rx[RX_MAX];
	size_t rx_len;
	bool free_on_deliver;
	bool free_on_closed;
	bool free_on_connected;
};

/* A segment the stack sent, parsed. */
struct seg_out {
	uint32_t src;
	uint32_t dest;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;
	uint16_t window;
	bool csum_ok;
	int mss;
	int wscale;
	bool sack_perm;
	unsigned int nsack;
	uint32_t sack[SACK_MAX][2];
	size_t len;
	uint8_t payload[PAYLOAD_MAX];
};

static void test_connected(void *ctx)
{
	struct tcp_test *t = ctx;

	t->connected++;
	if (t->free_on_connected) {
		tcp_free(t->conn);
		t->conn = NULL;
	}
}

static void test_deliver(void *ctx, struct io_buffer *iob)
{
	struct tcp_test *t = ctx;
	size_t len = iob_len(iob);

	t->deliveries++;
	if (t->rx_len + len <= RX_MAX) {
		memcpy(t->rx + t->rx_len, iob->data, len);
		t->rx_len += len;
	}
	free_iob(iob);
	if (t->free_on_deliver) {
		tcp_free(t->conn);
		t->conn = NULL;
	}
}

static void test_closed(void *ctx, int rc)
{
	struct tcp_test *t = ctx;

	t->closed++;
	t->closed_rc = rc;
	if (t->free_on_closed) {
		tcp_free(t->conn);
		t->conn = NULL;
	}
}

static void test_writable(void *ctx)
{
	struct tcp_test *t = ctx;

	t->writable++;
}

static const struct tcp_callbacks test_callbacks = {
	.connected = test_connected,
	.deliver = test_deliver,
	.closed = test_closed,
	.writable = test_writable,
};

/* Parse the options of a segment we captured. */
static void parse_options(const uint8_t *opt, size_t len, struct seg_out *seg)
{
	size_t pos = 0, i;

	while (pos < len) {
		if (opt[pos] == TCP_OPT_END)
			break;
		if (opt[pos] == TCP_OPT_NOP) {
			pos++;
			continue;
		}
		if (pos + 2 > len || opt[pos + 1] < 2 ||
		    pos + opt[pos + 1] > len)
			break;
		switch (opt[pos]) {
		case TCP_OPT_MSS:
			seg->mss = get_be16(opt + pos + 2);
			break;
		case TCP_OPT_WSCALE:
			seg->wscale = opt[pos + 2];
			break;
		case TCP_OPT_SACK_PERM:
			seg->sack_perm = true;
			break;
		case TCP_OPT_SACK:
			seg->nsack = (opt[pos + 1] - 2U) / TCP_SACK_BLOCK_LEN;
			for (i = 0; i < seg->nsack && i < SACK_MAX; i++) {
				seg->sack[i][0] = get_be32(opt + pos + 2 +
							   i * 8);
				seg->sack[i][1] = get_be32(opt + pos + 6 +
							   i * 8);
			}
			break;
		}
		pos += opt[pos + 1];
	}
}

/* Take the next frame the stack sent and parse it as TCP; false if none. */
static bool pop_segment(struct tcp_test *t, struct seg_out *seg)
{
	struct io_buffer *iob = fake_netdev_tx_pop(t->netdev);
	const struct iphdr *ip;
	const struct tcphdr *tcp;
	size_t tcp_len, hlen;
	uint32_t sum;

	memset(seg, 0, sizeof(*seg));
	seg->mss = -1;
	seg->wscale = NO_WSCALE;
	if (!iob)
		return false;
	ip = (const struct iphdr *)((uint8_t *)iob->data + ETH_HLEN);
	tcp = (const struct tcphdr *)(ip + 1);
	CHECK(iob_len(iob) >= ETH_HLEN + IPV4_HLEN + TCP_HLEN);
	CHECK_INT(ip->protocol, IP_PROTO_TCP);
	tcp_len = ntohs(ip->len) - IPV4_HLEN;
	hlen = (size_t)(tcp->doff >> TCP_DOFF_SHIFT) * TCP_DOFF_UNIT;
	seg->src = ip->src;
	seg->dest = ip->dest;
	seg->sport = ntohs(tcp->src);
	seg->dport = ntohs(tcp->dest);
	seg->seq = ntohl(tcp->seq);
	seg->ack = ntohl(tcp->ack);
	seg->flags = tcp->flags;
	seg->window = ntohs(tcp->window);
	sum = ipv4_pshdr_sum(ip->src, ip->dest, IP_PROTO_TCP, tcp_len);
	seg->csum_ok = inet_csum_fold(inet_csum_add(sum, tcp, tcp_len)) ==
		       0xffff;
	parse_options((const uint8_t *)(tcp + 1), hlen - TCP_HLEN, seg);
	seg->len = tcp_len - hlen;
	if (seg->len <= PAYLOAD_MAX)
		memcpy(seg->payload, (const uint8_t *)tcp + hlen, seg->len);
	free_iob(iob);
	return true;
}

/* Build a TCP segment from the peer into BUF; returns its length. */
static size_t build_segment(uint8_t *buf, uint16_t sport, uint16_t dport,
			    uint32_t seq, uint32_t ack, uint8_t flags,
			    uint16_t window, const uint8_t *opts, size_t optlen,
			    const void *data, size_t len)
{
	struct tcphdr *tcp = (struct tcphdr *)buf;
	size_t total = TCP_HLEN + optlen + len;
	uint32_t sum;

	tcp->src = htons(sport);
	tcp->dest = htons(dport);
	tcp->seq = htonl(seq);
	tcp->ack = htonl(ack);
	tcp->doff = (uint8_t)(((TCP_HLEN + optlen) / 4) << TCP_DOFF_SHIFT);
	tcp->flags = flags;
	tcp->window = htons(window);
	tcp->csum = 0;
	tcp->urgent = 0;
	if (optlen)
		memcpy(buf + TCP_HLEN, opts, optlen);
	if (len)
		memcpy(buf + TCP_HLEN + optlen, data, len);
	sum = ipv4_pshdr_sum(PEER_IP, OUR_IP, IP_PROTO_TCP, total);
	tcp->csum = (uint16_t)~inet_csum_fold(inet_csum_add(sum, buf, total));
	return total;
}

/* Hand LEN bytes of TCP segment to the stack as received from the peer. */
static void inject(struct tcp_test *t, const uint8_t *tcp, size_t len)
{
	static uint8_t frame[FRAME_MAX + 64];
	size_t flen = fake_ipv4_frame(frame, sizeof(frame), PEER_IP, OUR_IP,
				      IP_PROTO_TCP, tcp, len);

	CHECK(flen > 0);
	fake_netdev_rx(t->netdev, frame, flen);
}

/* The peer sends a segment on the test's connection. */
static void peer_send(struct tcp_test *t, uint32_t seq, uint32_t ack,
		      uint8_t flags, const void *data, size_t len)
{
	uint8_t buf[FRAME_MAX];
	size_t n = build_segment(buf, PEER_PORT, t->port, seq, ack, flags,
				 PEER_WINDOW, NULL, 0, data, len);

	inject(t, buf, n);
}

/* The peer sends LEN bytes of the stream pattern starting at offset OFF. */
static void peer_data(struct tcp_test *t, uint32_t off, size_t len,
		      uint8_t flags)
{
	uint8_t data[PAYLOAD_MAX];
	size_t i;

	for (i = 0; i < len; i++)
		data[i] = (uint8_t)((off + i) * 7 + 3);
	peer_send(t, PEER_ISS + 1 + off, t->iss + 1, TCP_ACK | flags, data,
		  len);
}

/* True if the RX buffer holds exactly the stream pattern bytes 0..LEN-1. */
static bool stream_ok(const struct tcp_test *t, size_t len)
{
	size_t i;

	if (t->rx_len != len)
		return false;
	for (i = 0; i < len; i++) {
		if (t->rx[i] != (uint8_t)(i * 7 + 3))
			return false;
	}
	return true;
}

/* Run the event loop until FRAMES frames are captured or MS pass. */
static void run_until_frames(struct tcp_test *t, unsigned int frames,
			     uint32_t ms)
{
	uint64_t end = time_now_ms() + ms;

	do {
		step();
	} while (fake_netdev_tx_count(t->netdev) < frames &&
		 time_now_ms() < end);
}

/* Run the event loop for MS milliseconds. */
static void run_for(uint32_t ms)
{
	uint64_t end = time_now_ms() + ms;

	while (time_now_ms() < end)
		step();
}

/* Bring up the fake device and start connecting; pops our SYN into SYN. */
static void test_open(struct tcp_test *t, struct seg_out *syn)
{
	struct sockaddr_in peer = { PEER_IP, htons(PEER_PORT) };

	memset(t, 0, sizeof(*t));
	t->netdev = fake_netdev_create();
	CHECK(t->netdev != NULL);
	fake_netdev_configure(t->netdev, OUR_IP, NETMASK, 0);
	fake_netdev_learn(t->netdev, PEER_IP);
	fake_netdev_tx_flush(t->netdev);
	t->conn = tcp_connect(&peer, &test_callbacks, t);
	CHECK(t->conn != NULL);
	CHECK(pop_segment(t, syn));
	t->port = syn->sport;
	t->iss = syn->seq;
}

/* The peer's SYN-ACK with the options a Linux server sends. */
static void peer_synack(struct tcp_test *t)
{
	static const uint8_t opts[] = {
		TCP_OPT_MSS, TCP_OPT_MSS_LEN, PEER_MSS >> 8, PEER_MSS & 0xff,
		TCP_OPT_SACK_PERM, TCP_OPT_SACK_PERM_LEN,
		TCP_OPT_NOP, TCP_OPT_WSCALE, TCP_OPT_WSCALE_LEN, PEER_WSCALE,
		TCP_OPT_NOP, TCP_OPT_NOP,
	};
	uint8_t buf[FRAME_MAX];
	size_t n = build_segment(buf, PEER_PORT, t->port, PEER_ISS,
				 t->iss + 1, TCP_SYN | TCP_ACK, PEER_WINDOW,
				 opts, sizeof(opts), NULL, 0);

	inject(t, buf, n);
}

/* Connect and complete the handshake; the ACK of the SYN-ACK is popped. */
static void test_establish(struct tcp_test *t)
{
	struct seg_out seg;

	test_open(t, &seg);
	peer_synack(t);
	step();
	CHECK(pop_segment(t, &seg));
	CHECK_INT(seg.flags, TCP_ACK);
	CHECK_INT(t->connected, 1);
}

static void test_close(struct tcp_test *t)
{
	tcp_free(t->conn);
	t->conn = NULL;
	fake_netdev_destroy(t->netdev);
}

UNIT_TEST(tcp_handshake_options)
{
	struct tcp_test t;
	struct seg_out syn, ack;

	test_open(&t, &syn);
	CHECK(syn.csum_ok);
	CHECK_INT(syn.flags, TCP_SYN);
	CHECK_INT(syn.src, OUR_IP);
	CHECK_INT(syn.dest, PEER_IP);
	CHECK_INT(syn.dport, PEER_PORT);
	CHECK(syn.sport >= INET_EPHEMERAL_MIN);
	CHECK_INT(syn.mss, OUR_MSS);
	CHECK_INT(syn.wscale, OUR_WSCALE);
	CHECK(syn.sack_perm);
	CHECK_INT(syn.window, 0xffff);
	CHECK_INT(t.connected, 0);

	peer_synack(&t);
	CHECK_INT(t.connected, 1);
	step();
	CHECK(pop_segment(&t, &ack));
	CHECK(ack.csum_ok);
	CHECK_INT(ack.flags, TCP_ACK);
	CHECK_INT(ack.seq, t.iss + 1);
	CHECK_INT(ack.ack, PEER_ISS + 1);
	CHECK_INT((uint32_t)ack.window << OUR_WSCALE, OUR_WINDOW);
	CHECK_INT(ack.nsack, 0);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	test_close(&t);
}

UNIT_TEST(tcp_random_ports_and_iss)
{
	struct tcp_test t;
	struct seg_out syn;
	struct sockaddr_in peer = { PEER_IP, htons(PEER_PORT) };
	struct tcp_conn *other;

	test_open(&t, &syn);
	other = tcp_connect(&peer, &test_callbacks, &t);
	CHECK(other != NULL);
	CHECK(pop_segment(&t, &syn));
	CHECK(syn.sport >= INET_EPHEMERAL_MIN);
	CHECK(syn.sport != t.port);
	CHECK(syn.seq != t.iss);
	tcp_free(other);
	/* Nothing was established, so nothing to reset. */
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	test_close(&t);
}

UNIT_TEST(tcp_in_order_delivery)
{
	struct tcp_test t;
	struct seg_out seg;
	uint64_t start;
	int i;

	test_establish(&t);
	/*
	 * A burst of ten segments brings a single ACK, at the end of the
	 * first step in which no more data came (unless the delayed-ACK
	 * timer, which runs on the real clock, was quicker).
	 */
	start = time_now_ms();
	for (i = 0; i < 10; i++)
		peer_data(&t, (uint32_t)i * 500, 500, TCP_PSH);
	CHECK_INT(t.deliveries, 10);
	CHECK(stream_ok(&t, 5000));
	step();
	if (time_now_ms() - start < STACK_DELACK_MS)
		CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_ACK);
	CHECK_INT(seg.ack, PEER_ISS + 1 + 5000);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	test_close(&t);
}

UNIT_TEST(tcp_stretch_ack_during_a_stream)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t off = 0, base;
	uint64_t start;

	test_establish(&t);
	/* Data in every step: the ACK waits for the delayed-ACK timer. */
	start = time_now_ms();
	while (fake_netdev_tx_count(t.netdev) == 0 &&
	       time_now_ms() - start < DELACK_WAIT_MS) {
		peer_data(&t, off, STREAM_SEG_LEN, 0);
		off += STREAM_SEG_LEN;
		step();
	}
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 1 + off);
	CHECK(time_now_ms() - start >= STACK_DELACK_MS);

	/* A quarter of the window unacknowledged is acknowledged at once. */
	base = off;
	for (off = 0; off < OUR_WINDOW / 4; off += BULK_SEG_LEN)
		peer_data(&t, base + off, BULK_SEG_LEN, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 1 + base + off);
	test_close(&t);
}

UNIT_TEST(tcp_delayed_ack)
{
	struct tcp_test t;
	struct seg_out seg;

	test_establish(&t);
	peer_data(&t, 0, 100, TCP_PSH);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	run_until_frames(&t, 1, DELACK_WAIT_MS);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 1 + 100);
	CHECK(stream_ok(&t, 100));
	test_close(&t);
}

UNIT_TEST(tcp_out_of_order_sack)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	/* [100,200) beyond a hole: held, ACK at once with its SACK block. */
	peer_data(&t, 100, 100, 0);
	CHECK_INT(t.deliveries, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base);
	CHECK_INT(seg.nsack, 1);
	CHECK_INT(seg.sack[0][0], base + 100);
	CHECK_INT(seg.sack[0][1], base + 200);

	/* [300,400): the latest block is reported first. */
	peer_data(&t, 300, 100, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base);
	CHECK_INT(seg.nsack, 2);
	CHECK_INT(seg.sack[0][0], base + 300);
	CHECK_INT(seg.sack[0][1], base + 400);
	CHECK_INT(seg.sack[1][0], base + 100);
	CHECK_INT(seg.sack[1][1], base + 200);

	/* [200,300) joins the two blocks. */
	peer_data(&t, 200, 100, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.nsack, 1);
	CHECK_INT(seg.sack[0][0], base + 100);
	CHECK_INT(seg.sack[0][1], base + 400);
	CHECK_INT(t.deliveries, 0);

	/* The hole fills: everything goes up in order, ACKed at once. */
	peer_data(&t, 0, 100, 0);
	CHECK(stream_ok(&t, 400));
	CHECK_INT(t.deliveries, 4);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 400);
	CHECK_INT(seg.nsack, 0);
	test_close(&t);
}

UNIT_TEST(tcp_data_while_holding_out_of_order)
{
	static uint8_t data[PEER_MSS];
	struct tcp_test t;
	struct seg_out seg;

	test_establish(&t);
	peer_data(&t, 100, 100, 0);
	/* A full-sized segment has no room for SACK blocks... */
	memset(data, 'r', sizeof(data));
	CHECK_INT(tcp_send(t.conn, data, sizeof(data)), sizeof(data));
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.len, PEER_MSS);
	CHECK_INT(seg.nsack, 0);
	CHECK_INT(seg.ack, PEER_ISS + 1);
	/* ...so a pure ACK carries them at the end of the step. */
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.len, 0);
	CHECK_INT(seg.nsack, 1);
	CHECK_INT(seg.sack[0][0], PEER_ISS + 101);
	test_close(&t);
}

UNIT_TEST(tcp_duplicates_and_overlaps)
{
	struct tcp_test t;
	struct seg_out seg;
	unsigned long dropped;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	peer_data(&t, 0, 100, 0);
	dropped = t.netdev->stats.rx_dropped;
	/* An exact duplicate is dropped and reported by D-SACK. */
	peer_data(&t, 0, 100, 0);
	CHECK_INT(t.netdev->stats.rx_dropped, dropped + 1);
	CHECK_INT(t.deliveries, 1);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 100);
	CHECK_INT(seg.nsack, 1);
	CHECK_INT(seg.sack[0][0], base);
	CHECK_INT(seg.sack[0][1], base + 100);
	/* Overlapping the front: only the new bytes go up. */
	peer_data(&t, 50, 100, 0);
	CHECK(stream_ok(&t, 150));
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.sack[0][0], base + 50);
	CHECK_INT(seg.sack[0][1], base + 100);
	/* Out-of-order overlaps are trimmed against what is held. */
	peer_data(&t, 300, 100, 0);
	peer_data(&t, 350, 100, 0);	/* half new */
	peer_data(&t, 320, 50, 0);	/* all held already */
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 150);
	CHECK_INT(seg.nsack, 2);
	CHECK_INT(seg.sack[0][0], base + 320);
	CHECK_INT(seg.sack[0][1], base + 370);
	CHECK_INT(seg.sack[1][0], base + 300);
	CHECK_INT(seg.sack[1][1], base + 450);
	peer_data(&t, 250, 300, 0);	/* covers the held data */
	peer_data(&t, 500, 20, 0);	/* inside the last */
	CHECK(stream_ok(&t, 150));
	peer_data(&t, 140, 120, 0);	/* fills the hole, overlaps both */
	CHECK(stream_ok(&t, 550));
	step();
	fake_netdev_tx_flush(t.netdev);
	peer_data(&t, 0, 550, 0);	/* all old */
	CHECK(stream_ok(&t, 550));
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 550);
	CHECK_INT(seg.nsack, 1);
	CHECK_INT(seg.sack[0][0], base);
	CHECK_INT(seg.sack[0][1], base + 550);
	test_close(&t);
}

UNIT_TEST(tcp_sack_recent_blocks_first)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;
	uint32_t off;
	int i;

	test_establish(&t);
	/* Five runs in one step: the four newest are reported, newest first. */
	for (off = 100; off <= 900; off += 200)
		peer_data(&t, off, 100, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base);
	CHECK_INT(seg.nsack, 4);
	for (i = 0; i < 4; i++) {
		CHECK_INT(seg.sack[i][0], base + 900 - (uint32_t)i * 200);
		CHECK_INT(seg.sack[i][1], base + 1000 - (uint32_t)i * 200);
	}
	/* Growing an old run makes it the newest. */
	peer_data(&t, 200, 50, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.nsack, 4);
	CHECK_INT(seg.sack[0][0], base + 100);
	CHECK_INT(seg.sack[0][1], base + 250);
	CHECK_INT(seg.sack[1][0], base + 900);
	CHECK_INT(seg.sack[2][0], base + 700);
	CHECK_INT(seg.sack[3][0], base + 500);
	test_close(&t);
}

UNIT_TEST(tcp_beyond_window)
{
	struct tcp_test t;
	struct seg_out seg;
	unsigned long dropped;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	dropped = t.netdev->stats.rx_dropped;
	/* Wholly beyond the window: dropped, answered with an ACK. */
	peer_data(&t, OUR_WINDOW, 100, 0);
	CHECK_INT(t.netdev->stats.rx_dropped, dropped + 1);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base);
	CHECK_INT(seg.nsack, 0);
	/* Straddling the right edge: only what fits is held. */
	peer_data(&t, OUR_WINDOW - 40, 100, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.nsack, 1);
	CHECK_INT(seg.sack[0][0], base + OUR_WINDOW - 40);
	CHECK_INT(seg.sack[0][1], base + OUR_WINDOW);
	CHECK_INT(t.deliveries, 0);
	test_close(&t);
}

UNIT_TEST(tcp_malformed_dropped)
{
	struct tcp_test t;
	uint8_t buf[FRAME_MAX];
	unsigned long dropped;
	size_t n;

	test_establish(&t);
	dropped = t.netdev->stats.rx_dropped;
	/* Bad checksum. */
	n = build_segment(buf, PEER_PORT, t.port, PEER_ISS + 1, t.iss + 1,
			  TCP_ACK, PEER_WINDOW, NULL, 0, "hello", 5);
	buf[n - 1] ^= 0x40;
	inject(&t, buf, n);
	/* Data offset below the header size. */
	n = build_segment(buf, PEER_PORT, t.port, PEER_ISS + 1, t.iss + 1,
			  TCP_ACK, PEER_WINDOW, NULL, 0, "hello", 5);
	buf[12] = 4 << TCP_DOFF_SHIFT;
	inject(&t, buf, n);
	/* Data offset beyond the segment. */
	n = build_segment(buf, PEER_PORT, t.port, PEER_ISS + 1, t.iss + 1,
			  TCP_ACK, PEER_WINDOW, NULL, 0, "hi", 2);
	buf[12] = 15 << TCP_DOFF_SHIFT;
	inject(&t, buf, n);
	/* Shorter than a header. */
	inject(&t, buf, TCP_HLEN - 1);
	CHECK_INT(t.netdev->stats.rx_dropped, dropped + 4);
	CHECK_INT(t.deliveries, 0);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	test_close(&t);
}

UNIT_TEST(tcp_reset_checks)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	/* Outside the window: ignored silently. */
	peer_send(&t, base - 1000, 0, TCP_RST, NULL, 0);
	peer_send(&t, base + OUR_WINDOW, 0, TCP_RST, NULL, 0);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	CHECK_INT(t.closed, 0);
	/* In the window but not exact: a challenge ACK. */
	peer_send(&t, base + 10, 0, TCP_RST, NULL, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_ACK);
	CHECK_INT(seg.ack, base);
	CHECK_INT(t.closed, 0);
	/* A SYN in a synchronized state: a challenge ACK too. */
	peer_send(&t, base, 0, TCP_SYN, NULL, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base);
	CHECK_INT(t.closed, 0);
	/* Exact: the connection is reset. */
	peer_send(&t, base, 0, TCP_RST, NULL, 0);
	CHECK_INT(t.closed, 1);
	CHECK_INT(t.closed_rc, -ECONNRESET);
	/* Closed: no RST of ours on free, and later segments get RST. */
	tcp_free(t.conn);
	t.conn = NULL;
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	peer_data(&t, 0, 10, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST);
	CHECK_INT(seg.seq, t.iss + 1);
	CHECK_INT(t.closed, 1);
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_no_ack_after_reset)
{
	struct tcp_test t;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	/* Data still unacknowledged when the reset comes: nothing goes out. */
	peer_data(&t, 0, 100, 0);
	peer_send(&t, base + 100, 0, TCP_RST, NULL, 0);
	CHECK_INT(t.closed, 1);
	run_for(DELACK_WAIT_MS);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	tcp_free(t.conn);
	t.conn = NULL;
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_peer_fin)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	peer_data(&t, 0, 100, TCP_FIN);
	CHECK(stream_ok(&t, 100));
	CHECK_INT(t.closed, 1);
	CHECK_INT(t.closed_rc, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 101);
	/* A retransmitted FIN is acknowledged again, with no callback. */
	peer_data(&t, 0, 100, TCP_FIN);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 101);
	CHECK_INT(t.closed, 1);
	/* We close our side too; the peer's ACK ends the connection. */
	tcp_shutdown(t.conn);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_FIN | TCP_ACK);
	CHECK_INT(seg.seq, t.iss + 1);
	peer_send(&t, base + 101, t.iss + 2, TCP_ACK, NULL, 0);
	/* Nothing open any more: free sends nothing. */
	tcp_free(t.conn);
	t.conn = NULL;
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	CHECK_INT(t.closed, 1);
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_peer_fin_then_free_resets)
{
	struct tcp_test t;
	struct seg_out seg;

	test_establish(&t);
	t.free_on_closed = true;
	peer_data(&t, 0, 10, TCP_FIN);
	CHECK_INT(t.closed, 1);
	CHECK(t.conn == NULL);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST);
	CHECK_INT(seg.seq, t.iss + 1);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_fin_out_of_order)
{
	struct tcp_test t;
	struct seg_out seg;

	test_establish(&t);
	peer_data(&t, 100, 50, TCP_FIN);
	CHECK_INT(t.closed, 0);
	peer_data(&t, 0, 100, 0);
	CHECK(stream_ok(&t, 150));
	CHECK_INT(t.closed, 1);
	CHECK_INT(t.closed_rc, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 1 + 151);
	test_close(&t);
}

UNIT_TEST(tcp_our_fin_first)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	CHECK_INT(tcp_send(t.conn, "bye", 3), 3);
	tcp_shutdown(t.conn);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_ACK | TCP_PSH);
	CHECK_INT(seg.seq, t.iss + 1);
	CHECK_INT(seg.len, 3);
	CHECK_MEM(seg.payload, "bye", 3);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_ACK | TCP_FIN);
	CHECK_INT(seg.seq, t.iss + 4);
	CHECK_INT(seg.len, 0);
	CHECK_INT(tcp_send(t.conn, "more", 4), 0);
	/* The peer acknowledges data and FIN, sends a reply, then its FIN. */
	peer_send(&t, base, t.iss + 5, TCP_ACK, NULL, 0);
	CHECK_INT(t.closed, 0);
	peer_data(&t, 0, 20, 0);
	peer_send(&t, base + 20, t.iss + 5, TCP_ACK | TCP_FIN, NULL, 0);
	CHECK(stream_ok(&t, 20));
	CHECK_INT(t.closed, 1);
	CHECK_INT(t.closed_rc, 0);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 21);
	CHECK_INT(seg.seq, t.iss + 5);
	/* TIME-WAIT: free sends nothing. */
	tcp_free(t.conn);
	t.conn = NULL;
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_simultaneous_close)
{
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;

	test_establish(&t);
	tcp_shutdown(t.conn);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_ACK | TCP_FIN);
	/* The peer's FIN crosses ours (CLOSING), then it ACKs ours. */
	peer_send(&t, base, t.iss + 1, TCP_ACK | TCP_FIN, NULL, 0);
	CHECK_INT(t.closed, 1);
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, base + 1);
	peer_send(&t, base + 1, t.iss + 2, TCP_ACK, NULL, 0);
	tcp_free(t.conn);
	t.conn = NULL;
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_data_retransmit)
{
	static const char request[] = "GET / HTTP/1.1\r\n\r\n";
	struct tcp_test t;
	struct seg_out first, again;
	size_t len = sizeof(request) - 1;

	test_establish(&t);
	CHECK_INT(tcp_send(t.conn, request, len), len);
	CHECK(pop_segment(&t, &first));
	CHECK(first.csum_ok);
	CHECK_INT(first.flags, TCP_ACK | TCP_PSH);
	CHECK_INT(first.seq, t.iss + 1);
	CHECK_INT(first.len, len);
	CHECK_MEM(first.payload, request, len);
	/* No ACK: the same segment again after the RTO. */
	run_until_frames(&t, 1, RTO_WAIT_MS);
	CHECK(pop_segment(&t, &again));
	CHECK_INT(again.seq, first.seq);
	CHECK_INT(again.len, len);
	CHECK_MEM(again.payload, request, len);
	/* Acknowledged: space opens up and nothing more is resent. */
	peer_send(&t, PEER_ISS + 1, t.iss + 1 + (uint32_t)len, TCP_ACK, NULL,
		  0);
	CHECK_INT(t.writable, 1);
	run_for(RTO_WAIT_MS);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	CHECK_INT(t.closed, 0);
	test_close(&t);
}

UNIT_TEST(tcp_fast_retransmit)
{
	static uint8_t data[3 * PEER_MSS];
	struct tcp_test t;
	struct seg_out seg;
	uint32_t base = PEER_ISS + 1;
	int i;

	test_establish(&t);
	/* The peer's first ACK after the handshake brings its scaled window. */
	peer_send(&t, base, t.iss + 1, TCP_ACK, NULL, 0);
	memset(data, 'x', sizeof(data));
	CHECK_INT(tcp_send(t.conn, data, sizeof(data)), sizeof(data));
	for (i = 0; i < 3; i++) {
		CHECK(pop_segment(&t, &seg));
		CHECK_INT(seg.seq, t.iss + 1 + (uint32_t)i * PEER_MSS);
		CHECK_INT(seg.len, PEER_MSS);
	}
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	/* The first segment was lost: three duplicate ACKs. */
	for (i = 0; i < 3; i++)
		peer_send(&t, base, t.iss + 1, TCP_ACK, NULL, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.seq, t.iss + 1);
	CHECK_INT(seg.len, PEER_MSS);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	/* A partial ACK brings the next hole at once. */
	peer_send(&t, base, t.iss + 1 + PEER_MSS, TCP_ACK, NULL, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.seq, t.iss + 1 + PEER_MSS);
	peer_send(&t, base, t.iss + 1 + sizeof(data), TCP_ACK, NULL, 0);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	test_close(&t);
}

UNIT_TEST(tcp_syn_retransmit)
{
	struct tcp_test t;
	struct seg_out syn, again;

	test_open(&t, &syn);
	run_until_frames(&t, 1, SYN_RTO_WAIT_MS);
	CHECK(pop_segment(&t, &again));
	CHECK_INT(again.flags, TCP_SYN);
	CHECK_INT(again.seq, syn.seq);
	CHECK_INT(again.sport, syn.sport);
	CHECK_INT(again.mss, OUR_MSS);
	CHECK_INT(t.closed, 0);
	test_close(&t);
}

UNIT_TEST(tcp_connection_refused)
{
	struct tcp_test t;
	struct seg_out syn;

	test_open(&t, &syn);
	/* A reset that does not acknowledge our SYN is ignored. */
	peer_send(&t, 0, t.iss + 7, TCP_RST | TCP_ACK, NULL, 0);
	peer_send(&t, 0, 0, TCP_RST, NULL, 0);
	CHECK_INT(t.closed, 0);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	peer_send(&t, 0, t.iss + 1, TCP_RST | TCP_ACK, NULL, 0);
	CHECK_INT(t.closed, 1);
	CHECK_INT(t.closed_rc, -ECONNREFUSED);
	CHECK_INT(t.connected, 0);
	test_close(&t);
	CHECK_INT(t.closed, 1);
}

UNIT_TEST(tcp_synack_bad_ack)
{
	struct tcp_test t;
	struct seg_out syn, seg;

	test_open(&t, &syn);
	peer_send(&t, PEER_ISS, t.iss + 5, TCP_SYN | TCP_ACK, NULL, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST);
	CHECK_INT(seg.seq, t.iss + 5);
	CHECK_INT(t.connected, 0);
	/* The right SYN-ACK still completes the handshake. */
	peer_synack(&t);
	CHECK_INT(t.connected, 1);
	test_close(&t);
}

UNIT_TEST(tcp_synack_without_options)
{
	static uint8_t data[1000];
	struct tcp_test t;
	struct seg_out syn, seg;

	test_open(&t, &syn);
	peer_send(&t, PEER_ISS, t.iss + 1, TCP_SYN | TCP_ACK, NULL, 0);
	CHECK_INT(t.connected, 1);
	step();
	CHECK(pop_segment(&t, &seg));
	/* No window scaling: the largest unscaled window. */
	CHECK_INT(seg.window, 0xffff);
	/* No MSS option: 536-byte segments. */
	memset(data, 'y', sizeof(data));
	CHECK_INT(tcp_send(t.conn, data, sizeof(data)), sizeof(data));
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.len, 536);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.len, sizeof(data) - 536);
	/* No SACK: every out-of-order segment brings a duplicate ACK. */
	peer_data(&t, 100, 10, 0);
	peer_data(&t, 200, 10, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 1);
	CHECK_INT(seg.nsack, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 1);
	test_close(&t);
}

UNIT_TEST(tcp_no_connection_reset)
{
	struct tcp_test t;
	struct seg_out seg;
	uint8_t buf[FRAME_MAX];
	unsigned long dropped;
	size_t n;

	test_establish(&t);
	dropped = t.netdev->stats.rx_dropped;
	/* A SYN to a closed port: RST+ACK acknowledging it. */
	n = build_segment(buf, 1234, 5678, 1000, 0, TCP_SYN, PEER_WINDOW,
			  NULL, 0, NULL, 0);
	inject(&t, buf, n);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST | TCP_ACK);
	CHECK_INT(seg.seq, 0);
	CHECK_INT(seg.ack, 1001);
	CHECK_INT(seg.sport, 5678);
	CHECK_INT(seg.dport, 1234);
	CHECK_INT(seg.dest, PEER_IP);
	CHECK(seg.csum_ok);
	/* An ACK with data: RST from its acknowledgement number. */
	n = build_segment(buf, 1234, 5678, 1000, 4242, TCP_ACK, PEER_WINDOW,
			  NULL, 0, "abc", 3);
	inject(&t, buf, n);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST);
	CHECK_INT(seg.seq, 4242);
	/* A RST is never answered. */
	n = build_segment(buf, 1234, 5678, 1000, 0, TCP_RST, PEER_WINDOW,
			  NULL, 0, NULL, 0);
	inject(&t, buf, n);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	CHECK_INT(t.netdev->stats.rx_dropped, dropped + 3);
	test_close(&t);
}

UNIT_TEST(tcp_free_from_callbacks)
{
	struct tcp_test t;
	struct seg_out seg;

	/* Freed in deliver while held data waits behind it. */
	test_establish(&t);
	t.free_on_deliver = true;
	peer_data(&t, 100, 100, 0);
	peer_data(&t, 200, 100, TCP_FIN);
	peer_data(&t, 0, 100, 0);
	CHECK_INT(t.deliveries, 1);
	CHECK_INT(t.closed, 0);
	CHECK(t.conn == NULL);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	fake_netdev_destroy(t.netdev);

	/* Freed in connected. */
	test_open(&t, &seg);
	t.free_on_connected = true;
	peer_synack(&t);
	CHECK_INT(t.connected, 1);
	CHECK(t.conn == NULL);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_RST);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	fake_netdev_destroy(t.netdev);
}

UNIT_TEST(tcp_no_route)
{
	struct tcp_test t;
	struct sockaddr_in far = { FAKE_IP(192, 168, 7, 7), htons(80) };

	memset(&t, 0, sizeof(t));
	t.netdev = fake_netdev_create();
	fake_netdev_configure(t.netdev, OUR_IP, NETMASK, 0);
	t.conn = tcp_connect(&far, &test_callbacks, &t);
	CHECK(t.conn != NULL);
	CHECK_INT(t.closed, 0);
	step();
	CHECK_INT(t.closed, 1);
	CHECK_INT(t.closed_rc, -ENETUNREACH);
	test_close(&t);
}

UNIT_TEST(tcp_out_of_order_memory_bounded)
{
	struct tcp_test t;
	struct heap_stats before, after;
	unsigned long dropped;
	uint8_t data[OOO_SEG_LEN];
	uint32_t off;

	/* Segments with one-byte holes between them, all in the window. */
	test_establish(&t);
	memset(data, 'z', sizeof(data));
	dropped = t.netdev->stats.rx_dropped;
	heap_get_stats(&before);
	for (off = 1; off + OOO_SEG_LEN < OUR_WINDOW; off += OOO_SEG_LEN + 1)
		peer_send(&t, PEER_ISS + 1 + off, t.iss + 1, TCP_ACK, data,
			  OOO_SEG_LEN);
	heap_get_stats(&after);
	CHECK(t.netdev->stats.rx_dropped > dropped);
	CHECK(after.used - before.used < OUR_WINDOW + OOO_SLACK);
	CHECK_INT(t.deliveries, 0);
	step();
	fake_netdev_tx_flush(t.netdev);
	test_close(&t);
}

UNIT_TEST(tcp_send_before_connected)
{
	struct tcp_test t;
	struct seg_out syn, seg;

	test_open(&t, &syn);
	CHECK_INT(tcp_send(t.conn, "early", 5), 5);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	peer_synack(&t);
	/* The queued data goes out at once and carries the ACK. */
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.flags, TCP_ACK | TCP_PSH);
	CHECK_INT(seg.seq, t.iss + 1);
	CHECK_INT(seg.ack, PEER_ISS + 1);
	CHECK_INT(seg.len, 5);
	CHECK_MEM(seg.payload, "early", 5);
	step();
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	test_close(&t);
}

UNIT_TEST(tcp_synack_with_data)
{
	struct tcp_test t;
	struct seg_out syn, seg;
	uint8_t buf[FRAME_MAX];
	size_t n;

	test_open(&t, &syn);
	n = build_segment(buf, PEER_PORT, t.port, PEER_ISS, t.iss + 1,
			  TCP_SYN | TCP_ACK, PEER_WINDOW, NULL, 0, "\x03\x0a",
			  2);
	inject(&t, buf, n);
	CHECK_INT(t.connected, 1);
	CHECK(stream_ok(&t, 2));
	step();
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.ack, PEER_ISS + 3);
	test_close(&t);
}

UNIT_TEST(tcp_zero_window_probe)
{
	struct tcp_test t;
	struct seg_out syn, seg;
	uint8_t buf[FRAME_MAX];
	size_t n;

	test_open(&t, &syn);
	/* The peer opens with a closed window. */
	n = build_segment(buf, PEER_PORT, t.port, PEER_ISS, t.iss + 1,
			  TCP_SYN | TCP_ACK, 0, NULL, 0, NULL, 0);
	inject(&t, buf, n);
	step();
	fake_netdev_tx_flush(t.netdev);
	CHECK_INT(tcp_send(t.conn, "abcdef", 6), 6);
	CHECK_INT(fake_netdev_tx_count(t.netdev), 0);
	/* After a timeout one byte probes the window. */
	run_until_frames(&t, 1, RTO_WAIT_MS);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.seq, t.iss + 1);
	CHECK_INT(seg.len, 1);
	CHECK_INT(seg.payload[0], 'a');
	/* The window opens with the probe's ACK: the rest follows. */
	peer_send(&t, PEER_ISS + 1, t.iss + 2, TCP_ACK, NULL, 0);
	CHECK(pop_segment(&t, &seg));
	CHECK_INT(seg.seq, t.iss + 2);
	CHECK_INT(seg.len, 5);
	CHECK_MEM(seg.payload, "bcdef", 5);
	test_close(&t);
}
