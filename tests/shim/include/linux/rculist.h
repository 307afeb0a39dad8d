/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/rculist.h>: the list ops with publish ordering. */
#ifndef _WG_SHIM_LINUX_RCULIST_H
#define _WG_SHIM_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

static inline void list_add_rcu(struct list_head *new, struct list_head *head)
{
	new->next = head->next;
	new->prev = head;
	head->next->prev = new;
	rcu_assign_pointer(head->next, new);
}

static inline void list_add_tail_rcu(struct list_head *new, struct list_head *head)
{
	struct list_head *prev = head->prev;

	new->next = head;
	new->prev = prev;
	rcu_assign_pointer(prev->next, new);
	head->prev = new;
}

static inline void list_del_rcu(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->prev = LIST_POISON2;
}

static inline void hlist_add_head_rcu(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	n->pprev = &h->first;
	rcu_assign_pointer(h->first, n);
	if (first)
		first->pprev = &n->next;
}

static inline void hlist_del_rcu(struct hlist_node *n)
{
	__hlist_del(n);
	n->pprev = LIST_POISON2;
}

static inline void hlist_del_init_rcu(struct hlist_node *n)
{
	if (!hlist_unhashed(n)) {
		__hlist_del(n);
		n->pprev = NULL;
	}
}

static inline void hlist_replace_rcu(struct hlist_node *old, struct hlist_node *new)
{
	struct hlist_node *next = old->next;

	new->next = next;
	new->pprev = old->pprev;
	rcu_assign_pointer(*new->pprev, new);
	if (next)
		next->pprev = &new->next;
	old->pprev = LIST_POISON2;
}

#define list_for_each_entry_rcu(pos, head, member, ...) \
	for (pos = list_entry(rcu_dereference((head)->next), __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = list_entry(rcu_dereference(pos->member.next), __typeof__(*pos), member))
#define hlist_for_each_entry_rcu(pos, head, member, ...) \
	for (pos = hlist_entry_safe(rcu_dereference((head)->first), __typeof__(*(pos)), member); \
	     pos; \
	     pos = hlist_entry_safe(rcu_dereference((pos)->member.next), __typeof__(*(pos)), member))
#define hlist_for_each_entry_rcu_bh(pos, head, member) \
	hlist_for_each_entry_rcu(pos, head, member)

#endif /* _WG_SHIM_LINUX_RCULIST_H */
