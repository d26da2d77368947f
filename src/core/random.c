/* SPDX-License-Identifier: MIT */
/* Pseudo-random numbers (splitmix64) for protocol IDs, ports and jitter. */
#include <stdint.h>
#include <stdlib.h>

/* Weyl sequence increment: 2^64 divided by the golden ratio, made odd. */
#define SPLITMIX_GAMMA 0x9e3779b97f4a7c15ULL
#define SPLITMIX_MUL1 0xbf58476d1ce4e5b9ULL
#define SPLITMIX_MUL2 0x94d049bb133111ebULL
/* random() returns the top 31 bits: 0 .. 2^31 - 1, as POSIX specifies. */
#define RANDOM_SHIFT 33

static uint64_t random_state = SPLITMIX_GAMMA;

/* Advance the state and return its next well-mixed 64-bit output. */
static uint64_t splitmix64_next(void)
{
	uint64_t z = (random_state += SPLITMIX_GAMMA);

	z = (z ^ (z >> 30)) * SPLITMIX_MUL1;
	z = (z ^ (z >> 27)) * SPLITMIX_MUL2;
	return z ^ (z >> 31);
}

void srandom(unsigned int seed)
{
	random_state = seed;
	random_state = splitmix64_next();
}

long random(void)
{
	return (long)(splitmix64_next() >> RANDOM_SHIFT);
}
