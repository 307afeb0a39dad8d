// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/socket.h>
#include "allowedips.h"
#include "test.h"

struct tpeer {
	struct list_head allowedips_list;
	int id;
};

static struct list_head *peer_list(void *peer)
{
	return &((struct tpeer *)peer)->allowedips_list;
}

static DEFINE_MUTEX(table_lock);
static struct wg_allowedips table;

enum { NPEERS = 64 };
static struct tpeer peers[NPEERS];

static void setup(void)
{
	int i;

	for (i = 0; i < NPEERS; ++i) {
		INIT_LIST_HEAD(&peers[i].allowedips_list);
		peers[i].id = i;
	}
	wg_allowedips_init(&table, &table_lock, peer_list);
}

static void teardown(void)
{
	int i;

	mutex_lock(&table_lock);
	wg_allowedips_free(&table);
	mutex_unlock(&table_lock);
	for (i = 0; i < NPEERS; ++i)
		CHECK(list_empty(&peers[i].allowedips_list));
}

static int insert4(const char *ip, u8 cidr, struct tpeer *peer)
{
	u8 a[4];
	int ret;

	inet_pton(AF_INET, ip, a);
	mutex_lock(&table_lock);
	ret = wg_allowedips_insert(&table, AF_INET, a, cidr, peer);
	mutex_unlock(&table_lock);
	return ret;
}

static int insert6(const char *ip, u8 cidr, struct tpeer *peer)
{
	u8 a[16];
	int ret;

	inet_pton(AF_INET6, ip, a);
	mutex_lock(&table_lock);
	ret = wg_allowedips_insert(&table, AF_INET6, a, cidr, peer);
	mutex_unlock(&table_lock);
	return ret;
}

static int remove4(const char *ip, u8 cidr, struct tpeer *peer)
{
	u8 a[4];
	int ret;

	inet_pton(AF_INET, ip, a);
	mutex_lock(&table_lock);
	ret = wg_allowedips_remove(&table, AF_INET, a, cidr, peer);
	mutex_unlock(&table_lock);
	return ret;
}

static struct tpeer *lookup4(const char *ip)
{
	u8 a[4];
	void *p;

	inet_pton(AF_INET, ip, a);
	rcu_read_lock_bh();
	p = wg_allowedips_lookup(&table, AF_INET, a);
	rcu_read_unlock_bh();
	return p;
}

static struct tpeer *lookup6(const char *ip)
{
	u8 a[16];
	void *p;

	inet_pton(AF_INET6, ip, a);
	rcu_read_lock_bh();
	p = wg_allowedips_lookup(&table, AF_INET6, a);
	rcu_read_unlock_bh();
	return p;
}

static int count_cb(void *ctx, int family, const u8 *ip, u8 cidr)
{
	(void)family; (void)ip; (void)cidr;
	++*(int *)ctx;
	return 0;
}

static int count_entries(struct tpeer *peer)
{
	unsigned long cursor = 0;
	int n = 0;

	mutex_lock(&table_lock);
	wg_allowedips_walk_by_peer(&table, peer, &cursor, count_cb, &n);
	mutex_unlock(&table_lock);
	return n;
}

