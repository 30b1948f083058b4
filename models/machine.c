/*
 * models/machine.c - one simulated machine: builds it from its point,
 * runs it on the engine (and SimGrid) and reports its row.
 *
 * Building is the models' lifecycle (sim/config/model.h), in registry
 * order: every model creates its objects in the machine's collections
 * (the CPUs are the engine's, sized by [cpu]), then every model connects
 * to the objects of the others, then every model starts.  At the end
 * every model reports its counters; the machine adds what belongs to the
 * whole (tput, latency, CPU time, energy, conservation) and puts the
 * columns in the order of the column table.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/config/columns.h"
#include "sim/config/conservation.h"
#include "sim/config/model.h"
#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "sim/engine/lazy.h"
#include "sim/engine/sg.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/point.h"
#include "models/cost.h"
#include "models/core/backlog.h"
#include "models/core/gro.h"
#include "models/core/netdevice.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"

const void *machine_cfg(const struct machine *m,
			const struct sim_model_ops *ops)
{
	return sim_point_cfg(m->point, ops);
}

void *machine_priv(const struct machine *m, const struct sim_model_ops *ops)
{
	for (guint i = 0; i < m->nmodels; i++)
		if (m->models[i].ops == ops)
			return m->models[i].priv;
	return NULL;
}

struct sim_irq *machine_request_irq(struct machine *m, const char *name,
				    uint32_t cpu, uint64_t handler_cycles,
				    void (*handler)(struct sim_irq *irq),
				    void *data)
{
	struct sim_irq *irq = g_new0(struct sim_irq, 1);

	sim_irq_init(irq, &m->sim.cpu[cpu], g_intern_string(name),
		     SIM_IRQ_DEVICE, m->cost->irq_entry + handler_cycles,
		     handler, data);
	g_ptr_array_add(m->irqs, irq);
	return irq;
}

struct softnet_data *softnet(struct machine *m, uint32_t cpu)
{
	return &m->softnet[cpu];
}

void machine_record_latency(struct machine *m, const struct sk_buff *skb,
			    sim_time_t done)
{
	uint64_t ns;

	if (skb->arrival < m->latency_from)
		return;
	ns = (done - skb->arrival) / 1000;
	sim_hist_record(&m->latency, ns);
	traffic_flow_latency(m->traffic, skb->flow, ns);
	if (skb->burst_last)
		sim_hist_record(&m->latency_burst, ns);
}

void machine_deliver_skb(struct machine *m, struct sk_buff *skb,
			 sim_time_t done)
{
	uint32_t n = skb_frames_count(skb);

	for (uint32_t i = 0; i < n; i++) {
		struct sk_buff f = skb_frame(skb, i);

		machine_record_latency(m, &f, done);
	}
	m->delivered += n;
	kfree_skb(m->skb_pool, skb);
}

uint64_t machine_tput(const struct machine *m)
{
	const struct stack_cfg *st = machine_cfg(m, &stack_model_ops);

	return st->mode == STACK_FORWARD ? m->forwarded : m->delivered;
}

void machine_input_changed(struct machine *m, sim_time_t now)
{
	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];

		if (dev->wire && dev->netdev_ops->ndo_input_changed)
			dev->netdev_ops->ndo_input_changed(dev, now);
	}
}

bool machine_load_done(struct machine *m, sim_time_t now)
{
	bool done = true;

	/* a multi-queue input reads ahead: what it keeps is still to come */
	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];

		if (dev->input && !sim_lazy_done(dev->input, now))
			done = false;
	}
	return done && traffic_peek(m->traffic) == SIM_TIME_NEVER;
}

/* ---------------------------------------------------------------- build */

gboolean machine_check_point(const struct sim_point *p, GError **error)
{
	const struct sim_model_ops *const *ops = sim_model_list();

	for (guint i = 0; ops[i]; i++)
		if (ops[i]->check_point && !ops[i]->check_point(p, error))
			return FALSE;
	return TRUE;
}

