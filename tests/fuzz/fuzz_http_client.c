/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the HTTP client (src/net/http.c) with TCP below it, through
 * the real event loop. Each input downloads http://10.0.0.1/boot.img over
 * the test network, which answers every ARP request; the input plays the
 * server. A timer due at once, fired by the download's own waits, plays
 * one step of the server per event-loop step: it accepts each new
 * connection (SYN-ACK), then sends the next record as a segment on the
 * latest connection, in sequence and acknowledging all the client sent,
 * as soon as the client has sent something new (or after a few steps).
 * Once the records are used up it resets the connection and refuses new
 * ones, so every download ends at once: a redirect, a resumption or a
 * kept-alive connection cannot make an input wait.
 *
 * Input: records, each one byte of FUZZ_* flags, a 16-bit big-endian
 * length and that many bytes of the server's stream.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/download.h>
#include <core/image.h>
#include <core/timer.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tcp.h>
#include "harness.h"
#include "testnet.h"

/* The record ends the server's side of the stream (FIN). */
#define FUZZ_FIN 0x01
/* The record is followed by a reset: the connection drops. */
#define FUZZ_RESET 0x02

#define FUZZ_URI "http://10.0.0.1/boot.img"
#define FUZZ_IMAGE "fuzz"
#define FUZZ_SERVER_ISN 1000
/*
 * Steps a record waits for the client to send something (its request)
 * first; a server answers requests, but must not wait for ever.
 */
#define FUZZ_MAX_HOLD 16
/* Repeatable ports and sequence numbers from one input to the next. */
#define FUZZ_RANDOM_SEED 1
/* Largest segment: what one IPv4 datagram can hold. */
#define FUZZ_SEGMENT_MAX (IPV4_MAX_LEN - IPV4_HLEN - TCP_HLEN)
#define FUZZ_FRAME_MAX (ETH_HLEN + IPV4_MAX_LEN)

/* The server side of one input. */
struct fuzz_server {
	struct net_device *netdev;
	struct fuzz_input in;
	bool open;		/* a connection is accepted and not reset */
	uint16_t port;		/* its client port, network order */
	uint32_t iss;		/* the client's initial sequence number */
	uint32_t seq;		/* the server's next sequence number */
	uint16_t peer_port;	/* the port the client connected to */
	uint32_t peer_ip;	/* the address it connected to */
	uint32_t client_next;	/* the client's tcp_next at our last record */
	unsigned int held;	/* steps the next record has waited */
};

static struct fuzz_server fuzz_server;
static struct timer fuzz_server_timer;
static uint8_t fuzz_frame[FUZZ_FRAME_MAX];

/* Send a segment of the current connection, from where the client went. */
static void server_send(struct fuzz_server *srv, uint32_t seq, uint32_t ack,
			uint8_t flags, const void *payload, size_t len)
{
	size_t frame_len = testnet_tcp_frame(fuzz_frame, sizeof(fuzz_frame),
					     srv->peer_port, srv->port, seq,
					     ack, flags, payload, len);
	struct iphdr *ip = (struct iphdr *)(fuzz_frame + ETH_HLEN);

	fuzz_check(frame_len != 0);
	/* The answer comes from whichever address the client called. */
	ip->src = srv->peer_ip;
	testnet_fix_checksums(fuzz_frame, frame_len);
	fake_netdev_rx_later(srv->netdev, fuzz_frame, frame_len);
}

/* The client's latest SYN, if it is not the connection we know. */
static bool new_connection(const struct fuzz_server *srv)
{
	return testnet_sent.syn_seen && (testnet_sent.tcp_port != srv->port ||
					 testnet_sent.iss != srv->iss);
}

/* Accept the new connection, or refuse it once the input is used up. */
static void answer_syn(struct fuzz_server *srv)
{
	srv->port = testnet_sent.tcp_port;
	srv->iss = testnet_sent.iss;
	srv->peer_port = testnet_sent.tcp_dport;
	srv->peer_ip = testnet_sent.tcp_daddr;
	srv->seq = FUZZ_SERVER_ISN;
	srv->client_next = srv->iss + 1;
	srv->held = 0;
	srv->open = srv->in.len != 0;
	server_send(srv, srv->seq, srv->iss + 1,
		    srv->open ? TCP_SYN | TCP_ACK : TCP_RST | TCP_ACK,
		    NULL, 0);
	srv->seq++;
}

/* Hold the next record until the client sent more, for a few steps. */
static bool hold_record(struct fuzz_server *srv)
{
	if (testnet_sent.tcp_next == srv->client_next &&
	    srv->held < FUZZ_MAX_HOLD) {
		srv->held++;
		return true;
	}
	srv->held = 0;
	srv->client_next = testnet_sent.tcp_next;
	return false;
}

/* The next record as a segment; the connection's reset after the last. */
static void send_record(struct fuzz_server *srv)
{
	const uint8_t *payload;
	uint8_t flags;
	size_t len;

	if (hold_record(srv))
		return;
	if (!srv->in.len) {
		server_send(srv, srv->seq, testnet_sent.tcp_next, TCP_RST,
			    NULL, 0);
		srv->open = false;
		return;
	}
	flags = fuzz_byte(&srv->in);
	len = fuzz_u16(&srv->in);
	len = fuzz_take(&srv->in, MIN(len, (size_t)FUZZ_SEGMENT_MAX),
			&payload);
	server_send(srv, srv->seq, testnet_sent.tcp_next,
		    TCP_ACK | TCP_PSH | (flags & FUZZ_FIN ? TCP_FIN : 0),
		    payload, len);
	srv->seq += (uint32_t)len + (flags & FUZZ_FIN ? 1 : 0);
	if (flags & FUZZ_RESET) {
		server_send(srv, srv->seq, testnet_sent.tcp_next, TCP_RST,
			    NULL, 0);
		srv->open = false;
	}
}

/* One step of the server, every step of the event loop. */
static void serve(struct timer *timer)
{
	struct fuzz_server *srv = &fuzz_server;

	if (new_connection(srv))
		answer_syn(srv);
	else if (srv->open)
		send_record(srv);
	timer_start(timer, 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	timer_init(&fuzz_server_timer, serve);
	return 0;
}

/*
 * Download once; the input's bytes are the most the image can hold. The
 * server resets or refuses everything once the input is used up, so the
 * download ends without waiting.
 */
static void download_checked(size_t size)
{
	struct image *image = NULL;
	int rc = download(FUZZ_URI, FUZZ_IMAGE, &image);

	fuzz_check(rc != -ETIMEDOUT && rc != -ECANCELED);
	if (rc == 0) {
		fuzz_check(image->len <= size);
		unregister_image(image);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct fuzz_server *srv = &fuzz_server;
	struct net_device *netdev;

	srandom(FUZZ_RANDOM_SEED);
	netdev = testnet_create(TESTNET_ANSWER_ARP);
	memset(srv, 0, sizeof(*srv));
	srv->netdev = netdev;
	srv->in.data = data;
	srv->in.len = size;
	timer_start(&fuzz_server_timer, 0);
	/* The second download may reuse the first's connection. */
	download_checked(size);
	download_checked(size);
	/*
	 * A kept-alive connection waits for the next download: one more,
	 * with the rest of the input dropped, is refused and releases it.
	 */
	srv->in.len = 0;
	download_checked(size);
	timer_stop(&fuzz_server_timer);
	fake_netdev_destroy(netdev);
	fuzz_check_heap(blocks);
	return 0;
}
