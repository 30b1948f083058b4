/*
 * models/mitigation/policy_busy_poll.c - busy polling.
 *
 * The application polls the NAPI itself: recvmsg() spins up to
 * net.core.busy_read microseconds on an empty socket (sk_busy_loop()), or
 * epoll_wait() spins up to busy_poll_usecs (ep_busy_loop()), each turn
 * polling with busy_poll_budget (models/core/busy_poll.c).  As a preset
 * of [app] wait=auto it has the application wait in recvmsg() when
 * busy_read is set, else in epoll_wait().  While the busy poller owns the
 * NAPI its completions return false (IN_BUSY_POLL) and the IRQ stays
 * masked; with prefer_busy_poll, busy_poll_stop() arms the
 * gro_flush_timeout timer for napi_defer_hard_irqs, so the deferral rule
 * of defer.c applies to the completions.
 */
#include "config.h"

#include "sim/config/param.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/core/napi.h"
#include "models/mitigation/mitigation.h"
#include "models/workload/app.h"

/* it needs an application with some busy polling set up */
static gboolean busy_poll_check_point(const struct mitigation_cfg *cfg,
				      const struct sim_point *p,
				      GError **error)
{
	const struct netcore_cfg *nc = sim_point_cfg(p, &netcore_model_ops);
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);

	if (!mitigation_check_app(cfg, p, error))
		return FALSE;
	if (!nc->busy_read && !nc->busy_poll && !app->busy_poll_usecs &&
	    !app->prefer_busy_poll) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[mitigation] policy=busy_poll needs [net.core] busy_read (recvmsg) or busy_poll, or [app] busy_poll_usecs or prefer_busy_poll (epoll)");
		return FALSE;
	}
	return TRUE;
}

/* the preset: busy reads in recvmsg() if busy_read is set, else epoll */
static enum mitigation_wait
busy_poll_app_wait(const struct rx_mitigation *mit G_GNUC_UNUSED,
		   uint32_t busy_read)
{
	return busy_read ? WAIT_RECVMSG : WAIT_EPOLL;
}

const struct rx_mitigation_ops busy_poll_mitigation_ops = {
	.name = "busy_poll",
	.help = "the application busy-polls the NAPI (busy_read or epoll)",
	.check_point = busy_poll_check_point,
	.app_wait = busy_poll_app_wait,
	.complete_done = napi_defer_complete_done,
};
