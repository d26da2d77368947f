/* SPDX-License-Identifier: MIT */
/* lzpack [--x86] IN OUT: compress a file as core/lzunpack.h describes. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

/* Largest input: the parse keeps SLOTS states (160 bytes) per input byte. */
#define MAX_INPUT (4u << 20)
#define READ_CHUNK 65536

#define OFFSET_LOW_BITS 8
#define OFFSET_LOW_MASK 0xffu
#define BYTE_BITS 8
#define WORD_BITS 32
#define MIN_MATCH 2		/* shortest match with a new offset */
#define NO_REP 0		/* last offset before any match: none */

/* x86 call: opcode E8, then a 32-bit operand relative to the call's end. */
#define X86_CALL 0xe8
#define X86_OPERAND_LEN 4
#define X86_CALL_LEN (1 + X86_OPERAND_LEN)

/* Match finder: hash chains over 3-byte prefixes, a table for 2-byte ones. */
#define HASH_PREFIX 3
#define HASH_BITS 17
#define HASH_SIZE (1u << HASH_BITS)
#define HASH_MULT 2654435761u
#define PAIR_SIZE 65536
#define CHAIN_DEPTH 1024
/* A match this long is taken without weighing the paths inside it. */
#define NICE_LEN 256
#define MAX_MATCHES 64

/* Parse states (arrivals) kept per position. */
#define SLOTS 8
#define NO_POS UINT32_MAX
#define NO_POS_FILL 0xff	/* the bytes of NO_POS, for memset */
#define NO_COST UINT32_MAX

/* How the parse reached a position: its cost so far in bits, the decoder's
 * last offset there, the length of the literal run in progress (0 after a
 * match), and the step that led here (LEN bytes from slot FROM). */
struct arrival {
	uint32_t cost;
	uint32_t rep;
	uint32_t litlen;
	uint32_t len;
	uint32_t from;
};

struct match {
	uint32_t offset;
	uint32_t len;
};

struct finder {
	const uint8_t *data;
	uint32_t size;
	uint32_t *head;		/* latest position of each 3-byte hash */
	uint32_t *prev;		/* earlier position with the same hash */
	uint32_t *pair;		/* latest position of each 2-byte pair */
};

/* One step of the chosen parse: OFFSET 0 is a literal byte. */
struct step {
	uint32_t offset;
	uint32_t len;
};

struct writer {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t bit_byte;	/* index of the byte taking bits */
	unsigned bits_used;	/* bits of it already used */
};

static const char *prog = "lzpack";

static void *checked(void *p)
{
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(EXIT_FAILURE);
	}
	return p;
}

/* Allocate N elements of SIZE, each byte FILL. */
static void *alloc_filled(size_t n, size_t size, int fill)
{
	void *p = checked(malloc(n ? n * size : 1));

	memset(p, fill, n * size);
	return p;
}

/* Position of the leading 1 of N >= 1. */
static int top_bit(uint32_t n)
{
	return WORD_BITS - 1 - __builtin_clz(n);
}

/* Bits of the interlaced Elias gamma code of N >= 1. */
static uint32_t gamma_bits(uint32_t n)
{
	return 2 * (uint32_t)top_bit(n) + 1;
}

static uint32_t offset_bits(uint32_t offset)
{
	return BYTE_BITS + gamma_bits((offset >> OFFSET_LOW_BITS) + 1);
}

/* Bytes at A and B that agree, at most LIMIT. */
static uint32_t common_len(const uint8_t *a, const uint8_t *b, uint32_t limit)
{
	uint32_t n = 0;

	while (n < limit && a[n] == b[n])
		n++;
	return n;
}

static uint32_t hash3(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << BYTE_BITS |
		     (uint32_t)p[2] << 2 * BYTE_BITS;

	return (v * HASH_MULT) >> (WORD_BITS - HASH_BITS);
}

static uint32_t pair_key(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << BYTE_BITS;
}

static void finder_init(struct finder *f, const uint8_t *data, uint32_t size)
{
	f->data = data;
	f->size = size;
	f->head = alloc_filled(HASH_SIZE, sizeof(*f->head), NO_POS_FILL);
	f->prev = alloc_filled(size, sizeof(*f->prev), NO_POS_FILL);
	f->pair = alloc_filled(PAIR_SIZE, sizeof(*f->pair), NO_POS_FILL);
}

