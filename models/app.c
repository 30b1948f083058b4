/*
 * models/app.c - an application thread that reads a UDP socket.
 *
 * A loop of blocking recvmsg() calls (udp_recvmsg -> __skb_recv_udp):
 * take the oldest datagram, pay recvmsg cycles plus copy_byte per byte,
 * then work_cycles of application work, and again.  With the queue empty it
 * sleeps until sk_data_ready() wakes it.  On each return to user space
 * it yields the CPU if the scheduler asked (need_resched).
 *
 * A datagram's latency is from its last bit on the wire to the end of the
 * recvmsg() that returned it.
 *
 * MODEL: no busy polling (busy_read), no MSG_WAITFORONE batching
 * (recvmmsg), one datagram per call.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/param.h"
#include "models/models.h"
#include "models/app.h"
#include "models/host.h"
#include "models/sock.h"

static void app_recvmsg(struct sim_ctx *task);

static void app_work_done(struct sim_ctx *task)
{
	app_recvmsg(task);
}

static void app_recvmsg_done(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;

	sim_hist_record(&h->latency, (task->cpu->now - app->cur.arrival) / 1000);
	h->delivered++;
	app->reads++;
	sim_ctx_step(task, h->app_cfg->work_cycles, app_work_done);
}

static void app_recvmsg(struct sim_ctx *task)
{
	struct app *app = task->data;
	struct host *h = app->host;
	uint64_t cycles;

	/* back in user space: the scheduler may take the CPU here */
	if (sim_task_cond_resched(task))
		return;
	if (!sock_dequeue(&h->sk, &app->cur)) {
		h->sk.reader = task;
		sim_task_sleep(task);
		return;
	}
	cycles = h->cost->recvmsg +
		 (uint64_t)llround(h->cost->copy_byte * h->traffic_cfg->size);
	sim_ctx_step(task, cycles, app_recvmsg_done);
}

void app_init(struct app *app, struct host *h)
{
	*app = (struct app) { .host = h };
	sim_task_init(&app->task, &h->sim.cpu[h->app_cfg->cpu], "app",
		      SIM_ACCT_APP, app_recvmsg, app, 0);
	h->sk.reader = &app->task;
}
/* ---------------------------------------------------------------- params */

#define S struct app_cfg
static const struct sim_param app_params[] = {
	SIM_PARAM_U32(S, cpu, "cpu", 1, 0, 63, "", "CPU the application thread is pinned to"),
	SIM_PARAM_U32(S, work_cycles, "work_cycles", 2000, 0, 1e9, "cycles", "application work per datagram, after recvmsg"),
	{ }
};
#undef S

const struct sim_model_ops app_model_ops = {
	.name = "app",
	.help = "[app] the application thread reading the socket",
	.params = app_params,
	.cfg_size = sizeof(struct app_cfg),
	.check = NULL,
};
