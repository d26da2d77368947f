/* SPDX-License-Identifier: MIT */
/* Calls into the vendor's PXE API (undionly.kpxe): find the entry point, far-call it from real mode. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <arch/io.h>
#include <arch/pxe_api.h>
#include <arch/realmode.h>
#include <arch/rmlayout.h>
#include "platform/bios/bios.h"

/*
 * The bounce buffer (rm_buffer) holds the parameter block, then data;
 * the largest block, PXENV_UNDI_OPEN's, takes 136 bytes.
 */
#define PXE_PARAMS_MAX 256
#define PXE_SIGNATURE "!PXE"
#define PXENV_SIGNATURE "PXENV+"
/* PXENV+ structures of this version and later point to a !PXE structure. */
#define PXENV_VERSION_PXE_PTR 0x0201
/* !PXE entry: opcode, parameter offset and segment on the stack. */
#define PXE_CALL_WORDS 3

static segoff16_t entry;	/* the API's real-mode entry, 0: none */
static bool legacy;		/* entered through PXENV+ (ES:DI, BX) */

segoff16_t pxe_segoff(const void *ptr)
{
	uint32_t phys = (uint32_t)virt_to_bus(ptr);

	return SEGOFF(phys / PARAGRAPH, phys % PARAGRAPH);
}

void *pxe_ptr(segoff16_t segoff)
{
	return phys_to_virt((uint32_t)SEGOFF_SEG(segoff) * PARAGRAPH +
			    SEGOFF_OFF(segoff));
}

void *pxe_data_buffer(size_t *len)
{
	*len = RM_BUFFER_SIZE - PXE_PARAMS_MAX;
	return (uint8_t *)rm_buffer() + PXE_PARAMS_MAX;
}

/* Do the LEN bytes at P add up to 0 (mod 256)? */
static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* The !PXE structure at SEGOFF, if it is one. */
static const struct pxe_romid *valid_romid(segoff16_t segoff)
{
	const struct pxe_romid *romid = pxe_ptr(segoff);

	if (!segoff || memcmp(romid->signature, PXE_SIGNATURE, 4) ||
	    romid->length < offsetof(struct pxe_romid, status_callout) ||
	    !checksum_ok(romid, romid->length) || !romid->entry_sp)
		return NULL;
	return romid;
}

/* The PXENV+ structure at SEGOFF, if it is one. */
static const struct pxenv_plus *valid_pxenv(segoff16_t segoff)
{
	const struct pxenv_plus *pxenv = pxe_ptr(segoff);

	if (!segoff || memcmp(pxenv->signature, PXENV_SIGNATURE, 6) ||
	    pxenv->length < offsetof(struct pxenv_plus, pxe_ptr) ||
	    !checksum_ok(pxenv, pxenv->length) || !pxenv->rm_entry)
		return NULL;
	return pxenv;
}

int pxe_api_init(void)
{
	const struct pxe_romid *romid;
	const struct pxenv_plus *pxenv;

	if (bios_boot_info.prefix != PREFIX_KPXE)
		return -ENODEV;
	romid = valid_romid(bios_boot_info.pxe);
	pxenv = valid_pxenv(bios_boot_info.pxenv);
	if (!romid && pxenv && pxenv->version >= PXENV_VERSION_PXE_PTR)
		romid = valid_romid(pxenv->pxe_ptr);
	if (romid) {
		entry = romid->entry_sp;
		legacy = false;
	} else if (pxenv) {
		entry = pxenv->rm_entry;
		legacy = true;
	} else {
		return -ENODEV;
	}
	return 0;
}

int pxe_api_call(uint16_t opcode, void *params, size_t len)
{
	void *block = rm_buffer();
	segoff16_t ptr = pxe_segoff(block);
	uint16_t words[PXE_CALL_WORDS] = { opcode, SEGOFF_OFF(ptr),
					   SEGOFF_SEG(ptr) };
	struct real_regs regs = { .eax = 0 };

	if (!entry || len > PXE_PARAMS_MAX)
		return -EINVAL;
	memcpy(block, params, len);
	if (legacy) {
		regs.ebx = opcode;
		regs.es = SEGOFF_SEG(ptr);
		regs.edi = SEGOFF_OFF(ptr);
		real_call(entry, NULL, 0, &regs);
	} else {
		real_call(entry, words, PXE_CALL_WORDS, &regs);
	}
	memcpy(params, block, len);
	return (uint16_t)regs.eax == PXENV_EXIT_SUCCESS ? 0 : -EIO;
}