static void finder_free(struct finder *f)
{
	free(f->head);
	free(f->prev);
	free(f->pair);
}

/* Record position POS in the tables, so later positions can match it. */
static void finder_insert(struct finder *f, uint32_t pos)
{
	const uint8_t *p = f->data + pos;
	uint32_t h;

	if (pos + MIN_MATCH > f->size)
		return;
	f->pair[pair_key(p)] = pos;
	if (pos + HASH_PREFIX > f->size)
		return;
	h = hash3(p);
	f->prev[pos] = f->head[h];
	f->head[h] = pos;
}

/* Matches at POS, each longer and farther than the one before, into OUT;
 * returns how many. Then inserts POS. */
static unsigned finder_find(struct finder *f, uint32_t pos, struct match *out)
{
	const uint8_t *here = f->data + pos;
	uint32_t limit = f->size - pos, best = MIN_MATCH - 1, cand, depth;
	unsigned n = 0;

	if (limit >= MIN_MATCH && f->pair[pair_key(here)] != NO_POS) {
		cand = f->pair[pair_key(here)];
		best = common_len(f->data + cand, here, limit);
		out[n++] = (struct match){ pos - cand, best };
	}
	cand = limit >= HASH_PREFIX ? f->head[hash3(here)] : NO_POS;
	for (depth = 0; cand != NO_POS && depth < CHAIN_DEPTH; depth++) {
		const uint8_t *there = f->data + cand;
		uint32_t len;

		if (best >= NICE_LEN || best >= limit || n == MAX_MATCHES)
			break;
		if (there[best] == here[best]) {
			len = common_len(there, here, limit);
			if (len > best) {
				best = len;
				out[n++] = (struct match){ pos - cand, len };
			}
		}
		cand = f->prev[cand];
	}
	finder_insert(f, pos);
	return n;
}

/* How good an arrival looks when slots are scarce: its cost, less half the
 * length code its literal run has already paid for. A longer run pays less
 * to grow, which its cost alone does not show; half is what worked best on
 * x86 code and on random data. */
static uint32_t rank(const struct arrival *a)
{
	return a->cost - (a->litlen ? gamma_bits(a->litlen) / 2 : 0);
}

/* Offer arrival A to the slots of a position: it replaces a worse one in
 * the same state (same last offset, both in or out of a literal run), or
 * else the worst slot. */
static void arrive(struct arrival *slots, const struct arrival *a)
{
	unsigned i, worst = 0;

	for (i = 0; i < SLOTS; i++) {
		if (slots[i].cost != NO_COST && slots[i].rep == a->rep &&
		    !slots[i].litlen == !a->litlen) {
			if (rank(a) < rank(&slots[i]))
				slots[i] = *a;
			return;
		}
		if (rank(&slots[i]) > rank(&slots[worst]))
			worst = i;
	}
	if (rank(a) < rank(&slots[worst]))
		slots[worst] = *a;
}

/* Cost of one more literal after a run of LITLEN. */
static uint32_t literal_bits(uint32_t litlen)
{
	if (!litlen)
		return 1 + gamma_bits(1) + BYTE_BITS;
	return BYTE_BITS + gamma_bits(litlen + 1) - gamma_bits(litlen);
}

/* Offer matches of lengths FIRST..LAST (or just LAST if it is long) from
 * slot FROM at POS, each costing BASE bits plus its length code. */
static void offer_matches(struct arrival *arr, uint32_t pos, uint32_t from,
			  uint32_t offset, uint32_t first, uint32_t last,
			  uint32_t base, uint32_t len_bias)
{
	uint32_t len;

	if (last >= NICE_LEN)
		first = last;
	for (len = first; len <= last; len++) {
		struct arrival a = {
			base + gamma_bits(len - len_bias), offset, 0, len, from
		};
		arrive(arr + (size_t)(pos + len) * SLOTS, &a);
	}
}

/* Extend every arrival at POS by a literal or a repeat match; returns the
 * longest repeat match. */
