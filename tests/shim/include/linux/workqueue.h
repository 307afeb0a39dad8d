/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/workqueue.h>. Nothing runs in the background:
 * queueing marks the work pending and a test runs it by calling
 * wg_shim_run_delayed_work(), so periodic jobs (garbage collection) happen
 * exactly when the test says.
 */
#ifndef _WG_SHIM_LINUX_WORKQUEUE_H
#define _WG_SHIM_LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/jiffies.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	bool pending;
};

struct delayed_work {
	struct work_struct work;
	unsigned long delay;
};

struct workqueue_struct;
#define system_power_efficient_wq ((struct workqueue_struct *)0)
#define system_wq ((struct workqueue_struct *)0)

#define INIT_WORK(w, f) do { (w)->func = (f); (w)->pending = false; } while (0)
#define INIT_DELAYED_WORK(dw, f) do { INIT_WORK(&(dw)->work, f); (dw)->delay = 0; } while (0)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dw, unsigned long delay)
{
	bool was = dw->work.pending;

	(void)wq;
	dw->work.pending = true;
	dw->delay = delay;
	return !was;
}

static inline bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	bool was = dw->work.pending;

	dw->work.pending = false;
	return was;
}

static inline void wg_shim_run_delayed_work(struct delayed_work *dw)
{
	dw->work.pending = false;
	dw->work.func(&dw->work);
}

#endif /* _WG_SHIM_LINUX_WORKQUEUE_H */
