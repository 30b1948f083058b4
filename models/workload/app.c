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
 * [app] threads runs several such threads, each pinned to its CPU (cpus)
 * or, unpinned, placed by the scheduler at each wakeup
 * (sim/engine/cpu.c select_task_rq()).  They share one socket, woken one
 * per datagram in the order they slept, or each has its own member of a
 * SO_REUSEPORT group ([socket] reuseport).  A thread busy-polls the NAPI
 * its socket's data came from (sk_napi_id: the memcached-style "one
 * worker per queue" when a reuseport member only gets one queue's
 * flows), and nothing before its socket has received anything.
 *
 * MODEL: one datagram per recvmsg() (no recvmmsg), one epoll instance per
 * thread, woken like an EPOLLEXCLUSIVE waiter (one per datagram); the
 * reply goes straight to the driver (no qdisc) and a full TX ring drops
 * it (tx_dropped).
 */
#include "config.h"

#include <math.h>
#include <string.h>
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
#include "models/drivers/drivers.h"
#include "models/mitigation/mitigation.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/stack/stack.h"
#include "models/workload/app.h"
#include "models/workload/sizes.h"
#include "models/workload/traffic.h"

/* one application thread */
struct app_thread {
	struct task_struct task;	/* first: the task is the thread */
	struct app *app;
	uint32_t index;
	struct sock *sk;
	struct sk_buff cur;		/* datagram being read */
	uint64_t reads;
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
	uint64_t work_cycles;		/* service drawn, in total */
};

struct app {
	struct machine *m;
	const struct app_cfg *cfg;
	uint32_t busy_read;		/* sk_ll_usec: net.core.busy_read */
	uint32_t ep_busy_usecs;		/* busy_poll_usecs ?: net.core.busy_poll */
	bool ep_busy_on;		/* ep_busy_loop_on() */
	struct net_device *dev;		/* rr: replies go out of it */
	int wait;			/* enum mitigation_wait */
	struct app_thread *thr;
	uint32_t nthreads;
	/* the service time's distribution ([app] service_dist) */
	GRand *service_rand;
	/* rr: the replies' sizes ([app] reply_sizes), or NULL: reply_size */
	struct size_mix *reply_mix;
	GRand *reply_rand;
	GArray *table_cycles, *table_cum;	/* uint64_t, double */
};

static struct app_thread *thr_of(struct sim_ctx *task)
{
	return task->data;
}

/* the NAPI the thread busy-polls: its socket's sk_napi_id, or NULL */
static struct napi_struct *thr_napi(struct app_thread *th)
{
	uint32_t id = sock_napi_id(th->sk);

	th->bl.napi = id ? th->app->m->napis->pdata[id - 1] : NULL;
	return th->bl.napi;
}

static void app_loop(struct sim_ctx *task);
static void app_epoll_done(struct sim_ctx *task);

static void app_reply_sent(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;
	struct machine *m = app->m;
	/* __dev_queue_xmit() records the sending CPU for XPS.  MODEL: the
	 * reply carries its request's flow hash; the kernel hashes a UDP
	 * reply with the socket's random sk_txhash */
	struct sk_buff reply = {
		.arrival = th->cur.arrival, .len = app->reply_mix ?
			app->reply_mix->len[size_mix_draw(app->reply_mix,
							  app->reply_rand)] :
			app->cfg->reply_size,
		.sender_cpu = task->cpu->id + 1, .hash = th->cur.hash,
		.flow = th->cur.flow, .burst_last = th->cur.burst_last,
		/* GRO: a reply answers every frame of its request (a
		 * dropped one drops them all, in tx_dropped) */
		.gso_segs = th->cur.gso_segs,
	};
	sim_time_t out = dev_queue_xmit(app->dev, &reply, task->cpu->now);

	/* the latency ends when the reply's last bit leaves the wire, and
	 * then a closed-loop client may send again */
	if (out != SIM_TIME_NEVER) {
		machine_deliver_skb(m, &th->cur, out);
		if (traffic_reply(m->traffic, reply.flow, out))
			machine_input_changed(m, task->cpu->now);
	} else {
		kfree_skb(m->skb_pool, &th->cur);
	}
	app_loop(task);
}

