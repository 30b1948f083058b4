/*
 * sim/engine/stats-test.c - the latency histogram's buckets and percentiles.
 */
#include "config.h"

#include <glib.h>

#include "sim/engine/stats.h"

static void test_buckets(void)
{
	/* every value lies in its bucket, and buckets never overlap */
	uint64_t prev_high = 0;

	for (uint32_t i = 0; i < SIM_HIST_BUCKETS - 1; i++) {
		uint64_t hi = sim_hist_bucket_high(i);

		g_assert_cmpuint(sim_hist_index(hi), ==, i);
		g_assert_cmpuint(sim_hist_index(hi + 1), ==, i + 1);
		if (i)
			g_assert_cmpuint(hi, >, prev_high);
		prev_high = hi;
	}
	for (uint64_t v = 1; v < (1ULL << 40); v = v * 3 + 1) {
		uint32_t i = sim_hist_index(v);
		uint64_t hi = sim_hist_bucket_high(i);

		g_assert_cmpuint(v, <=, hi);
		/* relative bucket width at most 1/64 above 128 */
		if (v >= 128)
			g_assert_cmpfloat((double)(hi - v) / (double)v, <=, 1.0 / 64);
	}
}

static void test_percentiles(void)
{
	struct sim_hist h;

	sim_hist_init(&h);
	g_assert_cmpuint(sim_hist_percentile(&h, 50), ==, 0);
	for (uint64_t v = 1; v <= 100; v++)
		sim_hist_record(&h, v);	/* exact below 128 */
	g_assert_cmpuint(sim_hist_percentile(&h, 50), ==, 50);
	g_assert_cmpuint(sim_hist_percentile(&h, 99), ==, 99);
	g_assert_cmpuint(sim_hist_percentile(&h, 99.9), ==, 100);
	g_assert_cmpuint(sim_hist_percentile(&h, 100), ==, 100);
	g_assert_cmpuint(h.max, ==, 100);

	sim_hist_init(&h);
	for (int i = 0; i < 999; i++)
		sim_hist_record(&h, 1000);
	sim_hist_record(&h, 1000000);
	/* 1000 sits in a bucket [992, 1007]; never reported above max */
	g_assert_cmpuint(sim_hist_percentile(&h, 50), ==, 1007);
	g_assert_cmpuint(sim_hist_percentile(&h, 99.9), ==, 1007);
	g_assert_cmpuint(sim_hist_percentile(&h, 100), ==, 1000000);
}

static void test_equal(void)
{
	struct sim_hist a, b;

	sim_hist_init(&a);
	sim_hist_init(&b);
	sim_hist_record(&a, 5000);
	sim_hist_record(&b, 5000);
	g_assert_true(sim_hist_equal(&a, &b));
	sim_hist_record(&b, 5001);	/* same bucket, different sum */
	sim_hist_record(&a, 5002);
	g_assert_false(sim_hist_equal(&a, &b));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/stats/hist/buckets-tile-the-range", test_buckets);
	g_test_add_func("/stats/hist/percentiles-are-bucket-highs", test_percentiles);
	g_test_add_func("/stats/hist/equal-means-same-values", test_equal);
	return g_test_run();
}
