/*
 * models/mitigation/mitigation.c - [mitigation]: the list of kernel-side
 * policies and their keys, and the choice of the NIC-side one from [nic].
 *
 * The keys are the kernel's: napi_defer_hard_irqs and gro_flush_timeout
 * (/sys/class/net/<dev>/, copied into every NAPI of the device),
 * irq_suspend_timeout (netdev-genl, per NAPI), and the threaded NAPI
 * kthread's CPU affinity and nice value.  A key only acts under the
 * policies that use it (see the help texts), so a list of policies
 * (policy=napi;defer;busy_poll) compares each with its own keys on the
 * same arrivals.  The busy-poll settings are where the kernel has them:
 * net.core.busy_read and busy_poll in [net.core], the socket and epoll
 * parameters in [app]; a policy is a preset of how the application waits
 * ([app] wait=auto).
 *
 * A new kernel-side policy is one file (policy_<name>.c, defining
 * <name>_mitigation_ops) and one line in KERNEL_POLICIES below
 * (doc/hacking.md).
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/drivers/drivers.h"
#include "models/mitigation/dim.h"
#include "models/mitigation/itr.h"
#include "models/mitigation/mitigation.h"
#include "models/stack/stack.h"

/* [mitigation] policy=, in this order (index 1, napi, is the default) */
#define KERNEL_POLICIES(X) \
	X(none) \
	X(napi) \
	X(defer) \
	X(threaded) \
	X(busy_poll) \
	X(irq_suspend)

#define DECLARE(name) \
	extern const struct rx_mitigation_ops name##_mitigation_ops;
#define ENTRY(name) &name##_mitigation_ops,
KERNEL_POLICIES(DECLARE)
static const struct rx_mitigation_ops *const kernel_policies[] = {
	KERNEL_POLICIES(ENTRY)
	NULL,
};

/* "none|napi|...": the choices of policy=, from the list */
static const char *mitigation_policy_names(void)
{
	static char *names;

	if (!names) {
		GString *s = g_string_new(NULL);

		for (guint i = 0; kernel_policies[i]; i++)
			g_string_append_printf(s, "%s%s", i ? "|" : "",
					       kernel_policies[i]->name);
		names = g_string_free(s, FALSE);
	}
	return names;
}

const struct rx_mitigation_ops *
mitigation_kernel_ops(const struct mitigation_cfg *cfg)
{
	return kernel_policies[cfg->policy];
}

struct rx_mitigation *mitigation_kernel(void *priv)
{
	return priv;
}

enum mitigation_wait mitigation_app_wait(const struct rx_mitigation *mit,
					 uint32_t busy_read)
{
	return mit->ops->app_wait ? mit->ops->app_wait(mit, busy_read) :
	       WAIT_RECVMSG;
}

