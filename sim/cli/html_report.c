/*
 * sim/cli/html_report.c - one HTML page that sums up a sweep or a result file;
 * see sim/cli/html_report.h.
 *
 * The page is self-contained: style inline, plots embedded as data: URIs,
 * no script and nothing fetched, so it can be mailed or attached to a
 * ticket as one file.  Everything on it comes from the sweep directory
 * (sweep.ini, points.tsv, plots/) or the result file and what the other
 * commands compute from it (default plots, compare).
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/cli/html_report.h"
#include "sim/cli/compare.h"
#include "sim/cli/output.h"
#include "sim/cli/plot.h"
#include "sim/cli/tsv.h"
#include "sim/config/columns.h"

/* ---------------------------------------------------------------- html */

static void esc(GString *out, const char *s)
{
	for (const char *c = s ? s : ""; *c; c++) {
		switch (*c) {
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		default:
			g_string_append_c(out, *c);
		}
	}
}

/* <tag>text</tag>, the text escaped. */
static void element(GString *out, const char *tag, const char *text)
{
	g_string_append_printf(out, "<%s>", tag);
	esc(out, text);
	g_string_append_printf(out, "</%s>\n", tag);
}

static gboolean is_number(const char *s)
{
	char *end;

	if (!*s)
		return FALSE;
	g_ascii_strtod(s, &end);
	return !*end;
}

static const char style[] =
	"body{font-family:system-ui,sans-serif;max-width:1200px;"
	"margin:2em auto;padding:0 1em;color:#222;line-height:1.4}"
	"h1{margin-bottom:0}p.what{margin-top:.2em;color:#555}"
	"table{border-collapse:collapse;font-size:13px;margin:.5em 0}"
	"th,td{border:1px solid #ccc;padding:2px 6px;white-space:nowrap}"
	"th{background:#eef;text-align:left}td.n{text-align:right;"
	"font-variant-numeric:tabular-nums}div.wide{overflow-x:auto}"
	"figure{margin:1em 0}img{max-width:100%;border:1px solid #ddd}"
	"figcaption{color:#555;font-size:90%}"
	"pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:12px}"
	"footer{margin-top:3em;color:#777;font-size:85%}";

/* A table of @t's rows, only the columns @cols (indices). */
static void html_table(GString *out, const struct sim_tsv *t, GArray *cols)
{
	g_string_append(out, "<div class=\"wide\"><table>\n<tr>");
	for (guint k = 0; k < cols->len; k++) {
		g_string_append(out, "<th>");
		esc(out, t->names->pdata[g_array_index(cols, int, k)]);
		g_string_append(out, "</th>");
	}
	g_string_append(out, "</tr>\n");
	for (guint r = 0; r < t->rows->len; r++) {
		char **row = t->rows->pdata[r];

		g_string_append(out, "<tr>");
		for (guint k = 0; k < cols->len; k++) {
			const char *v = row[g_array_index(cols, int, k)];

			g_string_append(out, is_number(v) ? "<td class=\"n\">"
							  : "<td>");
			esc(out, v);
			g_string_append(out, "</td>");
		}
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table></div>\n");
}

/* ---------------------------------------------------------------- parts */

/* The key columns, and the values each took. */
static void what_varied(GString *out, const struct sim_tsv *t)
{
	gboolean any = FALSE;

	g_string_append(out, "<table>\n<tr><th>key</th><th>values</th>"
			"</tr>\n");
	for (guint c = 0; c < t->names->len; c++) {
		g_autoptr(GPtrArray) seen = g_ptr_array_new();
		g_autofree char *joined = NULL;

		if (!sim_column_is_key(t->names->pdata[c]))
			continue;
		any = TRUE;
		for (guint r = 0; r < t->rows->len; r++) {
			char *v = ((char **)t->rows->pdata[r])[c];

			if (!g_ptr_array_find_with_equal_func(seen, v,
							      g_str_equal,
							      NULL))
				g_ptr_array_add(seen, v);
		}
		g_ptr_array_add(seen, NULL);
		joined = g_strjoinv(", ", (char **)seen->pdata);
		g_string_append(out, "<tr><td>");
		esc(out, t->names->pdata[c]);
		g_string_append(out, "</td><td>");
		esc(out, joined);
		g_string_append(out, "</td></tr>\n");
	}
	g_string_append(out, "</table>\n");
	if (!any)
		element(out, "p", "Nothing varied: one point.");
}

/* How the sweep was made (DIR/sweep.ini), or the file's metadata. */
static void provenance(GString *out, const char *input,
		       const struct sim_tsv *t)
{
	g_autofree char *ini = g_build_filename(input, "sweep.ini", NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	static const char *const keys[] = {
		"command", "file", "mode", "points", "version", "revision",
		"started",
	};

	g_string_append(out, "<table>\n");
	if (g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, NULL)) {
		for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
			g_autofree char *v = g_key_file_get_string(
				kf, "sweep", keys[i], NULL);

			if (!v)
				continue;
			g_string_append_printf(out, "<tr><th>%s</th><td>",
					       keys[i]);
			esc(out, v);
			g_string_append(out, "</td></tr>\n");
		}
	} else {
		for (guint i = 0; i + 1 < t->meta->len; i += 2) {
			g_string_append(out, "<tr><th>");
			esc(out, t->meta->pdata[i]);
			g_string_append(out, "</th><td>");
			esc(out, t->meta->pdata[i + 1]);
			g_string_append(out, "</td></tr>\n");
		}
	}
	g_string_append(out, "</table>\n");
}

