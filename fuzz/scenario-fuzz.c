/*
 * fuzz/scenario-fuzz.c - fuzz the scenario loader, --set, point expansion
 * and a tiny simulation.
 *
 * An input is a scenario file.  Its comment lines "#set group.key=value"
 * are also applied as --set assignments, after loading, so the fuzzer
 * mutates both (scenarios/ and tests/bad/ are the seeds; fuzz/napisim.dict
 * names every group and key).  What must hold, or the harness aborts:
 *   - bad input fails with one line, never a crash;
 *   - every point of a scenario that loads can be resolved and checked
 *     (all of them up to CHECK_ALL points, else the first, the middle and
 *     the last), and varies the keys it says;
 *   - the first point, limited to SIM_PACKETS frames, simulates in its
 *     own process as napisim runs it, and its row has conservation=true
 *     and warnings=0, reads back from the pipe format unchanged, and
 *     reads back from a TSV file cell for cell.
 * A simulation that runs past SIM_WALL_SECONDS is stopped and the input
 * skipped: a spin is a performance bug for the models, not a crash.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "fuzz/fuzz.h"
#include "models/models.h"
#include "models/point.h"
#include "sim/cli/output.h"
#include "sim/cli/runner.h"
#include "sim/cli/tsv.h"
#include "sim/config/report.h"
#include "sim/config/row.h"
#include "sim/config/scenario.h"

#define FUZZ_MAX_INPUT	65536	/* bytes: a scenario, not a data file */
#define CHECK_ALL	1000	/* points checked one by one */
#define SIM_PACKETS	"50"
#define SIM_WALL_SECONDS 10

const char *const fuzz_replay_dirs[] = {
	"scenarios", "scenarios/compare", "scenarios/validation",
	"scenarios/scaling", "scenarios/traffic", "tests/bad",
	"fuzz/corpus/scenario", "fuzz/crashes/scenario", NULL,
};

/**
 * LLVMFuzzerInitialize() - register the models, as napisim's main() does.
 * @argc: unused
 * @argv: unused
 *
 * Return: 0.
 */
int LLVMFuzzerInitialize(int *argc G_GNUC_UNUSED,
			 char ***argv G_GNUC_UNUSED)
{
	models_register();
	return 0;
}

/* One point, resolved and checked as sim_points_check() does. */
static void check_point(struct sim_scenario *sc, guint index)
{
	g_autoptr(GError) error = NULL;
	struct sim_point *p = sim_scenario_point(sc, index, &error);

	if (!p) {
		fuzz_check_error(error);
		return;
	}
	fuzz_assert(p->index == index, "point index");
	fuzz_assert(p->varied_keys->len == p->varied_values->len,
		    "varied keys and values differ in number");
	if (!machine_check_point(p, &error))
		fuzz_check_error(error);
	sim_point_free(p);
}

struct sim_state {
	struct sim_row *row;
	gint64 deadline;
	gboolean too_slow;
};

static bool sim_done(void *data, const struct sim_point *p G_GNUC_UNUSED,
		     struct sim_report *r, const GError *error)
{
	struct sim_state *st = data;

	if (!r)
		fuzz_fail("a checked point failed: %s", error->message);
	st->row = g_steal_pointer(&r->row);
	sim_report_free(r);
	return true;
}

static bool sim_tick(void *data, guint running G_GNUC_UNUSED)
{
	struct sim_state *st = data;

	st->too_slow = g_get_monotonic_time() > st->deadline;
	return !st->too_slow;
}

static const char *cell(const struct sim_row *row, const char *name)
{
	const struct sim_col *c = sim_row_get(row, name);

	fuzz_assert(c, name);
	return c->str;
}

