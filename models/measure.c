/*
 * models/measure.c - the measurement window ([measure]): what an
 * experiment counts, and over which time.
 *
 * An experiment measures while the load is on, after a warm-up: pktgen
 * and a receiver's counters are read over the sending interval, and a
 * CPU's utilisation over the same interval, not over the drain after the
 * last frame (a policy with a 5 ms deferral timer would look idle for its
 * last 5 ms).  The window is [warmup_us, the offered load's end]: the end
 * is packets / rate (or duration_us), when the load nominally stops
 * (traffic_cfg_offered_end()); with window=run it is the end of the run.
 *
 * Two passive events take snapshots of each CPU's accounted time (with
 * the running item's share so far), of the frames done (tput), of rxint
 * and of polls, at the window's edges; they bound inline work like any
 * event, so batch and reference mode see the same instants.  An edge the
 * run never reaches (the queue drained first) holds the final counters:
 * the CPUs were idle from the run's end to it.
 *
 * In the window: tput_pps, rxint_per_s, polls_per_s, every cpuN_*_pct,
 * cpu_busy_pct, cpu_max_busy_pct and cpu_ns_per_pkt.  Latency counts frames that arrived
 * after the warm-up (machine_record_latency()).  Counts (tput, rxint,
 * done, drops ...) and energy stay whole-run totals, as Olsson's tables
 * count every frame sent.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/columns.h"
#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/measure.h"
#include "models/core/netdevice.h"
#include "models/workload/traffic.h"

struct snapshot {
	bool taken;
	sim_time_t t;
	uint64_t tput, rxint, polls;
	uint64_t *acct;			/* [cpu * SIM_ACCT_MAX + slot] */
};

struct measure {
	struct machine *m;
	const struct measure_cfg *cfg;
	sim_time_t start, end;		/* the window; end may be NEVER */
	struct sim_event ev;
	struct snapshot edge[2];	/* start, end */
};

static void snapshot_take(struct measure *ms, struct snapshot *s)
{
	struct machine *m = ms->m;

	s->taken = true;
	s->t = m->sim.now;
	s->tput = machine_tput(m);
	netdev_rx_counts(m, &s->rxint, &s->polls);
	sim_acct_snapshot(&m->sim, s->acct);
}

static void window_end(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	struct measure *ms = ev->data;

	snapshot_take(ms, &ms->edge[1]);
}

static void window_start(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	struct measure *ms = ev->data;

	snapshot_take(ms, &ms->edge[0]);
	if (ms->end == SIM_TIME_NEVER)
		return;
	ev->fn = window_end;
	sim_event_schedule(&ms->m->sim.q, ev, ms->end);
}

/* ---------------------------------------------------------------- model */

static sim_time_t offered_end(const struct sim_point *p)
{
	return traffic_cfg_offered_end(sim_point_cfg(p, &traffic_model_ops));
}

static void *measure_create(struct machine *m, const void *cfg,
			    GError **error G_GNUC_UNUSED)
{
	struct measure *ms = g_new0(struct measure, 1);
	size_t n = (size_t)m->sim.ncpu * SIM_ACCT_MAX;

	ms->m = m;
	ms->cfg = cfg;
	ms->start = SIM_US(ms->cfg->warmup_us);
	ms->end = ms->cfg->window == MEASURE_WINDOW_OFFERED ?
		  offered_end(m->point) : SIM_TIME_NEVER;
	for (int i = 0; i < 2; i++)
		ms->edge[i].acct = g_new0(uint64_t, n);
	m->latency_from = ms->start;
	sim_event_init(&ms->ev, "measure", SIM_PRIO_MEASURE, window_start,
		       ms, NULL);
	ms->ev.passive = true;
	return ms;
}

static void measure_start(void *p)
{
	struct measure *ms = p;

	if (ms->start) {
		sim_event_schedule(&ms->m->sim.q, &ms->ev, ms->start);
		return;
	}
	/* from time 0: everything is zero */
	ms->edge[0].taken = true;
	if (ms->end != SIM_TIME_NEVER) {
		ms->ev.fn = window_end;
		sim_event_schedule(&ms->m->sim.q, &ms->ev, ms->end);
	}
}

static double pct(uint64_t part, sim_time_t window)
{
	return window ? 100.0 * (double)part / (double)window : 0;
}

