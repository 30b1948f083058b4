/*
 * models/mitigation/mitigation-test.c - the interrupt-mitigation policies,
 * checked against the kernel's rules: their state machines on hand-built
 * event sequences, and small machines with exact counters.
 *
 * Each scenario test writes a small scenario, builds the machine without
 * SimGrid (as models/kernel-test.c does) and checks counters of its report
 * that follow from the kernel rules (net/core/dev.c napi_schedule_prep(),
 * napi_complete_done(), __napi_poll(), napi_threaded_poll(),
 * enqueue_to_backlog(), __napi_busy_loop(), busy_poll_stop()) by hand.
 * The derivation is in the comments.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/mitigation/mitigation.h"
#include "models/point.h"
#include "models/test-machine.h"

/* eth0's NAPI, on a machine built but not run */
static struct napi_struct *eth0_napi(struct machine *m)
{
	struct net_device *dev = m->netdevs->pdata[0];

	return dev->_rx[0].napi;
}

/* =========================================== napi_defer_hard_irqs rule */

static void test_defer_rule(struct fixture *f G_GNUC_UNUSED,
			    gconstpointer data G_GNUC_UNUSED)
{
	struct rx_mitigation mit = { .ops = &defer_mitigation_ops };
	struct napi_struct n = {
		.defer_hard_irqs = 2, .gro_flush_timeout = SIM_US(20),
	};
	sim_time_t t = 1;

	/* a poll with work reloads the count to N = 2, then takes one:
	 * masked, a T = 20 us timer */
	g_assert_false(napi_defer_complete_done(&mit, &n, 5, &t));
	g_assert_cmpuint(t, ==, SIM_US(20));
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 1);
	/* first empty poll: 1 -> 0, still masked, timer again */
	g_assert_false(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(t, ==, SIM_US(20));
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 0);
	/* second empty poll: the count is 0, unmask, no timer */
	t = 1;
	g_assert_true(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(t, ==, 0);
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 0);
	/* and stays so while polls are empty */
	g_assert_true(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(t, ==, 0);

	/* work in the middle reloads: work, empty, work, empty, empty:
	 * the IRQ comes back only N empty polls after the LAST work */
	g_assert_false(napi_defer_complete_done(&mit, &n, 1, &t));
	g_assert_false(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 0);
	g_assert_false(napi_defer_complete_done(&mit, &n, 1, &t));
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 1);
	g_assert_false(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(t, ==, SIM_US(20));
	g_assert_true(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(t, ==, 0);

	/* T = 0: the count is still consumed, but nothing keeps the IRQ
	 * masked and no timer is armed */
	n.gro_flush_timeout = 0;
	n.defer_hard_irqs_count = 0;
	t = 1;
	g_assert_true(napi_defer_complete_done(&mit, &n, 5, &t));
	g_assert_cmpuint(t, ==, 0);
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 1);
	g_assert_true(napi_defer_complete_done(&mit, &n, 0, &t));
	g_assert_cmpuint(t, ==, 0);
	g_assert_cmpuint(n.defer_hard_irqs_count, ==, 0);

	/* N = 0, T > 0: without GRO holding packets, no deferral at all */
	n.defer_hard_irqs = 0;
	n.gro_flush_timeout = SIM_US(20);
	t = 1;
	g_assert_true(napi_defer_complete_done(&mit, &n, 5, &t));
	g_assert_cmpuint(t, ==, 0);
}

/* one frame, or two 10 us apart, 1 ms after the previous ones */
#define DEFER \
	"[traffic]\npackets=1\nrate_pps=1000\n" \
	"[stack]\nmode=deliver\n" \
	"[app]\ncpu=1\n" \
	"[mitigation]\npolicy=defer\nnapi_defer_hard_irqs=2\n" \
	"gro_flush_timeout=20000\n"

static void test_defer_timer_polls(struct fixture *f,
				   gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, DEFER, false, NULL);
	const struct cost_cfg c = { .irq_entry = 600, .hardirq = 400,
				    .hrtimer = 300 };	/* the defaults */
	const struct sim_cpu cpu = { .mhz = 2000 };	/* the default */

	/*
	 * One frame: the IRQ schedules a poll that finds it (count 2 -> 1,
	 * timer, masked); the timer's poll is empty (1 -> 0, timer, masked);
	 * the second timer's poll is empty with the count at 0: unmask.
	 */
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "polls"), ==, 3);
	g_assert_cmpuint(col(r, "polls_hardirq"), ==, 1);
	g_assert_cmpuint(col(r, "polls_timer"), ==, 2);
	g_assert_cmpuint(col(r, "timer_irqs"), ==, 2);
	g_assert_cmpuint(cnt(r, "napi", "1", "timer_armed"), ==, 2);
	/* three completions, but only the last re-enabled the IRQ: Done
	 * counts that one */
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx0", "irq_enables"), ==, 1);
	g_assert_false(sim_report_get(r, "queue", "eth0-rx0",
				      "irq_masked")->b);
	g_assert_cmpuint(col(r, "delivered"), ==, 1);
	/* CPU 0's hardirq time: one device IRQ, two hrtimer IRQs */
	g_assert_cmpuint(cpu_ps(r, 0, "hardirq"), ==,
			 sim_cycles_to_ps(&cpu, c.irq_entry + c.hardirq) +
			 2 * sim_cycles_to_ps(&cpu, c.irq_entry + c.hrtimer));

	/*
	 * Two frames 10 us apart: the second lands while the IRQ is masked
	 * and the first timer poll (20 us after the first poll) finds it,
	 * which reloads the count: then two more empty timer polls.  Its
	 * writeback set ICR.RXT0 and no hardirq read ICR since, so the
	 * cause fires at once when the IRQ is unmasked (e1000's ICR is
	 * level-triggered; irq_at_unmask counts it): its poll is empty and
	 * completes with the count at 0.
	 */
	{
		const char *sets[] = { "traffic.packets=2",
				       "traffic.rate_pps=100000", NULL };

		r = run(f, DEFER, false, sets);
	}
	g_assert_cmpuint(col(r, "delivered"), ==, 2);
	g_assert_cmpuint(col(r, "polls_timer"), ==, 3);
	g_assert_cmpuint(col(r, "timer_irqs"), ==, 3);
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx0", "irq_at_unmask"), ==, 1);
	g_assert_cmpuint(col(r, "rxint"), ==, 2);
	g_assert_cmpuint(col(r, "polls_hardirq"), ==, 2);
	g_assert_cmpuint(col(r, "polls"), ==, 5);
	g_assert_false(sim_report_get(r, "queue", "eth0-rx0",
				      "irq_masked")->b);
}

