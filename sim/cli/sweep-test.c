/*
 * sim/cli/sweep-test.c - sweeps: --vary expansion (lists, linear and
 * geometric ranges), the points a sweep makes with a scenario's own zip
 * rows, and the sweep directory: done-iff-file, refusing a changed
 * sweep, collecting, job lists; and the progress line.
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "models/models.h"
#include "sim/cli/output.h"
#include "sim/cli/runner.h"
#include "sim/config/scenario.h"
#include "sim/cli/sweep.h"
#include "sim/config/report.h"
#include "sim/cli/tsv.h"

struct fixture {
	char *dir;		/* removed with everything in it */
	char *scenario;
};

/* Two zipped rows: a size goes with its rate. */
static const char scenario_text[] =
	"[scenario]\n"
	"name=zip2\n"
	"[traffic]\n"
	"packets=1000\n"
	"size=60;1496\n"
	"rate_pps=890000;82000\n"
	"[points]\n"
	"zip=traffic.size;traffic.rate_pps\n";

static void setup(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;

	fx->dir = g_dir_make_tmp("napisim-sweep-XXXXXX", &error);
	g_assert_no_error(error);
	fx->scenario = g_build_filename(fx->dir, "zip2.ini", NULL);
	g_file_set_contents(fx->scenario, scenario_text, -1, &error);
	g_assert_no_error(error);
}

static void remove_tree(const char *path)
{
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(path, name, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			remove_tree(p);
		else
			g_unlink(p);
	}
	g_rmdir(path);
}

static void teardown(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	remove_tree(fx->dir);
	g_assert_false(g_file_test(fx->dir, G_FILE_TEST_EXISTS));
	g_free(fx->scenario);
	g_free(fx->dir);
}

/* ---------------------------------------------------------------- expand */

static void expect(const char *spec, const char *want)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *got = sim_sweep_expand(spec, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(got, ==, want);
}

static void expect_error(const char *spec, const char *part)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *got = sim_sweep_expand(spec, &error);

	g_assert_null(got);
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_VARY);
	g_assert_nonnull(strstr(error->message, part));
}

static void test_expand_list(void)
{
	expect("1,2, 3", "1;2;3");
	expect("none,itr,dim", "none;itr;dim");
	expect("42", "42");
}

static void test_expand_linear(void)
{
	expect("0:10:2", "0;2;4;6;8;10");
	expect("1:10:4", "1;5;9");
	/* no drift: the last value is STOP itself */
	expect("0.1:0.3:0.1", "0.1;0.2;0.3");
	expect("5:5:1", "5");
}

static void test_expand_geometric(void)
{
	expect("1000:1000000:x10", "1000;10000;100000;1000000");
	expect("100000:1600000:x2", "100000;200000;400000;800000;1600000");
	/* integer ends: rounded, and a repeated value is dropped */
	expect("100:800:x1.5", "100;150;225;338;506;759");
	expect("1:3:x1.2", "1;2;3");
	expect("0.5:4:x2", "0.5;1;2;4");
}

static void test_expand_errors(void)
{
	expect_error("1:2", "START:STOP:STEP");
	expect_error("a:2:1", "START is not a number");
	expect_error("1:b:1", "STOP is not a number");
	expect_error("5:1:1", "STOP is below START");
	expect_error("1:5:0", "STEP must be positive");
	expect_error("0:5:x2", "START > 0 and FACTOR > 1");
	expect_error("1:5:x1", "START > 0 and FACTOR > 1");
	expect_error("1:5:xz", "FACTOR");
	expect_error("1,,2", "empty value");
	expect_error("1:1000000:1", "more than 100000");
}

static void test_vary(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *set = sim_sweep_vary("traffic.rate_pps=1:3:1",
					      &error);
	g_autofree char *bad = NULL;

	g_assert_no_error(error);
	g_assert_cmpstr(set, ==, "traffic.rate_pps=1;2;3");
	bad = sim_sweep_vary("traffic.rate_pps", &error);
	g_assert_null(bad);
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_VARY);
	g_clear_error(&error);
	bad = sim_sweep_vary("traffic.rate_pps=3:1:1", &error);
	g_assert_null(bad);
	g_assert_nonnull(strstr(error->message, "--vary traffic.rate_pps: "));
}

