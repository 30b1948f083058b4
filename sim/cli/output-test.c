/*
 * sim/cli/output-test.c - result rows: canonical text, the child-to-parent
 * pipe format, and the TSV, table and JSON writers.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sim/cli/output.h"

struct fixture {
	char *dir;		/* fresh, empty; must be empty at teardown */
	GPtrArray *rows;	/* struct sim_row * */
};

static const char *const meta[] = {
	"scenario", "olsson",
	"description", "e1000\ttable\nof 2004",
	"seed", "1",
	NULL,
};

/* Two rows of every type, as a point's results would look. */
static void add_row(GPtrArray *rows, uint64_t psize, const char *ctx,
		    double tput, bool ok, int64_t delta)
{
	struct sim_row *row = sim_row_new();

	sim_row_add_u64(row, "psize", psize);
	sim_row_add_str(row, "poll_ctx", ctx);
	sim_row_add_double(row, "tput", tput, 3);
	sim_row_add_bool(row, "conservation", ok);
	sim_row_add_i64(row, "delta", delta);
	g_ptr_array_add(rows, row);
}

static void setup(struct fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	fx->dir = g_dir_make_tmp("napisim-output-XXXXXX", &error);
	g_assert_no_error(error);
	fx->rows = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_row_free);
	add_row(fx->rows, 60, "softirq", 0.5, true, -3);
	add_row(fx->rows, 1496, "ksoftirqd", 12.25, false, 1000000);
}

static void teardown(struct fixture *fx, gconstpointer data)
{
	g_assert_cmpint(g_rmdir(fx->dir), ==, 0);
	g_ptr_array_unref(fx->rows);
	g_free(fx->dir);
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in @dir, sorted, joined by ' '. */
static char *dir_listing(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, cmp_names);
	g_ptr_array_add(names, NULL);
	return g_strjoinv(" ", (char **)names->pdata);
}

/* Write @fx's rows in @format to DIR/@name; return the file's text. */
static char *write_and_read(struct fixture *fx, enum sim_format format,
			    const char *name)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, name, NULL);
	g_autofree char *listing = NULL;
	char *text = NULL;

	g_assert_true(sim_output_write(fx->rows, meta, format, path, &error));
	g_assert_no_error(error);
	/* the temporary file is gone: only the result is left */
	listing = dir_listing(fx->dir);
	g_assert_cmpstr(listing, ==, name);
	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	g_unlink(path);
	return text;
}

/* ---------------------------------------------------------------- rows */

static void test_canonical_text(struct fixture *fx, gconstpointer data)
{
	g_autoptr(sim_row) row = sim_row_new();
	static const char *const want[][2] = {
		{ "u64", "18446744073709551615" },
		{ "i64", "-9223372036854775808" },
		{ "third", "0.3333" },
		{ "round", "1234.57" },
		{ "int", "7" },
		{ "negzero", "0.000" },
		{ "yes", "true" },
		{ "no", "false" },
		{ "str", "a b c" },
		{ "name with tab", "" },
	};

	sim_row_add_u64(row, "u64", UINT64_MAX);
	sim_row_add_i64(row, "i64", INT64_MIN);
	sim_row_add_double(row, "third", 1.0 / 3, 4);
	sim_row_add_double(row, "round", 1234.5678, 2);
	sim_row_add_double(row, "int", 7.2, 0);
	/* -0.0001 shows as 0.000, not -0.000 */
	sim_row_add_double(row, "negzero", -0.0001, 3);
	sim_row_add_bool(row, "yes", true);
	sim_row_add_bool(row, "no", false);
	/* tabs and newlines would break the TSV and the pipe */
	sim_row_add_str(row, "str", "a\tb\nc");
	sim_row_add_str(row, "name\twith\ttab", "");

	g_assert_cmpuint(row->cols->len, ==, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const struct sim_col *c = row->cols->pdata[i];

		g_assert_cmpstr(c->name, ==, want[i][0]);
		g_assert_cmpstr(c->str, ==, want[i][1]);
	}
	/* a double's value is what its text says */
	g_assert_cmpfloat(sim_row_get(row, "third")->dbl, ==, 0.3333);
	g_assert_cmpuint(sim_row_get(row, "u64")->u64, ==, UINT64_MAX);
	g_assert_null(sim_row_get(row, "missing"));
}

