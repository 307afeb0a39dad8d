// SPDX-License-Identifier: GPL-2.0
/*
 * The trie: every node holds a masked prefix; a child's prefix extends its
 * parent's, and the two children of a node differ at bit number parent->cidr
 * (counting from the most significant bit of the address). Nodes without a
 * peer exist only where two branches meet, so the trie has at most twice as
 * many nodes as entries and a lookup visits at most bitlen + 1 nodes.
 *
 * Readers follow ->bit[] and read ->peer under RCU. Writers hold table->lock,
 * fill a new node completely before publishing it with rcu_assign_pointer,
 * and free unlinked nodes after a grace period.
 */

#include "allowedips.h"

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/socket.h>
#include <linux/lockdep.h>
#include <linux/rculist.h>

static unsigned int bit_at(const u8 *bits, unsigned int i)
{
	return (bits[i / 8] >> (7 - (i % 8))) & 1;
}

static void mask_prefix(u8 *dst, const u8 *src, unsigned int cidr,
			unsigned int bitlen)
{
	unsigned int i, bytes = bitlen / 8;

	for (i = 0; i < bytes; ++i) {
		if (cidr >= 8 * (i + 1))
			dst[i] = src[i];
		else if (cidr > 8 * i)
			dst[i] = src[i] & (u8)(0xff << (8 - (cidr - 8 * i)));
		else
			dst[i] = 0;
	}
	memset(dst + bytes, 0, sizeof(((struct wg_allowedips_node *)0)->bits) - bytes);
}

/* Length of the common leading bits of @a and @b, at most @limit. */
static unsigned int common_bits(const u8 *a, const u8 *b, unsigned int limit)
{
	unsigned int i, n = 0;

	for (i = 0; n < limit; ++i, n += 8) {
		u8 x = a[i] ^ b[i];

		if (x) {
			n += __builtin_clz((unsigned int)x) - 24;
			break;
		}
	}
	return n < limit ? n : limit;
}

static bool prefix_matches(const struct wg_allowedips_node *node,
			   const u8 *ip)
{
	return common_bits(node->bits, ip, node->cidr) == node->cidr;
}

static int family_bitlen(int family)
{
	if (family == AF_INET)
		return 32;
	if (family == AF_INET6)
		return 128;
	return 0;
}

static struct wg_allowedips_node __rcu **root_of(struct wg_allowedips *table,
						 unsigned int bitlen)
{
	return bitlen == 32 ? &table->root4 : &table->root6;
}

/* The slot that points at @node: in its parent, or the root. */
static struct wg_allowedips_node __rcu **slot_of(struct wg_allowedips *table,
						 struct wg_allowedips_node *node)
{
	struct wg_allowedips_node *parent = node->parent;

	if (!parent)
		return root_of(table, node->bitlen);
	return &parent->bit[bit_at(node->bits, parent->cidr)];
}

static struct wg_allowedips_node *deref(struct wg_allowedips *table,
					struct wg_allowedips_node __rcu *p)
{
	return rcu_dereference_protected(p, lockdep_is_held(table->lock));
}

static struct kmem_cache *node_cache;

int wg_allowedips_slab_init(void)
{
	node_cache = KMEM_CACHE(wg_allowedips_node, 0);
	return node_cache ? 0 : -ENOMEM;
}

/* After every table is freed, their RCU frees included. */
void wg_allowedips_slab_uninit(void)
{
	rcu_barrier();
	kmem_cache_destroy(node_cache);
	node_cache = NULL;
}

static struct wg_allowedips_node *new_node(const u8 *bits, u8 cidr, u8 bitlen,
					   void *peer)
{
	struct wg_allowedips_node *node = kmem_cache_zalloc(node_cache, GFP_KERNEL);

	if (unlikely(!node))
		return NULL;
	mask_prefix(node->bits, bits, cidr, bitlen);
	node->cidr = cidr;
	node->bitlen = bitlen;
	RCU_INIT_POINTER(node->peer, peer);
	INIT_LIST_HEAD(&node->peer_list);
	return node;
}

static void set_peer(struct wg_allowedips *table,
		     struct wg_allowedips_node *node, void *peer)
{
	if (rcu_access_pointer(node->peer))
		list_del(&node->peer_list);
	rcu_assign_pointer(node->peer, peer);
	if (peer)
		list_add_tail(&node->peer_list, table->peer_list(peer));
	else
		INIT_LIST_HEAD(&node->peer_list);
}

/* Links @child under @parent (NULL: root) at its slot; publishes it. */
static void link_child(struct wg_allowedips *table,
		       struct wg_allowedips_node *parent,
		       struct wg_allowedips_node *child)
{
	child->parent = parent;
	rcu_assign_pointer(*slot_of(table, child), child);
}

