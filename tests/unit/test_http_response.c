/* SPDX-License-Identifier: MIT */
/* The HTTP response parser, fed whole and byte by byte, with hostile input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/http_response.h>
#include "test.h"

/* Parse TEXT fed in pieces of STEP bytes; collect the body into BODY. */
static int parse_all(struct http_response *resp, const char *text, size_t step,
		     char *body, size_t body_size, bool eof)
{
	const uint8_t *data = (const uint8_t *)text;
	size_t left = strlen(text), body_len = 0;
	int rc = HTTP_NEED_MORE;

	http_response_init(resp);
	while (left) {
		size_t len = left < step ? left : step;
		const uint8_t *piece = data;

		data += len;
		left -= len;
		do {
			const uint8_t *chunk;
			size_t chunk_len;

			rc = http_parse(resp, &piece, &len, &chunk, &chunk_len);
			if (rc == HTTP_BODY_DATA) {
				if (body_len + chunk_len >= body_size)
					return -ENOSPC;
				memcpy(body + body_len, chunk, chunk_len);
				body_len += chunk_len;
			}
		} while (rc > 0 && rc != HTTP_DONE);
		if (rc < 0 || rc == HTTP_DONE)
			break;
	}
	body[body_len] = '\0';
	if (rc >= 0 && rc != HTTP_DONE && eof)
		rc = http_parse_eof(resp);
	return rc;
}

static void check_body(const char *text, const char *expected, bool eof)
{
	struct http_response resp;
	char body[256];
	size_t step;

	for (step = 1; step <= strlen(text); step += step < 8 ? 1 : 17) {
		CHECK_INT(parse_all(&resp, text, step, body, sizeof(body), eof), HTTP_DONE);
		CHECK_STR(body, expected);
		http_response_free(&resp);
	}
}

UNIT_TEST(http_response_content_length)
{
	struct http_response resp;
	char body[64];

	check_body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "hello", false);
	CHECK_INT(parse_all(&resp, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
			    1000, body, sizeof(body), false), HTTP_DONE);
	CHECK_INT(resp.status, 200);
	CHECK(resp.keep_alive);
	CHECK(resp.has_length);
	CHECK_INT(resp.content_length, 5);
	http_response_free(&resp);
}

UNIT_TEST(http_response_chunked_with_extensions_and_trailers)
{
	check_body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		   "5;name=x\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: 1\r\n\r\n",
		   "hello, world!!!", false);
}

UNIT_TEST(http_response_body_until_close)
{
	struct http_response resp;
	char body[64];

	check_body("HTTP/1.0 200 OK\r\n\r\nall of it", "all of it", true);
	CHECK_INT(parse_all(&resp, "HTTP/1.1 200 OK\r\n\r\nabc", 1000, body,
			    sizeof(body), false), HTTP_NEED_MORE);
	CHECK(!resp.keep_alive);
	http_response_free(&resp);
}

UNIT_TEST(http_response_early_close_is_an_error)
{
	struct http_response resp;
	char body[64];

	CHECK_INT(parse_all(&resp, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
			    1000, body, sizeof(body), true), -ECONNRESET);
	http_response_free(&resp);
}

UNIT_TEST(http_response_redirect_and_range)
{
	struct http_response resp;
	char body[64];

	CHECK_INT(parse_all(&resp, "HTTP/1.1 302 Found\r\nLocation: /there\r\n"
			    "Content-Length: 0\r\nConnection: close\r\n\r\n",
			    1000, body, sizeof(body), false), HTTP_DONE);
	CHECK_INT(resp.status, 302);
	CHECK_STR(resp.location, "/there");
	CHECK(!resp.keep_alive);
	http_response_free(&resp);
	CHECK_INT(parse_all(&resp, "HTTP/1.1 206 Partial\r\nContent-Range: bytes 100-199/5000000000\r\n"
			    "Content-Length: 100\r\n\r\n", 1000, body, sizeof(body), false),
		  HTTP_NEED_MORE);
	CHECK(resp.has_range);
	CHECK_INT(resp.range_start, 100);
	CHECK_INT(resp.range_total, 5000000000ULL);
	http_response_free(&resp);
}

UNIT_TEST(http_response_interim_and_no_body)
{
	check_body("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		   "ok", false);
	check_body("HTTP/1.1 204 No Content\r\n\r\n", "", false);
}

UNIT_TEST(http_response_rejects_hostile_input)
{
	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTX/1.1 200 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
		"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
		"HTTP/1.1 200 OK\r\n folded: header\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
		"HTTP/1.1 206 P\r\nContent-Range: bytes 9-3/10\r\n\r\n",
	};
	struct http_response resp;
	char body[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(parse_all(&resp, bad[i], 1000, body, sizeof(body), false) < 0);
		http_response_free(&resp);
	}
}

UNIT_TEST(http_response_line_too_long)
{
	static const char head[] = "HTTP/1.1 200 OK\r\nX: ";
	struct http_response resp;
	size_t len = HTTP_MAX_LINE + 100;
	char *text = malloc(len + 1);
	char body[16];

	memcpy(text, head, sizeof(head) - 1);
	memset(text + sizeof(head) - 1, 'a', len - (sizeof(head) - 1));
	text[len] = '\0';
	CHECK_INT(parse_all(&resp, text, 1000, body, sizeof(body), false), -EMSGSIZE);
	http_response_free(&resp);
	free(text);
}
