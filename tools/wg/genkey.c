// SPDX-License-Identifier: GPL-2.0
/* genkey, genpsk and pubkey: keys on stdin and stdout, nothing else. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "curve25519.h"
#include "encoding.h"
#include "subcommands.h"

static void warn_world_accessible(void)
{
	struct stat st;

	if (!fstat(STDOUT_FILENO, &st) && S_ISREG(st.st_mode) &&
	    (st.st_mode & S_IRWXO))
		fputs("Warning: writing to world accessible file.\n"
		      "Consider setting the umask to 077 and trying again.\n",
		      stderr);
}

static int get_random(uint8_t *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = getrandom(buf + got, len - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("getrandom");
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

int wg_genkey_main(int argc, char *argv[])
{
	uint8_t key[WG_KEY_LEN];
	char b64[WG_KEY_LEN_BASE64];

	if (argc != 1) {
		fprintf(stderr, "Usage: %s %s\n", wg_prog_name, argv[0]);
		return 1;
	}
	warn_world_accessible();
	if (get_random(key, sizeof(key)))
		return 1;
	if (!strcmp(argv[0], "genkey"))
		wg_curve25519_clamp(key);
	wg_key_to_base64(b64, key);
	puts(b64);
	wg_memzero_explicit(key, sizeof(key));
	wg_memzero_explicit(b64, sizeof(b64));
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}

int wg_pubkey_main(int argc, char *argv[])
{
	uint8_t key[WG_KEY_LEN], pub[WG_KEY_LEN];
	char b64[WG_KEY_LEN_BASE64];
	size_t n;
	int c, ret = 1;

	if (argc != 1) {
		fprintf(stderr, "Usage: %s %s\n", wg_prog_name, argv[0]);
		return 1;
	}
	n = fread(b64, 1, WG_KEY_LEN_BASE64 - 1, stdin);
	b64[n] = '\0';
	/* Only whitespace may follow the key (the newline genkey wrote). */
	while ((c = getchar()) != EOF) {
		if (!isspace(c)) {
			fprintf(stderr, "%s: Trailing characters found after key\n",
				wg_prog_name);
			goto out;
		}
	}
	if (!wg_key_from_base64(key, b64)) {
		fprintf(stderr, "%s: Key is not the correct length or format\n",
			wg_prog_name);
		goto out;
	}
	wg_curve25519_public(pub, key);
	wg_key_to_base64(b64, pub);
	puts(b64);
	ret = fflush(stdout) || ferror(stdout) ? 1 : 0;
out:
	wg_memzero_explicit(key, sizeof(key));
	wg_memzero_explicit(b64, sizeof(b64));
	return ret;
}
