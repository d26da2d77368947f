/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the settings store's text interface (core/settings.h).
 * The input is three NUL-separated fields: a setting name, a value to
 * store under it, and text to expand. Some values are stored first, in
 * the global block and in two blocks of the target's own, so names and
 * ${} references have something to find.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <core/settings.h>
#include "harness.h"

static struct settings fuzz_block;
static struct settings fuzz_child;

/* What each input finds stored before its own value. */
static const char *const fuzz_preset[][2] = {
	{ "filename", "boot.ipxe" },
	{ "fuzz/greeting", "hello ${filename}" },
	{ "fuzz.child/ip", "10.0.0.2" },
	{ "fuzz.child/175:hex", "01:02:03" },
	{ "fuzz/count:uint16", "513" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	settings_init(&fuzz_block, NULL);
	settings_init(&fuzz_child, NULL);
	fuzz_check(register_settings(&fuzz_block, NULL, "fuzz") == 0);
	fuzz_check(register_settings(&fuzz_child, &fuzz_block, "child") == 0);
	return 0;
}

/* Store every preset value, or clear them all. */
static void fuzz_presets(bool store)
{
	const char *value;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fuzz_preset); i++) {
		value = store ? fuzz_preset[i][1] : NULL;
		fuzz_check(storef_setting(fuzz_preset[i][0], value) == 0);
	}
}

/*
 * Fetch NAME as text every way there is, checking they agree: the size
 * query, an exact buffer, a truncated one, and the heap copy. Returns
 * the value (free() it) or NULL if the fetch failed.
 */
static char *fetch_checked(const char *name)
{
	char untouched = 'x';
	int len = fetchf_setting(name, &untouched, 0);
	size_t half;
	char *text, *cut, *copy;

	fuzz_check(untouched == 'x');
	if (len < 0) {
		fuzz_check(fetchf_setting_copy(name, &copy) == len);
		return NULL;
	}
	half = (size_t)len / 2;
	text = malloc((size_t)len + 1);
	cut = malloc(half + 1);
	fuzz_check(text && cut);
	fuzz_check(fetchf_setting(name, text, (size_t)len + 1) == len);
	fuzz_check(strlen(text) == (size_t)len);
	fuzz_check(fetchf_setting(name, cut, half + 1) == len);
	fuzz_check(strlen(cut) == half && memcmp(cut, text, half) == 0);
	fuzz_check(fetchf_setting_copy(name, &copy) == len);
	fuzz_check(strcmp(copy, text) == 0);
	free(copy);
	free(cut);
	return text;
}

/* "${NAME}" expands to what fetching NAME gives (VALUE, NULL if unset). */
static void check_reference(const char *name, const char *value)
{
	char *reference, *expanded;

	/* Names holding these would change how the reference is read. */
	if (strpbrk(name, "${}"))
		return;
	fuzz_check(asprintf(&reference, "${%s}", name) >= 0);
	expanded = expand_settings(reference);
	fuzz_check(expanded != NULL);
	fuzz_check(strcmp(expanded, value ? value : "") == 0);
	free(expanded);
	free(reference);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct fuzz_input in = { data, size };
	char *name = fuzz_string(&in);
	char *value = fuzz_string(&in);
	char *text = fuzz_string(&in);
	char *fetched, *expanded;

	fuzz_check(name && value && text);
	fuzz_presets(true);
	storef_setting(name, value);
	fetched = fetch_checked(name);
	check_reference(name, fetched);
	expanded = expand_settings(text);
	fuzz_check(expanded != NULL);
	storef_setting(name, NULL);
	fuzz_presets(false);
	free(expanded);
	free(fetched);
	free(text);
	free(value);
	free(name);
	fuzz_check_heap(blocks);
	return 0;
}
