/*
 * sim/cli/html_report.h - `napisim report`: one self-contained HTML page that
 * sums up a sweep directory or a result file: what varied and how the
 * sweep was made, its plots (embedded), its main columns (and every
 * column, folded), and the verdicts of compare --policies, or of a
 * comparison with a base.
 */
#ifndef SIM_CLI_HTML_REPORT_H
#define SIM_CLI_HTML_REPORT_H

#include <glib.h>

/**
 * struct sim_report_opts - what to report (not the struct sim_report of
 * sim/config/report.h, a simulated point's results).
 * @base: compare the input against this result (file or sweep); NULL:
 *	show which configuration wins instead (compare --policies)
 * @tolerance: --tolerance for the comparison with @base, or NULL (exact)
 * @out: the HTML file; NULL: DIR/report.html, or FILE-report.html
 *	beside a result file FILE.tsv
 */
struct sim_report_opts {
	const char *base;
	const char *tolerance;
	const char *out;
};

/**
 * sim_report_write() - write the HTML summary of a sweep or result file,
 * drawing the default plots first if there are none.
 * @input: a sweep directory or a result file
 * @opt: options
 * @written: set to the file written (free with g_free())
 * @error: SIM_TSV_ERROR, SIM_COMPARE_ERROR, G_FILE_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_report_write(const char *input, const struct sim_report_opts *opt,
			  char **written, GError **error);

#endif /* SIM_CLI_HTML_REPORT_H */
