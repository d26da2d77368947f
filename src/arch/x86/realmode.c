/* SPDX-License-Identifier: MIT */
/* BIOS calls from protected mode through the trampoline in base memory. */
#include <stdint.h>
#include <string.h>
#include <arch/io.h>
#include <arch/realmode.h>
#include <arch/rmlayout.h>

/* Defined in trampoline.S: the blob and the places in it we patch. */
extern char rm_blob_start[], rm_blob_end[], rm_gdt[], rm_gdtr[],
	rm_real_ptr[], rm_pm_ptr[], rm_regs[], rm_int[], rm_call_ptr[],
	rm_is_call[], rm_call_words[], rm_call_stack[];
extern char real_return[];
void real_switch(void);

/* Offset of the vector byte inside the `int $N` instruction. */
#define INT_VECTOR_BYTE 1
/* Far pointer layouts: offset then segment/selector. */
#define FAR16_SEGMENT 2
#define GDTR_BASE 2

static uint16_t segment;
static char *area;		/* the base-memory area, as we address it */

/* A pointer to the copy in base memory of blob symbol SYM. */
static void *in_area(const char *sym)
{
	return area + (sym - rm_blob_start);
}

static void set_desc_base(unsigned int selector, uint32_t base)
{
	uint8_t *desc = (uint8_t *)in_area(rm_gdt) + selector;

	desc[DESC_BASE_LOW] = (uint8_t)base;
	desc[DESC_BASE_LOW + 1] = (uint8_t)(base >> 8);
	desc[DESC_BASE_MID] = (uint8_t)(base >> 16);
	desc[DESC_BASE_HIGH] = (uint8_t)(base >> 24);
}

static void put32(void *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put16(void *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

void realmode_init(uint16_t seg)
{
	uint32_t area_phys = (uint32_t)seg * PARAGRAPH;
	uint32_t payload_phys = (uint32_t)virt_to_bus(0);

	segment = seg;
	area = phys_to_virt(area_phys);
	memcpy(area, rm_blob_start, (size_t)(rm_blob_end - rm_blob_start));
	set_desc_base(SEL_CS32, payload_phys);
	set_desc_base(SEL_DS32, payload_phys);
	set_desc_base(SEL_CS16, area_phys);
	set_desc_base(SEL_DS16, area_phys);
	put32((char *)in_area(rm_gdtr) + GDTR_BASE,
	      area_phys + (uint32_t)(rm_gdt - rm_blob_start));
	put16((char *)in_area(rm_real_ptr) + FAR16_SEGMENT, seg);
	put32(in_area(rm_pm_ptr), (uint32_t)(uintptr_t)real_return);
	__asm__ volatile("lgdtl %0" : : "m"(*(char *)in_area(rm_gdtr)));
}

/* Run what the blob is set up for with REGS in and out. */
static void real_run(struct real_regs *regs)
{
	memcpy(in_area(rm_regs), regs, sizeof(*regs));
	real_switch();
	memcpy(regs, in_area(rm_regs), sizeof(*regs));
}

void real_int(uint8_t intno, struct real_regs *regs)
{
	put16(in_area(rm_is_call), 0);
	put16(in_area(rm_call_words), 0);
	*((uint8_t *)in_area(rm_int) + INT_VECTOR_BYTE) = intno;
	real_run(regs);
}

void real_call(uint32_t target, const uint16_t *words, unsigned int nwords,
	       struct real_regs *regs)
{
	put32(in_area(rm_call_ptr), target);
	if (nwords)
		memcpy(in_area(rm_call_stack), words, nwords * sizeof(*words));
	put16(in_area(rm_call_words), (uint16_t)nwords);
	put16(in_area(rm_is_call), 1);
	real_run(regs);
}

uint16_t rm_segment(void)
{
	return segment;
}

void *rm_buffer(void)
{
	return area + RM_BUFFER;
}
