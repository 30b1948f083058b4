/*
 * sim/cli/compare-test.c - compare's verdicts on hand-made result tables:
 * exact mode (any change fails), tolerant mode (only regressions beyond
 * tolerance fail), matching points by key columns or by position, and the
 * policy summary.  Which way each column is better is the column table's
 * (sim/config/columns-test.c).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sim/cli/compare.h"
#include "sim/cli/tsv.h"

/* Two points keyed by traffic.rate_pps, as a sweep writes them. */
static const char base_text[] =
	"# scenario=hand\n"
	"traffic.rate_pps\tpsize\ttput\tlatency_p99_ns\tsg_calls\t"
	"conservation\twall_seconds\n"
	"100000\t64\t1000\t5000\t10\ttrue\t0.01\n"
	"200000\t64\t900\t8000\t20\ttrue\t0.02\n";

static gboolean has_line(const char *text, ...);

static struct sim_tsv *table(const char *text, const char *name)
{
	g_autoptr(GError) error = NULL;
	struct sim_tsv *t = sim_tsv_parse(text, name, &error);

	g_assert_no_error(error);
	return t;
}

/* @base_text with @from replaced by @to (once). */
static struct sim_tsv *edited(const char *from, const char *to)
{
	const char *at = strstr(base_text, from);
	g_autofree char *text = NULL;

	g_assert_nonnull(at);
	text = g_strdup_printf("%.*s%s%s", (int)(at - base_text), base_text,
			       to, at + strlen(from));
	return table(text, "new.tsv");
}

/* Compare @new against base_text with @tolerance (NULL: exact). */
static struct sim_compare *run(struct sim_tsv *new, const char *tolerance)
{
	g_autoptr(sim_tsv) base = table(base_text, "base.tsv");
	g_autoptr(GError) error = NULL;
	struct sim_compare *cmp = sim_compare_new();

	if (tolerance)
		g_assert_true(sim_compare_add_tolerance(cmp, tolerance,
							&error));
	g_assert_true(sim_compare_tables(cmp, base, new, &error));
	g_assert_no_error(error);
	sim_tsv_free(new);
	return cmp;
}

static const struct sim_change *only_change(const struct sim_compare *cmp)
{
	g_assert_cmpuint(cmp->changes->len, ==, 1);
	return cmp->changes->pdata[0];
}

/* wall_seconds is never compared; rows may come in another order. */
static void test_identical(void)
{
	g_autoptr(sim_compare) cmp = run(table(
		"traffic.rate_pps\tpsize\ttput\tlatency_p99_ns\tsg_calls\t"
		"conservation\twall_seconds\n"
		"200000\t64\t900\t8000\t20\ttrue\t9.99\n"
		"100000\t64\t1000\t5000\t10\ttrue\t7.77\n", "new.tsv"), NULL);

	g_assert_cmpuint(cmp->changes->len, ==, 0);
	g_assert_cmpuint(cmp->failures, ==, 0);
	g_assert_cmpuint(cmp->points, ==, 2);
	g_assert_cmpuint(cmp->cells, ==, 10);
}

static void test_exact_any_change_fails(void)
{
	g_autoptr(sim_compare) cmp = run(edited("64\t900", "65\t900"), NULL);
	const struct sim_change *c = only_change(cmp);

	g_assert_cmpstr(c->point, ==, "traffic.rate_pps=200000");
	g_assert_cmpstr(c->column, ==, "psize");
	g_assert_cmpint(c->verdict, ==, SIM_VERDICT_CHANGED);
	g_assert_true(c->fails);
	g_assert_cmpuint(cmp->regressions, ==, 0);
	g_assert_cmpuint(cmp->failures, ==, 1);
}

static void test_exact_improvement_fails(void)
{
	g_autoptr(sim_compare) cmp = run(edited("\t900\t", "\t950\t"), NULL);
	const struct sim_change *c = only_change(cmp);

	g_assert_cmpint(c->verdict, ==, SIM_VERDICT_BETTER);
	g_assert_true(c->fails);
}

