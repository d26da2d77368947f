/* SPDX-License-Identifier: MIT */
/* Unit tests for URI parsing, formatting and resolution (RFC 3986). */
#include <stdlib.h>
#include <string.h>
#include <core/uri.h>
#include "test.h"

#define RFC_BASE "http://a/b/c/d;p?q"
#define HOSTILE_LEN 100000

struct resolve_case {
	const char *relative;
	const char *expected;
};

/* RFC 3986 section 5.4.1. */
static const struct resolve_case rfc_normal[] = {
	{ "g:h", "g:h" },
	{ "g", "http://a/b/c/g" },
	{ "./g", "http://a/b/c/g" },
	{ "g/", "http://a/b/c/g/" },
	{ "/g", "http://a/g" },
	{ "//g", "http://g" },
	{ "?y", "http://a/b/c/d;p?y" },
	{ "g?y", "http://a/b/c/g?y" },
	{ "#s", "http://a/b/c/d;p?q#s" },
	{ "g#s", "http://a/b/c/g#s" },
	{ "g?y#s", "http://a/b/c/g?y#s" },
	{ ";x", "http://a/b/c/;x" },
	{ "g;x", "http://a/b/c/g;x" },
	{ "g;x?y#s", "http://a/b/c/g;x?y#s" },
	{ "", "http://a/b/c/d;p?q" },
	{ ".", "http://a/b/c/" },
	{ "./", "http://a/b/c/" },
	{ "..", "http://a/b/" },
	{ "../", "http://a/b/" },
	{ "../g", "http://a/b/g" },
	{ "../..", "http://a/" },
	{ "../../", "http://a/" },
	{ "../../g", "http://a/g" },
};