/* C-locale text even when the process has a comma-decimal locale. */
static void test_locale_independent(struct fixture *fx, gconstpointer data)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "nl_NL.UTF-8",
	};
	g_autofree char *old = g_strdup(setlocale(LC_NUMERIC, NULL));
	g_autoptr(sim_row) row = sim_row_new();
	const char *set = NULL;

	for (guint i = 0; !set && i < G_N_ELEMENTS(locales); i++)
		set = setlocale(LC_NUMERIC, locales[i]);
	if (!set) {
		g_test_skip("no comma-decimal locale installed");
		return;
	}
	sim_row_add_double(row, "tput", 0.5, 3);
	setlocale(LC_NUMERIC, old);
	g_assert_cmpstr(sim_row_get(row, "tput")->str, ==, "0.500");
}

static void test_roundtrip(struct fixture *fx, gconstpointer data)
{
	g_autoptr(sim_row) row = sim_row_new();
	g_autoptr(sim_row) back = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GString) again = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	sim_row_add_u64(row, "rx_missed_errors", UINT64_MAX);
	sim_row_add_i64(row, "delta", -42);
	sim_row_add_double(row, "tput", 123.456789, 2);
	sim_row_add_bool(row, "conservation", true);
	sim_row_add_str(row, "ctx", "ksoftirqd/0");
	sim_row_add_str(row, "empty", "");
	sim_row_serialize(row, text);
	g_assert_cmpstr(text->str, ==,
			"rx_missed_errors\tu64\t18446744073709551615\n"
			"delta\ti64\t-42\n"
			"tput\tdouble\t123.46\n"
			"conservation\tbool\ttrue\n"
			"ctx\tstr\tksoftirqd/0\n"
			"empty\tstr\t\n");

	back = sim_row_parse(text->str, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(back->cols->len, ==, row->cols->len);
	for (guint i = 0; i < row->cols->len; i++) {
		const struct sim_col *a = row->cols->pdata[i];
		const struct sim_col *b = back->cols->pdata[i];

		g_assert_cmpstr(a->name, ==, b->name);
		g_assert_cmpint(a->type, ==, b->type);
		g_assert_cmpstr(a->str, ==, b->str);
	}
	g_assert_cmpuint(sim_row_get(back, "rx_missed_errors")->u64, ==,
			 UINT64_MAX);
	g_assert_cmpint(sim_row_get(back, "delta")->i64, ==, -42);
	g_assert_cmpfloat(sim_row_get(back, "tput")->dbl, ==, 123.46);
	g_assert_true(sim_row_get(back, "conservation")->b);

	sim_row_serialize(back, again);
	g_assert_cmpstr(again->str, ==, text->str);
}

static void test_parse_rejects(struct fixture *fx, gconstpointer data)
{
	static const char *const bad[] = {
		"a\tu64\tx\n",
		"a\tu64\t-1\n",
		"a\tu64\t18446744073709551616\n",
		"a\ti64\t1.5\n",
		"a\tdouble\t1,5\n",
		"a\tdouble\t\n",
		"a\tbool\tyes\n",
		"a\tweird\t1\n",
		"a\tu64\n",
		"just text\n",
		"a\tstr\tb\tc\n",
	};
	g_autoptr(sim_row) empty = NULL;
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_assert_null(sim_row_parse(bad[i], &error));
		g_assert_error(error, SIM_OUTPUT_ERROR,
			       SIM_OUTPUT_ERROR_PARSE);
		g_clear_error(&error);
	}
	empty = sim_row_parse("", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(empty->cols->len, ==, 0);
}