struct machine *machine_new(const struct sim_point *p, bool reference,
			    bool simgrid, GError **error)
{
	const struct sim_model_ops *const *ops = sim_model_list();
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);
	GError *err = NULL;
	struct machine *m;

	if (!machine_check_point(p, error))
		return NULL;
	if (simgrid) {
		struct sim_sg_power power = {
			.idle_w = cpu->idle_watts, .busy_w = cpu->busy_watts,
		};

		if (!sim_sg_init(cpu->count, cpu->frequency_mhz, &power,
				 error))
			return NULL;
	}
	m = g_new0(struct machine, 1);
	m->point = p;
	m->cost = sim_point_cfg(p, &cost_model_ops);
	m->netdevs = g_ptr_array_new();
	m->napis = g_ptr_array_new();
	m->irqs = g_ptr_array_new_with_free_func(g_free);
	m->socks = g_ptr_array_new();
	m->tasks = g_ptr_array_new();
	m->allocs = g_ptr_array_new_with_free_func(g_free);
	m->skb_pool = g_new0(struct skb_pool, 1);
	skb_pool_init(m->skb_pool);
	sim_hist_init(&m->latency);
	sim_hist_init(&m->latency_burst);
	sim_init(&m->sim, cpu->count, cpu->frequency_mhz, reference,
		 m->cost->context_switch, m->cost->irq_entry + m->cost->ipi);
	sim_set_cache_refill(&m->sim, m->cost->cache_refill);
	m->sim.sync_interval = SIM_US(cpu->sync_interval_us);
	m->nmodels = sim_model_count();
	m->models = g_new0(struct machine_model, m->nmodels);
	/* the accounting slots, in registry order: the per-CPU columns */
	for (guint i = 0; ops[i]; i++)
		for (guint a = 0; ops[i]->accounts && ops[i]->accounts[a]; a++)
			sim_acct_register(&m->sim, ops[i]->accounts[a]);
	for (guint i = 0; ops[i]; i++) {
		struct machine_model *mm = &m->models[i];

		mm->ops = ops[i];
		mm->cfg = sim_point_cfg(p, ops[i]);
		if (!ops[i]->create)
			continue;
		mm->priv = ops[i]->create(m, mm->cfg, &err);
		if (err) {
			g_prefix_error(&err, "[%s] ", ops[i]->name);
			g_propagate_error(error, err);
			machine_free(m);
			return NULL;
		}
	}
	for (guint i = 0; i < m->nmodels; i++) {
		struct machine_model *mm = &m->models[i];

		if (mm->priv && mm->ops->connect &&
		    !mm->ops->connect(mm->priv, m, error)) {
			g_prefix_error(error, "[%s] ", mm->ops->name);
			machine_free(m);
			return NULL;
		}
	}
	m->sim.simgrid = simgrid;
	return m;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	/*
	 * A machine freed before its run is over (a model test stops
	 * anywhere; machine_new() fails half-way) still has events queued,
	 * and they are embedded in the models' state: unqueue them while it
	 * is there, not from sim_destroy() after the models freed it.
	 */
	sim_eventq_clear(&m->sim.q);
	/* while every NAPI is still there */
	for (guint i = 0; i < m->napis->len; i++)
		napi_gro_destroy(m->napis->pdata[i]);
	for (guint i = m->nmodels; i-- > 0;) {
		struct machine_model *mm = &m->models[i];

		if (mm->priv && mm->ops->destroy)
			mm->ops->destroy(mm->priv);
	}
	g_free(m->models);
	g_ptr_array_unref(m->netdevs);
	g_ptr_array_unref(m->napis);
	g_ptr_array_unref(m->irqs);
	g_ptr_array_unref(m->socks);
	g_ptr_array_unref(m->tasks);
	g_ptr_array_unref(m->allocs);
	skb_pool_destroy(m->skb_pool);
	g_free(m->skb_pool);
	sim_destroy(&m->sim);
	g_free(m);
}

/* ---------------------------------------------------------------- run */

/* the event loop: in SimGrid's event-loop actor, or called directly */
static void machine_main(void *data)
{
	struct machine *m = data;
	gint64 t0 = g_get_monotonic_time();

	for (guint i = 0; i < m->nmodels; i++) {
		struct machine_model *mm = &m->models[i];

		if (mm->priv && mm->ops->start)
			mm->ops->start(mm->priv);
	}
	sim_run(&m->sim, SIM_TIME_NEVER);
	/* the last items may have run inline, past the last event */
	for (uint32_t i = 0; i < m->sim.ncpu; i++)
		m->sim.now = MAX(m->sim.now, m->sim.cpu[i].now);
	if (m->sim.simgrid)
		sim_sg_sync(&m->sim, m->sim.now);
	m->wall_seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
}

