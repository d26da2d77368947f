/* SPDX-License-Identifier: MIT */
/* romtool: finish a PCI option ROM image (size, IDs, PCIR, $PnP, checksums). */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

#define ROM_BLOCK 512
#define ROM_MAX_BLOCKS 255
#define ROM_MAX_SIZE ((size_t)ROM_MAX_BLOCKS * ROM_BLOCK)
#define ROM_SIG0 0x55
#define ROM_SIG1 0xaa
#define ROM_SIZE_BYTE 2
#define ROM_PCIR_PTR 0x18
#define ROM_PNP_PTR 0x1a
#define ROM_HEADER_LEN 0x1c

#define PCIR_SIG "PCIR"
#define PCIR_VENDOR 0x04
#define PCIR_DEVICE 0x06
#define PCIR_IMAGE_LEN 0x10
#define PCIR_CODE_TYPE 0x14
#define PCIR_INDICATOR 0x15
#define PCIR_LEN 0x18
#define PCIR_CODE_X86 0x00
#define PCIR_LAST_IMAGE 0x80

#define PNP_SIG "$PnP"
#define PNP_LENGTH 0x05
#define PNP_CHECKSUM 0x09
#define PNP_LENGTH_UNIT 16

#define SIG_LEN 4
#define ID_MAX_DIGITS 4
#define HEX 16
#define DECIMAL 10

/* Where the assembler put the two structures romtool fills in. */
struct layout {
	size_t pcir;
	size_t pnp;
	size_t pnp_len;
};

struct options {
	uint16_t vendor;
	uint16_t device;
	unsigned long max_size;	/* 0: no limit but the format's */
	const char *in;
	const char *out;
};

static const char *prog = "romtool";

static void usage(void)
{
	fprintf(stderr, "usage: %s --vendor VVVV --device DDDD "
		"[--max-size BYTES] IN OUT\n", prog);
	exit(EXIT_USAGE);
}

/* Parse a PCI ID: one to four hex digits, no 0x. */
static uint16_t parse_id(const char *what, const char *arg)
{
	size_t len = strlen(arg);
	unsigned long id;

	if (len == 0 || len > ID_MAX_DIGITS || strspn(arg,
	    "0123456789abcdefABCDEF") != len) {
		fprintf(stderr, "%s: --%s wants 1 to 4 hex digits without 0x, "
			"not '%s'\n", prog, what, arg);
		exit(EXIT_USAGE);
	}
	id = strtoul(arg, NULL, HEX);
	return (uint16_t)id;
}

static unsigned long parse_size(const char *arg)
{
	char *end;
	unsigned long size;

	errno = 0;
	size = strtoul(arg, &end, DECIMAL);
	if (!*arg || *end || errno || *arg == '-' || size == 0) {
		fprintf(stderr, "%s: --max-size wants a positive number of "
			"bytes, not '%s'\n", prog, arg);
		exit(EXIT_USAGE);
	}
	return size;
}

static void parse_args(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "vendor", required_argument, NULL, 'v' },
		{ "device", required_argument, NULL, 'd' },
		{ "max-size", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_vendor = false, have_device = false;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			opt->vendor = parse_id("vendor", optarg);
			have_vendor = true;
			break;
		case 'd':
			opt->device = parse_id("device", optarg);
			have_device = true;
			break;
		case 'm':
			opt->max_size = parse_size(optarg);
			break;
		default:
			usage();
		}
	}
	if (!have_vendor || !have_device || argc - optind != 2)
		usage();
	opt->in = argv[optind];
	opt->out = argv[optind + 1];
}

/* Report a problem with the file at PATH and exit. */
static __attribute__((format(printf, 2, 3), noreturn))
void fail(const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", prog, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

/* Read PATH into a buffer as large as the largest ROM, zero-filled past the
 * data (the padding); returns it and the data's length. */
static uint8_t *read_image(const char *path, size_t *len)
{
	uint8_t *buf = calloc(ROM_MAX_SIZE + 1, 1);
	FILE *fp = fopen(path, "rb");

	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(EXIT_FAILURE);
	}
	if (!fp)
		fail(path, "%s", strerror(errno));
	*len = fread(buf, 1, ROM_MAX_SIZE + 1, fp);
	if (ferror(fp))
		fail(path, "read error");
	fclose(fp);
	if (*len > ROM_MAX_SIZE)
		fail(path, "image is over %zu bytes, the most a ROM holds "
		     "(%d blocks of %d)", ROM_MAX_SIZE, ROM_MAX_BLOCKS,
		     ROM_BLOCK);
	return buf;
}