static void test_exact_regression(void)
{
	g_autoptr(sim_compare) cmp = run(edited("\t900\t", "\t800\t"), NULL);
	const struct sim_change *c = only_change(cmp);

	g_assert_cmpint(c->verdict, ==, SIM_VERDICT_REGRESSION);
	g_assert_true(c->numeric);
	g_assert_cmpfloat(c->abs, ==, -100);
	g_assert_cmpfloat_with_epsilon(c->rel, -100.0 / 900, 1e-12);
	g_assert_cmpuint(cmp->regressions, ==, 1);
}

static void test_tolerant_within(void)
{
	/* +5% latency, 10% allowed */
	g_autoptr(sim_compare) cmp = run(edited("8000", "8400"),
					 "latency_*=10%,default=0");
	const struct sim_change *c = only_change(cmp);

	g_assert_cmpint(c->verdict, ==, SIM_VERDICT_WORSE);
	g_assert_false(c->fails);
	g_assert_cmpuint(cmp->failures, ==, 0);
}

static void test_tolerant_beyond(void)
{
	/* +20% latency, 10% allowed by default */
	g_autoptr(sim_compare) cmp = run(edited("8000", "9600"),
					 "default=10%");
	const struct sim_change *c = only_change(cmp);

	g_assert_cmpint(c->verdict, ==, SIM_VERDICT_REGRESSION);
	g_assert_true(c->fails);
	g_assert_cmpuint(cmp->failures, ==, 1);
}

/* Better, neutral and diagnostic changes are reported, never fail. */
static void test_tolerant_reports(void)
{
	g_autoptr(sim_compare) better = run(edited("\t900\t", "\t990\t"),
					    "default=0%");
	g_autoptr(sim_compare) neutral = run(edited("64\t900", "65\t900"),
					     "default=0%");
	g_autoptr(sim_compare) diag = run(edited("\t20\t", "\t99\t"),
					  "default=0%");

	g_assert_cmpint(only_change(better)->verdict, ==,
			SIM_VERDICT_BETTER);
	g_assert_cmpint(only_change(neutral)->verdict, ==,
			SIM_VERDICT_CHANGED);
	g_assert_cmpint(only_change(diag)->verdict, ==, SIM_VERDICT_CHANGED);
	g_assert_cmpuint(better->failures + neutral->failures +
			 diag->failures, ==, 0);
}

static void test_conservation(void)
{
	g_autoptr(sim_compare) cmp = run(edited("20\ttrue", "20\tfalse"),
					 "default=1000%");

	g_assert_cmpint(only_change(cmp)->verdict, ==,
			SIM_VERDICT_REGRESSION);
	g_assert_cmpuint(cmp->failures, ==, 1);
}

/* A column only in NEW is reported; in tolerant mode it passes. */
static void test_added_column_tolerant(void)
{
	g_autoptr(sim_compare) cmp = run(table(
		"traffic.rate_pps\tpsize\ttput\tlatency_p99_ns\tsg_calls\t"
		"conservation\twall_seconds\tsk_drops\n"
		"100000\t64\t1000\t5000\t10\ttrue\t0\t0\n"
		"200000\t64\t900\t8000\t20\ttrue\t0\t3\n", "new.tsv"),
		"default=50%");

	/* sk_drops is new: a column added, then no cell to compare */
	g_assert_cmpuint(cmp->changes->len, ==, 1);
	g_assert_cmpint(only_change(cmp)->verdict, ==, SIM_VERDICT_ADDED);
	g_assert_cmpuint(cmp->failures, ==, 0);
}

/* From 0 any growth is infinitely relative: beyond every tolerance. */
static void test_from_zero(void)
{
	g_autoptr(sim_tsv) a = table("traffic.rate_pps\tsk_drops\n1\t0\n",
				     "a.tsv");
	g_autoptr(sim_tsv) b = table("traffic.rate_pps\tsk_drops\n1\t3\n",
				     "b.tsv");
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GError) error = NULL;
	const struct sim_change *c;

	g_assert_true(sim_compare_add_tolerance(cmp, "default=1000%",
						&error));
	g_assert_true(sim_compare_tables(cmp, a, b, &error));
	g_assert_no_error(error);
	c = only_change(cmp);
	g_assert_true(isinf(c->rel) && c->rel > 0);
	g_assert_cmpint(c->verdict, ==, SIM_VERDICT_REGRESSION);
	g_assert_true(c->fails);
}

