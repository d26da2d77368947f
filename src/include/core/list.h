/* SPDX-License-Identifier: MIT */
/* Intrusive doubly linked circular lists. */
#ifndef CORE_LIST_H
#define CORE_LIST_H

#include <stdbool.h>
#include <core/compiler.h>

struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void list_insert(struct list_head *entry,
			       struct list_head *prev, struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Add ENTRY right after HEAD (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	list_insert(entry, head, head->next);
}

/* Add ENTRY right before HEAD (queue order). */
static inline void list_add_tail(struct list_head *entry,
				 struct list_head *head)
{
	list_insert(entry, head->prev, head);
}

/* Unlink ENTRY and leave it pointing at itself, so a second del is safe. */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)

#define list_for_each_entry(pos, head, member)                            \
	for (pos = list_entry((head)->next, __typeof__(*pos), member);    \
	     &pos->member != (head);                                       \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

/* Iterate allowing removal of POS; TMP holds the next entry. */
#define list_for_each_entry_safe(pos, tmp, head, member)                  \
	for (pos = list_entry((head)->next, __typeof__(*pos), member),    \
	     tmp = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (head);                                       \
	     pos = tmp,                                                    \
	     tmp = list_entry(tmp->member.next, __typeof__(*tmp), member))

#endif