static void app_work_done(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;

	if (app->cfg->mode == APP_RR) {
		sim_ctx_step(task, app->m->cost->sendmsg, app_reply_sent);
		return;
	}
	app_loop(task);
}

/*
 * The work one datagram (rr: one request) costs: work_cycles, or drawn
 * from the service-time distribution, from its own stream of the point's
 * seed, one draw per datagram in the order they are read.
 */
static uint64_t service_cycles(struct app *app)
{
	const struct app_cfg *cfg = app->cfg;
	double u;

	switch (cfg->service_dist) {
	case SERVICE_EXPONENTIAL:
		u = g_rand_double(app->service_rand);
		return (uint64_t)llround(-log1p(-u) * cfg->work_cycles);
	case SERVICE_BIMODAL:
		u = g_rand_double(app->service_rand);
		return u < cfg->bimodal_p ? cfg->bimodal_cycles :
					    cfg->work_cycles;
	case SERVICE_TABLE:
		u = g_rand_double(app->service_rand);
		for (guint i = 0; i < app->table_cum->len; i++)
			if (u < g_array_index(app->table_cum, double, i))
				return g_array_index(app->table_cycles,
						     uint64_t, i);
		return g_array_index(app->table_cycles, uint64_t,
				     app->table_cycles->len - 1);
	default:
		return cfg->work_cycles;
	}
}

static void app_recvmsg_done(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;
	struct machine *m = app->m;

	/* every frame of a GRO skb, each with its own latency */
	if (app->cfg->mode == APP_SINK)
		machine_deliver_skb(m, &th->cur, task->cpu->now);
	th->reads++;
	{
		uint64_t work = service_cycles(app);

		th->work_cycles += work;
		sim_ctx_step(task, work, app_work_done);
	}
}

/* sched_setaffinity() to move_cpu: a sleeping thread moves at once */
static void app_move(struct app_thread *th)
{
	struct app *app = th->app;

	th->move_pending = false;
	th->moves++;
	sim_task_migrate(&th->task.ctx, &app->m->sim.cpu[app->cfg->move_cpu]);
}

/*
 * __set_cpus_allowed_ptr(): a sleeping or preemptible thread moves at
 * once (a running one through the migration stopper).  MODEL: one that
 * holds preemption or BHs off (a busy-poll loop) moves when it next
 * sleeps, not at its preempt_enable().
 */
static void app_move_event(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	struct app_thread *th = ev->data;
	struct sim_ctx *t = &th->task.ctx;

	if (t->preempt_count || t->softirq_count)
		th->move_pending = true;
	else
		app_move(th);
}

static void app_sleep(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;

	th->busy_end = 0;
	th->sleeps++;
	/* ep_poll() sleeps inside the call; a wakeup returns from it */
	th->in_epoll = app->wait == WAIT_EPOLL;
	sock_set_reader(th->sk, task);
	sim_task_sleep(task);
	if (th->move_pending)
		app_move(th);
}

/* the busy loop is over: data, time up, or the scheduler wants the CPU */
static void app_busy_done(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;
	uint32_t queued = sock_queue_len(th->sk);

	if (queued && app->wait == WAIT_EPOLL) {
		/* ep_poll(): the busy loop found events; they are returned
		 * from this same epoll_wait() call */
		app_epoll_done(task);
		return;
	}
	if (queued || task->cpu->now < th->busy_end) {
		/* data, or rescheduling with time left: app_loop() goes on */
		app_loop(task);
		return;
	}
	/* ran dry: ep_busy_loop() resumes the IRQ under prefer_busy_poll */
	if (app->wait == WAIT_EPOLL && th->bl.prefer && thr_napi(th)) {
		th->irq_resumes++;
		napi_resume_irqs(th->bl.napi, task);
	}
	app_sleep(task);
}

