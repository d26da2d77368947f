/* SPDX-License-Identifier: MIT */
/* Incremental HTTP/1.1 response parser: status, headers, and the three ways a body ends. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/http_response.h>

#define HTTP_STATUS_CONTINUE_CLASS 1
#define HTTP_STATUS_NO_CONTENT 204
#define HTTP_STATUS_NOT_MODIFIED 304
/* Hex digits in a chunk size that still fit in 64 bits. */
#define HTTP_MAX_CHUNK_DIGITS 15

void http_response_init(struct http_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->state = HTTP_STATUS_LINE;
}

void http_response_free(struct http_response *resp)
{
	free(resp->location);
	resp->location = NULL;
}

/*
 * Gather bytes into resp->line up to a LF. Returns 1 with the line
 * (without CR LF, NUL-terminated) when complete, 0 when input ran out.
 */
static int read_line(struct http_response *resp, const uint8_t **data,
		     size_t *len)
{
	while (*len) {
		uint8_t c = **data;

		(*data)++;
		(*len)--;
		if (c == '\n') {
			if (resp->line_len && resp->line[resp->line_len - 1] == '\r')
				resp->line_len--;
			resp->line[resp->line_len] = '\0';
			resp->line_len = 0;
			return 1;
		}
		if (c == '\0' || resp->line_len >= HTTP_MAX_LINE - 1)
			return c ? -EMSGSIZE : -EPROTO;
		resp->line[resp->line_len++] = (char)c;
	}
	return 0;
}

/* Parse a decimal number of at most 64 bits; all of TEXT must be digits. */
static int parse_u64(const char *text, uint64_t *value)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*text))
		return -EPROTO;
	for (; isdigit((unsigned char)*text); text++) {
		unsigned int digit = (unsigned int)(*text - '0');
		if (v > (UINT64_MAX - digit) / 10)
			return -EPROTO;
		v = v * 10 + digit;
	}
	*value = v;
	return *text ? -EPROTO : 0;
}

/* "HTTP/1.1 200 OK" */
static int parse_status_line(struct http_response *resp, const char *line)
{
	static const char prefix[] = "HTTP/1.";
	const char *p = line + sizeof(prefix) - 1;

	if (strncmp(line, prefix, sizeof(prefix) - 1) != 0 ||
	    !isdigit((unsigned char)p[0]) || p[1] != ' ' ||
	    !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]) ||
	    !isdigit((unsigned char)p[4]) || (p[5] != '\0' && p[5] != ' '))
		return -EPROTO;
	resp->minor_version = (unsigned int)(p[0] - '0');
	resp->status = (unsigned int)((p[2] - '0') * 100 + (p[3] - '0') * 10 +
				      (p[4] - '0'));
	resp->keep_alive = resp->minor_version >= 1;
	return 0;
}

/* Does the comma-separated list VALUE contain TOKEN (case-insensitive)? */
static bool has_token(const char *value, const char *token)
{
	size_t n = strlen(token);

	while (*value) {
		while (*value == ' ' || *value == '\t' || *value == ',')
			value++;
		if (strncasecmp(value, token, n) == 0 &&
		    (value[n] == '\0' || value[n] == ',' || value[n] == ' ' ||
		     value[n] == '\t'))
			return true;
		while (*value && *value != ',')
			value++;
	}
	return false;
}

static int parse_content_length(struct http_response *resp, const char *value)
{
	uint64_t length;

	if (parse_u64(value, &length))
		return -EPROTO;
	/* Differing duplicates could smuggle a second response: refuse. */
	if (resp->has_length && resp->content_length != length)
		return -EPROTO;
	resp->has_length = true;
	resp->content_length = length;
	return 0;
}

/* "bytes START-END/TOTAL" or "bytes START-END/ *" */
static int parse_content_range(struct http_response *resp, const char *value)
{
	char buf[64];
	char *dash, *slash;
	uint64_t end;

	if (strncasecmp(value, "bytes ", 6) != 0 || strlen(value) >= sizeof(buf))
		return -EPROTO;
	strcpy(buf, value + 6);
	dash = strchr(buf, '-');
	slash = strchr(buf, '/');
	if (!dash || !slash || slash < dash)
		return -EPROTO;
	*dash = *slash = '\0';
	if (parse_u64(buf, &resp->range_start) || parse_u64(dash + 1, &end) ||
	    end < resp->range_start)
		return -EPROTO;
	resp->range_total = 0;
	if (strcmp(slash + 1, "*") != 0 && parse_u64(slash + 1, &resp->range_total))
		return -EPROTO;
	resp->has_range = true;
	return 0;
}