/* ---------------------------------------------------------------- points */

static struct sim_sweep *new_sweep(struct fixture *fx, const char *vary)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *set = sim_sweep_vary(vary, &error);
	const char *sets[] = { set, NULL };
	struct sim_sweep *sw;

	g_assert_no_error(error);
	sw = sim_sweep_new(fx->scenario, sets, SIM_MODE_BATCH, "test",
			   &error);
	g_assert_no_error(error);
	return sw;
}

/* Point @index of @sw; freed with the next call. */
static const struct sim_point *point(struct sim_sweep *sw, guint index)
{
	static struct sim_point *p;
	g_autoptr(GError) error = NULL;

	g_clear_pointer(&p, sim_point_free);
	p = sim_scenario_point(sw->sc, index, &error);
	g_assert_no_error(error);
	return p;
}

static const char *value(const struct sim_point *p, const char *key)
{
	for (guint i = 0; i < p->varied_keys->len; i++)
		if (strcmp(p->varied_keys->pdata[i], key) == 0)
			return p->varied_values->pdata[i];
	return NULL;
}

/* Record how point @index ended, as the sweep command does. */
static gboolean save(struct sim_sweep *sw, guint index,
		     const struct sim_row *row, GPtrArray *tables,
		     const char *why, GError **error)
{
	return sim_sweep_save(sw, point(sw, index), row, tables, why, error);
}

/* 2 zip rows times 3 weights; the zipped keys stay paired. */
static void test_points_product(struct fixture *fx,
				gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16:64:x2");

	g_assert_cmpuint(sw->n, ==, 6);
	g_assert_cmpstr(sw->name, ==, "zip2");
	for (guint i = 0; i < sw->n; i++) {
		const struct sim_point *p = point(sw, i);
		const char *size = value(p, "traffic.size");
		const char *rate = value(p, "traffic.rate_pps");

		g_assert_cmpuint(p->varied_keys->len, ==, 3);
		g_assert_cmpstr(rate, ==, strcmp(size, "60") == 0 ? "890000"
								   : "82000");
	}
	/* the product axis varies fastest, zip rows outermost */
	g_assert_cmpstr(value(point(sw, 0), "napi.weight"), ==, "16");
	g_assert_cmpstr(value(point(sw, 2), "napi.weight"), ==, "64");
	g_assert_cmpstr(value(point(sw, 3), "traffic.size"), ==, "1496");
}

/* A --vary of a key with a bad value fails like --set would. */
static void test_points_bad_key(struct fixture *fx,
				gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	const char *sets[] = { "napi.weight=0;64", NULL };
	g_autoptr(sim_sweep) sw = sim_sweep_new(fx->scenario, sets,
						SIM_MODE_BATCH, "", &error);

	g_assert_null(sw);
	g_assert_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_VALUE);
}

/* ---------------------------------------------------------------- dir */

static struct sim_row *fake_row(const char *size)
{
	struct sim_row *row = sim_row_new();

	sim_row_add_str(row, "traffic.size", size);
	sim_row_add_u64(row, "tput", 1000);
	return row;
}

static char *sweep_dir(struct fixture *fx)
{
	return g_build_filename(fx->dir, "runs", "zip2", NULL);
}