/* =========================================== napi_schedule/complete_done */

static bool complete_answered;

static void complete_answer(struct sim_ctx *ctx G_GNUC_UNUSED)
{
	complete_answered = true;
}

/*
 * napi_complete_done() from @sd's softirq, GRO holding nothing: it
 * answers at once.  Return: may the driver unmask?
 */
static bool complete(struct softnet_data *sd, struct napi_struct *n,
		     int work_done)
{
	sd->poller.ctx = &sd->cpu->softirq;
	complete_answered = false;
	napi_complete_done(&sd->poller, n, work_done, complete_answer);
	g_assert_true(complete_answered);
	return napi_complete_ret(n);
}

static void test_busy_poll_hardirq_sets_missed(struct fixture *f,
					       gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, DEFER, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	struct softnet_data *sd = softnet(m, 0);

	/* nobody owns it: prep takes SCHED, no MISSED */
	g_assert_true(napi_schedule_prep(n));
	g_assert_cmpuint(n->state, ==, NAPI_STATE_SCHED);

	/* a busy poller owns it: the hardirq's prep fails, sets MISSED */
	n->state = NAPI_STATE_SCHED | NAPI_STATE_IN_BUSY_POLL;
	g_assert_false(napi_schedule_prep(n));
	g_assert_cmpuint(n->state, ==, NAPI_STATE_SCHED |
			 NAPI_STATE_IN_BUSY_POLL | NAPI_STATE_MISSED);
	/* and its napi_schedule() does not list it or raise NET_RX */
	g_assert_false(napi_schedule(sd, n, NAPI_TRIGGER_HARDIRQ));
	g_assert_false(n->listed);
	g_assert_cmpuint(sd->pending, ==, 0);

	/* complete_done returns false before anything else: no state
	 * change, no deferral count taken (policy defer, N = 2), no timer,
	 * no reschedule for MISSED */
	g_assert_false(complete(sd, n, 3));
	g_assert_cmpuint(n->state, ==, NAPI_STATE_SCHED |
			 NAPI_STATE_IN_BUSY_POLL | NAPI_STATE_MISSED);
	g_assert_cmpuint(n->defer_hard_irqs_count, ==, 0);
	g_assert_cmpuint(n->timer_armed, ==, 0);
	g_assert_false(n->listed);
	g_assert_cmpuint(sd->pending, ==, 0);
	machine_free(m);
}

static void test_complete_done_missed_repolls(struct fixture *f,
					      gconstpointer data G_GNUC_UNUSED)
{
	const char *napi[] = { "mitigation.policy=napi", NULL };
	struct machine *m = build(f, DEFER, false, napi);
	struct napi_struct *n = eth0_napi(m);
	struct softnet_data *sd = softnet(m, 0);

	/* without MISSED: done, the driver may unmask */
	n->state = NAPI_STATE_SCHED;
	g_assert_true(complete(sd, n, 3));
	g_assert_cmpuint(n->state, ==, 0);
	g_assert_false(n->listed);
	g_assert_cmpuint(sd->pending, ==, 0);

	/* MISSED: SCHED stays, MISSED goes, the NAPI is back on this CPU's
	 * poll_list with NET_RX raised, and the IRQ stays masked */
	n->state = NAPI_STATE_SCHED | NAPI_STATE_MISSED;
	g_assert_false(complete(sd, n, 3));
	g_assert_cmpuint(n->state, ==, NAPI_STATE_SCHED);
	g_assert_true(n->listed);
	g_assert_true(sd->poll_list.head == n);
	g_assert_true(sd->poll_list.tail == n);
	g_assert_cmpuint(sd->pending, ==, NET_RX_SOFTIRQ);
	machine_free(m);

	/* policy defer: the deferral count is taken before MISSED is
	 * looked at, but MISSED returns before hrtimer_start(): no timer */
	m = build(f, DEFER, false, NULL);
	n = eth0_napi(m);
	sd = softnet(m, 0);
	n->state = NAPI_STATE_SCHED | NAPI_STATE_MISSED;
	g_assert_false(complete(sd, n, 3));
	g_assert_cmpuint(n->state, ==, NAPI_STATE_SCHED);
	g_assert_true(n->listed);
	g_assert_cmpuint(n->defer_hard_irqs_count, ==, 1);
	g_assert_cmpuint(n->timer_armed, ==, 0);
	g_assert_false(n->timer.pending);
	/* without MISSED it arms the timer and keeps the IRQ masked */
	napi_list_pop(&sd->poll_list);
	g_assert_false(complete(sd, n, 0));
	g_assert_cmpuint(n->state, ==, 0);
	g_assert_cmpuint(n->defer_hard_irqs_count, ==, 0);
	g_assert_cmpuint(n->timer_armed, ==, 1);
	/* complete_done also clears SCHED_THREADED and PREFER_BUSY_POLL */
	n->state = NAPI_STATE_SCHED | NAPI_STATE_SCHED_THREADED |
		   NAPI_STATE_PREFER_BUSY_POLL;
	g_assert_true(complete(sd, n, 0));
	g_assert_cmpuint(n->state, ==, 0);
	machine_free(m);
}

/* =========================================== NIC coalescing */

