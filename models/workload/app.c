/*
 * models/workload/app.c - the application thread, and a CPU hog.
 *
 * Two workloads ([app] mode):
 * - sink: a loop of recvmsg() calls (udp_recvmsg -> __skb_recv_udp); each
 *   pays recvmsg cycles plus copy_byte per byte, then work_cycles of
 *   application work.  A datagram's latency is from its last bit on the
 *   wire to the end of the recvmsg() that returned it.
 * - rr: a request/response server in the style of memcached under an
 *   open-loop load generator: each request is read as above, costs
 *   work_cycles of service, and its reply (reply_size bytes) is sent with
 *   sendmsg() (udp_sendmsg .. dev_queue_xmit) out of the same NIC's TX
 *   ring.  A request's latency is from its last bit on the wire to its
 *   reply's last bit on the wire.
 *
 * How the thread waits for data depends on the policy
 * (mitigation_wait()):
 * - block: recvmsg() sleeps until sk_data_ready() wakes it;
 * - busy_read: recvmsg() on an empty socket busy-polls the NAPI for up to
 *   busy_read us (sk_busy_loop()), then sleeps;
 * - epoll: the thread calls epoll_wait() (fs/eventpoll.c ep_poll(), Linux
 *   6.13): with events ready it returns at once, and with prefer_busy_poll
 *   suspends the IRQ (napi_suspend_irqs()); else it busy-polls for
 *   busy_poll_usecs (or net.core.busy_poll) via ep_busy_loop(), and if that
 *   finds nothing, resumes the IRQ (napi_resume_irqs()) and sleeps.  The
 *   thread then reads until the socket is empty.
 * On each return to user space the thread yields if the scheduler asked.
 *
 * The hog ([hog] enabled) is a task that never sleeps while the load lasts:
 * a batch job sharing a CPU with ksoftirqd or the application.  It stops
 * after the last arrival, so that the run ends.
 *
 * MODEL: one datagram per recvmsg() (no recvmmsg), one socket, one epoll
 * instance; the reply goes straight to the driver (no qdisc) and a full
 * TX ring drops it (tx_dropped).
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/workload/app.h"
#include "models/core/busy_poll.h"
#include "models/machine.h"
#include "models/drivers/e1000.h"
#include "models/stack/sock.h"
#include "models/workload/traffic.h"

static void app_loop(struct sim_ctx *task);
static void app_epoll_done(struct sim_ctx *task);

static void app_reply_sent(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;

	/* the latency is recorded when the reply leaves the wire */
	if (e1000_xmit_frame(&h->rx_nic, task->cpu->now, app->cur.arrival,
			     h->app_cfg->reply_size))
		h->delivered++;
	app_loop(task);
}

static void app_work_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;

	if (h->app_cfg->mode == APP_RR) {
		sim_ctx_step(task, h->cost->sendmsg, app_reply_sent);
		return;
	}
	app_loop(task);
}

static void app_recvmsg_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;

	if (h->app_cfg->mode == APP_SINK) {
		sim_hist_record(&h->latency,
				(task->cpu->now - app->cur.arrival) / 1000);
		h->delivered++;
	}
	app->reads++;
	sim_ctx_step(task, h->app_cfg->work_cycles, app_work_done);
}

static void app_sleep(struct sim_ctx *task)
{
	struct app *app = task->data;

	app->busy_end = 0;
	app->sleeps++;
	app->host->sk.reader = task;
	sim_task_sleep(task);
}

/* the busy loop is over: data, time up, or the scheduler wants the CPU */
static void app_busy_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;

	if (h->sk.q.len && app->wait == WAIT_EPOLL) {
		/* ep_poll(): the busy loop found events; they are returned
		 * from this same epoll_wait() call */
		app_epoll_done(task);
		return;
	}
	if (h->sk.q.len || task->cpu->now < app->busy_end) {
		/* data, or rescheduling with time left: app_loop() goes on */
		app_loop(task);
		return;
	}
	/* ran dry */
	if (app->wait == WAIT_EPOLL && app->bl.prefer) {
		app->irq_resumes++;
		napi_resume_irqs(&h->rx_nic.napi, task);
	}
	app_sleep(task);
}

static bool app_loop_end(struct napi_busy_loop *bl)
{
	/* sk_busy_loop_end() / ep_busy_loop_end(): data is queued */
	return bl->napi->host->sk.q.len != 0;
}

/* no data: wait for it as the policy says */
static void app_wait(struct sim_ctx *task)
{
	struct app *app = task->data;
	const struct mitigation_cfg *m = app->host->mitigation_cfg;
	sim_time_t now = task->cpu->now;
	uint32_t usecs;

	if (app->wait == WAIT_BLOCK) {
		app_sleep(task);
		return;
	}
	if (!app->busy_end) {
		usecs = app->wait == WAIT_BUSY_READ ? m->busy_read :
			(m->busy_poll_usecs ? m->busy_poll_usecs : m->busy_poll);
		app->busy_end = now + SIM_US(usecs);
	}
	if (now >= app->busy_end) {
		app_busy_done(task);
		return;
	}
	napi_busy_loop(&app->bl, app->busy_end, app_busy_done);
}