static void fixed_cases(void)
{
	struct tpeer *a = &peers[0], *b = &peers[1], *c = &peers[2],
		     *d = &peers[3], *e = &peers[4];

	setup();
	CHECK(!lookup4("10.0.0.1"));
	CHECK(insert4("192.168.4.0", 24, a) == 0);
	CHECK(insert4("192.168.4.4", 32, b) == 0);
	CHECK(insert4("192.168.0.0", 16, c) == 0);
	CHECK(insert4("192.95.5.64", 27, d) == 0);
	CHECK(insert4("192.95.5.65", 27, d) == 0); /* same prefix, host bits */
	CHECK(insert4("0.0.0.0", 0, e) == 0);
	CHECK(insert4("1.2.3.4", 33, a) == -EINVAL);
	CHECK(insert6("2001:db8::", 32, a) == 0);
	CHECK(insert6("2001:db8:1::", 48, b) == 0);
	CHECK(insert6("2001:db8:1::1", 128, c) == 0);
	CHECK(insert6("::", 0, d) == 0);

	CHECK(lookup4("192.168.4.20") == a);
	CHECK(lookup4("192.168.4.4") == b);
	CHECK(lookup4("192.168.200.182") == c);
	CHECK(lookup4("192.95.5.68") == d);
	CHECK(lookup4("192.95.5.96") == e);
	CHECK(lookup4("8.8.8.8") == e);
	CHECK(lookup6("2001:db8:2::5") == a);
	CHECK(lookup6("2001:db8:1::5") == b);
	CHECK(lookup6("2001:db8:1::1") == c);
	CHECK(lookup6("fe80::1") == d);
	CHECK(count_entries(d) == 2);	/* 192.95.5.64/27 once, and ::/0 */

	/* re-parenting moves the entry between the peers' lists */
	CHECK(insert4("192.168.4.0", 24, e) == 0);
	CHECK(lookup4("192.168.4.20") == e);
	CHECK(count_entries(a) == 1);
	CHECK(count_entries(e) == 2);

	/* remove one entry: only if it is that peer's */
	CHECK(remove4("192.168.4.4", 32, a) == -ENOENT);
	CHECK(remove4("192.168.4.4", 31, b) == -ENOENT);
	CHECK(remove4("192.168.4.4", 32, b) == 0);
	CHECK(lookup4("192.168.4.4") == e);
	CHECK(remove4("192.168.4.4", 32, b) == -ENOENT);

	/* remove all of a peer */
	mutex_lock(&table_lock);
	wg_allowedips_remove_by_peer(&table, e);
	mutex_unlock(&table_lock);
	CHECK(lookup4("192.168.4.20") == c);
	CHECK(lookup4("8.8.8.8") == NULL);
	CHECK(count_entries(e) == 0);
	CHECK(lookup6("fe80::1") == d);
	teardown();
}

/* The naive reference: a hash set of (bitlen, cidr, masked prefix) -> peer. */
struct ref_entry {
	u8 used;		/* 0 empty, 1 live, 2 deleted */
	u8 bitlen, cidr;
	u8 bits[16];
	int peer;
	unsigned int live_idx;
};

enum { REF_SIZE = 1 << 20 };
static struct ref_entry *ref;
static unsigned int *live;	/* indices into ref of the live entries */
static unsigned int nlive;

static void mask(u8 *dst, const u8 *src, unsigned int cidr, unsigned int bitlen)
{
	unsigned int i;

	memset(dst, 0, 16);
	for (i = 0; i < bitlen / 8; ++i) {
		if (cidr >= 8 * (i + 1))
			dst[i] = src[i];
		else if (cidr > 8 * i)
			dst[i] = src[i] & (u8)(0xff << (8 - (cidr - 8 * i)));
	}
}

static unsigned int ref_hash(unsigned int bitlen, unsigned int cidr,
			     const u8 *bits)
{
	u64 h = bitlen * 131 + cidr;
	unsigned int i;

	for (i = 0; i < 16; ++i)
		h = (h ^ bits[i]) * 0x100000001b3ULL;
	return (unsigned int)(h ^ (h >> 29)) & (REF_SIZE - 1);
}

static struct ref_entry *ref_find(unsigned int bitlen, unsigned int cidr,
				  const u8 *bits, bool create)
{
	unsigned int h = ref_hash(bitlen, cidr, bits);
	struct ref_entry *tomb = NULL;

	for (;; h = (h + 1) & (REF_SIZE - 1)) {
		struct ref_entry *r = &ref[h];

		if (r->used == 0) {
			if (!create)
				return NULL;
			if (tomb)
				r = tomb;
			r->bitlen = bitlen;
			r->cidr = cidr;
			memcpy(r->bits, bits, 16);
			r->peer = -1;
			return r;
		}
		if (r->used == 2) {
			if (!tomb)
				tomb = r;
			continue;
		}
		if (r->bitlen == bitlen && r->cidr == cidr &&
		    !memcmp(r->bits, bits, 16))
			return r;
	}
}

