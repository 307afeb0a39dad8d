/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allowed IPs: a path-compressed binary trie per address family mapping
 * prefixes to an opaque peer pointer, with longest-prefix lookups that run
 * under RCU alone, concurrently with updates made under the caller's lock.
 *
 * The core never looks inside a peer: to remove all of a peer's entries
 * cheaply, each entry is linked on a list the driver keeps in its peer, and
 * the table asks for that list through the peer_list callback.
 */
#ifndef _WG_ALLOWEDIPS_H
#define _WG_ALLOWEDIPS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>

struct wg_allowedips_node {
	/* NULL for a node that only joins two branches */
	void __rcu *peer;
	struct wg_allowedips_node __rcu *bit[2];
	/* Update side only, under the table lock from here on. */
	struct wg_allowedips_node *parent;
	/*
	 * A node is off its peer's list (or never was on one: a join) before
	 * it is handed to RCU, and readers never look at either: they share
	 * their bytes. With the node's own cache that makes 72 bytes a node,
	 * not 96 (kmalloc's), and a table of random prefixes has close to two
	 * nodes an entry.
	 */
	union {
		struct list_head peer_list;	/* on the peer's list of entries */
		struct rcu_head rcu;
	};
	u8 cidr;			/* prefix length */
	u8 bitlen;			/* 32 or 128 */
	u8 bits[16];			/* the prefix, network order, masked */
};

struct wg_allowedips {
	/* roots: written under *lock, read under RCU */
	struct wg_allowedips_node __rcu *root4;
	struct wg_allowedips_node __rcu *root6;
	/* The driver's update mutex: every change holds it. */
	struct mutex *lock;
	/* The driver's list head for @peer's entries. */
	struct list_head *(*peer_list)(void *peer);
	/* Bumped on every change, so a dump can tell the table moved. */
	u64 seq;
};

void wg_allowedips_init(struct wg_allowedips *table, struct mutex *lock,
			struct list_head *(*peer_list)(void *peer));
void wg_allowedips_free(struct wg_allowedips *table);

/*
 * @family is AF_INET or AF_INET6, @ip points at 4 or 16 bytes in network
 * order. Host bits beyond @cidr are ignored. Inserting a prefix that exists
 * moves it to @peer.
 */
int wg_allowedips_insert(struct wg_allowedips *table, int family,
			 const void *ip, u8 cidr, void *peer);
/* Removes the exact prefix if it belongs to @peer: -ENOENT otherwise. */
int wg_allowedips_remove(struct wg_allowedips *table, int family,
			 const void *ip, u8 cidr, void *peer);
void wg_allowedips_remove_by_peer(struct wg_allowedips *table, void *peer);

/*
 * Longest-prefix match for an address of @family: the peer or NULL. Call under
 * rcu_read_lock_bh(); the peer is only safe to use after the caller took its
 * own reference (kref_get_unless_zero) inside that section.
 */
void *wg_allowedips_lookup(struct wg_allowedips *table, int family,
			   const void *ip);

/*
 * Calls @fn for @peer's entries, skipping the first *@cursor of them. If @fn
 * returns non-zero (say, a full netlink message), the walk stops there,
 * *@cursor is set so the next call resumes with that same entry, and the
 * value is returned. 0 when all were walked (*@cursor is then reset).
 */
typedef int (*wg_allowedips_walk_fn)(void *ctx, int family, const u8 *ip,
				     u8 cidr);
int wg_allowedips_walk_by_peer(struct wg_allowedips *table, void *peer,
			       unsigned long *cursor, wg_allowedips_walk_fn fn,
			       void *ctx);

/* Load-time selftest; true if it passed. */
bool wg_allowedips_selftest(void);

/* The nodes' cache: before the first table is used, after the last freed. */
int wg_allowedips_slab_init(void);
void wg_allowedips_slab_uninit(void);

#endif /* _WG_ALLOWEDIPS_H */
