/* SPDX-License-Identifier: MIT */
/* Unit tests for I/O buffers: allocation, alignment and pointer arithmetic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <core/heap.h>
#include <core/iobuf.h>
#include "test.h"

#define FRAME_LEN 1536
#define ETH_HLEN 14
#define IP_HLEN 20
#define UDP_HLEN 8
#define ETH_MIN_FRAME 60
#define MANY_IOBS 1000

/* The invariants every io_buffer keeps. */
static bool iob_sane(const struct io_buffer *iob)
{
	const char *head = iob->head, *data = iob->data;
	const char *tail = iob->tail, *end = iob->end;

	return head <= data && data <= tail && tail <= end;
}

UNIT_TEST(iobuf_alloc_is_empty_with_full_tailroom)
{
	struct io_buffer *iob = alloc_iob(FRAME_LEN);

	CHECK(iob != NULL);
	if (!iob)
		return;
	CHECK(iob->head == iob->data);
	CHECK(iob->data == iob->tail);
	CHECK_INT(iob_len(iob), 0);
	CHECK_INT(iob_headroom(iob), 0);
	CHECK_INT(iob_tailroom(iob), FRAME_LEN);
	CHECK_INT((uintptr_t)iob->data % IOB_ALIGN, 0);
	CHECK(list_empty(&iob->list));
	free_iob(iob);
}

UNIT_TEST(iobuf_whole_data_area_is_writable)
{
	static const size_t lens[] = { 0, 1, 7, 63, 64, 65, FRAME_LEN, 9000 };
	struct io_buffer *iob;
	struct io_buffer copy;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		iob = alloc_iob(lens[i]);
		CHECK(iob != NULL);
		if (!iob)
			continue;
		copy = *iob;
		memset(iob_put(iob, lens[i]), 0xee, lens[i]);
		CHECK_INT(iob_tailroom(iob), 0);
		CHECK_INT(iob_len(iob), lens[i]);
		CHECK(iob->head == copy.head && iob->end == copy.end);
		CHECK(iob->list.next == &iob->list);
		CHECK_INT(heap_check(), 0);
		free_iob(iob);
	}
}

UNIT_TEST(iobuf_transmit_path_reserve_put_push)
{
	static const char payload[] = "hello";
	struct io_buffer *iob = alloc_iob(IOB_MAX_HEADROOM + FRAME_LEN);
	uint8_t *udp, *ip, *eth;

	CHECK(iob != NULL);
	if (!iob)
		return;
	iob_reserve(iob, IOB_MAX_HEADROOM);
	CHECK_INT(iob_headroom(iob), IOB_MAX_HEADROOM);
	CHECK_INT(iob_len(iob), 0);
	CHECK_INT(iob_tailroom(iob), FRAME_LEN);
	memcpy(iob_put(iob, sizeof(payload)), payload, sizeof(payload));
	CHECK_INT(iob_len(iob), sizeof(payload));
	CHECK_INT(iob_tailroom(iob), FRAME_LEN - sizeof(payload));
	udp = iob_push(iob, UDP_HLEN);
	memset(udp, 'u', UDP_HLEN);
	ip = iob_push(iob, IP_HLEN);
	memset(ip, 'i', IP_HLEN);
	eth = iob_push(iob, ETH_HLEN);
	memset(eth, 'e', ETH_HLEN);
	CHECK(eth == iob->data);
	CHECK(ip == eth + ETH_HLEN);
	CHECK(udp == ip + IP_HLEN);
	CHECK_INT(iob_len(iob),
		  ETH_HLEN + IP_HLEN + UDP_HLEN + sizeof(payload));
	CHECK_INT(iob_headroom(iob),
		  IOB_MAX_HEADROOM - ETH_HLEN - IP_HLEN - UDP_HLEN);
	CHECK_INT(iob_headroom(iob) + iob_len(iob) + iob_tailroom(iob),
		  IOB_MAX_HEADROOM + FRAME_LEN);
	CHECK_MEM(udp + UDP_HLEN, payload, sizeof(payload));
	CHECK(iob_sane(iob));
	free_iob(iob);
}