void machine_run(struct machine *m)
{
	if (m->sim.simgrid)
		sim_sg_run(machine_main, m);
	else
		machine_main(m);
}

/* ---------------------------------------------------------------- report */

static uint64_t hist_digest(const struct sim_hist *hist)
{
	/* FNV-1a over the buckets: equal digests <=> equal histograms */
	uint64_t x = 1469598103934665603ULL;
	const unsigned char *b = (const unsigned char *)hist->bucket;

	for (size_t i = 0; i < sizeof(hist->bucket); i++)
		x = (x ^ b[i]) * 1099511628211ULL;
	return x ^ hist->max ^ (hist->count << 1);
}

/* frames still in a ring, a backlog or a socket */
static uint64_t machine_queued(struct machine *m)
{
	uint64_t queued = netdev_rx_queued(m);

	for (guint i = 0; i < m->socks->len; i++)
		queued += sock_queued_frames(m->socks->pdata[i]);
	for (uint32_t i = 0; i < m->sim.ncpu; i++)
		queued += backlog_queued(softnet(m, i));
	for (guint i = 0; i < m->napis->len; i++)
		queued += napi_gro_queued(m->napis->pdata[i]);
	return queued;
}

/*
 * The busiest RX queue's share of the frames the receiving devices took
 * off the wire, in %: 100 with one queue, 100/N when RSS spreads them
 * evenly over N.  A queue's frames are those steered to it: cleaned
 * (rx_packets), still in its ring, or dropped there for want of a
 * descriptor (rx_missed_errors), so a queue whose CPU cannot keep up
 * still shows the whole of its share.
 */
static double rxq_max_share_pct(const struct machine *m)
{
	uint64_t most = 0, all = 0;

	for (guint i = 0; i < m->netdevs->len; i++) {
		const struct net_device *dev = m->netdevs->pdata[i];

		if (!dev->wire)
			continue;	/* it only transmits */
		for (uint32_t q = 0; q < dev->num_rx_queues; q++) {
			const struct netdev_rx_stats *st = &dev->_rx[q].stats;
			uint64_t n = st->packets + st->queued + st->missed;

			most = MAX(most, n);
			all += n;
		}
	}
	return all ? 100.0 * (double)most / (double)all : 0;
}

/* wakeups of a task on another CPU than the waker's (sim_task_wake()) */
static uint64_t remote_wakeups(const struct machine *m)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < m->sim.ncpu; i++)
		n += m->sim.cpu[i].remote_wakeups;
	return n;
}

/*
 * Inter-processor interrupts taken, summed over the CPUs: the reschedule
 * IPIs a wakeup sends to an idle CPU (cpu->ipi) and RPS's backlog IPIs
 * (net_rps_send_ipi(), counted as received_rps).  Every kind of IPI the
 * models send belongs here.
 */
static uint64_t machine_ipis(const struct machine *m)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < m->sim.ncpu; i++)
		n += m->sim.cpu[i].ipi.count + m->softnet[i].received_rps;
	return n;
}

