/*
 * models/test-machine.c - the model tests' fixture (models/test-machine.h).
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sim/config/conservation.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/machine.h"
#include "models/test-machine.h"

void fixture_setup(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	GError *error = NULL;

	f->dir = g_dir_make_tmp("napisim-model-XXXXXX", &error);
	g_assert_no_error(error);
	f->points = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_point_free);
	f->reports = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_report_free);
}

void fixture_teardown(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *path = g_build_filename(f->dir, "s.ini", NULL);

	g_ptr_array_unref(f->reports);
	g_ptr_array_unref(f->points);
	g_unlink(path);
	g_rmdir(f->dir);
	g_free(f->dir);
}

struct sim_scenario *load(struct fixture *f, const char *ini,
			  const char *const *sets, GError **error)
{
	g_autofree char *path = g_build_filename(f->dir, "s.ini", NULL);
	struct sim_scenario *sc;

	g_assert_true(g_file_set_contents(path, ini, -1, NULL));
	sc = sim_scenario_load(path, error);
	for (; sc && sets && *sets; sets++) {
		if (!sim_scenario_set(sc, *sets, error)) {
			sim_scenario_free(sc);
			return NULL;
		}
	}
	return sc;
}

struct machine *build(struct fixture *f, const char *ini, bool reference,
		      const char *const *sets)
{
	g_autoptr(GError) error = NULL;
	struct sim_scenario *sc = load(f, ini, sets, &error);
	struct sim_point *p;
	struct machine *m;

	g_assert_no_error(error);
	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	m = machine_new(p, reference, false, &error);
	g_assert_no_error(error);
	g_ptr_array_add(f->points, p);
	sim_scenario_free(sc);
	return m;
}

const struct sim_report *run(struct fixture *f, const char *ini,
			     bool reference, const char *const *sets)
{
	struct machine *m = build(f, ini, reference, sets);
	struct sim_report *r;

	machine_run(m);
	r = machine_report(m);
	machine_free(m);
	g_ptr_array_add(f->reports, r);
	return r;
}

double dbl(const struct sim_report *r, const char *name)
{
	const struct sim_col *c = sim_row_get(r->row, name);

	if (!c)
		g_error("no column %s", name);
	g_assert_cmpint(c->type, ==, SIM_COL_DOUBLE);
	/* the printed value: what a user compares */
	return g_ascii_strtod(c->str, NULL);
}

uint64_t col(const struct sim_report *r, const char *name)
{
	const struct sim_col *c = sim_row_get(r->row, name);

	if (!c)
		g_error("no column %s", name);
	g_assert_cmpint(c->type, ==, SIM_COL_U64);
	return c->u64;
}

uint64_t cnt(const struct sim_report *r, const char *table, const char *id,
	     const char *name)
{
	return sim_report_u64(r, table, id, name);
}

uint64_t cpu_ps(const struct sim_report *r, unsigned int cpu,
		const char *acct)
{
	g_autofree char *id = g_strdup_printf("%u", cpu);
	g_autofree char *k = g_strdup_printf("%s_ps", acct);

	return sim_report_u64(r, "cpu", id, k);
}

uint64_t cpu_busy_ps(const struct sim_report *r, unsigned int cpu)
{
	g_autofree char *id = g_strdup_printf("%u", cpu);
	const struct sim_row *row = NULL;
	uint64_t busy = 0;

	for (guint t = 0; t < r->tables->len && !row; t++) {
		const struct sim_table *tab = r->tables->pdata[t];

		if (strcmp(tab->name, "cpu") != 0)
			continue;
		for (guint i = 0; i < tab->rows->len; i++) {
			const struct sim_row *d = tab->rows->pdata[i];

			if (strcmp(sim_row_get(d, "id")->str, id) == 0)
				row = d;
		}
	}
	g_assert_nonnull(row);
	for (guint i = 0; i < row->cols->len; i++) {
		const struct sim_col *c = row->cols->pdata[i];

		if (g_str_has_suffix(c->name, "_ps"))
			busy += c->u64;
	}
	return busy;
}

void assert_conserved(const struct sim_report *r)
{
	g_assert_true(sim_row_conserved(r->row));
}

/* how the run went, not what it simulated: differ between the modes */
static bool run_detail(const char *name)
{
	static const char *const skip[] = {
		"sg_calls", "events", "wall_seconds", "inline_items",
		"event_items", "busy_turns_counted", NULL,
	};

	return g_strv_contains(skip, name);
}

static void assert_same_row(const struct sim_row *a, const struct sim_row *b)
{
	g_assert_cmpuint(a->cols->len, ==, b->cols->len);
	for (guint i = 0; i < a->cols->len; i++) {
		const struct sim_col *x = a->cols->pdata[i];
		const struct sim_col *y = b->cols->pdata[i];

		g_assert_cmpstr(x->name, ==, y->name);
		if (run_detail(x->name))
			continue;
		if (strcmp(x->str, y->str) != 0)
			g_error("%s: %s != %s", x->name, x->str, y->str);
	}
}

void assert_same_report(const struct sim_report *a,
			const struct sim_report *b)
{
	assert_same_row(a->row, b->row);
	g_assert_cmpuint(a->tables->len, ==, b->tables->len);
	for (guint t = 0; t < a->tables->len; t++) {
		const struct sim_table *x = a->tables->pdata[t];
		const struct sim_table *y = b->tables->pdata[t];

		g_assert_cmpstr(x->name, ==, y->name);
		g_assert_cmpuint(x->rows->len, ==, y->rows->len);
		for (guint i = 0; i < x->rows->len; i++)
			assert_same_row(x->rows->pdata[i], y->rows->pdata[i]);
	}
}