static void test_coalesce_frames_or_usecs(struct fixture *f G_GNUC_UNUSED,
					  gconstpointer data G_GNUC_UNUSED)
{
	struct coalesce c = { .usecs = SIM_US(32), .frames = 8 };
	struct rx_mitigation mit = {
		.ops = &coalesce_mitigation_ops, .priv = &c,
	};
	const sim_time_t first = SIM_US(1000);
	struct rx_irq_state s = { .now = first, .first = first, .frames = 1,
				  .last_irq = SIM_TIME_NEVER };

	/* one frame: wait rx-usecs from the first unreported frame */
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(32));
	s.now = first + SIM_US(10);
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(22));
	/* 7 frames: not yet; the 8th: at once */
	s.frames = 7;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(22));
	s.frames = 8;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
	/* past the deadline: at once */
	s.frames = 1;
	s.now = first + SIM_US(32);
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
	s.now = first + SIM_US(40);
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
	/* rx-frames 0: time alone decides */
	c.frames = 0;
	s.now = first;
	s.frames = 1000;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(32));
	/* rx-usecs 0: at once, whatever rx-frames says */
	c.usecs = 0;
	c.frames = 8;
	s.frames = 1;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
}

static void test_coalesce_timers(struct fixture *f G_GNUC_UNUSED,
				 gconstpointer data G_GNUC_UNUSED)
{
	struct coalesce c = { .usecs = SIM_US(16), .frames = 64 };
	struct rx_mitigation mit = {
		.ops = &coalesce_mitigation_ops, .priv = &c,
	};
	const sim_time_t t = SIM_US(1000);
	/* frames at t and t + 10 us, the last event at t - 4 us */
	struct rx_irq_state s = {
		.now = t + SIM_US(10), .first = t, .last = t + SIM_US(10),
		.frames = 2, .last_irq = t - SIM_US(4),
	};

	/* from the first frame: t + 16 */
	c.timer = COALESCE_FROM_FIRST;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(6));
	/* from the last event: t - 4 + 16 = t + 12 */
	c.timer = COALESCE_FROM_EQE;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(2));
	/* the event's period ran out before the first frame: at once */
	s.last_irq = t - SIM_US(40);
	s.now = t;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
	s.last_irq = SIM_TIME_NEVER;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
	/* restarted by each completion: t + 10 + 16 */
	c.timer = COALESCE_FROM_CQE;
	s.now = t + SIM_US(10);
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, SIM_US(16));
	/* the count still fires at once in every mode */
	s.frames = 64;
	g_assert_cmpuint(coalesce_irq_delay(&mit, &s), ==, 0);
}

static void test_coalesce_device(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	const char *plain[] = { "mitigation.policy=napi", NULL };
	const char *usecs[] = { "mitigation.policy=napi", "nic.rx_usecs=32",
				NULL };
	const char *frames[] = { "mitigation.policy=napi", "nic.rx_usecs=32",
				 "nic.rx_frames=8", "traffic.packets=8",
				 "traffic.rate_pps=1000000", NULL };
	const struct sim_report *a = run(f, DEFER, false, plain);
	const struct sim_report *b = run(f, DEFER, false, usecs);
	const struct sim_report *c;

	/* one frame: rx-usecs delays its interrupt, and so its delivery,
	 * by exactly 32 us; nothing else changes */
	g_assert_cmpstr(sim_row_get(b->row, "nic_moderation")->str, ==,
			"coalesce");
	g_assert_cmpuint(col(b, "rxint"), ==, 1);
	g_assert_cmpuint(col(b, "latency_max_ns") -
			 col(a, "latency_max_ns"), ==, 32000);

	/* 8 frames 1 us apart: one interrupt, at the 8th (7 us < 32 us),
	 * and one poll takes them all */
	c = run(f, DEFER, false, frames);
	g_assert_cmpuint(col(c, "rxint"), ==, 1);
	g_assert_cmpuint(col(c, "polls"), ==, 1);
	g_assert_cmpuint(col(c, "delivered"), ==, 8);
}

/* =========================================== pre-NAPI: none */

/* Olsson's router (scenarios/validation/olsson-e1000.ini), one row */
#define OLSSON \
	"[traffic]\npackets=10000\nsize=60\nrate_pps=1000000\n" \
	"arrival=constant\nseed=1\nline_rate_mbps=1000\n" \
	"[stack]\nmode=forward\n" \
	"[cpu]\ncount=1\nfrequency_mhz=1000\n" \
	"[kernel]\nhz=1000\n" \
	"[nic]\nrx_ring_size=256\ntx_ring_size=256\ntx_usecs=33\n" \
	"[napi]\nweight=64\n" \
	"[net.core]\nnetdev_budget=300\n" \
	"[cost]\nirq_entry=1000\nhardirq=1200\nsoftirq_entry=100\n" \
	"net_rx_action=100\nnapi_poll=300\nnapi_complete=200\n" \
	"irq_enable=1000\n" \
	"rx_packet=700\nrx_byte=0.75\nnetif_receive_skb=300\n" \
	"ip_forward=1650\ntx_clean=100\n" \
	"[mitigation]\npolicy=napi\n"