static bool app_loop_end(struct napi_busy_loop *bl)
{
	struct app_thread *th = bl->loop_end_arg;

	/* sk_busy_loop_end() / ep_busy_loop_end(): data is queued */
	return sock_queue_len(th->sk) != 0;
}

/* no data: busy-poll if set up, else sleep */
static void app_wait(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;
	sim_time_t now = task->cpu->now;
	bool on = app->wait == WAIT_EPOLL ? app->ep_busy_on : app->busy_read;

	/* sk_busy_loop(), ep_busy_loop(): nothing to poll before the socket
	 * has data from a NAPI (napi_id below MIN_NAPI_ID) */
	if (!on || !thr_napi(th)) {
		app_sleep(task);
		return;
	}
	if (!th->busy_end) {
		/* a new loop: at least one pass, then until the time is up
		 * (0: that one pass) */
		th->busy_end = now + SIM_US(app->wait == WAIT_EPOLL ?
					     app->ep_busy_usecs :
					     app->busy_read);
	} else if (now >= th->busy_end) {
		/* a loop cut short by rescheduling, and its time is up */
		app_busy_done(task);
		return;
	}
	napi_busy_loop(&th->bl, th->busy_end, app_busy_done);
}

static void app_epoll_done(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);

	if (sock_queue_len(th->sk)) {
		/* ep_poll() returns events: ep_suspend_napi_irqs() */
		if (th->bl.prefer && thr_napi(th)) {
			th->irq_suspends++;
			napi_suspend_irqs(th->bl.napi, task->cpu);
		}
		th->in_batch = true;
		app_loop(task);
		return;
	}
	app_wait(task);
}

static void app_loop(struct sim_ctx *task)
{
	struct app_thread *th = thr_of(task);
	struct app *app = th->app;
	const struct cost_cfg *c = app->m->cost;
	uint64_t cycles;

	/* back in user space: the scheduler may take the CPU here */
	if (sim_task_cond_resched(task))
		return;
	if (app->wait == WAIT_EPOLL && !th->in_batch) {
		if (th->in_epoll) {
			/* woken inside ep_poll(): the same call returns */
			th->in_epoll = false;
			app_epoll_done(task);
			return;
		}
		if (th->busy_end && task->cpu->now < th->busy_end &&
		    !sock_queue_len(th->sk)) {
			/* a busy loop cut short by rescheduling goes on */
			app_wait(task);
			return;
		}
		th->busy_end = 0;
		th->epoll_waits++;
		sim_ctx_step(task, c->epoll_wait, app_epoll_done);
		return;
	}
	/* inet_recvmsg(): sock_rps_record_flow() */
	sock_rps_record_flow(th->sk, task->cpu->id);
	if (!sock_dequeue(th->sk, &th->cur)) {
		/* read until EAGAIN, then back to epoll_wait() */
		if (app->wait == WAIT_EPOLL) {
			th->in_batch = false;
			sim_ctx_step(task, c->recvmsg, app_loop);
			return;
		}
		app_wait(task);
		return;
	}
	th->busy_end = 0;
	cycles = c->recvmsg +
		 (uint64_t)llround(c->copy_byte * th->cur.len);
	sim_ctx_step(task, cycles, app_recvmsg_done);
}

/* ---------------------------------------------------------------- model */

/*
 * service_table: "CYCLES:WEIGHT,..." into cycles and cumulative
 * probabilities.  Return: FALSE with @error if it does not parse.
 */
static gboolean service_table_parse(const char *text, GArray *cycles,
				    GArray *cum, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	double total = 0, acc = 0;
	g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(double));

	for (guint i = 0; parts[i]; i++) {
		char *colon = strchr(parts[i], ':'), *end;
		guint64 c;
		double weight;

		if (!colon || colon == parts[i])
			goto bad;
		c = g_ascii_strtoull(parts[i], &end, 10);
		if (end != colon || c > 1000000000)
			goto bad;
		weight = g_ascii_strtod(colon + 1, &end);
		if (*end || end == colon + 1 || !(weight > 0) ||
		    !isfinite(weight))
			goto bad;
		g_array_append_val(cycles, c);
		g_array_append_val(w, weight);
		total += weight;
	}
	if (!cycles->len)
		goto bad;
	for (guint i = 0; i < w->len; i++) {
		double p;

		acc += g_array_index(w, double, i);
		p = acc / total;
		g_array_append_val(cum, p);
	}
	return TRUE;
