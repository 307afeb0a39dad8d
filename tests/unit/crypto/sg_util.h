/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Random scatterlists over one buffer, like an skb's after skb_to_sgvec:
 * fragments of random length, including 0- and 1-byte ones. Each fragment
 * lives in its own malloc'd block at a random misalignment, so ASan catches
 * any access past a fragment.
 */
#ifndef _WG_TEST_SG_UTIL_H
#define _WG_TEST_SG_UTIL_H

#include <linux/scatterlist.h>
#include "common.h"

enum { SG_MAX = 64 };

struct sg_buf {
	struct scatterlist sg[SG_MAX];
	void *mem[SG_MAX];
	unsigned int n;
};

/*
 * Splits data[0..len) over n fragments; returns 0 if it had to give up.
 * With odd_only every fragment starts at an odd address, so no access of
 * more than a byte is aligned.
 */
static inline int sg_buf_make_at(struct sg_buf *b, const unsigned char *data,
				 size_t len, int odd_only)
{
	size_t off = 0;
	unsigned int i, n, mode = (unsigned int)rng_below(4);

	memset(b, 0, sizeof(*b));
	n = 1 + (unsigned int)rng_below(SG_MAX - 1);
	sg_init_table(b->sg, n);
	for (i = 0; i < n; i++) {
		size_t left = len - off, flen;
		unsigned char *m;
		size_t mis = odd_only ? 1 + 2 * rng_below(8) : rng_below(16);

		if (i == n - 1)
			flen = left;
		else if (mode == 0)		/* tiny pieces: 0, 1, 2 bytes */
			flen = rng_below(3) < left ? rng_below(3) : left;
		else if (mode == 1)		/* anything */
			flen = rng_below(left + 1);
		else				/* block-ish with jitter */
			flen = left ? (rng_below(left / 2 + 2) | 1) % (left + 1) : 0;
		if (flen > left)
			flen = left;
		m = malloc(flen + mis + 1);
		if (!m)
			return 0;
		memcpy(m + mis, data + off, flen);
		b->mem[i] = m;
		sg_set_buf(&b->sg[i], m + mis, (unsigned int)flen);
		off += flen;
	}
	b->n = n;
	return 1;
}

static inline int sg_buf_make(struct sg_buf *b, const unsigned char *data,
			      size_t len)
{
	return sg_buf_make_at(b, data, len, 0);
}

static inline void sg_buf_read(struct sg_buf *b, unsigned char *out, size_t len)
{
	size_t got = sg_copy_to_buffer(b->sg, b->n, out, len);

	(void)got;
}

static inline void sg_buf_free(struct sg_buf *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++)
		free(b->mem[i]);
	b->n = 0;
}

#endif
