/*
 * models/machine.c - one simulated machine: wires the models of a point,
 * runs it on SimGrid and reports its row.
 *
 * CPU 0 takes the NICs' interrupts (eth0 receives; in forward mode eth1
 * transmits what eth0 received).  The application thread, in deliver
 * mode, is pinned to [app] cpu.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/row.h"
#include "models/point.h"
#include "sim/config/scenario.h"
#include "sim/engine/sg.h"
#include "models/models.h"
#include "models/workload/app.h"
#include "models/machine.h"
#include "models/drivers/e1000.h"
#include "models/stack/sock.h"
#include "models/core/softirq.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"
#include "models/core/backlog.h"
#include "models/core/napi_kthread.h"
#include "models/mitigation/mitigation.h"

#define HOST_ERROR (g_quark_from_static_string("napisim-host-error"))

static void host_setup(struct host *h)
{
	const struct cpu_cfg *cpu = h->cpu_cfg;

	sim_init(&h->sim, cpu->count, cpu->frequency_mhz, h->sim.reference,
		 SIM_US(h->sched_cfg->sched_base_slice_us),
		 h->cost->context_switch, h->cost->irq_entry + h->cost->ipi);
	h->sim.wakeup_gran = SIM_US(h->sched_cfg->sched_wakeup_granularity_us);
	h->sim.sleeper_credit = SIM_US(h->sched_cfg->sched_latency_us) / 2;
	h->tick_ps = 1000000000000ULL / h->sched_cfg->hz;
	traffic_init(&h->traffic, h->traffic_cfg);
	h->kmit = (struct rx_mitigation) {
		.ops = mitigation_kernel_ops(h->mitigation_cfg),
		.cfg = h->mitigation_cfg,
	};
	h->rx_driver_cycles = stack_driver_cycles(h);
	h->rx_stack_cycles = stack_proto_cycles(h);
	h->rx_cycles = h->rx_driver_cycles + h->rx_stack_cycles;
	h->sd = g_new0(struct softnet_data, cpu->count);
	for (uint32_t i = 0; i < cpu->count; i++) {
		softirq_init(&h->sd[i], h, &h->sim.cpu[i]);
		backlog_init(&h->sd[i]);
	}
	nic_init(&h->rx_nic, h, "eth0", 0, true);
	nic_init(&h->tx_nic, h, "eth1", 1, false);
	if (h->mitigation_cfg->policy == MITIGATION_THREADED)
		napi_kthread_init(&h->napi_thread, h, &h->rx_nic.napi,
				  &h->sim.cpu[h->mitigation_cfg->thread_cpu],
				  h->mitigation_cfg->thread_nice);
	sock_init(&h->sk, h->sock_cfg, h->traffic_cfg->size);
	if (!h->forward)
		app_init(&h->app, h);
	if (h->hog_cfg->enabled)
		hog_init(&h->hog, h);
	sim_hist_init(&h->latency);
}

/* the event loop: in SimGrid's event-loop actor, or called directly */
static void host_main(void *data)
{
	struct host *h = data;
	gint64 t0 = g_get_monotonic_time();

	nic_start(&h->rx_nic);
	if (h->forward)
		nic_start(&h->tx_nic);
	sim_run(&h->sim, SIM_TIME_NEVER);
	/* the last items may have run inline, past the last event */
	for (uint32_t i = 0; i < h->sim.ncpu; i++)
		h->sim.now = MAX(h->sim.now, h->sim.cpu[i].now);
	if (h->sim.simgrid)
		sim_sg_sync(&h->sim, h->sim.now);
	h->wall_seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
}

void host_run(struct host *h)
{
	if (h->sim.simgrid)
		sim_sg_run(host_main, h);
	else
		host_main(h);
}

static uint64_t hist_digest(const struct sim_hist *hist)
{
	/* FNV-1a over the buckets: equal digests <=> equal histograms */
	uint64_t x = 1469598103934665603ULL;
	const unsigned char *b = (const unsigned char *)hist->bucket;

	for (size_t i = 0; i < sizeof(hist->bucket); i++)
		x = (x ^ b[i]) * 1099511628211ULL;
	return x ^ hist->max ^ (hist->count << 1);
}

