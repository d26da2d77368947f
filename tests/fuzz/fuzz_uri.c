/* SPDX-License-Identifier: MIT */
/* Fuzz target: URI parsing, formatting and resolution (core/uri.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <core/uri.h>
#include "harness.h"

/* A base with every field, so that resolution meets each of them. */
#define FUZZ_BASE_URI \
	"http://user:pw@boot.example.org:8080/dir/sub/file.ipxe?x=1#top"
#define FUZZ_DEFAULT_PORT 80
#define FUZZ_MAX_PORT 65535

static struct uri *fuzz_base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	fuzz_base = parse_uri(FUZZ_BASE_URI);
	fuzz_check(fuzz_base != NULL);
	return 0;
}

/*
 * Format URI into an exactly sized heap string, checking that every way
 * of formatting agrees: the size query, a full buffer, a truncated one,
 * and format_uri_alloc().
 */
static char *format_checked(const struct uri *uri)
{
	char untouched = 'x';
	size_t len = format_uri(uri, &untouched, 0);
	size_t half = len / 2;
	char *text = malloc(len + 1);
	char *cut = malloc(half + 1);
	char *alloc = format_uri_alloc(uri);

	fuzz_check(untouched == 'x');
	fuzz_check(text && cut && alloc);
	fuzz_check(format_uri(uri, text, len + 1) == len);
	fuzz_check(strlen(text) == len);
	fuzz_check(format_uri(uri, cut, half + 1) == len);
	fuzz_check(strlen(cut) == half && memcmp(cut, text, half) == 0);
	fuzz_check(strcmp(alloc, text) == 0);
	free(cut);
	free(alloc);
	return text;
}

/* Both absent, or both present and equal. */
static bool same_field(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * Parsing what formatting made gives back the same fields (the text may
 * differ: formatting normalises escapes), and formats the same again.
 */
static void check_round_trip(const struct uri *uri, const char *formatted)
{
	struct uri *again = parse_uri(formatted);
	char *text;

	fuzz_check(again != NULL);
	fuzz_check(same_field(uri->scheme, again->scheme));
	fuzz_check(same_field(uri->opaque, again->opaque));
	fuzz_check(same_field(uri->user, again->user));
	fuzz_check(same_field(uri->password, again->password));
	fuzz_check(same_field(uri->host, again->host));
	fuzz_check(same_field(uri->port, again->port));
	fuzz_check(same_field(uri->path, again->path));
	fuzz_check(same_field(uri->query, again->query));
	fuzz_check(same_field(uri->fragment, again->fragment));
	text = format_checked(again);
	fuzz_check(strcmp(text, formatted) == 0);
	free(text);
	uri_free(again);
}

/* Resolve RELATIVE against BASE; the result is formatted and freed. */
static char *resolve_checked(const struct uri *base,
			     const struct uri *relative)
{
	struct uri *resolved = resolve_uri(base, relative);
	char *text;

	fuzz_check(resolved != NULL);
	if (uri_is_absolute(base))
		fuzz_check(uri_is_absolute(resolved));
	text = format_checked(resolved);
	uri_free(resolved);
	return text;
}

/* The accessors that derive values from URI, which formats as TEXT. */
static void check_accessors(const struct uri *uri, const char *text)
{
	struct uri *copy = uri_dup(uri);
	char *target = uri_request_target(uri);
	char *duplicate;

	fuzz_check(copy && target);
	duplicate = format_checked(copy);
	fuzz_check(strcmp(text, duplicate) == 0);
	fuzz_check(uri_port(uri, FUZZ_DEFAULT_PORT) <= FUZZ_MAX_PORT);
	free(duplicate);
	free(target);
	uri_free(copy);
}

/* The text helpers must agree with the structured calls they stand for. */
static void check_text_helpers(const char *input, const char *resolved)
{
	size_t len = strlen(input);
	char *decoded = malloc(len);
	char *via_text = resolve_uri_string(FUZZ_BASE_URI, input);

	fuzz_check(decoded && via_text);
	fuzz_check(uri_decode(input, len, decoded) <= len);
	fuzz_check(strcmp(via_text, resolved) == 0);
	free(via_text);
	free(decoded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct fuzz_input in = { data, size };
	char *input = fuzz_string(&in);
	struct uri *uri;
	char *text, *against_base, *against_self;

	fuzz_check(input != NULL);
	uri = parse_uri(input);
	fuzz_check(uri != NULL);
	text = format_checked(uri);
	check_round_trip(uri, text);
	check_accessors(uri, text);
	against_base = resolve_checked(fuzz_base, uri);
	against_self = resolve_checked(uri, uri);
	check_text_helpers(input, against_base);
	free(against_self);
	free(against_base);
	free(text);
	uri_free(uri);
	free(input);
	fuzz_check_heap(blocks);
	return 0;
}
