/*
 * models/workload/traffic.h - the offered load.
 */
#ifndef MODELS_WORKLOAD_TRAFFIC_H
#define MODELS_WORKLOAD_TRAFFIC_H

#include "models/machine.h"

/**
 * traffic_init() - set up the arrival process of @cfg.
 */
void traffic_init(struct traffic *t, const struct traffic_cfg *cfg);
void traffic_destroy(struct traffic *t);

/**
 * traffic_wire_ps() - time a @size-byte frame (without FCS) takes on the
 * wire of @cfg, with FCS, preamble and inter-frame gap.
 */
sim_time_t traffic_wire_ps(const struct traffic_cfg *cfg, uint32_t size);

/**
 * traffic_peek() - arrival time (last bit received) of the next frame, or
 * SIM_TIME_NEVER when the load is over.
 */
static inline sim_time_t traffic_peek(const struct traffic *t)
{
	return t->next;
}

/**
 * traffic_pop() - the next frame has arrived; move to the one after.
 */
void traffic_pop(struct traffic *t);

#endif /* MODELS_WORKLOAD_TRAFFIC_H */
