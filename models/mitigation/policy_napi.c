/*
 * models/mitigation/policy_napi.c - NAPI in softirq, the kernel's default.
 *
 * The hardirq masks the device and schedules NAPI; net_rx_action() polls
 * it within netdev_budget / netdev_budget_usecs; the IRQ is re-enabled
 * as soon as a poll finishes under its weight (napi_complete_done()
 * returns true: no hook); leftover work goes to ksoftirqd
 * (models/core/napi.c, models/core/softirq.c).
 */
#include "config.h"

#include "models/mitigation/mitigation.h"

const struct rx_mitigation_ops napi_mitigation_ops = {
	.name = "napi",
	.help = "NAPI in softirq; unmask when a poll ends under its weight",
};
