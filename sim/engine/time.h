/*
 * sim/engine/time.h - simulated time.
 *
 * Models keep time as an integer number of picoseconds, like gem5's ticks,
 * so that every counter and golden table is exact and identical between
 * the batch and reference modes.  Only sim/engine/sg.cpp converts to SimGrid's
 * double seconds.
 */
#ifndef SIM_ENGINE_TIME_H
#define SIM_ENGINE_TIME_H

#include <stdint.h>

typedef uint64_t sim_time_t;	/* ps */

#define SIM_TIME_NEVER	UINT64_MAX
#define SIM_PS_PER_S	1000000000000ULL	/* the one picosecond constant */
#define SIM_NS(x)	((sim_time_t)(x) * 1000ULL)
#define SIM_US(x)	((sim_time_t)(x) * 1000000ULL)
#define SIM_MS(x)	((sim_time_t)(x) * 1000000000ULL)
#define SIM_S(x)	((sim_time_t)(x) * SIM_PS_PER_S)

static inline double sim_time_to_s(sim_time_t t)
{
	return (double)t * 1e-12;
}

#endif /* SIM_ENGINE_TIME_H */
