/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: reading DHCP replies (net/dhcp_options.h). The input is a
 * whole BOOTP/DHCP message: it is checked, every accessor reads it, its
 * options are gathered into exactly sized buffers, and it is stored into
 * a settings block whose values are then formatted as text, as `show`
 * and ${} expansion would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <core/settings.h>
#include <net/dhcp_options.h>
#include "harness.h"

#define FUZZ_BLOCK "fuzzdhcp"

/* Options read from every message, besides one the input's last byte names. */
static const unsigned int fuzz_tags[] = {
	DHCP_PAD, DHCP_NETMASK, DHCP_ROUTERS, DHCP_DNS_SERVERS,
	DHCP_HOST_NAME, DHCP_VENDOR_ENCAP, DHCP_OVERLOAD, DHCP_MESSAGE_TYPE,
	DHCP_SERVER_ID, DHCP_VENDOR_CLASS, DHCP_TFTP_SERVER_NAME,
	DHCP_BOOTFILE_NAME, DHCP_USER_CLASS, DHCP_END,
};

/* Settings formatted after storing: typed, raw hex, and ad-hoc ones. */
static const char *const fuzz_settings[] = {
	FUZZ_BLOCK "/ip", FUZZ_BLOCK "/netmask", FUZZ_BLOCK "/gateway",
	FUZZ_BLOCK "/dns", FUZZ_BLOCK "/domain", FUZZ_BLOCK "/hostname",
	FUZZ_BLOCK "/next-server", FUZZ_BLOCK "/filename",
	FUZZ_BLOCK "/uuid", FUZZ_BLOCK "/43", FUZZ_BLOCK "/175",
	FUZZ_BLOCK "/53:uint8", FUZZ_BLOCK "/51:uint32",
	FUZZ_BLOCK "/66:string", FUZZ_BLOCK "/12:hex",
};

/* What a boot script would expand from the DHCP answer. */
#define FUZZ_EXPANSION \
	"chain tftp://${" FUZZ_BLOCK "/next-server}/${" FUZZ_BLOCK \
	"/filename} ${" FUZZ_BLOCK "/ip}/${" FUZZ_BLOCK "/netmask}"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

/* Gather option TAG: the size query, an exact buffer and a short one agree. */
static void check_option(const struct dhcp_packet *pkt, unsigned int tag)
{
	uint8_t untouched = 0;
	int len = dhcp_packet_option(pkt, tag, &untouched, 0);
	size_t half;
	uint8_t *value, *cut;

	fuzz_check(untouched == 0);
	if (len < 0) {
		fuzz_check(len == -ENOENT);
		return;
	}
	half = (size_t)len / 2;
	value = malloc((size_t)len);
	cut = malloc(half);
	fuzz_check(value && cut);
	fuzz_check(dhcp_packet_option(pkt, tag, value, (size_t)len) == len);
	fuzz_check(dhcp_packet_option(pkt, tag, cut, half) == len);
	fuzz_check(memcmp(cut, value, half) == 0);
	free(cut);
	free(value);
}

/* Format setting NAME into an exactly sized buffer, if it is set. */
static void check_setting(const char *name)
{
	char untouched = 'x';
	int len = fetchf_setting(name, &untouched, 0);
	char *text;

	fuzz_check(untouched == 'x');
	if (len < 0)
		return;
	text = malloc((size_t)len + 1);
	fuzz_check(text != NULL);
	fuzz_check(fetchf_setting(name, text, (size_t)len + 1) == len);
	fuzz_check(strlen(text) == (size_t)len);
	free(text);
}

/* Store PKT the way the DHCP client does, and read it back as text. */
static void check_store(const struct dhcp_packet *pkt)
{
	struct settings *block = malloc(sizeof(*block));
	char *expanded;
	size_t i;

	fuzz_check(block != NULL);
	settings_init(block, NULL);
	fuzz_check(dhcp_store_packet(pkt, block) == 0);
	fuzz_check(register_settings(block, NULL, FUZZ_BLOCK) == 0);
	for (i = 0; i < ARRAY_SIZE(fuzz_settings); i++)
		check_setting(fuzz_settings[i]);
	expanded = expand_settings(FUZZ_EXPANSION);
	fuzz_check(expanded != NULL);
	free(expanded);
	unregister_settings(block);
	free(block);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct dhcp_packet pkt;
	int rc = dhcp_packet_parse(&pkt, data, size);
	size_t i;

	if (rc) {
		fuzz_check(rc == -EBADMSG);
		fuzz_check_heap(blocks);
		return 0;
	}
	rc = dhcp_packet_msgtype(&pkt);
	fuzz_check(rc == -EBADMSG || (rc >= 0 && rc <= (int)UINT8_MAX));
	dhcp_packet_server_id(&pkt);
	dhcp_packet_is_pxe(&pkt);
	dhcp_packet_has_filename(&pkt);
	rc = dhcp_packet_pxe_boot_type(&pkt);
	fuzz_check(rc == -ENOENT || (rc >= 0 && rc <= (int)UINT16_MAX));
	for (i = 0; i < ARRAY_SIZE(fuzz_tags); i++)
		check_option(&pkt, fuzz_tags[i]);
	check_option(&pkt, data[size - 1]);
	check_store(&pkt);
	fuzz_check_heap(blocks);
	return 0;
}
