/*
 * models/mitigation/policy_threaded.c - threaded NAPI.
 *
 * NAPI_STATE_THREADED: ____napi_schedule() wakes the NAPI's kthread
 * (napi/<dev>-<id>) instead of raising NET_RX; the kthread polls with the
 * NAPI's weight until a poll ends under it, with no netdev_budget, no
 * time limit and no ksoftirqd: fairness is the scheduler's
 * (models/core/napi_kthread.c).  Completion is the default one (no hook).
 */
#include "config.h"

#include "models/mitigation/mitigation.h"

const struct rx_mitigation_ops threaded_mitigation_ops = {
	.name = "threaded",
	.help = "a napi/<dev>-<id> kthread polls, scheduled as a task",
};
