/*
 * models/workload/source.h - traffic sources: the arrival processes of
 * [traffic] arrival=, one file each (models/workload/source_<name>.c),
 * behind one ops table, listed in models/workload/source.c.
 *
 * The offered load (models/workload/traffic.c) asks its source for
 * frames in batches: it hands over an array of frames whose length,
 * time on the wire and flow it has already drawn (from the size mix and
 * the flow popularity, each from its own random stream), and the source
 * writes each frame's arrival time.  A replay source (a capture) writes
 * the length, wire time and flow too.  A batch is a plain C loop: no
 * event and no SimGrid call per frame, nor per batch.
 */
#ifndef MODELS_WORKLOAD_SOURCE_H
#define MODELS_WORKLOAD_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <math.h>
#include <glib.h>

#include "sim/engine/time.h"

struct flow_keys;
struct sim_report;
struct traffic_cfg;

/* one frame as the source hands it out */
struct traffic_frame {
	sim_time_t arrival;	/* its last bit received */
	sim_time_t wire;	/* its time on the wire: FCS, preamble, IFG too */
	uint32_t len;		/* bytes, without FCS */
	uint32_t flow;		/* index in the load's flows */
	bool burst_last;	/* the last frame of a burst (onoff) */
};

/* what a source is built from, for one machine */
struct traffic_source_env {
	const struct traffic_cfg *cfg;
	/* the long-run offered rate, frames/s, after the line-rate cap
	 * (the source's own .rate, or rate_pps capped) */
	double rate_pps;
	double mean_wire_ps;	/* mean time on the wire of one frame */
	GRand *rand;		/* the arrival stream, seeded from [traffic] seed */
};

/* how a replay source's frames look, for the whole load */
struct traffic_replay_info {
	double mean_len;	/* bytes, over the frames replayed */
	double mean_wire_ps;	/* their mean time on the wire */
};

struct traffic_source_ops {
	const char *name;		/* [traffic] arrival= */
	/*
	 * The frames come from the source with their own length and flow
	 * (a capture): the size mix and flow keys do not apply, and
	 * .replay_info and .flows must be set.
	 */
	bool replay;
	/*
	 * The IP protocol of the load's generated flows (their flow keys'
	 * ip_proto): 0 is UDP (17); arrival=bulk makes TCP (6).  A source
	 * may also write each frame's flow in .fill, over the one drawn.
	 */
	uint8_t ip_proto;
	/*
	 * Check the keys the source reads; name the key first (the caller
	 * prefixes file and group).  Called on every point as it is
	 * resolved, before anything runs.  May be NULL.
	 */
	gboolean (*check)(const struct traffic_cfg *cfg, GError **error);
	/* a replay: mean frame size and wire time of the load of @cfg */
	gboolean (*replay_info)(const struct traffic_cfg *cfg,
				struct traffic_replay_info *info,
				GError **error);
	/*
	 * The long-run mean offered rate, frames/s, frames of mean wire
	 * time @mean_wire_ps.  NULL: rate_pps, capped at the line rate
	 * (1 / @mean_wire_ps).
	 */
	double (*rate)(const struct traffic_cfg *cfg, double mean_wire_ps);
	/*
	 * When the load nominally ends (the measurement window's end).
	 * NULL: packets / @rate_pps, or duration_us if that comes first.
	 */
	sim_time_t (*offered_end)(const struct traffic_cfg *cfg,
				  double rate_pps);
	/* the source's state for one machine; NULL with @error on failure */
	void *(*create)(const struct traffic_source_env *env, GError **error);
	/*
	 * Write the arrival times of the next @n frames of @f, in order
	 * (a replay also writes len, wire and flow).  Return: how many it
	 * wrote; fewer than @n when the source has no more frames.
	 */
	uint32_t (*fill)(void *priv, struct traffic_frame *f, uint32_t n);
	/*
	 * The flow of each of the next @n frames, called just before .fill
	 * for the same frames, when the source orders its flows itself
	 * (bulk: round robin): written in f[i].flow, and their sizes are
	 * then drawn from those flows' mixes.  NULL: the offered load draws
	 * each frame's flow (flow_dist).
	 */
	void (*order_flows)(void *priv, struct traffic_frame *f, uint32_t n);
	/*
	 * A closed loop (arrivals answer replies), instead of .fill: the
	 * earliest request not yet sent, its send time and its flow
	 * (NEVER: none now); that request is handed out; a reply to @flow
	 * reached its client at @at.
	 */
	sim_time_t (*next_send)(void *priv, uint32_t *flow);
	void (*sent)(void *priv);
	void (*reply)(void *priv, uint32_t flow, sim_time_t at);
	/* add its own counters to the detail tables, or NULL */
	void (*report)(void *priv, struct sim_report *r);
	/* a replay: its flows' 5-tuples; return how many */
	uint32_t (*flows)(void *priv, const struct flow_keys **keys);
	void (*destroy)(void *priv);
};

/**
 * exp_draw() - an exponential of mean 1 by inversion, -log(u), from one
 * 32-bit number of @r: u = (k + 1/2) / 2^32 lies strictly inside (0, 1),
 * so the draw is finite and at most 22.2 (a tail cut at probability
 * 2^-32).  One integer and a log: a third of the cost of g_rand_double()
 * with log1p() (doc/bench.md).
 */
static inline double exp_draw(GRand *r)
{
	return -log(((double)g_rand_int(r) + 0.5) * (1.0 / 4294967296.0));
}

/*
 * Even spacing at rate_pps (arrival=constant, and bulk's timing): frame k
 * starts at exactly k / rate_pps (integer picoseconds), back to back when
 * the rate was capped at the line rate, never before the frame ahead of
 * it has left the wire.
 */
struct even_pacer {
	uint64_t rate_pps;	/* as asked, when not capped */
	bool capped;		/* back to back */
	uint64_t k;		/* frames written so far */
	sim_time_t prev;	/* the last one's arrival, 0 before the first */
};

/** even_pacer_init() - @p paces at @env's rate_pps (capped or not). */
void even_pacer_init(struct even_pacer *p,
		     const struct traffic_source_env *env);

/** even_pacer_fill() - write the arrival times of the next @n frames. */
void even_pacer_fill(struct even_pacer *p, struct traffic_frame *f,
		     uint32_t n);

/**
 * traffic_source_names() - "constant|poisson|...": the choices of
 * [traffic] arrival=, in the order of the list (index 0 is the default).
 */
const char *traffic_source_names(void);

/** traffic_source_ops() - the source of [traffic] arrival index @i. */
const struct traffic_source_ops *traffic_source_ops(int i);

/** traffic_source_index() - the index of source @name, or -1. */
int traffic_source_index(const char *name);

#endif /* MODELS_WORKLOAD_SOURCE_H */