static void test_none_livelock(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	/*
	 * 1 Mpps for 10 ms (~3x the ~350 kpps this router forwards).  The
	 * pre-NAPI handler spends 700 + 45 + 200 ns per frame in hardirq
	 * context plus 2.2 us per interrupt, and a frame written while it
	 * runs raises the interrupt again as it returns: the NET_RX softirq
	 * that would forward the backlog never gets the CPU while the load
	 * lasts.  So the backlog fills to netdev_max_backlog + 1 = 1001
	 * and everything after is dropped there (softnet dropped, not in the
	 * ring), and only those 1001 are forwarded, once the load stops.
	 */
	const char *none[] = { "mitigation.policy=none", NULL };
	const char *none_half[] = { "mitigation.policy=none",
				    "traffic.packets=5000", NULL };
	const struct sim_report *n = run(f, OLSSON, false, none);
	const struct sim_report *n5 = run(f, OLSSON, false, none_half);
	const struct sim_report *napi = run(f, OLSSON, false, NULL);
	const sim_time_t load = SIM_US(10000);

	g_assert_cmpuint(col(n, "rx_missed_errors"), ==, 0);
	g_assert_cmpuint(col(n, "forwarded"), <=, 1000 + 1);
	g_assert_cmpuint(col(n, "dropped"), ==, 10000 - col(n, "forwarded"));
	/* and twice as long a load gets no more through */
	g_assert_cmpuint(col(n5, "forwarded"), ==, col(n, "forwarded"));
	/* hardirq context takes the CPU: more than half of the run, and
	 * nearly all of the load's 10 ms */
	g_assert_cmpuint(cpu_ps(n, 0, "hardirq"), >,
			 cnt(n, "machine", "0", "sim_ps") / 2);
	g_assert_cmpuint(cpu_ps(n, 0, "hardirq"), >, load / 10 * 9);
	assert_conserved(n);
	assert_conserved(n5);

	/* NAPI masks the IRQ: it forwards at capacity (~350 kpps x 10 ms),
	 * drops in the ring, and hardirq time is negligible */
	g_assert_cmpuint(col(napi, "forwarded"), >, 3 * col(n, "forwarded"));
	g_assert_cmpuint(col(napi, "dropped"), ==, 0);
	g_assert_cmpuint(col(napi, "rx_missed_errors"), ==,
			 10000 - col(napi, "forwarded"));
	g_assert_cmpuint(cpu_ps(napi, 0, "hardirq"), <,
			 cnt(napi, "machine", "0", "sim_ps") / 50);
	assert_conserved(napi);
}

static void test_none_irq_per_packet(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	/* 100 frames 100 us apart: each is handled long before the next:
	 * one interrupt and one backlog poll per frame */
	const char *sets[] = { "mitigation.policy=none", "traffic.packets=100",
			       "traffic.rate_pps=10000", NULL };
	const struct sim_report *r = run(f, OLSSON, false, sets);

	g_assert_cmpuint(col(r, "rxint"), ==, 100);
	g_assert_cmpuint(cnt(r, "cpu", "0", "backlog_polls"), ==, 100);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 100);
	/* the polls columns count the backlog's polls */
	g_assert_cmpuint(col(r, "polls"), ==, 100);
	g_assert_cmpuint(col(r, "forwarded"), ==, 100);
	g_assert_cmpuint(col(r, "dropped"), ==, 0);
	/* the device NAPI is never polled */
	g_assert_cmpuint(cnt(r, "napi", "1", "polls"), ==, 0);
	g_assert_cmpuint(col(r, "done"), ==, 0);
}

/* a burst lands in the ring before the first interrupt is handled */
#define BURST \
	"[traffic]\npackets=200\nrate_pps=100000000\nsize=64\n" \
	"line_rate_mbps=10000\n" \
	"[nic]\nirq_latency_ns=1000000\n" \
	"[stack]\nmode=deliver\n" \
	"[socket]\nrcvbuf=10000000\n" \
	"[app]\ncpu=1\nwork_cycles=0\n"

static void test_none_backlog_limit(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	/*
	 * 200 frames are in the ring when the one interrupt is handled; its
	 * first round netif_rx()s all 200 in hardirq context, so NET_RX
	 * cannot run meanwhile.  enqueue_to_backlog() queues while the
	 * input queue holds <= max_backlog (100): 101 frames; drops 99.
	 */
	const char *sets[] = { "mitigation.policy=none",
			       "net.core.netdev_max_backlog=100", NULL };
	const char *big[] = { "mitigation.policy=none", "traffic.packets=1500",
			      "nic.rx_ring_size=2048", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "rx_missed_errors"), ==, 0);
	g_assert_cmpuint(cnt(r, "cpu", "0", "dropped"), ==, 200 - (100 + 1));
	g_assert_cmpuint(col(r, "delivered"), ==, 100 + 1);
	/* process_backlog() quota dev_weight 64: 64, then 37 and done */
	g_assert_cmpuint(cnt(r, "cpu", "0", "backlog_polls"), ==, 2);
	assert_conserved(r);

	/* the default max_backlog 1000: 1500 - 1001 dropped; 1001 frames
	 * take 15 full polls of 64 and one of 41 */
	r = run(f, BURST, false, big);
	g_assert_cmpuint(cnt(r, "cpu", "0", "dropped"), ==, 1500 - 1001);
	g_assert_cmpuint(col(r, "delivered"), ==, 1001);
	g_assert_cmpuint(cnt(r, "cpu", "0", "backlog_polls"), ==, 16);
	assert_conserved(r);
}

/* =========================================== threaded NAPI */

static void test_threaded_no_softirq(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	/* 200 frames in the ring: the kthread polls 64, 64, 64, 8 */
	const char *sets[] = { "mitigation.policy=threaded", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "polls"), ==, 4);
	g_assert_cmpuint(col(r, "polls_thread"), ==, 4);
	g_assert_cmpuint(col(r, "ndone"), ==, 3);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
	for (unsigned int i = 0; i < 2; i++) {
		g_autofree char *id = g_strdup_printf("%u", i);

		g_assert_cmpuint(cnt(r, "cpu", id, "softirq_passes"), ==, 0);
		g_assert_cmpuint(cnt(r, "cpu", id, "net_rx_action_calls"), ==,
				 0);
		g_assert_cmpuint(cnt(r, "cpu", id, "time_squeeze"), ==, 0);
		g_assert_cmpuint(cnt(r, "cpu", id, "ksoftirqd_wakeups"), ==,
				 0);
		g_assert_cmpuint(cpu_ps(r, i, "softirq"), ==, 0);
	}
	g_assert_cmpuint(cpu_ps(r, 0, "napi_thread"), >, 0);
	g_assert_false(sim_report_get(r, "queue", "eth0-rx0",
				      "irq_masked")->b);
}

static void test_threaded_no_budget(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	/* netdev_budget 50 and a one-jiffy time limit squeeze NET_RX; the
	 * kthread knows neither */
	const char *sets[] = { "mitigation.policy=threaded",
			       "net.core.netdev_budget=50",
			       "net.core.netdev_budget_usecs=1", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "polls_thread"), ==, 4);
	g_assert_cmpuint(col(r, "time_squeeze"), ==, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
}

/* =========================================== busy polling */