static void ref_set(unsigned int bitlen, unsigned int cidr, const u8 *bits,
		    int peer)
{
	struct ref_entry *r = ref_find(bitlen, cidr, bits, true);

	if (r->used != 1) {
		r->used = 1;
		r->live_idx = nlive;
		live[nlive++] = (unsigned int)(r - ref);
	}
	r->peer = peer;
}

static void ref_del(struct ref_entry *r)
{
	unsigned int idx = r->live_idx;

	r->used = 2;
	live[idx] = live[--nlive];
	ref[live[idx]].live_idx = idx;
}

static int ref_lookup(unsigned int bitlen, const u8 *ip)
{
	u8 m[16];
	int cidr;

	for (cidr = (int)bitlen; cidr >= 0; --cidr) {
		struct ref_entry *r;

		mask(m, ip, (unsigned int)cidr, bitlen);
		r = ref_find(bitlen, (unsigned int)cidr, m, false);
		if (r && r->used == 1)
			return r->peer;
	}
	return -1;
}

/* Addresses clustered around a few bases, so prefixes nest and overlap. */
static u8 bases[2][8][16];

static void random_addr(u8 *ip, unsigned int bitlen)
{
	unsigned int fam = bitlen == 128, keep, i;
	u8 rnd[16];

	memcpy(ip, bases[fam][test_rand() % 8], 16);
	test_rand_bytes(rnd, sizeof(rnd));
	keep = (unsigned int)(test_rand() % (bitlen + 1));
	for (i = keep; i < bitlen; ++i) {
		if ((rnd[i / 8] >> (i % 8)) & 1)
			ip[i / 8] ^= (u8)(0x80 >> (i % 8));
	}
}

static unsigned int random_cidr(unsigned int bitlen)
{
	/* mostly long prefixes, some short ones */
	if (test_rand() % 4 == 0)
		return (unsigned int)(test_rand() % (bitlen + 1));
	return bitlen - (unsigned int)(test_rand() % (bitlen / 4 + 1));
}

/* Structure: prefixes nest, children sit on the right side, joins join. */
static unsigned long check_node(struct wg_allowedips_node *node,
				struct wg_allowedips_node *parent, bool *ok)
{
	unsigned long n = 1;
	int i;

	if (node->parent != parent)
		*ok = false;
	if (parent) {
		u8 m[16];
		unsigned int b = parent->cidr;

		mask(m, node->bits, parent->cidr, node->bitlen);
		if (node->cidr <= parent->cidr ||
		    memcmp(m, parent->bits, 16) ||
		    parent->bit[(node->bits[b / 8] >> (7 - b % 8)) & 1] != node)
			*ok = false;
	}
	if (!node->peer && !(node->bit[0] && node->bit[1]))
		*ok = false;
	for (i = 0; i < 2; ++i)
		if (node->bit[i])
			n += check_node(node->bit[i], node, ok);
	return n;
}

struct walk_ctx {
	int peer;
	unsigned long n, in_msg, budget;
	bool ok;
};

static int walk_check(void *c, int family, const u8 *ip, u8 cidr)
{
	struct walk_ctx *ctx = c;
	unsigned int bitlen = family == AF_INET ? 32 : 128;
	struct ref_entry *r;

	/* the "message" is full: this entry must come again next time */
	if (ctx->in_msg == ctx->budget)
		return 1;
	++ctx->in_msg;
	r = ref_find(bitlen, cidr, ip, false);
	if (!r || r->used != 1 || r->peer != ctx->peer)
		ctx->ok = false;
	++ctx->n;
	return 0;
}

