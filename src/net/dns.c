/* SPDX-License-Identifier: MIT */
/*
 * DNS stub resolver (RFC 1035) for A records: random query IDs and source
 * ports, CNAME chains, the DHCP search domain, several servers in turn.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/process.h>
#include <core/settings.h>
#include <core/timer.h>
#include <net/dns.h>
#include <net/inet.h>
#include <net/udp.h>

#define DNS_HLEN 12
#define DNS_FLAG_QR 0x8000
#define DNS_FLAG_RD 0x0100
#define DNS_OPCODE_MASK 0x7800
#define DNS_RCODE_MASK 0x000f
#define DNS_RCODE_NXDOMAIN 3
#define DNS_TYPE_A 1
#define DNS_TYPE_CNAME 5
#define DNS_CLASS_IN 1
#define DNS_MAX_LABEL 63
#define DNS_POINTER 0xc0
#define DNS_RR_FIXED 10		/* type, class, ttl, rdlength */
#define DNS_QUESTION_FIXED 4	/* type, class */
/* Compression pointers followed in one name before it counts as a loop. */
#define DNS_MAX_POINTERS 16
/* CNAME links followed, within and across responses. */
#define DNS_MAX_CNAMES 8
#define DNS_MAX_SERVERS 4
/* Each server gets these tries, the wait doubling from the first. */
#define DNS_TRIES_PER_SERVER 2
#define DNS_FIRST_TIMEOUT_MS 1000

/*
 * Read the possibly compressed name at *OFFSET into OUT (dotted, lower
 * case kept as sent); advance *OFFSET past it in place. Pointers must
 * point backwards and are bounded in number, so no message can loop.
 */
static int dns_read_name(const uint8_t *msg, size_t len, size_t *offset,
			 char *out)
{
	size_t pos = *offset, out_len = 0, end = 0;
	unsigned int pointers = 0;

	for (;;) {
		uint8_t label;

		if (pos >= len)
			return -EPROTO;
		label = msg[pos];
		if ((label & DNS_POINTER) == DNS_POINTER) {
			size_t target;

			if (pos + 1 >= len || ++pointers > DNS_MAX_POINTERS)
				return -EPROTO;
			target = get_be16(msg + pos) & 0x3fff;
			if (target >= pos)
				return -EPROTO;
			if (!end)
				end = pos + 2;
			pos = target;
			continue;
		}
		if (label > DNS_MAX_LABEL)
			return -EPROTO;
		pos++;
		if (label == 0)
			break;
		if (pos + label > len ||
		    out_len + label + 1 > DNS_MAX_NAME)
			return -EPROTO;
		if (out_len)
			out[out_len++] = '.';
		memcpy(out + out_len, msg + pos, label);
		out_len += label;
		pos += label;
	}
	out[out_len] = '\0';
	*offset = end ? end : pos;
	return 0;
}

int dns_build_query(uint8_t *buf, size_t len, uint16_t id, const char *qname)
{
	size_t name_len = strlen(qname), pos = DNS_HLEN;
	const char *label = qname;

	if (name_len == 0 || name_len > DNS_MAX_NAME - 1 ||
	    len < DNS_HLEN + name_len + 2 + DNS_QUESTION_FIXED)
		return -EINVAL;
	memset(buf, 0, DNS_HLEN);
	put_be16(buf, id);
	put_be16(buf + 2, DNS_FLAG_RD);
	put_be16(buf + 4, 1);	/* one question */
	while (*label) {
		const char *dot = strchr(label, '.');
		size_t n = dot ? (size_t)(dot - label) : strlen(label);

		if (n == 0 || n > DNS_MAX_LABEL)
			return -EINVAL;
		buf[pos++] = (uint8_t)n;
		memcpy(buf + pos, label, n);
		pos += n;
		label += n + (dot ? 1 : 0);
	}
	buf[pos++] = 0;
	put_be16(buf + pos, DNS_TYPE_A);
	put_be16(buf + pos + 2, DNS_CLASS_IN);
	return (int)(pos + DNS_QUESTION_FIXED);
}

