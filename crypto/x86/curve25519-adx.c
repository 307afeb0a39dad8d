// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * X25519 (RFC 7748) for x86_64 CPUs with BMI2 (mulx) and ADX (adcx/adox).
 *
 * Field elements are 4 limbs of 64 bits, kept modulo 2p = 2^256 - 38 and
 * only partially reduced (any value below 2^256): 2^256 = 38 (mod p), so a
 * 512-bit product folds its high half back with one multiply by 38. Only
 * the output is reduced fully below p.
 *
 * The products use mulx, which leaves the flags alone, and two independent
 * carry chains (adcx on CF for the low halves, adox on OF for the high
 * halves), so one row of a schoolbook product costs four mulx and eight
 * additions with no carry bookkeeping in between. General registers only:
 * no SIMD state is touched, so no kernel_fpu_begin() is needed and this
 * file is built with the kernel's normal flags.
 *
 * Constant time: the same instruction sequence for every input; the ladder
 * swaps with a mask, never a branch; the inversion is a fixed chain.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <wg/compat.h>
#include "x86.h"

#ifdef __WG_USERSPACE
#ifdef WG_CT_CHECK
#include <valgrind/valgrind.h>
#endif
#else
#include <asm/cpufeature.h>
#endif

typedef u64 fe4[4];

/*
 * The high half t4..t7 of a 512-bit value, times 38, added into the low
 * half t0..t3; then the carry word, times 38, folded in once more. Expects
 * %%rdx; leaves a value below 2^256 in t0..t3.
 */
#define FE_REDUCE							\
	"movl $38, %%edx\n\t"						\
	"xorl %k[lo], %k[lo]\n\t"	/* CF = OF = 0 */		\
	"mulx %[t4], %[lo], %[hi]\n\t"					\
	"adcx %[lo], %[t0]\n\t"						\
	"adox %[hi], %[t1]\n\t"						\
	"mulx %[t5], %[lo], %[hi]\n\t"					\
	"adcx %[lo], %[t1]\n\t"						\
	"adox %[hi], %[t2]\n\t"						\
	"mulx %[t6], %[lo], %[hi]\n\t"					\
	"adcx %[lo], %[t2]\n\t"						\
	"adox %[hi], %[t3]\n\t"						\
	"mulx %[t7], %[lo], %[t4]\n\t"					\
	"adcx %[lo], %[t3]\n\t"						\
	"movl $0, %%edx\n\t"						\
	"adox %%rdx, %[t4]\n\t"					\
	"adcx %%rdx, %[t4]\n\t"	/* t4 <= 39: the 2^256 carries */ \
	"imul $38, %[t4], %[t4]\n\t"					\
	"addq %[t4], %[t0]\n\t"						\
	"adcq $0, %[t1]\n\t"						\
	"adcq $0, %[t2]\n\t"						\
	"adcq $0, %[t3]\n\t"						\
	/* a last carry leaves t0 < 38 * 40: adding 38 cannot carry */	\
	"sbbq %[t4], %[t4]\n\t"						\
	"andq $38, %[t4]\n\t"						\
	"addq %[t4], %[t0]\n\t"

