/* SPDX-License-Identifier: MIT */
/* DNS resolution of host names to IPv4 addresses. */
#ifndef NET_DNS_H
#define NET_DNS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define DNS_PORT 53
#define DNS_MAX_NAME 255

/*
 * Resolve NAME (a dotted quad is returned as is) using the servers in the
 * "dns" setting and the "domain" search suffix; waits in the event loop
 * (cancellable). Returns 0 with *ADDR_BE set, or -ENOENT (no such name),
 * -ETIMEDOUT, -ENETUNREACH (no DNS server configured) ...
 */
int resolve_name(const char *name, uint32_t *addr_be);

/* What one response says about the name asked for. */
struct dns_answer {
	bool has_addr;
	uint32_t addr;			/* network order */
	bool has_cname;
	char cname[DNS_MAX_NAME + 1];	/* where the chain ends without an address */
};

/*
 * Parse response MSG (LEN bytes) to query ID for QNAME, following CNAMEs
 * inside the response. Returns 0 (see ANSWER), -ENOENT for NXDOMAIN or no
 * usable record, -EPROTO for a malformed or unrelated message.
 */
int dns_parse_response(const uint8_t *msg, size_t len, uint16_t id,
		       const char *qname, struct dns_answer *answer);

/* Build a query for QNAME type A into BUF; returns its length or -EINVAL. */
int dns_build_query(uint8_t *buf, size_t len, uint16_t id, const char *qname);

#endif
