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
#include "sim/config/report.h"

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

static void setup(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;

	fx->dir = g_dir_make_tmp("napisim-output-XXXXXX", &error);
	g_assert_no_error(error);
	fx->rows = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_row_free);
	add_row(fx->rows, 60, "softirq", 0.5, true, -3);
	add_row(fx->rows, 1496, "ksoftirqd", 12.25, false, 1000000);
}

static void teardown(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
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

	g_autofree char *want = format == SIM_FORMAT_TSV ?
		g_strdup_printf("%s %s.meta", name, name) : g_strdup(name);

	g_assert_true(sim_output_write(fx->rows, meta, format, path, &error));
	g_assert_no_error(error);
	/* the temporary file is gone: only the result (and for TSV its
	 * metadata) is left */
	listing = dir_listing(fx->dir);
	g_assert_cmpstr(listing, ==, want);
	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	g_unlink(path);
	return text;
}

/* ---------------------------------------------------------------- rows */

static void test_canonical_text(struct fixture *fx G_GNUC_UNUSED,
				gconstpointer data G_GNUC_UNUSED)
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
static void test_locale_independent(struct fixture *fx G_GNUC_UNUSED,
				    gconstpointer data G_GNUC_UNUSED)
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

static void test_roundtrip(struct fixture *fx G_GNUC_UNUSED,
			   gconstpointer data G_GNUC_UNUSED)
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

static void test_parse_rejects(struct fixture *fx G_GNUC_UNUSED,
			       gconstpointer data G_GNUC_UNUSED)
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

/* A point's detail tables cross the pipe with their row, typed. */
static void test_report_roundtrip(struct fixture *fx G_GNUC_UNUSED,
				  gconstpointer data G_GNUC_UNUSED)
{
	struct sim_report *r = sim_report_new();
	struct sim_report *back;
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GString) again = g_string_new(NULL);
	g_autoptr(GString) row_only = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	static const char *const bad[] = {
		"tput\tu64\t1\n@cpu\nhardirq_ps\tu64\t5\n",
		"tput\tu64\t1\n@cpu\nid\tu64\t0\n",
		"tput\tu64\t1\n@cpu\nid\tstr\t0\nx\tu64\tno\n",
		"tput\tu64\t1\n@cpu\n",
	};

	sim_row_add_u64(r->row, "tput", 200000);
	sim_row_add_double(r->row, "cpu_busy_pct", 12.5, 2);
	sim_row_add_u64(sim_report_object(r, "cpu", "0"), "hardirq_ps", 7);
	sim_row_add_u64(sim_report_object(r, "cpu", "1"), "hardirq_ps", 9);
	sim_row_add_str(sim_report_object(r, "napi", "1"), "dev", "eth0");
	sim_row_add_u64(sim_report_object(r, "cpu", "0"), "ipis", 3);
	sim_report_serialize(r, text);
	g_assert_cmpstr(text->str, ==,
			"tput\tu64\t200000\n"
			"cpu_busy_pct\tdouble\t12.50\n"
			"@cpu\nid\tstr\t0\nhardirq_ps\tu64\t7\nipis\tu64\t3\n"
			"@cpu\nid\tstr\t1\nhardirq_ps\tu64\t9\n"
			"@napi\nid\tstr\t1\ndev\tstr\teth0\n");
	back = sim_report_parse(text->str, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(back->row->cols->len, ==, 2);
	g_assert_cmpuint(back->tables->len, ==, 2);
	g_assert_cmpuint(sim_report_u64(back, "cpu", "0", "ipis"), ==, 3);
	g_assert_cmpuint(sim_report_u64(back, "cpu", "1", "hardirq_ps"), ==,
			 9);
	g_assert_cmpstr(sim_report_get(back, "napi", "1", "dev")->str, ==,
			"eth0");
	sim_report_serialize(back, again);
	g_assert_cmpstr(again->str, ==, text->str);
	sim_report_free(back);

	/* without tables it is the row's text, both ways */
	sim_row_serialize(r->row, row_only);
	back = sim_report_parse(row_only->str, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(back->row->cols->len, ==, 2);
	g_assert_cmpuint(back->tables->len, ==, 0);
	sim_report_free(back);
	sim_report_free(r);

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_assert_null(sim_report_parse(bad[i], &error));
		g_assert_error(error, SIM_OUTPUT_ERROR,
			       SIM_OUTPUT_ERROR_PARSE);
		g_test_message("%s", error->message);
		g_assert_nonnull(strstr(error->message, "line 3 (@cpu)"));
		g_clear_error(&error);
	}
}