static void app_epoll_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;

	if (h->sk.q.len) {
		/* ep_poll() returns events: ep_suspend_napi_irqs() */
		if (app->bl.prefer) {
			app->irq_suspends++;
			napi_suspend_irqs(&h->rx_nic.napi, task->cpu->now);
		}
		app->in_batch = true;
		app_loop(task);
		return;
	}
	app_wait(task);
}

static void app_loop(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;
	uint64_t cycles;

	/* back in user space: the scheduler may take the CPU here */
	if (sim_task_cond_resched(task))
		return;
	if (app->wait == WAIT_EPOLL && !app->in_batch) {
		if (app->busy_end && task->cpu->now < app->busy_end &&
		    !h->sk.q.len) {
			/* a busy loop cut short by rescheduling goes on */
			app_wait(task);
			return;
		}
		app->busy_end = 0;
		sim_ctx_step(task, h->cost->epoll_wait, app_epoll_done);
		return;
	}
	if (!sock_dequeue(&h->sk, &app->cur)) {
		/* read until EAGAIN, then back to epoll_wait() */
		if (app->wait == WAIT_EPOLL) {
			app->in_batch = false;
			sim_ctx_step(task, h->cost->recvmsg, app_loop);
			return;
		}
		app_wait(task);
		return;
	}
	app->busy_end = 0;
	cycles = h->cost->recvmsg +
		 (uint64_t)llround(h->cost->copy_byte * h->traffic_cfg->size);
	sim_ctx_step(task, cycles, app_recvmsg_done);
}

void app_init(struct app *app, struct host *h)
{
	const struct mitigation_cfg *m = h->mitigation_cfg;

	*app = (struct app) { .host = h, .wait = mitigation_wait(m) };
	sim_task_init(&app->task, &h->sim.cpu[h->app_cfg->cpu], "app",
		      SIM_ACCT_APP, app_loop, app, 0);
	napi_busy_loop_init(&app->bl, h, &app->task, &h->rx_nic.napi,
			    m->busy_poll_budget, m->prefer_busy_poll,
			    app_loop_end);
	if (app->wait == WAIT_EPOLL) {
		/* it starts by calling epoll_wait() */
		sim_task_wake(&app->task, app->task.cpu, 0);
		return;
	}
	h->sk.reader = &app->task;
}

/* ------------------------------------------------------------ hog */

static void hog_loop(struct sim_ctx *task);

static void hog_loop_done(struct sim_ctx *task)
{
	hog_loop(task);
}

static void hog_loop(struct sim_ctx *task)
{
	struct hog *hog = task->data;

	if (sim_task_cond_resched(task))
		return;
	/* the batch job ends with the offered load, so the run can end:
	 * once the last frame has reached the ring (advancing the lazy RX
	 * DMA to now first, so both modes see the same thing) */
	nic_rx_advance(&hog->host->rx_nic, task->cpu->now);
	if (traffic_peek(&hog->host->traffic) == SIM_TIME_NEVER) {
		sim_task_sleep(task);
		return;
	}
	/* 10 us of work per step, between checks of need_resched */
	sim_ctx_step(task, 10ULL * task->cpu->mhz, hog_loop_done);
}

void hog_init(struct hog *hog, struct host *h)
{
	*hog = (struct hog) { .host = h };
	sim_task_init(&hog->task, &h->sim.cpu[h->hog_cfg->cpu], "hog",
		      SIM_ACCT_HOG, hog_loop, hog, h->hog_cfg->nice);
	sim_task_wake(&hog->task, hog->task.cpu, 0);
}
/* ---------------------------------------------------------------- params */

#define S struct app_cfg
static const struct sim_param app_params[] = {
	SIM_PARAM_ENUM(S, mode, "mode", 0, "sink|rr", "sink: read datagrams; rr: request/response server, one reply per request out of the NIC's TX ring"),
	SIM_PARAM_U32(S, cpu, "cpu", 1, 0, 63, "", "CPU the application thread is pinned to"),
	SIM_PARAM_U32(S, work_cycles, "work_cycles", 2000, 0, 1e9, "cycles", "application work per datagram, after recvmsg (rr: the service time of a request)"),
	SIM_PARAM_U32(S, reply_size, "reply_size", 64, 60, 1514, "bytes", "rr: reply frame size, without FCS"),
	{ }
};
#undef S

const struct sim_model_ops app_model_ops = {
	.name = "app",
	.help = "[app] the application thread: a datagram sink or a request/response server",
	.params = app_params,
	.cfg_size = sizeof(struct app_cfg),
	.check = NULL,
};

#define S struct hog_cfg
static const struct sim_param hog_params[] = {
	SIM_PARAM_BOOL(S, enabled, "enabled", 0, "run a CPU-bound task that never sleeps (a batch job)"),
	SIM_PARAM_U32(S, cpu, "cpu", 0, 0, 63, "", "CPU the hog is pinned to"),
	SIM_PARAM_S32(S, nice, "nice", 0, -20, 19, "", "nice value of the hog"),
	{ }
};
#undef S

const struct sim_model_ops hog_model_ops = {
	.name = "hog",
	.help = "[hog] a CPU-bound task competing with ksoftirqd and the application",
	.params = hog_params,
	.cfg_size = sizeof(struct hog_cfg),
	.check = NULL,
};
