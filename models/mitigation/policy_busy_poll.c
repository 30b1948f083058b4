/*
 * models/mitigation/policy_busy_poll.c - busy polling.
 *
 * The application polls the NAPI itself: recvmsg() spins up to busy_read
 * microseconds on an empty socket (sk_busy_loop()), or epoll_wait() spins
 * up to busy_poll_usecs (ep_busy_loop()), each turn polling with
 * busy_poll_budget (models/core/busy_poll.c).  While the busy poller owns the
 * NAPI its completions return false (IN_BUSY_POLL) and the IRQ stays
 * masked; with prefer_busy_poll, busy_poll_stop() arms the
 * gro_flush_timeout timer for napi_defer_hard_irqs, so the deferral rule
 * of defer.c applies to the completions.
 */
#include "config.h"

#include "sim/config/param.h"
#include "models/mitigation/mitigation.h"

static gboolean busy_poll_check(const struct mitigation_cfg *cfg,
				GError **error)
{
	if (!cfg->busy_read && !cfg->busy_poll && !cfg->busy_poll_usecs) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "policy=busy_poll needs busy_read (recvmsg) or busy_poll / busy_poll_usecs (epoll) above 0");
		return FALSE;
	}
	if (cfg->busy_read && (cfg->busy_poll || cfg->busy_poll_usecs)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "policy=busy_poll: set busy_read (recvmsg) or busy_poll / busy_poll_usecs (epoll), not both");
		return FALSE;
	}
	return TRUE;
}

static enum mitigation_wait
busy_poll_app_wait(const struct rx_mitigation *mit)
{
	return mit->cfg->busy_read ? WAIT_BUSY_READ : WAIT_EPOLL;
}

const struct rx_mitigation_ops busy_poll_mitigation_ops = {
	.name = "busy_poll",
	.help = "the application busy-polls the NAPI (busy_read or epoll)",
	.check = busy_poll_check,
	.check_point = mitigation_check_app,
	.app_wait = busy_poll_app_wait,
	.complete_done = napi_defer_complete_done,
};