void host_report(struct host *h, struct sim_row *row)
{
	struct sim *sim = &h->sim;
	sim_time_t end = sim->now ? sim->now : 1;
	const struct napi_struct *n = host_polled_napi(h);
	uint64_t squeeze = 0, ksoft = 0, processed = 0, queued, offered, tput;
	uint64_t drops, dropped = 0, backlog = 0, busy_all = 0;
	double energy = 0, window;
	char key[64];
	bool conserved;

	for (uint32_t i = 0; i < sim->ncpu; i++) {
		squeeze += h->sd[i].time_squeeze;
		ksoft += h->sd[i].ksoftirqd_wakeups;
		processed += h->sd[i].processed;
		dropped += h->sd[i].dropped;
		backlog += backlog_queued(&h->sd[i]);
		if (sim->simgrid)
			energy += sim_sg_energy_j(i);
	}
	offered = h->traffic.emitted;
	tput = h->forward ? h->forwarded : h->delivered;
	queued = nic_rx_queued(&h->rx_nic) + h->sk.q.len + backlog;
	drops = h->rx_nic.rx_missed_errors + h->sk.sk_drops + dropped +
		h->tx_nic.tx_dropped + h->rx_nic.tx_dropped;
	conserved = offered == tput + drops + queued;
	/* rates are over the offered load's window: offered / ipps seconds */
	window = h->traffic.rate_pps > 0 ?
		 (double)offered / h->traffic.rate_pps : 0;
	if (window <= 0)
		window = sim_time_to_s(end);

	sim_row_add_str(row, "policy", h->kmit.ops->name);
	sim_row_add_str(row, "nic_moderation",
			h->rx_nic.mit ? h->rx_nic.mit->ops->name : "none");
	sim_row_add_u64(row, "psize", h->traffic_cfg->size);
	sim_row_add_u64(row, "ipps", (uint64_t)(h->traffic.rate_pps + 0.5));
	sim_row_add_u64(row, "offered", offered);
	sim_row_add_u64(row, "tput", tput);
	sim_row_add_u64(row, "rxint", h->rx_nic.irq.count);
	sim_row_add_u64(row, "txint", h->tx_nic.irq.count);
	sim_row_add_u64(row, "done", h->rx_nic.done);
	sim_row_add_u64(row, "ndone", h->rx_nic.ndone);
	sim_row_add_u64(row, "polls", n->polls);
	sim_row_add_u64(row, "polls_hardirq", n->polls_by[NAPI_POLLS_HARDIRQ]);
	sim_row_add_u64(row, "polls_timer", n->polls_by[NAPI_POLLS_TIMER]);
	sim_row_add_u64(row, "polls_busy", n->polls_by[NAPI_POLLS_BUSY]);
	sim_row_add_u64(row, "polls_thread", n->polls_by[NAPI_POLLS_THREAD]);
	sim_row_add_double(row, "pkts_per_poll", n->polls ?
			   (double)h->rx_nic.rx_packets / (double)n->polls : 0,
			   2);
	sim_row_add_u64(row, "timer_irqs", n->timer.count);
	sim_row_add_double(row, "tput_pps", (double)tput / window, 0);
	sim_row_add_double(row, "rxint_per_s", (double)h->rx_nic.irq.count /
			   window, 0);
	sim_row_add_double(row, "polls_per_s", (double)n->polls / window, 0);
	sim_row_add_u64(row, "moderation_changes",
			h->rx_nic.mit ? h->rx_nic.mit->changes : 0);
	sim_row_add_u64(row, "rx_missed_errors", h->rx_nic.rx_missed_errors);
	sim_row_add_u64(row, "tx_dropped", h->tx_nic.tx_dropped +
			h->rx_nic.tx_dropped);
	sim_row_add_u64(row, "dropped", dropped);
	sim_row_add_u64(row, "time_squeeze", squeeze);
	sim_row_add_u64(row, "ksoftirqd_wakeups", ksoft);
	sim_row_add_u64(row, "processed", processed);
	sim_row_add_u64(row, "sk_drops", h->sk.sk_drops);
	sim_row_add_u64(row, "delivered", h->delivered);
	sim_row_add_u64(row, "forwarded", h->forwarded);
	sim_row_add_u64(row, "queued", queued);
	sim_row_add_u64(row, "latency_p50_ns", sim_hist_percentile(&h->latency, 50));
	sim_row_add_u64(row, "latency_p99_ns", sim_hist_percentile(&h->latency, 99));
	sim_row_add_u64(row, "latency_p999_ns", sim_hist_percentile(&h->latency, 99.9));
	sim_row_add_u64(row, "latency_max_ns", h->latency.max);
	for (uint32_t i = 0; i < sim->ncpu; i++) {
		static const char *const name[SIM_ACCT_NR] = {
			"hardirq", "softirq", "ksoftirqd", "app",
			"napi_thread", "hog",
		};
		uint64_t busy = 0;

		for (int a = 0; a < SIM_ACCT_NR; a++) {
			busy += sim->cpu[i].acct_ps[a];
			g_snprintf(key, sizeof(key), "cpu%u_%s_pct", i, name[a]);
			sim_row_add_double(row, key, 100.0 *
					   (double)sim->cpu[i].acct_ps[a] /
					   (double)end, 2);
		}
		g_snprintf(key, sizeof(key), "cpu%u_idle_pct", i);
		sim_row_add_double(row, key, 100.0 * (double)(end - busy) /
				   (double)end, 2);
		busy_all += busy;
	}
	sim_row_add_double(row, "cpu_busy_pct", 100.0 * (double)busy_all /
			   ((double)end * sim->ncpu), 2);
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
		   hist_digest(&h->latency));
	sim_row_add_str(row, "latency_hist", key);
	sim_row_add_u64(row, "warnings", h->warnings);
	sim_row_add_bool(row, "conservation", conserved);
	/* how the run went: differ between batch and reference by design */
	sim_row_add_u64(row, "sg_calls", sim->simgrid ? sim_sg_calls() : 0);
	sim_row_add_u64(row, "events", sim->q.processed);
	sim_row_add_double(row, "wall_seconds", h->wall_seconds, 3);
}