static void test_added_column_exact(void)
{
	g_autoptr(sim_compare) cmp = run(table(
		"traffic.rate_pps\tpsize\ttput\tlatency_p99_ns\tsg_calls\t"
		"conservation\tsk_drops\n"
		"100000\t64\t1000\t5000\t10\ttrue\t0\n"
		"200000\t64\t900\t8000\t20\ttrue\t0\n", "new.tsv"), NULL);

	/* wall_seconds went too, but it is never compared */
	g_assert_cmpuint(cmp->changes->len, ==, 1);
	g_assert_cmpint(only_change(cmp)->verdict, ==, SIM_VERDICT_ADDED);
	g_assert_cmpuint(cmp->failures, ==, 1);
}

static void expect_unusable(const char *base, const char *new,
			    const char *part)
{
	g_autoptr(sim_tsv) a = table(base, "a.tsv");
	g_autoptr(sim_tsv) b = table(new, "b.tsv");
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GError) error = NULL;

	g_assert_false(sim_compare_tables(cmp, a, b, &error));
	g_assert_error(error, SIM_COMPARE_ERROR, SIM_COMPARE_ERROR_KEYS);
	g_assert_nonnull(strstr(error->message, part));
}

static void test_keys_unusable(void)
{
	expect_unusable("a.x\tv\n1\t2\n", "b.y\tv\n1\t2\n",
			"the key columns differ");
	expect_unusable("a.x\tv\n2\t3\n", "a.x\tv\n3\t3\n",
			"no point in common: only in a.tsv: a.x=2; only in "
			"b.tsv: a.x=3");
	expect_unusable("a.x\tv\n1\t2\n1\t3\n", "a.x\tv\n1\t2\n",
			"point a.x=1 appears twice");
	expect_unusable("v\n1\n2\n", "v\n1\n", "neither has key columns");
}

/* The points both tables hold are compared; the others are counted. */
static void test_partial_overlap(void)
{
	g_autoptr(sim_tsv) a = table("a.x\tsk_drops\n1\t0\n2\t5\n3\t7\n",
				     "a.tsv");
	g_autoptr(sim_tsv) b = table("a.x\tsk_drops\n2\t5\n3\t9\n4\t1\n",
				     "b.tsv");
	g_autoptr(sim_compare) exact = sim_compare_new();
	g_autoptr(sim_compare) tolerant = sim_compare_new();
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_compare_tables(exact, a, b, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(exact->points, ==, 2);
	g_assert_cmpuint(exact->only_base, ==, 1);
	g_assert_cmpuint(exact->only_new, ==, 1);
	/* the change at a.x=3, and a point each side */
	g_assert_cmpuint(exact->failures, ==, 3);
	sim_compare_report(exact, out);
	g_assert_nonnull(strstr(out->str, "1 points only in BASE, not "
				"compared (exact: fails): a.x=1\n"));

	g_assert_true(sim_compare_add_tolerance(tolerant, "default=50%",
						&error));
	g_assert_true(sim_compare_tables(tolerant, a, b, &error));
	g_assert_cmpuint(tolerant->failures, ==, 0);
}

/* Without key columns, rows are matched by position. */
static void test_positional(void)
{
	g_autoptr(sim_tsv) a = table("tput\n5\n6\n", "a.tsv");
	g_autoptr(sim_tsv) b = table("tput\n5\n7\n", "b.tsv");
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_compare_tables(cmp, a, b, &error));
	g_assert_cmpstr(only_change(cmp)->point, ==, "row 2");
	g_assert_cmpint(only_change(cmp)->verdict, ==, SIM_VERDICT_BETTER);
}

