/*
 * models/workload/app.c - the application thread.
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
 * How the thread waits for data ([app] wait; auto: as the kernel-side
 * policy presets it, models/mitigation/):
 * - recvmsg: a blocking recvmsg() sleeps until sk_data_ready() wakes it;
 *   with net.core.busy_read (sk_ll_usec) it first busy-polls the NAPI for
 *   up to that long (sk_busy_loop(): at least one pass, until data is
 *   queued or the time is up);
 * - epoll: the thread calls epoll_wait() (fs/eventpoll.c ep_poll(), Linux
 *   6.13 and later): with events ready it returns them, and with
 *   prefer_busy_poll suspends the IRQ (ep_suspend_napi_irqs()); else, when
 *   busy polling is on (busy_poll_usecs, prefer_busy_poll or
 *   net.core.busy_poll: ep_busy_loop_on()), ep_busy_loop() polls for up to
 *   busy_poll_usecs (or net.core.busy_poll; with both 0, exactly one
 *   non-blocking pass) and returns what it found; if nothing, it resumes
 *   the IRQ under prefer_busy_poll (napi_resume_irqs()) and sleeps; a
 *   wakeup returns the events from the same epoll_wait() call.  The thread
 *   then reads until the socket is empty.
 * On each return to user space the thread yields if the scheduler asked.
 *
 * MODEL: one datagram per recvmsg() (no recvmmsg), one socket, one epoll
 * instance; the reply goes straight to the driver (no qdisc) and a full
 * TX ring drops it (tx_dropped).
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/busy_poll.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/core/sched.h"
#include "models/mitigation/mitigation.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/stack/stack.h"
#include "models/workload/app.h"

struct app {
	struct task_struct task;	/* first: the task is the app */
	struct machine *m;
	const struct app_cfg *cfg;
	uint32_t busy_read;		/* sk_ll_usec: net.core.busy_read */
	uint32_t ep_busy_usecs;		/* busy_poll_usecs ?: net.core.busy_poll */
	bool ep_busy_on;		/* ep_busy_loop_on() */
	struct sock *sk;
	struct net_device *dev;		/* rr: replies go out of it */
	struct sk_buff cur;		/* datagram being read */
	uint64_t reads;
	int wait;			/* enum mitigation_wait */
	bool in_batch;		/* epoll: reading what epoll_wait() found */
	bool in_epoll;		/* asleep inside epoll_wait() */
	sim_time_t busy_end;	/* busy polling until, 0: not started */
	struct napi_busy_loop bl;
	uint64_t sleeps;
	uint64_t epoll_waits;
	uint64_t irq_suspends, irq_resumes;
	struct sim_event move_ev;	/* sched_setaffinity() at move_us */
	bool move_pending;		/* it moves when it next sleeps */
	uint64_t moves;
};

static void app_loop(struct sim_ctx *task);
static void app_epoll_done(struct sim_ctx *task);

static void app_reply_sent(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct machine *m = app->m;
	/* __dev_queue_xmit() records the sending CPU for XPS.  MODEL: the
	 * reply carries its request's flow hash; the kernel hashes a UDP
	 * reply with the socket's random sk_txhash */
	struct sk_buff reply = {
		.arrival = app->cur.arrival, .len = app->cfg->reply_size,
		.sender_cpu = task->cpu->id + 1, .hash = app->cur.hash,
		.flow = app->cur.flow,
	};
	sim_time_t out = dev_queue_xmit(app->dev, &reply, task->cpu->now);

	/* the latency ends when the reply's last bit leaves the wire */
	if (out != SIM_TIME_NEVER) {
		machine_record_latency(m, reply.arrival, out);
		m->delivered++;
	}
	app_loop(task);
}

static void app_work_done(struct sim_ctx *task)
{
	struct app *app = task->data;

	if (app->cfg->mode == APP_RR) {
		sim_ctx_step(task, app->m->cost->sendmsg, app_reply_sent);
		return;
	}
	app_loop(task);
}

static void app_recvmsg_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct machine *m = app->m;

	if (app->cfg->mode == APP_SINK) {
		machine_record_latency(m, app->cur.arrival, task->cpu->now);
		m->delivered++;
	}
	app->reads++;
	sim_ctx_step(task, app->cfg->work_cycles, app_work_done);
}

