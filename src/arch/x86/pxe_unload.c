/* SPDX-License-Identifier: MIT */
/* nicboot.pxe: say what the prefix did with the vendor's PXE stack, and give the ROM's DHCP ACK to the card it was for. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arch/io.h>
#include <arch/pxe_api.h>
#include <arch/pxe_unload.h>
#include <core/init.h>
#include <net/dhcp.h>
#include <net/netdevice.h>
#include "platform/bios/bios.h"

/* The ROM's DHCP ACK until the card it is for opens (heap copy), and its length. */
static void *cached_ack;
static size_t cached_ack_len;

/* What each unload call (PU_CALL_*) did when it succeeded, and its name. */
static const uint16_t call_bits[PU_CALLS] = {
	PU_SHUT_DOWN, PU_BASE_UNLOADED, PU_UNDI_STOPPED,
};
static const char *const call_done[PU_CALLS] = {
	"card shut down", "base code unloaded", "UNDI unloaded",
};
static const char *const call_names[PU_CALLS] = {
	"PXENV_UNDI_SHUTDOWN", "PXENV_UNLOAD_STACK", "PXENV_STOP_UNDI",
};

/* The report the prefix left in base memory after its image. */
static const struct pxe_unload_report *unload_report(void)
{
	uint32_t segoff = bios_boot_info.pxe;

	return phys_to_virt((uint32_t)SEGOFF_SEG(segoff) * PARAGRAPH +
			    SEGOFF_OFF(segoff));
}

/*
 * One line: the calls that succeeded, the one that failed (the prefix
 * stops there, keeping the rest resident) and the base memory size
 * before and after.
 */
static void print_report(const struct pxe_unload_report *r)
{
	unsigned int i;

	if (!(r->done & PU_API_FOUND)) {
		printf("PXE stack: the ROM passed no valid !PXE or PXENV+ "
		       "structure; it stays resident\n");
		return;
	}
	printf("PXE stack:");
	for (i = 0; i < PU_CALLS && (r->done & call_bits[i]); i++)
		printf(" %s,", call_done[i]);
	if (i < PU_CALLS)
		printf(" %s failed (PXE status %#x), the rest stays resident;",
		       call_names[i], r->status[i]);
	printf(" base memory %u KiB, was %u KiB\n", r->kb_after, r->kb_before);
}

/* Copy the ROM's DHCP ACK out of the report (in memory nobody reserved). */
static void keep_ack(const struct pxe_unload_report *r)
{
	if (!r->ack_len || r->ack_len > PU_ACK_MAX)
		return;
	cached_ack = malloc(r->ack_len);
	if (!cached_ack)
		return;
	memcpy(cached_ack, r->ack, r->ack_len);
	cached_ack_len = r->ack_len;
}

static void pxe_unload_init(void)
{
	const struct pxe_unload_report *r;

	if (bios_boot_info.prefix != PREFIX_PXE)
		return;
	r = unload_report();
	print_report(r);
	keep_ack(r);
}

INIT_FN(pxe_unload_init_fn) = { INIT_NORMAL, pxe_unload_init };

/*
 * When a card opens, give it the ROM's DHCP ACK as its "netX.dhcp"
 * block if the ACK was for its MAC (dhcp_apply_cached checks), as
 * undionly.kpxe does: a script has the ROM's address and settings
 * without asking again. Autoboot still runs its own DHCP, since the ACK
 * names nicboot.pxe itself.
 */
static void pxe_unload_changed(struct net_device *netdev)
{
	if (!cached_ack || !netdev->is_open ||
	    dhcp_apply_cached(netdev, cached_ack, cached_ack_len))
		return;
	free(cached_ack);
	cached_ack = NULL;
}

NETDEV_NOTIFIER(pxe_unload_notifier) = {
	.changed = pxe_unload_changed,
};
