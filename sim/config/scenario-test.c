/*
 * sim/config/scenario-test.c - loading scenarios, their errors and their
 * points.
 *
 * Each test writes its scenario files into a fresh temporary directory.
 * The models are the real registry (models/models.c), so keys here are
 * real keys: traffic.size, traffic.rate_pps, napi.weight,
 * net.core.netdev_budget.
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "models/models.h"
#include "sim/config/scenario.h"
#include "sim/cli/runner.h"
#include "sim/config/param.h"
#include "sim/config/model.h"
#include "models/core/napi.h"
#include "models/workload/traffic.h"

struct fixture {
	char *dir;
	GPtrArray *files;	/* char *, removed at teardown */
};

static void setup(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;

	fx->dir = g_dir_make_tmp("napisim-scenario-XXXXXX", &error);
	g_assert_no_error(error);
	fx->files = g_ptr_array_new_with_free_func(g_free);
}

static void teardown(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	for (guint i = 0; i < fx->files->len; i++)
		g_unlink(fx->files->pdata[i]);
	g_assert_cmpint(g_rmdir(fx->dir), ==, 0);
	g_ptr_array_unref(fx->files);
	g_free(fx->dir);
}

/* Write @text to @name in the fixture's directory; return its path. */
static const char *write_ini(struct fixture *fx, const char *name,
			     const char *text)
{
	g_autoptr(GError) error = NULL;
	char *path = g_build_filename(fx->dir, name, NULL);

	g_file_set_contents(path, text, -1, &error);
	g_assert_no_error(error);
	g_ptr_array_add(fx->files, path);
	return path;
}

static struct sim_scenario *load_ok(struct fixture *fx, const char *text)
{
	g_autoptr(GError) error = NULL;
	struct sim_scenario *sc;

	sc = sim_scenario_load(write_ini(fx, "ok.ini", text), &error);
	g_assert_no_error(error);
	g_assert_nonnull(sc);
	return sc;
}

/* Load @text as "bad.ini": it must fail with @code and say @expect. */
static void assert_load_fails(struct fixture *fx, const char *text,
			      int code, const char *expect)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *want = NULL;
	const char *path = write_ini(fx, "bad.ini", text);
	struct sim_scenario *sc = sim_scenario_load(path, &error);

	g_assert_null(sc);
	g_assert_error(error, SIM_SCENARIO_ERROR, code);
	want = g_strdup_printf("%s%s", path, expect);
	g_assert_cmpstr(error->message, ==, want);
	g_assert_null(strchr(error->message, '\n'));
}

static void assert_set_fails(struct sim_scenario *sc, const char *assignment,
			     int code, const char *expect)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(sim_scenario_set(sc, assignment, &error));
	g_assert_error(error, SIM_SCENARIO_ERROR, code);
	g_assert_cmpstr(error->message, ==, expect);
}

static void set_ok(struct sim_scenario *sc, const char *assignment)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(sim_scenario_set(sc, assignment, &error));
	g_assert_no_error(error);
}

static guint n_points(struct sim_scenario *sc)
{
	g_autoptr(GError) error = NULL;
	guint n = sim_scenario_n_points(sc, &error);

	g_assert_no_error(error);
	g_assert_cmpuint(n, >, 0);
	return n;
}

/*
 * Every point of @sc as one string: "k=v,k=v|k=v,k=v|...", and the
 * varied keys of point 0 as "k,k" in @keys.
 */