/* sched_setaffinity() to move_cpu: a sleeping thread moves at once */
static void app_move(struct app *app)
{
	app->move_pending = false;
	app->moves++;
	sim_task_migrate(&app->task.ctx, &app->m->sim.cpu[app->cfg->move_cpu]);
}

/*
 * __set_cpus_allowed_ptr(): a sleeping or preemptible thread moves at
 * once (a running one through the migration stopper).  MODEL: one that
 * holds preemption or BHs off (a busy-poll loop) moves when it next
 * sleeps, not at its preempt_enable().
 */
static void app_move_event(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	struct app *app = ev->data;
	struct sim_ctx *t = &app->task.ctx;

	if (t->preempt_count || t->softirq_count)
		app->move_pending = true;
	else
		app_move(app);
}

static void app_sleep(struct sim_ctx *task)
{
	struct app *app = task->data;

	app->busy_end = 0;
	app->sleeps++;
	/* ep_poll() sleeps inside the call; a wakeup returns from it */
	app->in_epoll = app->wait == WAIT_EPOLL;
	sock_set_reader(app->sk, task);
	sim_task_sleep(task);
	if (app->move_pending)
		app_move(app);
}

/* the busy loop is over: data, time up, or the scheduler wants the CPU */
static void app_busy_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	uint32_t queued = sock_queue_len(app->sk);

	if (queued && app->wait == WAIT_EPOLL) {
		/* ep_poll(): the busy loop found events; they are returned
		 * from this same epoll_wait() call */
		app_epoll_done(task);
		return;
	}
	if (queued || task->cpu->now < app->busy_end) {
		/* data, or rescheduling with time left: app_loop() goes on */
		app_loop(task);
		return;
	}
	/* ran dry: ep_busy_loop() resumes the IRQ under prefer_busy_poll */
	if (app->wait == WAIT_EPOLL && app->bl.prefer) {
		app->irq_resumes++;
		napi_resume_irqs(app->bl.napi, task);
	}
	app_sleep(task);
}

static bool app_loop_end(struct napi_busy_loop *bl)
{
	struct app *app = bl->loop_end_arg;

	/* sk_busy_loop_end() / ep_busy_loop_end(): data is queued */
	return sock_queue_len(app->sk) != 0;
}

/* no data: busy-poll if set up, else sleep */
static void app_wait(struct sim_ctx *task)
{
	struct app *app = task->data;
	sim_time_t now = task->cpu->now;
	bool on = app->wait == WAIT_EPOLL ? app->ep_busy_on : app->busy_read;

	if (!on) {
		app_sleep(task);
		return;
	}
	if (!app->busy_end) {
		/* a new loop: at least one pass, then until the time is up
		 * (0: that one pass) */
		app->busy_end = now + SIM_US(app->wait == WAIT_EPOLL ?
					     app->ep_busy_usecs :
					     app->busy_read);
	} else if (now >= app->busy_end) {
		/* a loop cut short by rescheduling, and its time is up */
		app_busy_done(task);
		return;
	}
	napi_busy_loop(&app->bl, app->busy_end, app_busy_done);
}

