/*
 * models/machine.h - one simulated machine: the engine it runs on, the
 * model instances of its point, and its topology as collections (CPUs in
 * the engine; net devices with their queues, NAPIs, IRQ vectors,
 * sockets, tasks), built from the scenario by the models' create hooks.
 *
 * What a model keeps for itself lives in its own .c file; what the kernel
 * shares between subsystems (napi_struct, softnet_data, net_device) is in
 * models/core/netdevice.h.  This header holds only what belongs to the
 * machine as a whole: its collections, its results and its clock.
 */
#ifndef MODELS_MACHINE_H
#define MODELS_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/engine/cpu.h"
#include "sim/engine/stats.h"

struct sim_model_ops;
struct sim_point;
struct sim_report;
struct softnet_data;
struct cost_cfg;
struct traffic;
struct stack;
struct sk_buff;
struct rps;
struct skb_pool;

struct cpu_cfg {			/* [cpu] */
	uint32_t count;
	uint32_t frequency_mhz;
	double idle_watts;		/* energy plugin: a CPU doing nothing */
	double busy_watts;		/* energy plugin: a CPU executing */
	uint32_t sync_interval_us;	/* batch mode: SimGrid updated this often */
};

/* a model of the point, created from its config */
struct machine_model {
	const struct sim_model_ops *ops;
	const void *cfg;
	void *priv;
};

struct machine {
	struct sim sim;
	const struct sim_point *point;
	uint32_t hz;			/* [kernel] hz */
	sim_time_t tick_ps;		/* one jiffy */
	const struct cost_cfg *cost;	/* [cost]: read by every model */

	struct machine_model *models;	/* in registry order */
	guint nmodels;

	/* the topology */
	struct softnet_data *softnet;	/* per CPU (models/core/softirq.c) */
	GPtrArray *netdevs;		/* struct net_device * */
	GPtrArray *napis;		/* struct napi_struct *, backlogs too */
	GPtrArray *irqs;		/* struct sim_irq *: device vectors */
	GPtrArray *socks;		/* struct sock * */
	GPtrArray *tasks;		/* struct task_struct * */
	GPtrArray *allocs;		/* objects freed with the machine */
	struct skb_pool *skb_pool;	/* GRO skbs' frame lists */
	struct traffic *traffic;	/* the offered load */
	struct stack *stack;		/* what the host does with a frame */
	struct rps *rps;		/* RPS/RFS (models/core/rps.c) */

	/* results */
	uint64_t delivered, forwarded;
	struct sim_hist latency;	/* ns, wire in -> read / wire out */
	struct sim_hist latency_burst;	/* of bursts' last frames only */
	sim_time_t latency_from;	/* frames arrived before: not counted */
	uint64_t warnings;
	double wall_seconds;
};

/**
 * machine_new() - the machine of point @p, created and connected but not
 * started.
 * @reference: reference mode (every item an event)
 * @simgrid: run on SimGrid (false in unit tests: models only)
 * Return: NULL with @error if the point is not runnable.
 */
struct machine *machine_new(const struct sim_point *p, bool reference,
			    bool simgrid, GError **error);

/**
 * machine_run() - start every model and simulate until every frame is
 * delivered, dropped or forwarded and nothing is left to do.
 */
void machine_run(struct machine *m);

/**
 * machine_report() - the point's report: its row, every model's columns
 * in the order of the column table, and the detail tables.
 * Return: a new report (sim_report_free()).
 */
struct sim_report *machine_report(struct machine *m);

void machine_free(struct machine *m);

/**
 * machine_cfg() - the config struct of @ops in @m's point.
 */
const void *machine_cfg(const struct machine *m,
			const struct sim_model_ops *ops);

/**
 * machine_priv() - the private state of the model @ops, or NULL.
 */
void *machine_priv(const struct machine *m, const struct sim_model_ops *ops);

/**
 * machine_request_irq() - request_irq(): a device vector called @name on
 * @cpu whose handler costs irq_entry plus @handler_cycles and then calls
 * @handler; listed in @m's vectors.
 */
struct sim_irq *machine_request_irq(struct machine *m, const char *name,
				    uint32_t cpu, uint64_t handler_cycles,
				    void (*handler)(struct sim_irq *irq),
				    void *data);

/**
 * machine_load_done() - the offered load is over at @now: every device's
 * input has been applied up to @now and no frame is left to arrive.
 */
bool machine_load_done(struct machine *m, sim_time_t now);

/**
 * softnet() - this CPU's softnet_data (this_cpu_ptr(&softnet_data)).
 */
struct softnet_data *softnet(struct machine *m, uint32_t cpu);

/**
 * machine_record_latency() - @skb, whose last bit arrived at
 * skb->arrival, was done (read by the application, or its last bit
 * sent) at @done: count its latency if it arrived inside the measurement
 * window, for the machine, its flow, and bursts' last frames.
 */
void machine_record_latency(struct machine *m, const struct sk_buff *skb,
			    sim_time_t done);

/**
 * machine_deliver_skb() - the application is done with @skb at @done
 * (read it; rr: its reply's last bit left): every frame it carries (a
 * GRO skb: each of its segments) is delivered, with its own latency;
 * then @skb is freed.
 */
void machine_deliver_skb(struct machine *m, struct sk_buff *skb,
			 sim_time_t done);

/**
 * machine_input_changed() - the offered load's next frame changed (a
 * closed loop answered a reply): the receiving devices look again.
 */
void machine_input_changed(struct machine *m, sim_time_t now);

/**
 * machine_tput() - frames the host has done so far: delivered to the
 * application, or forwarded ([stack] mode).
 */
uint64_t machine_tput(const struct machine *m);

static inline uint64_t machine_jiffies(const struct machine *m, sim_time_t t)
{
	return t / m->tick_ps;
}

/*
 * SIM_WARN_ON_ONCE() - a broken model invariant: log the first time, count
 * every time into the `warnings` column (so golden files catch it), and
 * go on, as the kernel's WARN_ON_ONCE() does.  Evaluates to @cond.
 */
#define SIM_WARN_ON_ONCE(m, cond) ({					\
	bool __c = (cond);						\
	static bool __warned;						\
	if (G_UNLIKELY(__c)) {						\
		(m)->warnings++;					\
		if (!__warned) {					\
			__warned = true;				\
			g_warning("%s:%d: WARN_ON_ONCE(%s)", __FILE__,	\
				  __LINE__, #cond);			\
		}							\
	}								\
	__c;								\
})

#endif /* MODELS_MACHINE_H */
