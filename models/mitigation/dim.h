/*
 * models/mitigation/dim.h - net_dim, the kernel's adaptive RX moderation.
 *
 * A pure state machine: no engine, no host, no events.  The caller feeds
 * one struct dim_sample per NAPI completion (as a driver does from its
 * ->poll()) and, when net_dim() returns true, programs the profile from
 * net_dim_get_rx_moderation() and calls dim_applied().  See dim.c for
 * what is followed and what is left out.
 */
#ifndef MODELS_MITIGATION_DIM_H
#define MODELS_MITIGATION_DIM_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/time.h"

/* include/linux/dim.h */
#define NET_DIM_PARAMS_NUM_PROFILES	5
#define NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE	256
#define NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE	128
#define NET_DIM_DEF_PROFILE_CQE		1
#define NET_DIM_DEF_PROFILE_EQE		1
#define DIM_NEVENTS			64	/* events a measurement */
#define DIM_SIGNIFICANT_DIFF_PCT	10	/* IS_SIGNIFICANT_DIFF() */
#define DIM_TIRED_LIMIT			(NET_DIM_PARAMS_NUM_PROFILES * 2)

/**
 * struct dim_sample - counters the driver hands to net_dim().
 * @time: when the sample was taken, in ps
 * @pkt_ctr: packets so far (only the low 32 bits count, as in the kernel)
 * @byte_ctr: bytes so far (low 32 bits count)
 * @event_ctr: interrupts/NAPI completions so far (wraps at 16 bits)
 * @comp_ctr: completions so far (low 32 bits; unused by net_dim)
 */
struct dim_sample {
	sim_time_t time;
	uint64_t pkt_ctr;
	uint64_t byte_ctr;
	uint16_t event_ctr;
	uint32_t comp_ctr;
};

/**
 * struct dim_stats - rates over one measurement, per millisecond.
 * @ppms: packets per ms
 * @bpms: bytes per ms
 * @epms: events per ms
 * @cpms: completions per ms
 * @cpe_ratio: 100 * cpms / epms
 */
struct dim_stats {
	int ppms;
	int bpms;
	int epms;
	int cpms;
	int cpe_ratio;
};

/**
 * struct dim - one net_dim instance (one RX queue).
 * @state: enum dim_state
 * @prev_stats: rates of the previous measurement, to compare against
 * @start_sample: sample the current measurement started from
 * @profile_ix: current profile, 0 (least moderation) .. 4
 * @mode: enum dim_cq_period_mode, selects the profile table
 * @tune_state: enum dim_tune_state
 * @steps_right: steps taken towards more moderation since the last turn
 * @steps_left: steps taken towards less moderation since the last turn
 * @tired: steps since the last park on top; parking depth when tired
 */
struct dim {
	uint8_t state;
	struct dim_stats prev_stats;
	struct dim_sample start_sample;
	uint8_t profile_ix;
	uint8_t mode;
	uint8_t tune_state;
	uint8_t steps_right;
	uint8_t steps_left;
	uint8_t tired;
};

/**
 * struct dim_cq_moder - a moderation profile.
 * @usec: interrupt delay, in us
 * @pkts: packets that fire the interrupt early
 */
struct dim_cq_moder {
	uint16_t usec;
	uint16_t pkts;
};

/*
 * When the moderation timer starts: EQE, at the first event; CQE, again
 * at each completion (selects the profile table).
 */
enum dim_cq_period_mode {
	DIM_CQ_PERIOD_MODE_START_FROM_EQE = 0,
	DIM_CQ_PERIOD_MODE_START_FROM_CQE = 1,
	DIM_CQ_PERIOD_NUM_MODES
};

enum dim_state {
	DIM_START_MEASURE,
	DIM_MEASURE_IN_PROGRESS,
	DIM_APPLY_NEW_PROFILE,
};

enum dim_tune_state {
	DIM_PARKING_ON_TOP,
	DIM_PARKING_TIRED,
	DIM_GOING_RIGHT,
	DIM_GOING_LEFT,
};

enum dim_stats_state {
	DIM_STATS_WORSE,
	DIM_STATS_SAME,
	DIM_STATS_BETTER,
};

/**
 * dim_init() - start a DIM instance on the default profile.
 * @dim: instance to set up
 * @cq_period_mode: enum dim_cq_period_mode
 */
void dim_init(struct dim *dim, int cq_period_mode);

/**
 * dim_calc_stats() - rates between two samples, allowing counter wrap.
 * @start: sample the measurement started from
 * @end: sample it ends with
 * @curr_stats: filled with the rates
 *
 * Return: false if no whole microsecond elapsed (@curr_stats untouched).
 */
bool dim_calc_stats(const struct dim_sample *start,
		    const struct dim_sample *end,
		    struct dim_stats *curr_stats);

/**
 * net_dim() - feed one sample to the algorithm.
 * @dim: instance
 * @end_sample: counters at the end of a NAPI cycle
 *
 * Return: true if a new profile was chosen: @dim->state is now
 * DIM_APPLY_NEW_PROFILE, and samples are ignored until dim_applied().
 */
bool net_dim(struct dim *dim, const struct dim_sample *end_sample);

/**
 * dim_applied() - the caller programmed @dim->profile_ix; measure again.
 * @dim: instance
 */
void dim_applied(struct dim *dim);

/**
 * net_dim_get_rx_moderation() - an RX profile.
 * @cq_period_mode: enum dim_cq_period_mode
 * @ix: profile index, 0 .. NET_DIM_PARAMS_NUM_PROFILES - 1
 *
 * Return: the profile's usec and pkts.
 */
struct dim_cq_moder net_dim_get_rx_moderation(int cq_period_mode, int ix);

/**
 * net_dim_get_def_rx_moderation() - the RX profile drivers start with.
 * @cq_period_mode: enum dim_cq_period_mode
 *
 * Return: profile NET_DIM_DEF_PROFILE_CQE or _EQE of that table.
 */
struct dim_cq_moder net_dim_get_def_rx_moderation(int cq_period_mode);

/**
 * net_dim_get_tx_moderation() - a TX profile.
 * @cq_period_mode: enum dim_cq_period_mode
 * @ix: profile index, 0 .. NET_DIM_PARAMS_NUM_PROFILES - 1
 *
 * Return: the profile's usec and pkts.
 */
struct dim_cq_moder net_dim_get_tx_moderation(int cq_period_mode, int ix);

/**
 * net_dim_get_def_tx_moderation() - the TX profile drivers start with.
 * @cq_period_mode: enum dim_cq_period_mode
 *
 * Return: profile NET_DIM_DEF_PROFILE_CQE or _EQE of that table.
 */
struct dim_cq_moder net_dim_get_def_tx_moderation(int cq_period_mode);

#endif /* MODELS_MITIGATION_DIM_H */
