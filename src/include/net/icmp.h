/* SPDX-License-Identifier: MIT */
/* ICMP echo: answering pings, and sending them for the `ping` command. */
#ifndef NET_ICMP_H
#define NET_ICMP_H

#include <stddef.h>
#include <stdint.h>
#include <core/compiler.h>
#include <core/list.h>

#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

/* The header of an echo request or reply; then the payload. */
struct icmp_echo {
	uint8_t type;
	uint8_t code;
	uint16_t chksum;
	uint16_t ident;		/* big endian */
	uint16_t seq;		/* big endian */
} __packed;

/* Someone waiting for echo replies with a given identifier. */
struct icmp_echo_listener {
	struct list_head list;
	uint16_t ident;		/* host order */
	/* A reply for IDENT from SRC: SEQ (host order), PAYLOAD of LEN. */
	void (*reply)(struct icmp_echo_listener *listener, uint32_t src,
		      uint16_t seq, const void *payload, size_t len);
};

void icmp_echo_listen(struct icmp_echo_listener *listener);
void icmp_echo_unlisten(struct icmp_echo_listener *listener);

/* Send an echo request with LEN bytes of PAYLOAD to DEST (network order). */
int icmp_echo_send(uint32_t dest, uint16_t ident, uint16_t seq,
		   const void *payload, size_t len);

#endif