static uint32_t expand_slots(struct arrival *arr, const uint8_t *data,
			     uint32_t size, uint32_t pos)
{
	struct arrival *slots = arr + (size_t)pos * SLOTS;
	uint32_t s, longest = 0;

	for (s = 0; s < SLOTS; s++) {
		const struct arrival *cur = &slots[s];
		struct arrival lit;
		uint32_t len;

		if (cur->cost == NO_COST)
			continue;
		lit = (struct arrival){ cur->cost + literal_bits(cur->litlen),
					cur->rep, cur->litlen + 1, 1, s };
		arrive(slots + SLOTS, &lit);
		if (!cur->litlen || cur->rep == NO_REP || cur->rep > pos)
			continue;
		len = common_len(data + pos - cur->rep, data + pos, size - pos);
		if (len) {
			offer_matches(arr, pos, s, cur->rep, 1, len,
				      cur->cost + 1, 0);
			if (len > longest)
				longest = len;
		}
	}
	return longest;
}

static uint32_t cheapest_slot(const struct arrival *slots)
{
	uint32_t s, best = 0;

	for (s = 1; s < SLOTS; s++)
		if (slots[s].cost < slots[best].cost)
			best = s;
	return best;
}

/* Extend the cheapest arrival at POS by each match; returns the longest. */
static uint32_t expand_matches(struct arrival *arr, struct finder *f,
			       uint32_t pos)
{
	struct match m[MAX_MATCHES];
	uint32_t from = cheapest_slot(arr + (size_t)pos * SLOTS);
	uint32_t cost = arr[(size_t)pos * SLOTS + from].cost;
	uint32_t first = MIN_MATCH;
	unsigned i, n = finder_find(f, pos, m);

	for (i = 0; i < n; i++) {
		offer_matches(arr, pos, from, m[i].offset, first, m[i].len,
			      cost + 1 + offset_bits(m[i].offset), 1);
		first = m[i].len + 1;
	}
	return n ? m[n - 1].len : 0;
}

/* Find a cheap parse of DATA; returns the arrivals, SLOTS per position. */
static struct arrival *parse(const uint8_t *data, uint32_t size)
{
	size_t count = ((size_t)size + 1) * SLOTS, i;
	struct arrival *arr = checked(malloc(count * sizeof(*arr)));
	struct finder f;
	uint32_t pos, skip_to = 0;

	for (i = 0; i < count; i++)
		arr[i].cost = NO_COST;
	arr[0] = (struct arrival){ 0, NO_REP, 0, 0, 0 };
	finder_init(&f, data, size);
	for (pos = 0; pos < size; pos++) {
		uint32_t rep_len, match_len, longest;

		if (pos < skip_to) {
			finder_insert(&f, pos);
			continue;
		}
		rep_len = expand_slots(arr, data, size, pos);
		match_len = expand_matches(arr, &f, pos);
		longest = rep_len > match_len ? rep_len : match_len;
		if (longest >= NICE_LEN)
			skip_to = pos + longest;
	}
	finder_free(&f);
	return arr;
}

/* Walk back from the cheapest end state; returns the steps in order. */
static struct step *backtrack(const struct arrival *arr, uint32_t size,
			      size_t *count)
{
	struct step *steps = alloc_filled(size, sizeof(*steps), 0);
	uint32_t pos = size, slot = cheapest_slot(arr + (size_t)size * SLOTS);
	size_t n = 0, i;

	while (pos) {
		const struct arrival *a = &arr[(size_t)pos * SLOTS + slot];

		steps[n++] = (struct step){ a->litlen ? 0 : a->rep, a->len };
		pos -= a->len;
		slot = a->from;
	}
	for (i = 0; i < n / 2; i++) {
		struct step t = steps[i];

		steps[i] = steps[n - 1 - i];
		steps[n - 1 - i] = t;
	}
	*count = n;
	return steps;
}

static void put_byte(struct writer *w, uint8_t byte)
{
	if (w->len == w->cap) {
		w->cap = w->cap * 2 + READ_CHUNK;
		w->buf = checked(realloc(w->buf, w->cap));
	}
	w->buf[w->len++] = byte;
}

static void put_bit(struct writer *w, unsigned bit)
{
	if (w->bits_used == BYTE_BITS) {
		w->bit_byte = w->len;
		w->bits_used = 0;
		put_byte(w, 0);
	}
	w->buf[w->bit_byte] |= (uint8_t)(bit << w->bits_used++);
}

static void put_gamma(struct writer *w, uint32_t n)
{
	int bit;

	for (bit = top_bit(n) - 1; bit >= 0; bit--) {
		put_bit(w, 0);
		put_bit(w, n >> bit & 1);
	}
	put_bit(w, 1);
}