void wg_allowedips_init(struct wg_allowedips *table, struct mutex *lock,
			struct list_head *(*peer_list)(void *peer))
{
	RCU_INIT_POINTER(table->root4, NULL);
	RCU_INIT_POINTER(table->root6, NULL);
	table->lock = lock;
	table->peer_list = peer_list;
	table->seq = 1;
}

int wg_allowedips_insert(struct wg_allowedips *table, int family,
			 const void *ip, u8 cidr, void *peer)
{
	struct wg_allowedips_node *node, *parent = NULL, *fresh, *join;
	unsigned int bitlen = family_bitlen(family), common;
	u8 key[16];

	lockdep_assert_held(table->lock);
	if (!bitlen || cidr > bitlen || !peer)
		return -EINVAL;
	mask_prefix(key, ip, cidr, bitlen);
	++table->seq;

	node = deref(table, *root_of(table, bitlen));
	while (node) {
		common = common_bits(node->bits, key, min_t(unsigned int,
							    node->cidr, cidr));
		if (common == node->cidr && common == cidr) {
			/* the prefix exists (perhaps as a join): (re)assign */
			set_peer(table, node, peer);
			return 0;
		}
		if (common == node->cidr) {
			/* @node is a prefix of @key: descend */
			parent = node;
			node = deref(table, node->bit[bit_at(key, node->cidr)]);
			continue;
		}
		fresh = new_node(key, cidr, bitlen, peer);
		if (unlikely(!fresh))
			return -ENOMEM;
		if (common == cidr) {
			/* @key is a prefix of @node: slot @fresh above it */
			RCU_INIT_POINTER(fresh->bit[bit_at(node->bits, cidr)], node);
			node->parent = fresh;
			list_add_tail(&fresh->peer_list, table->peer_list(peer));
			link_child(table, parent, fresh);
			return 0;
		}
		/* They part at bit @common: a join holds both. */
		join = new_node(key, common, bitlen, NULL);
		if (unlikely(!join)) {
			kmem_cache_free(node_cache, fresh);
			return -ENOMEM;
		}
		RCU_INIT_POINTER(join->bit[bit_at(key, common)], fresh);
		RCU_INIT_POINTER(join->bit[bit_at(node->bits, common)], node);
		fresh->parent = join;
		node->parent = join;
		list_add_tail(&fresh->peer_list, table->peer_list(peer));
		link_child(table, parent, join);
		return 0;
	}
	fresh = new_node(key, cidr, bitlen, peer);
	if (unlikely(!fresh))
		return -ENOMEM;
	list_add_tail(&fresh->peer_list, table->peer_list(peer));
	link_child(table, parent, fresh);
	return 0;
}

static void free_node_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(node_cache, container_of(rcu, struct wg_allowedips_node, rcu));
}

/* Replaces @node by its only child (or nothing) and frees it. */
static void splice_out(struct wg_allowedips *table,
		       struct wg_allowedips_node *node)
{
	struct wg_allowedips_node *child = deref(table, node->bit[0]);

	if (!child)
		child = deref(table, node->bit[1]);
	if (child)
		child->parent = node->parent;
	rcu_assign_pointer(*slot_of(table, node), child);
	call_rcu(&node->rcu, free_node_rcu);
}

/* Takes @node's entry away; prunes the nodes that no longer join. */
static void remove_node(struct wg_allowedips *table,
			struct wg_allowedips_node *node)
{
	struct wg_allowedips_node *parent;
	bool two;

	lockdep_assert_held(table->lock);
	++table->seq;
	list_del_init(&node->peer_list);
	rcu_assign_pointer(node->peer, NULL);
	two = rcu_access_pointer(node->bit[0]) && rcu_access_pointer(node->bit[1]);
	if (two)
		return; /* it still joins two branches */
	parent = node->parent;
	splice_out(table, node);
	/* A join left with one branch (the one we removed was a leaf). */
	if (parent && !rcu_access_pointer(parent->peer) &&
	    !(rcu_access_pointer(parent->bit[0]) &&
	      rcu_access_pointer(parent->bit[1])))
		splice_out(table, parent);
}

int wg_allowedips_remove(struct wg_allowedips *table, int family,
			 const void *ip, u8 cidr, void *peer)
{
	unsigned int bitlen = family_bitlen(family);
	struct wg_allowedips_node *node;
	u8 key[16];

	lockdep_assert_held(table->lock);
	if (!bitlen || cidr > bitlen)
		return -EINVAL;
	mask_prefix(key, ip, cidr, bitlen);
	node = deref(table, *root_of(table, bitlen));
	while (node && node->cidr < cidr && prefix_matches(node, key))
		node = deref(table, node->bit[bit_at(key, node->cidr)]);
	if (!node || node->cidr != cidr || !prefix_matches(node, key) ||
	    rcu_access_pointer(node->peer) != peer || !peer)
		return -ENOENT;
	remove_node(table, node);
	return 0;
}