static void test_tolerance_parse(void)
{
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GError) error = NULL;

	g_assert_false(sim_compare_add_tolerance(cmp, "tput", &error));
	g_assert_error(error, SIM_COMPARE_ERROR, SIM_COMPARE_ERROR_TOLERANCE);
	g_clear_error(&error);
	g_assert_false(sim_compare_add_tolerance(cmp, "tput=x%", &error));
	g_clear_error(&error);
	g_assert_false(sim_compare_add_tolerance(cmp, "tput=-1%", &error));
	g_clear_error(&error);
	g_assert_false(sim_compare_add_tolerance(cmp, "tput=5%+", &error));
	g_clear_error(&error);
	g_assert_false(sim_compare_add_tolerance(cmp, "tput=5+3", &error));
	g_clear_error(&error);
	g_assert_false(sim_compare_add_tolerance(cmp, "tput=5%-3", &error));
	g_clear_error(&error);
	g_assert_true(cmp->exact);
	g_assert_true(sim_compare_add_tolerance(cmp, "tput=2.5%,default=1",
						&error));
	g_assert_true(sim_compare_add_tolerance(cmp, "sk_drops=5%+100",
						&error));
	g_assert_false(cmp->exact);
}

/* From 0, only an absolute tolerance lets a change pass. */
static void test_absolute(void)
{
	static const struct {
		const char *tolerance;
		enum sim_verdict verdict;
	} cases[] = {
		{ "sk_drops=1000%", SIM_VERDICT_REGRESSION },
		{ "sk_drops=697", SIM_VERDICT_WORSE },
		{ "sk_drops=696", SIM_VERDICT_REGRESSION },
		{ "default=5%+700", SIM_VERDICT_WORSE },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(sim_tsv) a = table("a.x\tsk_drops\n1\t0\n", "a");
		g_autoptr(sim_tsv) b = table("a.x\tsk_drops\n1\t697\n", "b");
		g_autoptr(sim_compare) cmp = sim_compare_new();
		g_autoptr(GError) error = NULL;

		g_test_message("%s", cases[i].tolerance);
		g_assert_true(sim_compare_add_tolerance(cmp,
			cases[i].tolerance, &error));
		g_assert_true(sim_compare_tables(cmp, a, b, &error));
		g_assert_cmpint(only_change(cmp)->verdict, ==,
				cases[i].verdict);
	}
	/* relative and absolute add up: 10% of 1000 + 50 */
	{
		g_autoptr(sim_tsv) a = table("a.x\tsk_drops\n1\t1000\n", "a");
		g_autoptr(sim_tsv) b = table("a.x\tsk_drops\n1\t1150\n", "b");
		g_autoptr(sim_compare) cmp = sim_compare_new();

		g_assert_true(sim_compare_add_tolerance(cmp, "sk_drops=10%+50",
							NULL));
		g_assert_true(sim_compare_tables(cmp, a, b, NULL));
		g_assert_cmpint(only_change(cmp)->verdict, ==,
				SIM_VERDICT_WORSE);
	}
}

/* A tolerance naming no column is said, with the column meant. */
static void test_unknown_tolerance(void)
{
	g_autoptr(sim_compare) cmp = run(edited("8000", "8400"),
					 "latncy_p99_ns=10%,default=1%");

	g_assert_cmpuint(cmp->warnings->len, ==, 1);
	g_assert_cmpstr(cmp->warnings->pdata[0], ==,
			"--tolerance latncy_p99_ns: no such column (did you "
			"mean latency_p99_ns?)");
	/* the misspelt entry did not apply: 1% failed */
	g_assert_cmpuint(cmp->failures, ==, 1);
}

/* Differences print with the decimals the cells have. */
static void test_number_format(void)
{
	g_autoptr(sim_tsv) a = table("a.x\tsim_seconds\tenergy_j\n"
				     "1\t0.000001\t2.780\n", "a");
	g_autoptr(sim_tsv) b = table("a.x\tsim_seconds\tenergy_j\n"
				     "1\t0.000002\t2.770\n", "b");
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GString) out = g_string_new(NULL);

	g_assert_true(sim_compare_tables(cmp, a, b, NULL));
	sim_compare_report(cmp, out);
	g_assert_true(has_line(out->str, " sim_seconds ", " +0.000001 ",
			       NULL));
	g_assert_true(has_line(out->str, " energy_j ", " -0.010 ", NULL));
	g_assert_null(strstr(out->str, "e-0"));
}