/* h = f * g (mod 2^256 - 38); h may alias f or g */
static __always_inline void fe_mul(fe4 h, const fe4 f, const fe4 g)
{
	u64 t0, t1, t2, t3, t4, t5, t6, t7, lo, hi, rdx;

	asm(/* row 0: f0 * g */
	    "xorl %k[lo], %k[lo]\n\t"	/* CF = OF = 0 */
	    "movq (%[f]), %%rdx\n\t"
	    "mulx (%[g]), %[t0], %[t1]\n\t"
	    "mulx 8(%[g]), %[lo], %[t2]\n\t"
	    "adcx %[lo], %[t1]\n\t"
	    "mulx 16(%[g]), %[lo], %[t3]\n\t"
	    "adcx %[lo], %[t2]\n\t"
	    "mulx 24(%[g]), %[lo], %[t4]\n\t"
	    "adcx %[lo], %[t3]\n\t"
	    "movl $0, %%edx\n\t"
	    "adcx %%rdx, %[t4]\n\t"
	    /* row 1: f1 * g added at limb 1 */
	    "movq 8(%[f]), %%rdx\n\t"
	    "xorl %k[lo], %k[lo]\n\t"
	    "mulx (%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t1]\n\t"
	    "adox %[hi], %[t2]\n\t"
	    "mulx 8(%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t2]\n\t"
	    "adox %[hi], %[t3]\n\t"
	    "mulx 16(%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t3]\n\t"
	    "adox %[hi], %[t4]\n\t"
	    "mulx 24(%[g]), %[lo], %[t5]\n\t"
	    "adcx %[lo], %[t4]\n\t"
	    "movl $0, %%edx\n\t"
	    "adox %%rdx, %[t5]\n\t"
	    "adcx %%rdx, %[t5]\n\t"
	    /* row 2 */
	    "movq 16(%[f]), %%rdx\n\t"
	    "xorl %k[lo], %k[lo]\n\t"
	    "mulx (%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t2]\n\t"
	    "adox %[hi], %[t3]\n\t"
	    "mulx 8(%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t3]\n\t"
	    "adox %[hi], %[t4]\n\t"
	    "mulx 16(%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t4]\n\t"
	    "adox %[hi], %[t5]\n\t"
	    "mulx 24(%[g]), %[lo], %[t6]\n\t"
	    "adcx %[lo], %[t5]\n\t"
	    "movl $0, %%edx\n\t"
	    "adox %%rdx, %[t6]\n\t"
	    "adcx %%rdx, %[t6]\n\t"
	    /* row 3 */
	    "movq 24(%[f]), %%rdx\n\t"
	    "xorl %k[lo], %k[lo]\n\t"
	    "mulx (%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t3]\n\t"
	    "adox %[hi], %[t4]\n\t"
	    "mulx 8(%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t4]\n\t"
	    "adox %[hi], %[t5]\n\t"
	    "mulx 16(%[g]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t5]\n\t"
	    "adox %[hi], %[t6]\n\t"
	    "mulx 24(%[g]), %[lo], %[t7]\n\t"
	    "adcx %[lo], %[t6]\n\t"
	    "movl $0, %%edx\n\t"
	    "adox %%rdx, %[t7]\n\t"
	    "adcx %%rdx, %[t7]\n\t"
	    FE_REDUCE
	    : [t0] "=&r" (t0), [t1] "=&r" (t1), [t2] "=&r" (t2),
	      [t3] "=&r" (t3), [t4] "=&r" (t4), [t5] "=&r" (t5),
	      [t6] "=&r" (t6), [t7] "=&r" (t7), [lo] "=&r" (lo),
	      [hi] "=&r" (hi), "=&d" (rdx)
	    : [f] "r" (f), [g] "r" (g),
	      "m" (*(const u64 (*)[4])f), "m" (*(const u64 (*)[4])g)
	    : "cc");
	h[0] = t0;
	h[1] = t1;
	h[2] = t2;
	h[3] = t3;
}

/*
 * h = f^2: the six cross products once, doubled, plus the four squares;
 * 10 multiplications instead of 16.
 */