UNIT_TEST(iobuf_receive_path_pull_unput_trim)
{
	struct io_buffer *iob = alloc_iob(FRAME_LEN);
	uint8_t *frame, *after;
	unsigned int i;

	CHECK(iob != NULL);
	if (!iob)
		return;
	frame = iob_put(iob, ETH_MIN_FRAME);
	for (i = 0; i < ETH_MIN_FRAME; i++)
		frame[i] = (uint8_t)i;
	after = iob_pull(iob, ETH_HLEN);
	CHECK(after == frame + ETH_HLEN);
	CHECK_INT(after[0], ETH_HLEN);
	CHECK_INT(iob_headroom(iob), ETH_HLEN);
	CHECK_INT(iob_len(iob), ETH_MIN_FRAME - ETH_HLEN);
	iob_trim(iob, IP_HLEN + 2);
	CHECK_INT(iob_len(iob), IP_HLEN + 2);
	CHECK_INT(iob_tailroom(iob), FRAME_LEN - ETH_HLEN - IP_HLEN - 2);
	iob_trim(iob, FRAME_LEN);
	CHECK_INT(iob_len(iob), IP_HLEN + 2);
	iob_unput(iob, 2);
	CHECK_INT(iob_len(iob), IP_HLEN);
	iob_pull(iob, IP_HLEN);
	CHECK_INT(iob_len(iob), 0);
	CHECK(iob->data == iob->tail);
	iob_trim(iob, 0);
	CHECK_INT(iob_len(iob), 0);
	CHECK(iob_push(iob, ETH_HLEN + IP_HLEN) == frame);
	CHECK_INT(iob_headroom(iob), 0);
	CHECK(iob_sane(iob));
	free_iob(iob);
}

UNIT_TEST(iobuf_aligned_for_dma)
{
	static const size_t aligns[] = { 0, 1, 16, 64, 128, 2048, 4096, 65536 };
	struct io_buffer *iob;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		iob = alloc_iob_aligned(FRAME_LEN, aligns[i]);
		CHECK(iob != NULL);
		if (!iob)
			continue;
		CHECK_INT((uintptr_t)iob->data % IOB_ALIGN, 0);
		if (aligns[i])
			CHECK_INT((uintptr_t)iob->data % aligns[i], 0);
		CHECK_INT(iob_tailroom(iob), FRAME_LEN);
		memset(iob_put(iob, FRAME_LEN), 0x3c, FRAME_LEN);
		free_iob(iob);
	}
}

UNIT_TEST(iobuf_rejects_bad_requests)
{
	unsigned int before;
	struct heap_stats stats;

	heap_get_stats(&stats);
	before = stats.blocks;
	CHECK(alloc_iob_aligned(64, 3) == NULL);
	CHECK(alloc_iob_aligned(64, 96) == NULL);
	CHECK(alloc_iob(SIZE_MAX) == NULL);
	CHECK(alloc_iob(SIZE_MAX - sizeof(struct io_buffer)) == NULL);
	CHECK(alloc_iob(SIZE_MAX / 2) == NULL);
	CHECK(alloc_iob_aligned(FRAME_LEN, (SIZE_MAX >> 1) + 1) == NULL);
	free_iob(NULL);
	heap_get_stats(&stats);
	CHECK_INT(stats.blocks, before);
}

UNIT_TEST(iobuf_queue_of_many_buffers)
{
	LIST_HEAD(queue);
	struct io_buffer *iob, *tmp;
	unsigned int i, count = 0, bad = 0;

	for (i = 0; i < MANY_IOBS; i++) {
		iob = alloc_iob(FRAME_LEN);
		CHECK(iob != NULL);
		if (!iob)
			break;
		*(uint32_t *)iob_put(iob, sizeof(uint32_t)) = i;
		list_add_tail(&iob->list, &queue);
	}
	list_for_each_entry_safe(iob, tmp, &queue, list) {
		if (*(uint32_t *)iob->data != count++)
			bad++;
		list_del(&iob->list);
		free_iob(iob);
	}
	CHECK_INT(count, MANY_IOBS);
	CHECK_INT(bad, 0);
	CHECK(list_empty(&queue));
}
