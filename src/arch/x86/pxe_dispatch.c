/* SPDX-License-Identifier: MIT */
/* The PXE API's dispatcher: an opcode to its handler in the PXE_API_CALLS table. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arch/pxe_entry.h>
#include <arch/pxe_provider.h>
#include <arch/rmlayout.h>

/* Build with -DDEBUG_PXE to log every call and its outcome. */
#ifdef DEBUG_PXE
#define PXE_TRACE(...) printf(__VA_ARGS__)
#else
#define PXE_TRACE(...) do { } while (0)
#endif

/* A parameter block must end within what real mode addresses. */
#define REAL_MODE_LIMIT 0x10fff0u

static const struct pxe_api_call *find_call(uint16_t opcode)
{
	const struct pxe_api_call *call;

	for_each_table_entry(call, pxe_api_calls) {
		if (call->opcode == opcode)
			return call;
	}
	return NULL;
}

uint16_t pxe_dispatch(uint16_t opcode, segoff16_t params)
{
	const struct pxe_api_call *call = find_call(opcode);
	struct pxenv_status *status = pxe_real_ptr(params);
	uint16_t exit;

	if (!call) {
		PXE_TRACE("PXE %04x: unsupported\n", opcode);
		return pxe_result(status, PXENV_STATUS_UNSUPPORTED);
	}
	if ((uint32_t)SEGOFF_SEG(params) * PARAGRAPH + SEGOFF_OFF(params) +
	    call->params_len > REAL_MODE_LIMIT)
		return pxe_result(status, PXENV_STATUS_BAD_FUNC);
	exit = call->handler(status);
	PXE_TRACE("PXE %s: exit %04x status %04x\n", call->name, exit,
		  status->status);
	return exit;
}