/* --only-regressions lists only them; the summary counts everything. */
static void test_only_regressions(void)
{
	g_autoptr(sim_compare) cmp = run(edited("\t900\t8000\t",
						"\t950\t9000\t"),
					 "default=5%");
	g_autoptr(GString) out = g_string_new(NULL);

	cmp->only_regressions = true;
	sim_compare_report(cmp, out);
	g_assert_true(has_line(out->str, "latency_p99_ns", "REGRESSION",
			       NULL));
	g_assert_false(has_line(out->str, " tput ", NULL));
	g_assert_nonnull(strstr(out->str, "2 changed, 1 regressions; FAIL"));
}

/* A line of @text that holds every one of the NULL-terminated words. */
static gboolean has_line(const char *text, ...)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		gboolean all = TRUE;
		const char *w;
		va_list ap;

		va_start(ap, text);
		while ((w = va_arg(ap, const char *)))
			all = all && strstr(lines[i], w);
		va_end(ap);
		if (all)
			return TRUE;
	}
	return FALSE;
}

static void test_report(void)
{
	g_autoptr(sim_compare) cmp = run(edited("\t900\t", "\t800\t"), NULL);
	g_autoptr(GString) out = g_string_new(NULL);

	sim_compare_report(cmp, out);
	g_assert_true(has_line(out->str, "traffic.rate_pps=200000  tput ",
			       " 900 ", " 800 ", " -100 ", " -11.11% ",
			       " REGRESSION", NULL));
	g_assert_nonnull(strstr(out->str, "1 regressions; FAIL\n"));
}

static void test_policies(void)
{
	g_autoptr(sim_tsv) t = table(
		"traffic.rate_pps\tmitigation.policy\ttput\tlatency_p99_ns\t"
		"rxint\tpsize\n"
		"1000\tnone\t100\t50\t90\t64\n"
		"1000\tdim\t100\t40\t30\t64\n"
		"1000\titr\t100\t40\t60\t64\n"
		"2000\tnone\t150\t90\t150\t64\n"
		"2000\tdim\t180\t70\t40\t64\n"
		"2000\titr\t150\t95\t40\t64\n", "p.tsv");
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_compare_policies(t, NULL, out, &error));
	g_assert_no_error(error);
	g_assert_true(g_str_has_prefix(out->str, "configurations: "
				       "mitigation.policy; load: "
				       "traffic.rate_pps\n"));
	/* equal tput at 1000 for all: left out, and counted */
	g_assert_false(has_line(out->str, "traffic.rate_pps=1000 ", " tput ",
				NULL));
	g_assert_nonnull(strstr(out->str, "(1 lines where every "
				"configuration ties are left out)\n"));
	g_assert_true(has_line(out->str, "traffic.rate_pps=1000 ",
			       " latency_p99_ns ", " tie: dim, itr ", " 40 ",
			       " none ", " 50 ", NULL));
	g_assert_true(has_line(out->str, "traffic.rate_pps=2000 ", " tput ",
			       " higher ", " dim ", " 180 ", " none ",
			       " 150 ", " +30 ", " +20.00%", NULL));
	/* interrupts per 1000 delivered frames: 40/180 beats 40/150 */
	g_assert_true(has_line(out->str, "traffic.rate_pps=2000 ",
			       " rxint/1k_frames ", " lower ", " dim ",
			       " 222.2 ", " itr ", " 266.7 ", NULL));
	/* psize has no direction: not ranked */
	g_assert_null(strstr(out->str, "psize"));

	g_string_truncate(out, 0);
	g_assert_false(sim_compare_policies(t, "traffic.size", out, &error));
	g_assert_error(error, SIM_COMPARE_ERROR, SIM_COMPARE_ERROR_KEYS);
}

