/* SPDX-License-Identifier: MIT */
/*
 * What the PXE API calls need from the firmware, faked for unit tests: a
 * base memory (1 MiB and the 64 KiB above it, as a real-mode far pointer
 * reaches) in which a test lays out a caller's parameter blocks and
 * buffers, the device the program was booted from, the trampoline's
 * bounce buffer and PCI config space.
 */
#ifndef TESTS_UNIT_FAKE_PXE_H
#define TESTS_UNIT_FAKE_PXE_H

#include <stddef.h>
#include <stdint.h>
#include <arch/pxe_api.h>
#include <net/netdevice.h>

/* Bytes a far pointer can reach: FFFF:FFFF is 0x10ffef. */
#define FAKE_LOWMEM_SIZE 0x110000
/* The segment of the fake trampoline area (its bounce buffer inside). */
#define FAKE_RM_SEGMENT 0x9000
/* The PCI identity the fake config space gives every function. */
#define FAKE_PCI_VENDOR 0x8086
#define FAKE_PCI_DEVICE 0x100e
#define FAKE_PCI_CLASS 0x020000
#define FAKE_PCI_REVISION 0x03
#define FAKE_PCI_SUBSYS_VENDOR 0x1af4
#define FAKE_PCI_SUBSYS_DEVICE 0x1100

extern uint8_t fake_lowmem[FAKE_LOWMEM_SIZE];

/* Clear base memory and make NETDEV (may be NULL) the boot device. */
void fake_pxe_reset(struct net_device *netdev);
/* A pointer into base memory at SEGOFF. */
void *fake_pxe_ptr(segoff16_t segoff);
/*
 * Copy the LEN-byte PARAMS to SEGOFF and make the call OPCODE as the
 * dispatcher does (params_len must match LEN), then copy the block
 * back. Returns the exit code, or FAKE_PXE_BAD_CALL if no such call or a
 * bad length.
 */
#define FAKE_PXE_BAD_CALL 0xffff
uint16_t fake_pxe_call(uint16_t opcode, void *params, size_t len,
		       segoff16_t segoff);
/* The busdevfn the last config-space read addressed. */
extern uint16_t fake_pci_busdevfn;

#endif