static __always_inline void fe_sq(fe4 h, const fe4 f)
{
	u64 t0, t1, t2, t3, t4, t5, t6, t7, lo, hi, rdx;

	asm(/* cross products f0 * (f1, f2, f3) at limbs 1..4 */
	    "xorl %k[lo], %k[lo]\n\t"	/* CF = OF = 0 */
	    "movq (%[f]), %%rdx\n\t"
	    "mulx 8(%[f]), %[t1], %[t2]\n\t"
	    "mulx 16(%[f]), %[lo], %[t3]\n\t"
	    "adcx %[lo], %[t2]\n\t"
	    "mulx 24(%[f]), %[lo], %[t4]\n\t"
	    "adcx %[lo], %[t3]\n\t"
	    "movl $0, %%edx\n\t"
	    "adcx %%rdx, %[t4]\n\t"
	    /* f1 * (f2, f3) at limbs 3..5 */
	    "movq 8(%[f]), %%rdx\n\t"
	    "mulx 16(%[f]), %[lo], %[hi]\n\t"
	    "adcx %[lo], %[t3]\n\t"
	    "adox %[hi], %[t4]\n\t"
	    "mulx 24(%[f]), %[lo], %[t5]\n\t"
	    "adcx %[lo], %[t4]\n\t"
	    "movl $0, %%edx\n\t"
	    "adox %%rdx, %[t5]\n\t"
	    "adcx %%rdx, %[t5]\n\t"
	    /* f2 * f3 at limbs 5..6 */
	    "movq 16(%[f]), %%rdx\n\t"
	    "mulx 24(%[f]), %[lo], %[t6]\n\t"
	    "adcx %[lo], %[t5]\n\t"
	    "adcq $0, %[t6]\n\t"
	    /*
	     * doubled (adcx t, t on CF) while the squares f_i^2 go in at
	     * limbs 2i, 2i + 1 (adox on OF): two chains side by side
	     */
	    "xorl %k[lo], %k[lo]\n\t"
	    "movq (%[f]), %%rdx\n\t"
	    "mulx %%rdx, %[t0], %[hi]\n\t"
	    "adcx %[t1], %[t1]\n\t"
	    "adox %[hi], %[t1]\n\t"
	    "movq 8(%[f]), %%rdx\n\t"
	    "mulx %%rdx, %[lo], %[hi]\n\t"
	    "adcx %[t2], %[t2]\n\t"
	    "adox %[lo], %[t2]\n\t"
	    "adcx %[t3], %[t3]\n\t"
	    "adox %[hi], %[t3]\n\t"
	    "movq 16(%[f]), %%rdx\n\t"
	    "mulx %%rdx, %[lo], %[hi]\n\t"
	    "adcx %[t4], %[t4]\n\t"
	    "adox %[lo], %[t4]\n\t"
	    "adcx %[t5], %[t5]\n\t"
	    "adox %[hi], %[t5]\n\t"
	    "movq 24(%[f]), %%rdx\n\t"
	    "mulx %%rdx, %[lo], %[t7]\n\t"
	    "adcx %[t6], %[t6]\n\t"
	    "adox %[lo], %[t6]\n\t"
	    "movl $0, %%edx\n\t"
	    "adcx %%rdx, %[t7]\n\t"
	    "adox %%rdx, %[t7]\n\t"
	    FE_REDUCE
	    : [t0] "=&r" (t0), [t1] "=&r" (t1), [t2] "=&r" (t2),
	      [t3] "=&r" (t3), [t4] "=&r" (t4), [t5] "=&r" (t5),
	      [t6] "=&r" (t6), [t7] "=&r" (t7), [lo] "=&r" (lo),
	      [hi] "=&r" (hi), "=&d" (rdx)
	    : [f] "r" (f), "m" (*(const u64 (*)[4])f)
	    : "cc");
	h[0] = t0;
	h[1] = t1;
	h[2] = t2;
	h[3] = t3;
}

/* h = f + g (mod 2^256 - 38) */
static __always_inline void fe_add(fe4 h, const fe4 f, const fe4 g)
{
	u64 t0 = f[0], t1 = f[1], t2 = f[2], t3 = f[3], m;

	asm("addq %[g0], %[t0]\n\t"
	    "adcq %[g1], %[t1]\n\t"
	    "adcq %[g2], %[t2]\n\t"
	    "adcq %[g3], %[t3]\n\t"
	    /* a carry is 2^256 = 38 */
	    "sbbq %[m], %[m]\n\t"
	    "andq $38, %[m]\n\t"
	    "addq %[m], %[t0]\n\t"
	    "adcq $0, %[t1]\n\t"
	    "adcq $0, %[t2]\n\t"
	    "adcq $0, %[t3]\n\t"
	    /* once more: then t0 < 76, so adding 38 cannot carry */
	    "sbbq %[m], %[m]\n\t"
	    "andq $38, %[m]\n\t"
	    "addq %[m], %[t0]\n\t"
	    : [t0] "+&r" (t0), [t1] "+&r" (t1), [t2] "+&r" (t2),
	      [t3] "+&r" (t3), [m] "=&r" (m)
	    : [g0] "m" (g[0]), [g1] "m" (g[1]), [g2] "m" (g[2]),
	      [g3] "m" (g[3])
	    : "cc");
	h[0] = t0;
	h[1] = t1;
	h[2] = t2;
	h[3] = t3;
}