#define BUSY_READ \
	"[traffic]\npackets=1\nrate_pps=1000\n" \
	"[stack]\nmode=deliver\n" \
	"[app]\ncpu=1\n" \
	"[mitigation]\npolicy=busy_poll\n" \
	"[net.core]\nbusy_read=50\n"

static void test_busy_read_never_idles(struct fixture *f,
				       gconstpointer data G_GNUC_UNUSED)
{
	const char *steady[] = { "traffic.packets=100",
				 "traffic.rate_pps=50000", NULL };
	const char *napi[] = { "traffic.packets=100", "traffic.rate_pps=50000",
			       "mitigation.policy=napi",
			       "net.core.busy_read=0", NULL };
	const struct sim_report *r = run(f, BUSY_READ, false, NULL);
	/* the first datagram (at 704 ns: one 64 B frame time at 1 Gbit/s)
	 * was read at its arrival plus its latency */
	sim_time_t first_read = SIM_NS(704) +
				SIM_NS(col(r, "latency_max_ns"));
	sim_time_t end = cnt(r, "machine", "0", "sim_ps");

	/*
	 * One datagram: the reader wakes, reads it, then recvmsg() spins
	 * busy_read = 50 us on the empty socket before it sleeps.  CPU 1
	 * idles only before the wakeup: from the read on, it is busy to the
	 * end of the run, and that covers the 50 us window.
	 */
	g_assert_cmpuint(col(r, "delivered"), ==, 1);
	g_assert_cmpuint(cnt(r, "task", "app", "sleeps"), ==, 1);
	g_assert_cmpuint(end - cpu_busy_ps(r, 1), <, first_read);
	g_assert_cmpuint(end - first_read, >=, SIM_US(50));
	g_assert_cmpuint(cpu_ps(r, 1, "app"), >=, SIM_US(50));
	/* it polled the NAPI itself, and found nothing */
	g_assert_cmpuint(col(r, "polls_busy"), >, 0);
	g_assert_cmpuint(cnt(r, "task", "app", "busy_rx_packets"), ==, 0);

	/*
	 * 100 datagrams 20 us apart, busy_read 50 us: each arrives while
	 * the reader spins, so it sleeps once (at the end) and CPU 1 is
	 * busy from the first read to the end.  Under policy napi without
	 * busy_read it sleeps after every datagram.
	 */
	r = run(f, BUSY_READ, false, steady);
	first_read = SIM_NS(704) + SIM_NS(col(r, "latency_max_ns"));
	end = cnt(r, "machine", "0", "sim_ps");
	g_assert_cmpuint(col(r, "delivered"), ==, 100);
	g_assert_cmpuint(cnt(r, "task", "app", "sleeps"), ==, 1);
	g_assert_cmpuint(cnt(r, "task", "app", "wakeups"), ==, 1);
	/* busy_read alone saves no interrupt: busy_poll_stop() clears
	 * IN_BUSY_POLL before its last poll, which completes and lets the
	 * driver unmask, so each datagram raises one */
	g_assert_cmpuint(col(r, "rxint"), ==, 100);
	g_assert_cmpuint(end - cpu_busy_ps(r, 1), <, first_read);
	/* the spinning reader found the other 99 in the ring itself */
	g_assert_cmpuint(cnt(r, "task", "app", "busy_rx_packets"), ==, 99);

	r = run(f, BUSY_READ, false, napi);
	g_assert_cmpuint(cnt(r, "task", "app", "sleeps"), ==, 100);
	g_assert_cmpuint(col(r, "polls_busy"), ==, 0);
}

/*
 * __napi_busy_loop() runs with preemption disabled and BHs disabled
 * around each poll: a hog on the reader's CPU takes it only
 * when the loop sees need_resched and stops (busy_poll_stop(), then
 * cond_resched()), never in the middle; the loop's check counts a
 * preemption inside it as a broken invariant (warnings).
 */
static void test_busy_loop_not_preempted(struct fixture *f,
					 gconstpointer data G_GNUC_UNUSED)
{
	/* 97 kpps: not a divisor of the 100 us slice, so slices expire
	 * at every phase of the reader's loop */
	const char *sets[] = { "traffic.packets=2000",
			       "traffic.rate_pps=97000",
			       "hog.enabled=true", "hog.cpu=1",
			       "net.core.busy_read=1000",
			       "kernel.sched_base_slice_us=100", NULL };
	const struct sim_report *r = run(f, BUSY_READ, false, sets);

	g_assert_cmpuint(col(r, "delivered") + col(r, "sk_drops"), ==, 2000);
	g_assert_cmpuint(col(r, "warnings"), ==, 0);
	/* the hog did take the CPU from the reader, between loops */
	g_assert_cmpuint(cnt(r, "task", "app", "preempted"), >, 0);
	g_assert_cmpuint(cpu_ps(r, 1, "hog"), >, 0);
	g_assert_cmpuint(col(r, "polls_busy"), >, 0);
}

/* a request/response server on epoll, 60 us of service per request */
#define EPOLL_RR \
	"[traffic]\npackets=1000\nrate_pps=10000\n" \
	"[stack]\nmode=deliver\n" \
	"[app]\ncpu=1\nmode=rr\nwork_cycles=120000\n" \
	"[mitigation]\npolicy=irq_suspend\nirq_suspend_timeout=1000000\n" \
	"napi_defer_hard_irqs=2\ngro_flush_timeout=20000\n" \
	"[app]\nprefer_busy_poll=true\nbusy_poll_usecs=50\n"