/* RFC 3986 section 5.4.2 (strict parser for "http:g"). */
static const struct resolve_case rfc_abnormal[] = {
	{ "../../../g", "http://a/g" },
	{ "../../../../g", "http://a/g" },
	{ "/./g", "http://a/g" },
	{ "/../g", "http://a/g" },
	{ "g.", "http://a/b/c/g." },
	{ ".g", "http://a/b/c/.g" },
	{ "g..", "http://a/b/c/g.." },
	{ "..g", "http://a/b/c/..g" },
	{ "./../g", "http://a/b/g" },
	{ "./g/.", "http://a/b/c/g/" },
	{ "g/./h", "http://a/b/c/g/h" },
	{ "g/../h", "http://a/b/c/h" },
	{ "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ "g;x=1/../y", "http://a/b/c/y" },
	{ "g?y/./x", "http://a/b/c/g?y/./x" },
	{ "g?y/../x", "http://a/b/c/g?y/../x" },
	{ "g#s/./x", "http://a/b/c/g#s/./x" },
	{ "g#s/../x", "http://a/b/c/g#s/../x" },
	{ "http:g", "http:g" },
};

/* Check that every field of URI is as given (NULL = absent). */
static void check_field(const char *field, const char *expected,
			const char *name)
{
	if (!expected && !field)
		return;
	if (!expected || !field || strcmp(field, expected) != 0)
		test_fail(__FILE__, __LINE__, "%s: \"%s\" != \"%s\"", name,
			  field ? field : "(null)",
			  expected ? expected : "(null)");
}

static void check_uri(const char *text, const char *scheme,
		      const char *opaque, const char *user,
		      const char *password, const char *host,
		      const char *port, const char *path, const char *query,
		      const char *fragment)
{
	struct uri *uri = parse_uri(text);

	CHECK(uri != NULL);
	if (!uri)
		return;
	check_field(uri->scheme, scheme, "scheme");
	check_field(uri->opaque, opaque, "opaque");
	check_field(uri->user, user, "user");
	check_field(uri->password, password, "password");
	check_field(uri->host, host, "host");
	check_field(uri->port, port, "port");
	check_field(uri->path, path, "path");
	check_field(uri->query, query, "query");
	check_field(uri->fragment, fragment, "fragment");
	uri_free(uri);
}

/* Parse TEXT and check that formatting gives EXPECTED. */
static void check_format(const char *text, const char *expected)
{
	struct uri *uri = parse_uri(text);
	char *formatted;

	CHECK(uri != NULL);
	if (!uri)
		return;
	formatted = format_uri_alloc(uri);
	CHECK_STR(formatted, expected);
	free(formatted);
	uri_free(uri);
}

static void check_resolve(const char *base, const char *relative,
			  const char *expected)
{
	char *resolved = resolve_uri_string(base, relative);

	if (!resolved || strcmp(resolved, expected) != 0)
		test_fail(__FILE__, __LINE__,
			  "resolve \"%s\": \"%s\" != \"%s\"", relative,
			  resolved ? resolved : "(null)", expected);
	free(resolved);
}

UNIT_TEST(uri_parse_full)
{
	check_uri("http://user:pass@boot.example.org:8080/dir/file?a=1&b=2#top",
		  "http", NULL, "user", "pass", "boot.example.org", "8080",
		  "/dir/file", "a=1&b=2", "top");
	check_uri("tftp://10.0.0.1/pxelinux.0", "tftp", NULL, NULL, NULL,
		  "10.0.0.1", NULL, "/pxelinux.0", NULL, NULL);
	check_uri("http://host", "http", NULL, NULL, NULL, "host", NULL, NULL,
		  NULL, NULL);
	check_uri("http://host:/x", "http", NULL, NULL, NULL, "host", NULL,
		  "/x", NULL, NULL);
	check_uri("file:///boot/x", "file", NULL, NULL, NULL, "", NULL,
		  "/boot/x", NULL, NULL);
	check_uri("http://u@h", "http", NULL, "u", NULL, "h", NULL, NULL,
		  NULL, NULL);
	check_uri("http://u:@h", "http", NULL, "u", "", "h", NULL, NULL,
		  NULL, NULL);
	check_uri("http://h?#", "http", NULL, NULL, NULL, "h", NULL, NULL,
		  "", "");
}

UNIT_TEST(uri_parse_scheme_case)
{
	check_uri("HTTP://Host/Path", "http", NULL, NULL, NULL, "Host", NULL,
		  "/Path", NULL, NULL);
	check_uri("Coap+TCP.x-y:z", "coap+tcp.x-y", "z", NULL, NULL, NULL,
		  NULL, NULL, NULL, NULL);
	/* Not schemes: starts with a digit, or '/' comes before ':'. */
	check_uri("1http:x", NULL, NULL, NULL, NULL, NULL, NULL, "1http:x",
		  NULL, NULL);
	check_uri("a/b:c", NULL, NULL, NULL, NULL, NULL, NULL, "a/b:c", NULL,
		  NULL);
	check_uri("a?b:c", NULL, NULL, NULL, NULL, NULL, NULL, "a", "b:c",
		  NULL);
}

UNIT_TEST(uri_parse_ipv6)
{
	check_uri("http://[::1]/x", "http", NULL, NULL, NULL, "::1", NULL,
		  "/x", NULL, NULL);
	check_uri("http://[fe80::1%25eth0]:8080/", "http", NULL, NULL, NULL,
		  "fe80::1%eth0", "8080", "/", NULL, NULL);
	check_uri("http://u@[2001:db8::7]:80", "http", NULL, "u", NULL,
		  "2001:db8::7", "80", NULL, NULL, NULL);
	/* Hostile: no closing bracket, junk after the bracket. */
	check_uri("http://[::1/x", "http", NULL, NULL, NULL, "::1", NULL,
		  "/x", NULL, NULL);
	check_uri("http://[::1]junk/x", "http", NULL, NULL, NULL, "::1",
		  "junk", "/x", NULL, NULL);
}

UNIT_TEST(uri_parse_opaque)
{
	check_uri("mailto:user@example.org", "mailto", "user@example.org",
		  NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	check_uri("urn:isbn:0451450523?x#y", "urn", "isbn:0451450523", NULL,
		  NULL, NULL, NULL, NULL, "x", "y");
	check_uri("x:/abs", "x", NULL, NULL, NULL, NULL, NULL, "/abs", NULL,
		  NULL);
	check_uri("x:", "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
}

UNIT_TEST(uri_parse_relative)
{
	check_uri("file", NULL, NULL, NULL, NULL, NULL, NULL, "file", NULL,
		  NULL);
	check_uri("../dir/file", NULL, NULL, NULL, NULL, NULL, NULL,
		  "../dir/file", NULL, NULL);
	check_uri("/abs", NULL, NULL, NULL, NULL, NULL, NULL, "/abs", NULL,
		  NULL);
	check_uri("//host/path", NULL, NULL, NULL, NULL, "host", NULL, "/path",
		  NULL, NULL);
	check_uri("?q", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "q", NULL);
	check_uri("#f", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "f");
	check_uri("", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
}

UNIT_TEST(uri_parse_decodes)
{
	check_uri("http://us%40er:p%3Ass@h%2Dx/a%20b%2Fc?q%26=1#f%23",
		  "http", NULL, "us@er", "p:ss", "h-x", NULL, "/a b/c", "q&=1",
		  "f#");
	/* Invalid escapes stay literal; %00 is not decoded into a NUL. */
	check_uri("/a%zzb%4", NULL, NULL, NULL, NULL, NULL, NULL, "/a%zzb%4",
		  NULL, NULL);
	check_uri("/x%", NULL, NULL, NULL, NULL, NULL, NULL, "/x%", NULL,
		  NULL);
	check_uri("/x%00y", NULL, NULL, NULL, NULL, NULL, NULL, "/x%00y",
		  NULL, NULL);
	check_uri("/%41%62%2f", NULL, NULL, NULL, NULL, NULL, NULL, "/Ab/",
		  NULL, NULL);
}

UNIT_TEST(uri_decode_function)
{
	char buf[16];
	char same[] = "a%20b%zz%";

	CHECK_INT(uri_decode("a%00b", 5, buf), 3);
	CHECK_MEM(buf, "a\0b", 3);
	/* In place, and only the bytes it was given. */
	CHECK_INT(uri_decode(same, strlen(same), same), 7);
	CHECK_MEM(same, "a b%zz%", 7);
	CHECK_INT(uri_decode("%41%42", 4, buf), 2);
	CHECK_MEM(buf, "A%", 2);
	CHECK_INT(uri_decode("", 0, buf), 0);
}

UNIT_TEST(uri_format_round_trip)
{
	static const char *const same[] = {
		"http://user:pass@boot.example.org:8080/dir/file?a=1&b=2#top",
		"tftp://10.0.0.1/pxelinux.0",
		"file:///boot/x",
		"http://[::1]:8080/x",
		"mailto:user@example.org",
		"urn:isbn:0451450523?x#y",
		"../dir/file",
		"//host/path",
		"?q",
		"#f",
		"",
		"http://h?#",
		"http://a/b/c/d;p?q",
		"http://h/a%20b/%25?q=%23#%20",
		"http://@h/",
		"x:/abs",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(same); i++)
		check_format(same[i], same[i]);
}

UNIT_TEST(uri_format_encodes)
{
	check_format("HTTP://h/a b", "http://h/a%20b");
	check_format("http://us%40er%3Ax:p%3Aw%40@h/",
		     "http://us%40er%3Ax:p:w%40@h/");
	check_format("http://h/%7e%41", "http://h/~A");
	check_format("http://[fe80::1%25eth0]/", "http://[fe80::1%25eth0]/");
	check_format("/a%zz", "/a%25zz");
	check_format("http://h/\x01\xff\"<>", "http://h/%01%FF%22%3C%3E");
	/* A relative path's first segment must not read as a scheme. */
	check_format("./a:b/c:d", "./a:b/c:d");
	check_format("%61%3Ab/c:d", "a%3Ab/c:d");
	check_format("http://h?a b#c d", "http://h?a%20b#c%20d");
}

UNIT_TEST(uri_format_built)
{
	struct uri uri = { 0 };
	char buf[8];
	char host[] = "::1";
	char path[] = "rel";

	uri.host = host;
	uri.path = path;
	/* An authority needs a '/' before the path; IPv6 is bracketed. */
	CHECK_INT(format_uri(&uri, buf, sizeof(buf)), 11);
	CHECK_STR(buf, "//[::1]");
	CHECK_INT(format_uri(&uri, NULL, 0), 11);
	CHECK_INT(format_uri(&uri, buf, 1), 11);
	CHECK_STR(buf, "");
}

UNIT_TEST(uri_format_truncates)
{
	struct uri *uri = parse_uri("http://host/path");
	char buf[32];

	CHECK(uri != NULL);
	if (!uri)
		return;
	memset(buf, 'X', sizeof(buf));
	CHECK_INT(format_uri(uri, buf, 10), 16);
	CHECK_STR(buf, "http://ho");
	CHECK_INT(buf[10], 'X');
	CHECK_INT(format_uri(uri, buf, 17), 16);
	CHECK_STR(buf, "http://host/path");
	uri_free(uri);
}

UNIT_TEST(uri_request_target_cases)
{
	static const struct resolve_case cases[] = {
		{ "http://h", "/" },
		{ "http://h/", "/" },
		{ "http://h?x=1", "/?x=1" },
		{ "http://h/a%20b/c?x y#frag", "/a%20b/c?x%20y" },
		{ "http://h/a?", "/a?" },
		{ "http://h/a:b@c", "/a:b@c" },
	};
	struct uri *uri;
	char *target;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uri = parse_uri(cases[i].relative);
		CHECK(uri != NULL);
		if (!uri)
			continue;
		target = uri_request_target(uri);
		CHECK_STR(target, cases[i].expected);
		free(target);
		uri_free(uri);
	}
}

UNIT_TEST(uri_port_values)
{
	static const struct {
		const char *text;
		unsigned int port;
	} cases[] = {
		{ "http://h/", 80 },
		{ "http://h:/", 80 },
		{ "http://h:8080/", 8080 },
		{ "http://h:080/", 80 },
		{ "http://h:1/", 1 },
		{ "http://h:65535/", 65535 },
		{ "http://h:65536/", 0 },
		{ "http://h:0/", 0 },
		{ "http://h:99999999999999999999/", 0 },
		{ "http://h:8o/", 0 },
		{ "http://h:-1/", 0 },
		{ "http://[::1]x/", 0 },
	};
	struct uri *uri;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uri = parse_uri(cases[i].text);
		CHECK(uri != NULL);
		if (!uri)
			continue;
		if (uri_port(uri, 80) != cases[i].port)
			test_fail(__FILE__, __LINE__, "%s: port %u != %u",
				  cases[i].text, uri_port(uri, 80),
				  cases[i].port);
		uri_free(uri);
	}
}

UNIT_TEST(uri_absolute_and_dup)
{
	struct uri *uri = parse_uri("http://u:p@h:1/p?q#f");
	struct uri *copy;
	char *text;

	CHECK(uri != NULL);
	if (!uri)
		return;
	CHECK(uri_is_absolute(uri));
	copy = uri_dup(uri);
	CHECK(copy != NULL);
	if (copy) {
		CHECK(copy->path != uri->path);
		text = format_uri_alloc(copy);
		CHECK_STR(text, "http://u:p@h:1/p?q#f");
		free(text);
		uri_free(copy);
	}
	uri_free(uri);
	uri = parse_uri("dir/file");
	CHECK(uri && !uri_is_absolute(uri));
	uri_free(uri);
	uri_free(NULL);
}

UNIT_TEST(uri_resolve_rfc_normal)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rfc_normal); i++)
		check_resolve(RFC_BASE, rfc_normal[i].relative,
			      rfc_normal[i].expected);
}

