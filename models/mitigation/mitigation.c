/*
 * models/mitigation/mitigation.c - [mitigation]: the kernel-side policy
 * and its keys, and the choice of the NIC-side one from [nic].
 *
 * The keys are the kernel's: napi_defer_hard_irqs and gro_flush_timeout
 * (/sys/class/net/<dev>/), irq_suspend_timeout (netdev-genl, per NAPI),
 * busy_read and busy_poll (net.core sysctls), prefer_busy_poll,
 * busy_poll_budget and busy_poll_usecs (SO_PREFER_BUSY_POLL /
 * SO_BUSY_POLL_BUDGET, or epoll's EPIOCSPARAMS), and the threaded NAPI
 * kthread's CPU affinity and nice value.  A key only acts under the
 * policies that use it (see the help texts), so a list of policies
 * (policy=napi;defer;busy_poll) compares each with its own keys on the
 * same arrivals.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/cfg.h"
#include "models/mitigation/mitigation.h"

static const struct rx_mitigation_ops *const kernel_policies[] = {
	[MITIGATION_NONE] = &none_mitigation_ops,
	[MITIGATION_NAPI] = &napi_mitigation_ops,
	[MITIGATION_DEFER] = &defer_mitigation_ops,
	[MITIGATION_THREADED] = &threaded_mitigation_ops,
	[MITIGATION_BUSY_POLL] = &busy_poll_mitigation_ops,
	[MITIGATION_IRQ_SUSPEND] = &irq_suspend_mitigation_ops,
};

const struct rx_mitigation_ops *
mitigation_kernel_ops(const struct mitigation_cfg *cfg)
{
	return kernel_policies[cfg->policy];
}

enum mitigation_wait mitigation_wait(const struct mitigation_cfg *cfg)
{
	switch (cfg->policy) {
	case MITIGATION_BUSY_POLL:
		return cfg->busy_read ? WAIT_BUSY_READ : WAIT_EPOLL;
	case MITIGATION_IRQ_SUSPEND:
		return WAIT_EPOLL;
	default:
		return WAIT_BLOCK;
	}
}

struct rx_mitigation *mitigation_nic_init(struct rx_mitigation *mit,
					  const struct nic_cfg *nic,
					  uint32_t link_mbps)
{
	*mit = (struct rx_mitigation) { .nic = nic, .link_mbps = link_mbps };
	if (nic->adaptive_rx) {
		struct dim_cq_moder m;

		mit->ops = &dim_mitigation_ops;
		dim_init(&mit->dim, DIM_CQ_PERIOD_MODE_START_FROM_EQE);
		m = net_dim_get_rx_moderation(mit->dim.mode,
					      mit->dim.profile_ix);
		mit->usecs = SIM_US(m.usec);
		mit->frames = m.pkts;
		return mit;
	}
	if (nic->interrupt_throttle_rate) {
		mit->ops = &itr_mitigation_ops;
		/* range checked by nic_check() */
		e1000_itr_init(&mit->itr, (int)nic->interrupt_throttle_rate);
		/* e1000_watchdog() runs at link-up, before any traffic */
		e1000_itr_watchdog(&mit->itr, 0, 0);
		return mit;
	}
	if (nic->rx_usecs || nic->rx_frames) {
		mit->ops = &coalesce_mitigation_ops;
		mit->usecs = SIM_US(nic->rx_usecs);
		mit->frames = nic->rx_frames;
		return mit;
	}
	return NULL;
}

static gboolean mitigation_check(const void *p, GError **error)
{
	const struct mitigation_cfg *cfg = p;

	switch (cfg->policy) {
	case MITIGATION_DEFER:
		if (!cfg->napi_defer_hard_irqs || !cfg->gro_flush_timeout) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "policy=defer needs napi_defer_hard_irqs and gro_flush_timeout above 0");
			return FALSE;
		}
		break;
	case MITIGATION_BUSY_POLL:
		if (!cfg->busy_read && !cfg->busy_poll &&
		    !cfg->busy_poll_usecs) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "policy=busy_poll needs busy_read (recvmsg) or busy_poll / busy_poll_usecs (epoll) above 0");
			return FALSE;
		}
		if (cfg->busy_read && (cfg->busy_poll || cfg->busy_poll_usecs)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "policy=busy_poll: set busy_read (recvmsg) or busy_poll / busy_poll_usecs (epoll), not both");
			return FALSE;
		}
		break;
	case MITIGATION_IRQ_SUSPEND:
		if (!cfg->irq_suspend_timeout || !cfg->prefer_busy_poll) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "policy=irq_suspend needs irq_suspend_timeout above 0 and prefer_busy_poll=true (the kernel suspends only then)");
			return FALSE;
		}
		break;
	default:
		break;
	}
	return TRUE;
}
/* ---------------------------------------------------------------- params */