/* Done iff the point file exists; points.tsv holds exactly those. */
static void test_dir_resume(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(sim_sweep) again = NULL;
	g_autoptr(sim_tsv) t = NULL;
	g_autoptr(sim_row) row = fake_row("60");
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = sweep_dir(fx);
	g_autofree char *points = g_build_filename(dir, "points.tsv", NULL);
	guint missing = 0;

	g_assert_true(sim_sweep_prepare(sw, dir, TRUE, &error));
	g_assert_no_error(error);
	g_assert_false(sim_sweep_done(sw, 0));
	g_assert_true(save(sw, 2, row, NULL, NULL, &error));
	g_assert_true(save(sw, 1, NULL, NULL, "boom", &error));
	g_assert_no_error(error);
	g_assert_true(sim_sweep_done(sw, 2));
	g_assert_false(sim_sweep_done(sw, 1));

	g_assert_true(sim_sweep_collect(sw, &missing, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(missing, ==, 3);
	t = sim_tsv_read(points, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(t->rows->len, ==, 1);
	g_assert_cmpstr(sim_tsv_meta(t, "scenario"), ==, "zip2");
	g_assert_cmpstr(sim_tsv_meta(t, "missing"), ==, "3");

	/* the same sweep again: the lock is held, so it is refused ... */
	again = new_sweep(fx, "napi.weight=16,64");
	g_assert_false(sim_sweep_prepare(again, dir, TRUE, &error));
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_BUSY);
	g_assert_nonnull(strstr(error->message, "another napisim sweep"));
	g_clear_error(&error);
	/* ... until the first one ends */
	g_clear_pointer(&sw, sim_sweep_free);
	g_assert_true(sim_sweep_prepare(again, dir, TRUE, &error));
	g_assert_no_error(error);
	g_assert_true(sim_sweep_done(again, 2));
}

static void test_dir_refuses_changes(struct fixture *fx,
				     gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(sim_sweep) other = new_sweep(fx, "napi.weight=16,32");
	g_autoptr(sim_sweep) edited = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = sweep_dir(fx);
	g_autofree char *text = g_strconcat(scenario_text, "[napi]\n", NULL);

	g_assert_true(sim_sweep_prepare(sw, dir, FALSE, &error));
	g_assert_false(sim_sweep_prepare(other, dir, FALSE, &error));
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_DIR);
	g_assert_nonnull(strstr(error->message, "sweep.ini: set:"));
	g_clear_error(&error);

	g_file_set_contents(fx->scenario, text, -1, &error);
	g_assert_no_error(error);
	edited = new_sweep(fx, "napi.weight=16,64");
	g_assert_false(sim_sweep_prepare(edited, dir, FALSE, &error));
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_DIR);
	g_assert_nonnull(strstr(error->message, "the scenario differs"));
}

/*
 * --detail: a point's detail file is written with its point file, and
 * the directory keeps saying so (a sweep without it is refused there).
 */
static void test_dir_detail(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(sim_sweep) plain = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(sim_sweep) opened = NULL;
	g_autoptr(sim_row) row = fake_row("60");
	struct sim_report *r = sim_report_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = sweep_dir(fx);
	g_autofree char *file = NULL, *text = NULL;

	sim_row_add_u64(sim_report_object(r, "cpu", "0"), "ipis", 4);
	sim_row_add_u64(sim_report_object(r, "cpu", "1"), "ipis", 5);
	sw->detail = TRUE;
	g_assert_true(sim_sweep_prepare(sw, dir, FALSE, &error));
	g_assert_no_error(error);
	g_assert_true(save(sw, 2, row, r->tables, NULL, &error));
	g_assert_no_error(error);
	file = sim_sweep_detail_file(sw, 2);
	g_assert_true(g_str_has_suffix(file, "/detail/000002.tsv"));
	g_file_get_contents(file, &text, NULL, &error);
	g_assert_no_error(error);
	/* point 2: the second zip row (1496 B, 82000/s), weight 16 */
	g_assert_cmpstr(text, ==,
		"table\tpoint\ttraffic.size\ttraffic.rate_pps\tnapi.weight\tid\tipis\n"
		"cpu\t2\t1496\t82000\t16\t0\t4\n"
		"cpu\t2\t1496\t82000\t16\t1\t5\n");
	sim_report_free(r);

	g_assert_false(sim_sweep_prepare(plain, dir, FALSE, &error));
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_DIR);
	g_assert_nonnull(strstr(error->message, "sweep.ini: detail: "
				"the directory's sweep was started with "
				"--detail"));
	g_clear_error(&error);
	/* jobs read it from the directory */
	opened = sim_sweep_open(dir, &error);
	g_assert_no_error(error);
	g_assert_true(opened->detail);
}

static void test_dir_not_a_sweep(struct fixture *fx,
				 gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(GError) error = NULL;

	/* fx->dir holds the scenario, and no sweep.ini */
	g_assert_false(sim_sweep_prepare(sw, fx->dir, FALSE, &error));
	g_assert_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_DIR);
	g_assert_nonnull(strstr(error->message, "not a sweep directory"));
}

