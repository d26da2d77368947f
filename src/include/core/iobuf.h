/* SPDX-License-Identifier: MIT */
/*
 * I/O buffers for zero-copy packet handling:
 *
 *   head          data          tail          end
 *    |  headroom   |   payload    |  tailroom   |
 *
 * A driver receives into an iobuf; each layer pulls its header and hands
 * the same buffer up. A sender reserves headroom for every lower header,
 * puts its payload, and each layer below pushes its header.
 */
#ifndef CORE_IOBUF_H
#define CORE_IOBUF_H

#include <stddef.h>
#include <stdint.h>
#include <assert.h>
#include <core/list.h>

/*
 * Alignment of the data area of alloc_iob() buffers: a cache line, which
 * every NIC we drive accepts for DMA. Rings or buffers that need more
 * (e.g. 2048 or 4096) ask for it with alloc_iob_aligned().
 */
#define IOB_ALIGN 64
/* Headroom every transmit path reserves: Ethernet + VLAN + IPv4/6 + TCP. */
#define IOB_MAX_HEADROOM 128

struct io_buffer {
	struct list_head list;	/* for queues owned by whoever holds it */
	void *head;
	void *data;
	void *tail;
	void *end;
};

/*
 * Allocate a buffer with LEN bytes of room (data == tail == head, end ==
 * head + LEN), its data area aligned to IOB_ALIGN; NULL if out of memory.
 */
struct io_buffer *alloc_iob(size_t len);
/*
 * Allocate with the data area aligned to ALIGN (a power of two; values
 * below IOB_ALIGN give IOB_ALIGN), for DMA; NULL for a bad ALIGN too.
 */
struct io_buffer *alloc_iob_aligned(size_t len, size_t align);
/* Free IOB (one allocation with its data); NULL is ignored. */
void free_iob(struct io_buffer *iob);

static inline size_t iob_len(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->tail - (char *)iob->data);
}

static inline size_t iob_headroom(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->data - (char *)iob->head);
}

static inline size_t iob_tailroom(const struct io_buffer *iob)
{
	return (size_t)((char *)iob->end - (char *)iob->tail);
}

/* Move data and tail forward by LEN on an empty buffer: make headroom. */
static inline void iob_reserve(struct io_buffer *iob, size_t len)
{
	assert(iob_tailroom(iob) >= len);
	iob->data = (char *)iob->data + len;
	iob->tail = (char *)iob->tail + len;
}

/* Extend the payload at the end by LEN; returns where the new bytes go. */
static inline void *iob_put(struct io_buffer *iob, size_t len)
{
	void *old = iob->tail;
	assert(iob_tailroom(iob) >= len);
	iob->tail = (char *)iob->tail + len;
	return old;
}

/* Remove LEN bytes from the end of the payload. */
static inline void iob_unput(struct io_buffer *iob, size_t len)
{
	assert(iob_len(iob) >= len);
	iob->tail = (char *)iob->tail - len;
}

/* Extend the payload at the front by LEN (add a header); returns new data. */
static inline void *iob_push(struct io_buffer *iob, size_t len)
{
	assert(iob_headroom(iob) >= len);
	iob->data = (char *)iob->data - len;
	return iob->data;
}

/* Remove LEN bytes from the front (strip a header); returns new data. */
static inline void *iob_pull(struct io_buffer *iob, size_t len)
{
	assert(iob_len(iob) >= len);
	iob->data = (char *)iob->data + len;
	return iob->data;
}

/* Drop the payload beyond LEN bytes (e.g. Ethernet padding). */
static inline void iob_trim(struct io_buffer *iob, size_t len)
{
	if (iob_len(iob) > len)
		iob->tail = (char *)iob->data + len;
}

#endif