/* what no single group can check: CPUs named by one group, counted by
 * another; policies that need the application */
gboolean machine_check_point(const struct sim_point *p, GError **error)
{
	const struct mitigation_cfg *m = sim_point_cfg(p, &mitigation_model_ops);
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);
	const struct hog_cfg *hog = sim_point_cfg(p, &hog_model_ops);
	const struct stack_cfg *stack = sim_point_cfg(p, &stack_model_ops);
	uint32_t ncpu = ((const struct cpu_cfg *)
			 sim_point_cfg(p, &cpu_model_ops))->count;
	bool forward = stack->mode == STACK_FORWARD;

	if (!forward && app->cpu >= ncpu) {
		g_set_error(error, HOST_ERROR, 0,
			    "[app] cpu: %u is not a CPU ([cpu] count=%u)",
			    app->cpu, ncpu);
		return FALSE;
	}
	if (m->policy == MITIGATION_THREADED && m->thread_cpu >= ncpu) {
		g_set_error(error, HOST_ERROR, 0,
			    "[mitigation] thread_cpu: %u is not a CPU ([cpu] count=%u)",
			    m->thread_cpu, ncpu);
		return FALSE;
	}
	if (hog->enabled && hog->cpu >= ncpu) {
		g_set_error(error, HOST_ERROR, 0,
			    "[hog] cpu: %u is not a CPU ([cpu] count=%u)",
			    hog->cpu, ncpu);
		return FALSE;
	}
	if (forward && mitigation_wait(m) != WAIT_BLOCK) {
		g_set_error(error, HOST_ERROR, 0,
			    "[mitigation] policy: busy polling needs an application ([stack] mode=deliver)");
		return FALSE;
	}
	if (forward && app->mode == APP_RR) {
		g_set_error(error, HOST_ERROR, 0,
			    "[app] mode: rr needs [stack] mode=deliver");
		return FALSE;
	}
	return TRUE;
}