static void test_irq_suspend_keeps_irq_masked(struct fixture *f,
					      gconstpointer data G_GNUC_UNUSED)
{
	const char *busy[] = { "mitigation.policy=busy_poll", NULL };
	const char *napi[] = { "mitigation.policy=napi", NULL };
	const struct sim_report *s = run(f, EPOLL_RR, false, NULL);
	const struct sim_report *b = run(f, EPOLL_RR, false, busy);
	const struct sim_report *n = run(f, EPOLL_RR, false, napi);

	/*
	 * irq_suspend: every epoll_wait() that returns the request pushes
	 * the NAPI timer out to 1 ms (1000 suspends), longer than a
	 * request's 100 us, so the timer never fires while the load lasts.
	 * The IRQ fires once, for the first request; it comes back only
	 * when the last busy loop runs dry (one resume): then a busy-
	 * triggered poll and one timer poll, N = 2 empty polls, unmask; the
	 * frames the busy poller took set ICR.RXT0 without a hardirq
	 * reading it, so that cause fires once at unmask.
	 */
	g_assert_cmpuint(col(s, "delivered"), ==, 1000);
	g_assert_cmpuint(cnt(s, "task", "app", "irq_suspends"), ==, 1000);
	g_assert_cmpuint(cnt(s, "task", "app", "irq_resumes"), ==, 1);
	g_assert_cmpuint(col(s, "timer_irqs"), ==, 1);
	/* hrtimer_start(..., HRTIMER_MODE_REL_PINNED): the timer fires on
	 * the CPU that armed it, the application's, not the IRQ's */
	g_assert_cmpuint(cnt(s, "napi", "1", "timer_cpu"), ==, 1);
	g_assert_cmpuint(cnt(n, "napi", "1", "timer_cpu"), ==, 0);
	g_assert_cmpuint(cnt(s, "queue", "eth0-rx0", "irq_at_unmask"), ==, 1);
	g_assert_cmpuint(col(s, "rxint"), ==, 2);
	g_assert_false(sim_report_get(s, "queue", "eth0-rx0",
				      "irq_masked")->b);
	/* Done counts only completions that re-enabled the IRQ: busy
	 * polls complete with the IRQ masked (IN_BUSY_POLL) */
	g_assert_cmpuint(col(s, "done"), ==,
			 cnt(s, "queue", "eth0-rx0", "irq_enables"));
	g_assert_cmpuint(col(b, "done"), ==,
			 cnt(b, "queue", "eth0-rx0", "irq_enables"));

	/*
	 * busy_poll with the same N and T, no suspension: during each
	 * request's 60 us of service the 20 us timer polls twice, finds
	 * nothing and unmasks: the IRQ comes back every request.  NAPI
	 * alone: at least one per request.
	 */
	g_assert_cmpuint(col(b, "delivered"), ==, 1000);
	g_assert_cmpuint(col(b, "rxint"), >=, 1000);
	g_assert_cmpuint(col(b, "polls_timer"), >=, 1000);
	g_assert_cmpuint(col(n, "rxint"), >=, 1000);
	g_assert_cmpuint(col(s, "rxint") * 100, <, col(b, "rxint"));
	g_assert_cmpuint(col(s, "rxint") * 100, <, col(n, "rxint"));
}

/*
 * Since Linux 6.13, epoll_wait() with prefer_busy_poll busy-polls even
 * with busy_poll_usecs 0: ep_busy_loop_on() is true and the timeout is
 * net.core.busy_poll, 0, so exactly one non-blocking pass
 * (napi_busy_loop() checks loop_end after its first turn).  One request
 * every 1 ms, each found by its interrupt: every epoll_wait() that
 * finds nothing makes one busy turn, then resumes the IRQ and sleeps.
 */
static void test_epoll_prefer_one_pass(struct fixture *f,
				       gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.packets=50", "traffic.rate_pps=1000",
			       "app.busy_poll_usecs=0", NULL };
	const char *off[] = { "traffic.packets=50", "traffic.rate_pps=1000",
			      "app.busy_poll_usecs=0",
			      "app.prefer_busy_poll=false",
			      "mitigation.policy=defer", NULL };
	const struct sim_report *r = run(f, EPOLL_RR, false, sets);
	uint64_t waits = cnt(r, "task", "app", "epoll_waits");

	g_assert_cmpuint(col(r, "delivered"), ==, 50);
	/* one call at the start, one after each reply; a wake returns its
	 * request from the same call.  The first call has no NAPI to poll
	 * (ep->napi_id is set only once the socket has received from one)
	 * and sleeps; every later call makes exactly one busy turn, which
	 * finds nothing, resumes the IRQ and sleeps */
	g_assert_cmpuint(waits, ==, 51);
	g_assert_cmpuint(cnt(r, "task", "app", "busy_turns"), ==, 50);
	g_assert_cmpuint(cnt(r, "task", "app", "busy_rx_packets"), ==, 0);
	g_assert_cmpuint(cnt(r, "task", "app", "irq_resumes"), ==, 50);
	g_assert_cmpuint(cnt(r, "task", "app", "sleeps"), ==, 51);

	/* without prefer_busy_poll and with no busy-poll time, no pass */
	r = run(f, EPOLL_RR, false, off);
	g_assert_cmpuint(col(r, "delivered"), ==, 50);
	g_assert_cmpuint(cnt(r, "task", "app", "busy_turns"), ==, 0);
	g_assert_cmpuint(col(r, "polls_busy"), ==, 0);
}

/* [app] wait=epoll under every kernel-side policy */
static void test_epoll_every_policy(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	static const char *const policies[] = {
		"none", "napi", "defer", "threaded", "busy_poll",
		"irq_suspend",
	};
	const char *ini =
		"[traffic]\npackets=500\nrate_pps=50000\n"
		"[stack]\nmode=deliver\n"
		"[app]\ncpu=1\nwait=epoll\nbusy_poll_usecs=20\n"
		"prefer_busy_poll=true\n"
		"[mitigation]\nnapi_defer_hard_irqs=2\n"
		"gro_flush_timeout=20000\nirq_suspend_timeout=1000000\n";

	for (guint i = 0; i < G_N_ELEMENTS(policies); i++) {
		g_autofree char *set = g_strdup_printf("mitigation.policy=%s",
						       policies[i]);
		const char *sets[] = { set, NULL };
		const struct sim_report *r = run(f, ini, false, sets);

		g_test_message("policy %s", policies[i]);
		g_assert_cmpuint(col(r, "delivered"), ==, 500);
		g_assert_cmpuint(cnt(r, "task", "app", "epoll_waits"), >, 0);
		g_assert_cmpuint(col(r, "warnings"), ==, 0);
		assert_conserved(r);
	}
}

