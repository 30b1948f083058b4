/*
 * models/workload/traffic.h - the offered load: the frames that arrive
 * on the receiving device's port.
 */
#ifndef MODELS_WORKLOAD_TRAFFIC_H
#define MODELS_WORKLOAD_TRAFFIC_H

#include <stdint.h>

#include "sim/engine/time.h"

struct sk_buff;
struct traffic;

enum traffic_arrival { TRAFFIC_CONSTANT, TRAFFIC_POISSON };

struct traffic_cfg {			/* [traffic] */
	uint64_t rate_pps;		/* offered, capped at line rate */
	uint64_t packets;		/* at most this many; 0: no limit */
	uint64_t duration_us;		/* none at or after; 0: no limit */
	uint32_t size;			/* frame bytes, without FCS */
	int arrival;			/* enum traffic_arrival */
	uint64_t seed;
	uint32_t line_rate_mbps;
};

/**
 * traffic_new() - the arrival process of @cfg (which must outlive it).
 */
struct traffic *traffic_new(const struct traffic_cfg *cfg);
void traffic_free(struct traffic *t);

/**
 * traffic_wire_ps() - time a @size-byte frame (without FCS) takes on a
 * @line_rate_mbps wire, with FCS, preamble and inter-frame gap.
 */
sim_time_t traffic_wire_ps(uint32_t line_rate_mbps, uint32_t size);

/**
 * traffic_peek() - arrival time (last bit received) of the next frame, or
 * SIM_TIME_NEVER when the load is over.
 */
sim_time_t traffic_peek(const struct traffic *t);

/**
 * traffic_pop() - the next frame has arrived: fill @skb with it (arrival
 * and length) and move to the one after.
 */
void traffic_pop(struct traffic *t, struct sk_buff *skb);

/** traffic_rate_pps() - the offered rate, after the line-rate cap. */
double traffic_rate_pps(const struct traffic *t);

/** traffic_emitted() - frames that have arrived so far. */
uint64_t traffic_emitted(const struct traffic *t);

/** traffic_line_rate_mbps() - the speed of the wire. */
uint32_t traffic_line_rate_mbps(const struct traffic *t);

#endif /* MODELS_WORKLOAD_TRAFFIC_H */
