/* SPDX-License-Identifier: MIT */
/* The script built in with `make EMBED=FILE` (empty without one). */
	.section ".rodata.embedded", "a", @progbits
	.globl embedded_script
embedded_script:
#ifdef EMBED_FILE
	.incbin EMBED_FILE
#endif
embedded_script_end:
	.byte 0
	.balign 4
	.globl embedded_script_len
embedded_script_len:
	.long embedded_script_end - embedded_script
	.section .note.GNU-stack, "", @progbits