/* The directory alone says what the sweep is (jobs, --collect). */
static void test_dir_open(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(sim_sweep) opened = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = sweep_dir(fx);

	g_assert_true(sim_sweep_prepare(sw, dir, FALSE, &error));
	/* even when the scenario file is gone */
	g_unlink(fx->scenario);
	opened = sim_sweep_open(dir, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(opened->n, ==, sw->n);
	g_assert_cmpstr(opened->name, ==, "zip2");
	g_assert_cmpstr(opened->file, ==, fx->scenario);
}

static void test_emit(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_sweep) sw = new_sweep(fx, "napi.weight=16,64");
	g_autoptr(sim_row) row = fake_row("60");
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = sweep_dir(fx);
	g_autofree char *jobs = g_build_filename(fx->dir, "jobs", NULL);
	g_autofree char *slurm = g_build_filename(fx->dir, "job.sh", NULL);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	guint count = 0;

	g_assert_true(sim_sweep_prepare(sw, dir, FALSE, &error));
	g_assert_true(save(sw, 0, row, NULL, NULL, &error));
	g_assert_true(sim_sweep_emit_jobs(sw, "/opt/napi sim", jobs, &count,
					  &error));
	g_assert_no_error(error);
	g_assert_cmpuint(count, ==, 3);
	g_file_get_contents(jobs, &text, NULL, &error);
	lines = g_strsplit(text, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 4);
	g_assert_true(g_str_has_prefix(lines[0], "'/opt/napi sim' sweep "
				       "--out '"));
	g_assert_true(g_str_has_suffix(lines[0], "' --only-point 1"));
	g_assert_true(g_str_has_suffix(lines[2], "' --only-point 3"));

	g_clear_pointer(&text, g_free);
	g_assert_true(sim_sweep_emit_slurm(sw, jobs, count, slurm, &error));
	g_file_get_contents(slurm, &text, NULL, &error);
	g_assert_no_error(error);
	g_assert_true(g_str_has_prefix(text, "#!/bin/sh\n"));
	g_assert_nonnull(strstr(text, "\n#SBATCH --array=0-2\n"));
	g_assert_nonnull(strstr(text, "SLURM_ARRAY_TASK_ID + 1"));
	g_assert_true(g_file_test(slurm, G_FILE_TEST_IS_EXECUTABLE));
}

/* The last point to end is not still running. */
static void test_progress_last(void)
{
	if (g_test_subprocess()) {
		struct sim_progress pr = {
			.tty = true, .total = 2,
			.start = g_get_monotonic_time(),
		};

		/* as sim_pool_run() calls it: ->tick, then ->done */
		pr.running = 2;
		sim_progress_show(&pr);
		sim_progress_point(&pr, 0, "", NULL);
		pr.running = 1;
		sim_progress_show(&pr);
		sim_progress_point(&pr, 1, "", NULL);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr("*2/2 done, 0 running*");
	g_test_trap_assert_stderr_unmatched("*2/2 done, 1 running*");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();

	g_test_add_func("/sweep/expand/list", test_expand_list);
	g_test_add_func("/sweep/expand/linear", test_expand_linear);
	g_test_add_func("/sweep/expand/geometric", test_expand_geometric);
	g_test_add_func("/sweep/expand/errors", test_expand_errors);
	g_test_add_func("/sweep/vary/assignment", test_vary);
	g_test_add_func("/sweep/progress/last-point-not-running",
			test_progress_last);
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, setup, fn, \
				 teardown)
	ADD("/sweep/points/product-times-zip-rows", test_points_product);
	ADD("/sweep/points/bad-value-fails-early", test_points_bad_key);
	ADD("/sweep/dir/done-iff-point-file", test_dir_resume);
	ADD("/sweep/dir/refuses-changed-sweep", test_dir_refuses_changes);
	ADD("/sweep/dir/refuses-other-directory", test_dir_not_a_sweep);
	ADD("/sweep/dir/detail-file-per-point", test_dir_detail);
	ADD("/sweep/dir/open-from-directory", test_dir_open);
	ADD("/sweep/emit/jobs-and-slurm", test_emit);
#undef ADD
	return g_test_run();
}