/* A configuration is every varied key but the load; a load where only
 * one configuration ran says so instead of vanishing. */
static void test_policies_groups(void)
{
	g_autoptr(sim_tsv) t = table(
		"mitigation.policy\tsoftirq.ksoftirqd_nice\ttraffic.rate_pps\t"
		"tput\n"
		"none\t0\t1000\t10\n"
		"napi\t0\t1000\t50\n"
		"napi\t-10\t1000\t90\n", "z.tsv");
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_compare_policies(t, NULL, out, &error));
	g_assert_true(has_line(out->str, "traffic.rate_pps=1000 ", " tput ",
			       " napi/-10 ", " 90 ", " napi/0 ", " 50 ",
			       NULL));
	g_string_truncate(out, 0);
	g_assert_true(sim_compare_policies(t, "mitigation.policy", out,
					   &error));
	g_assert_true(has_line(out->str, "softirq.ksoftirqd_nice=-10, "
			       "traffic.rate_pps=1000 ", "(every metric)",
			       " napi ", "(no other)", NULL));
	g_string_truncate(out, 0);
	g_assert_true(sim_compare_policies(t, "mitigation.policy,"
					   "softirq.ksoftirqd_nice", out,
					   &error));
	g_assert_true(has_line(out->str, " napi/-10 ", NULL));
}

/*
 * With any tolerance, a metric that stops being a finite number is a
 * regression, whichever way it "moved": nan, empty, text, 1e400.
 */
static void test_not_a_number(void)
{
	static const char *const broken[] = { "nan", "", "abc", "1e400",
					      "-inf" };

	for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
		g_autofree char *cell = g_strdup_printf("\t%s\t5000\t",
							broken[i]);
		g_autoptr(sim_compare) cmp =
			run(edited("\t1000\t5000\t", cell), "default=5%");
		const struct sim_change *c = only_change(cmp);

		g_assert_cmpstr(c->column, ==, "tput");
		g_assert_cmpint(c->verdict, ==, SIM_VERDICT_NOT_NUMBER);
		g_assert_true(c->fails);
		g_assert_cmpuint(cmp->regressions, ==, 1);
	}
}

/* A metric column that disappeared fails even with a tolerance. */
static void test_removed_column_fails(void)
{
	g_autoptr(sim_tsv) base = table("a.x\ttput\tpsize\n1\t5\t64\n",
					"a.tsv");
	g_autoptr(sim_tsv) new = table("a.x\tpsize\n1\t64\n", "b.tsv");
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_compare_add_tolerance(cmp, "default=50%", &error));
	g_assert_true(sim_compare_tables(cmp, base, new, &error));
	g_assert_cmpint(only_change(cmp)->verdict, ==, SIM_VERDICT_REMOVED);
	g_assert_cmpuint(cmp->failures, ==, 1);
	g_assert_cmpuint(cmp->regressions, ==, 1);
}

/* A nan never wins (it did when it came first): the best number does. */
static void test_policies_skip_nan(void)
{
	g_autoptr(sim_tsv) t = table(
		"traffic.rate_pps\tmitigation.policy\ttput\n"
		"1000\tbroken\tnan\n"
		"1000\tnone\t100\n"
		"1000\tdim\t120\n", "p.tsv");
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_compare_policies(t, NULL, out, &error));
	g_assert_true(has_line(out->str, " tput ", " dim ", " 120 ",
			       " none ", " 100 ", NULL));
	g_assert_null(strstr(out->str, "broken"));
}

/* Result files are UTF-8: anything else is a one-line parse error. */
static void test_invalid_utf8(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(sim_tsv) t = sim_tsv_parse("a.b\tok\n1\t2\n3\t\xff\xfe\n",
					     "bad.tsv", &error);

	g_assert_null(t);
	g_assert_error(error, SIM_TSV_ERROR, SIM_TSV_ERROR_PARSE);
	g_assert_cmpstr(error->message, ==, "bad.tsv:3: not valid UTF-8 "
			"(not a napisim result file?)");
}