bad:
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
		    "service_table: \"%s\" is not a list of CYCLES:WEIGHT (e.g. 2000:9,20000:1)",
		    text);
	return FALSE;
}

/* thread @i's CPU: the i-th of cpus (cycling), else cpu + i */
static uint32_t thread_cpu(const struct app_cfg *cfg, uint32_t ncpu,
			   uint32_t i)
{
	g_autoptr(GArray) cpus = g_array_new(FALSE, FALSE, sizeof(uint32_t));

	if (cfg->cpus[0] && cpulist_parse(cfg->cpus, cpus) && cpus->len)
		return g_array_index(cpus, uint32_t, i % cpus->len);
	return (cfg->cpu + i) % ncpu;
}

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
	app->nthreads = app->cfg->threads;
	if (app->cfg->service_dist != SERVICE_FIXED) {
		const struct traffic_cfg *tc = machine_cfg(m, &traffic_model_ops);
		guint32 s[3] = { (guint32)tc->seed, (guint32)(tc->seed >> 32),
				 0x73657276 };	/* "serv" */

		app->service_rand = g_rand_new_with_seed_array(s, 3);
	}
	if (app->cfg->reply_sizes[0]) {
		const struct traffic_cfg *tc = machine_cfg(m, &traffic_model_ops);
		guint32 s[3] = { (guint32)tc->seed, (guint32)(tc->seed >> 32),
				 0x7265706c };	/* "repl" */

		app->reply_mix = size_mix_parse(app->cfg->reply_sizes, NULL);
		g_assert(app->reply_mix);
		app->reply_rand = g_rand_new_with_seed_array(s, 3);
	}
	app->table_cycles = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	app->table_cum = g_array_new(FALSE, FALSE, sizeof(double));
	if (app->cfg->service_dist == SERVICE_TABLE)
		g_assert(service_table_parse(app->cfg->service_table,
					     app->table_cycles,
					     app->table_cum, NULL));
	app->thr = g_new0(struct app_thread, app->nthreads);
	for (uint32_t i = 0; i < app->nthreads; i++) {
		struct app_thread *th = &app->thr[i];
		g_autofree char *id = g_strdup_printf("app%u", i);
		const char *name = app->nthreads == 1 ? "app" :
				   g_intern_string(id);

		th->app = app;
		th->index = i;
		task_init(&th->task, m, thread_cpu(app->cfg, m->sim.ncpu, i),
			  name, "app", app_loop, th, 0);
		/* unpinned: the scheduler places it at each wakeup */
		if (!app->cfg->pinned)
			th->task.ctx.cpus_allowed = sim_cpus_all(&m->sim);
	}
	return app;
}

/* its sockets, the NAPI they busy-poll, and how they wait */
static gboolean app_connect(void *p, struct machine *m,
			    GError **error G_GNUC_UNUSED)
{
	struct app *app = p;
	const struct app_cfg *cfg = app->cfg;
	const struct netcore_cfg *nc = machine_cfg(m, &netcore_model_ops);
	const struct sock_cfg *sock_cfg = machine_cfg(m, &sock_model_ops);
	struct net_device *dev = m->netdevs->pdata[0];

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
	for (uint32_t i = 0; i < app->nthreads; i++) {
		struct app_thread *th = &app->thr[i];

		/* a shared socket, or its own SO_REUSEPORT member, tied to
		 * the thread's CPU with SO_INCOMING_CPU if asked */
		th->sk = m->socks->pdata[m->socks->len == 1 ? 0 : i];
		if (m->socks->len > 1 && sock_cfg->incoming_cpu)
			sock_set_incoming_cpu(th->sk, (int)th->task.ctx.cpu->id);
		napi_busy_loop_init(&th->bl, m, &th->task.ctx, NULL,
				    cfg->busy_poll_budget,
				    cfg->prefer_busy_poll, app_loop_end, th);
	}
	return TRUE;
}