/* The row reads back from the pipe format and from a TSV file. */
static void check_row(const struct sim_row *row)
{
	g_autoptr(GString) a = g_string_new(NULL);
	g_autoptr(GString) b = g_string_new(NULL);
	g_autoptr(GPtrArray) rows = g_ptr_array_new();
	g_autoptr(sim_row) back = NULL;
	g_autoptr(sim_tsv) t = NULL;
	g_autoptr(GError) error = NULL;
	const char *path = fuzz_file(1, (const uint8_t *)"", 0);
	const char *meta[] = { "scenario", "fuzz", NULL };

	fuzz_assert(strcmp(cell(row, "conservation"), "true") == 0,
		    "offered != delivered + drops + queued");
	fuzz_assert(strcmp(cell(row, "warnings"), "0") == 0,
		    "a model invariant broke (warnings > 0)");

	sim_row_serialize(row, a);
	back = sim_row_parse(a->str, &error);
	fuzz_assert(back, error ? error->message : "row does not parse");
	sim_row_serialize(back, b);
	fuzz_assert(strcmp(a->str, b->str) == 0, "row changes on its way");

	g_ptr_array_add(rows, (gpointer)row);
	fuzz_assert(sim_output_write(rows, meta, SIM_FORMAT_TSV, path,
				     &error), "TSV not written");
	t = sim_tsv_read(path, &error);
	fuzz_assert(t, error ? error->message : "TSV does not read back");
	fuzz_assert(t->rows->len == 1 && t->names->len == row->cols->len,
		    "TSV has another shape than the row");
	/* the metadata went to PATH.meta beside it */
	fuzz_assert(g_strcmp0(sim_tsv_meta(t, "scenario"), "fuzz") == 0,
		    "PATH.meta does not read back");
	for (guint c = 0; c < row->cols->len; c++) {
		const struct sim_col *col = row->cols->pdata[c];

		fuzz_assert(strcmp(t->names->pdata[c], col->name) == 0,
			    col->name);
		fuzz_assert(strcmp(((char **)t->rows->pdata[0])[c],
				   col->str) == 0, col->name);
	}
}

/* Point 0, SIM_PACKETS frames of it, as `napisim run` simulates it. */
static void simulate(struct sim_scenario *sc)
{
	static const struct sim_pool_ops ops = {
		.done = sim_done,
		.tick = sim_tick,
	};
	struct sim_state st = {
		.deadline = g_get_monotonic_time() +
			    SIM_WALL_SECONDS * G_USEC_PER_SEC,
	};
	g_autoptr(GError) error = NULL;
	guint zero = 0, n;

	if (!sim_scenario_set(sc, "traffic.packets=" SIM_PACKETS, &error) ||
	    !sim_points_check(sc, &n, NULL, &error))
		fuzz_fail("a scenario that checked fails with %s frames: %s",
			  SIM_PACKETS, error->message);
	if (!sim_pool_run(sc, &zero, 1, SIM_MODE_BATCH, 1, false, &ops, &st,
			  &error))
		fuzz_fail("%s", error->message);
	if (st.row) {
		check_row(st.row);
		sim_row_free(st.row);
	}
}

/**
 * LLVMFuzzerTestOneInput() - load, --set, expand, check, simulate.
 * @data: a scenario file, "#set group.key=value" lines included
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(sim_scenario) sc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	guint n;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	sc = sim_scenario_load(fuzz_file(0, data, size), &error);
	if (!sc) {
		fuzz_check_error(error);
		return 0;
	}
	text = g_strndup((const char *)data, size);
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		const char *l = g_strchug(lines[i]);

		if (!g_str_has_prefix(l, "#set "))
			continue;
		if (!sim_scenario_set(sc, l + strlen("#set "), &error)) {
			fuzz_check_error(error);
			return 0;
		}
	}

	n = sim_scenario_n_points(sc, &error);
	if (!n) {
		fuzz_check_error(error);
		return 0;
	}
	fuzz_assert(n <= SIM_MAX_POINTS, "more points than a run may have");
	if (n <= CHECK_ALL) {
		if (!sim_points_check(sc, &n, NULL, &error)) {
			fuzz_check_error(error);
			return 0;
		}
	} else {
		check_point(sc, 0);
		check_point(sc, n / 2);
		check_point(sc, n - 1);
		return 0;
	}
	simulate(sc);
	return 0;
}