static char *points_string(struct sim_scenario *sc, char **keys)
{
	GString *s = g_string_new(NULL);
	guint n = n_points(sc);

	for (guint i = 0; i < n; i++) {
		g_autoptr(GError) error = NULL;
		struct sim_point *p = sim_scenario_point(sc, i, &error);

		g_assert_no_error(error);
		g_assert_cmpuint(p->index, ==, i);
		g_assert_cmpuint(p->varied_keys->len, ==,
				 p->varied_values->len);
		if (i)
			g_string_append_c(s, '|');
		for (guint k = 0; k < p->varied_keys->len; k++)
			g_string_append_printf(s, "%s%s=%s", k ? "," : "",
				(char *)p->varied_keys->pdata[k],
				(char *)p->varied_values->pdata[k]);
		if (i == 0 && keys) {
			g_ptr_array_add(p->varied_keys, NULL);
			*keys = g_strjoinv(",", (char **)p->varied_keys->pdata);
			g_ptr_array_remove_index(p->varied_keys,
						 p->varied_keys->len - 1);
		}
		sim_point_free(p);
	}
	return g_string_free(s, FALSE);
}

static const struct traffic_cfg *traffic(const struct sim_point *p)
{
	return sim_point_cfg(p, sim_model_find("traffic"));
}

/* ---------------------------------------------------------------- load */

static void test_missing_file(struct fixture *fx,
			      gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "none.ini", NULL);
	g_autofree char *want = g_strdup_printf("%s: No such file or directory",
						path);

	g_assert_null(sim_scenario_load(path, &error));
	g_assert_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_FILE);
	g_assert_cmpstr(error->message, ==, want);
}

static void test_glib_parse_error(struct fixture *fx,
				  gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx,
			  "# comment\n"
			  "[traffic]\n"
			  "size=60\n"
			  "not a key\n"
			  "rate_pps=1\n",
			  SIM_SCENARIO_ERROR_FILE,
			  ":4: Key file contains line \xe2\x80\x9cnot a key"
			  "\xe2\x80\x9d which is not a key-value pair, group,"
			  " or comment");
	assert_load_fails(fx, "size=60\n", SIM_SCENARIO_ERROR_FILE,
			  ":1: Key file does not start with a group");
}

static void test_invalid_utf8(struct fixture *fx,
			      gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx, "[traffic]\n# caf\xe9\n", SIM_SCENARIO_ERROR_FILE,
			  ":2: not valid UTF-8");
}

static void test_unknown_group(struct fixture *fx,
			       gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx,
			  "[traffic]\n"
			  "size=60\n"
			  "\n"
			  "[trafic]\n"
			  "rate_pps=1\n",
			  SIM_SCENARIO_ERROR_GROUP,
			  ":4: [trafic]: unknown group (did you mean "
			  "[traffic]?)");
	assert_load_fails(fx, "[zzzzzzzz]\n", SIM_SCENARIO_ERROR_GROUP,
			  ":1: [zzzzzzzz]: unknown group (napisim "
			  "--list-models lists them)");
}

/* The line is the key's own, in its group, not a namesake's elsewhere. */
static void test_unknown_key_line(struct fixture *fx,
				  gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx,
			  "# weight is a [napi] key, not a [traffic] one\n"
			  "[napi]\n"
			  "weight = 64\n"
			  "\n"
			  "[traffic]\n"
			  "size=60\n"
			  "  weight = 64\n",
			  SIM_SCENARIO_ERROR_KEY,
			  ":7: [traffic] weight: unknown key (napisim "
			  "--help-model traffic lists them)");
	assert_load_fails(fx, "[napi]\nweigth=64\n", SIM_SCENARIO_ERROR_KEY,
			  ":2: [napi] weigth: unknown key (did you mean "
			  "weight?)");
	assert_load_fails(fx, "[scenario]\nseed=1\n", SIM_SCENARIO_ERROR_KEY,
			  ":2: [scenario] seed: unknown key ([scenario] "
			  "takes name and description)");
	assert_load_fails(fx, "[points]\nzipp=traffic.size\n",
			  SIM_SCENARIO_ERROR_KEY,
			  ":2: [points] zipp: unknown key (did you mean "
			  "zip?)");
}