struct host *host_new(const struct sim_point *p, bool reference, bool simgrid,
		      GError **error)
{
	struct host *h = g_new0(struct host, 1);

	h->traffic_cfg = sim_point_cfg(p, &traffic_model_ops);
	h->nic_cfg = sim_point_cfg(p, &nic_model_ops);
	h->napi_cfg = sim_point_cfg(p, &napi_model_ops);
	h->netcore_cfg = sim_point_cfg(p, &netcore_model_ops);
	h->softirq_cfg = sim_point_cfg(p, &softirq_model_ops);
	h->sched_cfg = sim_point_cfg(p, &sched_model_ops);
	h->cpu_cfg = sim_point_cfg(p, &cpu_model_ops);
	h->cost = sim_point_cfg(p, &cost_model_ops);
	h->stack_cfg = sim_point_cfg(p, &stack_model_ops);
	h->sock_cfg = sim_point_cfg(p, &sock_model_ops);
	h->app_cfg = sim_point_cfg(p, &app_model_ops);
	h->mitigation_cfg = sim_point_cfg(p, &mitigation_model_ops);
	h->hog_cfg = sim_point_cfg(p, &hog_model_ops);
	h->forward = h->stack_cfg->mode == STACK_FORWARD;

	if (!machine_check_point(p, error)) {
		g_free(h);
		return NULL;
	}
	if (simgrid) {
		struct sim_sg_power power = {
			.idle_w = h->cpu_cfg->idle_watts,
			.busy_w = h->cpu_cfg->busy_watts,
		};

		if (!sim_sg_init(h->cpu_cfg->count, h->cpu_cfg->frequency_mhz,
				 &power, error)) {
			g_free(h);
			return NULL;
		}
	}
	h->sim.reference = reference;
	host_setup(h);
	h->sim.simgrid = simgrid;
	return h;
}

void host_free(struct host *h)
{
	if (!h)
		return;
	nic_destroy(&h->rx_nic);
	nic_destroy(&h->tx_nic);
	sock_destroy(&h->sk);
	traffic_destroy(&h->traffic);
	for (uint32_t i = 0; h->sd && i < h->sim.ncpu; i++)
		backlog_destroy(&h->sd[i]);
	g_free(h->sd);
	sim_destroy(&h->sim);
	g_free(h);
}

gboolean machine_run_point(const struct sim_point *p, enum sim_mode mode,
		       struct sim_row *row, GError **error)
{
	struct host *h = host_new(p, mode == SIM_MODE_REFERENCE, true, error);

	if (!h)
		return FALSE;
	host_run(h);
	host_report(h, row);
	host_free(h);
	return TRUE;
}

/* ---------------------------------------------------------------- params */

#define S struct cpu_cfg
static const struct sim_param cpu_params[] = {
	SIM_PARAM_U32(S, count, "count", 2, 1, 64, "cpus", "number of CPUs; the NIC IRQ goes to CPU 0"),
	SIM_PARAM_U32(S, frequency_mhz, "frequency_mhz", 2000, 10, 10000, "MHz", "clock: cycles per microsecond"),
	SIM_PARAM_DOUBLE(S, idle_watts, "idle_watts", 10, 0, 1000, "W", "power of an idle CPU (SimGrid energy plugin)"),
	SIM_PARAM_DOUBLE(S, busy_watts, "busy_watts", 30, 0, 1000, "W", "power of a busy CPU (SimGrid energy plugin)"),
	{ }
};
#undef S

const struct sim_model_ops cpu_model_ops = {
	.name = "cpu",
	.help = "[cpu] the simulated CPUs: one single-core SimGrid host each",
	.params = cpu_params,
	.cfg_size = sizeof(struct cpu_cfg),
	.check = NULL,
};