void wg_allowedips_remove_by_peer(struct wg_allowedips *table, void *peer)
{
	struct wg_allowedips_node *node, *tmp;

	lockdep_assert_held(table->lock);
	list_for_each_entry_safe(node, tmp, table->peer_list(peer), peer_list)
		remove_node(table, node);
}

void *wg_allowedips_lookup(struct wg_allowedips *table, int family,
			   const void *ip)
{
	unsigned int bitlen = family_bitlen(family);
	struct wg_allowedips_node *node;
	void *best = NULL, *peer;

	if (!bitlen)
		return NULL;
	node = rcu_dereference_bh(*root_of(table, bitlen));
	while (node && prefix_matches(node, ip)) {
		peer = rcu_dereference_bh(node->peer);
		if (peer)
			best = peer;
		if (node->cidr == bitlen)
			break;
		node = rcu_dereference_bh(node->bit[bit_at(ip, node->cidr)]);
	}
	return best;
}

int wg_allowedips_walk_by_peer(struct wg_allowedips *table, void *peer,
			       unsigned long *cursor, wg_allowedips_walk_fn fn,
			       void *ctx)
{
	struct wg_allowedips_node *node;
	unsigned long i = 0;
	int ret;

	lockdep_assert_held(table->lock);
	list_for_each_entry(node, table->peer_list(peer), peer_list) {
		if (i++ < *cursor)
			continue;
		ret = fn(ctx, node->bitlen == 32 ? AF_INET : AF_INET6,
			 node->bits, node->cidr);
		if (ret) {
			*cursor = i - 1;
			return ret;
		}
	}
	*cursor = 0;
	return 0;
}

static void free_subtree(struct wg_allowedips *table,
			 struct wg_allowedips_node __rcu **slot)
{
	struct wg_allowedips_node *node = deref(table, *slot), *next;

	/*
	 * Iterative post-order walk using the parent pointers, so a deep trie
	 * (128 levels) costs no kernel stack.
	 */
	RCU_INIT_POINTER(*slot, NULL);
	while (node) {
		next = deref(table, node->bit[0]);
		if (!next)
			next = deref(table, node->bit[1]);
		if (next) {
			node = next;
			continue;
		}
		next = node->parent;
		if (next) {
			if (deref(table, next->bit[0]) == node)
				RCU_INIT_POINTER(next->bit[0], NULL);
			else
				RCU_INIT_POINTER(next->bit[1], NULL);
		}
		list_del(&node->peer_list);
		call_rcu(&node->rcu, free_node_rcu);
		node = next;
	}
}

void wg_allowedips_free(struct wg_allowedips *table)
{
	lockdep_assert_held(table->lock);
	++table->seq;
	free_subtree(table, &table->root4);
	free_subtree(table, &table->root6);
}

/*
 * Load-time selftest: fixed cases, then random inserts, re-parents and
 * removals checked against a linear longest-prefix reference.
 */
struct selftest_peer {
	struct list_head entries;
};

struct selftest_ref {
	u8 bits[16];
	u8 cidr, bitlen;
	u8 peer;
};

enum { SELFTEST_PEERS = 8, SELFTEST_REFS = 400, SELFTEST_OPS = 3000 };

struct selftest_ctx {
	struct wg_allowedips table;
	struct mutex lock;
	struct selftest_peer peers[SELFTEST_PEERS];
	struct selftest_ref ref[SELFTEST_REFS];
	unsigned int nref;
	u64 rng;
};

static struct list_head *selftest_peer_list(void *peer)
{
	return &((struct selftest_peer *)peer)->entries;
}

static u32 __init selftest_rand(struct selftest_ctx *c)
{
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return (u32)(c->rng >> 16);
}

static void *__init selftest_reference(struct selftest_ctx *c, unsigned int bitlen,
				       const u8 *ip)
{
	int best = -1, best_cidr = -1;
	unsigned int i;
	u8 m[16];

	for (i = 0; i < c->nref; ++i) {
		if (c->ref[i].bitlen != bitlen || (int)c->ref[i].cidr <= best_cidr)
			continue;
		mask_prefix(m, ip, c->ref[i].cidr, bitlen);
		if (!memcmp(m, c->ref[i].bits, 16)) {
			best = c->ref[i].peer;
			best_cidr = c->ref[i].cidr;
		}
	}
	return best < 0 ? NULL : &c->peers[best];
}

