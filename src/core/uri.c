/* SPDX-License-Identifier: MIT */
/* RFC 3986 URIs: parsing into decoded fields, formatting, resolution. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <core/compiler.h>
#include <core/uri.h>

#define HEX_BASE 16
#define DEC_BASE 10
#define NIBBLE_BITS 4
#define PORT_MAX 65535

/* Characters each field may hold unencoded besides the unreserved ones. */
#define SUB_DELIMS "!$&'()*+,;="
#define ALLOWED_USER SUB_DELIMS
#define ALLOWED_PASSWORD SUB_DELIMS ":"
#define ALLOWED_HOST SUB_DELIMS ":"
#define ALLOWED_PORT ""
#define ALLOWED_PATH SUB_DELIMS ":@/"
/* First segment of a relative path: a ':' would read as a scheme. */
#define ALLOWED_SEGMENT_NC SUB_DELIMS "@/"
#define ALLOWED_QUERY SUB_DELIMS ":@/?"

static const char hex_upper[] = "0123456789ABCDEF";

/* Every string field of struct uri, for copying and freeing. */
static const size_t uri_fields[] = {
	offsetof(struct uri, scheme), offsetof(struct uri, opaque),
	offsetof(struct uri, user), offsetof(struct uri, password),
	offsetof(struct uri, host), offsetof(struct uri, port),
	offsetof(struct uri, path), offsetof(struct uri, query),
	offsetof(struct uri, fragment),
};

/* An output cursor that behaves like snprintf: truncates, counts all. */
struct text_out {
	char *buf;
	size_t len;
	size_t used;
};

static char **uri_field(struct uri *uri, size_t index)
{
	return (char **)((char *)uri + uri_fields[index]);
}

/*
 * Decode LEN bytes of ENCODED into BUF (may be the same); an invalid
 * escape stays literal, and so does "%00" if KEEP_NUL (C string fields).
 */
static size_t percent_decode(const char *encoded, size_t len, char *buf,
			     bool keep_nul)
{
	size_t in = 0, out = 0;
	int hi, lo;

	while (in < len) {
		if (encoded[in] == '%' && in + 2 < len &&
		    (hi = xdigit_value(encoded[in + 1])) >= 0 &&
		    (lo = xdigit_value(encoded[in + 2])) >= 0 &&
		    !(keep_nul && hi == 0 && lo == 0)) {
			buf[out++] = (char)(hi << NIBBLE_BITS | lo);
			in += 3;
		} else {
			buf[out++] = encoded[in++];
		}
	}
	return out;
}

size_t uri_decode(const char *encoded, size_t len, char *buf)
{
	return percent_decode(encoded, len, buf, false);
}

/* Set *FIELD to the decoded text in [START, END); false if out of memory. */
static bool set_field(char **field, const char *start, const char *end)
{
	size_t len = (size_t)(end - start);

	*field = malloc(len + 1);
	if (!*field)
		return false;
	(*field)[percent_decode(start, len, *field, true)] = '\0';
	return true;
}

static bool is_scheme_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '-' || c == '.';
}

/* Length of the scheme at TEXT (before END) if one ends in ':', else 0. */
static size_t scheme_length(const char *text, const char *end)
{
	const char *p = text;

	if (p == end || !isalpha((unsigned char)*p))
		return 0;
	while (p < end && is_scheme_char(*p))
		p++;
	return (p < end && *p == ':') ? (size_t)(p - text) : 0;
}

/* Store the scheme in lower case (its characters need no decoding). */
static bool set_scheme(struct uri *uri, const char *text, size_t len)
{
	size_t i;

	uri->scheme = malloc(len + 1);
	if (!uri->scheme)
		return false;
	for (i = 0; i < len; i++)
		uri->scheme[i] = (char)tolower((unsigned char)text[i]);
	uri->scheme[len] = '\0';
	return true;
}

static const char *find_char(const char *start, const char *end, char c)
{
	return memchr(start, c, (size_t)(end - start));
}

static const char *find_last_char(const char *start, const char *end, char c)
{
	while (end > start) {
		if (*--end == c)
			return end;
	}
	return NULL;
}

/* Set the port from [START, END); an empty port is no port. */
static bool set_port(struct uri *uri, const char *start, const char *end)
{
	return start == end || set_field(&uri->port, start, end);
}

/*
 * Parse host[:port] in [START, END); "[v6]" loses its brackets, and
 * anything after "]" other than ":port" becomes the (invalid) port.
 */
