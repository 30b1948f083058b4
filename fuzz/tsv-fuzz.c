/*
 * fuzz/tsv-fuzz.c - fuzz the result-file reader and compare.
 *
 * An input is one result file, or two (BASE, form feed, NEW).  What must
 * hold, or the harness aborts:
 *   - a file that does not read fails with one line, never a crash;
 *   - what sim_tsv_format() writes of a table (its names and cells)
 *     reads back the same;
 *   - compare, exact and with a tolerance, and compare --policies either
 *     give one-line errors or a report; a table compared with itself has
 *     no change;
 *   - every change has a verdict, and in exact mode every change fails.
 * The seeds are results/golden/ (real results) and fuzz/corpus/tsv.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "fuzz/fuzz.h"
#include "sim/cli/compare.h"
#include "sim/cli/tsv.h"

#define FUZZ_MAX_INPUT 65536

const char *const fuzz_replay_dirs[] = {
	"results/golden", "fuzz/corpus/tsv", "fuzz/crashes/tsv", NULL,
};

/**
 * LLVMFuzzerInitialize() - nothing to set up.
 * @argc: unused
 * @argv: unused
 *
 * Return: 0.
 */
int LLVMFuzzerInitialize(int *argc G_GNUC_UNUSED,
			 char ***argv G_GNUC_UNUSED)
{
	return 0;
}

static void check_same(const char *a, const char *b, const char *what)
{
	fuzz_assert(strcmp(a, b) == 0, what);
}

/*
 * sim_tsv_format() of @t reads back as @t: its names and cells (the
 * metadata is not in the text: it goes to PATH.meta beside a file).
 */
static void check_format(const struct sim_tsv *t)
{
	g_autofree char *text = sim_tsv_format(t);
	g_autoptr(GError) error = NULL;
	g_autoptr(sim_tsv) back = sim_tsv_parse(text, "formatted", &error);

	fuzz_assert(back, error ? error->message : "formatted table");
	fuzz_assert(back->names->len == t->names->len, "column count");
	fuzz_assert(back->rows->len == t->rows->len, "row count");
	fuzz_assert(back->meta->len == 0, "metadata in the formatted text");
	for (guint c = 0; c < t->names->len; c++)
		check_same(t->names->pdata[c], back->names->pdata[c], "name");
	for (guint r = 0; r < t->rows->len; r++)
		for (guint c = 0; c < t->names->len; c++)
			check_same(((char **)t->rows->pdata[r])[c],
				   ((char **)back->rows->pdata[r])[c], "cell");
}

/* Compare @new against @base, exact and then with @tolerance. */
static void compare(const struct sim_tsv *base, const struct sim_tsv *new,
		    const char *tolerance)
{
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	if (tolerance)
		fuzz_assert(sim_compare_add_tolerance(cmp, tolerance, &error),
			    tolerance);
	if (!sim_compare_tables(cmp, base, new, &error)) {
		fuzz_check_error(error);
		return;
	}
	sim_compare_report(cmp, out);
	fuzz_assert(out->len, "empty report");
	if (base == new)
		fuzz_assert(!cmp->changes->len, "a table differs from itself");
	for (guint i = 0; i < cmp->changes->len; i++) {
		const struct sim_change *c = cmp->changes->pdata[i];

		fuzz_assert(c->verdict <= SIM_VERDICT_NOT_NUMBER, "verdict");
		fuzz_assert(!cmp->exact || c->fails, "exact change passes");
	}
}

static struct sim_tsv *read_table(guint slot, const uint8_t *data,
				  size_t size)
{
	g_autoptr(GError) error = NULL;
	struct sim_tsv *t = sim_tsv_read(fuzz_file(slot, data, size), &error);

	if (!t)
		fuzz_check_error(error);
	return t;
}

/**
 * LLVMFuzzerTestOneInput() - read, format, compare.
 * @data: a result file, or BASE '\f' NEW
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *ff = memchr(data, '\f', size);
	size_t base_size = ff ? (size_t)(ff - data) : size;
	g_autoptr(sim_tsv) base = NULL;
	g_autoptr(sim_tsv) new = NULL;
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	base = read_table(0, data, base_size);
	if (!base)
		return 0;
	check_format(base);
	compare(base, base, NULL);
	compare(base, base, "default=5%");
	if (!sim_compare_policies(base, NULL, out, &error))
		fuzz_check_error(error);
	if (!ff)
		return 0;
	new = read_table(1, ff + 1, size - base_size - 1);
	if (!new)
		return 0;
	compare(base, new, NULL);
	compare(base, new, "default=5%,latency_*=10%");
	return 0;
}