static int cmp_plots(gconstpointer a, gconstpointer b)
{
	/* the default plots first, in the order the sweep draws them */
	static const char *const first[] = {
		"livelock.png", "interrupts.png", "latency.png", "cpu.png",
	};
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int ix = G_N_ELEMENTS(first), iy = G_N_ELEMENTS(first);

	for (guint i = 0; i < G_N_ELEMENTS(first); i++) {
		if (g_str_has_suffix(x, first[i]))
			ix = MIN(ix, (int)i);
		if (g_str_has_suffix(y, first[i]))
			iy = MIN(iy, (int)i);
	}
	return ix != iy ? ix - iy : strcmp(x, y);
}

/* The PNGs of @dir whose names start with @prefix, in order. */
static GPtrArray *find_plots(const char *dir, const char *prefix)
{
	GPtrArray *plots = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".png") &&
		    g_str_has_prefix(name, prefix ? prefix : ""))
			g_ptr_array_add(plots, g_build_filename(dir, name,
								NULL));
	g_ptr_array_sort(plots, cmp_plots);
	return plots;
}

/*
 * The plots: what DIR/plots holds (or FILE-*.png beside a file), after
 * drawing the default plots if there were none.
 */
static void plots(GString *out, const char *input)
{
	gboolean is_dir = g_file_test(input, G_FILE_TEST_IS_DIR);
	g_autofree char *dir = is_dir ? g_build_filename(input, "plots", NULL)
				      : g_path_get_dirname(input);
	g_autofree char *base = is_dir ? NULL : g_path_get_basename(input);
	g_autofree char *prefix = NULL;
	g_autoptr(GPtrArray) found = NULL;

	if (base) {
		char *dot = strrchr(base, '.');

		if (dot && dot != base)
			*dot = '\0';
		prefix = g_strdup_printf("%s-", base);
	}
	found = find_plots(dir, prefix);
	if (!found->len) {
		g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func(
			g_free);
		g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func(
			g_free);
		g_autoptr(GError) error = NULL;

		if (!sim_plot_defaults(input, NULL, written, skipped,
				       &error)) {
			element(out, "p", error->message);
			return;
		}
		g_ptr_array_unref(found);
		found = find_plots(dir, prefix);
	}
	if (!found->len)
		element(out, "p", "No plots: nothing varies to plot against.");
	for (guint i = 0; i < found->len; i++) {
		g_autofree char *data = NULL;
		g_autofree char *b64 = NULL;
		g_autofree char *name = g_path_get_basename(found->pdata[i]);
		gsize len;

		if (!g_file_get_contents(found->pdata[i], &data, &len, NULL))
			continue;
		b64 = g_base64_encode((const guchar *)data, len);
		g_string_append(out, "<figure><img alt=\"");
		esc(out, name);
		g_string_append_printf(out, "\" src=\"data:image/png;base64,"
				       "%s\"><figcaption>", b64);
		esc(out, name);
		g_string_append(out, "</figcaption></figure>\n");
	}
}