static bool parse_hostport(struct uri *uri, const char *start,
			   const char *end)
{
	const char *close, *colon;

	if (start < end && *start == '[') {
		close = find_char(start, end, ']');
		if (!close)
			return set_field(&uri->host, start + 1, end);
		if (!set_field(&uri->host, start + 1, close))
			return false;
		close++;
		if (close < end && *close == ':')
			close++;
		return set_port(uri, close, end);
	}
	colon = find_last_char(start, end, ':');
	if (!colon)
		return set_field(&uri->host, start, end);
	return set_field(&uri->host, start, colon) &&
	       set_port(uri, colon + 1, end);
}

/* Parse [user[:password]@]host[:port] in [START, END). */
static bool parse_authority(struct uri *uri, const char *start,
			    const char *end)
{
	const char *at = find_last_char(start, end, '@');
	const char *colon;

	if (!at)
		return parse_hostport(uri, start, end);
	colon = find_char(start, at, ':');
	if (!set_field(&uri->user, start, colon ? colon : at))
		return false;
	if (colon && !set_field(&uri->password, colon + 1, at))
		return false;
	return parse_hostport(uri, at + 1, end);
}

/* Parse the part before any '?' or '#': [scheme:][//authority]path. */
static bool parse_hier(struct uri *uri, const char *p, const char *end)
{
	size_t scheme_len = scheme_length(p, end);
	const char *auth_end;

	if (scheme_len) {
		if (!set_scheme(uri, p, scheme_len))
			return false;
		p += scheme_len + 1;
	}
	if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
		p += 2;
		auth_end = find_char(p, end, '/');
		if (!auth_end)
			auth_end = end;
		if (!parse_authority(uri, p, auth_end))
			return false;
		p = auth_end;
	} else if (scheme_len && p < end && *p != '/') {
		return set_field(&uri->opaque, p, end);
	}
	return p == end || set_field(&uri->path, p, end);
}

struct uri *parse_uri(const char *text)
{
	const char *end = text + strlen(text);
	const char *mark;
	struct uri *uri;
	bool ok = true;

	uri = zalloc(sizeof(*uri));
	if (!uri)
		return NULL;
	mark = find_char(text, end, '#');
	if (mark) {
		ok = set_field(&uri->fragment, mark + 1, end);
		end = mark;
	}
	mark = find_char(text, end, '?');
	if (mark && ok) {
		ok = set_field(&uri->query, mark + 1, end);
		end = mark;
	}
	if (!ok || !parse_hier(uri, text, end)) {
		uri_free(uri);
		return NULL;
	}
	return uri;
}

void uri_free(struct uri *uri)
{
	size_t i;

	if (!uri)
		return;
	for (i = 0; i < ARRAY_SIZE(uri_fields); i++)
		free(*uri_field(uri, i));
	free(uri);
}

/* Copy SRC into *DST (NULL stays NULL); false if out of memory. */
static bool copy_field(char **dst, const char *src)
{
	if (!src)
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

struct uri *uri_dup(const struct uri *uri)
{
	struct uri *copy = zalloc(sizeof(*copy));
	size_t i;

	if (!copy)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(uri_fields); i++) {
		if (!copy_field(uri_field(copy, i),
				*uri_field((struct uri *)uri, i))) {
			uri_free(copy);
			return NULL;
		}
	}
	return copy;
}

unsigned int uri_port(const struct uri *uri, unsigned int default_port)
{
	const char *p = uri->port;
	unsigned int port = 0;

	if (!p || !*p)
		return default_port;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		port = port * DEC_BASE + (unsigned int)(*p - '0');
		if (port > PORT_MAX)
			return 0;
	}
	return port;
}

int uri_is_absolute(const struct uri *uri)
{
	return uri->scheme != NULL;
}

static bool has_authority(const struct uri *uri)
{
	return uri->host || uri->user || uri->password || uri->port;
}

static void out_char(struct text_out *out, char c)
{
	if (out->used + 1 < out->len)
		out->buf[out->used] = c;
	out->used++;
}

static void out_str(struct text_out *out, const char *s)
{
	while (*s)
		out_char(out, *s++);
}

static bool is_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Write N characters of TEXT, percent-encoding all but ALLOWED ones. */
static void out_encoded(struct text_out *out, const char *text, size_t n,
			const char *allowed)
{
	unsigned char c;

	while (n--) {
		c = (unsigned char)*text++;
		if (is_unreserved(c) || (c && strchr(allowed, c))) {
			out_char(out, (char)c);
		} else {
			out_char(out, '%');
			out_char(out, hex_upper[c >> NIBBLE_BITS]);
			out_char(out, hex_upper[c & (HEX_BASE - 1)]);
		}
	}
}

