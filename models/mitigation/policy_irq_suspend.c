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

#include "models/mitigation/mitigation.h"

const struct rx_mitigation_ops irq_suspend_mitigation_ops = {
	.name = "irq_suspend",
	.help = "epoll suspends the IRQ while it finds events (irq_suspend_timeout)",
	.complete_done = napi_defer_complete_done,
};
