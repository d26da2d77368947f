/* SPDX-License-Identifier: MIT */
/*
 * TCP client connections. The owner drives a connection with calls and
 * learns of progress through callbacks made from the event loop; callbacks
 * must not wait. Received data is handed over in order, by buffer, so the
 * owner copies it once into its destination.
 */
#ifndef NET_TCP_H
#define NET_TCP_H

#include <stddef.h>
#include <stdint.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <net/inet.h>

/* Header length without options, and the most a data offset can say. */
#define TCP_HLEN 20
#define TCP_MAX_HLEN 60
/* The data offset: 32-bit words, in the high nibble of its byte. */
#define TCP_DOFF_SHIFT 4
#define TCP_DOFF_UNIT 4

/* Header flags. */
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20

/* Option kinds (RFC 9293, RFC 7323, RFC 2018) and their total lengths. */
#define TCP_OPT_END 0
#define TCP_OPT_NOP 1
#define TCP_OPT_MSS 2
#define TCP_OPT_WSCALE 3
#define TCP_OPT_SACK_PERM 4
#define TCP_OPT_SACK 5
#define TCP_OPT_MSS_LEN 4
#define TCP_OPT_WSCALE_LEN 3
#define TCP_OPT_SACK_PERM_LEN 2
/* Kind and length bytes before a SACK option's blocks. */
#define TCP_OPT_SACK_BASE_LEN 2
#define TCP_SACK_BLOCK_LEN 8

struct tcphdr {
	uint16_t src;		/* ports, big endian */
	uint16_t dest;
	uint32_t seq;		/* big endian */
	uint32_t ack;		/* big endian */
	uint8_t doff;		/* data offset << TCP_DOFF_SHIFT */
	uint8_t flags;
	uint16_t window;	/* big endian, scaled except in SYNs */
	uint16_t csum;
	uint16_t urgent;
} __packed;

struct tcp_conn;

struct tcp_callbacks {
	/* The handshake completed. */
	void (*connected)(void *ctx);
	/* In-order payload; the callee consumes IOB (frees it). */
	void (*deliver)(void *ctx, struct io_buffer *iob);
	/*
	 * The connection ended: 0 after the peer's FIN with everything
	 * delivered, else -ECONNRESET, -ETIMEDOUT, -ECONNREFUSED ...
	 * No callback follows; the owner must still call tcp_free().
	 */
	void (*closed)(void *ctx, int rc);
	/* Send space has opened up (optional). */
	void (*writable)(void *ctx);
};

/*
 * Start connecting to PEER. Returns a connection, or NULL if memory or
 * local ports ran out. Every other failure (no route, no answer) comes
 * later through closed().
 */
struct tcp_conn *tcp_connect(const struct sockaddr_in *peer,
			     const struct tcp_callbacks *cb, void *ctx);
/* Queue up to LEN bytes for sending; returns how many were accepted. */
size_t tcp_send(struct tcp_conn *conn, const void *data, size_t len);
/* Send our FIN after all queued data (half close). */
void tcp_shutdown(struct tcp_conn *conn);
/*
 * Send RST if needed and release the connection; no callback follows.
 * A callback may free its own connection.
 */
void tcp_free(struct tcp_conn *conn);

#endif
