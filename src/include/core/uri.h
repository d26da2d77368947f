/* SPDX-License-Identifier: MIT */
/*
 * URIs (RFC 3986): parse, format, resolve relative references. Fields are
 * stored percent-decoded ("%00" and invalid escapes stay literal);
 * formatting encodes them again as each field requires.
 */
#ifndef CORE_URI_H
#define CORE_URI_H

#include <stddef.h>

struct uri {
	/*
	 * Each field is NULL when absent, else its own heap string, owned by
	 * the URI (to replace one, free it first). An authority is present
	 * when host is set ("" in "file:///x"); a path is absent when empty.
	 */
	char *scheme;		/* "http" */
	char *opaque;		/* "user@host" in "mailto:user@host" */
	char *user;
	char *password;
	/* "10.0.0.1", "boot.example.org", "fe80::1" (no brackets) */
	char *host;
	char *port;		/* "8080" */
	char *path;		/* "/dir/file" ("file" when relative) */
	char *query;		/* after '?', without it */
	char *fragment;		/* after '#', without it */
};

/* Parse TEXT. Returns a new URI (uri_free() it) or NULL if out of memory. */
struct uri *parse_uri(const char *text);
void uri_free(struct uri *uri);
/* Deep copy, or NULL. */
struct uri *uri_dup(const struct uri *uri);
/*
 * The numeric port, DEFAULT_PORT if none; 0 if the port is not a number in
 * 1..65535.
 */
unsigned int uri_port(const struct uri *uri, unsigned int default_port);
/* Is this an absolute URI (has a scheme)? */
int uri_is_absolute(const struct uri *uri);

/* Format like snprintf; returns the length needed. */
size_t format_uri(const struct uri *uri, char *buf, size_t len);
/* Format into a new heap string, or NULL. */
char *format_uri_alloc(const struct uri *uri);
/* Path plus "?query", encoded, as an HTTP request target needs; heap string. */
char *uri_request_target(const struct uri *uri);

/* RFC 3986 section 5.2: RELATIVE against BASE; a new URI, or NULL. */
struct uri *resolve_uri(const struct uri *base, const struct uri *relative);
/* Resolve text against text; a new heap string, or NULL. */
char *resolve_uri_string(const char *base, const char *relative);

/*
 * Percent-decode LEN bytes of ENCODED into BUF (may be the same; no NUL is
 * added); returns the decoded length. Invalid escapes are copied as is.
 */
size_t uri_decode(const char *encoded, size_t len, char *buf);

#endif
