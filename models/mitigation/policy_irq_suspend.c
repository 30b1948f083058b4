/*
 * models/mitigation/policy_irq_suspend.c - IRQ suspension (Linux 6.13).
 *
 * epoll busy polling with prefer_busy_poll, where each epoll_wait() that
 * returns events calls napi_suspend_irqs(): the NAPI hrtimer is pushed out
 * to irq_suspend_timeout, so the IRQ stays masked while the application
 * keeps finding work; when a busy loop runs dry, napi_resume_irqs()
 * schedules a normal poll and the napi_defer_hard_irqs /
 * gro_flush_timeout rule (defer.c) takes over again
 * (fs/eventpoll.c ep_poll(), ep_busy_loop(); net/core/dev.c
 * napi_suspend_irqs(), napi_resume_irqs(); models/core/busy_poll.c).
 */
#include "config.h"

#include "sim/config/param.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/core/netdevice.h"
#include "models/mitigation/mitigation.h"
#include "models/workload/app.h"

static gboolean irq_suspend_check(const struct mitigation_cfg *cfg,
				  GError **error)
{
	if (!cfg->irq_suspend_timeout) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "policy=irq_suspend needs irq_suspend_timeout above 0 (and [app] prefer_busy_poll=true: the kernel suspends only then)");
		return FALSE;
	}
	return TRUE;
}

/* epoll suspends the IRQ only with prefer_busy_poll */
static gboolean irq_suspend_check_point(const struct mitigation_cfg *cfg,
					const struct sim_point *p,
					GError **error)
{
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);

	if (!mitigation_check_app(cfg, p, error))
		return FALSE;
	if (!app->prefer_busy_poll) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[mitigation] policy=irq_suspend needs [app] prefer_busy_poll=true (with irq_suspend_timeout: the kernel suspends only then)");
		return FALSE;
	}
	return TRUE;
}

/* netdev-genl napi-set irq-suspend-timeout, per NAPI */
static void irq_suspend_setup_napi(struct rx_mitigation *mit,
				   struct machine *m G_GNUC_UNUSED,
				   struct napi_struct *n)
{
	n->irq_suspend_timeout = SIM_NS(mit->cfg->irq_suspend_timeout);
}

static enum mitigation_wait
irq_suspend_app_wait(const struct rx_mitigation *mit G_GNUC_UNUSED,
		     uint32_t busy_read G_GNUC_UNUSED)
{
	return WAIT_EPOLL;
}

const struct rx_mitigation_ops irq_suspend_mitigation_ops = {
	.name = "irq_suspend",
	.help = "epoll suspends the IRQ while it finds events (irq_suspend_timeout)",
	.check = irq_suspend_check,
	.check_point = irq_suspend_check_point,
	.setup_napi = irq_suspend_setup_napi,
	.app_wait = irq_suspend_app_wait,
	.complete_done = napi_defer_complete_done,
};