static void out_field(struct text_out *out, const char *text,
		      const char *allowed)
{
	out_encoded(out, text, strlen(text), allowed);
}

/* Terminate the output and return the length it needed. */
static size_t out_finish(struct text_out *out)
{
	if (out->len)
		out->buf[MIN(out->used, out->len - 1)] = '\0';
	return out->used;
}

/* How a '/' that must not act as a delimiter is written. */
#define ENCODED_SLASH "%2F"

static void out_authority(struct text_out *out, const struct uri *uri)
{
	out_str(out, "//");
	if (uri->user || uri->password) {
		if (uri->user)
			out_field(out, uri->user, ALLOWED_USER);
		if (uri->password) {
			out_char(out, ':');
			out_field(out, uri->password, ALLOWED_PASSWORD);
		}
		out_char(out, '@');
	}
	if (uri->host && strchr(uri->host, ':')) {
		out_char(out, '[');
		out_field(out, uri->host, ALLOWED_HOST);
		out_char(out, ']');
	} else if (uri->host) {
		out_field(out, uri->host, ALLOWED_HOST);
	}
	if (uri->port) {
		out_char(out, ':');
		out_field(out, uri->port, ALLOWED_PORT);
	}
}

/* The path must start with '/' after an authority and must not look like
 * a scheme when there is neither scheme nor authority. */
static void out_path(struct text_out *out, const struct uri *uri)
{
	const char *path = uri->path;
	size_t first;

	if (!path || !*path)
		return;
	if (has_authority(uri) && *path != '/')
		out_char(out, '/');
	/* "//" would be read back as an authority that is not there. */
	if (!has_authority(uri) && path[0] == '/' && path[1] == '/') {
		out_char(out, '/');
		out_str(out, ENCODED_SLASH);
		path += 2;
	}
	if (!uri->scheme && !has_authority(uri)) {
		first = strcspn(path, "/");
		out_encoded(out, path, first, ALLOWED_SEGMENT_NC);
		path += first;
	}
	out_field(out, path, ALLOWED_PATH);
}

size_t format_uri(const struct uri *uri, char *buf, size_t len)
{
	struct text_out out = { buf, len, 0 };

	if (uri->scheme) {
		out_str(&out, uri->scheme);
		out_char(&out, ':');
	}
	if (uri->opaque) {
		/* A leading '/' would turn the opaque part into a path. */
		if (uri->opaque[0] == '/')
			out_str(&out, ENCODED_SLASH);
		out_field(&out, uri->opaque + (uri->opaque[0] == '/'),
			  ALLOWED_PATH);
	} else {
		if (has_authority(uri))
			out_authority(&out, uri);
		out_path(&out, uri);
	}
	if (uri->query) {
		out_char(&out, '?');
		out_field(&out, uri->query, ALLOWED_QUERY);
	}
	if (uri->fragment) {
		out_char(&out, '#');
		out_field(&out, uri->fragment, ALLOWED_QUERY);
	}
	return out_finish(&out);
}

/* Run FORMAT twice: once to size a heap buffer, once to fill it. */
static char *format_alloc(const struct uri *uri,
			  size_t (*format)(const struct uri *uri, char *buf,
					   size_t len))
{
	size_t len = format(uri, NULL, 0) + 1;
	char *buf = malloc(len);

	if (buf)
		format(uri, buf, len);
	return buf;
}

char *format_uri_alloc(const struct uri *uri)
{
	return format_alloc(uri, format_uri);
}

static size_t format_request_target(const struct uri *uri, char *buf,
				    size_t len)
{
	struct text_out out = { buf, len, 0 };

	if (uri->path && *uri->path)
		out_field(&out, uri->path, ALLOWED_PATH);
	else
		out_char(&out, '/');
	if (uri->query) {
		out_char(&out, '?');
		out_field(&out, uri->query, ALLOWED_QUERY);
	}
	return out_finish(&out);
}

char *uri_request_target(const struct uri *uri)
{
	return format_alloc(uri, format_request_target);
}

/* The hierarchical path; an opaque part is a rootless path (RFC 3986). */
static const char *uri_hier_path(const struct uri *uri)
{
	if (uri->path)
		return uri->path;
	return uri->opaque ? uri->opaque : "";
}