/* GKeyFile hides "key[locale]" and keeps the last of two same keys. */
static void test_hidden_keys(struct fixture *fx,
			     gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx, "[napi]\nweight[de]=64\n",
			  SIM_SCENARIO_ERROR_KEY,
			  ":2: [napi] weight[de]: unknown key (napisim "
			  "--help-model napi lists them)");
	assert_load_fails(fx,
			  "[napi]\nweight=64\n[traffic]\n[napi]\nweight=16\n",
			  SIM_SCENARIO_ERROR_KEY,
			  ":5: [napi] weight: set twice (also on line 2)");
}

static void test_wrong_type(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx, "[traffic]\nsize=abc\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [traffic] size: expected an integer in "
			  "60..9000, got \"abc\"");
	assert_load_fails(fx, "[traffic]\narrival=Poisson\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [traffic] arrival: expected one of "
			  "constant|poisson|onoff|mmpp|schedule|pcap|closed|bulk, got "
			  "\"Poisson\"");
}

/* Every element of a list is checked, not just the first. */
static void test_out_of_range(struct fixture *fx,
			      gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx, "[traffic]\nsize=60; 124 ;10\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [traffic] size: expected an integer in "
			  "60..9000, got 10");
}

static void test_empty_element(struct fixture *fx,
			       gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx, "[traffic]\nsize=60;;124\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [traffic] size: empty list element");
	assert_load_fails(fx, "[traffic]\nsize=60;124;\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [traffic] size: empty list element");
	assert_load_fails(fx, "[traffic]\nsize=\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [traffic] size: empty value");
}

static void test_name(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(sim_scenario) sc = NULL;
	g_autoptr(sim_scenario) named = NULL;
	const char *path = write_ini(fx, "olsson-e1000.ini", "[napi]\n");

	sc = sim_scenario_load(path, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(sim_scenario_name(sc), ==, "olsson-e1000");
	g_assert_cmpstr(sim_scenario_description(sc), ==, "");
	g_assert_cmpstr(sim_scenario_path(sc), ==, path);

	named = load_ok(fx, "[scenario]\nname = udp sink\n"
			    "description=64 B; one queue\n");
	g_assert_cmpstr(sim_scenario_name(named), ==, "udp sink");
	/* free text: a ';' is not a list here */
	g_assert_cmpstr(sim_scenario_description(named), ==,
			"64 B; one queue");
}

/* ---------------------------------------------------------------- points */

static void test_single_point(struct fixture *fx,
			      gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx, "[traffic]\nsize=124\n");
	g_autoptr(GError) error = NULL;
	struct sim_point *p;
	const struct napi_cfg *napi;

	g_assert_cmpuint(n_points(sc), ==, 1);
	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(p->varied_keys->len, ==, 0);
	/* the file's value, and every other key at its default */
	g_assert_cmpuint(traffic(p)->size, ==, 124);
	g_assert_cmpuint(traffic(p)->rate_pps, ==, 100000);
	napi = sim_point_cfg(p, sim_model_find("napi"));
	g_assert_cmpuint(napi->weight, ==, 64);
	sim_point_free(p);

	g_assert_null(sim_scenario_point(sc, 1, &error));
	g_assert_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_POINTS);
}

/* Product axes in file order, the last one varying fastest. */
static void test_product_order(struct fixture *fx,
			       gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[napi]\n"
		"weight=16;64\n"
		"[traffic]\n"
		"rate_pps=1000\n"
		"size=60;124;252\n");
	g_autofree char *keys = NULL;
	g_autofree char *s = points_string(sc, &keys);

	g_assert_cmpstr(keys, ==, "napi.weight,traffic.size");
	g_assert_cmpstr(s, ==,
		"napi.weight=16,traffic.size=60|"
		"napi.weight=16,traffic.size=124|"
		"napi.weight=16,traffic.size=252|"
		"napi.weight=64,traffic.size=60|"
		"napi.weight=64,traffic.size=124|"
		"napi.weight=64,traffic.size=252");
}

