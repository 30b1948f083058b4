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

#include "models/mitigation/mitigation.h"

const struct rx_mitigation_ops busy_poll_mitigation_ops = {
	.name = "busy_poll",
	.help = "the application busy-polls the NAPI (busy_read or epoll)",
	.complete_done = napi_defer_complete_done,
};