/*
 * What sim_tsv_format() writes reads back the same, line breaks and all;
 * the metadata goes to PATH.meta (sim_tsv_write()) and reads back on one
 * line.
 */
static void test_format_roundtrip(void)
{
	g_autoptr(sim_tsv) t = table("a.b\tv\n1\t2\n", "t.tsv");
	g_autoptr(sim_tsv) back = NULL;
	g_autoptr(sim_tsv) file = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;
	g_autofree char *dir = g_dir_make_tmp("compare-test-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.tsv", NULL);
	g_autofree char *meta = g_strconcat(path, ".meta", NULL);
	const char *cells[] = { "x\ny", "tab\there", NULL };

	sim_tsv_add_meta(t, "description", "two\nlines");
	sim_tsv_add_row(t, cells);
	text = sim_tsv_format(t);
	back = sim_tsv_parse(text, "back.tsv", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(back->meta->len, ==, 0);
	g_assert_cmpuint(back->rows->len, ==, 2);
	g_assert_cmpstr(((char **)back->rows->pdata[1])[0], ==, "x y");
	g_assert_cmpstr(((char **)back->rows->pdata[1])[1], ==, "tab here");

	g_assert_true(sim_tsv_write(t, path, &error));
	g_assert_no_error(error);
	file = sim_tsv_read(path, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(sim_tsv_meta(file, "description"), ==, "two lines");
	g_assert_cmpuint(file->meta->len, ==, 2);
	g_assert_cmpuint(file->rows->len, ==, 2);
	g_unlink(path);
	g_unlink(meta);
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/compare/exact/identical-passes", test_identical);
	g_test_add_func("/compare/exact/any-change-fails",
			test_exact_any_change_fails);
	g_test_add_func("/compare/exact/improvement-fails-too",
			test_exact_improvement_fails);
	g_test_add_func("/compare/exact/lower-tput-is-regression",
			test_exact_regression);
	g_test_add_func("/compare/exact/added-column-fails",
			test_added_column_exact);
	g_test_add_func("/compare/tolerant/worse-within-passes",
			test_tolerant_within);
	g_test_add_func("/compare/tolerant/worse-beyond-fails",
			test_tolerant_beyond);
	g_test_add_func("/compare/tolerant/other-changes-pass",
			test_tolerant_reports);
	g_test_add_func("/compare/tolerant/added-column-passes",
			test_added_column_tolerant);
	g_test_add_func("/compare/tolerant/growth-from-zero-fails",
			test_from_zero);
	g_test_add_func("/compare/conservation-false-always-fails",
			test_conservation);
	g_test_add_func("/compare/keys/unusable-input", test_keys_unusable);
	g_test_add_func("/compare/keys/common-points-of-partial-overlap",
			test_partial_overlap);
	g_test_add_func("/compare/tolerance/absolute", test_absolute);
	g_test_add_func("/compare/tolerance/unknown-column-warns",
			test_unknown_tolerance);
	g_test_add_func("/compare/report/number-format", test_number_format);
	g_test_add_func("/compare/report/only-regressions",
			test_only_regressions);
	g_test_add_func("/compare/keys/by-position-without-keys",
			test_positional);
	g_test_add_func("/compare/tolerance/parse", test_tolerance_parse);
	g_test_add_func("/compare/report/table", test_report);
	g_test_add_func("/compare/policies/winner-per-load", test_policies);
	g_test_add_func("/compare/policies/no-group-dropped",
			test_policies_groups);
	g_test_add_func("/compare/tolerant/not-a-number-is-a-regression",
			test_not_a_number);
	g_test_add_func("/compare/tolerant/removed-column-is-a-regression",
			test_removed_column_fails);
	g_test_add_func("/compare/policies/nan-never-wins",
			test_policies_skip_nan);
	g_test_add_func("/compare/tsv/invalid-utf8-is-a-parse-error",
			test_invalid_utf8);
	g_test_add_func("/compare/tsv/format-reads-back-as-written",
			test_format_roundtrip);
	return g_test_run();
}
