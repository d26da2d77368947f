/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 response parsing, fed incrementally with whatever bytes have
 * arrived: status line, header fields, and a body delimited by
 * Content-Length, chunked coding, or the end of the connection.
 */
#ifndef NET_HTTP_RESPONSE_H
#define NET_HTTP_RESPONSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Longest status or header line accepted (nginx's default limit is 8 KiB). */
#define HTTP_MAX_LINE 8192
/* Header fields accepted in one response. */
#define HTTP_MAX_HEADERS 100

enum http_parse_state {
	HTTP_STATUS_LINE,
	HTTP_HEADER_LINE,
	HTTP_BODY_LENGTH,	/* Content-Length bytes to go */
	HTTP_CHUNK_SIZE,
	HTTP_CHUNK_DATA,
	HTTP_CHUNK_END,		/* the CRLF after chunk data */
	HTTP_TRAILER_LINE,
	HTTP_BODY_TO_CLOSE,	/* no length: the body ends with the connection */
	HTTP_COMPLETE,
};

/* What http_parse() has found; valid once the headers are done. */
struct http_response {
	enum http_parse_state state;
	unsigned int status;		/* 200, 404 ... */
	unsigned int minor_version;	/* HTTP/1.x */
	bool keep_alive;
	bool chunked;
	bool has_length;
	uint64_t content_length;
	bool has_range;			/* Content-Range: bytes START-END/TOTAL */
	uint64_t range_start;
	uint64_t range_total;		/* 0 if "*" */
	char *location;			/* heap copy of Location, or NULL */
	/* Parser internals. */
	char line[HTTP_MAX_LINE];
	size_t line_len;
	unsigned int header_count;
	uint64_t left;			/* body or chunk bytes to go */
	bool no_body;			/* HEAD-like statuses: 1xx, 204, 304 */
};

enum http_parse_result {
	HTTP_NEED_MORE,		/* all input consumed; feed more */
	HTTP_HEADERS_DONE,	/* the header block ended: look at status etc. */
	HTTP_BODY_DATA,		/* *BODY, *BODY_LEN point at body bytes in the input */
	HTTP_DONE,		/* the response is complete */
};

void http_response_init(struct http_response *resp);
void http_response_free(struct http_response *resp);

/*
 * Consume input from *DATA (*LEN bytes), advancing both. Returns an
 * http_parse_result, or -EPROTO (malformed), -EMSGSIZE (line too long).
 * Call again until HTTP_NEED_MORE with *LEN 0, or HTTP_DONE.
 */
int http_parse(struct http_response *resp, const uint8_t **data, size_t *len,
	       const uint8_t **body, size_t *body_len);

/* The connection closed: HTTP_DONE if that ends the body, else -ECONNRESET. */
int http_parse_eof(struct http_response *resp);

#endif
