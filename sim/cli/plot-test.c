/*
 * sim/cli/plot-test.c - the choices plot makes without gnuplot: axis labels
 * with units, and when an axis is logarithmic.  (tests/plot.sh runs
 * gnuplot for real.)
 */
#include "config.h"

#include <glib.h>

#include "sim/cli/plot.h"

static void expect_label(const char *column, const char *want)
{
	g_autofree char *got = sim_plot_label(column);

	g_assert_cmpstr(got, ==, want);
}

static void test_label(void)
{
	expect_label("traffic.rate_pps",
		     "offered load: traffic.rate_pps (packets/s)");
	expect_label("latency_p99_ns", "latency: latency_p99_ns (ns)");
	expect_label("cpu0_softirq_pct", "CPU time: cpu0_softirq_pct (%)");
	expect_label("energy_j", "energy: energy_j (J)");
	expect_label("energy_per_pkt_uj",
		     "energy: energy_per_pkt_uj (uJ)");
	expect_label("power_w", "power: power_w (W)");
	expect_label("tput_pps", "delivered or forwarded: tput_pps "
		     "(packets/s)");
	expect_label("rxint_per_s", "interrupts: rxint_per_s (1/s)");
	expect_label("tput", "delivered or forwarded: tput (packets)");
	expect_label("rx_pps", "rx_pps (packets/s)");
	expect_label("rxint", "RX interrupts: rxint (interrupts)");
	expect_label("napi.weight", "napi.weight");
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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/plot/label/units-from-names", test_label);
	g_test_add_func("/plot/axis/log-when-over-two-decades",
			test_log_axis);
	return g_test_run();
}
