/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: DNS response parsing (net/dns.h). The input is the whole
 * message. So that most inputs get past the ID and question checks, the
 * query it answers is taken from the message itself: its own ID, and the
 * name its question spells with plain labels (else a fixed name).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <net/dns.h>
#include "harness.h"

#define DNS_HLEN 12
#define DNS_MAX_LABEL 63
#define FUZZ_DEFAULT_QNAME "boot.example"
/* Room for the longest query dns_build_query() makes. */
#define FUZZ_QUERY_MAX 512

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

/*
 * The question's name as dotted text into QNAME when it is plain labels
 * (no compression) and fits; false otherwise.
 */
static bool question_name(const uint8_t *msg, size_t len, char *qname)
{
	size_t pos = DNS_HLEN, out = 0;
	uint8_t label;

	while (pos < len && (label = msg[pos++]) != 0) {
		if (label > DNS_MAX_LABEL || pos + label > len ||
		    out + label + 1 > DNS_MAX_NAME)
			return false;
		if (out)
			qname[out++] = '.';
		memcpy(qname + out, msg + pos, label);
		out += label;
		pos += label;
	}
	qname[out] = '\0';
	return out > 0 && strlen(qname) == out;
}

/* Build the query for QNAME, then again into an exactly sized buffer. */
static void check_query(uint16_t id, const char *qname)
{
	uint8_t query[FUZZ_QUERY_MAX];
	int len = dns_build_query(query, sizeof(query), id, qname);
	uint8_t *exact;
	int rc;

	if (len < 0) {
		fuzz_check(len == -EINVAL);
		return;
	}
	fuzz_check(len <= FUZZ_QUERY_MAX);
	exact = fuzz_memdup(query, (size_t)len);
	fuzz_check(exact != NULL);
	rc = dns_build_query(exact, (size_t)len, id, qname);
	/* The size check may ask for a spare byte or two (a final dot). */
	fuzz_check(rc == len || rc == -EINVAL);
	if (rc == len)
		fuzz_check(memcmp(exact, query, (size_t)len) == 0);
	free(exact);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	char qname[DNS_MAX_NAME + 1];
	struct dns_answer answer;
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;
	int rc;

	if (!question_name(data, size, qname))
		strcpy(qname, FUZZ_DEFAULT_QNAME);
	rc = dns_parse_response(data, size, id, qname, &answer);
	fuzz_check(rc == 0 || rc == -ENOENT || rc == -EPROTO || rc == -EIO);
	if (rc == 0)
		fuzz_check(answer.has_addr || answer.has_cname);
	if (answer.has_cname)
		fuzz_check(strnlen(answer.cname, sizeof(answer.cname)) <=
			   DNS_MAX_NAME);
	check_query(id, qname);
	fuzz_check_heap(blocks);
	return 0;
}