static void app_start(void *p)
{
	struct app *app = p;

	if (app->cfg->move_us) {
		struct app_thread *th = &app->thr[0];

		sim_event_init(&th->move_ev, "app_move", SIM_PRIO_SCHED,
			       app_move_event, th, NULL);
		sim_event_schedule(&app->m->sim.q, &th->move_ev,
				   SIM_US(app->cfg->move_us));
	}
	for (uint32_t i = 0; i < app->nthreads; i++) {
		struct app_thread *th = &app->thr[i];

		if (app->wait == WAIT_EPOLL) {
			/* it starts by calling epoll_wait() */
			sim_task_wake(&th->task.ctx, th->task.ctx.cpu, 0);
			continue;
		}
		/* it starts asleep in recvmsg() */
		sock_set_reader(th->sk, &th->task.ctx);
	}
}

static void app_report(void *p, struct sim_report *r)
{
	struct app *app = p;

	for (uint32_t i = 0; i < app->nthreads; i++) {
		struct app_thread *th = &app->thr[i];
		struct sim_row *d = sim_report_object(r, "task",
						      th->task.ctx.name);

		sim_row_add_u64(d, "reads", th->reads);
		sim_row_add_u64(d, "work_cycles", th->work_cycles);
		sim_row_add_u64(d, "sleeps", th->sleeps);
		sim_row_add_u64(d, "wakeups", th->task.ctx.wakeups);
		sim_row_add_u64(d, "preempted", th->task.ctx.preempted);
		sim_row_add_u64(d, "moves", th->moves);
		sim_row_add_u64(d, "migrations", th->task.ctx.migrations);
		sim_row_add_u64(d, "cpu", th->task.ctx.cpu->id);
		sim_row_add_u64(d, "cache_refills",
				th->task.ctx.cache_refills);
		sim_row_add_u64(d, "busy_turns", th->bl.turns);
		/* diagnostic: of busy_turns, counted at once (batch mode) */
		sim_row_add_u64(d, "busy_turns_counted",
				th->bl.turns_counted);
		sim_row_add_u64(d, "busy_rx_packets", th->bl.rx_packets);
		sim_row_add_u64(d, "epoll_waits", th->epoll_waits);
		sim_row_add_u64(d, "irq_suspends", th->irq_suspends);
		sim_row_add_u64(d, "irq_resumes", th->irq_resumes);
	}
}

static void app_destroy(void *p)
{
	struct app *app = p;

	if (app->service_rand)
		g_rand_free(app->service_rand);
	if (app->reply_mix)
		size_mix_free(app->reply_mix);
	if (app->reply_rand)
		g_rand_free(app->reply_rand);
	g_array_unref(app->table_cycles);
	g_array_unref(app->table_cum);
	g_free(app->thr);
	g_free(app);
}

static gboolean app_check(const void *p, GError **error)
{
	const struct app_cfg *cfg = p;
	g_autoptr(GArray) c = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	g_autoptr(GArray) cum = g_array_new(FALSE, FALSE, sizeof(double));

	if (cfg->service_dist == SERVICE_TABLE &&
	    !service_table_parse(cfg->service_table, c, cum, error))
		return FALSE;
	if (cfg->reply_sizes[0]) {
		g_autoptr(GError) e = NULL;
		g_autoptr(size_mix) mix = size_mix_parse(cfg->reply_sizes, &e);

		if (!mix) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE, "reply_sizes: %s",
				    e->message);
			return FALSE;
		}
	}
	return TRUE;
}

