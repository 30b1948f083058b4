/*
 * sim/engine/stats.c - log-linear histogram; see sim/engine/stats.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/engine/stats.h"

#define HALF (SIM_HIST_SUB / 2)

void sim_hist_init(struct sim_hist *h)
{
	memset(h, 0, sizeof(*h));
}

uint32_t sim_hist_index(uint64_t v)
{
	unsigned int msb, shift;

	if (v < SIM_HIST_SUB)
		return (uint32_t)v;
	msb = 63 - (unsigned int)__builtin_clzll(v);	/* >= SUB_BITS */
	shift = msb - (SIM_HIST_SUB_BITS - 1);
	/* v >> shift is in [HALF, SUB): top SUB_BITS bits of v */
	return SIM_HIST_SUB + (shift - 1) * HALF + (uint32_t)((v >> shift) - HALF);
}

uint64_t sim_hist_bucket_high(uint32_t idx)
{
	unsigned int shift;
	uint64_t top;

	if (idx < SIM_HIST_SUB)
		return idx;
	shift = (idx - SIM_HIST_SUB) / HALF + 1;
	top = (idx - SIM_HIST_SUB) % HALF + HALF;
	return ((top + 1) << shift) - 1;
}

void sim_hist_record(struct sim_hist *h, uint64_t v)
{
	uint32_t i = sim_hist_index(v);

	g_assert(i < SIM_HIST_BUCKETS);
	h->bucket[i]++;
	h->count++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
}

uint64_t sim_hist_percentile(const struct sim_hist *h, double p)
{
	uint64_t want, seen = 0;

	if (!h->count)
		return 0;
	/* rank of the value: ceil(p/100 * count), at least 1 */
	want = (uint64_t)((p / 100.0) * (double)h->count + 0.999999999);
	if (want < 1)
		want = 1;
	if (want > h->count)
		want = h->count;
	for (uint32_t i = 0; i < SIM_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= want) {
			uint64_t hi = sim_hist_bucket_high(i);

			return hi < h->max ? hi : h->max;
		}
	}
	return h->max;
}

int sim_hist_equal(const struct sim_hist *a, const struct sim_hist *b)
{
	return a->count == b->count && a->max == b->max && a->sum == b->sum &&
	       memcmp(a->bucket, b->bucket, sizeof(a->bucket)) == 0;
}