static void test_format_names(struct fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	enum sim_format f;

	g_assert_true(sim_format_from_string("table", &f, NULL));
	g_assert_cmpint(f, ==, SIM_FORMAT_TABLE);
	g_assert_true(sim_format_from_string("tsv", &f, NULL));
	g_assert_cmpint(f, ==, SIM_FORMAT_TSV);
	g_assert_true(sim_format_from_string("json", &f, NULL));
	g_assert_cmpint(f, ==, SIM_FORMAT_JSON);
	g_assert_false(sim_format_from_string("csv", &f, &error));
	g_assert_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_FORMAT);
}

/* ---------------------------------------------------------------- writers */

static void test_tsv_exact(struct fixture *fx, gconstpointer data)
{
	g_autofree char *text = write_and_read(fx, SIM_FORMAT_TSV, "r.tsv");

	g_assert_cmpstr(text, ==,
		"# scenario=olsson\n"
		"# description=e1000 table of 2004\n"
		"# seed=1\n"
		"psize\tpoll_ctx\ttput\tconservation\tdelta\n"
		"60\tsoftirq\t0.500\ttrue\t-3\n"
		"1496\tksoftirqd\t12.250\tfalse\t1000000\n");
}

static void test_table_alignment(struct fixture *fx, gconstpointer data)
{
	g_autofree char *text = write_and_read(fx, SIM_FORMAT_TABLE, "r.txt");

	/* numbers right-aligned, text left-aligned, no trailing blanks */
	g_assert_cmpstr(text, ==,
		"olsson: e1000 table of 2004\n"
		"psize  poll_ctx     tput  conservation    delta\n"
		"   60  softirq     0.500  true               -3\n"
		" 1496  ksoftirqd  12.250  false         1000000\n");
}

static void test_json_typed(struct fixture *fx, gconstpointer data)
{
	g_autofree char *text = write_and_read(fx, SIM_FORMAT_JSON, "r.json");
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonObject *root, *m, *p0, *p1;
	JsonArray *points;

	json_parser_load_from_data(parser, text, -1, &error);
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	m = json_object_get_object_member(root, "meta");
	g_assert_cmpstr(json_object_get_string_member(m, "scenario"), ==,
			"olsson");
	g_assert_cmpstr(json_object_get_string_member(m, "seed"), ==, "1");

	points = json_object_get_array_member(root, "points");
	g_assert_cmpuint(json_array_get_length(points), ==, 2);
	p0 = json_array_get_object_element(points, 0);
	p1 = json_array_get_object_element(points, 1);

	g_assert_true(json_node_get_value_type(
		json_object_get_member(p0, "psize")) == G_TYPE_INT64);
	g_assert_cmpint(json_object_get_int_member(p1, "psize"), ==, 1496);
	g_assert_true(json_node_get_value_type(
		json_object_get_member(p0, "tput")) == G_TYPE_DOUBLE);
	g_assert_cmpfloat(json_object_get_double_member(p1, "tput"), ==,
			  12.25);
	g_assert_true(json_node_get_value_type(
		json_object_get_member(p0, "conservation")) ==
		G_TYPE_BOOLEAN);
	g_assert_false(json_object_get_boolean_member(p1, "conservation"));
	g_assert_cmpstr(json_object_get_string_member(p1, "poll_ctx"), ==,
			"ksoftirqd");
	g_assert_cmpint(json_object_get_int_member(p0, "delta"), ==, -3);

	/* column order is kept */
	{
		g_autoptr(GList) names = json_object_get_members(p0);

		g_assert_cmpstr(names->data, ==, "psize");
		g_assert_cmpstr(g_list_last(names)->data, ==, "delta");
	}
}

/* A u64 above INT64_MAX and a NaN still make valid JSON. */
/*
 * A u64 above 2^63 is written digit for digit (json-glib's integers are
 * gint64, so they used to become doubles: seeds 2^64 - 1 and 2^64 - 2
 * printed the same); NaN is null; the text still parses.
 */
