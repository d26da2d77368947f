/* SPDX-License-Identifier: MIT */
/* Unit tests for the settings store, block tree, names and ${} expansion. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/settings.h>
#include "test.h"

#define TEXT_MAX 128
#define DEEP_NESTING 5000
#define HUGE_TEXT 200000

static const uint8_t test_mac[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* An ad-hoc setting named NAME of type string. */
static struct setting adhoc(const char *name)
{
	struct setting setting = { .name = name,
				   .type = &setting_type_string };
	return setting;
}

/* Expand TEXT and compare with EXPECTED. */
static void check_expand(const char *text, const char *expected)
{
	char *expanded = expand_settings(text);

	if (!expanded || strcmp(expanded, expected) != 0)
		test_fail(__FILE__, __LINE__, "expand \"%s\": \"%s\" != \"%s\"",
			  text, expanded ? expanded : "(null)", expected);
	free(expanded);
}

/* Check that the setting NAME formats as EXPECTED. */
static void check_fetchf(const char *name, const char *expected)
{
	char buf[TEXT_MAX];
	int rc = fetchf_setting(name, buf, sizeof(buf));

	if (rc < 0 || strcmp(buf, expected) != 0 ||
	    rc != (int)strlen(expected))
		test_fail(__FILE__, __LINE__,
			  "fetchf %s: rc %d \"%s\" != \"%s\"", name, rc, buf,
			  expected);
}