/* Random addresses near a few fixed bases, so prefixes nest. */
static void __init selftest_addr(struct selftest_ctx *c, u8 *ip,
				 unsigned int bitlen)
{
	static const u8 bases[3][16] = {
		{ 10, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8 },
		{ 192, 168, 1, 0, 0xfe, 0x80 },
		{ 0xff, 0xff, 0x80, 0, 0x2a, 0x00, 0x14, 0x50, 0x40, 0x01 },
	};
	unsigned int i, keep = selftest_rand(c) % (bitlen + 1);

	memcpy(ip, bases[selftest_rand(c) % 3], 16);
	for (i = keep; i < bitlen; ++i)
		if (selftest_rand(c) & 1)
			ip[i / 8] ^= (u8)(0x80 >> (i % 8));
}

bool __init wg_allowedips_selftest(void)
{
	struct selftest_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned int i, j, fails = 0, bitlen, cidr;
	int family;
	u8 ip[16], m[16];
	void *got;

	if (!c)
		return false;
	c->rng = 0x2545f4914f6cdd1dULL;
	mutex_init(&c->lock);
	for (i = 0; i < SELFTEST_PEERS; ++i)
		INIT_LIST_HEAD(&c->peers[i].entries);
	wg_allowedips_init(&c->table, &c->lock, selftest_peer_list);

	mutex_lock(&c->lock);
	for (i = 0; i < SELFTEST_OPS; ++i) {
		u32 op = selftest_rand(c) % 10;

		bitlen = (selftest_rand(c) & 1) ? 32 : 128;
		family = bitlen == 32 ? AF_INET : AF_INET6;
		if (op < 6 && c->nref < SELFTEST_REFS) {
			u8 peer = (u8)(selftest_rand(c) % SELFTEST_PEERS);

			selftest_addr(c, ip, bitlen);
			cidr = bitlen - selftest_rand(c) % (bitlen / 2 + 1);
			if (wg_allowedips_insert(&c->table, family, ip, (u8)cidr,
						 &c->peers[peer]))
				++fails;
			mask_prefix(m, ip, cidr, bitlen);
			for (j = 0; j < c->nref; ++j)
				if (c->ref[j].bitlen == bitlen &&
				    c->ref[j].cidr == cidr &&
				    !memcmp(c->ref[j].bits, m, 16))
					break;
			if (j == c->nref) {
				memcpy(c->ref[j].bits, m, 16);
				c->ref[j].cidr = (u8)cidr;
				c->ref[j].bitlen = (u8)bitlen;
				++c->nref;
			}
			c->ref[j].peer = peer; /* new, or re-parented */
		} else if (op < 8 && c->nref) {
			struct selftest_ref *r = &c->ref[selftest_rand(c) % c->nref];

			if (wg_allowedips_remove(&c->table,
						 r->bitlen == 32 ? AF_INET : AF_INET6,
						 r->bits, r->cidr,
						 &c->peers[r->peer]))
				++fails;
			*r = c->ref[--c->nref];
		} else {
			selftest_addr(c, ip, bitlen);
			/* the lookup's contract, even with the writer's lock held */
			rcu_read_lock_bh();
			got = wg_allowedips_lookup(&c->table, family, ip);
			rcu_read_unlock_bh();
			if (got != selftest_reference(c, bitlen, ip))
				++fails;
		}
	}
	/* remove a whole peer, then everything must still agree */
	wg_allowedips_remove_by_peer(&c->table, &c->peers[0]);
	for (i = 0; i < c->nref;) {
		if (c->ref[i].peer == 0)
			c->ref[i] = c->ref[--c->nref];
		else
			++i;
	}
	if (!list_empty(&c->peers[0].entries))
		++fails;
	for (i = 0; i < 500; ++i) {
		bitlen = (i & 1) ? 32 : 128;
		selftest_addr(c, ip, bitlen);
		rcu_read_lock_bh();
		got = wg_allowedips_lookup(&c->table,
					   bitlen == 32 ? AF_INET : AF_INET6, ip);
		rcu_read_unlock_bh();
		if (got != selftest_reference(c, bitlen, ip))
			++fails;
	}
	wg_allowedips_free(&c->table);
	for (i = 0; i < SELFTEST_PEERS; ++i)
		if (!list_empty(&c->peers[i].entries))
			++fails;
	mutex_unlock(&c->lock);
	rcu_barrier(); /* the freed nodes are gone before c is */
	mutex_destroy(&c->lock);
	kfree(c);
	if (fails)
		pr_err("wireguard: allowed-IPs selftest: %u failures\n", fails);
	return !fails;
}
