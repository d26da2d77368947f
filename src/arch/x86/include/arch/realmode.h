/* SPDX-License-Identifier: MIT */
/*
 * Calls into the BIOS from protected mode: the trampoline in base memory
 * drops to real mode, loads the registers, runs the interrupt with
 * interrupts enabled (so the BIOS's timer and keyboard handlers catch
 * up), and comes back with the registers the BIOS returned. A far
 * call (the PXE API) goes the same way.
 */
#ifndef ARCH_REALMODE_H
#define ARCH_REALMODE_H

#include <stdint.h>

/* Register block; the layout is shared with trampoline.S. */
struct real_regs {
	uint32_t eax;
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
	uint32_t esi;
	uint32_t edi;
	uint32_t ebp;
	uint32_t eflags;	/* out only */
	uint16_t ds;
	uint16_t es;
} __attribute__((packed));

#define EFLAGS_CF 0x0001
#define EFLAGS_ZF 0x0040

/* Copy the trampoline into the base-memory area at segment SEGMENT. */
void realmode_init(uint16_t segment);
/* Run software interrupt INTNO in real mode with REGS in and out. */
void real_int(uint8_t intno, struct real_regs *regs);
/*
 * Far-call TARGET (SEG << 16 | OFF) in real mode with REGS in and out,
 * after pushing NWORDS (at most RM_CALL_WORDS_MAX) words: WORDS[0] ends
 * on top of the stack, as a C caller's first argument. The callee may
 * leave them there. A20 is enabled again afterwards.
 */
void real_call(uint32_t target, const uint16_t *words, unsigned int nwords,
	       struct real_regs *regs);
/* The area's segment, and the bounce buffer (RM_BUFFER_SIZE bytes) in it. */
uint16_t rm_segment(void);
void *rm_buffer(void);

#endif
