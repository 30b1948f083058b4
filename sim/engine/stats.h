/*
 * sim/engine/stats.h - streamed statistics: a log-linear latency histogram.
 *
 * HDR-style: values below 2^SIM_HIST_SUB_BITS are exact; above, each power
 * of two is cut into 2^(SIM_HIST_SUB_BITS-1) equal buckets, so a reported
 * percentile is within 1/64 (1.6%) of the true value.  Memory is fixed, so
 * a long run does not grow.
 */
#ifndef SIM_ENGINE_STATS_H
#define SIM_ENGINE_STATS_H

#include <stdint.h>

#define SIM_HIST_SUB_BITS 7
#define SIM_HIST_SUB (1u << SIM_HIST_SUB_BITS)
#define SIM_HIST_BUCKETS ((64 - SIM_HIST_SUB_BITS + 1) * (SIM_HIST_SUB / 2) + SIM_HIST_SUB / 2)

struct sim_hist {
	uint64_t count;
	uint64_t max;
	uint64_t sum;
	uint64_t bucket[SIM_HIST_BUCKETS];
};

void sim_hist_init(struct sim_hist *h);

/**
 * sim_hist_record() - count one value.
 */
void sim_hist_record(struct sim_hist *h, uint64_t v);

/**
 * sim_hist_percentile() - the value at or below which @p percent of the
 * recorded values lie, reported as the highest value of its bucket (never
 * above the recorded maximum).
 * Return: 0 if nothing was recorded.
 */
uint64_t sim_hist_percentile(const struct sim_hist *h, double p);

/**
 * sim_hist_mean() - the mean of the recorded values, rounded to the
 * nearest integer.  Return: 0 if nothing was recorded.
 */
static inline uint64_t sim_hist_mean(const struct sim_hist *h)
{
	return h->count ? (h->sum + h->count / 2) / h->count : 0;
}

/**
 * sim_hist_equal() - same counts in every bucket and the same max.
 */
int sim_hist_equal(const struct sim_hist *a, const struct sim_hist *b);

/* internal, exposed for the unit test */
uint32_t sim_hist_index(uint64_t v);
uint64_t sim_hist_bucket_high(uint32_t idx);

#endif /* SIM_ENGINE_STATS_H */
