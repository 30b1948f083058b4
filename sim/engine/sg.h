/*
 * sim/engine/sg.h - SimGrid glue.  The only place that includes SimGrid
 * headers.
 *
 * Each simulated CPU is a single-core SimGrid host whose speed is its clock
 * (1 flop = 1 cycle), with one pstate and idle/busy power figures for the
 * energy plugin.  The event loop runs in one SimGrid actor; time advances
 * only by that actor sleeping in SimGrid, and every CPU's busy time is
 * charged to its host as SimGrid executions, so SimGrid's clock, load and
 * energy accounting follow the model.
 *
 * When (sim_sg_sync): reference mode syncs before every event, so each work
 * item is its own execution; batch mode syncs at least every
 * sim->sync_interval of simulated time and at the end, charging the busy
 * time accumulated since the last sync as one execution per CPU.  Model
 * time is authoritative (integer ps); each sync checks that SimGrid's clock
 * agrees with it to within a picosecond and aborts otherwise.
 */
#ifndef SIM_ENGINE_SG_H
#define SIM_ENGINE_SG_H

#include <stdint.h>
#include <glib.h>

#include "sim/engine/time.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sim;

/*
 * The environment variable that picks SimGrid's context factory (how
 * actors switch stacks): raw (the default), boost, ucontext or thread.
 * A build with AddressSanitizer needs thread.
 */
#define SIM_SG_FACTORY_ENV "NAPISIM_CONTEXT_FACTORY"

struct sim_sg_power {
	double idle_w;		/* a CPU doing nothing */
	double busy_w;		/* a CPU executing */
};

/**
 * sim_sg_context_factory() - the context factory SIM_SG_FACTORY_ENV names.
 * Return: "raw" when it is unset; NULL with @error when it names no
 * factory this SimGrid has.
 */
const char *sim_sg_context_factory(GError **error);

/**
 * sim_sg_init() - start SimGrid and build the platform: @ncpu hosts
 * "cpu0".. at @mhz, and a "board" host for the event loop actor.
 * Return: FALSE with @error if SimGrid refused.
 */
gboolean sim_sg_init(uint32_t ncpu, uint32_t mhz,
		     const struct sim_sg_power *power, GError **error);

/**
 * sim_sg_run() - run @fn(@data) as the event loop actor until it returns.
 */
void sim_sg_run(void (*fn)(void *data), void *data);

/**
 * sim_sg_sync() - charge each CPU's busy time up to @t and advance
 * SimGrid's clock to @t.
 */
void sim_sg_sync(struct sim *sim, sim_time_t t);

/** sim_sg_calls() - SimGrid calls made so far (activities, sleeps, waits). */
uint64_t sim_sg_calls(void);

/** sim_sg_energy_j() - Joules consumed by CPU @cpu so far. */
double sim_sg_energy_j(uint32_t cpu);

#ifdef __cplusplus
}
#endif

#endif /* SIM_ENGINE_SG_H */