static int parse_header(struct http_response *resp, char *line)
{
	char *colon = strchr(line, ':');
	char *value, *end;

	if (!colon || colon == line || line[0] == ' ' || line[0] == '\t' ||
	    ++resp->header_count > HTTP_MAX_HEADERS)
		return -EPROTO;
	*colon = '\0';
	if (strpbrk(line, " \t"))
		return -EPROTO;
	for (value = colon + 1; *value == ' ' || *value == '\t'; value++)
		;
	for (end = value + strlen(value); end > value &&
	     (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	*end = '\0';
	if (strcasecmp(line, "Content-Length") == 0)
		return parse_content_length(resp, value);
	if (strcasecmp(line, "Transfer-Encoding") == 0) {
		resp->chunked = has_token(value, "chunked");
		/* Any other coding (gzip ...) we cannot undo. */
		return resp->chunked ? 0 : -ENOTSUP;
	}
	if (strcasecmp(line, "Connection") == 0) {
		if (has_token(value, "close"))
			resp->keep_alive = false;
		else if (has_token(value, "keep-alive"))
			resp->keep_alive = true;
		return 0;
	}
	if (strcasecmp(line, "Content-Range") == 0)
		return parse_content_range(resp, value);
	if (strcasecmp(line, "Location") == 0) {
		free(resp->location);
		resp->location = strdup(value);
		return resp->location ? 0 : -ENOMEM;
	}
	return 0;
}

/* The header block ended: choose how the body is delimited. */
static void start_body(struct http_response *resp)
{
	resp->no_body = resp->status == HTTP_STATUS_NO_CONTENT ||
			resp->status == HTTP_STATUS_NOT_MODIFIED;
	if (resp->no_body) {
		resp->state = HTTP_COMPLETE;
	} else if (resp->chunked) {
		resp->state = HTTP_CHUNK_SIZE;
	} else if (resp->has_length) {
		resp->left = resp->content_length;
		resp->state = resp->left ? HTTP_BODY_LENGTH : HTTP_COMPLETE;
	} else {
		resp->keep_alive = false;
		resp->state = HTTP_BODY_TO_CLOSE;
	}
}

/* "1a2b;ext=1" */
static int parse_chunk_size(struct http_response *resp, const char *line)
{
	uint64_t size = 0;
	unsigned int digits = 0;

	for (; isxdigit((unsigned char)*line); line++) {
		if (++digits > HTTP_MAX_CHUNK_DIGITS)
			return -EPROTO;
		size = size * 16 + (uint64_t)xdigit_value((unsigned char)*line);
	}
	if (!digits || (*line && *line != ';' && *line != ' ' && *line != '\t'))
		return -EPROTO;
	resp->left = size;
	resp->state = size ? HTTP_CHUNK_DATA : HTTP_TRAILER_LINE;
	return 0;
}

/* One line in a line-oriented state; returns a parse result or 0 to go on. */
static int parse_line(struct http_response *resp)
{
	char *line = resp->line;
	int rc;

	switch (resp->state) {
	case HTTP_STATUS_LINE:
		rc = parse_status_line(resp, line);
		if (rc == 0)
			resp->state = HTTP_HEADER_LINE;
		return rc;
	case HTTP_HEADER_LINE:
		if (*line)
			return parse_header(resp, line);
		if (resp->status / 100 == HTTP_STATUS_CONTINUE_CLASS) {
			/* An interim response: the real one follows. */
			http_response_free(resp);
			http_response_init(resp);
			return 0;
		}
		start_body(resp);
		return HTTP_HEADERS_DONE;
	case HTTP_CHUNK_SIZE:
		return parse_chunk_size(resp, line);
	case HTTP_CHUNK_END:
		if (*line)
			return -EPROTO;
		resp->state = HTTP_CHUNK_SIZE;
		return 0;
	case HTTP_TRAILER_LINE:
		if (!*line)
			resp->state = HTTP_COMPLETE;
		return 0;
	default:
		return -EPROTO;
	}
}

/* Hand out body bytes from the input, as many as the body still has. */
static int take_body(struct http_response *resp, const uint8_t **data,
		     size_t *len, const uint8_t **body, size_t *body_len)
{
	size_t n = *len;

	if (resp->state != HTTP_BODY_TO_CLOSE && n > resp->left)
		n = (size_t)resp->left;
	*body = *data;
	*body_len = n;
	*data += n;
	*len -= n;
	if (resp->state != HTTP_BODY_TO_CLOSE) {
		resp->left -= n;
		if (!resp->left)
			resp->state = resp->state == HTTP_CHUNK_DATA ?
				      HTTP_CHUNK_END : HTTP_COMPLETE;
	}
	return HTTP_BODY_DATA;
}

int http_parse(struct http_response *resp, const uint8_t **data, size_t *len,
	       const uint8_t **body, size_t *body_len)
{
	int rc;

	for (;;) {
		switch (resp->state) {
		case HTTP_COMPLETE:
			return HTTP_DONE;
		case HTTP_BODY_LENGTH:
		case HTTP_CHUNK_DATA:
		case HTTP_BODY_TO_CLOSE:
			if (!*len)
				return HTTP_NEED_MORE;
			return take_body(resp, data, len, body, body_len);
		default:
			rc = read_line(resp, data, len);
			if (rc <= 0)
				return rc == 0 ? HTTP_NEED_MORE : rc;
			rc = parse_line(resp);
			if (rc)
				return rc;
		}
	}
}

int http_parse_eof(struct http_response *resp)
{
	if (resp->state == HTTP_BODY_TO_CLOSE)
		resp->state = HTTP_COMPLETE;
	return resp->state == HTTP_COMPLETE ? HTTP_DONE : -ECONNRESET;
}