/* h = f - g (mod 2^256 - 38) */
static __always_inline void fe_sub(fe4 h, const fe4 f, const fe4 g)
{
	u64 t0 = f[0], t1 = f[1], t2 = f[2], t3 = f[3], m;

	asm("subq %[g0], %[t0]\n\t"
	    "sbbq %[g1], %[t1]\n\t"
	    "sbbq %[g2], %[t2]\n\t"
	    "sbbq %[g3], %[t3]\n\t"
	    /* a borrow added 2^256 = 38: take 38 off */
	    "sbbq %[m], %[m]\n\t"
	    "andq $38, %[m]\n\t"
	    "subq %[m], %[t0]\n\t"
	    "sbbq $0, %[t1]\n\t"
	    "sbbq $0, %[t2]\n\t"
	    "sbbq $0, %[t3]\n\t"
	    /* once more: then t0 >= 2^64 - 37, so taking 38 cannot borrow */
	    "sbbq %[m], %[m]\n\t"
	    "andq $38, %[m]\n\t"
	    "subq %[m], %[t0]\n\t"
	    : [t0] "+&r" (t0), [t1] "+&r" (t1), [t2] "+&r" (t2),
	      [t3] "+&r" (t3), [m] "=&r" (m)
	    : [g0] "m" (g[0]), [g1] "m" (g[1]), [g2] "m" (g[2]),
	      [g3] "m" (g[3])
	    : "cc");
	h[0] = t0;
	h[1] = t1;
	h[2] = t2;
	h[3] = t3;
}

/*
 * h = f * n + g for a constant n below 2^32 (121665): one fold of the
 * fifth limb for both the product and the sum
 */
static __always_inline void fe_mul_small_add(fe4 h, const fe4 f, u32 n,
					     const fe4 g)
{
	u64 t0, t1, t2, t3, t4, lo, rdx = n;

	asm("mulx %[f0], %[t0], %[t1]\n\t"
	    "mulx %[f1], %[lo], %[t2]\n\t"
	    "addq %[lo], %[t1]\n\t"
	    "mulx %[f2], %[lo], %[t3]\n\t"
	    "adcq %[lo], %[t2]\n\t"
	    "mulx %[f3], %[lo], %[t4]\n\t"
	    "adcq %[lo], %[t3]\n\t"
	    "adcq $0, %[t4]\n\t"
	    /* t4 < 2^32: adding g cannot carry out of it */
	    "addq %[g0], %[t0]\n\t"
	    "adcq %[g1], %[t1]\n\t"
	    "adcq %[g2], %[t2]\n\t"
	    "adcq %[g3], %[t3]\n\t"
	    "adcq $0, %[t4]\n\t"
	    "imul $38, %[t4], %[t4]\n\t"
	    "addq %[t4], %[t0]\n\t"
	    "adcq $0, %[t1]\n\t"
	    "adcq $0, %[t2]\n\t"
	    "adcq $0, %[t3]\n\t"
	    "sbbq %[t4], %[t4]\n\t"
	    "andq $38, %[t4]\n\t"
	    "addq %[t4], %[t0]\n\t"
	    : [t0] "=&r" (t0), [t1] "=&r" (t1), [t2] "=&r" (t2),
	      [t3] "=&r" (t3), [t4] "=&r" (t4), [lo] "=&r" (lo),
	      "+&d" (rdx)
	    : [f0] "m" (f[0]), [f1] "m" (f[1]), [f2] "m" (f[2]),
	      [f3] "m" (f[3]), [g0] "m" (g[0]), [g1] "m" (g[1]),
	      [g2] "m" (g[2]), [g3] "m" (g[3])
	    : "cc");
	h[0] = t0;
	h[1] = t1;
	h[2] = t2;
	h[3] = t3;
}

/* Swaps f and g iff b is 1, without a branch. */
static __always_inline void fe_cswap(fe4 f, fe4 g, u64 b)
{
	u64 mask = 0 - b, x;
	int i;

	for (i = 0; i < 4; i++) {
		x = (f[i] ^ g[i]) & mask;
		f[i] ^= x;
		g[i] ^= x;
	}
}