static void random_against_reference(void)
{
	unsigned long i, lookups = 0, mismatches = 0, inserts = 0, removes = 0,
		      reparents = 0, peer_removes = 0, nodes;
	unsigned int bitlen, cidr;
	struct walk_ctx ctx;
	u8 ip[16], m[16];
	bool ok = true;
	int p, j;

	ref = calloc(REF_SIZE, sizeof(*ref));
	live = calloc(REF_SIZE, sizeof(*live));
	nlive = 0;
	test_rand_seed(1234);
	for (i = 0; i < 2 * 8 * 16; ++i)
		((u8 *)bases)[i] = (u8)test_rand();
	setup();

	for (i = 0; i < 260000; ++i) {
		u64 op = test_rand() % 100;

		bitlen = (test_rand() & 1) ? 32 : 128;
		if (op < 70 || !nlive) {
			random_addr(ip, bitlen);
			cidr = random_cidr(bitlen);
			p = (int)(test_rand() % NPEERS);
			mutex_lock(&table_lock);
			j = wg_allowedips_insert(&table, bitlen == 32 ? AF_INET : AF_INET6,
						 ip, (u8)cidr, &peers[p]);
			mutex_unlock(&table_lock);
			CHECK(j == 0);
			mask(m, ip, cidr, bitlen);
			ref_set(bitlen, cidr, m, p);
			++inserts;
		} else if (op < 85) {
			struct ref_entry *r = &ref[live[test_rand() % nlive]];

			mutex_lock(&table_lock);
			j = wg_allowedips_remove(&table, r->bitlen == 32 ? AF_INET : AF_INET6,
						 r->bits, r->cidr, &peers[r->peer]);
			mutex_unlock(&table_lock);
			if (j) {
				CHECK(j == 0);
				break;
			}
			ref_del(r);
			++removes;
		} else if (op < 99) {
			/* re-parent an existing entry to another peer */
			struct ref_entry *r = &ref[live[test_rand() % nlive]];

			p = (int)(test_rand() % NPEERS);
			mutex_lock(&table_lock);
			j = wg_allowedips_insert(&table, r->bitlen == 32 ? AF_INET : AF_INET6,
						 r->bits, r->cidr, &peers[p]);
			mutex_unlock(&table_lock);
			CHECK(j == 0);
			r->peer = p;
			++reparents;
		} else if (test_rand() % 20 == 0) {
			unsigned int k;

			p = (int)(test_rand() % NPEERS);
			mutex_lock(&table_lock);
			wg_allowedips_remove_by_peer(&table, &peers[p]);
			mutex_unlock(&table_lock);
			for (k = 0; k < nlive;) {
				if (ref[live[k]].peer == p)
					ref_del(&ref[live[k]]);
				else
					++k;
			}
			++peer_removes;
		}

		if (i % 1000 == 999) {
			for (j = 0; j < 300; ++j) {
				struct tpeer *got;
				int want;

				bitlen = (test_rand() & 1) ? 32 : 128;
				random_addr(ip, bitlen);
				want = ref_lookup(bitlen, ip);
				rcu_read_lock_bh();
				got = wg_allowedips_lookup(&table, bitlen == 32 ? AF_INET : AF_INET6, ip);
				rcu_read_unlock_bh();
				++lookups;
				if ((got ? got->id : -1) != want)
					++mismatches;
			}
		}
		if (i % 50000 == 49999) {
			nodes = 0;
			if (table.root4)
				nodes += check_node(table.root4, NULL, &ok);
			if (table.root6)
				nodes += check_node(table.root6, NULL, &ok);
			CHECK(ok);
			CHECK(nodes >= nlive && nodes <= 2 * nlive);
		}
	}
	CHECK(mismatches == 0);
	CHECK(inserts > 100000);

	/* every peer's walk gives exactly its entries, also when resumed */
	for (p = 0; p < NPEERS; ++p) {
		unsigned long cursor = 0, want = 0, k;
		int rounds = 0;

		for (k = 0; k < nlive; ++k)
			want += ref[live[k]].peer == p;
		ctx.peer = p;
		ctx.n = 0;
		ctx.ok = true;
		ctx.budget = 1 + (unsigned long)p % 7;
		mutex_lock(&table_lock);
		do {
			ctx.in_msg = 0;
			++rounds;
		} while (wg_allowedips_walk_by_peer(&table, &peers[p], &cursor,
						    walk_check, &ctx) &&
			 rounds < 100000);
		mutex_unlock(&table_lock);
		CHECK(ctx.ok);
		CHECK(ctx.n == want);
	}
	printf("  allowedips: %lu inserts, %lu removes, %lu re-parents, %lu peer removals, %lu lookups vs reference, %u live at end\n",
	       inserts, removes, reparents, peer_removes, lookups, nlive);
	teardown();
	free(ref);
	free(live);
}

void test_allowedips(void)
{
	fixed_cases();
	random_against_reference();
}