gboolean mitigation_check_app(const struct mitigation_cfg *cfg G_GNUC_UNUSED,
			      const struct sim_point *p, GError **error)
{
	const struct stack_cfg *st = sim_point_cfg(p, &stack_model_ops);

	if (st->mode == STACK_FORWARD) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[mitigation] policy: busy polling needs an application ([stack] mode=deliver)");
		return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- NIC side */

struct rx_mitigation *mitigation_nic_new(const struct nic_cfg *nic,
					 uint32_t link_mbps)
{
	return mitigation_nic_new_timer(nic, link_mbps, COALESCE_FROM_FIRST);
}

struct rx_mitigation *mitigation_nic_new_timer(const struct nic_cfg *nic,
					       uint32_t link_mbps, int timer)
{
	const struct rx_mitigation_ops *ops = NULL;
	struct rx_mitigation *mit;

	if (nic->adaptive_rx)
		ops = &dim_mitigation_ops;
	else if (nic->interrupt_throttle_rate)
		ops = &itr_mitigation_ops;
	else if (nic->rx_usecs || nic->rx_frames)
		ops = &coalesce_mitigation_ops;
	if (!ops)
		return NULL;
	mit = g_new0(struct rx_mitigation, 1);
	*mit = (struct rx_mitigation) {
		.ops = ops, .nic = nic, .link_mbps = link_mbps, .timer = timer,
	};
	ops->init(mit);
	return mit;
}

void mitigation_nic_free(struct rx_mitigation *mit)
{
	if (!mit)
		return;
	g_free(mit->priv);
	g_free(mit);
}

/* ---------------------------------------------------------------- model */

static void *mitigation_create(struct machine *m G_GNUC_UNUSED, const void *cfg,
			       GError **error G_GNUC_UNUSED)
{
	struct rx_mitigation *kmit = g_new0(struct rx_mitigation, 1);

	kmit->cfg = cfg;
	kmit->ops = mitigation_kernel_ops(kmit->cfg);
	return kmit;
}

/* every device's NAPI gets the policy and the device's settings */
static gboolean mitigation_connect(void *p, struct machine *m,
				   GError **error G_GNUC_UNUSED)
{
	struct rx_mitigation *kmit = p;

	for (guint i = 0; i < m->napis->len; i++) {
		struct napi_struct *n = m->napis->pdata[i];

		if (!n->dev)
			continue;	/* a CPU's backlog */
		n->mit = kmit;
		n->defer_hard_irqs = kmit->cfg->napi_defer_hard_irqs;
		n->gro_flush_timeout = SIM_NS(kmit->cfg->gro_flush_timeout);
		if (kmit->ops->setup_napi)
			kmit->ops->setup_napi(kmit, m, n);
	}
	return TRUE;
}

static void mitigation_report(void *p, struct sim_report *r)
{
	struct rx_mitigation *kmit = p;

	sim_row_add_str(r->row, "policy", kmit->ops->name);
}

static void mitigation_destroy(void *p)
{
	g_free(p);
}

static gboolean mitigation_check(const void *p, GError **error)
{
	const struct mitigation_cfg *cfg = p;
	const struct rx_mitigation_ops *ops = mitigation_kernel_ops(cfg);

	return !ops->check || ops->check(cfg, error);
}

static gboolean mitigation_check_point(const struct sim_point *p,
				       GError **error)
{
	const struct mitigation_cfg *cfg = sim_point_cfg(p,
						&mitigation_model_ops);
	const struct rx_mitigation_ops *ops = mitigation_kernel_ops(cfg);

	return !ops->check_point || ops->check_point(cfg, p, error);
}
/* ---------------------------------------------------------------- params */

#define S struct mitigation_cfg
static const struct sim_param mitigation_params[] = {
	SIM_PARAM_ENUM_FN(S, policy, "policy", 1, mitigation_policy_names, "kernel-side interrupt mitigation, one of models/mitigation/policy_*.c (doc/policies.md): none = pre-NAPI netif_rx() from the hardirq; napi = NAPI in softirq with the ksoftirqd hand-off; defer = napi_defer_hard_irqs + gro_flush_timeout; threaded = a napi/<dev>-<id> kthread polls; busy_poll = the application busy-polls (busy_read, or epoll with busy_poll_usecs); irq_suspend = epoll busy polling with irq_suspend_timeout (Linux 6.13). A ';' list compares policies on identical arrivals"),
	SIM_PARAM_U32(S, napi_defer_hard_irqs, "napi_defer_hard_irqs", 0, 0, 100000, "polls", "/sys/class/net/<dev>/napi_defer_hard_irqs: empty polls, gro_flush_timeout apart, before the IRQ is re-enabled (policies defer, threaded, busy_poll, irq_suspend); at most 100000 here, though the kernel takes up to 2^31 - 1: every empty poll is simulated, so a larger count would only spin through empty polls after the load"),
	SIM_PARAM_U32(S, gro_flush_timeout, "gro_flush_timeout", 0, 0, 1e9, "ns", "/sys/class/net/<dev>/gro_flush_timeout: the deferral timer (policies defer, threaded, busy_poll, irq_suspend)"),
	SIM_PARAM_U32(S, irq_suspend_timeout, "irq_suspend_timeout", 0, 0, 1e9, "ns", "netdev-genl irq-suspend-timeout: how long epoll keeps the IRQ suspended while it finds events (policy irq_suspend)"),
	SIM_PARAM_U32(S, thread_cpu, "thread_cpu", 0, 0, 63, "", "CPU the napi/<dev>-<id> kthreads are pinned to (policy threaded, thread_affinity=pinned)"),
	SIM_PARAM_ENUM(S, thread_affinity, "thread_affinity", 0, "pinned|vector|any", "where each NAPI's kthread runs (policy threaded): pinned = all on thread_cpu; vector = each on its NAPI's interrupt CPU; any = unbound, as the kernel creates them, placed by the scheduler at each wakeup"),
	SIM_PARAM_S32(S, thread_nice, "thread_nice", 0, -20, 19, "", "nice value of the napi/<dev>-<id> kthread (policy threaded)"),
	{ }
};
#undef S

static const char *const mitigation_accounts[] = { "napi_thread", NULL };

const struct sim_model_ops mitigation_model_ops = {
	.name = "mitigation",
	.help = "[mitigation] kernel-side interrupt mitigation policy and its keys (models/mitigation/)",
	.params = mitigation_params,
	.cfg_size = sizeof(struct mitigation_cfg),
	.check = mitigation_check,
	.check_point = mitigation_check_point,
	.accounts = mitigation_accounts,
	.create = mitigation_create,
	.connect = mitigation_connect,
	.report = mitigation_report,
	.destroy = mitigation_destroy,
};
