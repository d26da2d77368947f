/* SPDX-License-Identifier: MIT */
/* The PXE API's entry points in base memory: the blob put in place, !PXE and PXENV+, the hooks, the calls' way in. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arch/io.h>
#include <arch/pxe_entry.h>
#include <arch/pxe_provider.h>
#include <arch/realmode.h>
#include <arch/rmlayout.h>
#include <net/netdevice.h>

/* Defined in pxe_blob.S and trampoline.S. */
extern char pxe_blob_start[], pxe_blob_end[], pxe_entry_sp[], pxenv_entry[],
	pxe_rm_back[], pxe_int1a[], pxe_int15[], pxe_nbp_start[], pxe_gdtr[],
	pxe_pm_ptr[], pxe_rm_ptr[], pxe_old_int1a[], pxe_old_int15[],
	pxe_romid_ptr[], pxe_e801_kb[], pxe_e801_blocks[], pxe_e88_kb[],
	pxe_call_exit[], pxe_call_opcode[], pxe_call_params[],
	pxe_e820_count[], pxe_romid[], pxe_pxenv[], pxe_e820_map[];
extern char pxe_pm_entry[], rm_blob_start[], rm_gdtr[];
void pxe_api_entry(void);

/* The vectors we hook. */
#define INT_TIME 0x1a
#define INT_SYSTEM 0x15
#define IVT_ENTRY_SIZE 4
/* The GDTR's size: limit and base. */
#define GDTR_SIZE 6
#define PXENV_VERSION 0x0201
/* E801 and 88h: 1 MiB, 16 MiB, and their units. */
#define ONE_MIB 0x100000ull
#define SIXTEEN_MIB 0x1000000ull
#define KIB 1024
#define BLOCK_64K 0x10000
#define E801_KB_MAX 0x3c00
#define E88_KB_MAX 0xffff

static struct net_device *booted_from;
static const struct uri *nbp_uri;
static bool hooked;

/* Our copy of blob symbol SYM in base memory. */
static void *in_blob(const char *sym)
{
	return phys_to_virt((uint32_t)rm_segment() * PARAGRAPH + RM_PXE +
			    (uint32_t)(sym - pxe_blob_start));
}

/* The real-mode far pointer to blob symbol SYM. */
static segoff16_t blob_segoff(const char *sym)
{
	return SEGOFF(rm_segment(), RM_PXE + (sym - pxe_blob_start));
}