static unsigned get16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

/* Set *SUM, one of the LEN bytes at P, so that they sum to 0 mod 256. */
static void fix_checksum(const uint8_t *p, size_t len, uint8_t *sum)
{
	uint8_t total = 0;
	size_t i;

	*sum = 0;
	for (i = 0; i < len; i++)
		total += p[i];
	*sum = (uint8_t)-total;
}

/* Check the header and that both structures lie inside the LEN bytes. */
static struct layout check_image(const char *path, const uint8_t *rom,
				 size_t len)
{
	size_t pcir, pnp, pnp_len;

	if (len < ROM_HEADER_LEN)
		fail(path, "image of %zu bytes is shorter than a ROM header "
		     "(%d bytes)", len, ROM_HEADER_LEN);
	if (rom[0] != ROM_SIG0 || rom[1] != ROM_SIG1)
		fail(path, "no 55 AA ROM signature");
	pcir = get16(rom + ROM_PCIR_PTR);
	if (pcir + PCIR_LEN > len)
		fail(path, "PCI data structure at %#zx (%d bytes) runs past "
		     "the image end at %#zx", pcir, PCIR_LEN, len);
	if (memcmp(rom + pcir, PCIR_SIG, SIG_LEN))
		fail(path, "no PCIR signature at %#zx", pcir);
	pnp = get16(rom + ROM_PNP_PTR);
	if (pnp + PNP_CHECKSUM + 1 > len)
		fail(path, "$PnP header at %#zx runs past the image end at "
		     "%#zx", pnp, len);
	if (memcmp(rom + pnp, PNP_SIG, SIG_LEN))
		fail(path, "no $PnP signature at %#zx", pnp);
	pnp_len = (size_t)rom[pnp + PNP_LENGTH] * PNP_LENGTH_UNIT;
	if (pnp_len <= PNP_CHECKSUM || pnp + pnp_len > len)
		fail(path, "$PnP header at %#zx of %zu bytes does not fit in "
		     "the image (end at %#zx)", pnp, pnp_len, len);
	return (struct layout){ pcir, pnp, pnp_len };
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct layout at;
	size_t len, size, blocks;
	uint8_t *rom;
	FILE *fp;

	parse_args(argc, argv, &opt);
	rom = read_image(opt.in, &len);
	at = check_image(opt.in, rom, len);
	/* Pad to whole blocks, always leaving a spare last byte to checksum. */
	blocks = len / ROM_BLOCK + 1;
	size = blocks * ROM_BLOCK;
	if (blocks > ROM_MAX_BLOCKS)
		fail(opt.in, "image of %zu bytes needs %zu bytes (%zu blocks) "
		     "with its checksum; a ROM holds at most %zu (%d blocks)",
		     len, size, blocks, ROM_MAX_SIZE, ROM_MAX_BLOCKS);
	if (opt.max_size && size > opt.max_size)
		fail(opt.in, "image of %zu bytes needs %zu bytes with its "
		     "checksum, more than --max-size %lu", len, size,
		     opt.max_size);
	rom[ROM_SIZE_BYTE] = (uint8_t)blocks;
	put16(rom + at.pcir + PCIR_VENDOR, opt.vendor);
	put16(rom + at.pcir + PCIR_DEVICE, opt.device);
	put16(rom + at.pcir + PCIR_IMAGE_LEN, (unsigned)blocks);
	rom[at.pcir + PCIR_CODE_TYPE] = PCIR_CODE_X86;
	rom[at.pcir + PCIR_INDICATOR] = PCIR_LAST_IMAGE;
	fix_checksum(rom + at.pnp, at.pnp_len, rom + at.pnp + PNP_CHECKSUM);
	fix_checksum(rom, size, rom + size - 1);
	fp = fopen(opt.out, "wb");
	if (!fp || fwrite(rom, 1, size, fp) != size || fclose(fp) != 0) {
		int err = errno;

		remove(opt.out);
		fail(opt.out, "%s", strerror(err));
	}
	free(rom);
	return EXIT_SUCCESS;
}
