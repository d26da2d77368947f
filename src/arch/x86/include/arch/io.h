/* SPDX-License-Identifier: MIT */
/*
 * x86 I/O for drivers: port I/O, memory-mapped registers, barriers, and
 * the bus address of memory given to a device and the pointer to a
 * physical address (a BAR, a BIOS table).
 */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %w1, %w0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t v, uint16_t port)
{
	__asm__ volatile("outw %w0, %w1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint32_t v, uint16_t port)
{
	__asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}

static inline uint8_t readb(const volatile void *addr)
{
	return *(const volatile uint8_t *)addr;
}

static inline uint16_t readw(const volatile void *addr)
{
	return *(const volatile uint16_t *)addr;
}

static inline uint32_t readl(const volatile void *addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline void writeb(uint8_t v, volatile void *addr)
{
	*(volatile uint8_t *)addr = v;
}

static inline void writew(uint16_t v, volatile void *addr)
{
	*(volatile uint16_t *)addr = v;
}

static inline void writel(uint32_t v, volatile void *addr)
{
	*(volatile uint32_t *)addr = v;
}

/*
 * x86 keeps stores in order and loads in order, and uncached MMIO is
 * never reordered with memory accesses: only the compiler must be held.
 * mb() orders a store before a later load as well.
 */
#define barrier() __asm__ volatile("" : : : "memory")
#define wmb() barrier()
#define rmb() barrier()
#ifdef __x86_64__
#define mb() __asm__ volatile("mfence" : : : "memory")
#else
#define mb() __asm__ volatile("lock; addl $0, 0(%%esp)" : : : "memory", "cc")
#endif

#ifdef __x86_64__
/* UEFI: the firmware's identity map. */
#define VIRT_OFFSET 0
#else
/*
 * BIOS: nicboot runs where the installer put it, with its segments based
 * there; a pointer plus virt_offset is a physical address.
 */
extern uint32_t virt_offset;
#define VIRT_OFFSET virt_offset
#endif

/* The address a device uses for memory at PTR. */
static inline uint64_t virt_to_bus(const void *ptr)
{
	return (uintptr_t)ptr + VIRT_OFFSET;
}

/* A pointer to physical address PHYS (below 4 GiB on 32-bit builds). */
static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)((uintptr_t)phys - VIRT_OFFSET);
}

#endif