static void app_epoll_done(struct sim_ctx *task)
{
	struct app *app = task->data;

	if (sock_queue_len(app->sk)) {
		/* ep_poll() returns events: ep_suspend_napi_irqs() */
		if (app->bl.prefer) {
			app->irq_suspends++;
			napi_suspend_irqs(app->bl.napi, task->cpu);
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
	const struct cost_cfg *c = app->m->cost;
	uint64_t cycles;

	/* back in user space: the scheduler may take the CPU here */
	if (sim_task_cond_resched(task))
		return;
	if (app->wait == WAIT_EPOLL && !app->in_batch) {
		if (app->in_epoll) {
			/* woken inside ep_poll(): the same call returns */
			app->in_epoll = false;
			app_epoll_done(task);
			return;
		}
		if (app->busy_end && task->cpu->now < app->busy_end &&
		    !sock_queue_len(app->sk)) {
			/* a busy loop cut short by rescheduling goes on */
			app_wait(task);
			return;
		}
		app->busy_end = 0;
		app->epoll_waits++;
		sim_ctx_step(task, c->epoll_wait, app_epoll_done);
		return;
	}
	/* inet_recvmsg(): sock_rps_record_flow() */
	sock_rps_record_flow(app->sk, task->cpu->id);
	if (!sock_dequeue(app->sk, &app->cur)) {
		/* read until EAGAIN, then back to epoll_wait() */
		if (app->wait == WAIT_EPOLL) {
			app->in_batch = false;
			sim_ctx_step(task, c->recvmsg, app_loop);
			return;
		}
		app_wait(task);
		return;
	}
	app->busy_end = 0;
	cycles = c->recvmsg +
		 (uint64_t)llround(c->copy_byte * app->cur.len);
	sim_ctx_step(task, cycles, app_recvmsg_done);
}

/* ---------------------------------------------------------------- model */

static void *app_create(struct machine *m, const void *cfg,
			GError **error G_GNUC_UNUSED)
{
	const struct stack_cfg *st = machine_cfg(m, &stack_model_ops);
	struct app *app;

	/* a router runs no application */
	if (st->mode == STACK_FORWARD)
		return NULL;
	app = g_new0(struct app, 1);
	app->m = m;
	app->cfg = cfg;
	task_init(&app->task, m, app->cfg->cpu, "app", "app", app_loop, app,
		  0);
	return app;
}

/* its socket, the NAPI it busy-polls, and how it waits */
static gboolean app_connect(void *p, struct machine *m,
			    GError **error G_GNUC_UNUSED)
{
	struct app *app = p;
	const struct app_cfg *cfg = app->cfg;
	const struct netcore_cfg *nc = machine_cfg(m, &netcore_model_ops);
	struct net_device *dev = m->netdevs->pdata[0];

	app->sk = m->socks->pdata[0];
	app->dev = dev;
	if (cfg->wait == APP_WAIT_AUTO)
		app->wait = mitigation_app_wait(
			machine_priv(m, &mitigation_model_ops), nc->busy_read);
	else
		app->wait = cfg->wait == APP_WAIT_EPOLL ? WAIT_EPOLL :
			    WAIT_RECVMSG;
	app->busy_read = nc->busy_read;
	app->ep_busy_usecs = cfg->busy_poll_usecs ? cfg->busy_poll_usecs :
			     nc->busy_poll;
	app->ep_busy_on = cfg->busy_poll_usecs || cfg->prefer_busy_poll ||
			  nc->busy_poll;
	napi_busy_loop_init(&app->bl, m, &app->task.ctx, dev->_rx[0].napi,
			    cfg->busy_poll_budget, cfg->prefer_busy_poll,
			    app_loop_end, app);
	return TRUE;
}

static void app_start(void *p)
{
	struct app *app = p;

	if (app->cfg->move_us) {
		sim_event_init(&app->move_ev, "app_move", SIM_PRIO_SCHED,
			       app_move_event, app, NULL);
		sim_event_schedule(&app->m->sim.q, &app->move_ev,
				   SIM_US(app->cfg->move_us));
	}

	if (app->wait == WAIT_EPOLL) {
		/* it starts by calling epoll_wait() */
		sim_task_wake(&app->task.ctx, app->task.ctx.cpu, 0);
		return;
	}
	sock_set_reader(app->sk, &app->task.ctx);
}

static void app_report(void *p, struct sim_report *r)
{
	struct app *app = p;
	struct sim_row *d = sim_report_object(r, "task", "app");

	sim_row_add_u64(d, "reads", app->reads);
	sim_row_add_u64(d, "sleeps", app->sleeps);
	sim_row_add_u64(d, "wakeups", app->task.ctx.wakeups);
	sim_row_add_u64(d, "preempted", app->task.ctx.preempted);
	sim_row_add_u64(d, "moves", app->moves);
	sim_row_add_u64(d, "cpu", app->task.ctx.cpu->id);
	sim_row_add_u64(d, "cache_refills", app->task.ctx.cache_refills);
	sim_row_add_u64(d, "busy_turns", app->bl.turns);
	sim_row_add_u64(d, "busy_rx_packets", app->bl.rx_packets);
	sim_row_add_u64(d, "epoll_waits", app->epoll_waits);
	sim_row_add_u64(d, "irq_suspends", app->irq_suspends);
	sim_row_add_u64(d, "irq_resumes", app->irq_resumes);
}

static void app_destroy(void *p)
{
	g_free(p);
}

static gboolean app_check_point(const struct sim_point *p, GError **error)
{
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);
	const struct stack_cfg *st = sim_point_cfg(p, &stack_model_ops);
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);

	if (st->mode == STACK_FORWARD) {
		if (app->mode == APP_RR) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "[app] mode: rr needs [stack] mode=deliver");
			return FALSE;
		}
		return TRUE;
	}
	if (app->cpu >= cpu->count) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[app] cpu: %u is not a CPU ([cpu] count=%u)",
			    app->cpu, cpu->count);
		return FALSE;
	}
	if (app->move_us && app->move_cpu >= cpu->count) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[app] move_cpu: %u is not a CPU ([cpu] count=%u)",
			    app->move_cpu, cpu->count);
		return FALSE;
	}
	return TRUE;
}
/* ---------------------------------------------------------------- params */