/* Zip rows outermost, in zip= order, times the product axes. */
static void test_zip_times_product(struct fixture *fx,
				   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[points]\n"
		"zip = traffic.rate_pps ; traffic.size\n"
		"[traffic]\n"
		"size=60;1500\n"
		"rate_pps=890000;81000\n"
		"[napi]\n"
		"weight=16;64\n");
	g_autofree char *keys = NULL;
	g_autofree char *s = points_string(sc, &keys);
	g_autoptr(GError) error = NULL;
	struct sim_point *p;

	g_assert_cmpstr(keys, ==,
			"traffic.rate_pps,traffic.size,napi.weight");
	g_assert_cmpstr(s, ==,
		"traffic.rate_pps=890000,traffic.size=60,napi.weight=16|"
		"traffic.rate_pps=890000,traffic.size=60,napi.weight=64|"
		"traffic.rate_pps=81000,traffic.size=1500,napi.weight=16|"
		"traffic.rate_pps=81000,traffic.size=1500,napi.weight=64");

	/* the config structs follow the text */
	p = sim_scenario_point(sc, 3, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(traffic(p)->size, ==, 1500);
	g_assert_cmpuint(traffic(p)->rate_pps, ==, 81000);
	sim_point_free(p);
}

static void test_zip_mismatch(struct fixture *fx,
			      gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	const char *path = write_ini(fx, "zip.ini",
		"[traffic]\n"
		"size=60;124;252\n"
		"rate_pps=890000;810000\n"
		"[points]\n"
		"zip=traffic.size;traffic.rate_pps\n");
	g_autoptr(sim_scenario) sc = sim_scenario_load(path, &error);
	g_autofree char *want = g_strdup_printf(
		"%s:5: [points] zip: traffic.size has 3 values but "
		"traffic.rate_pps has 2", path);

	/* --set may still fix it, so load succeeds and counting fails */
	g_assert_no_error(error);
	g_assert_cmpuint(sim_scenario_n_points(sc, &error), ==, 0);
	g_assert_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_POINTS);
	g_assert_cmpstr(error->message, ==, want);
	g_clear_error(&error);
	g_assert_null(sim_scenario_point(sc, 0, &error));
	g_assert_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_POINTS);
}

static void test_zip_keys_must_be_lists(struct fixture *fx,
					gconstpointer data G_GNUC_UNUSED)
{
	assert_load_fails(fx,
			  "[traffic]\nsize=60;124\nrate_pps=1000\n"
			  "[points]\nzip=traffic.size;traffic.rate_pps\n",
			  SIM_SCENARIO_ERROR_POINTS,
			  ":5: [points] zip: traffic.rate_pps: not a list in "
			  "this scenario (zip needs keys set to a;b;...)");
	/* a key the file does not set is not a list either */
	assert_load_fails(fx,
			  "[traffic]\nsize=60;124\n"
			  "[points]\nzip=traffic.size;napi.weight\n",
			  SIM_SCENARIO_ERROR_POINTS,
			  ":4: [points] zip: napi.weight: not a list in "
			  "this scenario (zip needs keys set to a;b;...)");
	assert_load_fails(fx,
			  "[traffic]\nsize=60;124\n"
			  "[points]\nzip=traffic.size;traffic.sise\n",
			  SIM_SCENARIO_ERROR_POINTS,
			  ":4: [points] zip: traffic.sise: unknown key "
			  "(expected group.key of a model)");
	assert_load_fails(fx,
			  "[traffic]\nsize=60;124\n"
			  "[points]\nzip=traffic.size;traffic.size\n",
			  SIM_SCENARIO_ERROR_POINTS,
			  ":4: [points] zip: traffic.size: named twice");
}

/* ---------------------------------------------------------------- --set */

static void test_set_replaces_list(struct fixture *fx,
				   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[traffic]\nsize=60;124;252\n[napi]\nweight=16;64\n");
	g_autofree char *keys = NULL;
	g_autofree char *s = NULL;

	g_assert_cmpuint(n_points(sc), ==, 6);
	set_ok(sc, "traffic.size=1500;9000");
	/* it keeps its place among the axes */
	s = points_string(sc, &keys);
	g_assert_cmpstr(keys, ==, "traffic.size,napi.weight");
	g_assert_cmpstr(s, ==,
		"traffic.size=1500,napi.weight=16|"
		"traffic.size=1500,napi.weight=64|"
		"traffic.size=9000,napi.weight=16|"
		"traffic.size=9000,napi.weight=64");

	/* one value: it no longer varies */
	set_ok(sc, "traffic.size=128");
	g_assert_cmpuint(n_points(sc), ==, 2);
}

