/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/ktime.h> and <linux/timekeeping.h>. Time comes
 * from clock_gettime; a test moves it forward or backward with
 * wg_shim_time_offset_ns (added to every clock), so 120-second rotations and
 * 180-second expiries are tested without sleeping.
 */
#ifndef _WG_SHIM_LINUX_KTIME_H
#define _WG_SHIM_LINUX_KTIME_H

#include <time.h>
#include <linux/types.h>

#define MSEC_PER_SEC 1000L
#define USEC_PER_SEC 1000000L
#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_MSEC 1000000L
#define NSEC_PER_USEC 1000L

typedef s64 ktime_t;

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

__attribute__((__weak__)) s64 wg_shim_time_offset_ns;
/*
 * While wg_shim_time_frozen, the clocks stand still at the values they had
 * when it was set by wg_shim_time_freeze() (plus the offset): tests of rates
 * and ages then do not depend on how fast the machine (or an emulator) runs.
 */
__attribute__((__weak__)) bool wg_shim_time_frozen;
__attribute__((__weak__)) u64 wg_shim_time_frozen_at[3];

static inline u64 wg_shim_raw_clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

static inline int wg_shim_clock_slot(clockid_t id)
{
	return id == CLOCK_REALTIME ? 0 : id == CLOCK_MONOTONIC ? 1 : 2;
}

static inline void wg_shim_time_freeze(bool freeze)
{
	wg_shim_time_frozen_at[0] = wg_shim_raw_clock_ns(CLOCK_REALTIME);
	wg_shim_time_frozen_at[1] = wg_shim_raw_clock_ns(CLOCK_MONOTONIC);
	wg_shim_time_frozen_at[2] = wg_shim_raw_clock_ns(CLOCK_BOOTTIME);
	wg_shim_time_frozen = freeze;
}

static inline u64 wg_shim_clock_ns(clockid_t id)
{
	u64 t = wg_shim_time_frozen ?
		wg_shim_time_frozen_at[wg_shim_clock_slot(id)] :
		wg_shim_raw_clock_ns(id);

	return t + (u64)wg_shim_time_offset_ns;
}

static inline u64 ktime_get_coarse_boottime_ns(void)
{
	return wg_shim_clock_ns(CLOCK_BOOTTIME);
}

static inline u64 ktime_get_boottime_ns(void)
{
	return wg_shim_clock_ns(CLOCK_BOOTTIME);
}

static inline u64 ktime_get_ns(void)
{
	return wg_shim_clock_ns(CLOCK_MONOTONIC);
}

static inline ktime_t ktime_get_boottime(void)
{
	return (ktime_t)ktime_get_boottime_ns();
}

static inline void ktime_get_real_ts64(struct timespec64 *ts)
{
	u64 ns = wg_shim_clock_ns(CLOCK_REALTIME);

	ts->tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

static inline s64 ktime_to_ns(ktime_t kt)
{
	return kt;
}

#endif /* _WG_SHIM_LINUX_KTIME_H */