/* Two points' detail: a queue table whose rows differ, a cpu table. */
static GPtrArray *detail_points(void)
{
	GPtrArray *points = g_ptr_array_new_with_free_func(
		(GDestroyNotify)sim_report_free);

	for (guint p = 0; p < 2; p++) {
		struct sim_report *r = sim_report_new();
		struct sim_row *d;

		sim_row_add_u64(r->row, "point", p);
		sim_row_add_u64(r->row, "traffic.rate_pps", 1000 * (p + 1));
		for (guint c = 0; c < 2; c++) {
			g_autofree char *id = g_strdup_printf("%u", c);

			d = sim_report_object(r, "cpu", id);
			sim_row_add_u64(d, "ipis", 10 * p + c);
		}
		d = sim_report_object(r, "queue", "eth0-rx0");
		sim_row_add_u64(d, "packets", 5 + p);
		sim_row_add_u64(d, "rx_missed_errors", p);
		d = sim_report_object(r, "queue", "eth0-tx0");
		sim_row_add_u64(d, "packets", 7);
		sim_row_add_u64(d, "tx_dropped", 0);
		sim_row_add_str(sim_report_object(r, "napi", "1"), "dev",
				"eth\t0");
		g_ptr_array_add(points, r);
	}
	return points;
}

static void test_detail_tsv(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GPtrArray) points = detail_points();
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "d.tsv", NULL);
	g_autofree char *mpath = sim_meta_path(path);
	g_autofree char *text = NULL;

	g_assert_true(sim_detail_write(points, meta, SIM_FORMAT_TSV, path,
				       &error));
	g_assert_no_error(error);
	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	/* a TX queue's tx_dropped after the packets they share */
	g_assert_cmpstr(text, ==,
		"table\tpoint\ttraffic.rate_pps\tid\tipis\n"
		"cpu\t0\t1000\t0\t0\n"
		"cpu\t0\t1000\t1\t1\n"
		"cpu\t1\t2000\t0\t10\n"
		"cpu\t1\t2000\t1\t11\n"
		"\n"
		"table\tpoint\ttraffic.rate_pps\tid\tpackets\ttx_dropped\trx_missed_errors\n"
		"queue\t0\t1000\teth0-rx0\t5\t\t0\n"
		"queue\t0\t1000\teth0-tx0\t7\t0\t\n"
		"queue\t1\t2000\teth0-rx0\t6\t\t1\n"
		"queue\t1\t2000\teth0-tx0\t7\t0\t\n"
		"\n"
		"table\tpoint\ttraffic.rate_pps\tid\tdev\n"
		"napi\t0\t1000\t1\teth 0\n"
		"napi\t1\t2000\t1\teth 0\n");
	g_assert_true(g_file_test(mpath, G_FILE_TEST_IS_REGULAR));
	g_unlink(mpath);
	g_unlink(path);
}

static void test_detail_json(struct fixture *fx,
			     gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GPtrArray) points = detail_points();
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "d.json", NULL);
	g_autofree char *mpath = sim_meta_path(path);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *root, *p1, *tables;
	JsonArray *pts, *queue;

	g_assert_true(sim_detail_write(points, meta, SIM_FORMAT_JSON, path,
				       &error));
	g_assert_no_error(error);
	/* JSON carries its metadata inside */
	g_assert_false(g_file_test(mpath, G_FILE_TEST_EXISTS));
	json_parser_load_from_file(parser, path, &error);
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpstr(json_object_get_string_member(
		json_object_get_object_member(root, "meta"), "scenario"), ==,
		"olsson");
	pts = json_object_get_array_member(root, "points");
	g_assert_cmpuint(json_array_get_length(pts), ==, 2);
	p1 = json_array_get_object_element(pts, 1);
	g_assert_cmpint(json_object_get_int_member(p1, "point"), ==, 1);
	g_assert_cmpint(json_object_get_int_member(p1, "traffic.rate_pps"),
			==, 2000);
	tables = json_object_get_object_member(p1, "tables");
	g_assert_cmpuint(json_object_get_size(tables), ==, 3);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
		tables, "cpu")), ==, 2);
	queue = json_object_get_array_member(tables, "queue");
	g_assert_cmpuint(json_array_get_length(queue), ==, 2);
	/* each row has its own columns only */
	g_assert_false(json_object_has_member(
		json_array_get_object_element(queue, 1), "rx_missed_errors"));
	g_assert_cmpint(json_object_get_int_member(
		json_array_get_object_element(queue, 0), "rx_missed_errors"),
		==, 1);
	g_assert_cmpstr(json_object_get_string_member(
		json_array_get_object_element(queue, 1), "id"), ==,
		"eth0-tx0");
	g_unlink(path);
}