UNIT_TEST(uri_resolve_rfc_abnormal)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rfc_abnormal); i++)
		check_resolve(RFC_BASE, rfc_abnormal[i].relative,
			      rfc_abnormal[i].expected);
}

UNIT_TEST(uri_resolve_boot_cases)
{
	check_resolve("tftp://10.0.0.1/pxelinux.0", "boot.ipxe",
		      "tftp://10.0.0.1/boot.ipxe");
	check_resolve("http://s/ipxe/boot.ipxe", "../kernels/vmlinuz?x=1",
		      "http://s/kernels/vmlinuz?x=1");
	check_resolve("http://s", "file", "http://s/file");
	check_resolve("http://u:p@s:8080/a/b", "c", "http://u:p@s:8080/a/c");
	check_resolve("http://s/a/b", "https://t/x/../y", "https://t/y");
	check_resolve("http://s/a b/c", "d e", "http://s/a%20b/d%20e");
	check_resolve("mailto:a@b", "?subject=x", "mailto:a@b?subject=x");
	check_resolve("http://s/a/b", "//[::1]:81", "http://[::1]:81");
}

UNIT_TEST(uri_resolve_structure)
{
	struct uri *base = parse_uri(RFC_BASE);
	struct uri *rel = parse_uri("g:h");
	struct uri *target = NULL;

	CHECK(base && rel);
	if (base && rel)
		target = resolve_uri(base, rel);
	CHECK(target != NULL);
	if (target) {
		CHECK_STR(target->scheme, "g");
		CHECK_STR(target->opaque, "h");
		CHECK(target->path == NULL);
		CHECK(target->host == NULL);
	}
	uri_free(target);
	uri_free(rel);
	uri_free(base);
	/* RFC 3986 5.2.3: an empty base path after an authority is "/". */
	base = parse_uri("http://s");
	rel = parse_uri("file");
	target = (base && rel) ? resolve_uri(base, rel) : NULL;
	CHECK(target != NULL);
	if (target)
		CHECK_STR(target->path, "/file");
	uri_free(target);
	uri_free(rel);
	uri_free(base);
}