static noinline void fe_sqn(fe4 h, const fe4 f, int n)
{
	fe_sq(h, f);
	while (--n > 0)
		fe_sq(h, h);
}

static noinline void fe_mul_call(fe4 h, const fe4 f, const fe4 g)
{
	fe_mul(h, f, g);
}

/* z^(p - 2) = z^(2^255 - 21): 254 squarings, 11 multiplications */
static noinline void fe_invert(fe4 out, const fe4 z)
{
	fe4 z2, z9, z11, z5_0, z10_0, z20_0, z50_0, z100_0, t;

	fe_sq(z2, z);				/* 2 */
	fe_sqn(t, z2, 2);			/* 8 */
	fe_mul_call(z9, t, z);			/* 9 */
	fe_mul_call(z11, z9, z2);		/* 11 */
	fe_sq(t, z11);				/* 22 */
	fe_mul_call(z5_0, t, z9);		/* 2^5 - 1 */
	fe_sqn(t, z5_0, 5);
	fe_mul_call(z10_0, t, z5_0);		/* 2^10 - 1 */
	fe_sqn(t, z10_0, 10);
	fe_mul_call(z20_0, t, z10_0);		/* 2^20 - 1 */
	fe_sqn(t, z20_0, 20);
	fe_mul_call(t, t, z20_0);		/* 2^40 - 1 */
	fe_sqn(t, t, 10);
	fe_mul_call(z50_0, t, z10_0);		/* 2^50 - 1 */
	fe_sqn(t, z50_0, 50);
	fe_mul_call(z100_0, t, z50_0);		/* 2^100 - 1 */
	fe_sqn(t, z100_0, 100);
	fe_mul_call(t, t, z100_0);		/* 2^200 - 1 */
	fe_sqn(t, t, 50);
	fe_mul_call(t, t, z50_0);		/* 2^250 - 1 */
	fe_sqn(t, t, 5);			/* 2^255 - 2^5 */
	fe_mul_call(out, t, z11);		/* 2^255 - 21 */

	memzero_explicit(z2, sizeof(z2));
	memzero_explicit(z9, sizeof(z9));
	memzero_explicit(z11, sizeof(z11));
	memzero_explicit(z5_0, sizeof(z5_0));
	memzero_explicit(z10_0, sizeof(z10_0));
	memzero_explicit(z20_0, sizeof(z20_0));
	memzero_explicit(z50_0, sizeof(z50_0));
	memzero_explicit(z100_0, sizeof(z100_0));
	memzero_explicit(t, sizeof(t));
}

/* Fully reduced below p, little endian. */
static void fe_tobytes(u8 out[32], const fe4 f)
{
	unsigned __int128 c;
	u64 h[4], q;
	int i, round;

	for (i = 0; i < 4; i++)
		h[i] = f[i];
	/* bit 255 is 2^255 = 19 (mod p): twice leaves h below 2^255 */
	for (round = 0; round < 2; round++) {
		q = h[3] >> 63;
		h[3] &= ~(1ULL << 63);
		c = (unsigned __int128)19 * q;
		for (i = 0; i < 4; i++) {
			c += h[i];
			h[i] = (u64)c;
			c >>= 64;
		}
	}
	/*
	 * q = 1 iff h >= p, i.e. iff h + 19 reaches 2^255: bit 255 of h + 19
	 * (h < 2^255, so the top limb plus its carry cannot wrap).
	 */
	c = 19;
	for (i = 0; i < 3; i++) {
		c += h[i];
		c >>= 64;
	}
	q = (h[3] + (u64)c) >> 63;
	c = (unsigned __int128)19 * q;
	for (i = 0; i < 4; i++) {
		c += h[i];
		h[i] = (u64)c;
		c >>= 64;
	}
	h[3] &= ~(1ULL << 63);	/* drops the 2^255 that q accounted for */
	for (i = 0; i < 4; i++)
		put_unaligned_le64(h[i], out + 8 * i);
	memzero_explicit(h, sizeof(h));
}