/* Olsson's table: size and rate zipped; set both, one point remains. */
static void test_set_leaves_zip(struct fixture *fx,
				gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[traffic]\n"
		"size=60;124;252;508;1020;1496\n"
		"rate_pps=890000;810000;450000;225000;115000;82000\n"
		"[points]\n"
		"zip=traffic.size;traffic.rate_pps\n");
	g_autoptr(GError) error = NULL;
	struct sim_point *p;

	g_assert_cmpuint(n_points(sc), ==, 6);
	set_ok(sc, "traffic.size=60");
	g_assert_cmpuint(n_points(sc), ==, 6);
	set_ok(sc, "traffic.rate_pps=890000");
	g_assert_cmpuint(n_points(sc), ==, 1);

	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(p->varied_keys->len, ==, 0);
	g_assert_cmpuint(traffic(p)->size, ==, 60);
	g_assert_cmpuint(traffic(p)->rate_pps, ==, 890000);
	sim_point_free(p);
}

/* A zipped key set to a list leaves the zip and becomes a product axis. */
static void test_set_list_unzips(struct fixture *fx,
				 gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[traffic]\n"
		"size=60;124\n"
		"rate_pps=890000;810000\n"
		"[points]\n"
		"zip=traffic.size;traffic.rate_pps\n");
	g_autofree char *keys = NULL;
	g_autofree char *s = NULL;

	set_ok(sc, "traffic.size=60;124;252");
	s = points_string(sc, &keys);
	g_assert_cmpstr(keys, ==, "traffic.rate_pps,traffic.size");
	g_assert_cmpstr(s, ==,
		"traffic.rate_pps=890000,traffic.size=60|"
		"traffic.rate_pps=890000,traffic.size=124|"
		"traffic.rate_pps=890000,traffic.size=252|"
		"traffic.rate_pps=810000,traffic.size=60|"
		"traffic.rate_pps=810000,traffic.size=124|"
		"traffic.rate_pps=810000,traffic.size=252");
}

/* Keys the file did not set vary after the file's, in --set order. */
static void test_set_new_keys_last(struct fixture *fx,
				   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[traffic]\nsize=60;124\n[napi]\nweight=16\n");
	g_autofree char *keys = NULL;
	g_autofree char *s = NULL;

	set_ok(sc, "socket.rcvbuf=4096;8192");
	set_ok(sc, "napi.weight=8;32");
	set_ok(sc, "cpu.count=1;2");
	s = points_string(sc, &keys);
	g_assert_cmpstr(keys, ==,
			"traffic.size,napi.weight,socket.rcvbuf,cpu.count");
	g_assert_cmpuint(n_points(sc), ==, 16);
	g_assert_true(g_str_has_prefix(s,
		"traffic.size=60,napi.weight=8,socket.rcvbuf=4096,"
		"cpu.count=1|"
		"traffic.size=60,napi.weight=8,socket.rcvbuf=4096,"
		"cpu.count=2|"));
}

static void test_set_group_with_dot(struct fixture *fx,
				    gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[net.core]\nnetdev_budget=300\n");
	g_autoptr(GError) error = NULL;
	const struct netcore_cfg *nc;
	struct sim_point *p;

	set_ok(sc, "net.core.netdev_budget = 600");
	set_ok(sc, "net.core.dev_weight=16;32");
	g_assert_cmpuint(n_points(sc), ==, 2);
	p = sim_scenario_point(sc, 1, &error);
	g_assert_no_error(error);
	nc = sim_point_cfg(p, sim_model_find("net.core"));
	g_assert_cmpuint(nc->netdev_budget, ==, 600);
	g_assert_cmpuint(nc->dev_weight, ==, 32);
	g_assert_cmpstr(p->varied_keys->pdata[0], ==, "net.core.dev_weight");
	g_assert_cmpstr(p->varied_values->pdata[0], ==, "32");
	sim_point_free(p);
}