/* what belongs to the whole machine */
static void report_machine(struct machine *m, struct sim_row *row)
{
	struct sim *sim = &m->sim;
	sim_time_t end = sim->now ? sim->now : 1;
	uint64_t tput = machine_tput(m);
	double energy = 0;
	char key[64];

	/* rates and CPU shares are the measurement window's
	 * (models/measure.c); counts, latency and energy are here */
	for (uint32_t i = 0; sim->simgrid && i < sim->ncpu; i++)
		energy += sim_sg_energy_j(i);

	sim_row_add_u64(row, "tput", tput);
	sim_row_add_u64(row, "delivered", m->delivered);
	sim_row_add_u64(row, "queued", machine_queued(m));
	sim_row_add_u64(row, "latency_p50_ns",
			sim_hist_percentile(&m->latency, 50));
	sim_row_add_u64(row, "latency_p99_ns",
			sim_hist_percentile(&m->latency, 99));
	sim_row_add_u64(row, "latency_p999_ns",
			sim_hist_percentile(&m->latency, 99.9));
	sim_row_add_u64(row, "latency_max_ns", m->latency.max);
	sim_row_add_u64(row, "latency_mean_ns", sim_hist_mean(&m->latency));
	/* bursts' last frames (arrival=onoff): the burst's own delay */
	sim_row_add_u64(row, "latency_burst_p99_ns",
			sim_hist_percentile(&m->latency_burst, 99));
	sim_row_add_u64(row, "latency_burst_mean_ns",
			sim_hist_mean(&m->latency_burst));
	/* how the load spread over queues and CPUs (cpu_max_busy_pct is
	 * the measurement window's: models/measure.c) */
	sim_row_add_double(row, "rxq_max_share_pct", rxq_max_share_pct(m), 2);
	sim_row_add_u64(row, "remote_wakeups", remote_wakeups(m));
	sim_row_add_u64(row, "ipis", machine_ipis(m));
	/* SimGrid sums energy in floating point, in an order that differs
	 * between batch and reference mode by ~1e-12 J; derive the other
	 * columns from the printed mJ so the modes agree on them too */
	energy = round(energy * 1e3) / 1e3;
	sim_row_add_double(row, "energy_j", energy, 3);
	sim_row_add_double(row, "power_w", energy / sim_time_to_s(end), 3);
	sim_row_add_double(row, "energy_per_pkt_uj", tput ?
			   energy * 1e6 / (double)tput : 0, 3);
	sim_row_add_double(row, "sim_seconds", sim_time_to_s(end), 6);
	g_snprintf(key, sizeof(key), "%016" G_GINT64_MODIFIER "x",
		   hist_digest(&m->latency));
	sim_row_add_str(row, "latency_hist", key);
	sim_row_add_u64(row, "warnings", m->warnings);
	sim_row_add_bool(row, "conservation", sim_row_conserved(row));
	/* how the run went: differ between batch and reference by design */
	sim_row_add_u64(row, "sg_calls", sim->simgrid ? sim_sg_calls() : 0);
	sim_row_add_u64(row, "events", sim->q.processed);
	sim_row_add_double(row, "wall_seconds", m->wall_seconds, 3);
}

static void report_details(struct machine *m, struct sim_report *r)
{
	for (uint32_t i = 0; i < m->sim.ncpu; i++) {
		const struct sim_cpu *cpu = &m->sim.cpu[i];
		char id[16];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", i);
		d = sim_report_object(r, "cpu", id);
		for (uint32_t a = 0; a < m->sim.nacct; a++) {
			g_autofree char *k = g_strdup_printf(
				"%s_ps", m->sim.acct_name[a]);

			sim_row_add_u64(d, k, cpu->acct_ps[a]);
		}
		sim_row_add_u64(d, "nr_switches", cpu->nr_switches);
		sim_row_add_u64(d, "ipis", cpu->ipi.count);
		sim_row_add_u64(d, "remote_wakeups", cpu->remote_wakeups);
	}
	for (guint i = 0; i < m->napis->len; i++) {
		const struct napi_struct *n = m->napis->pdata[i];
		g_autofree char *id = g_strdup_printf("%u", n->napi_id);
		struct sim_row *d = sim_report_object(r, "napi", id);

		sim_row_add_str(d, "dev", n->dev ? n->dev->name : "backlog");
		sim_row_add_u64(d, "polls", n->polls);
		sim_row_add_u64(d, "polls_hardirq",
				n->polls_by[NAPI_POLLS_HARDIRQ]);
		sim_row_add_u64(d, "polls_timer", n->polls_by[NAPI_POLLS_TIMER]);
		sim_row_add_u64(d, "polls_busy", n->polls_by[NAPI_POLLS_BUSY]);
		sim_row_add_u64(d, "polls_thread",
				n->polls_by[NAPI_POLLS_THREAD]);
		sim_row_add_u64(d, "timer_irqs", n->timer.count);
		sim_row_add_u64(d, "timer_armed", n->timer_armed);
		/* hrtimers are pinned: the CPU that last armed it */
		sim_row_add_u64(d, "timer_cpu", n->timer.cpu->id);
		napi_gro_report_napi(n, d);
	}
	{
		struct sim_row *d = sim_report_object(r, "machine", "0");

		sim_row_add_u64(d, "sim_ps", m->sim.now);
		sim_row_add_u64(d, "latency_samples", m->latency.count);
		sim_row_add_u64(d, "latency_burst_samples",
				m->latency_burst.count);
		sim_row_add_u64(d, "events", m->sim.q.processed);
		sim_row_add_u64(d, "inline_items", m->sim.inline_items);
		sim_row_add_u64(d, "event_items", m->sim.event_items);
	}
}

