/* SPDX-License-Identifier: MIT */
/*
 * The installer: runs in 32-bit protected mode wherever the prefix lies,
 * with its segments based at its own address. It picks the highest RAM
 * that holds the payload, unpacks the payload there and retargets the
 * GDT's 32-bit segments at it, so all of memory below stays free for
 * images.
 */
#include <stdint.h>
#include <core/lzunpack.h>
#include <arch/bootinfo.h>
#include <arch/rmlayout.h>

/* The payload is placed on this alignment, below 4 GiB and above 1 MiB. */
#define PAYLOAD_ALIGN 0x10000u
#define LOW_LIMIT 0x100000ull
#define HIGH_LIMIT 0x100000000ull
#define COM1 0x3f8
#define VGA_TEXT 0xb8000u
#define VGA_ATTR 0x4f00		/* white on red */

struct payload_header {
	uint32_t magic;
	uint32_t packed_len;
	uint32_t unpacked_len;
	uint32_t mem_len;
};

_Static_assert(sizeof(struct payload_header) == PH_SIZE, "payload header");

uint32_t install(uint32_t rm_phys, uint32_t self, uint32_t payload_phys);

/*
 * Our pointer to physical address ADDR, SELF being our own address (the
 * segment base wraps around). The installer may run from read-only ROM,
 * so it keeps no variables: SELF is passed along.
 */
static void *phys(uint32_t self, uint32_t addr)
{
	return (void *)(uintptr_t)(addr - self);
}

static void outb(uint8_t v, uint16_t port)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

/* Say why we cannot go on, on COM1 and the screen, and stop. */
static void __attribute__((noreturn)) fail(uint32_t self, const char *msg)
{
	volatile uint16_t *screen = phys(self, VGA_TEXT);

	for (; *msg; msg++) {
		outb((uint8_t)*msg, COM1);
		*screen++ = VGA_ATTR | (uint8_t)*msg;
	}
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Whether [A, A+ALEN) and [B, B+BLEN) overlap. */
static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * The highest PAYLOAD_ALIGN-aligned address where MEM_LEN bytes fit in
 * RAM between 1 MiB and 4 GiB without touching [AVOID, AVOID+AVOID_LEN).
 */
static uint32_t choose_base(const struct boot_info *bi, uint32_t mem_len,
			    uint32_t avoid, uint32_t avoid_len)
{
	uint64_t best = 0, start, end, base;
	uint32_t i;

	for (i = 0; i < bi->e820_count && i < BI_E820_MAX; i++) {
		const struct e820_entry *e = &bi->e820[i];

		if (e->type != E820_RAM)
			continue;
		start = e->base < LOW_LIMIT ? LOW_LIMIT : e->base;
		end = e->base + e->len;
		end = end > HIGH_LIMIT ? HIGH_LIMIT : end;
		if (end < start + mem_len)
			continue;
		base = (end - mem_len) & ~(uint64_t)(PAYLOAD_ALIGN - 1);
		if (overlaps(base, mem_len, avoid, avoid_len))
			base = ((uint64_t)avoid - mem_len) &
			       ~(uint64_t)(PAYLOAD_ALIGN - 1);
		if (base >= start && base + mem_len <= end &&
		    !overlaps(base, mem_len, avoid, avoid_len) && base > best)
			best = base;
	}
	return (uint32_t)best;
}

/* Point the GDT's 32-bit code and data descriptors at BASE. */
static void retarget_gdt(uint32_t self, uint32_t rm_phys, uint32_t base)
{
	static const unsigned int sels[] = { SEL_CS32, SEL_DS32 };
	unsigned int i;

	for (i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
		uint8_t *d = phys(self, rm_phys + sels[i]);

		d[DESC_BASE_LOW] = (uint8_t)base;
		d[DESC_BASE_LOW + 1] = (uint8_t)(base >> 8);
		d[DESC_BASE_MID] = (uint8_t)(base >> 16);
		d[DESC_BASE_HIGH] = (uint8_t)(base >> 24);
	}
}

uint32_t install(uint32_t rm_phys, uint32_t self, uint32_t payload_phys)
{
	const struct boot_info *bi;
	const struct payload_header *ph;
	uint32_t base, i;
	uint8_t *dst;

	bi = phys(self, rm_phys + RM_BOOTINFO);
	ph = phys(self, payload_phys);
	if (ph->magic != PAYLOAD_MAGIC || ph->unpacked_len > ph->mem_len)
		fail(self, "nicboot: the image is damaged");
	if (!bi->e820_count)
		fail(self, "nicboot: the BIOS gave no E820 memory map");
	base = choose_base(bi, ph->mem_len, payload_phys,
			   PH_SIZE + ph->packed_len);
	if (!base)
		fail(self, "nicboot: not enough memory above 1 MiB");
	dst = phys(self, base);
	if (lz_unpack(phys(self, payload_phys + PH_SIZE), ph->packed_len, dst,
		      ph->unpacked_len) != (long)ph->unpacked_len)
		fail(self, "nicboot: the image is damaged (unpacking failed)");
	lz_unfilter_x86(dst, ph->unpacked_len);
	for (i = ph->unpacked_len; i < ph->mem_len; i++)
		dst[i] = 0;
	retarget_gdt(self, rm_phys, base);
	return base;
}