struct ladder4 {
	fe4 x1, x2, z2, x3, z3, a, b, c, d, e, aa, bb, da, cb;
	u8 k[32];
};

/* RFC 7748 section 5 ladder */
static void ladder4(u8 out[32], const u8 scalar[32], const u8 point[32])
{
	struct ladder4 l;
	u64 swap = 0, bit;
	int i;

	memcpy(l.k, scalar, 32);
	l.k[0] &= 248;
	l.k[31] = (l.k[31] & 127) | 64;
	for (i = 0; i < 4; i++)
		l.x1[i] = get_unaligned_le64(point + 8 * i);
	l.x1[3] &= ~(1ULL << 63);	/* bit 255 is ignored */
	memset(&l.x2, 0, sizeof(l.x2));
	l.x2[0] = 1;
	memset(&l.z2, 0, sizeof(l.z2));
	memcpy(l.x3, l.x1, sizeof(l.x3));
	memset(&l.z3, 0, sizeof(l.z3));
	l.z3[0] = 1;

	for (i = 254; i >= 0; i--) {
		bit = (l.k[i >> 3] >> (i & 7)) & 1;
		swap ^= bit;
		fe_cswap(l.x2, l.x3, swap);
		fe_cswap(l.z2, l.z3, swap);
		swap = bit;

		/*
		 * Ordered so that each product's inputs were computed a
		 * product or two earlier: the chains of neighbouring
		 * products overlap in the out-of-order core.
		 */
		fe_add(l.a, l.x2, l.z2);
		fe_sub(l.b, l.x2, l.z2);
		fe_add(l.c, l.x3, l.z3);
		fe_sub(l.d, l.x3, l.z3);
		fe_mul(l.da, l.d, l.a);
		fe_mul(l.cb, l.c, l.b);
		fe_sq(l.aa, l.a);
		fe_sq(l.bb, l.b);
		fe_add(l.x3, l.da, l.cb);
		fe_sub(l.z3, l.da, l.cb);
		fe_sq(l.x3, l.x3);
		fe_sub(l.e, l.aa, l.bb);
		fe_sq(l.z3, l.z3);
		fe_mul(l.x2, l.aa, l.bb);
		/* z2 = E * (AA + a24 * E), a24 = 121665 */
		fe_mul_small_add(l.a, l.e, 121665, l.aa);
		fe_mul(l.z3, l.z3, l.x1);
		fe_mul(l.z2, l.e, l.a);
	}
	fe_cswap(l.x2, l.x3, swap);
	fe_cswap(l.z2, l.z3, swap);

	fe_invert(l.z2, l.z2);
	fe_mul(l.x2, l.x2, l.z2);
	fe_tobytes(out, l.x2);
	memzero_explicit(&l, sizeof(l));
}

static void curve25519_adx(u8 out[32], const u8 scalar[32],
			   const u8 point[32])
{
	ladder4(out, scalar, point);
}

/*
 * The fixed-base path, k * B on edwards25519 (edwards25519-base.h), on
 * these limbs: fe_add and fe_sub already keep every value below 2^256,
 * which all the operations accept, and the table's words are these limbs.
 */
typedef fe4 ge_fe;
#define ge_fe_add fe_add
#define ge_fe_sub fe_sub

static __always_inline void ge_fe_from_table(fe4 h, const u64 w[4])
{
	memcpy(h, w, sizeof(fe4));
}

#include "../edwards25519-base.h"

static bool curve25519_adx_usable(void)
{
#ifdef __WG_USERSPACE
#ifdef WG_CT_CHECK
	/*
	 * valgrind's virtual CPU hides ADX from CPUID but runs adcx/adox:
	 * the constant-time check must still see this path.
	 */
	if (RUNNING_ON_VALGRIND)
		return __builtin_cpu_supports("bmi2");
#endif
	return __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
#else
	return boot_cpu_has(X86_FEATURE_BMI2) && boot_cpu_has(X86_FEATURE_ADX);
#endif
}

const struct wg_curve25519_impl wg_curve25519_adx_impl = {
	.name = "adx",
	.usable = curve25519_adx_usable,
	.scalarmult = curve25519_adx,
	.scalarmult_base = x25519_base_edwards,
};