UNIT_TEST(uri_hostile)
{
	static const char *const texts[] = {
		"://", "?", "#", "%", "%%", "%%%", "%z", "@", ":", "[", "]",
		"//", "///", "//@", "//:", "//[", "//[]", "//[]:", "x://@:",
		"http://[", "http://]", "http://@@@", "http://::::", "?#?#",
		"a:b:c:d", "//u:p:q@h:1:2", ".", "..", "/..", "/../..",
	};
	struct uri *uri;
	char *text, *again;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		uri = parse_uri(texts[i]);
		CHECK(uri != NULL);
		if (!uri)
			continue;
		text = format_uri_alloc(uri);
		CHECK(text != NULL);
		free(text);
		text = uri_request_target(uri);
		CHECK(text != NULL);
		free(text);
		uri_free(uri);
		again = resolve_uri_string(texts[i], texts[i]);
		CHECK(again != NULL);
		free(again);
		again = resolve_uri_string(RFC_BASE, texts[i]);
		CHECK(again != NULL);
		free(again);
	}
	check_uri("://", NULL, NULL, NULL, NULL, NULL, NULL, "://", NULL, NULL);
	check_format("://", "%3A//");
	check_uri("?", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "", NULL);
	check_resolve(RFC_BASE, "?", "http://a/b/c/d;p?");
	check_resolve(RFC_BASE, "#", "http://a/b/c/d;p?q#");
}

