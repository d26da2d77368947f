/* SPDX-License-Identifier: MIT */
/*
 * The machinery behind the PXE API nicboot offers (BIOS): the real-mode
 * blob with the !PXE and PXENV+ entry points and the int 1Ah and int 15h
 * hooks (pxe_blob.S, pxe_entry.c), the dispatcher (pxe_dispatch.c), the
 * memory map that hides nicboot (pxe_hidemem.c), and the start of a
 * network bootstrap program (image/pxe.c). Included from assembly too.
 */
#ifndef ARCH_PXE_ENTRY_H
#define ARCH_PXE_ENTRY_H

/* Sizes of the blob's structures (arch/pxe_api.h has their layout). */
#define PXE_ROMID_SIZE		88
#define PXENV_PLUS_SIZE		44
/* The memory map int 15h E820 hands out: 20-byte entries, this many. */
#define PXE_E820_ENTRY_SIZE	20
#define PXE_E820_MAX		48
/* GET_CACHED_INFO packet types: DHCPDISCOVER, DHCPACK, cached reply. */
#define PXE_CACHED_TYPES	3

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <core/segment.h>
#include <arch/pxe_api.h>

struct net_device;
struct uri;

/* One E820 entry as int 15h returns it (no extended attributes). */
struct pxe_e820_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

_Static_assert(sizeof(struct pxe_e820_entry) == PXE_E820_ENTRY_SIZE, "e820");

/*
 * Put the API in place for a program fetched from FROM over NETDEV (both
 * must outlive the program's run): copy the blob to
 * base memory, build !PXE and PXENV+, hook int 1Ah and int 15h (which
 * reports the memory map pxe_hidemem computes). pxe_deactivate() undoes
 * the hooks (those still ours) and forgets the device; both may be
 * called again.
 */
int pxe_activate(struct net_device *netdev, const struct uri *from);
void pxe_deactivate(void);
/* Where the running program came from (NULL when none runs). */
const struct uri *pxe_nbp_uri(void);

/*
 * Run the network bootstrap program already copied to 0000:7C00 in real
 * mode, as PXE 2.1 section 4.4.5 starts one. Returns if it returns.
 */
void pxe_run_nbp(void);

/* Run API call OPCODE on the block at PARAMS; the exit code for AX. */
uint16_t pxe_dispatch(uint16_t opcode, segoff16_t params);

/*
 * Keep the heap inside nicboot's memory while a program runs and fill MAP
 * (at most MAX entries) with the machine's memory map with that memory,
 * and the base-memory area, reserved; returns the count, 0 on failure.
 * pxe_hidemem_end() lifts the heap's limit.
 */
unsigned int pxe_hidemem_start(struct pxe_e820_entry *map, unsigned int max);
void pxe_hidemem_end(void);

/* The base-memory buffer for cached packet TYPE (1..3) and its size. */
void *pxe_cached_buffer(unsigned int type, segoff16_t *segoff,
			uint16_t *size);
#endif

#endif
