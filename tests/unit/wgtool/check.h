/* SPDX-License-Identifier: GPL-2.0 */
/* A tiny assertion kit: counts checks, prints every failure, and the
 * test's exit status is non-zero if any failed. */
#ifndef WGTOOL_CHECK_H
#define WGTOOL_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned int checks_run, checks_failed;

#define CHECK(cond) do { \
	++checks_run; \
	if (!(cond)) { \
		++checks_failed; \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
			__LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	++checks_run; \
	if (strcmp(g_, w_)) { \
		++checks_failed; \
		fprintf(stderr, "%s:%d: CHECK_STR failed\n--- got:\n%s\n" \
			"--- want:\n%s\n---\n", __FILE__, __LINE__, g_, w_); \
	} \
} while (0)

static inline int check_report(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, checks_run, checks_failed);
	return checks_failed ? 1 : 0;
}

/* Runs fn(stream, arg) into a string the caller frees. */
#define CAPTURE(buf, stmt_with_f) do { \
	size_t len_; \
	FILE *f = open_memstream(&(buf), &len_); \
	stmt_with_f; \
	fclose(f); \
} while (0)

#endif