/* The varied keys and the terminal's default columns, in table order. */
static GArray *main_columns(const struct sim_tsv *t)
{
	GArray *cols = g_array_new(FALSE, FALSE, sizeof(int));

	for (guint c = 0; c < t->names->len; c++) {
		const char *name = t->names->pdata[c];
		const struct sim_column *d = sim_column_find(name, NULL);

		if (sim_column_is_key(name) || (d && d->terminal))
			g_array_append_val(cols, (int) { c });
	}
	return cols;
}

static void results(GString *out, const struct sim_tsv *t)
{
	g_autoptr(GArray) cols = main_columns(t);
	g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(int));

	html_table(out, t, cols);
	for (guint c = 0; c < t->names->len; c++)
		g_array_append_val(all, (int) { c });
	g_string_append_printf(out, "<details><summary>Every column (%u; "
			       "doc/columns.md says what each means)"
			       "</summary>\n", t->names->len);
	html_table(out, t, all);
	g_string_append(out, "</details>\n");
}

/* compare BASE INPUT, or compare --policies INPUT. */
static gboolean verdicts(GString *out, const struct sim_tsv *t,
			 const struct sim_report_opts *opt, GError **error)
{
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	if (!opt->base) {
		element(out, "h2", "Which configuration wins");
		if (!sim_compare_policies(t, NULL, text, &err)) {
			element(out, "p", err->message);
			return TRUE;
		}
		element(out, "pre", text->str);
		return TRUE;
	}
	{
		g_autoptr(sim_tsv) base = sim_tsv_read(opt->base, error);
		g_autoptr(sim_compare) cmp = sim_compare_new();
		g_autofree char *title = g_strdup_printf("Compared with %s",
							 opt->base);

		if (!base)
			return FALSE;
		if (opt->tolerance &&
		    !sim_compare_add_tolerance(cmp, opt->tolerance, error))
			return FALSE;
		cmp->only_regressions = !cmp->exact;
		if (!sim_compare_tables(cmp, base, t, error))
			return FALSE;
		element(out, "h2", title);
		for (guint i = 0; i < cmp->warnings->len; i++)
			element(out, "p", cmp->warnings->pdata[i]);
		sim_compare_report(cmp, text);
		element(out, "pre", text->str);
	}
	return TRUE;
}

/* ---------------------------------------------------------------- report */

/**
 * sim_report_write() - write the HTML summary of a sweep or result file.
 * @input: a sweep directory or a result file
 * @opt: options
 * @written: set to the file written (free with g_free())
 * @error: SIM_TSV_ERROR, SIM_COMPARE_ERROR, G_FILE_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_report_write(const char *input, const struct sim_report_opts *opt,
			  char **written, GError **error)
{
	g_autoptr(sim_tsv) t = sim_tsv_read(input, error);
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree char *path = NULL;
	const char *scenario, *desc;

	if (!t)
		return FALSE;
	scenario = sim_tsv_meta(t, "scenario");
	desc = sim_tsv_meta(t, "description");
	if (opt->out) {
		path = g_strdup(opt->out);
	} else if (g_file_test(input, G_FILE_TEST_IS_DIR)) {
		path = g_build_filename(input, "report.html", NULL);
	} else {
		g_autofree char *stem = g_strdup(input);
		char *dot = strrchr(stem, '.');

		if (dot && !strchr(dot, '/'))
			*dot = '\0';
		path = g_strdup_printf("%s-report.html", stem);
	}

	g_string_append(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			"<meta charset=\"utf-8\">\n<title>napisim: ");
	esc(out, scenario ? scenario : input);
	g_string_append_printf(out, "</title>\n<style>%s</style></head>"
			       "<body>\n", style);
	element(out, "h1", scenario ? scenario : input);
	g_string_append(out, "<p class=\"what\">");
	esc(out, desc ? desc : "");
	g_string_append(out, "</p>\n");
	element(out, "h2", "What varied");
	what_varied(out, t);
	provenance(out, input, t);
	element(out, "h2", "Plots");
	plots(out, input);
	element(out, "h2", "Results");
	results(out, t);
	if (!verdicts(out, t, opt, error))
		return FALSE;
	g_string_append(out, "<footer>");
	{
		g_autofree char *foot = g_strdup_printf(
			"Made by napisim %s from %s (%u points).",
			PACKAGE_VERSION, input, t->rows->len);

		esc(out, foot);
	}
	g_string_append(out, "</footer>\n</body></html>\n");
	if (!sim_write_file(path, out->str, out->len, error))
		return FALSE;
	*written = g_steal_pointer(&path);
	return TRUE;
}
