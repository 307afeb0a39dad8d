// SPDX-License-Identifier: GPL-2.0
/*
 * Without libFuzzer: runs the target once on each file named (directories
 * are walked one level), so the corpus is at least replayed everywhere.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static unsigned long runs;

static void run_file(const char *path)
{
	static u8 buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	++runs;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; ++i) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		char path[4096];

		if (argv[i][0] == '-' || stat(argv[i], &st))
			continue;
		if (!S_ISDIR(st.st_mode)) {
			run_file(argv[i]);
			continue;
		}
		d = opendir(argv[i]);
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			run_file(path);
		}
		if (d)
			closedir(d);
	}
	printf("Done %lu runs (corpus replay, no libFuzzer)\n", runs);
	return 0;
}
