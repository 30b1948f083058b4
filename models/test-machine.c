/*
 * models/test-machine.c - the model tests' fixture (models/test-machine.h).
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "sim/config/scenario.h"
#include "models/machine.h"
#include "models/test-machine.h"

void fixture_setup(struct fixture *f, gconstpointer data)
{
	GError *error = NULL;

	f->dir = g_dir_make_tmp("napisim-model-XXXXXX", &error);
	g_assert_no_error(error);
	f->h = NULL;
	f->points = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_point_free);
}

void fixture_teardown(struct fixture *f, gconstpointer data)
{
	g_autofree char *path = g_build_filename(f->dir, "s.ini", NULL);

	host_free(f->h);
	g_ptr_array_unref(f->points);
	g_unlink(path);
	g_rmdir(f->dir);
	g_free(f->dir);
}

/* the scenario of @ini with @sets applied, or NULL with @error */
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

/* the machine of @ini's first point (with @sets applied), not started;
 * the point lives as long as the fixture */
struct host *build(struct fixture *f, const char *ini, bool reference,
		   const char *const *sets)
{
	g_autoptr(GError) error = NULL;
	struct sim_scenario *sc = load(f, ini, sets, &error);
	struct sim_point *p;
	struct host *h;

	g_assert_no_error(error);
	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	h = host_new(p, reference, false, &error);
	g_assert_no_error(error);
	g_ptr_array_add(f->points, p);
	sim_scenario_free(sc);
	return h;
}

/* build and run it */
struct host *run(struct fixture *f, const char *ini, bool reference,
		 const char *const *sets)
{
	struct host *h = build(f, ini, reference, sets);

	host_run(h);
	return h;
}