UNIT_TEST(uri_hostile_huge)
{
	char *huge = malloc(HOSTILE_LEN + 1);
	struct uri *uri;
	char *text;

	CHECK(huge != NULL);
	if (!huge)
		return;
	memset(huge, '%', HOSTILE_LEN);
	memcpy(huge, "http://", 7);
	huge[HOSTILE_LEN] = '\0';
	uri = parse_uri(huge);
	CHECK(uri != NULL);
	if (uri) {
		CHECK_INT(strlen(uri->host), HOSTILE_LEN - 7);
		text = format_uri_alloc(uri);
		CHECK(text && strlen(text) == 7 + 3 * (HOSTILE_LEN - 7));
		free(text);
		uri_free(uri);
	}
	memset(huge, '.', HOSTILE_LEN);
	huge[0] = '/';
	for (size_t i = 2; i < HOSTILE_LEN; i += 3)
		huge[i] = '/';
	text = resolve_uri_string(RFC_BASE, huge);
	CHECK(text != NULL);
	free(text);
	free(huge);
}

/* Formatting never turns a path or opaque part into an authority (fuzzer finds). */
UNIT_TEST(uri_format_never_invents_a_host)
{
	static const char *const inputs[] = {
		"http:/%2Fevil.example/x",
		"http:%2F%2Fevil.example/x",
	};
	char text[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(inputs); i++) {
		struct uri *uri = parse_uri(inputs[i]);
		struct uri *again;

		CHECK(uri && !uri->host);
		format_uri(uri, text, sizeof(text));
		again = parse_uri(text);
		CHECK(again && !again->host);
		CHECK_STR(again->path ? again->path : again->opaque,
			  uri->path ? uri->path : uri->opaque);
		uri_free(again);
		uri_free(uri);
	}
}
