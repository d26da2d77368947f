/* SPDX-License-Identifier: MIT */
/* I/O buffers: the data area and its struct io_buffer in one allocation. */
#include <stdint.h>
#include <stdlib.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/list.h>

/*
 * Layout: [data area, LEN bytes][padding][struct io_buffer]. The data area
 * starts the allocation so that it takes the allocation's alignment.
 */
struct io_buffer *alloc_iob_aligned(size_t len, size_t align)
{
	size_t data_room;
	struct io_buffer *iob;
	char *data;

	if (align & (align - 1))
		return NULL;
	if (len > SIZE_MAX - sizeof(*iob) - __alignof__(*iob))
		return NULL;
	data_room = ALIGN_UP(len, __alignof__(*iob));
	data = malloc_aligned(data_room + sizeof(*iob), MAX(align, IOB_ALIGN));
	if (!data)
		return NULL;
	iob = (struct io_buffer *)(data + data_room);
	INIT_LIST_HEAD(&iob->list);
	iob->head = data;
	iob->data = data;
	iob->tail = data;
	iob->end = data + len;
	return iob;
}

struct io_buffer *alloc_iob(size_t len)
{
	return alloc_iob_aligned(len, IOB_ALIGN);
}

void free_iob(struct io_buffer *iob)
{
	if (iob)
		free(iob->head);
}