/* Store V at P, which the blob's layout may leave unaligned (put32 too). */
static void put16(void *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put32(void *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

void *pxe_real_ptr(segoff16_t segoff)
{
	return phys_to_virt((uint32_t)SEGOFF_SEG(segoff) * PARAGRAPH +
			    SEGOFF_OFF(segoff));
}

struct net_device *pxe_netdev(void)
{
	return booted_from;
}

/* Make the bytes of a structure sum to zero through its CHECKSUM byte. */
static void set_checksum(void *structure, size_t len, uint8_t *checksum)
{
	const uint8_t *p = structure;
	uint8_t sum = 0;
	size_t i;

	*checksum = 0;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	*checksum = (uint8_t)-sum;
}

/* The !PXE structure in the blob: its entry, and the area as every segment. */
static void build_romid(void)
{
	struct pxe_romid *romid = in_blob(pxe_romid);
	uint16_t seg = rm_segment();
	unsigned int i;

	memset(romid, 0, sizeof(*romid));
	memcpy(romid->signature, "!PXE", sizeof(romid->signature));
	romid->length = sizeof(*romid);
	romid->entry_sp = blob_segoff(pxe_entry_sp);
	/* Every segment (stack, UNDI, base code) is the whole area. */
	romid->segdesc_count = PXE_SEGDESC_COUNT;
	for (i = 0; i < PXE_SEGDESC_COUNT; i++) {
		romid->segdesc[i].segment = seg;
		romid->segdesc[i].phys = (uint32_t)seg * PARAGRAPH;
		romid->segdesc[i].size = RM_AREA_SIZE;
	}
	set_checksum(romid, sizeof(*romid), &romid->checksum);
}

/* The PXENV+ structure in the blob, pointing at the !PXE one. */
static void build_pxenv(void)
{
	struct pxenv_plus *pxenv = in_blob(pxe_pxenv);
	uint16_t seg = rm_segment();

	memset(pxenv, 0, sizeof(*pxenv));
	memcpy(pxenv->signature, "PXENV+", sizeof(pxenv->signature));
	pxenv->version = PXENV_VERSION;
	pxenv->length = sizeof(*pxenv);
	pxenv->rm_entry = blob_segoff(pxenv_entry);
	pxenv->stack_seg = seg;
	pxenv->stack_size = RM_AREA_SIZE;
	pxenv->bc_code_seg = seg;
	pxenv->bc_code_size = RM_AREA_SIZE;
	pxenv->bc_data_seg = seg;
	pxenv->bc_data_size = RM_AREA_SIZE;
	pxenv->undi_data_seg = seg;
	pxenv->undi_data_size = RM_AREA_SIZE;
	pxenv->undi_code_seg = seg;
	pxenv->undi_code_size = RM_AREA_SIZE;
	pxenv->pxe_ptr = blob_segoff(pxe_romid);
	set_checksum(pxenv, sizeof(*pxenv), &pxenv->checksum);
}

/* The RAM from START on without a gap, up to LIMIT, in bytes. */
static uint64_t ram_from(const struct pxe_e820_entry *map, unsigned int n,
			 uint64_t start, uint64_t limit)
{
	uint64_t at = start;
	unsigned int i;
	bool grown = true;

	while (grown && at < limit) {
		grown = false;
		for (i = 0; i < n; i++) {
			if (map[i].type == MEMMAP_RAM && map[i].base <= at &&
			    map[i].base + map[i].len > at) {
				at = map[i].base + map[i].len;
				grown = true;
			}
		}
	}
	return (at < limit ? at : limit) - start;
}

/* The E801 and 88h answers from the same map. */
static void set_memory_sizes(const struct pxe_e820_entry *map, unsigned int n)
{
	uint64_t low = ram_from(map, n, ONE_MIB, SIXTEEN_MIB) / KIB;
	uint64_t high = 0, all = ram_from(map, n, ONE_MIB, UINT32_MAX) / KIB;

	if (low == E801_KB_MAX)
		high = ram_from(map, n, SIXTEEN_MIB, UINT32_MAX) / BLOCK_64K;
	put16(in_blob(pxe_e801_kb), (uint16_t)low);
	put16(in_blob(pxe_e801_blocks), (uint16_t)(high > UINT16_MAX ?
						   UINT16_MAX : high));
	put16(in_blob(pxe_e88_kb), (uint16_t)(all > E88_KB_MAX ? E88_KB_MAX
							       : all));
}

/* The real-mode interrupt vector table's entry for VECTOR. */
static uint32_t *ivt_entry(unsigned int vector)
{
	return phys_to_virt(vector * IVT_ENTRY_SIZE);
}

/* Point VECTOR at blob symbol HANDLER, keeping the old vector in OLD. */
static void hook(unsigned int vector, const char *handler, const char *old)
{
	uint32_t *entry = ivt_entry(vector);

	put32(in_blob(old), *entry);
	*entry = blob_segoff(handler);
}

/* Restore VECTOR if it is still ours (else a later hook chains to us). */
static void unhook(unsigned int vector, const char *handler, const char *old)
{
	uint32_t *entry = ivt_entry(vector);
	uint32_t prev;

	if (*entry != blob_segoff(handler))
		return;
	memcpy(&prev, in_blob(old), sizeof(prev));
	*entry = prev;
}

/* Copy the blob down and patch its pointers. */
static void install_blob(void)
{
	uint8_t *tramp = phys_to_virt((uint32_t)rm_segment() * PARAGRAPH);

	memcpy(in_blob(pxe_blob_start), pxe_blob_start,
	       (size_t)(pxe_blob_end - pxe_blob_start));
	memcpy(in_blob(pxe_gdtr), tramp + (rm_gdtr - rm_blob_start), GDTR_SIZE);
	put32(in_blob(pxe_pm_ptr), (uint32_t)(uintptr_t)pxe_pm_entry);
	put32(in_blob(pxe_rm_ptr), blob_segoff(pxe_rm_back));
	put32(in_blob(pxe_romid_ptr), blob_segoff(pxe_romid));
}

int pxe_activate(struct net_device *netdev, const struct uri *from)
{
	struct pxe_e820_entry *map;
	unsigned int n;

	pxe_deactivate();
	if (pxe_blob_end - pxe_blob_start > RM_PXE_MAX)
		return -ENOSPC;
	install_blob();
	map = in_blob(pxe_e820_map);
	n = pxe_hidemem_start(map, PXE_E820_MAX);
	if (!n)
		return -ENOMEM;
	put32(in_blob(pxe_e820_count), n);
	set_memory_sizes(map, n);
	build_romid();
	build_pxenv();
	booted_from = netdev_get(netdev);
	nbp_uri = from;
	hook(INT_TIME, pxe_int1a, pxe_old_int1a);
	hook(INT_SYSTEM, pxe_int15, pxe_old_int15);
	hooked = true;
	return 0;
}

void pxe_deactivate(void)
{
	if (hooked) {
		unhook(INT_TIME, pxe_int1a, pxe_old_int1a);
		unhook(INT_SYSTEM, pxe_int15, pxe_old_int15);
		pxe_hidemem_end();
		hooked = false;
	}
	if (booted_from) {
		netdev_put(booted_from);
		booted_from = NULL;
	}
	nbp_uri = NULL;
}

const struct uri *pxe_nbp_uri(void)
{
	return nbp_uri;
}

void pxe_run_nbp(void)
{
	struct real_regs regs;
	segoff16_t pxenv = blob_segoff(pxe_pxenv);

	memset(&regs, 0, sizeof(regs));
	regs.es = SEGOFF_SEG(pxenv);
	regs.ebx = SEGOFF_OFF(pxenv);
	real_call(blob_segoff(pxe_nbp_start), NULL, 0, &regs);
}

void *pxe_cached_buffer(unsigned int type, segoff16_t *segoff, uint16_t *size)
{
	uint16_t each = RM_PXE_CACHED_SIZE / PXE_CACHED_TYPES;
	uint16_t off = (uint16_t)(RM_PXE_CACHED + (type - 1) * each);

	*segoff = SEGOFF(rm_segment(), off);
	*size = each;
	return pxe_real_ptr(*segoff);
}

/* Called by pxe_pm_entry: run the call the blob recorded, leave its exit code. */
void pxe_api_entry(void)
{
	uint16_t opcode;
	uint32_t params;

	memcpy(&opcode, in_blob(pxe_call_opcode), sizeof(opcode));
	memcpy(&params, in_blob(pxe_call_params), sizeof(params));
	put16(in_blob(pxe_call_exit), pxe_dispatch(opcode, params));
}