/* Apply one answer record for the name currently looked for. */
static int dns_apply_record(const uint8_t *msg, size_t len, size_t rdata,
			    uint16_t type, uint16_t rdlength,
			    struct dns_answer *answer)
{
	size_t pos = rdata;

	if (type == DNS_TYPE_A && rdlength == sizeof(uint32_t)) {
		memcpy(&answer->addr, msg + rdata, sizeof(answer->addr));
		answer->has_addr = true;
	} else if (type == DNS_TYPE_CNAME) {
		if (dns_read_name(msg, len, &pos, answer->cname) != 0)
			return -EPROTO;
		answer->has_cname = true;
	}
	return 0;
}

/* Walk the answer section, following CNAMEs to an A record. */
static int dns_scan_answers(const uint8_t *msg, size_t len, size_t pos,
			    unsigned int count, const char *qname,
			    struct dns_answer *answer)
{
	char name[DNS_MAX_NAME + 1], want[DNS_MAX_NAME + 1];
	unsigned int pass, i;

	strlcpy(want, qname, sizeof(want));
	/* Records may come in any order: rescan after each CNAME hop. */
	for (pass = 0; pass < DNS_MAX_CNAMES && !answer->has_addr; pass++) {
		size_t p = pos;
		bool hopped = false;

		for (i = 0; i < count && !answer->has_addr; i++) {
			uint16_t type, class, rdlength;

			if (dns_read_name(msg, len, &p, name) != 0 ||
			    p + DNS_RR_FIXED > len)
				return -EPROTO;
			type = get_be16(msg + p);
			class = get_be16(msg + p + 2);
			rdlength = get_be16(msg + p + 8);
			p += DNS_RR_FIXED;
			if (p + rdlength > len)
				return -EPROTO;
			if (class == DNS_CLASS_IN && strcasecmp(name, want) == 0) {
				answer->has_cname = false;
				if (dns_apply_record(msg, len, p, type, rdlength, answer))
					return -EPROTO;
				if (answer->has_cname) {
					strlcpy(want, answer->cname, sizeof(want));
					hopped = true;
				}
			}
			p += rdlength;
		}
		if (!hopped)
			break;
	}
	return (answer->has_addr || answer->has_cname) ? 0 : -ENOENT;
}

int dns_parse_response(const uint8_t *msg, size_t len, uint16_t id,
		       const char *qname, struct dns_answer *answer)
{
	char name[DNS_MAX_NAME + 1];
	size_t pos = DNS_HLEN;
	uint16_t flags, questions, answers;

	memset(answer, 0, sizeof(*answer));
	if (len < DNS_HLEN || get_be16(msg) != id)
		return -EPROTO;
	flags = get_be16(msg + 2);
	questions = get_be16(msg + 4);
	answers = get_be16(msg + 6);
	if (!(flags & DNS_FLAG_QR) || (flags & DNS_OPCODE_MASK) || questions != 1)
		return -EPROTO;
	if (dns_read_name(msg, len, &pos, name) != 0 ||
	    strcasecmp(name, qname) != 0 || pos + DNS_QUESTION_FIXED > len)
		return -EPROTO;
	if ((flags & DNS_RCODE_MASK) == DNS_RCODE_NXDOMAIN)
		return -ENOENT;
	if (flags & DNS_RCODE_MASK)
		return -EIO;
	pos += DNS_QUESTION_FIXED;
	return dns_scan_answers(msg, len, pos, answers, qname, answer);
}

/* One query in flight. */
struct dns_query {
	struct udp_conn conn;
	struct sockaddr_in server;
	uint16_t id;
	const char *qname;
	struct dns_answer answer;
	volatile int rc;
};

