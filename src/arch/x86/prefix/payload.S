/* SPDX-License-Identifier: MIT */
/*
 * The packed payload with its header (rmlayout.h, PH_*), at the end of
 * every prefix. The build passes PAYLOAD_BIN (the packed file) and the
 * unpacked and in-memory sizes.
 */
	.balign PAYLOAD_ALIGNMENT
payload:
	.long	PAYLOAD_MAGIC
	.long	payload_end - payload_packed
	.long	PAYLOAD_UNPACKED_LEN
	.long	PAYLOAD_MEM_LEN
payload_packed:
	.incbin PAYLOAD_BIN
payload_end:
