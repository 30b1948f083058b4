/*
 * sim/config/columns-test.c - the column table: names and per-CPU
 * patterns resolve, each metric gets worse in the right direction, and
 * every entry is complete (unit, label, meaning, a producer file that
 * exists).  tests/columns.sh checks the table against what the shipped
 * scenarios really write.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/columns.h"

static void test_find(void)
{
	const struct sim_column *c;
	int cpu;

	c = sim_column_find("tput", &cpu);
	g_assert_nonnull(c);
	g_assert_cmpstr(c->name, ==, "tput");
	g_assert_cmpint(cpu, ==, -1);
	c = sim_column_find("cpu13_softirq_pct", &cpu);
	g_assert_nonnull(c);
	g_assert_cmpstr(c->name, ==, "cpu%u_softirq_pct");
	g_assert_cmpint(cpu, ==, 13);
	c = sim_column_find("cpu_busy_pct", &cpu);
	g_assert_cmpstr(c->name, ==, "cpu_busy_pct");
	g_assert_cmpint(cpu, ==, -1);
	g_assert_null(sim_column_find("cpu01_idle_pct", NULL));
	g_assert_null(sim_column_find("cpuX_idle_pct", NULL));
	g_assert_null(sim_column_find("cpu_idle_pct", NULL));
	g_assert_null(sim_column_find("cpu1_idle_pctx", NULL));
	g_assert_null(sim_column_find("traffic.rate_pps", NULL));
	g_assert_null(sim_column_find("", NULL));
}

static void test_names(void)
{
	const struct sim_column *c = sim_column_find("cpu2_app_pct", NULL);
	g_autofree char *n = sim_column_name(c, 7);
	g_autofree char *d = sim_column_display_name(c);
	g_autofree char *t = sim_column_name(sim_column_find("tput", NULL),
					     7);

	g_assert_cmpstr(n, ==, "cpu7_app_pct");
	g_assert_cmpstr(d, ==, "cpuN_app_pct");
	g_assert_cmpstr(t, ==, "tput");
	g_assert_true(sim_column_is_key("napi.weight"));
	g_assert_false(sim_column_is_key("tput"));
}

/* Compared as "column direction" text, so a failure names the column. */
static void test_direction(void)
{
	static const struct {
		const char *column;
		const char *dir;
	} cases[] = {
		{ "tput", "higher" }, { "tput_pps", "higher" },
		{ "delivered", "higher" }, { "forwarded", "higher" },
		{ "conservation", "higher" },
		{ "latency_p99_ns", "lower" }, { "latency_max_ns", "lower" },
		{ "sk_drops", "lower" }, { "dropped", "lower" },
		{ "tx_dropped", "lower" }, { "rx_missed_errors", "lower" },
		{ "time_squeeze", "lower" }, { "rxint", "lower" },
		{ "rxint_per_s", "lower" }, { "txint", "lower" },
		{ "timer_irqs", "lower" }, { "cpu0_hardirq_pct", "lower" },
		{ "cpu1_softirq_pct", "lower" },
		{ "cpu0_ksoftirqd_pct", "lower" },
		{ "cpu1_napi_thread_pct", "lower" },
		{ "cpu_busy_pct", "lower" }, { "energy_j", "lower" },
		{ "energy_per_pkt_uj", "lower" }, { "power_w", "lower" },
		{ "warnings", "lower" },
		{ "cpu1_idle_pct", "" }, { "cpu0_app_pct", "" },
		{ "cpu0_hog_pct", "" }, { "polls", "" }, { "polls_per_s", "" },
		{ "pkts_per_poll", "" }, { "psize", "" }, { "ipps", "" },
		{ "latency_hist", "" }, { "sg_calls", "" }, { "events", "" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *col = cases[i].column;
		const struct sim_column *c = sim_column_find(col, NULL);
		g_autofree char *got = NULL, *want = NULL;

		g_assert_nonnull(c);
		got = g_strdup_printf("%s %s", col,
				      sim_column_dir_name(c->dir));
		want = g_strdup_printf("%s %s", col, cases[i].dir);
		g_assert_cmpstr(got, ==, want);
	}
	g_assert_true(sim_column_find("sg_calls", NULL)->flags &
		      SIM_COLUMN_DIAGNOSTIC);
	g_assert_true(sim_column_find("wall_seconds", NULL)->flags &
		      SIM_COLUMN_VOLATILE);
	/* averages all CPUs: never names a winner */
	g_assert_false(sim_column_find("cpu_busy_pct", NULL)->flags &
		       SIM_COLUMN_RANK);
}

/* Every entry says everything, once; its producer is a real file. */
static void test_complete(void)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash,
						      g_str_equal);
	g_autoptr(GHashTable) ranks = g_hash_table_new(NULL, NULL);

	for (const struct sim_column *c = sim_columns; c->name; c++) {
		g_auto(GStrv) files = g_strsplit(c->producer, ", ", -1);

		g_test_message("%s", c->name);
		g_assert_false(g_hash_table_contains(seen, c->name));
		g_hash_table_add(seen, (gpointer)c->name);
		g_assert_false(sim_column_is_key(c->name));
		g_assert_nonnull(c->unit);
		g_assert_true(c->label && *c->label);
		g_assert_true(c->meaning && *c->meaning);
		g_assert_null(strchr(c->meaning, '|'));
		if (c->type == SIM_COL_DOUBLE)
			g_assert_cmpint(c->decimals, >=, 0);
		else
			g_assert_cmpint(c->decimals, ==, 0);
		/* a cost is ranked per frame: it must have a direction */
		if (c->flags & (SIM_COLUMN_RANK | SIM_COLUMN_COST))
			g_assert_true(c->dir != SIM_COLUMN_NEITHER ||
				      sim_column_per_cpu(c));
		if (c->terminal) {
			g_assert_false(g_hash_table_contains(ranks,
				GUINT_TO_POINTER(c->terminal)));
			g_hash_table_add(ranks, GUINT_TO_POINTER(c->terminal));
		}
		for (guint i = 0; files[i]; i++) {
			g_autofree char *path = g_test_build_filename(
				G_TEST_DIST, files[i], NULL);

			g_test_message("  %s", path);
			g_assert_true(g_file_test(path,
						  G_FILE_TEST_IS_REGULAR));
		}
	}
}

static void test_closest(void)
{
	g_autoptr(GPtrArray) cands = g_ptr_array_new();

	g_ptr_array_add(cands, "latency_p99_ns");
	g_ptr_array_add(cands, "latency_p50_ns");
	g_ptr_array_add(cands, "napi");
	g_assert_cmpstr(sim_closest_name("latncy_p99_ns", cands), ==,
			"latency_p99_ns");
	g_assert_cmpstr(sim_closest_name("nap", cands), ==, "napi");
	g_assert_null(sim_closest_name("tput", cands));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/columns/find/names-and-cpu-patterns", test_find);
	g_test_add_func("/columns/names/per-cpu", test_names);
	g_test_add_func("/columns/direction/which-way-is-worse",
			test_direction);
	g_test_add_func("/columns/table/every-entry-complete",
			test_complete);
	g_test_add_func("/columns/closest/did-you-mean", test_closest);
	return g_test_run();
}