/* =========================================== reference mode */

/*
 * At light load a busy-reading thread spins through empty polls between
 * requests.  Batch mode counts runs of them at once
 * (bl_skip_idle_turns()); the counters, the CPU time and the latency
 * histogram must be what reference mode, which runs every turn, gets.
 */
static void test_idle_turns_counted_exactly(struct fixture *f,
					    gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "mitigation.policy=busy_poll",
			       "net.core.busy_read=50", "app.mode=rr",
			       "traffic.rate_pps=20000", "traffic.packets=500",
			       NULL };
	const char *ini = "[traffic]\narrival=poisson\nseed=3\n"
			  "[stack]\nmode=deliver\n[app]\ncpu=1\n";
	const struct sim_report *a = run(f, ini, false, sets);
	const struct sim_report *b = run(f, ini, true, sets);

	g_assert_cmpuint(cnt(a, "task", "app", "busy_turns_counted"), >,
			 cnt(a, "task", "app", "busy_turns") / 2);
	g_assert_cmpuint(cnt(b, "task", "app", "busy_turns_counted"), ==, 0);
	g_assert_cmpuint(cnt(a, "task", "app", "busy_turns"), ==,
			 cnt(b, "task", "app", "busy_turns"));
	assert_same_report(a, b);
}

static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const cases[][8] = {
		{ "mitigation.policy=none", NULL },
		{ "mitigation.policy=none", "traffic.rate_pps=1500000", NULL },
		{ "mitigation.policy=napi", NULL },
		{ "mitigation.policy=defer", "mitigation.napi_defer_hard_irqs=2",
		  "mitigation.gro_flush_timeout=20000", NULL },
		{ "mitigation.policy=threaded", NULL },
		{ "mitigation.policy=threaded", "mitigation.thread_cpu=1",
		  "app.cpu=0", NULL },
		{ "mitigation.policy=busy_poll", "net.core.busy_read=50",
		  NULL },
		{ "mitigation.policy=busy_poll", "app.busy_poll_usecs=50",
		  "app.prefer_busy_poll=true",
		  "mitigation.napi_defer_hard_irqs=2",
		  "mitigation.gro_flush_timeout=20000", NULL },
		{ "mitigation.policy=irq_suspend", "app.mode=rr",
		  "mitigation.irq_suspend_timeout=1000000",
		  "app.prefer_busy_poll=true",
		  "mitigation.napi_defer_hard_irqs=2",
		  "mitigation.gro_flush_timeout=20000",
		  "app.busy_poll_usecs=50", NULL },
		{ "nic.rx_usecs=32", "nic.rx_frames=8", NULL },
		{ "nic.interrupt_throttle_rate=1", NULL },
		{ "nic.adaptive_rx=true", NULL },
	};
	const char *ini =
		"[traffic]\npackets=2000\narrival=poisson\nrate_pps=400000\n"
		"line_rate_mbps=1000\nseed=7\n"
		"[stack]\nmode=deliver\n[app]\ncpu=1\n";

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct sim_report *a = run(f, ini, false, cases[i]);
		const struct sim_report *b = run(f, ini, true, cases[i]);

		g_test_message("case %u: %s", i, cases[i][0]);
		assert_same_report(a, b);
		g_assert_cmpuint(col(a, "warnings"), ==, 0);
	}
}

/* =========================================== ksoftirqd's nice */

static void test_ksoftirqd_nice_share(struct fixture *f,
				      gconstpointer data G_GNUC_UNUSED)
{
	/*
	 * Olsson's router at 1 Mpps for 20 ms with a hog on its one CPU:
	 * after the first 2 ms NET_RX lives in ksoftirqd, which is always
	 * runnable, so ksoftirqd and the hog share the CPU by CFS weight.
	 * Nice 0 vs 0: 1024 : 1024, half each.  Nice -10 vs 0: 9548 : 1024,
	 * ksoftirqd gets 9548 / 10572 = 90.3%.  A 300 us slice keeps the
	 * rounding of the shares to a few percent of the 20 ms.
	 */
	const char *n0[] = { "hog.enabled=true", "traffic.packets=20000",
			     "kernel.sched_base_slice_us=300", NULL };
	const char *n10[] = { "hog.enabled=true", "traffic.packets=20000",
			      "kernel.sched_base_slice_us=300",
			      "softirq.ksoftirqd_nice=-10", NULL };
	const struct sim_report *a = run(f, OLSSON, false, n0);
	const struct sim_report *b = run(f, OLSSON, false, n10);
	double ka = (double)cpu_ps(a, 0, "ksoftirqd");
	double ha = (double)cpu_ps(a, 0, "hog");
	double kb = (double)cpu_ps(b, 0, "ksoftirqd");
	double hb = (double)cpu_ps(b, 0, "hog");

	g_assert_cmpuint(col(a, "ksoftirqd_wakeups"), >=, 1);
	g_assert_cmpfloat(ka / (ka + ha), >, 0.45);
	g_assert_cmpfloat(ka / (ka + ha), <, 0.55);
	g_assert_cmpfloat(kb / (kb + hb), >, 0.85);
	g_assert_cmpfloat(kb / (kb + hb), <, 0.95);
	/* and the router forwards more for it */
	g_assert_cmpuint(col(b, "forwarded"), >, col(a, "forwarded"));
}

/* =========================================== the tick */

/* NET_RX passes run at irq exit (in softirq context, not ksoftirqd) */
static uint64_t irq_exit_passes(const struct sim_report *r)
{
	return cnt(r, "cpu", "0", "softirq_passes") -
	       cnt(r, "cpu", "0", "ksoftirqd_passes");
}

