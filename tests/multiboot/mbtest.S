/* SPDX-License-Identifier: MIT */
/*
 * A multiboot test kernel: prints on COM1 what the loader passed (magic,
 * command line, loader name, memory, each module's command line and first
 * bytes), then ends qemu through its isa-debug-exit device (port 0xf4):
 * it writes 0 when the magic was right (qemu exits with status 1) and 1
 * when it was not (status 3). Built with -DAOUT_KLUDGE, its header carries
 * the load addresses, so a loader must not need the ELF headers.
 */

#define MB_HEADER_MAGIC	0x1badb002
#define MB_BOOT_MAGIC	0x2badb002
#define MB_PAGE_ALIGN	0x00000001
#define MB_MEMORY_INFO	0x00000002
#define MB_AOUT_KLUDGE	0x00010000
#ifdef AOUT_KLUDGE
#define MB_FLAGS	(MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_AOUT_KLUDGE)
#else
#define MB_FLAGS	(MB_PAGE_ALIGN | MB_MEMORY_INFO)
#endif

/* Information structure: flag bits and field offsets. */
#define MBI_MEMORY	0x001
#define MBI_CMDLINE	0x004
#define MBI_MODS	0x008
#define MBI_LOADER_NAME	0x200
#define MBI_FLAGS	0
#define MBI_MEM_LOWER	4
#define MBI_MEM_UPPER	8
#define MBI_CMDLINE_PTR	16
#define MBI_MODS_COUNT	20
#define MBI_MODS_ADDR	24
#define MBI_LOADER_PTR	64
#define MOD_START	0
#define MOD_END		4
#define MOD_STRING	8
#define MOD_SIZE	16
/* Bytes of each module printed in hex. */
#define MODULE_BYTES	16
#define PAGE_MASK	0xfff

#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define LSR_THRE	0x20
#define EXIT_PORT	0xf4
#define EXIT_OK		0
#define EXIT_BAD_MAGIC	1
#define STACK_SIZE	4096

	.text
	.code32
	.globl _start
	.balign 4
mb_header:
	.long MB_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MB_HEADER_MAGIC + MB_FLAGS)
#ifdef AOUT_KLUDGE
	.long mb_header			/* header_addr */
	.long mb_header			/* load_addr: the file from here on */
	.long _edata			/* load_end_addr */
	.long _end			/* bss_end_addr */
	.long _start			/* entry_addr */
#endif

_start:
	movl	$stack_top, %esp
	movl	%ebx, %ebp		/* the information structure */
	cmpl	$MB_BOOT_MAGIC, %eax
	jne	bad_magic
	movl	$msg_magic_ok, %esi
	call	puts
	call	check_bss
	call	show_cmdline
	call	show_loader
	call	show_memory
	call	show_modules
	movl	$msg_done, %esi
	call	puts
	movb	$EXIT_OK, %al
	jmp	finish
bad_magic:
	movl	$msg_magic_bad, %esi
	call	puts
	movb	$EXIT_BAD_MAGIC, %al
finish:
	outb	%al, $EXIT_PORT
1:	cli
	hlt
	jmp	1b

/* "bss ok" if the loader zeroed the bss (a 4 KiB block, summed). */
check_bss:
	movl	$bss_block, %esi
	movl	$STACK_SIZE, %ecx
	xorl	%eax, %eax
1:	orb	(%esi), %al
	incl	%esi
	loop	1b
	movl	$msg_bss_ok, %esi
	testb	%al, %al
	jz	puts
	movl	$msg_bss_bad, %esi
	jmp	puts

show_cmdline:
	testl	$MBI_CMDLINE, MBI_FLAGS(%ebp)
	jz	1f
	movl	$msg_cmdline, %esi
	call	puts_nonl
	movl	MBI_CMDLINE_PTR(%ebp), %esi
	jmp	puts
1:	ret

show_loader:
	testl	$MBI_LOADER_NAME, MBI_FLAGS(%ebp)
	jz	1f
	movl	$msg_loader, %esi
	call	puts_nonl
	movl	MBI_LOADER_PTR(%ebp), %esi
	jmp	puts
1:	ret

show_memory:
	testl	$MBI_MEMORY, MBI_FLAGS(%ebp)
	jz	1f
	movl	$msg_mem_lower, %esi
	call	puts_nonl
	movl	MBI_MEM_LOWER(%ebp), %eax
	call	put_hex32
	movl	$msg_mem_upper, %esi
	call	puts_nonl
	movl	MBI_MEM_UPPER(%ebp), %eax
	call	put_hex32
	movl	$msg_newline, %esi
	jmp	puts_nonl
