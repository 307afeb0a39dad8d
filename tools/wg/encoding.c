// SPDX-License-Identifier: GPL-2.0
/*
 * Key encodings in constant time: a key is a secret, so neither the table
 * lookups nor the branches of a textbook base64 may depend on its bits.
 * Every character is mapped with arithmetic on sign masks (an arithmetic
 * right shift of a negative int gives all ones), and errors are
 * accumulated instead of returning early.
 */
#include <string.h>

#include "encoding.h"

void wg_memzero_explicit(void *p, size_t len)
{
	memset(p, 0, len);
	/* Keep the compiler from dropping the store as dead. */
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* 0..63 to the base64 alphabet, no branch and no table. */
static char b64_char(int v)
{
	return (char)('A' + v
		+ (((25 - v) >> 8) & 6)
		- (((51 - v) >> 8) & 75)
		- (((61 - v) >> 8) & 15)
		+ (((62 - v) >> 8) & 3));
}

/* mask is all ones when lo <= c <= hi, else zero */
static int in_range(int c, int lo, int hi)
{
	return ((lo - 1 - c) & (c - (hi + 1))) >> 8;
}

/* The value of a base64 character, or -1. */
static int b64_value(int c)
{
	int ret = -1;

	ret += in_range(c, 'A', 'Z') & (c - 'A' + 1);
	ret += in_range(c, 'a', 'z') & (c - 'a' + 27);
	ret += in_range(c, '0', '9') & (c - '0' + 53);
	ret += in_range(c, '+', '+') & 63;
	ret += in_range(c, '/', '/') & 64;
	return ret;
}

static int hex_value(int c)
{
	int ret = -1;

	ret += in_range(c, '0', '9') & (c - '0' + 1);
	ret += in_range(c, 'a', 'f') & (c - 'a' + 11);
	ret += in_range(c, 'A', 'F') & (c - 'A' + 11);
	return ret;
}

void wg_key_to_base64(char out[WG_KEY_LEN_BASE64], const uint8_t key[WG_KEY_LEN])
{
	unsigned int i, o = 0;

	for (i = 0; i + 3 <= WG_KEY_LEN; i += 3) {
		uint32_t w = (uint32_t)key[i] << 16 | (uint32_t)key[i + 1] << 8 |
			     key[i + 2];

		out[o++] = b64_char((w >> 18) & 63);
		out[o++] = b64_char((w >> 12) & 63);
		out[o++] = b64_char((w >> 6) & 63);
		out[o++] = b64_char(w & 63);
	}
	/* 32 = 10 * 3 + 2: two bytes remain, giving three characters. */
	{
		uint32_t w = (uint32_t)key[30] << 16 | (uint32_t)key[31] << 8;

		out[o++] = b64_char((w >> 18) & 63);
		out[o++] = b64_char((w >> 12) & 63);
		out[o++] = b64_char((w >> 6) & 63);
		out[o++] = '=';
	}
	out[o] = '\0';
}

bool wg_key_from_base64(uint8_t key[WG_KEY_LEN], const char *in)
{
	uint8_t tmp[WG_KEY_LEN];
	unsigned int i, o = 0;
	int bad = 0;

	if (!in || strlen(in) != WG_KEY_LEN_BASE64 - 1 ||
	    in[WG_KEY_LEN_BASE64 - 2] != '=')
		return false;
	for (i = 0; i < 40; i += 4) {
		int a = b64_value((unsigned char)in[i]);
		int b = b64_value((unsigned char)in[i + 1]);
		int c = b64_value((unsigned char)in[i + 2]);
		int d = b64_value((unsigned char)in[i + 3]);
		uint32_t w;

		bad |= (a | b | c | d) >> 31;
		w = (uint32_t)(a & 63) << 18 | (uint32_t)(b & 63) << 12 |
		    (uint32_t)(c & 63) << 6 | (uint32_t)(d & 63);
		tmp[o++] = w >> 16;
		tmp[o++] = w >> 8;
		tmp[o++] = w;
	}
	{
		int a = b64_value((unsigned char)in[40]);
		int b = b64_value((unsigned char)in[41]);
		int c = b64_value((unsigned char)in[42]);
		uint32_t w;

		bad |= (a | b | c) >> 31;
		/* The last character carries four bits: the low two must be
		 * zero or the string is not the canonical encoding. */
		bad |= -(c & 3) >> 31;
		w = (uint32_t)(a & 63) << 18 | (uint32_t)(b & 63) << 12 |
		    (uint32_t)(c & 63) << 6;
		tmp[o++] = w >> 16;
		tmp[o++] = w >> 8;
	}
	if (!bad)
		memcpy(key, tmp, WG_KEY_LEN);
	wg_memzero_explicit(tmp, sizeof(tmp));
	return !bad;
}

void wg_key_to_hex(char out[WG_KEY_LEN_HEX], const uint8_t key[WG_KEY_LEN])
{
	unsigned int i;

	for (i = 0; i < WG_KEY_LEN; ++i) {
		int hi = key[i] >> 4, lo = key[i] & 15;

		out[2 * i] = (char)('0' + hi + (((9 - hi) >> 8) & 39));
		out[2 * i + 1] = (char)('0' + lo + (((9 - lo) >> 8) & 39));
	}
	out[2 * WG_KEY_LEN] = '\0';
}

bool wg_key_from_hex(uint8_t key[WG_KEY_LEN], const char *in)
{
	uint8_t tmp[WG_KEY_LEN];
	unsigned int i;
	int bad = 0;

	if (!in || strlen(in) != WG_KEY_LEN_HEX - 1)
		return false;
	for (i = 0; i < WG_KEY_LEN; ++i) {
		int hi = hex_value((unsigned char)in[2 * i]);
		int lo = hex_value((unsigned char)in[2 * i + 1]);

		bad |= (hi | lo) >> 31;
		tmp[i] = (uint8_t)((hi & 15) << 4 | (lo & 15));
	}
	if (!bad)
		memcpy(key, tmp, WG_KEY_LEN);
	wg_memzero_explicit(tmp, sizeof(tmp));
	return !bad;
}

bool wg_key_from_string(uint8_t key[WG_KEY_LEN], const char *in)
{
	if (!in)
		return false;
	if (strlen(in) == WG_KEY_LEN_HEX - 1)
		return wg_key_from_hex(key, in);
	return wg_key_from_base64(key, in);
}

bool wg_key_is_zero(const uint8_t key[WG_KEY_LEN])
{
	volatile uint8_t acc = 0;
	unsigned int i;

	for (i = 0; i < WG_KEY_LEN; ++i)
		acc |= key[i];
	return acc == 0;
}

bool wg_key_equal(const uint8_t a[WG_KEY_LEN], const uint8_t b[WG_KEY_LEN])
{
	volatile uint8_t acc = 0;
	unsigned int i;

	for (i = 0; i < WG_KEY_LEN; ++i)
		acc |= a[i] ^ b[i];
	return acc == 0;
}
