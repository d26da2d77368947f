/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the incremental HTTP response parser (net/http_response.h).
 * The first two bytes choose how the rest is split into pieces, as TCP
 * might deliver it (a piece of N bytes, 0 meaning all the rest, each
 * byte in turn); each piece is a separate exactly sized heap block, so
 * a read past it faults. The parser must never hand out more body than
 * arrived, nor bytes outside the piece it was given.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <net/http_response.h>
#include "harness.h"

#define FUZZ_SPLIT_BYTES 2
/* Calls in a row that consume nothing: HEADERS_DONE, then DONE. */
#define FUZZ_MAX_IDLE_CALLS 2

struct fuzz_http {
	struct http_response resp;
	uint64_t body_total;	/* body bytes handed out */
	size_t fed;		/* input bytes given to the parser */
	bool stopped;		/* an error or the end of the response */
};

static struct fuzz_http fuzz_state;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

/* Check what one http_parse() call did with PIECE (LEN bytes). */
static void check_step(struct fuzz_http *st, const uint8_t *piece,
		       size_t len, size_t left_before, size_t left,
		       const uint8_t *body, size_t body_len, int rc)
{
	size_t consumed = left_before - left;

	fuzz_check(left <= left_before);
	if (rc != HTTP_BODY_DATA)
		return;
	fuzz_check(body_len <= consumed);
	fuzz_check(body >= piece && body + body_len <= piece + len);
	st->body_total += body_len;
	fuzz_check(st->body_total <= st->fed);
}

/* Feed one piece until the parser wants more, fails, or is done. */
static void feed(struct fuzz_http *st, const uint8_t *piece, size_t len)
{
	const uint8_t *data = piece, *body = NULL;
	size_t left = len, body_len = 0, left_before;
	unsigned int idle = 0;
	int rc;

	st->fed += len;
	do {
		left_before = left;
		rc = http_parse(&st->resp, &data, &left, &body, &body_len);
		fuzz_check(data == piece + (len - left));
		check_step(st, piece, len, left_before, left, body, body_len,
			   rc);
		idle = left == left_before ? idle + 1 : 0;
		fuzz_check(idle <= FUZZ_MAX_IDLE_CALLS);
	} while (rc == HTTP_HEADERS_DONE || rc == HTTP_BODY_DATA);
	if (rc == HTTP_NEED_MORE)
		fuzz_check(left == 0);
	else
		st->stopped = true;
	if (rc == HTTP_DONE)
		fuzz_check(st->resp.state == HTTP_COMPLETE);
}

/* A body delimited by Content-Length is exactly that long when done. */
static void check_done(const struct fuzz_http *st)
{
	const struct http_response *resp = &st->resp;

	if (resp->has_length && !resp->chunked && !resp->no_body)
		fuzz_check(st->body_total == resp->content_length);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct fuzz_input in = { data, size };
	struct fuzz_http *st = &fuzz_state;
	uint8_t split[FUZZ_SPLIT_BYTES];
	const uint8_t *bytes;
	unsigned int turn = 0;
	size_t len;
	uint8_t *piece;

	split[0] = fuzz_byte(&in);
	split[1] = fuzz_byte(&in);
	memset(st, 0, sizeof(*st));
	http_response_init(&st->resp);
	while (in.len && !st->stopped) {
		len = fuzz_take(&in, split[turn++ % FUZZ_SPLIT_BYTES] ?:
				in.len, &bytes);
		piece = fuzz_memdup(bytes, len);
		fuzz_check(piece != NULL);
		feed(st, piece, len);
		free(piece);
	}
	if (!st->stopped)
		http_parse_eof(&st->resp);
	if (st->resp.state == HTTP_COMPLETE)
		check_done(st);
	http_response_free(&st->resp);
	fuzz_check_heap(blocks);
	return 0;
}
