/*
 * sim/cli/plot-test.c - the choices plot makes without gnuplot: axis labels
 * with units from the column and params tables, time units that keep
 * numbers short, and when an axis is logarithmic.  (tests/plot.sh runs
 * gnuplot for real.)
 */
#include "config.h"

#include <glib.h>

#include "models/models.h"
#include "sim/cli/plot.h"

static void expect_label(const char *column, const char *want)
{
	g_autofree char *got = sim_plot_label(column);

	g_assert_cmpstr(got, ==, want);
}

static void test_label(void)
{
	expect_label("traffic.rate_pps", "traffic.rate_pps (pkts/s)");
	expect_label("ipps", "offered load: ipps (frames/s)");
	expect_label("latency_p99_ns", "p99 latency: latency_p99_ns (ns)");
	expect_label("cpu0_softirq_pct",
		     "CPU 0 softirq: cpu0_softirq_pct (%)");
	expect_label("energy_j", "energy: energy_j (J)");
	expect_label("energy_per_pkt_uj",
		     "energy per frame: energy_per_pkt_uj (µJ/frame)");
	expect_label("tput_pps", "throughput: tput_pps (frames/s)");
	expect_label("rxint_per_s",
		     "RX interrupt rate: rxint_per_s (interrupts/s)");
	expect_label("rxint", "RX interrupts: rxint (interrupts)");
	/* a key without a unit, and a column nobody declared */
	expect_label("app.cpu", "app.cpu");
	expect_label("rx_pps", "rx_pps");
}

static void test_time_unit(void)
{
	double scale;

	g_assert_cmpstr(sim_plot_time_unit("ns", 9999, &scale), ==, "ns");
	g_assert_cmpfloat(scale, ==, 1);
	g_assert_cmpstr(sim_plot_time_unit("ns", 3.7e6, &scale), ==, "µs");
	g_assert_cmpfloat(scale, ==, 1e3);
	/* "1.0G ns" was what the axis said */
	g_assert_cmpstr(sim_plot_time_unit("ns", 1e9, &scale), ==, "ms");
	g_assert_cmpfloat(scale, ==, 1e6);
	g_assert_cmpstr(sim_plot_time_unit("frames/s", 1e9, &scale), ==,
			"frames/s");
	g_assert_cmpfloat(scale, ==, 1);
}

static void test_log_axis(void)
{
	const double decades[] = { 10, 100, 1000, 10000 };
	const double narrow[] = { 10, 100, 1000 };
	const double zero[] = { 0, 100, 100000 };

	g_assert_true(sim_plot_log_axis(decades, G_N_ELEMENTS(decades)));
	/* exactly 100 times is not over 100 */
	g_assert_false(sim_plot_log_axis(narrow, G_N_ELEMENTS(narrow)));
	g_assert_false(sim_plot_log_axis(zero, G_N_ELEMENTS(zero)));
	g_assert_false(sim_plot_log_axis(NULL, 0));
}

static void test_doubling(void)
{
	/* a x2 sweep whose last two points hit the line rate */
	const double x2[] = { 100e3, 200e3, 400e3, 800e3, 1.42e6, 1.42e6 };
	const double linear[] = { 100e3, 200e3, 300e3, 400e3 };
	const double two[] = { 16, 64 };

	g_assert_true(sim_plot_doubling(x2, G_N_ELEMENTS(x2)));
	g_assert_false(sim_plot_doubling(linear, G_N_ELEMENTS(linear)));
	g_assert_false(sim_plot_doubling(two, G_N_ELEMENTS(two)));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* the params tables give the keys' units */
	models_register();
	g_test_add_func("/plot/label/units-from-the-tables", test_label);
	g_test_add_func("/plot/label/ns-as-us-or-ms", test_time_unit);
	g_test_add_func("/plot/axis/log-when-over-two-decades",
			test_log_axis);
	g_test_add_func("/plot/axis/log-when-values-double", test_doubling);
	return g_test_run();
}