/* cpus names CPUs that exist: the scenario is wrong, not one point */
static gboolean app_check_groups(const struct sim_point *p, GError **error)
{
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);
	g_autoptr(GArray) cpus = g_array_new(FALSE, FALSE, sizeof(uint32_t));

	if (!app->cpus[0])
		return TRUE;
	if (!cpulist_parse(app->cpus, cpus)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
			    "cpus: \"%s\" is not a CPU list (e.g. 0-3 or 1,3,5)",
			    app->cpus);
		return FALSE;
	}
	for (guint i = 0; i < cpus->len; i++) {
		uint32_t c = g_array_index(cpus, uint32_t, i);

		if (c >= cpu->count) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "cpus: CPU %u is not a CPU ([cpu] count=%u)",
				    c, cpu->count);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean app_check_point(const struct sim_point *p, GError **error)
{
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);
	const struct stack_cfg *st = sim_point_cfg(p, &stack_model_ops);
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);
	const struct sock_cfg *sock = sim_point_cfg(p, &sock_model_ops);

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
	if (app->threads > 1 && !sock->reuseport &&
	    app->threads > SOCK_MAX_WAITERS) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[app] threads: at most %u on one socket",
			    SOCK_MAX_WAITERS);
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
	SIM_PARAM_U32(S, cpu, "cpu", 1, 0, 63, "", "CPU the application thread is pinned to (with threads: thread i on cpu + i, unless cpus is set)"),
	SIM_PARAM_U32(S, threads, "threads", 1, 1, 64, "threads", "application threads, each reading the shared socket or its own SO_REUSEPORT member ([socket] reuseport)"),
	SIM_PARAM_STRING(S, cpus, "cpus", "", "the threads' CPUs: thread i on the i-th CPU of this list (cycling), e.g. 0-7; empty: cpu + i"),
	SIM_PARAM_BOOL(S, pinned, "pinned", 1, "each thread pinned to its CPU; false: it starts there and the scheduler places it at each wakeup (its previous CPU if idle, else an idle CPU, else the previous one)"),
	SIM_PARAM_U64(S, move_us, "move_us", 0, 0, 1e12, "us", "at this time the (first) thread's affinity changes to move_cpu (sched_setaffinity()): it moves at once, or when it next sleeps if it holds preemption off in a busy poll (0: never)"),
	SIM_PARAM_U32(S, move_cpu, "move_cpu", 0, 0, 63, "", "the CPU the thread moves to at move_us"),
	SIM_PARAM_U32(S, work_cycles, "work_cycles", 2000, 0, 1e9, "cycles", "application work per datagram, after recvmsg (rr: the service time of a request); the mean with service_dist=exponential"),
	SIM_PARAM_ENUM(S, service_dist, "service_dist", 0, "fixed|exponential|bimodal|table", "how each datagram's work is drawn: fixed = work_cycles; exponential with mean work_cycles; bimodal = bimodal_cycles with probability bimodal_p, else work_cycles (e.g. a GET/SET mix); table = from service_table"),
	SIM_PARAM_DOUBLE(S, bimodal_p, "bimodal_p", 0.1, 0, 1, "", "service_dist=bimodal: the probability of bimodal_cycles"),
	SIM_PARAM_U32(S, bimodal_cycles, "bimodal_cycles", 20000, 0, 1e9, "cycles", "service_dist=bimodal: the other service time"),
	SIM_PARAM_STRING(S, service_table, "service_table", "2000:1", "service_dist=table: an empirical distribution, CYCLES:WEIGHT pairs separated by commas (e.g. 2000:9,20000:1)"),
	SIM_PARAM_U32(S, reply_size, "reply_size", 64, 60, 1514, "bytes", "rr: reply frame size, without FCS"),
	SIM_PARAM_STRING(S, reply_sizes, "reply_sizes", "", "rr: reply sizes drawn from a mix instead of reply_size, written as [traffic] sizes (e.g. 100:9,1400:1), each reply from its own stream of the seed"),
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
	.help = "[app] the application threads: datagram sinks or request/response servers, pinned or placed by the scheduler, with their service times",
	.params = app_params,
	.cfg_size = sizeof(struct app_cfg),
	.check = app_check,
	.check_groups = app_check_groups,
	.check_point = app_check_point,
	.accounts = app_accounts,
	.create = app_create,
	.connect = app_connect,
	.start = app_start,
	.report = app_report,
	.destroy = app_destroy,
};

