// SPDX-License-Identifier: GPL-2.0
/*
 * Allowed-IPs operations against a linear reference. Each op is 1 byte of
 * opcode (op, family, peer) then 1 byte of cidr and 16 of address; lookups
 * must agree with the longest matching reference prefix, or it traps.
 */
#include <string.h>
#include "fuzz.h"
#include "allowedips.h"

struct fpeer {
	struct list_head list;
};

static struct list_head *peer_list(void *peer)
{
	return &((struct fpeer *)peer)->list;
}

enum { NPEERS = 4, MAXREF = 512 };
static struct fpeer peers[NPEERS];
static DEFINE_MUTEX(lock);

struct ref {
	u8 bitlen, cidr, bits[16];
	int peer;
};

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ref ref[MAXREF];
	static bool cache_ready;
	struct wg_allowedips table;
	unsigned int nref = 0, i, bitlen, cidr;
	size_t off;
	u8 m[16];

	if (!cache_ready && !wg_allowedips_slab_init())
		cache_ready = true;
	for (i = 0; i < NPEERS; ++i)
		INIT_LIST_HEAD(&peers[i].list);
	wg_allowedips_init(&table, &lock, peer_list);
	mutex_lock(&lock);
	for (off = 0; off + 18 <= size; off += 18) {
		u8 op = data[off];
		const u8 *ip = data + off + 2;
		int peer = (op >> 4) % NPEERS, family, j, best = -1, bestc = -1;
		void *got;

		bitlen = (op & 8) ? 128 : 32;
		family = bitlen == 32 ? AF_INET : AF_INET6;
		cidr = data[off + 1] % (bitlen + 1);
		mask(m, ip, cidr, bitlen);
		switch (op & 3) {
		case 0: /* insert (or re-parent) */
			if (nref == MAXREF)
				break;
			if (wg_allowedips_insert(&table, family, ip, (u8)cidr,
						 &peers[peer]))
				__builtin_trap();
			for (i = 0; i < nref; ++i)
				if (ref[i].bitlen == bitlen && ref[i].cidr == cidr &&
				    !memcmp(ref[i].bits, m, 16))
					break;
			if (i == nref) {
				ref[nref].bitlen = (u8)bitlen;
				ref[nref].cidr = (u8)cidr;
				memcpy(ref[nref].bits, m, 16);
				++nref;
			}
			ref[i].peer = peer;
			break;
		case 1: /* remove one */
			j = wg_allowedips_remove(&table, family, ip, (u8)cidr,
						 &peers[peer]);
			for (i = 0; i < nref; ++i)
				if (ref[i].bitlen == bitlen && ref[i].cidr == cidr &&
				    !memcmp(ref[i].bits, m, 16) && ref[i].peer == peer)
					break;
			if ((i < nref) != (j == 0))
				__builtin_trap();
			if (i < nref)
				ref[i] = ref[--nref];
			break;
		case 2: /* remove a peer */
			wg_allowedips_remove_by_peer(&table, &peers[peer]);
			for (i = 0; i < nref;) {
				if (ref[i].peer == peer)
					ref[i] = ref[--nref];
				else
					++i;
			}
			break;
		case 3: /* lookup */
			got = wg_allowedips_lookup(&table, family, ip);
			for (i = 0; i < nref; ++i) {
				mask(m, ip, ref[i].cidr, bitlen);
				if (ref[i].bitlen == bitlen && ref[i].cidr > bestc &&
				    !memcmp(ref[i].bits, m, 16)) {
					bestc = ref[i].cidr;
					best = ref[i].peer;
				}
			}
			if (got != (best < 0 ? NULL : (void *)&peers[best]))
				__builtin_trap();
			break;
		}
	}
	wg_allowedips_free(&table);
	mutex_unlock(&lock);
	for (i = 0; i < NPEERS; ++i)
		if (!list_empty(&peers[i].list))
			__builtin_trap();
	return 0;
}
