/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the receive path from Ethernet up through ARP, IPv4
 * (with reassembly), ICMP, UDP and TCP. For each input a test device is
 * registered and opened with address 10.0.0.2/24; the peer 10.0.0.1 is
 * in the ARP cache; a UDP socket listens on port 4000, an ICMP echo
 * listener waits for identifier 0x4242, and a TCP connection to
 * 10.0.0.1:80 has sent its SYN. Then the input's frames arrive one by
 * one, the event loop stepping after each; at the end everything is
 * torn down and the heap must be as it was.
 *
 * Input: one byte of FUZZ_* flags, then frames, each a 16-bit big-endian
 * length and that many bytes (a whole Ethernet frame). The flags help the
 * fuzzer past what it cannot guess: checksums, and the random port and
 * initial sequence number of our connection.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/process.h>
#include <net/icmp.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tcp.h>
#include <net/udp.h>
#include "harness.h"
#include "testnet.h"

/* Recompute the IPv4 header checksum and the ICMP, UDP or TCP one. */
#define FUZZ_FIX_CHECKSUMS 0x01
/*
 * TCP segments are from the peer to our connection, and their
 * acknowledgment number counts from our initial sequence number.
 */
#define FUZZ_TCP_RELATIVE 0x02
/* Once connected, send our FIN after the request. */
#define FUZZ_TCP_SHUTDOWN 0x04
/* Leave the peer out of the ARP cache: the SYN waits for a reply. */
#define FUZZ_ARP_UNKNOWN 0x08

#define FUZZ_TCP_PORT 80
#define FUZZ_UDP_PORT 4000
#define FUZZ_ICMP_IDENT 0x4242
/* Repeatable ports and sequence numbers from one input to the next. */
#define FUZZ_RANDOM_SEED 1
#define FUZZ_REQUEST "GET / HTTP/1.1\r\nHost: 10.0.0.1\r\n\r\n"

/* The state of one input's run. */
struct fuzz_net {
	struct net_device *netdev;
	struct tcp_conn *conn;
	struct udp_conn udp;
	struct icmp_echo_listener echo;
	uint8_t flags;
	size_t injected;	/* bytes of frames received */
	size_t delivered;	/* TCP payload handed to us */
	bool closed;		/* the TCP connection reported its end */
};

static struct fuzz_net fuzz_net;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

/* --- the listeners -------------------------------------------------- */

static void fuzz_udp_rx(struct udp_conn *conn, struct io_buffer *iob,
			const struct sockaddr_in *src,
			struct net_device *netdev, void *ctx)
{
	struct fuzz_net *st = ctx;

	fuzz_check(iob_len(iob) <= st->injected);
	free_iob(iob);
}

static void fuzz_echo_reply(struct icmp_echo_listener *listener,
			    uint32_t src, uint16_t seq, const void *payload,
			    size_t len)
{
	struct fuzz_net *st = container_of(listener, struct fuzz_net, echo);

	fuzz_check(len <= st->injected);
}

/* No callback follows closed(). */
static void fuzz_tcp_connected(void *ctx)
{
	struct fuzz_net *st = ctx;

	fuzz_check(!st->closed);
	tcp_send(st->conn, FUZZ_REQUEST, sizeof(FUZZ_REQUEST) - 1);
	if (st->flags & FUZZ_TCP_SHUTDOWN)
		tcp_shutdown(st->conn);
}

/* Payload is never made up: no more is delivered than ever arrived. */
static void fuzz_tcp_deliver(void *ctx, struct io_buffer *iob)
{
	struct fuzz_net *st = ctx;

	fuzz_check(!st->closed);
	st->delivered += iob_len(iob);
	fuzz_check(st->delivered <= st->injected);
	free_iob(iob);
}

static void fuzz_tcp_closed(void *ctx, int rc)
{
	struct fuzz_net *st = ctx;

	fuzz_check(!st->closed);
	st->closed = true;
}

static const struct tcp_callbacks fuzz_tcp_callbacks = {
	.connected = fuzz_tcp_connected,
	.deliver = fuzz_tcp_deliver,
	.closed = fuzz_tcp_closed,
};

/* --- shaping the frames --------------------------------------------- */

/* Address a TCP segment from the peer to our connection. */
static void make_relative(uint8_t *frame, size_t len)
{
	struct tcphdr *tcp = testnet_frame_tcp(frame, len);
	struct iphdr *ip = (struct iphdr *)(frame + ETH_HLEN);

	if (!tcp || !testnet_sent.syn_seen)
		return;
	ip->src = TESTNET_PEER_IP;
	ip->dest = TESTNET_OUR_IP;
	tcp->src = htons(FUZZ_TCP_PORT);
	tcp->dest = testnet_sent.tcp_port;
	tcp->ack = htonl(ntohl(tcp->ack) + testnet_sent.iss);
}

/* Receive the LEN-byte FRAME, shaped as the flags ask; let the stack run. */
static void fuzz_frame(struct fuzz_net *st, const uint8_t *frame, size_t len)
{
	uint8_t *copy = fuzz_memdup(frame, len);

	fuzz_check(copy != NULL);
	if (st->flags & FUZZ_TCP_RELATIVE)
		make_relative(copy, len);
	if (st->flags & FUZZ_FIX_CHECKSUMS)
		testnet_fix_checksums(copy, len);
	st->injected += len;
	fake_netdev_rx_later(st->netdev, copy, len);
	free(copy);
	step();
}

/* --- one input ------------------------------------------------------ */

static void fuzz_start(struct fuzz_net *st, uint8_t flags)
{
	static const struct sockaddr_in peer = {
		TESTNET_PEER_IP, htons(FUZZ_TCP_PORT)
	};

	memset(st, 0, sizeof(*st));
	st->flags = flags;
	srandom(FUZZ_RANDOM_SEED);
	st->netdev = testnet_create(flags & FUZZ_ARP_UNKNOWN ? 0 :
				    TESTNET_LEARN_PEER);
	fuzz_check(udp_open(&st->udp, htons(FUZZ_UDP_PORT), fuzz_udp_rx,
			    st) == 0);
	st->echo.ident = FUZZ_ICMP_IDENT;
	st->echo.reply = fuzz_echo_reply;
	icmp_echo_listen(&st->echo);
	st->conn = tcp_connect(&peer, &fuzz_tcp_callbacks, st);
	fuzz_check(st->conn != NULL);
}

static void fuzz_stop(struct fuzz_net *st)
{
	tcp_free(st->conn);
	icmp_echo_unlisten(&st->echo);
	udp_close(&st->udp);
	step();
	fake_netdev_destroy(st->netdev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct fuzz_input in = { data, size };
	struct fuzz_net *st = &fuzz_net;
	const uint8_t *frame;
	size_t len;

	fuzz_start(st, fuzz_byte(&in));
	while (in.len) {
		len = fuzz_take(&in, fuzz_u16(&in), &frame);
		fuzz_frame(st, frame, len);
	}
	fuzz_stop(st);
	fuzz_check_heap(blocks);
	return 0;
}