static void test_detail_unwritable(struct fixture *fx,
				   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GPtrArray) points = detail_points();
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(fx->dir, "missing", "d.tsv",
						 NULL);
	g_autofree char *listing = NULL;

	g_assert_false(sim_detail_write(points, meta, SIM_FORMAT_TSV, path,
					&error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_assert_true(g_str_has_prefix(error->message, path));
	listing = dir_listing(fx->dir);
	g_assert_cmpstr(listing, ==, "");
}

static void test_format_names(struct fixture *fx G_GNUC_UNUSED,
			      gconstpointer data G_GNUC_UNUSED)
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

/* Plain TSV any CSV reader takes; the metadata in r.tsv.meta beside it. */
static void test_tsv_exact(struct fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *text = write_and_read(fx, SIM_FORMAT_TSV, "r.tsv");
	g_autofree char *meta_file = g_build_filename(fx->dir, "r.tsv.meta",
						      NULL);
	g_autofree char *meta_text = NULL;

	g_assert_cmpstr(text, ==,
		"psize\tpoll_ctx\ttput\tconservation\tdelta\n"
		"60\tsoftirq\t0.500\ttrue\t-3\n"
		"1496\tksoftirqd\t12.250\tfalse\t1000000\n");
	g_assert_true(g_file_get_contents(meta_file, &meta_text, NULL, NULL));
	g_assert_cmpstr(meta_text, ==,
		"[result]\n"
		"scenario=olsson\n"
		"description=e1000 table of 2004\n"
		"seed=1\n");
	g_unlink(meta_file);
}

static void test_table_alignment(struct fixture *fx,
				 gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *text = write_and_read(fx, SIM_FORMAT_TABLE, "r.txt");

	/* numbers right-aligned, text left-aligned, no trailing blanks */
	g_assert_cmpstr(text, ==,
		"olsson: e1000 table of 2004\n"
		"psize  poll_ctx     tput  conservation    delta\n"
		"   60  softirq     0.500  true               -3\n"
		" 1496  ksoftirqd  12.250  false         1000000\n");
}

static void test_json_typed(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
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
	/* a seed is a number */
	g_assert_true(json_node_get_value_type(
		json_object_get_member(m, "seed")) == G_TYPE_INT64);
	g_assert_cmpint(json_object_get_int_member(m, "seed"), ==, 1);
	/* numbers as the row prints them, not as %.17g */
	g_assert_nonnull(strstr(text, "\"tput\": 12.250,"));

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

/*
 * A u64 above 2^63 is written digit for digit (json-glib's integers are
 * gint64, so they used to become doubles: seeds 2^64 - 1 and 2^64 - 2
 * printed the same); NaN is null; a double is its row's text; the text
 * still parses.
 */
static void test_json_edge_values(struct fixture *fx,
				  gconstpointer data G_GNUC_UNUSED)
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
	sim_row_add_double(row, "pct", 2.78, 2);
	sim_row_add_str(row, "quoted", "a \"b\"\\c\x01");
	sim_row_add_str(row, "s", "q\"b\\\x01\xff");
	g_ptr_array_add(rows, row);
	g_assert_true(sim_output_write(rows, NULL, SIM_FORMAT_JSON, path,
				       &error));
	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	g_unlink(path);
	g_assert_nonnull(strstr(text, "\"big\": 18446744073709551615,\n"));
	g_assert_nonnull(strstr(text, "\"big2\": 18446744073709551614,\n"));
	/* 2.78 is 2.7799999999999998 as %.17g */
	g_assert_nonnull(strstr(text, "\"pct\": 2.78,\n"));
	/* invalid UTF-8 becomes U+FFFD */
	g_assert_nonnull(strstr(text, "\"s\": \"q\\\"b\\\\\\u0001"
				"\xef\xbf\xbd\"\n"));
	json_parser_load_from_data(parser, text, -1, &error);
	g_assert_no_error(error);
	p0 = json_array_get_object_element(json_object_get_array_member(
		json_node_get_object(json_parser_get_root(parser)), "points"),
		0);
	g_assert_true(json_object_get_null_member(p0, "nan"));
	g_assert_cmpstr(json_object_get_string_member(p0, "quoted"), ==,
			"a \"b\"\\c\x01");
}

/* ---------------------------------------------------------------- files */

static void test_unwritable(struct fixture *fx,
			    gconstpointer data G_GNUC_UNUSED)
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
static void test_failed_rename(struct fixture *fx,
			       gconstpointer data G_GNUC_UNUSED)
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

static void test_replaces_file(struct fixture *fx,
			       gconstpointer data G_GNUC_UNUSED)
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
	ADD("/output/report/serialize-parse-roundtrip-with-tables",
	    test_report_roundtrip);
	ADD("/output/detail/tsv-sections-exact-text", test_detail_tsv);
	ADD("/output/detail/json-points-with-tables", test_detail_json);
	ADD("/output/detail/unwritable-path-leaves-no-file",
	    test_detail_unwritable);
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
