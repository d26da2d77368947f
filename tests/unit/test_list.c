/* SPDX-License-Identifier: MIT */
/* Unit tests for the intrusive doubly linked lists. */
#include <core/list.h>
#include "test.h"

#define ITEMS 5

struct item {
	int value;
	struct list_head link;
};

/* Write the values of LIST into OUT (up to MAX); returns how many. */
static unsigned int collect(struct list_head *list, int *out,
			    unsigned int max)
{
	struct item *it;
	unsigned int n = 0;

	list_for_each_entry(it, list, link) {
		if (n < max)
			out[n] = it->value;
		n++;
	}
	return n;
}

/* True if every node's neighbours point back at it. */
static bool links_consistent(const struct list_head *list)
{
	const struct list_head *pos = list;

	do {
		if (pos->next->prev != pos || pos->prev->next != pos)
			return false;
		pos = pos->next;
	} while (pos != list);
	return true;
}

static void init_items(struct item *items, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		items[i].value = (int)i;
		INIT_LIST_HEAD(&items[i].link);
	}
}

UNIT_TEST(list_empty_head)
{
	LIST_HEAD(static_init);
	struct list_head dynamic;
	int out[1];

	INIT_LIST_HEAD(&dynamic);
	CHECK(list_empty(&static_init));
	CHECK(list_empty(&dynamic));
	CHECK(links_consistent(&dynamic));
	CHECK_INT(collect(&dynamic, out, 1), 0);
}

UNIT_TEST(list_add_tail_keeps_queue_order)
{
	struct item items[ITEMS];
	LIST_HEAD(queue);
	int out[ITEMS];
	unsigned int i;

	init_items(items, ITEMS);
	for (i = 0; i < ITEMS; i++)
		list_add_tail(&items[i].link, &queue);
	CHECK(!list_empty(&queue));
	CHECK(links_consistent(&queue));
	CHECK_INT(collect(&queue, out, ITEMS), ITEMS);
	for (i = 0; i < ITEMS; i++)
		CHECK_INT(out[i], i);
	CHECK(list_first_entry(&queue, struct item, link) == &items[0]);
}

UNIT_TEST(list_add_keeps_stack_order)
{
	struct item items[ITEMS];
	LIST_HEAD(stack);
	int out[ITEMS];
	unsigned int i;

	init_items(items, ITEMS);
	for (i = 0; i < ITEMS; i++)
		list_add(&items[i].link, &stack);
	CHECK(links_consistent(&stack));
	CHECK_INT(collect(&stack, out, ITEMS), ITEMS);
	for (i = 0; i < ITEMS; i++)
		CHECK_INT(out[i], ITEMS - 1 - i);
	CHECK(list_first_entry(&stack, struct item, link) ==
	      &items[ITEMS - 1]);
}

UNIT_TEST(list_del_unlinks_and_is_idempotent)
{
	struct item items[ITEMS];
	LIST_HEAD(list);
	int out[ITEMS];
	unsigned int i;

	init_items(items, ITEMS);
	for (i = 0; i < ITEMS; i++)
		list_add_tail(&items[i].link, &list);
	list_del(&items[2].link);
	CHECK(list_empty(&items[2].link));
	list_del(&items[2].link);
	CHECK(links_consistent(&list));
	list_del(&items[0].link);
	list_del(&items[ITEMS - 1].link);
	CHECK(links_consistent(&list));
	CHECK_INT(collect(&list, out, ITEMS), 2);
	CHECK_INT(out[0], 1);
	CHECK_INT(out[1], 3);
	list_del(&items[1].link);
	list_del(&items[3].link);
	CHECK(list_empty(&list));
	CHECK(links_consistent(&list));
}

UNIT_TEST(list_safe_iteration_allows_removal)
{
	struct item items[ITEMS];
	struct item *it, *tmp;
	LIST_HEAD(list);
	LIST_HEAD(odd);
	int out[ITEMS];
	unsigned int i, visited = 0;

	init_items(items, ITEMS);
	for (i = 0; i < ITEMS; i++)
		list_add_tail(&items[i].link, &list);
	list_for_each_entry_safe(it, tmp, &list, link) {
		visited++;
		if (it->value % 2) {
			list_del(&it->link);
			list_add_tail(&it->link, &odd);
		}
	}
	CHECK_INT(visited, ITEMS);
	CHECK(links_consistent(&list));
	CHECK(links_consistent(&odd));
	CHECK_INT(collect(&list, out, ITEMS), 3);
	CHECK_INT(out[0], 0);
	CHECK_INT(out[1], 2);
	CHECK_INT(out[2], 4);
	CHECK_INT(collect(&odd, out, ITEMS), 2);
	CHECK_INT(out[0], 1);
	CHECK_INT(out[1], 3);
}