static void dns_rx(struct udp_conn *conn, struct io_buffer *iob,
		   const struct sockaddr_in *src, struct net_device *netdev,
		   void *ctx)
{
	struct dns_query *query = ctx;
	int rc;

	if (query->rc == -EINPROGRESS && src->addr == query->server.addr &&
	    src->port == query->server.port) {
		rc = dns_parse_response(iob->data, iob_len(iob), query->id,
					query->qname, &query->answer);
		/* A stray or forged reply is ignored; the real one may follow. */
		if (rc != -EPROTO)
			query->rc = rc;
	}
	free_iob(iob);
}

/* Ask SERVER about QNAME once, waiting up to TIMEOUT_MS. */
static int dns_ask(uint32_t server, const char *qname, uint32_t timeout_ms,
		   struct dns_answer *answer)
{
	struct dns_query query;
	struct io_buffer *iob;
	int len, rc;

	memset(&query, 0, sizeof(query));
	query.server.addr = server;
	query.server.port = htons(DNS_PORT);
	query.id = (uint16_t)random();
	query.qname = qname;
	query.rc = -EINPROGRESS;
	iob = udp_alloc_iob(DNS_HLEN + DNS_MAX_NAME + 2 + DNS_QUESTION_FIXED);
	if (!iob)
		return -ENOMEM;
	len = dns_build_query(iob->data, iob_tailroom(iob), query.id, qname);
	if (len < 0) {
		free_iob(iob);
		return len;
	}
	iob_put(iob, (size_t)len);
	rc = udp_open(&query.conn, 0, dns_rx, &query);
	if (rc) {
		free_iob(iob);
		return rc;
	}
	rc = udp_sendto(&query.conn, iob, &query.server, 0, NULL);
	if (rc == 0)
		rc = wait_rc(&query.rc, timeout_ms);
	udp_close(&query.conn);
	*answer = query.answer;
	return rc;
}

/* Resolve exactly QNAME through the servers, following CNAME chains. */
static int dns_lookup(const uint32_t *servers, unsigned int n_servers,
		      const char *qname, uint32_t *addr)
{
	char want[DNS_MAX_NAME + 1];
	struct dns_answer answer;
	unsigned int hops, s, tries;
	int rc = -ETIMEDOUT;

	strlcpy(want, qname, sizeof(want));
	for (hops = 0; hops < DNS_MAX_CNAMES; hops++) {
		for (s = 0, rc = -ETIMEDOUT; s < n_servers && rc == -ETIMEDOUT; s++) {
			uint32_t timeout = DNS_FIRST_TIMEOUT_MS;
			for (tries = 0; tries < DNS_TRIES_PER_SERVER && rc == -ETIMEDOUT;
			     tries++, timeout *= 2)
				rc = dns_ask(servers[s], want, timeout, &answer);
		}
		if (rc)
			return rc;
		if (answer.has_addr) {
			*addr = answer.addr;
			return 0;
		}
		/* The chain left this response: ask about where it points. */
		strlcpy(want, answer.cname, sizeof(want));
	}
	return -ELOOP;
}

int resolve_name(const char *name, uint32_t *addr_be)
{
	uint32_t servers[DNS_MAX_SERVERS];
	char domain[DNS_MAX_NAME + 1], full[2 * DNS_MAX_NAME + 2];
	int len, rc;

	if (inet_aton(name, addr_be))
		return 0;
	len = fetch_setting(NULL, &dns_setting, servers, sizeof(servers), NULL);
	if (len < (int)sizeof(uint32_t))
		return -ENETUNREACH;
	if (len > (int)sizeof(servers))
		len = sizeof(servers);
	/* A bare host name is tried in the search domain first. */
	if (!strchr(name, '.') &&
	    fetch_string_setting(NULL, &domain_setting, domain, sizeof(domain)) > 0) {
		snprintf(full, sizeof(full), "%s.%s", name, domain);
		rc = dns_lookup(servers, (unsigned int)len / sizeof(uint32_t),
				full, addr_be);
		if (rc != -ENOENT)
			return rc;
	}
	return dns_lookup(servers, (unsigned int)len / sizeof(uint32_t), name,
			  addr_be);
}