UNIT_TEST(settings_known_definitions)
{
	static const struct {
		const struct setting *setting;
		const char *name;
		const struct setting_type *type;
		unsigned int tag;
	} defs[] = {
		{ &ip_setting, "ip", &setting_type_ipv4, 50 },
		{ &netmask_setting, "netmask", &setting_type_ipv4, 1 },
		{ &gateway_setting, "gateway", &setting_type_ipv4, 3 },
		{ &dns_setting, "dns", &setting_type_ipv4, 6 },
		{ &domain_setting, "domain", &setting_type_string, 15 },
		{ &hostname_setting, "hostname", &setting_type_string, 12 },
		{ &next_server_setting, "next-server", &setting_type_ipv4, 0 },
		{ &filename_setting, "filename", &setting_type_string, 67 },
		{ &mac_setting, "mac", &setting_type_hex, 0 },
		{ &uuid_setting, "uuid", &setting_type_uuid, 97 },
		{ &user_class_setting, "user-class", &setting_type_string, 77 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++) {
		CHECK(find_setting(defs[i].name) == defs[i].setting);
		CHECK_STR(defs[i].setting->name, defs[i].name);
		CHECK(defs[i].setting->type == defs[i].type);
		CHECK_INT(defs[i].setting->tag, defs[i].tag);
		if (defs[i].tag)
			CHECK(find_setting_by_tag(defs[i].tag) ==
			      defs[i].setting);
	}
	CHECK(find_setting("no-such-setting") == NULL);
	CHECK(find_setting("") == NULL);
	CHECK(find_setting_by_tag(0) == NULL);
	CHECK(find_setting_by_tag(254) == NULL);
}

UNIT_TEST(settings_store_fetch_delete)
{
	struct setting key = adhoc("ut-key");
	struct settings *origin = NULL;
	char buf[TEXT_MAX];

	CHECK_INT(fetch_setting(NULL, &key, buf, sizeof(buf), NULL), -ENOENT);
	CHECK_INT(store_setting(NULL, &key, "hello", 5), 0);
	CHECK_INT(fetch_setting(NULL, &key, buf, sizeof(buf), &origin), 5);
	CHECK_MEM(buf, "hello", 5);
	CHECK(origin == &settings_root);
	/* Too small a buffer: the full length, and only what fits. */
	memset(buf, 'X', sizeof(buf));
	CHECK_INT(fetch_setting(NULL, &key, buf, 2, NULL), 5);
	CHECK_MEM(buf, "heX", 3);
	CHECK_INT(fetch_setting(NULL, &key, NULL, 0, NULL), 5);
	/* Overwrite with a longer, then a shorter value. */
	CHECK_INT(store_setting(NULL, &key, "a much longer value", 19), 0);
	CHECK_INT(fetch_string_setting(NULL, &key, buf, sizeof(buf)), 19);
	CHECK_STR(buf, "a much longer value");
	CHECK_INT(store_setting(&settings_root, &key, "z", 1), 0);
	CHECK_INT(fetch_string_setting(NULL, &key, buf, sizeof(buf)), 1);
	CHECK_STR(buf, "z");
	/* Zero length and NULL both delete; deleting twice is fine. */
	CHECK_INT(store_setting(NULL, &key, "z", 0), 0);
	CHECK_INT(fetch_setting(NULL, &key, NULL, 0, NULL), -ENOENT);
	CHECK_INT(store_setting(NULL, &key, "y", 1), 0);
	CHECK_INT(store_setting(NULL, &key, NULL, 1), 0);
	CHECK_INT(fetch_setting(NULL, &key, NULL, 0, NULL), -ENOENT);
	CHECK_INT(delete_setting(NULL, &key), 0);
	key.name = "";
	CHECK_INT(store_setting(NULL, &key, "x", 1), -EINVAL);
}

UNIT_TEST(settings_storef_fetchf)
{
	char buf[TEXT_MAX];
	char *copy = NULL;

	CHECK_INT(storef_setting("ut-name", "value one"), 0);
	check_fetchf("ut-name", "value one");
	CHECK_INT(fetchf_setting_copy("ut-name", &copy), 9);
	CHECK_STR(copy, "value one");
	free(copy);
	/* Truncation reports the full length. */
	CHECK_INT(fetchf_setting("ut-name", buf, 4), 9);
	CHECK_STR(buf, "val");
	/* "" and NULL clear. */
	CHECK_INT(storef_setting("ut-name", ""), 0);
	CHECK_INT(fetchf_setting("ut-name", buf, sizeof(buf)), -ENOENT);
	CHECK_STR(buf, "");
	CHECK_INT(fetchf_setting_copy("ut-name", &copy), -ENOENT);
	CHECK(copy == NULL);
	CHECK_INT(storef_setting("ut-name", "x"), 0);
	CHECK_INT(storef_setting("ut-name", NULL), 0);
	CHECK_INT(fetchf_setting("ut-name", buf, sizeof(buf)), -ENOENT);
}

UNIT_TEST(settings_typed_text)
{
	struct settings *origin = NULL;
	uint32_t ip = 0;

	/* Known names parse as their type; the stored type is kept. */
	CHECK_INT(storef_setting("ip", "10.0.0.5"), 0);
	CHECK_INT(fetch_ipv4_setting(NULL, &ip_setting, &ip), 4);
	CHECK_MEM(&ip, "\x0a\x00\x00\x05", 4);
	CHECK_INT(fetch_setting(NULL, &ip_setting, NULL, 0, &origin), 4);
	CHECK(origin == &settings_root);
	check_fetchf("ip", "10.0.0.5");
	check_fetchf("ip:hex", "0a:00:00:05");
	check_fetchf("ip:uint32", "167772165");
	check_fetchf("ip:hexraw", "0a000005");
	CHECK_INT(storef_setting("ip", "10.0.0.256"), -EINVAL);
	CHECK_INT(storef_setting("ip", "not an address"), -EINVAL);
	check_fetchf("ip", "10.0.0.5");
	CHECK_INT(storef_setting("ip", NULL), 0);
	/* Ad-hoc names with a type keep that type when fetched plain. */
	CHECK_INT(storef_setting("ut-hex:hex", "01:02:ff"), 0);
	check_fetchf("ut-hex", "01:02:ff");
	check_fetchf("ut-hex:hexhyp", "01-02-ff");
	check_fetchf("ut-hex:uint32", "66303");
	CHECK_INT(storef_setting("ut-hex:hex", "01:0"), -EINVAL);
	CHECK_INT(storef_setting("ut-hex:nosuch", "01"), -EINVAL);
	CHECK_INT(storef_setting("ut-hex", NULL), 0);
	/* A known name stored as another type. */
	CHECK_INT(storef_setting("hostname:uint8", "200"), 0);
	check_fetchf("hostname", "200");
	CHECK_INT(storef_setting("hostname", NULL), 0);
	/* A format that cannot apply is an error, not garbage. */
	CHECK_INT(storef_setting("ut-short:hex", "01"), 0);
	CHECK_INT(fetchf_setting("ut-short:ipv4", NULL, 0), -ERANGE);
	CHECK_INT(fetch_ipv4_setting(NULL, &(struct setting){
		.name = "ut-short" }, &ip), -ERANGE);
	CHECK_INT(storef_setting("ut-short", NULL), 0);
}

UNIT_TEST(settings_fetch_uint_and_strings)
{
	struct setting num = adhoc("ut-num");
	unsigned long value = 0;
	char buf[4];
	char *copy = NULL;

	CHECK_INT(fetch_uint_setting(NULL, &num, &value), -ENOENT);
	CHECK_INT(store_setting(NULL, &num, "\x05", 1), 0);
	CHECK_INT(fetch_uint_setting(NULL, &num, &value), 1);
	CHECK_INT(value, 5);
	CHECK_INT(store_setting(NULL, &num, "\x01\x02", 2), 0);
	CHECK_INT(fetch_uint_setting(NULL, &num, &value), 2);
	CHECK_INT(value, 0x102);
	CHECK_INT(store_setting(NULL, &num, "\x80\0\0\x01", 4), 0);
	CHECK_INT(fetch_uint_setting(NULL, &num, &value), 4);
	CHECK_INT(value, 0x80000001UL);
	CHECK_INT(store_setting(NULL, &num, "123456789", 9), 0);
	CHECK_INT(fetch_uint_setting(NULL, &num, &value), -ERANGE);
	/* Strings: truncated but terminated; copies are whole. */
	CHECK_INT(fetch_string_setting(NULL, &num, buf, sizeof(buf)), 9);
	CHECK_STR(buf, "123");
	CHECK_INT(fetch_string_setting_copy(NULL, &num, &copy), 9);
	CHECK_STR(copy, "123456789");
	free(copy);
	CHECK_INT(delete_setting(NULL, &num), 0);
	CHECK_INT(fetch_string_setting(NULL, &num, buf, sizeof(buf)), -ENOENT);
	CHECK_STR(buf, "");
	CHECK_INT(fetch_string_setting_copy(NULL, &num, &copy), -ENOENT);
	CHECK(copy == NULL);
}

UNIT_TEST(settings_block_tree)
{
	struct settings net, dhcp, other, dup;
	char name[TEXT_MAX];
	char small[5];

	settings_init(&net, NULL);
	settings_init(&dhcp, NULL);
	settings_init(&other, NULL);
	settings_init(&dup, NULL);
	CHECK_INT(register_settings(&net, NULL, "utnet0"), 0);
	CHECK_INT(register_settings(&dhcp, &net, "dhcp"), 0);
	CHECK_INT(register_settings(&other, &net, "other"), 0);
	CHECK_INT(register_settings(&dup, NULL, "utnet0"), -EEXIST);
	CHECK_INT(register_settings(&dup, &net, "dhcp"), -EEXIST);
	CHECK_INT(register_settings(&dup, NULL, ""), -EINVAL);
	CHECK_INT(register_settings(&dup, NULL, "a.b"), -EINVAL);
	CHECK_INT(register_settings(&dup, NULL, "a/b"), -EINVAL);
	CHECK_INT(register_settings(&dup, NULL, "a:b"), -EINVAL);
	CHECK_INT(register_settings(&dup, NULL,
				    "a-name-that-is-much-too-long-for-a-block"),
		  -ENAMETOOLONG);
	CHECK(find_settings("") == &settings_root);
	CHECK(find_settings("utnet0") == &net);
	CHECK(find_settings("utnet0.dhcp") == &dhcp);
	CHECK(find_settings("utnet0.other") == &other);
	CHECK(find_settings("dhcp") == NULL);
	CHECK(find_settings("utnet0.") == NULL);
	CHECK(find_settings(".utnet0") == NULL);
	CHECK(find_settings("utnet0..dhcp") == NULL);
	CHECK(find_settings("utnet0.dhcp.x") == NULL);
	CHECK(find_settings("utnet") == NULL);
	CHECK_INT(settings_full_name(&dhcp, name, sizeof(name)), 11);
	CHECK_STR(name, "utnet0.dhcp");
	CHECK_INT(settings_full_name(&net, name, sizeof(name)), 6);
	CHECK_STR(name, "utnet0");
	CHECK_INT(settings_full_name(&settings_root, name, sizeof(name)), 0);
	CHECK_STR(name, "");
	CHECK_INT(settings_full_name(&dhcp, small, sizeof(small)), 11);
	CHECK_STR(small, "utne");
	CHECK_INT(settings_full_name(&dhcp, NULL, 0), 11);
	unregister_settings(&net);
	CHECK(find_settings("utnet0") == NULL);
	CHECK(find_settings("utnet0.dhcp") == NULL);
	CHECK(dhcp.parent == NULL);
	/* The name is free again. */
	CHECK_INT(register_settings(&dup, NULL, "utnet0"), 0);
	unregister_settings(&dup);
}

UNIT_TEST(settings_search_order)
{
	struct settings a, a_dhcp, b;
	struct setting key = adhoc("ut-order");
	struct settings *origin = NULL;
	char buf[TEXT_MAX];

	settings_init(&a, NULL);
	settings_init(&a_dhcp, NULL);
	settings_init(&b, NULL);
	CHECK_INT(register_settings(&a, NULL, "uta"), 0);
	CHECK_INT(register_settings(&a_dhcp, &a, "dhcp"), 0);
	CHECK_INT(register_settings(&b, NULL, "utb"), 0);
	CHECK_INT(store_setting(&b, &key, "from-b", 6), 0);
	check_fetchf("ut-order", "from-b");
	CHECK_INT(store_setting(&a_dhcp, &key, "from-a.dhcp", 11), 0);
	/* Depth first in registration order: uta, uta.dhcp, utb. */
	CHECK_INT(fetch_setting(NULL, &key, buf, sizeof(buf), &origin), 11);
	CHECK(origin == &a_dhcp);
	check_fetchf("ut-order", "from-a.dhcp");
	/* Scoped fetches search the block and its children only. */
	check_fetchf("uta/ut-order", "from-a.dhcp");
	check_fetchf("uta.dhcp/ut-order", "from-a.dhcp");
	check_fetchf("utb/ut-order", "from-b");
	CHECK_INT(fetch_setting(&a_dhcp, &key, NULL, 0, NULL), 11);
	/* A parent's own value comes before its children's. */
	CHECK_INT(storef_setting("uta/ut-order", "from-a"), 0);
	check_fetchf("uta/ut-order", "from-a");
	check_fetchf("uta.dhcp/ut-order", "from-a.dhcp");
	/* Unscoped stores go to the root, which is searched first. */
	CHECK_INT(storef_setting("ut-order", "global"), 0);
	CHECK_INT(fetch_setting(NULL, &key, NULL, 0, &origin), 6);
	CHECK(origin == &settings_root);
	check_fetchf("ut-order", "global");
	check_fetchf("utb/ut-order", "from-b");
	check_fetchf("/ut-order", "global");
	CHECK_INT(storef_setting("ut-order", NULL), 0);
	check_fetchf("ut-order", "from-a");
	/* Deleting in one block leaves the others. */
	CHECK_INT(storef_setting("uta/ut-order", NULL), 0);
	CHECK_INT(storef_setting("uta.dhcp/ut-order", NULL), 0);
	check_fetchf("ut-order", "from-b");
	CHECK_INT(fetchf_setting("uta/ut-order", buf, sizeof(buf)), -ENOENT);
	CHECK_INT(fetchf_setting("nosuch/ut-order", buf, sizeof(buf)),
		  -ENODEV);
	unregister_settings(&a);
	unregister_settings(&b);
	CHECK_INT(fetch_setting(NULL, &key, NULL, 0, NULL), -ENOENT);
}

UNIT_TEST(settings_tags_match)
{
	struct settings block;

	settings_init(&block, NULL);
	CHECK_INT(register_settings(&block, NULL, "uttag"), 0);
	CHECK_INT(store_setting(&block, &filename_setting, "boot.ipxe", 9), 0);
	/* A numeric name is the DHCP option of that number. */
	check_fetchf("uttag/67", "boot.ipxe");
	check_fetchf("uttag/filename", "boot.ipxe");
	check_fetchf("uttag/67:hex", "62:6f:6f:74:2e:69:70:78:65");
	/* Storing by number replaces the value stored by name. */
	CHECK_INT(storef_setting("uttag/67", "other.efi"), 0);
	check_fetchf("uttag/filename", "other.efi");
	CHECK_INT(storef_setting("uttag/209", "pxelinux.cfg/x"), 0);
	check_fetchf("uttag/209:string", "pxelinux.cfg/x");
	/* Numbers beyond DHCP options are plain names. */
	CHECK_INT(storef_setting("uttag/256", "n"), 0);
	check_fetchf("uttag/256", "n");
	unregister_settings(&block);
}

UNIT_TEST(settings_parse_names)
{
	struct settings block, *settings = NULL;
	struct setting setting;
	char namebuf[TEXT_MAX];
	char tiny[4];

	settings_init(&block, NULL);
	CHECK_INT(register_settings(&block, NULL, "utparse"), 0);
	CHECK_INT(parse_setting_name("ip", &settings, &setting, namebuf,
				     sizeof(namebuf)), 0);
	CHECK(settings == NULL);
	CHECK_STR(setting.name, "ip");
	CHECK(setting.type == &setting_type_ipv4);
	CHECK_INT(setting.tag, 50);
	CHECK_INT(parse_setting_name("utparse/mac:hexhyp", &settings, &setting,
				     namebuf, sizeof(namebuf)), 0);
	CHECK(settings == &block);
	CHECK_STR(setting.name, "mac");
	CHECK(setting.type == &setting_type_hexhyp);
	CHECK_INT(parse_setting_name("my-thing", &settings, &setting, namebuf,
				     sizeof(namebuf)), 0);
	CHECK(setting.name >= namebuf &&
	      setting.name < namebuf + sizeof(namebuf));
	CHECK_STR(setting.name, "my-thing");
	CHECK(setting.type == &setting_type_string);
	CHECK_INT(setting.tag, 0);
	CHECK_INT(parse_setting_name("175", &settings, &setting, namebuf,
				     sizeof(namebuf)), 0);
	CHECK_INT(setting.tag, 175);
	CHECK_INT(parse_setting_name("nosuch/ip", &settings, &setting,
				     namebuf, sizeof(namebuf)), -ENODEV);
	CHECK_INT(parse_setting_name("ip:nosuch", &settings, &setting,
				     namebuf, sizeof(namebuf)), -EINVAL);
	CHECK_INT(parse_setting_name("", &settings, &setting, namebuf,
				     sizeof(namebuf)), -EINVAL);
	CHECK_INT(parse_setting_name("utparse/", &settings, &setting, namebuf,
				     sizeof(namebuf)), -EINVAL);
	CHECK_INT(parse_setting_name(":hex", &settings, &setting, namebuf,
				     sizeof(namebuf)), -EINVAL);
	CHECK_INT(parse_setting_name("hostname", &settings, &setting, tiny,
				     sizeof(tiny)), -ENAMETOOLONG);
	CHECK_INT(storef_setting("nosuch/x", "1"), -ENODEV);
	CHECK_INT(storef_setting(":string", "1"), -EINVAL);
	unregister_settings(&block);
}

/* Computed values for the test block: "mac" is read-only and fixed. */
static int test_fetch(struct settings *settings, const struct setting *setting,
		      void *raw, size_t len)
{
	if (strcmp(setting->name, "ut-broken") == 0)
		return -EIO;
	if (strcmp(setting->name, mac_setting.name) != 0)
		return -ENOENT;
	if (len)
		memcpy(raw, test_mac, MIN(len, sizeof(test_mac)));
	return sizeof(test_mac);
}

static int test_store(struct settings *settings, const struct setting *setting,
		      const void *raw, size_t len)
{
	if (strcmp(setting->name, mac_setting.name) == 0)
		return -ENOTSUP;
	return -ENOENT;
}

static const struct settings_operations test_ops = {
	.fetch = test_fetch,
	.store = test_store,
};

/* Append each visited name (as "block/name") to the string CTX. */
static void collect_name(struct settings *origin,
			 const struct setting *setting, const void *raw,
			 size_t len, void *ctx)
{
	char *list = ctx;
	char name[TEXT_MAX];

	settings_full_name(origin, name, sizeof(name));
	if (strlen(list) + strlen(name) + strlen(setting->name) + 3 >=
	    TEXT_MAX)
		return;
	strcat(list, name);
	strcat(list, "/");
	strcat(list, setting->name);
	strcat(list, ",");
}

UNIT_TEST(settings_operations_hooks)
{
	struct settings net, child;
	struct settings *origin = NULL;
	char list[TEXT_MAX] = "";
	uint8_t mac[sizeof(test_mac)];

	settings_init(&net, &test_ops);
	settings_init(&child, NULL);
	CHECK_INT(register_settings(&net, NULL, "utops"), 0);
	CHECK_INT(register_settings(&child, &net, "dhcp"), 0);
	check_fetchf("utops/mac", "52:54:00:12:34:56");
	check_fetchf("utops/mac:hexhyp", "52-54-00-12-34-56");
	CHECK_INT(fetchf_setting("utops.dhcp/mac", NULL, 0), -ENOENT);
	CHECK_INT(fetch_setting(&net, &mac_setting, mac, sizeof(mac), &origin),
		  6);
	CHECK_MEM(mac, test_mac, sizeof(mac));
	CHECK(origin == &net);
	/* Read-only computed value. */
	CHECK_INT(storef_setting("utops/mac", "00:00:00:00:00:01"), -ENOTSUP);
	CHECK_INT(delete_setting(&net, &mac_setting), -ENOTSUP);
	/* Everything else falls back to stored values. */
	CHECK_INT(storef_setting("utops/ut-other", "x"), 0);
	check_fetchf("utops/ut-other", "x");
	CHECK_INT(fetchf_setting("utops/ut-broken", NULL, 0), -EIO);
	CHECK_INT(storef_setting("utops.dhcp/ut-child", "y"), 0);
	/* Only stored values are visited, parents before children. */
	for_each_setting(&net, collect_name, list);
	CHECK_STR(list, "utops/ut-other,utops.dhcp/ut-child,");
	unregister_settings(&net);
}

UNIT_TEST(settings_for_each_order)
{
	struct settings block;
	char list[TEXT_MAX] = "";

	settings_init(&block, NULL);
	CHECK_INT(register_settings(&block, NULL, "utorder"), 0);
	CHECK_INT(storef_setting("utorder/c", "1"), 0);
	CHECK_INT(storef_setting("utorder/a", "2"), 0);
	CHECK_INT(storef_setting("utorder/b", "3"), 0);
	/* Overwriting keeps the position. */
	CHECK_INT(storef_setting("utorder/a", "4"), 0);
	for_each_setting(&block, collect_name, list);
	CHECK_STR(list, "utorder/c,utorder/a,utorder/b,");
	check_fetchf("utorder/a", "4");
	CHECK_INT(storef_setting("utorder/c", NULL), 0);
	list[0] = '\0';
	for_each_setting(&block, collect_name, list);
	CHECK_STR(list, "utorder/a,utorder/b,");
	/* Unregistering frees what is left (the runner checks for leaks). */
	unregister_settings(&block);
}

UNIT_TEST(settings_expand_basic)
{
	CHECK_INT(storef_setting("ut-x", "abc"), 0);
	CHECK_INT(storef_setting("ut-name", "ut-x"), 0);
	check_expand("", "");
	check_expand("plain text", "plain text");
	check_expand("${ut-x}", "abc");
	check_expand("a${ut-x}b${ut-x}c", "aabcbabcc");
	check_expand("${ut-unset}", "");
	check_expand("[${ut-unset}]", "[]");
	check_expand("$", "$");
	check_expand("$$", "$$");
	check_expand("a$b", "a$b");
	check_expand("$ {ut-x}", "$ {ut-x}");
	check_expand("${", "${");
	check_expand("${ut-x", "${ut-x");
	check_expand("}", "}");
	check_expand("${ut-x}}", "abc}");
	check_expand("${}", "");
	check_expand("${${ut-name}}", "abc");
	check_expand("${${ut-name}", "${ut-x");
	check_expand("${ut-x:hex}", "61:62:63");
	check_expand("${ut-x:nosuch}", "");
	check_expand("${nosuch/ut-x}", "");
	check_expand("$${ut-x}", "$abc");
	check_expand("${ut-${ut-unset}x}", "abc");
	CHECK_INT(storef_setting("ut-x", NULL), 0);
	CHECK_INT(storef_setting("ut-name", NULL), 0);
}

UNIT_TEST(settings_expand_values_not_rescanned)
{
	/* A value holding "${...}" is copied, not expanded again. */
	CHECK_INT(storef_setting("ut-loop", "${ut-loop}"), 0);
	check_expand("${ut-loop}", "${ut-loop}");
	check_expand("<${ut-loop}>", "<${ut-loop}>");
	CHECK_INT(storef_setting("ut-loop", NULL), 0);
}

UNIT_TEST(settings_expand_scoped_typed)
{
	struct settings net;

	settings_init(&net, &test_ops);
	CHECK_INT(register_settings(&net, NULL, "utexp"), 0);
	CHECK_INT(storef_setting("utexp/ip", "192.168.1.20"), 0);
	check_expand("http://srv/boot?mac=${utexp/mac:hexhyp}&ip=${utexp/ip}",
		     "http://srv/boot?mac=52-54-00-12-34-56&ip=192.168.1.20");
	check_expand("${utexp/ip:hex}", "c0:a8:01:14");
	check_expand("${utexp/mac:hexraw}", "525400123456");
	check_expand("${utexp/mac:uuid}", "");
	unregister_settings(&net);
}

UNIT_TEST(settings_expand_deep_and_huge)
{
	size_t len = 4 * DEEP_NESTING;
	char *text = malloc(len + 1);
	char *expanded;
	size_t i;

	CHECK(text != NULL);
	if (!text)
		return;
	/* Deep nesting: every level names the empty string. */
	for (i = 0; i < DEEP_NESTING; i++)
		memcpy(text + 2 * i, "${", 2);
	memset(text + 2 * DEEP_NESTING, '}', DEEP_NESTING);
	text[3 * DEEP_NESTING] = '\0';
	check_expand(text, "");
	/* Unclosed all the way: copied literally. */
	text[2 * DEEP_NESTING] = '\0';
	expanded = expand_settings(text);
	CHECK(expanded && strcmp(expanded, text) == 0);
	free(expanded);
	free(text);

	text = malloc(HUGE_TEXT + 1);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK_INT(storef_setting("ut-h", "0123456789"), 0);
	for (i = 0; i + 7 <= HUGE_TEXT; i += 7)
		memcpy(text + i, "${ut-h}", 7);
	text[i] = '\0';
	expanded = expand_settings(text);
	CHECK(expanded && strlen(expanded) == (i / 7) * 10);
	free(expanded);
	CHECK_INT(storef_setting("ut-h", NULL), 0);
	free(text);
}
