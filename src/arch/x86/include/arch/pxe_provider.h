/* SPDX-License-Identifier: MIT */
/*
 * The PXE API nicboot offers to the network bootstrap programs it boots
 * (pxelinux.0, lpxelinux.0, ...): a table of calls, each a C handler that
 * gets the caller's parameter block already mapped into nicboot's address
 * space. The real-mode entry points (!PXE, PXENV+, int 1Ah) and the
 * switch to protected mode live in pxe_entry; the calls are grouped by
 * concern (base, TFTP, UDP, UNDI) in their own modules.
 */
#ifndef ARCH_PXE_PROVIDER_H
#define ARCH_PXE_PROVIDER_H

#include <stdint.h>
#include <arch/pxe_api.h>
#include <core/table.h>

struct net_device;

/* One call of the API. */
struct pxe_api_call {
	uint16_t opcode;
	const char *name;		/* "TFTP_READ", for the debug log */
	uint16_t params_len;		/* size of its parameter block */
	/*
	 * Do the call. PARAMS is the caller's block (its first word is the
	 * status, which the handler sets). Returns PXENV_EXIT_SUCCESS or
	 * PXENV_EXIT_FAILURE, which the caller gets in AX.
	 */
	uint16_t (*handler)(void *params);
};
TABLE_DECLARE(const struct pxe_api_call, pxe_api_calls);
#define PXE_API_CALL(ident) \
	static const struct pxe_api_call ident \
	TABLE_ENTRY(const struct pxe_api_call, pxe_api_calls)

/*
 * End a call: set the status word of PARAMS to STATUS and return the exit
 * code that goes with it.
 */
static inline uint16_t pxe_result(void *params, uint16_t status)
{
	struct pxenv_status *st = params;

	st->status = status;
	return status == PXENV_STATUS_SUCCESS ? PXENV_EXIT_SUCCESS :
						PXENV_EXIT_FAILURE;
}

/* The caller's real-mode far pointer SEGOFF as a pointer nicboot can use. */
void *pxe_real_ptr(segoff16_t segoff);
/* The network device the program was booted from (NULL once unloaded). */
struct net_device *pxe_netdev(void);

#endif
