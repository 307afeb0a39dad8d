/* SPDX-License-Identifier: GPL-2.0 */
/* The crypto udpfuzz needs, from the project's crypto/ (cryptoglue.c). */
#ifndef UF_CRYPTOGLUE_H
#define UF_CRYPTOGLUE_H
#include <stddef.h>

/* HASH(label (8 bytes) || pub): the mac1 and cookie keys of a receiver. */
void uf_hash_label(unsigned char out[32], const char label[8],
		   const unsigned char pub[32]);
/* MAC(key, msg[0 .. len)), 16 bytes. */
void uf_mac16(unsigned char out[16], const void *msg, size_t len,
	      const unsigned char *key, size_t keylen);
/* The cookie of a cookie reply (XAEAD open, AD = our mac1); 1 if it opened. */
int uf_cookie_open(unsigned char cookie[16], const unsigned char enc[32],
		   const unsigned char nonce[24], const unsigned char mac1[16],
		   const unsigned char key[32]);
#endif
