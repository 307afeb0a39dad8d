/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_ENCODING_H
#define WG_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers.h"

enum {
	WG_KEY_LEN_BASE64 = 45,	/* 44 characters and the terminator */
	WG_KEY_LEN_HEX = 65,	/* 64 characters and the terminator */
};

void wg_key_to_base64(char out[WG_KEY_LEN_BASE64], const uint8_t key[WG_KEY_LEN]);
bool wg_key_from_base64(uint8_t key[WG_KEY_LEN], const char *in);
void wg_key_to_hex(char out[WG_KEY_LEN_HEX], const uint8_t key[WG_KEY_LEN]);
bool wg_key_from_hex(uint8_t key[WG_KEY_LEN], const char *in);
/* Either form, as the stock tool's files and arguments may carry. */
bool wg_key_from_string(uint8_t key[WG_KEY_LEN], const char *in);
bool wg_key_is_zero(const uint8_t key[WG_KEY_LEN]);
bool wg_key_equal(const uint8_t a[WG_KEY_LEN], const uint8_t b[WG_KEY_LEN]);
void wg_memzero_explicit(void *p, size_t len);

#endif