1:	ret

/* For each module: "module: CMDLINE", then "bytes: XX XX ..." and whether it is page-aligned. */
show_modules:
	testl	$MBI_MODS, MBI_FLAGS(%ebp)
	jz	3f
	movl	$msg_mods, %esi
	call	puts_nonl
	movl	MBI_MODS_COUNT(%ebp), %eax
	call	put_hex32
	movl	$msg_newline, %esi
	call	puts_nonl
	movl	MBI_MODS_ADDR(%ebp), %edi
	movl	MBI_MODS_COUNT(%ebp), %ebx
1:	testl	%ebx, %ebx
	jz	3f
	movl	$msg_module, %esi
	call	puts_nonl
	movl	MOD_STRING(%edi), %esi
	call	puts
	movl	$msg_aligned, %esi
	testl	$PAGE_MASK, MOD_START(%edi)
	jz	2f
	movl	$msg_unaligned, %esi
2:	call	puts_nonl
	call	show_module_bytes
	addl	$MOD_SIZE, %edi
	decl	%ebx
	jmp	1b
3:	ret

/* The first MODULE_BYTES bytes of the module at EDI (fewer if it is shorter). */
show_module_bytes:
	movl	MOD_START(%edi), %esi
	movl	MOD_END(%edi), %ecx
	subl	%esi, %ecx
	cmpl	$MODULE_BYTES, %ecx
	jbe	1f
	movl	$MODULE_BYTES, %ecx
1:	testl	%ecx, %ecx
	jz	2f
	movb	$' ', %al
	call	putc
	movb	(%esi), %al
	call	put_hex8
	incl	%esi
	decl	%ecx
	jmp	1b
2:	movl	$msg_newline, %esi
	jmp	puts_nonl

/* Print the NUL-terminated string at ESI and a newline (puts_nonl: without). */
puts:
	call	puts_nonl
	movl	$msg_newline, %esi
puts_nonl:
	pushl	%eax
1:	movb	(%esi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incl	%esi
	jmp	1b
2:	popl	%eax
	ret

/* Print EAX as 8 hex digits; put_hex8: AL as 2. */
put_hex32:
	pushl	%ecx
	movl	$8, %ecx
1:	roll	$4, %eax
	call	put_nibble
	loop	1b
	popl	%ecx
	ret

put_hex8:
	pushl	%ecx
	rolb	$4, %al
	call	put_nibble
	rolb	$4, %al
	call	put_nibble
	popl	%ecx
	ret

/* Print the low 4 bits of AL as a hex digit; keeps EAX. */
put_nibble:
	pushl	%eax
	andb	$0xf, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	1f
	addb	$('a' - '9' - 1), %al
1:	call	putc
	popl	%eax
	ret

/* Write AL to COM1 once the transmitter is ready. */
putc:
	pushl	%eax
	pushl	%edx
	movb	%al, %ah
	movw	$COM1_LSR, %dx
1:	inb	%dx, %al
	testb	$LSR_THRE, %al
	jz	1b
	movw	$COM1, %dx
	movb	%ah, %al
	outb	%al, %dx
	popl	%edx
	popl	%eax
	ret

	.data
msg_magic_ok:	.asciz "mbtest: magic ok"
msg_magic_bad:	.asciz "mbtest: magic BAD"
msg_bss_ok:	.asciz "mbtest: bss ok"
msg_bss_bad:	.asciz "mbtest: bss NOT ZERO"
msg_cmdline:	.asciz "mbtest: cmdline: "
msg_loader:	.asciz "mbtest: loader: "
msg_mem_lower:	.asciz "mbtest: mem_lower="
msg_mem_upper:	.asciz " mem_upper="
msg_mods:	.asciz "mbtest: modules="
msg_module:	.asciz "mbtest: module: "
msg_aligned:	.asciz "mbtest: page-aligned bytes:"
msg_unaligned:	.asciz "mbtest: NOT page-aligned bytes:"
msg_done:	.asciz "mbtest: done"
msg_newline:	.asciz "\r\n"

	.bss
	.balign 16
bss_block:
	.space STACK_SIZE
stack:
	.space STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", @progbits
