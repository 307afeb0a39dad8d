// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the GET_DEVICE reply parser (what a kernel, or anything
 * pretending to be one, sends back), including the split-peer merge. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wg_device *dev = wg_device_new();
	/* netlink messages are 4-byte aligned in real buffers */
	void *buf = malloc(size ? size : 1);

	memcpy(buf, data, size);
	wg_netlink_parse_device(buf, size, dev);
	wg_netlink_parse_error(buf, size);
	wg_device_free(dev);
	free(buf);
	return 0;
}