static void measure_report(void *p, struct sim_report *r)
{
	struct measure *ms = p;
	struct machine *m = ms->m;
	struct sim *sim = &m->sim;
	struct snapshot *a = &ms->edge[0], *b = &ms->edge[1];
	uint64_t busy_all = 0, busy_max = 0, cost = 0, tput;
	sim_time_t window;
	double seconds;
	char key[64];

	/* an edge the run never reached: nothing happened after the run's
	 * end, so the counters are the final ones, at the edge's time */
	if (!b->taken) {
		snapshot_take(ms, b);
		if (ms->end != SIM_TIME_NEVER)
			b->t = MAX(b->t, ms->end);
	}
	if (!a->taken) {
		uint64_t *acct = a->acct;

		*a = *b;
		a->acct = acct;
		a->t = ms->start;
		memcpy(acct, b->acct,
		       (size_t)sim->ncpu * SIM_ACCT_MAX * sizeof(uint64_t));
	}
	window = b->t - a->t;
	seconds = sim_time_to_s(window);
	tput = b->tput - a->tput;

	sim_row_add_double(r->row, "window_seconds", seconds, 6);
	sim_row_add_double(r->row, "tput_pps",
			   seconds > 0 ? (double)tput / seconds : 0, 0);
	sim_row_add_double(r->row, "rxint_per_s", seconds > 0 ?
			   (double)(b->rxint - a->rxint) / seconds : 0, 0);
	sim_row_add_double(r->row, "polls_per_s", seconds > 0 ?
			   (double)(b->polls - a->polls) / seconds : 0, 0);
	for (uint32_t i = 0; i < sim->ncpu; i++) {
		const uint64_t *x = a->acct + (size_t)i * SIM_ACCT_MAX;
		const uint64_t *y = b->acct + (size_t)i * SIM_ACCT_MAX;
		uint64_t busy = 0;

		for (uint32_t s = 0; s < sim->nacct; s++) {
			const struct sim_column *col;
			uint64_t d = y[s] - x[s];
			int cpu;

			busy += d;
			g_snprintf(key, sizeof(key), "cpu%u_%s_pct", i,
				   sim->acct_name[s]);
			sim_row_add_double(r->row, key, pct(d, window), 2);
			/* the receive path's cost: not a hog's time */
			col = sim_column_find(key, &cpu);
			if (col && (col->flags & SIM_COLUMN_COST))
				cost += d;
		}
		g_snprintf(key, sizeof(key), "cpu%u_idle_pct", i);
		sim_row_add_double(r->row, key,
				   pct(window > busy ? window - busy : 0,
				       window), 2);
		busy_all += busy;
		busy_max = MAX(busy_max, busy);
	}
	sim_row_add_double(r->row, "cpu_busy_pct",
			   pct(busy_all, window * sim->ncpu), 2);
	/* the averages hide one saturated CPU among idle ones */
	sim_row_add_double(r->row, "cpu_max_busy_pct", pct(busy_max, window),
			   2);
	sim_row_add_double(r->row, "cpu_ns_per_pkt",
			   tput ? (double)cost / 1000.0 / (double)tput : 0, 1);
}

static void measure_destroy(void *p)
{
	struct measure *ms = p;

	for (int i = 0; i < 2; i++)
		g_free(ms->edge[i].acct);
	g_free(ms);
}

static gboolean measure_check_groups(const struct sim_point *p,
				     GError **error)
{
	const struct measure_cfg *cfg = sim_point_cfg(p, &measure_model_ops);
	sim_time_t end = offered_end(p);

	if (cfg->warmup_us && SIM_US(cfg->warmup_us) >= end) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "warmup_us: %" G_GUINT64_FORMAT
			    " us is not before the offered load's end, %g us ([traffic] packets / rate_pps, or duration_us)",
			    cfg->warmup_us, (double)end / 1e6);
		return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- params */

#define S struct measure_cfg
static const struct sim_param measure_params[] = {
	SIM_PARAM_U64(S, warmup_us, "warmup_us", 0, 0, 1e9, "us", "the measurement window starts here: rates, CPU shares and latency leave out what came before (frames that arrived earlier, time spent earlier)"),
	SIM_PARAM_ENUM(S, window, "window", 0, "offered|run", "where the window ends: offered = when the offered load nominally ends ([traffic] packets / rate_pps, or duration_us), so the drain after the last frame is not measured; run = the end of the run"),
	{ }
};
#undef S

const struct sim_model_ops measure_model_ops = {
	.name = "measure",
	.help = "[measure] the measurement window of rates, CPU shares and latency",
	.params = measure_params,
	.cfg_size = sizeof(struct measure_cfg),
	.check_groups = measure_check_groups,
	.create = measure_create,
	.start = measure_start,
	.report = measure_report,
	.destroy = measure_destroy,
};