static void test_json_edge_values(struct fixture *fx, gconstpointer data)
{
	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_row_free);
	struct sim_row *row = sim_row_new();
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "e.json", NULL);
	g_autofree char *text = NULL;
	JsonObject *p0;

	sim_row_add_u64(row, "big", UINT64_MAX);
	sim_row_add_u64(row, "big2", UINT64_MAX - 1);
	sim_row_add_double(row, "nan", NAN, 2);
	sim_row_add_str(row, "s", "q\"b\\\x01");
	g_ptr_array_add(rows, row);
	g_assert_true(sim_output_write(rows, NULL, SIM_FORMAT_JSON, path,
				       &error));
	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	g_unlink(path);
	g_assert_nonnull(strstr(text, "\"big\" : 18446744073709551615,\n"));
	g_assert_nonnull(strstr(text, "\"big2\" : 18446744073709551614,\n"));
	g_assert_nonnull(strstr(text, "\"s\" : \"q\\\"b\\\\\\u0001\"\n"));
	json_parser_load_from_data(parser, text, -1, &error);
	g_assert_no_error(error);
	p0 = json_array_get_object_element(json_object_get_array_member(
		json_node_get_object(json_parser_get_root(parser)), "points"),
		0);
	g_assert_true(json_object_get_null_member(p0, "nan"));
	g_assert_cmpstr(json_object_get_string_member(p0, "s"), ==,
			"q\"b\\\x01");
}

/* ---------------------------------------------------------------- files */

static void test_unwritable(struct fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "missing", "r.tsv",
						 NULL);
	g_autofree char *listing = NULL;

	g_assert_false(sim_output_write(fx->rows, meta, SIM_FORMAT_TSV, path,
					&error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_assert_true(g_str_has_prefix(error->message, path));
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	listing = dir_listing(fx->dir);
	g_assert_cmpstr(listing, ==, "");
}

/* The rename fails at the very end: the temporary must not stay behind. */
static void test_failed_rename(struct fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "out", NULL);
	g_autofree char *inner = g_build_filename(path, "x", NULL);
	g_autofree char *listing = NULL;

	/* a non-empty directory cannot be replaced by a file */
	g_assert_cmpint(g_mkdir(path, 0700), ==, 0);
	g_assert_true(g_file_set_contents(inner, "", 0, NULL));
	g_assert_false(sim_output_write(fx->rows, meta, SIM_FORMAT_TSV, path,
					&error));
	g_assert_error(error, G_FILE_ERROR, error->code);
	g_assert_true(g_str_has_prefix(error->message, path));
	listing = dir_listing(fx->dir);
	g_assert_cmpstr(listing, ==, "out");
	g_unlink(inner);
	g_rmdir(path);
}

static void test_replaces_file(struct fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "r.tsv", NULL);
	g_autofree char *text = NULL;

	g_assert_true(g_file_set_contents(path, "old result\n", -1, NULL));
	g_assert_true(sim_output_write(fx->rows, NULL, SIM_FORMAT_TSV, path,
				       &error));
	g_assert_no_error(error);
	g_file_get_contents(path, &text, NULL, &error);
	g_assert_true(g_str_has_prefix(text, "psize\t"));
	g_unlink(path);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

#define ADD(path, fn) \
	g_test_add(path, struct fixture, NULL, setup, fn, teardown)
	ADD("/output/row/canonical-text-per-type", test_canonical_text);
	ADD("/output/row/text-does-not-depend-on-locale",
	    test_locale_independent);
	ADD("/output/row/serialize-parse-roundtrip", test_roundtrip);
	ADD("/output/row/parse-rejects-malformed-lines", test_parse_rejects);
	ADD("/output/format/names", test_format_names);
	ADD("/output/tsv/exact-text", test_tsv_exact);
	ADD("/output/table/numbers-right-text-left", test_table_alignment);
	ADD("/output/json/parses-back-with-typed-values", test_json_typed);
	ADD("/output/json/huge-u64-exact-nan-null-strings-escaped",
	    test_json_edge_values);
	ADD("/output/write/unwritable-path-fails-and-leaves-no-file",
	    test_unwritable);
	ADD("/output/write/failed-rename-leaves-no-temp-file",
	    test_failed_rename);
	ADD("/output/write/replaces-an-existing-file", test_replaces_file);
#undef ADD

	return g_test_run();
}
