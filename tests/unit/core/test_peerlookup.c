// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "peerlookup.h"
#include "test.h"

struct towner {
	int refs;
	bool dying;
};

static bool owner_get(void *owner)
{
	struct towner *o = owner;

	if (o->dying)
		return false;
	++o->refs;
	return true;
}

static void owner_put(void *owner)
{
	--((struct towner *)owner)->refs;
}

static const struct wg_lookup_callbacks cb = { owner_get, owner_put };

static void index_table(void)
{
	enum { N = 20000 };
	struct wg_index_hashtable *t = wg_index_hashtable_alloc(&cb);
	struct wg_index_entry *e = calloc(N, sizeof(*e)), *found, spare;
	struct towner *owners = calloc(N, sizeof(*owners));
	unsigned long dup = 0, wrong = 0;
	void *owner;
	int i, j;

	for (i = 0; i < N; ++i) {
		e[i].owner = &owners[i];
		e[i].type = i % 2 ? WG_INDEX_KEYPAIR : WG_INDEX_HANDSHAKE;
		INIT_HLIST_NODE(&e[i].hash);
		wg_index_hashtable_insert(t, &e[i]);
	}
	/* unique indices (a sorted copy would do; N is small enough) */
	for (i = 0; i < N; i += 97)
		for (j = 0; j < N; ++j)
			dup += i != j && e[i].index == e[j].index;
	CHECK(dup == 0);
	for (i = 0; i < N; ++i) {
		found = wg_index_hashtable_lookup(t, e[i].type, e[i].index, &owner);
		if (found != &e[i] || owner != &owners[i])
			++wrong;
		else
			owner_put(owner);
		/* the type mask filters */
		found = wg_index_hashtable_lookup(t, e[i].type ^ 3, e[i].index, &owner);
		wrong += found != NULL;
	}
	CHECK(wrong == 0);
	for (i = 0; i < N; ++i)
		wrong += owners[i].refs != 0;
	CHECK(wrong == 0);

	/* a dying owner is not handed out */
	owners[5].dying = true;
	CHECK(!wg_index_hashtable_lookup(t, WG_INDEX_KEYPAIR, e[5].index, &owner));
	owners[5].dying = false;

	/* replace: the new entry answers for the old index */
	memset(&spare, 0, sizeof(spare));
	spare.owner = &owners[7];
	spare.type = WG_INDEX_KEYPAIR;
	CHECK(wg_index_hashtable_replace(t, &e[6], &spare));
	CHECK(spare.index == e[6].index);
	found = wg_index_hashtable_lookup(t, WG_INDEX_KEYPAIR, spare.index, &owner);
	CHECK(found == &spare && owner == &owners[7]);
	if (found)
		owner_put(owner);
	CHECK(!wg_index_hashtable_replace(t, &e[6], &spare)); /* e[6] is out */

	/* remove */
	wg_index_hashtable_remove(t, &e[9]);
	CHECK(!wg_index_hashtable_lookup(t, WG_INDEX_KEYPAIR, e[9].index, &owner));
	wg_index_hashtable_remove(t, &e[9]); /* twice is harmless */
	/* re-insertion picks a new index */
	wg_index_hashtable_insert(t, &e[8]);
	found = wg_index_hashtable_lookup(t, WG_INDEX_HANDSHAKE, e[8].index, &owner);
	CHECK(found == &e[8]);
	if (found)
		owner_put(owner);

	wg_index_hashtable_free(t);
	free(e);
	free(owners);
}

static void pubkey_table(void)
{
	enum { N = 3000 };
	struct wg_pubkey_hashtable *t = wg_pubkey_hashtable_alloc(&cb);
	struct wg_pubkey_entry *e = calloc(N, sizeof(*e));
	struct towner *owners = calloc(N, sizeof(*owners));
	u8 (*keys)[32] = calloc(N, 32), other[32];
	unsigned long wrong = 0;
	int i;

	for (i = 0; i < N; ++i) {
		test_rand_bytes(keys[i], 32);
		e[i].public_key = keys[i];
		e[i].owner = &owners[i];
		wg_pubkey_hashtable_add(t, &e[i]);
	}
	for (i = 0; i < N; ++i) {
		if (wg_pubkey_hashtable_lookup(t, keys[i]) != &e[i])
			++wrong;
		else
			owner_put(&owners[i]);
	}
	CHECK(wrong == 0);
	memcpy(other, keys[3], 32);
	other[31] ^= 1;
	CHECK(!wg_pubkey_hashtable_lookup(t, other));
	wg_pubkey_hashtable_remove(t, &e[3]);
	CHECK(!wg_pubkey_hashtable_lookup(t, keys[3]));
	owners[4].dying = true;
	CHECK(!wg_pubkey_hashtable_lookup(t, keys[4]));
	for (i = 0; i < N; ++i)
		wrong += owners[i].refs != 0;
	CHECK(wrong == 0);
	wg_pubkey_hashtable_free(t);
	free(e);
	free(owners);
	free(keys);
}

void test_peerlookup(void)
{
	index_table();
	pubkey_table();
}
