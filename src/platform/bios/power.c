/* SPDX-License-Identifier: MIT */
/* Power off by ACPI (the FADT's PM1 control and the DSDT's \_S5 sleep type) and reset. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <core/init.h>
#include <core/platform.h>
#include <core/time.h>
#include <arch/io.h>
#include <arch/rmlayout.h>

/* Where the BIOS may put the RSDP: the first KiB of the EBDA, and its ROM area. */
#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_SEARCH_LEN 1024
#define BIOS_ROM_START 0xe0000
#define BIOS_ROM_END 0x100000
#define RSDP_ALIGN 16
#define RSDP_SIGNATURE "RSD PTR "
#define RSDP_V1_LEN 20
#define RSDP_RSDT 16
#define SIG_LEN 4
#define SDT_LENGTH 4
#define SDT_HEADER_LEN 36
#define FADT_DSDT 40
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
/* Largest table we believe: a corrupt length must not walk all memory. */
#define SDT_MAX_LEN 0x100000
/* PM1 control: sleep type in bits 10-12, sleep enable in bit 13. */
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN 0x2000
/* AML: NameOp "_S5_" PackageOp PkgLength NumElements, then the values. */
#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_BYTE_PREFIX 0x0a
#define AML_PKGLEN_EXTRA_SHIFT 6
/* Reset: the PIIX/ICH reset control register, then the keyboard controller. */
#define RESET_CONTROL_PORT 0xcf9
#define RESET_CONTROL_FULL 0x0e
#define KBC_COMMAND_PORT 0x64
#define KBC_PULSE_RESET 0xfe
#define RESET_WAIT_MS 100

static uint32_t get32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool checksum_ok(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum == 0;
}

/* The RSDP between physical START and END, or NULL. */
static const uint8_t *find_rsdp_in(uint32_t start, uint32_t end)
{
	uint32_t addr;

	for (addr = start; addr + RSDP_V1_LEN <= end; addr += RSDP_ALIGN) {
		const uint8_t *p = phys_to_virt(addr);

		if (memcmp(p, RSDP_SIGNATURE, strlen(RSDP_SIGNATURE)) == 0 &&
		    checksum_ok(p, RSDP_V1_LEN))
			return p;
	}
	return NULL;
}

static const uint8_t *find_rsdp(void)
{
	uint16_t ebda_seg;
	const uint8_t *rsdp;

	memcpy(&ebda_seg, phys_to_virt(BDA_EBDA_SEGMENT), sizeof(ebda_seg));
	rsdp = ebda_seg ? find_rsdp_in((uint32_t)ebda_seg * PARAGRAPH,
				       (uint32_t)ebda_seg * PARAGRAPH +
				       EBDA_SEARCH_LEN)
			: NULL;
	return rsdp ? rsdp : find_rsdp_in(BIOS_ROM_START, BIOS_ROM_END);
}

/* The table at PHYS if its length is sane and its checksum right. */
static const uint8_t *valid_table(uint32_t phys, uint32_t *len)
{
	const uint8_t *t = phys ? phys_to_virt(phys) : NULL;

	if (!t)
		return NULL;
	*len = get32(t + SDT_LENGTH);
	if (*len < SDT_HEADER_LEN || *len > SDT_MAX_LEN || !checksum_ok(t, *len))
		return NULL;
	return t;
}

/* The table with signature SIG listed in the RSDT, or NULL. */
static const uint8_t *find_table(const char *sig, uint32_t *len)
{
	const uint8_t *rsdp = find_rsdp(), *rsdt, *t;
	uint32_t rsdt_len, i;

	if (!rsdp)
		return NULL;
	rsdt = valid_table(get32(rsdp + RSDP_RSDT), &rsdt_len);
	if (!rsdt)
		return NULL;
	for (i = SDT_HEADER_LEN; i + sizeof(uint32_t) <= rsdt_len; i += 4) {
		t = valid_table(get32(rsdt + i), len);
		if (t && memcmp(t, sig, SIG_LEN) == 0)
			return t;
	}
	return NULL;
}

/* One AML integer of a package (Zero, One or a byte); -1 if another kind. */
static int aml_small_integer(const uint8_t *p, const uint8_t *end)
{
	if (p >= end)
		return -1;
	if (*p == AML_ZERO_OP || *p == AML_ONE_OP)
		return *p;
	if (*p == AML_BYTE_PREFIX && p + 1 < end)
		return p[1];
	return -1;
}

/* SLP_TYPa for S5 from the DSDT's \_S5 package, or -1. */
static int s5_sleep_type(const uint8_t *dsdt, uint32_t len)
{
	const uint8_t *end = dsdt + len, *p;

	for (p = dsdt + SDT_HEADER_LEN; p + 8 < end; p++) {
		if (p[0] != AML_NAME_OP || memcmp(p + 1, "_S5_", SIG_LEN) != 0 ||
		    p[5] != AML_PACKAGE_OP)
			continue;
		p += 6;
		p += 1 + (*p >> AML_PKGLEN_EXTRA_SHIFT);	/* PkgLength */
		return aml_small_integer(p + 1, end);		/* after NumElements */
	}
	return -1;
}

/* Enter S5 through the FADT's PM1 control blocks; returns if that failed. */
static void acpi_poweroff(void)
{
	const uint8_t *fadt, *dsdt;
	uint32_t fadt_len, dsdt_len, pm1a, pm1b;
	int slp_typ;

	fadt = find_table("FACP", &fadt_len);
	if (!fadt || fadt_len < FADT_PM1B_CNT + sizeof(uint32_t))
		return;
	dsdt = valid_table(get32(fadt + FADT_DSDT), &dsdt_len);
	slp_typ = dsdt ? s5_sleep_type(dsdt, dsdt_len) : -1;
	pm1a = get32(fadt + FADT_PM1A_CNT);
	pm1b = get32(fadt + FADT_PM1B_CNT);
	if (slp_typ < 0 || !pm1a)
		return;
	outw((uint16_t)(slp_typ << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN, (uint16_t)pm1a);
	if (pm1b)
		outw((uint16_t)(slp_typ << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN,
		     (uint16_t)pm1b);
}

static void __noreturn halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void platform_poweroff(int status)
{
	shutdown();
	acpi_poweroff();
	mdelay(RESET_WAIT_MS);
	printf("poweroff: no ACPI power control found; halted\n");
	halt_forever();
}

void platform_reboot(void)
{
	shutdown();
	outb(RESET_CONTROL_FULL, RESET_CONTROL_PORT);
	mdelay(RESET_WAIT_MS);
	outb(KBC_PULSE_RESET, KBC_COMMAND_PORT);
	mdelay(RESET_WAIT_MS);
	printf("reboot: the machine did not reset; halted\n");
	halt_forever();
}