static void test_set_errors(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx,
		"[traffic]\nsize=60;124\n");

	assert_set_fails(sc, "traffic.size", SIM_SCENARIO_ERROR_POINTS,
			 "--set traffic.size: expected group.key=value");
	assert_set_fails(sc, "size=60", SIM_SCENARIO_ERROR_POINTS,
			 "--set size: expected group.key=value");
	assert_set_fails(sc, "trafic.size=60", SIM_SCENARIO_ERROR_GROUP,
			 "--set trafic.size: unknown group (did you mean "
			 "[traffic]?)");
	assert_set_fails(sc, "traffic.sise=60", SIM_SCENARIO_ERROR_KEY,
			 "--set traffic.sise: unknown key (did you mean "
			 "size?)");
	assert_set_fails(sc, "traffic.size=60;10", SIM_SCENARIO_ERROR_VALUE,
			 "--set traffic.size: expected an integer in "
			 "60..9000, got 10");
	assert_set_fails(sc, "traffic.size=", SIM_SCENARIO_ERROR_VALUE,
			 "--set traffic.size: empty value");
	assert_set_fails(sc, "points.zip=traffic.size",
			 SIM_SCENARIO_ERROR_POINTS,
			 "--set points.zip: [points] cannot be set from the "
			 "command line");
	/* a failed --set changes nothing */
	g_assert_cmpuint(n_points(sc), ==, 2);
}

static void test_set_scenario_text(struct fixture *fx,
				   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = load_ok(fx, "[napi]\n");

	set_ok(sc, "scenario.description=a; b");
	set_ok(sc, "scenario.name=renamed");
	g_assert_cmpstr(sim_scenario_description(sc), ==, "a; b");
	g_assert_cmpstr(sim_scenario_name(sc), ==, "renamed");
}

/* ---------------------------------------------------------------- files */

/* Each tests/bad/ file fails as its "# expect:" first line says. */
static void test_bad_files(struct fixture *fx G_GNUC_UNUSED,
			   gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *dir = g_test_build_filename(G_TEST_DIST, "tests",
						     "bad", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) d = NULL;
	const char *name;
	guint n = 0;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		/* make check sets G_TEST_SRCDIR to the top source dir */
		g_test_skip("tests/bad not found: set G_TEST_SRCDIR");
		return;
	}
	d = g_dir_open(dir, 0, &error);
	g_assert_no_error(error);
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = NULL;
		g_autofree char *text = NULL;
		g_autofree char *expect = NULL;
		g_autoptr(sim_scenario) sc = NULL;
		guint points;
		char *nl;

		if (!g_str_has_suffix(name, ".ini"))
			continue;
		path = g_build_filename(dir, name, NULL);
		g_file_get_contents(path, &text, NULL, &error);
		g_assert_no_error(error);
		g_assert_true(g_str_has_prefix(text, "# expect: "));
		nl = strchr(text, '\n');
		expect = g_strndup(text + strlen("# expect: "),
				   nl - text - strlen("# expect: "));

		/* as napisim run does: load, then check every point */
		sc = sim_scenario_load(path, &error);
		if (sc)
			g_assert_false(sim_points_check(sc, &points, NULL,
							&error));
		g_assert_nonnull(error);
		if (!strstr(error->message, expect))
			g_error("%s: \"%s\" does not contain \"%s\"", name,
				error->message, expect);
		g_clear_error(&error);
		n++;
	}
	g_assert_cmpuint(n, >=, 5);
}

/*
 * A name or description is one line of text: a line break, tab, DEL or
 * C1 control, written as a GKeyFile escape or given to --set, is an
 * error naming the line and key.
 */