#define S struct mitigation_cfg
static const struct sim_param mitigation_params[] = {
	SIM_PARAM_ENUM(S, policy, "policy", 1, "none|napi|defer|threaded|busy_poll|irq_suspend", "kernel-side interrupt mitigation: none = pre-NAPI netif_rx() from the hardirq; napi = NAPI in softirq with the ksoftirqd hand-off; defer = napi_defer_hard_irqs + gro_flush_timeout; threaded = a napi/<dev>-<id> kthread polls; busy_poll = the application busy-polls (busy_read, or epoll with busy_poll_usecs); irq_suspend = epoll busy polling with irq_suspend_timeout (Linux 6.13). A ';' list compares policies on identical arrivals"),
	SIM_PARAM_U32(S, napi_defer_hard_irqs, "napi_defer_hard_irqs", 0, 0, 1e9, "polls", "/sys/class/net/<dev>/napi_defer_hard_irqs: empty polls, gro_flush_timeout apart, before the IRQ is re-enabled (policies defer, busy_poll, irq_suspend)"),
	SIM_PARAM_U32(S, gro_flush_timeout, "gro_flush_timeout", 0, 0, 1e9, "ns", "/sys/class/net/<dev>/gro_flush_timeout: the deferral timer (policies defer, busy_poll, irq_suspend)"),
	SIM_PARAM_U32(S, irq_suspend_timeout, "irq_suspend_timeout", 0, 0, 1e9, "ns", "netdev-genl irq-suspend-timeout: how long epoll keeps the IRQ suspended while it finds events (policy irq_suspend)"),
	SIM_PARAM_U32(S, busy_read, "busy_read", 0, 0, 1e6, "us", "net.core.busy_read (sk_ll_usec): recvmsg() busy-polls this long on an empty socket (policy busy_poll)"),
	SIM_PARAM_U32(S, busy_poll, "busy_poll", 0, 0, 1e6, "us", "net.core.busy_poll: epoll busy-poll time when busy_poll_usecs is 0 (policies busy_poll, irq_suspend)"),
	SIM_PARAM_BOOL(S, prefer_busy_poll, "prefer_busy_poll", 0, "SO_PREFER_BUSY_POLL / epoll prefer_busy_poll: softirq yields to the busy poller, and busy_poll_stop() defers the IRQ (policies busy_poll, irq_suspend)"),
	SIM_PARAM_U32(S, busy_poll_budget, "busy_poll_budget", 8, 1, 65535, "pkts", "budget of one busy poll (BUSY_POLL_BUDGET 8; above 64 needs CAP_NET_ADMIN)"),
	SIM_PARAM_U32(S, busy_poll_usecs, "busy_poll_usecs", 0, 0, 1e6, "us", "epoll EPIOCSPARAMS busy_poll_usecs: how long epoll_wait() busy-polls before sleeping (policies busy_poll, irq_suspend)"),
	SIM_PARAM_U32(S, thread_cpu, "thread_cpu", 0, 0, 63, "", "CPU the napi/<dev>-<id> kthread is pinned to (policy threaded)"),
	SIM_PARAM_S32(S, thread_nice, "thread_nice", 0, -20, 19, "", "nice value of the napi/<dev>-<id> kthread (policy threaded)"),
	{ }
};
#undef S

const struct sim_model_ops mitigation_model_ops = {
	.name = "mitigation",
	.help = "[mitigation] kernel-side interrupt mitigation policy and its keys (models/mitigation/)",
	.params = mitigation_params,
	.cfg_size = sizeof(struct mitigation_cfg),
	.check = mitigation_check,
};
