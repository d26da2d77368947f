/* SPDX-License-Identifier: MIT */
/* IPv4 addresses, socket addresses and the Internet checksum. */
#ifndef NET_INET_H
#define NET_INET_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define INADDR_ANY 0x00000000U
#define INADDR_BROADCAST 0xffffffffU

/* The dynamic ports (RFC 6335) that TCP and UDP pick local ports from. */
#define INET_EPHEMERAL_MIN 49152
#define INET_EPHEMERAL_MAX 65535

/* An IPv4 endpoint; both fields in network byte order. */
struct sockaddr_in {
	uint32_t addr;
	uint16_t port;
};

/* Dotted quad into a static buffer (rotates among a few, for messages). */
const char *inet_ntoa(uint32_t addr_be);
/*
 * Parse a dotted quad strictly: exactly four decimal numbers 0..255 of one
 * to three digits, nothing else; returns true on success.
 */
bool inet_aton(const char *text, uint32_t *addr_be);

/*
 * A free ephemeral port (network order) chosen from a random start, where
 * IN_USE(port) says which are taken; 0 if none is free.
 */
uint16_t inet_pick_port(bool (*in_use)(uint16_t port_be));

/*
 * Internet checksum (RFC 1071): add LEN bytes of DATA to the running
 * partial sum SUM (start with 0); finish with ~ of the folded result.
 * Every piece but the last must have an even length. The values are in
 * memory (network) order: store the result in a header as it is:
 *
 *	sum = ipv4_pshdr_sum(src, dest, IP_PROTO_UDP, len);
 *	udp->chksum = (uint16_t)~inet_csum_fold(inet_csum_add(sum, udp, len));
 *
 * Data that already holds a correct checksum folds to INET_CSUM_VALID.
 */
#define INET_CSUM_VALID 0xffff
uint32_t inet_csum_add(uint32_t sum, const void *data, size_t len);
/* Fold SUM to 16 bits (not complemented). */
uint16_t inet_csum_fold(uint32_t sum);
/*
 * The checksum of a whole buffer, complemented (ready to store); 0 for a
 * buffer that includes its correct checksum.
 */
uint16_t inet_checksum(const void *data, size_t len);

#endif