static void test_text_is_one_line(struct fixture *fx,
				  gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(sim_scenario) sc = NULL;

	assert_load_fails(fx, "[scenario]\nname=x\\ntouch /tmp/PWNED\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":2: [scenario] name: control character U+000A (a "
			  "name or description is one line of text)");
	assert_load_fails(fx, "# c\n[scenario]\ndescription=a\\tb\n",
			  SIM_SCENARIO_ERROR_VALUE,
			  ":3: [scenario] description: control character "
			  "U+0009 (a name or description is one line of text)");
	sc = load_ok(fx, "[scenario]\nname=ok \xc3\xa9t\xc3\xa9\n");
	assert_set_fails(sc, "scenario.name=a\x7f", SIM_SCENARIO_ERROR_VALUE,
			 "--set scenario.name: control character U+007F (a "
			 "name or description is one line of text)");
	assert_set_fails(sc, "scenario.description=\xc2\x85",
			 SIM_SCENARIO_ERROR_VALUE,
			 "--set scenario.description: control character "
			 "U+0085 (a name or description is one line of "
			 "text)");
	g_assert_cmpstr(sim_scenario_name(sc), ==, "ok \xc3\xa9t\xc3\xa9");
}

/* "1600;1601;..." (@n values from @first) */
static char *long_list(guint first, guint n)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "%s%u", i ? ";" : "", first + i);
	return g_string_free(s, FALSE);
}

/*
 * Three lists of 1,600 values ask for 4.096e9 points: refused at once,
 * saying how many and why, before any point is made (this used to
 * allocate 32 GB).  A count beyond 2^64 says so too.
 */
static void test_too_many_points(struct fixture *fx,
				 gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *l1 = long_list(100, 1600);
	g_autofree char *l2 = long_list(1000, 1600);
	g_autofree char *text = g_strdup_printf(
		"[traffic]\nsize=%s\nrate_pps=%s\nseed=%s\n[napi]\n"
		"weight=%s\n[net.core]\nnetdev_budget=%s\ndev_weight=%s\n"
		"netdev_max_backlog=%s\n", l1, l2, l1, l1, l1, l1, l1);
	g_autoptr(sim_scenario) sc = load_ok(fx, text);
	g_autoptr(GError) error = NULL;
	g_autofree char *want = g_strdup_printf(
		"%s: 4096000000 points asked for (traffic.size 1600 x "
		"traffic.rate_pps 1600 x napi.weight 1600); a run may have "
		"at most 1000000", sim_scenario_path(sc));

	set_ok(sc, "net.core.netdev_budget=300");
	set_ok(sc, "net.core.dev_weight=64");
	set_ok(sc, "net.core.netdev_max_backlog=1000");
	set_ok(sc, "traffic.seed=1");
	g_assert_cmpuint(sim_scenario_n_points(sc, &error), ==, 0);
	g_assert_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_POINTS);
	g_assert_cmpstr(error->message, ==, want);
	g_clear_error(&error);

	/* seven lists of 1,600: 2.7e22, beyond any integer we hold */
	g_clear_pointer(&sc, sim_scenario_free);
	sc = load_ok(fx, text);
	g_assert_cmpuint(sim_scenario_n_points(sc, &error), ==, 0);
	g_assert_nonnull(strstr(error->message, ": more than "
				"18446744073709551615 points asked for"));
}

