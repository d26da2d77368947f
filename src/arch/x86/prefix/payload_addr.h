/* SPDX-License-Identifier: MIT */
/* For the 16-bit prefixes: the linear address of the packed payload behind the running image. */
#ifndef PREFIX_PAYLOAD_ADDR_H
#define PREFIX_PAYLOAD_ADDR_H

/* ESI = CS * 16 + payload (clobbers AX), as prefix_install takes it. */
#define PAYLOAD_ADDR_TO_ESI		\
	movw	%cs, %ax;		\
	movzwl	%ax, %esi;		\
	shll	$4, %esi;		\
	addl	$payload, %esi

#endif
