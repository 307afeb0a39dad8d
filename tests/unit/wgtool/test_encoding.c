// SPDX-License-Identifier: GPL-2.0
/* Key encodings and X25519: fixed vectors, RFC 7748, and libsodium as a
 * black-box reference on random inputs. */
#include <sodium.h>

#include "check.h"
#include "curve25519.h"
#include "encoding.h"

static void hex2bin(uint8_t *out, const char *hex)
{
	size_t i;

	for (i = 0; hex[2 * i]; ++i)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

static void test_base64(void)
{
	uint8_t key[32], back[32];
	char b64[WG_KEY_LEN_BASE64], hex[WG_KEY_LEN_HEX], ref[100];
	unsigned int i, j;

	memset(key, 0, sizeof(key));
	wg_key_to_base64(b64, key);
	CHECK_STR(b64, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
	memset(key, 0xff, sizeof(key));
	wg_key_to_base64(b64, key);
	CHECK_STR(b64, "//////////////////////////////////////////8=");
	for (i = 0; i < 32; ++i)
		key[i] = (uint8_t)i;
	wg_key_to_base64(b64, key);
	CHECK_STR(b64, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
	wg_key_to_hex(hex, key);
	CHECK_STR(hex, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	CHECK(wg_key_from_base64(back, b64) && !memcmp(back, key, 32));
	CHECK(wg_key_from_hex(back, hex) && !memcmp(back, key, 32));
	CHECK(wg_key_from_string(back, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F") &&
	      !memcmp(back, key, 32));

	/* every byte value in every position, against libsodium */
	for (i = 0; i < 2000; ++i) {
		randombytes_buf(key, sizeof(key));
		if (i < 256)
			for (j = 0; j < 32; ++j)
				key[j] = (uint8_t)(i + j * 7);
		wg_key_to_base64(b64, key);
		sodium_bin2base64(ref, sizeof(ref), key, 32,
				  sodium_base64_VARIANT_ORIGINAL);
		CHECK(!strcmp(b64, ref));
		memset(back, 0, 32);
		CHECK(wg_key_from_base64(back, b64) && !memcmp(back, key, 32));
		wg_key_to_hex(hex, key);
		sodium_bin2hex(ref, sizeof(ref), key, 32);
		CHECK(!strcmp(hex, ref));
		CHECK(wg_key_from_hex(back, hex) && !memcmp(back, key, 32));
	}

	/* refused: wrong length, bad characters, non-canonical tail */
	memset(back, 0x55, sizeof(back));
	CHECK(!wg_key_from_base64(back, ""));
	CHECK(!wg_key_from_base64(back, "abc"));
	CHECK(!wg_key_from_base64(back, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"));
	CHECK(!wg_key_from_base64(back, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=="));
	CHECK(!wg_key_from_base64(back, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A"));
	CHECK(!wg_key_from_base64(back, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9="));
	CHECK(!wg_key_from_base64(back, "AAECAwQFBgcICQoLDA0ODxAR-hMUFRYXGBkaGxwdHh8="));
	CHECK(!wg_key_from_base64(back, "AAECAwQFBgcICQoLDA0ODxAR hMUFRYXGBkaGxwdHh8="));
	CHECK(!wg_key_from_hex(back, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g"));
	CHECK(!wg_key_from_hex(back, "000102"));
	CHECK(!wg_key_from_string(back, NULL));
	for (i = 0; i < 32; ++i)
		CHECK(back[i] == 0x55);	/* a refused key leaves out alone */

	memset(key, 0, 32);
	CHECK(wg_key_is_zero(key));
	key[31] = 1;
	CHECK(!wg_key_is_zero(key));
	memcpy(back, key, 32);
	CHECK(wg_key_equal(key, back));
	back[0] ^= 0x80;
	CHECK(!wg_key_equal(key, back));
}

static void test_x25519(void)
{
	uint8_t k[32], u[32], out[32], want[32], ref[32], tmp[32];
	unsigned int i;

	/* RFC 7748 section 5.2 */
	hex2bin(k, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
	hex2bin(u, "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
	hex2bin(want, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
	wg_curve25519(out, k, u);
	CHECK(!memcmp(out, want, 32));
	hex2bin(k, "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
	hex2bin(u, "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");
	hex2bin(want, "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
	wg_curve25519(out, k, u);
	CHECK(!memcmp(out, want, 32));
	/* the iterated test, 1000 rounds */
	memset(k, 0, 32);
	memset(u, 0, 32);
	k[0] = u[0] = 9;
	for (i = 0; i < 1000; ++i) {
		wg_curve25519(tmp, k, u);
		memcpy(u, k, 32);
		memcpy(k, tmp, 32);
		if (i == 0) {
			hex2bin(want, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
			CHECK(!memcmp(k, want, 32));
		}
	}
	hex2bin(want, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
	CHECK(!memcmp(k, want, 32));
	/* RFC 7748 section 6.1: Alice's public key */
	hex2bin(k, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	hex2bin(want, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	wg_curve25519_public(out, k);
	CHECK(!memcmp(out, want, 32));
	/* random keys against libsodium */
	for (i = 0; i < 200; ++i) {
		randombytes_buf(k, 32);
		wg_curve25519_clamp(k);
		wg_curve25519_public(out, k);
		crypto_scalarmult_base(ref, k);
		CHECK(!memcmp(out, ref, 32));
		randombytes_buf(u, 32);
		u[31] &= 127;
		wg_curve25519(out, k, u);
		if (!crypto_scalarmult(ref, k, u))
			CHECK(!memcmp(out, ref, 32));
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_base64();
	test_x25519();
	return check_report("test_encoding");
}