/* a file key is found from the scenario's directory, --set's from here */
static void test_file_keys(struct fixture *fx,
			   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *a = NULL;
	struct sim_scenario *sc;
	struct sim_point *p;

	write_ini(fx, "a.txt", "64 1\n");
	write_ini(fx, "b.txt", "1500 1\n");
	a = g_build_filename(fx->dir, "a.txt", NULL);
	sc = load_ok(fx, "[traffic]\nsize_table=a.txt;b.txt\n");
	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(traffic(p)->size_table, ==, a);
	/* the label says what the file says */
	g_assert_cmpstr(p->varied_values->pdata[0], ==, "a.txt");
	sim_point_free(p);

	g_assert_cmpint(g_chdir(fx->dir), ==, 0);
	g_assert_true(sim_scenario_set(sc, "traffic.size_table=b.txt",
				       &error));
	g_assert_no_error(error);
	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(traffic(p)->size_table, ==, "b.txt");
	sim_point_free(p);
	g_assert_cmpint(g_chdir(cwd), ==, 0);
	sim_scenario_free(sc);

	/* a copy elsewhere (a sweep's scenario.ini) names the original's */
	{
		g_autofree char *other = g_dir_make_tmp("napisim-copy-XXXXXX",
							NULL);
		g_autofree char *copy = g_build_filename(other, "s.ini", NULL);

		g_assert_true(g_file_set_contents(
			copy, "[traffic]\nsize_table=a.txt\n", -1, NULL));
		sc = sim_scenario_load_at(copy, fx->dir, &error);
		g_assert_no_error(error);
		p = sim_scenario_point(sc, 0, &error);
		g_assert_cmpstr(traffic(p)->size_table, ==, a);
		sim_point_free(p);
		sim_scenario_free(sc);
		g_assert_null(sim_scenario_load(copy, &error));
		g_assert_nonnull(strstr(error->message, "a.txt"));
		g_unlink(copy);
		g_rmdir(other);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();

#define ADD(path, fn) \
	g_test_add(path, struct fixture, NULL, setup, fn, teardown)
	ADD("/scenario/load/missing-file-names-path", test_missing_file);
	ADD("/scenario/load/glib-parse-error-names-line",
	    test_glib_parse_error);
	ADD("/scenario/load/invalid-utf8-names-line", test_invalid_utf8);
	ADD("/scenario/load/unknown-group-names-line", test_unknown_group);
	ADD("/scenario/load/unknown-key-names-its-own-line",
	    test_unknown_key_line);
	ADD("/scenario/load/locale-and-repeated-keys-are-errors",
	    test_hidden_keys);
	ADD("/scenario/load/wrong-type-is-an-error", test_wrong_type);
	ADD("/scenario/load/every-list-element-is-range-checked",
	    test_out_of_range);
	ADD("/scenario/load/empty-list-element-is-an-error",
	    test_empty_element);
	ADD("/scenario/load/name-from-file-else-basename", test_name);
	ADD("/scenario/load/bad-files-fail-as-they-expect", test_bad_files);
	ADD("/scenario/points/no-list-is-one-point-of-defaults",
	    test_single_point);
	ADD("/scenario/points/product-last-axis-fastest",
	    test_product_order);
	ADD("/scenario/points/zip-times-product", test_zip_times_product);
	ADD("/scenario/points/zip-length-mismatch-names-both-keys",
	    test_zip_mismatch);
	ADD("/scenario/points/zip-keys-must-be-lists",
	    test_zip_keys_must_be_lists);
	ADD("/scenario/set/replaces-a-list-everywhere",
	    test_set_replaces_list);
	ADD("/scenario/set/single-values-leave-the-zip", test_set_leaves_zip);
	ADD("/scenario/set/list-on-zip-key-becomes-product-axis",
	    test_set_list_unzips);
	ADD("/scenario/set/new-keys-vary-after-file-keys",
	    test_set_new_keys_last);
	ADD("/scenario/set/group-may-contain-a-dot",
	    test_set_group_with_dot);
	ADD("/scenario/set/bad-assignments-name-the-key", test_set_errors);
	ADD("/scenario/set/scenario-name-and-description",
	    test_set_scenario_text);
	ADD("/scenario/load/name-and-description-are-one-line",
	    test_text_is_one_line);
	ADD("/scenario/points/too-many-are-refused-saying-how-many",
	    test_too_many_points);
	ADD("/scenario/load/file-keys-are-found-from-the-scenario",
	    test_file_keys);
#undef ADD

	return g_test_run();
}
