// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the configuration file parser, line by line, numeric
 * endpoints only (no DNS from a fuzzer), then `set` arguments. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "containers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wg_config_ctx ctx;
	struct wg_device *dev;
	char *text = malloc(size + 1), *line, *rest;
	bool ok = true;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	wg_config_begin(&ctx, size & 1, wg_resolve_numeric);
	rest = text;
	while ((line = strsep(&rest, "\n")))
		if (!(ok = wg_config_read_line(&ctx, line)))
			break;
	if (ok) {
		dev = wg_config_finish(&ctx);
		wg_device_free(dev);
	} else {
		wg_config_abort(&ctx);
	}
	free(text);
	return 0;
}