/*
 * Move the columns of @src into @dst in the order of the column table
 * (sim/config/columns.c), the per-CPU ones as one block per CPU.  Every
 * column a model reports must be declared there, with its type (a typo
 * or a column nobody declared fails loudly, in every run).
 */
static void append_in_order(struct sim_row *dst, struct sim_row *src,
			    uint32_t ncpu)
{
	for (guint i = 0; sim_columns[i].name; i++) {
		guint block = i;

		if (!sim_column_per_cpu(&sim_columns[i])) {
			sim_row_move(dst, src, sim_columns[i].name);
			continue;
		}
		while (sim_columns[block + 1].name &&
		       sim_column_per_cpu(&sim_columns[block + 1]))
			block++;
		for (uint32_t c = 0; c < ncpu; c++) {
			for (guint j = i; j <= block; j++) {
				g_autofree char *name =
					sim_column_name(&sim_columns[j], c);

				sim_row_move(dst, src, name);
			}
		}
		i = block;
	}
	if (src->cols->len)
		g_error("column %s is not declared in sim/config/columns.c",
			((struct sim_col *)src->cols->pdata[0])->name);
	for (guint i = 0; i < dst->cols->len; i++) {
		const struct sim_col *col = dst->cols->pdata[i];
		const struct sim_column *c = sim_column_find(col->name, NULL);

		if (c->type != col->type)
			g_error("column %s is declared with another type",
				col->name);
	}
}

struct sim_report *machine_report(struct machine *m)
{
	struct sim_report *r = sim_report_new();
	struct sim_row *row = sim_row_new();

	for (guint i = 0; i < m->nmodels; i++) {
		struct machine_model *mm = &m->models[i];

		if (mm->priv && mm->ops->report)
			mm->ops->report(mm->priv, r);
	}
	report_machine(m, r->row);
	report_details(m, r);
	append_in_order(row, r->row, m->sim.ncpu);
	sim_row_free(r->row);
	r->row = row;
	return r;
}

gboolean machine_run_point(const struct sim_point *p, enum sim_mode mode,
			   struct sim_report *r, GError **error)
{
	struct machine *m = machine_new(p, mode == SIM_MODE_REFERENCE, true,
					error);
	struct sim_report *got;

	if (!m)
		return FALSE;
	machine_run(m);
	got = machine_report(m);
	sim_row_move_all(r->row, got->row);
	/* the tables themselves change hands */
	while (got->tables->len)
		g_ptr_array_add(r->tables,
				g_ptr_array_steal_index(got->tables, 0));
	sim_report_free(got);
	machine_free(m);
	return TRUE;
}

/* ---------------------------------------------------------------- params */

#define S struct cpu_cfg
static const struct sim_param cpu_params[] = {
	SIM_PARAM_U32(S, count, "count", 2, 1, 64, "cpus", "number of CPUs; the NIC IRQ goes to CPU 0"),
	SIM_PARAM_U32(S, frequency_mhz, "frequency_mhz", 2000, 10, 10000, "MHz", "clock: cycles per microsecond"),
	SIM_PARAM_DOUBLE(S, idle_watts, "idle_watts", 10, 0, 1000, "W", "power of an idle CPU (SimGrid energy plugin)"),
	SIM_PARAM_DOUBLE(S, busy_watts, "busy_watts", 30, 0, 1000, "W", "power of a busy CPU (SimGrid energy plugin)"),
	SIM_PARAM_U32(S, sync_interval_us, "sync_interval_us", 10000, 1, 1000000, "us", "batch mode: the longest stretch of simulated time between two updates of SimGrid's hosts (their busy time is charged exactly either way, so results do not depend on it; 10 ms measured 1.3-1.5x faster than 1 ms at light load, doc/bench.md)"),
	{ }
};
#undef S

const struct sim_model_ops cpu_model_ops = {
	.name = "cpu",
	.help = "[cpu] the simulated CPUs: one single-core SimGrid host each",
	.params = cpu_params,
	.cfg_size = sizeof(struct cpu_cfg),
};