static void test_tick_runs_net_rx(struct fixture *f,
				  gconstpointer data G_GNUC_UNUSED)
{
	/*
	 * Olsson's router at 1 Mpps for 20 ms with a hog on its one CPU.
	 * After the first 2 ms NET_RX is handed to ksoftirqd, which stays
	 * runnable.  The tick (one per jiffy while the CPU is busy: 20) is a
	 * hardirq; since v6.5 its irq_exit() runs the pending NET_RX there
	 * and then, even though ksoftirqd is runnable: more passes at irq
	 * exit and more frames forwarded.  Before v6.5 irq_exit() left them
	 * to the runnable ksoftirqd: the same passes at irq exit as with no
	 * tick at all (the ten before the hand-off).
	 */
	const char *v65[] = { "hog.enabled=true", "traffic.packets=20000",
			      NULL };
	const char *pre[] = { "hog.enabled=true", "traffic.packets=20000",
			      "kernel.ksoftirqd_running_defers=true", NULL };
	const char *none[] = { "hog.enabled=true", "traffic.packets=20000",
			       "kernel.tick=false", NULL };
	const struct sim_report *a = run(f, OLSSON, false, v65);
	const struct sim_report *b = run(f, OLSSON, false, pre);
	const struct sim_report *c = run(f, OLSSON, false, none);

	g_assert_cmpuint(cnt(a, "cpu", "0", "ticks"), ==, 20);
	g_assert_cmpuint(cnt(b, "cpu", "0", "ticks"), ==, 20);
	g_assert_cmpuint(cnt(c, "cpu", "0", "ticks"), ==, 0);
	g_assert_cmpuint(cnt(a, "cpu", "0", "ksoftirqd_wakeups"), >=, 1);
	g_assert_cmpuint(irq_exit_passes(c), ==, 10);
	g_assert_cmpuint(irq_exit_passes(b), ==, irq_exit_passes(c));
	/* at least one pass at each of the 18 ticks after the hand-off */
	g_assert_cmpuint(irq_exit_passes(a), >=, irq_exit_passes(c) + 18);
	g_assert_cmpuint(col(a, "forwarded"), >, col(b, "forwarded"));
	g_assert_cmpuint(cpu_ps(a, 0, "hog"), <, cpu_ps(b, 0, "hog"));
}

/* =========================================== scenario checks */

static void test_policy_keys_checked(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	static const struct {
		const char *sets[3];
		const char *words[2];
	} cases[] = {
		{ { "mitigation.policy=defer", NULL },
		  { "napi_defer_hard_irqs", "gro_flush_timeout" } },
		{ { "mitigation.policy=defer",
		    "mitigation.napi_defer_hard_irqs=2" },
		  { "napi_defer_hard_irqs", "gro_flush_timeout" } },
		{ { "mitigation.policy=busy_poll", NULL },
		  { "busy_read", "busy_poll_usecs" } },
		{ { "mitigation.policy=irq_suspend",
		    "mitigation.irq_suspend_timeout=1000" },
		  { "irq_suspend_timeout", "prefer_busy_poll" } },
		{ { "mitigation.policy=irq_suspend", NULL },
		  { "irq_suspend_timeout", "prefer_busy_poll" } },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		struct sim_scenario *sc = load(f, DEFER, NULL, &error);
		struct sim_point *p;

		g_assert_no_error(error);
		/* DEFER sets both keys: start from none */
		g_assert_true(sim_scenario_set(sc,
			"mitigation.napi_defer_hard_irqs=0", &error));
		g_assert_true(sim_scenario_set(sc,
			"mitigation.gro_flush_timeout=0", &error));
		for (const char *const *s = cases[i].sets; *s; s++)
			g_assert_true(sim_scenario_set(sc, *s, &error));
		/* a group's own keys are checked as the point is made, the
		 * keys of other groups before a machine is built */
		p = sim_scenario_point(sc, 0, &error);
		if (p) {
			g_assert_false(machine_check_point(p, &error));
			sim_point_free(p);
		}
		g_assert_nonnull(error);
		g_assert_nonnull(strstr(error->message, cases[i].words[0]));
		g_assert_nonnull(strstr(error->message, cases[i].words[1]));
		sim_scenario_free(sc);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/mitigation/defer/unmask-after-n-empty-polls", test_defer_rule);
	ADD("/mitigation/defer/timer-polls-counted", test_defer_timer_polls);
	ADD("/napi/busy-poll/hardirq-sets-missed",
	    test_busy_poll_hardirq_sets_missed);
	ADD("/napi/complete-done/missed-repolls",
	    test_complete_done_missed_repolls);
	ADD("/mitigation/coalesce/frames-or-usecs",
	    test_coalesce_frames_or_usecs);
	ADD("/mitigation/coalesce/timer-from-first-eqe-or-cqe",
	    test_coalesce_timers);
	ADD("/mitigation/coalesce/device-holds-the-irq", test_coalesce_device);
	ADD("/mitigation/none/livelock", test_none_livelock);
	ADD("/mitigation/none/one-irq-per-packet-at-low-load",
	    test_none_irq_per_packet);
	ADD("/mitigation/none/backlog-limit", test_none_backlog_limit);
	ADD("/napi/threaded/kthread-polls-no-softirq",
	    test_threaded_no_softirq);
	ADD("/napi/threaded/no-netdev-budget", test_threaded_no_budget);
	ADD("/busy-poll/spinning-cpu-never-idles", test_busy_read_never_idles);
	ADD("/busy-poll/loop-is-not-preempted", test_busy_loop_not_preempted);
	ADD("/busy-poll/epoll-prefer-busy-poll-one-pass",
	    test_epoll_prefer_one_pass);
	ADD("/busy-poll/epoll-under-every-policy", test_epoll_every_policy);
	ADD("/busy-poll/epoll-irq-suspend-keeps-irq-masked",
	    test_irq_suspend_keeps_irq_masked);
	ADD("/engine/reference-mode/same-counters-for-each-policy",
	    test_reference_equal);
	ADD("/busy-poll/idle-turns-counted-exactly",
	    test_idle_turns_counted_exactly);
	ADD("/sched/ksoftirqd-nice-changes-share", test_ksoftirqd_nice_share);
	ADD("/softirq/tick/irq-exit-runs-net-rx-while-ksoftirqd-runnable",
	    test_tick_runs_net_rx);
	ADD("/mitigation/scenario/policy-keys-checked",
	    test_policy_keys_checked);
	return g_test_run();
}