/* Drop the last segment and its preceding '/' from OUT; new length. */
static size_t drop_last_segment(const char *out, size_t len)
{
	while (len && out[len - 1] != '/')
		len--;
	return len ? len - 1 : 0;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Length of the first segment of IN, with its leading '/' if any. */
static size_t first_segment(const char *in)
{
	return *in == '/' ? 1 + strcspn(in + 1, "/") : strcspn(in, "/");
}

/* RFC 3986 section 5.2.4 on IN (modified in place) into OUT; new length. */
static size_t remove_dots_into(char *in, char *out)
{
	size_t len = 0, seg;

	while (*in) {
		if (starts_with(in, "../")) {
			in += 3;
		} else if (starts_with(in, "./") || starts_with(in, "/./")) {
			in += 2;
		} else if (strcmp(in, "/.") == 0) {
			in[1] = '/';
			in += 1;
		} else if (starts_with(in, "/../")) {
			in += 3;
			len = drop_last_segment(out, len);
		} else if (strcmp(in, "/..") == 0) {
			in[2] = '/';
			in += 2;
			len = drop_last_segment(out, len);
		} else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0) {
			in += strlen(in);
		} else {
			seg = first_segment(in);
			memcpy(out + len, in, seg);
			len += seg;
			in += seg;
		}
	}
	return len;
}

/* remove_dot_segments() of PATH as a new heap string, or NULL. */
static char *remove_dot_segments(const char *path)
{
	char *in = strdup(path);
	char *out = malloc(strlen(path) + 1);

	if (!in || !out) {
		free(in);
		free(out);
		return NULL;
	}
	out[remove_dots_into(in, out)] = '\0';
	free(in);
	return out;
}

/* RFC 3986 section 5.2.3: REL_PATH relative to BASE's path, dots kept. */
static char *merge_paths(const struct uri *base, const char *rel_path)
{
	const char *base_path = uri_hier_path(base);
	const char *slash = strrchr(base_path, '/');
	size_t prefix = slash ? (size_t)(slash - base_path) + 1 : 0;
	size_t rel_len = strlen(rel_path);
	char *merged;

	if (has_authority(base) && !*base_path) {
		base_path = "/";
		prefix = 1;
	}
	merged = malloc(prefix + rel_len + 1);
	if (!merged)
		return NULL;
	memcpy(merged, base_path, prefix);
	memcpy(merged + prefix, rel_path, rel_len + 1);
	return merged;
}

/* The target path of RFC 3986 section 5.2.2, before query choice. */
static char *target_path(const struct uri *base, const struct uri *rel)
{
	const char *rel_path = uri_hier_path(rel);
	char *merged, *path;

	if (rel->scheme || has_authority(rel) || *rel_path == '/')
		return remove_dot_segments(rel_path);
	if (!*rel_path)
		return strdup(uri_hier_path(base));
	merged = merge_paths(base, rel_path);
	if (!merged)
		return NULL;
	path = remove_dot_segments(merged);
	free(merged);
	return path;
}

/* Copy the authority fields of SRC into DST. */
static bool copy_authority(struct uri *dst, const struct uri *src)
{
	return copy_field(&dst->user, src->user) &&
	       copy_field(&dst->password, src->password) &&
	       copy_field(&dst->host, src->host) &&
	       copy_field(&dst->port, src->port);
}

/* Store PATH (taken over) as path, or as opaque part if rootless. */
static void set_target_path(struct uri *uri, char *path)
{
	if (!*path) {
		free(path);
		return;
	}
	if (uri->scheme && !has_authority(uri) && *path != '/')
		uri->opaque = path;
	else
		uri->path = path;
}

struct uri *resolve_uri(const struct uri *base, const struct uri *rel)
{
	bool rel_defines = rel->scheme || has_authority(rel) ||
			   *uri_hier_path(rel);
	const struct uri *from = rel->scheme ? rel : base;
	const struct uri *auth = (rel->scheme || has_authority(rel)) ?
				 rel : base;
	const struct uri *query = (rel_defines || rel->query) ? rel : base;
	struct uri *target = zalloc(sizeof(*target));
	char *path;

	if (!target)
		return NULL;
	path = target_path(base, rel);
	if (!path || !copy_field(&target->scheme, from->scheme) ||
	    !copy_authority(target, auth) ||
	    !copy_field(&target->query, query->query) ||
	    !copy_field(&target->fragment, rel->fragment)) {
		free(path);
		uri_free(target);
		return NULL;
	}
	set_target_path(target, path);
	return target;
}

char *resolve_uri_string(const char *base, const char *relative)
{
	struct uri *base_uri = parse_uri(base);
	struct uri *rel_uri = parse_uri(relative);
	struct uri *target = NULL;
	char *text = NULL;

	if (base_uri && rel_uri)
		target = resolve_uri(base_uri, rel_uri);
	if (target)
		text = format_uri_alloc(target);
	uri_free(target);
	uri_free(rel_uri);
	uri_free(base_uri);
	return text;
}