#define S struct app_cfg
static const struct sim_param app_params[] = {
	SIM_PARAM_ENUM(S, mode, "mode", 0, "sink|rr", "sink: read datagrams; rr: request/response server, one reply per request out of the NIC's TX ring"),
	SIM_PARAM_U32(S, cpu, "cpu", 1, 0, 63, "", "CPU the application thread is pinned to"),
	SIM_PARAM_U64(S, move_us, "move_us", 0, 0, 1e12, "us", "at this time the thread's affinity changes to move_cpu (sched_setaffinity()); it moves at once if asleep, else when it next sleeps (0: never)"),
	SIM_PARAM_U32(S, move_cpu, "move_cpu", 0, 0, 63, "", "the CPU the thread moves to at move_us"),
	SIM_PARAM_U32(S, work_cycles, "work_cycles", 2000, 0, 1e9, "cycles", "application work per datagram, after recvmsg (rr: the service time of a request)"),
	SIM_PARAM_U32(S, reply_size, "reply_size", 64, 60, 1514, "bytes", "rr: reply frame size, without FCS"),
	SIM_PARAM_ENUM(S, wait, "wait", 0, "auto|recvmsg|epoll", "how the thread waits for data: in a blocking recvmsg() (busy-reading if net.core.busy_read is set) or in epoll_wait(); auto: as the [mitigation] policy presets it (busy_poll: recvmsg if busy_read is set, else epoll; irq_suspend: epoll; others: recvmsg)"),
	SIM_PARAM_U32(S, busy_poll_usecs, "busy_poll_usecs", 0, 0, 1e6, "us", "epoll EPIOCSPARAMS busy_poll_usecs: epoll_wait() busy-polls this long before sleeping (0: net.core.busy_poll)"),
	SIM_PARAM_U32(S, busy_poll_budget, "busy_poll_budget", 8, 1, 65535, "pkts", "budget of one busy poll (SO_BUSY_POLL_BUDGET / EPIOCSPARAMS; BUSY_POLL_BUDGET 8; above 64 needs CAP_NET_ADMIN)"),
	SIM_PARAM_BOOL(S, prefer_busy_poll, "prefer_busy_poll", 0, "SO_PREFER_BUSY_POLL / EPIOCSPARAMS prefer_busy_poll: softirq yields to the busy poller, busy_poll_stop() defers the IRQ, epoll_wait() busy-polls at least once and suspends the IRQ while it finds events (with irq_suspend_timeout)"),
	{ }
};
#undef S

static const char *const app_accounts[] = { "app", NULL };

const struct sim_model_ops app_model_ops = {
	.name = "app",
	.help = "[app] the application thread: a datagram sink or a request/response server",
	.params = app_params,
	.cfg_size = sizeof(struct app_cfg),
	.check_point = app_check_point,
	.accounts = app_accounts,
	.create = app_create,
	.connect = app_connect,
	.start = app_start,
	.report = app_report,
	.destroy = app_destroy,
};