static void put_offset(struct writer *w, uint32_t offset)
{
	put_bit(w, 1);
	put_gamma(w, (offset >> OFFSET_LOW_BITS) + 1);
	put_byte(w, offset & OFFSET_LOW_MASK);
}

/* The check byte: with it the decompressed bytes sum to 0 mod 256. */
static uint8_t check_byte(const uint8_t *data, uint32_t size)
{
	uint8_t sum = 0;
	uint32_t i;

	for (i = 0; i < size; i++)
		sum += data[i];
	return (uint8_t)-sum;
}

/* Write the check byte and the steps of the parse as the stream. */
static void encode(struct writer *w, const uint8_t *data, uint32_t size,
		   const struct step *steps, size_t count)
{
	uint32_t rep = NO_REP, run;
	bool after_literal = false;
	size_t i = 0, k;

	put_byte(w, check_byte(data, size));
	w->bits_used = BYTE_BITS;
	while (i < count) {
		if (!steps[i].offset) {
			for (run = 1; i + run < count && !steps[i + run].offset;
			     run++)
				;
			put_bit(w, 0);
			put_gamma(w, run);
			for (k = 0; k < run; k++)
				put_byte(w, *data++);
			i += run;
			after_literal = true;
			continue;
		}
		if (after_literal && steps[i].offset == rep) {
			put_bit(w, 0);
			put_gamma(w, steps[i].len);
		} else {
			put_offset(w, steps[i].offset);
			put_gamma(w, steps[i].len - 1);
		}
		rep = steps[i].offset;
		data += steps[i].len;
		after_literal = false;
		i++;
	}
	put_offset(w, 0);
}

/* The x86 call filter (see core/lzunpack.h): make each call's operand
 * relative to the start of DATA rather than to the call's end. */
static void filter_x86(uint8_t *data, uint32_t size)
{
	uint32_t i, target;
	int k;

	for (i = 0; i + X86_CALL_LEN <= size; i++) {
		if (data[i] != X86_CALL)
			continue;
		target = 0;
		for (k = X86_OPERAND_LEN; k > 0; k--)
			target = target << BYTE_BITS | data[i + k];
		target += i + X86_CALL_LEN;
		for (k = 1; k <= X86_OPERAND_LEN; k++, target >>= BYTE_BITS)
			data[i + k] = (uint8_t)target;
		i += X86_CALL_LEN - 1;
	}
}

/* Read all of PATH; exits on error. */
static uint8_t *read_file(const char *path, uint32_t *size)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, got;

	if (!fp) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		exit(EXIT_FAILURE);
	}
	do {
		buf = checked(realloc(buf, len + READ_CHUNK));
		got = fread(buf + len, 1, READ_CHUNK, fp);
		len += got;
		if (len > MAX_INPUT) {
			fprintf(stderr, "%s: %s: larger than %u bytes\n", prog,
				path, MAX_INPUT);
			exit(EXIT_FAILURE);
		}
	} while (got == READ_CHUNK);
	if (ferror(fp)) {
		fprintf(stderr, "%s: %s: read error\n", prog, path);
		exit(EXIT_FAILURE);
	}
	fclose(fp);
	*size = (uint32_t)len;
	return buf;
}

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fwrite(buf, 1, len, fp) != len || fclose(fp) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		if (fp)
			remove(path);
		exit(EXIT_FAILURE);
	}
}

int main(int argc, char **argv)
{
	struct writer w = { 0 };
	struct arrival *arr;
	struct step *steps;
	uint8_t *data;
	uint32_t size;
	size_t count;
	bool x86 = argc == 4 && !strcmp(argv[1], "--x86");

	if (argc != 3 && !x86) {
		fprintf(stderr, "usage: %s [--x86] IN OUT\n", prog);
		return EXIT_USAGE;
	}
	data = read_file(argv[argc - 2], &size);
	if (x86)
		filter_x86(data, size);
	arr = parse(data, size);
	steps = backtrack(arr, size, &count);
	free(arr);
	encode(&w, data, size, steps, count);
	write_file(argv[argc - 1], w.buf, w.len);
	free(steps);
	free(data);
	free(w.buf);
	return EXIT_SUCCESS;
}
