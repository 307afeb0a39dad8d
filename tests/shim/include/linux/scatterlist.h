/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/scatterlist.h>. Same layout idea as the kernel's:
 * page_link holds a (4 KiB aligned) "page" pointer with SG_CHAIN/SG_END in its
 * low bits, offset is the offset within that page. A "page" here is just the
 * page-aligned virtual address, so sg_set_buf() on any buffer works, and a
 * buffer crossing a 4 KiB boundary is split by the mapping iterator exactly as
 * the kernel's sg_miter splits at page boundaries.
 *
 * Provided: sg_init_table, sg_init_one, sg_set_buf, sg_set_page, sg_mark_end,
 * sg_unmark_end, sg_chain, sg_is_last, sg_is_chain, sg_next, sg_virt,
 * sg_nents, sg_copy_{from,to}_buffer and the sg_miter_* iterator
 * (SG_MITER_ATOMIC, SG_MITER_TO_SG, SG_MITER_FROM_SG).
 */
#ifndef _WG_SHIM_LINUX_SCATTERLIST_H
#define _WG_SHIM_LINUX_SCATTERLIST_H

#include <string.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>

#define WG_SHIM_PAGE_SIZE 4096UL

/* Opaque, as in the kernel; a struct page * is the page's address here. */
struct page;

struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	u64 dma_address;
	unsigned int dma_length;
};

#define SG_CHAIN 0x01UL
#define SG_END 0x02UL
#define SG_PAGE_LINK_MASK (SG_CHAIN | SG_END)

static inline bool sg_is_chain(const struct scatterlist *sg)
{
	return sg->page_link & SG_CHAIN;
}

static inline bool sg_is_last(const struct scatterlist *sg)
{
	return sg->page_link & SG_END;
}

static inline struct scatterlist *sg_chain_ptr(const struct scatterlist *sg)
{
	return (struct scatterlist *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	unsigned long flags = sg->page_link & SG_PAGE_LINK_MASK;

	BUG_ON((unsigned long)page & SG_PAGE_LINK_MASK);
	sg->page_link = flags | (unsigned long)page;
}

static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}

static inline void sg_set_buf(struct scatterlist *sg, const void *buf,
			      unsigned int buflen)
{
	unsigned long addr = (unsigned long)buf;

	sg_set_page(sg, (struct page *)(addr & ~(WG_SHIM_PAGE_SIZE - 1)),
		    buflen, (unsigned int)(addr & (WG_SHIM_PAGE_SIZE - 1)));
}

static inline void *sg_virt(const struct scatterlist *sg)
{
	return (u8 *)sg_page(sg) + sg->offset;
}

static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
	sg->page_link &= ~SG_CHAIN;
}

static inline void sg_unmark_end(struct scatterlist *sg)
{
	sg->page_link &= ~SG_END;
}

static inline void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	if (nents)
		sg_mark_end(&sgl[nents - 1]);
}

static inline void sg_init_one(struct scatterlist *sg, const void *buf,
			       unsigned int buflen)
{
	sg_init_table(sg, 1);
	sg_set_buf(sg, buf, buflen);
}

/* Turns prv[prv_nents - 1] into a link to sgl. */
static inline void sg_chain(struct scatterlist *prv, unsigned int prv_nents,
			    struct scatterlist *sgl)
{
	struct scatterlist *link = &prv[prv_nents - 1];

	link->offset = 0;
	link->length = 0;
	link->page_link = ((unsigned long)sgl | SG_CHAIN) & ~SG_END;
}

static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	if (sg_is_last(sg))
		return NULL;
	sg++;
	if (unlikely(sg_is_chain(sg)))
		sg = sg_chain_ptr(sg);
	return sg;
}

static inline int sg_nents(struct scatterlist *sg)
{
	int nents;

	for (nents = 0; sg; sg = sg_next(sg))
		nents++;
	return nents;
}

#define for_each_sg(sglist, sg, nr, __i) \
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))

/* The mapping iterator: walks the list in chunks that never cross a page. */
#define SG_MITER_ATOMIC (1 << 0)
#define SG_MITER_TO_SG (1 << 1)
#define SG_MITER_FROM_SG (1 << 2)

struct sg_mapping_iter {
	struct page *page;
	void *addr;
	size_t length;
	size_t consumed;
	/* private */
	struct scatterlist *__sg;
	unsigned int __nents;
	size_t __offset; /* into __sg, of the next chunk */
	unsigned int __flags;
};

static inline void sg_miter_start(struct sg_mapping_iter *miter,
				  struct scatterlist *sgl, unsigned int nents,
				  unsigned int flags)
{
	memset(miter, 0, sizeof(*miter));
	miter->__sg = sgl;
	miter->__nents = nents;
	miter->__flags = flags;
}

/*
 * Advances past what the caller consumed of the current chunk (all of it
 * unless it lowered ->consumed) and maps the next one. False at the end.
 */
static inline bool sg_miter_next(struct sg_mapping_iter *miter)
{
	unsigned long addr;

	miter->__offset += miter->consumed;
	miter->consumed = 0;
	miter->addr = NULL;
	miter->length = 0;
	while (miter->__sg && miter->__nents &&
	       miter->__offset >= miter->__sg->length) {
		miter->__offset = 0;
		miter->__nents--;
		miter->__sg = miter->__nents ? sg_next(miter->__sg) : NULL;
	}
	if (!miter->__sg || !miter->__nents)
		return false;
	addr = (unsigned long)sg_virt(miter->__sg) + miter->__offset;
	miter->addr = (void *)addr;
	miter->page = (struct page *)(addr & ~(WG_SHIM_PAGE_SIZE - 1));
	miter->length = miter->__sg->length - miter->__offset;
	if (miter->length > WG_SHIM_PAGE_SIZE - (addr & (WG_SHIM_PAGE_SIZE - 1)))
		miter->length = WG_SHIM_PAGE_SIZE - (addr & (WG_SHIM_PAGE_SIZE - 1));
	miter->consumed = miter->length;
	return true;
}

static inline void sg_miter_stop(struct sg_mapping_iter *miter)
{
	miter->__offset += miter->consumed;
	miter->consumed = 0;
	miter->addr = NULL;
	miter->length = 0;
}

static inline size_t sg_copy_buffer(struct scatterlist *sgl, unsigned int nents,
				    void *buf, size_t buflen, bool to_buffer)
{
	struct sg_mapping_iter miter;
	size_t off = 0;

	sg_miter_start(&miter, sgl, nents,
		       to_buffer ? SG_MITER_FROM_SG : SG_MITER_TO_SG);
	while (off < buflen && sg_miter_next(&miter)) {
		size_t len = miter.length < buflen - off ? miter.length :
							   buflen - off;

		if (to_buffer)
			memcpy((u8 *)buf + off, miter.addr, len);
		else
			memcpy(miter.addr, (u8 *)buf + off, len);
		miter.consumed = len;
		off += len;
	}
	sg_miter_stop(&miter);
	return off;
}

static inline size_t sg_copy_from_buffer(struct scatterlist *sgl,
					 unsigned int nents, const void *buf,
					 size_t buflen)
{
	return sg_copy_buffer(sgl, nents, (void *)buf, buflen, false);
}

static inline size_t sg_copy_to_buffer(struct scatterlist *sgl,
				       unsigned int nents, void *buf,
				       size_t buflen)
{
	return sg_copy_buffer(sgl, nents, buf, buflen, true);
}

#endif /* _WG_SHIM_LINUX_SCATTERLIST_H */
