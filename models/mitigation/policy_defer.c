/*
 * models/mitigation/policy_defer.c - napi_defer_hard_irqs and
 * gro_flush_timeout.
 *
 * Follows net/core/dev.c napi_complete_done() (v6.18): with N =
 * napi_defer_hard_irqs and T = gro_flush_timeout, a poll that found work
 * reloads the NAPI's defer_hard_irqs_count to N; while the count is above
 * zero a completion decrements it and, if T > 0, keeps the IRQ masked and
 * arms the NAPI hrtimer for T; napi_watchdog() then schedules a poll from
 * the timer.  So the IRQ comes back after N consecutive empty polls, T
 * apart, after the last poll that found work.
 *
 * Left out: the GRO part of the rule (with N = 0, T only bounds how long
 * GRO holds packets); GRO is not modelled.
 */
#include "config.h"

#include "sim/config/param.h"
#include "models/core/netdevice.h"
#include "models/mitigation/mitigation.h"

bool napi_defer_complete_done(struct rx_mitigation *mit G_GNUC_UNUSED,
			      struct napi_struct *n, int work_done,
			      sim_time_t *timeout)
{
	*timeout = 0;
	if (work_done)
		n->defer_hard_irqs_count = n->defer_hard_irqs;
	if (n->defer_hard_irqs_count > 0) {
		n->defer_hard_irqs_count--;
		*timeout = n->gro_flush_timeout;
		if (*timeout)
			return false;
	}
	return true;
}

static gboolean defer_check(const struct mitigation_cfg *cfg, GError **error)
{
	if (!cfg->napi_defer_hard_irqs || !cfg->gro_flush_timeout) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "policy=defer needs napi_defer_hard_irqs and gro_flush_timeout above 0");
		return FALSE;
	}
	return TRUE;
}

const struct rx_mitigation_ops defer_mitigation_ops = {
	.name = "defer",
	.help = "napi_defer_hard_irqs empty polls gro_flush_timeout apart before the IRQ is re-enabled",
	.check = defer_check,
	.complete_done = napi_defer_complete_done,
};
