/*
 * sim/config/row.h - result rows.
 *
 * One row per point: an ordered list of named columns.  Rows travel from
 * the child process that simulated a point to the parent as text
 * (sim_row_serialize / sim_row_parse), so every value has a fixed textual
 * form and golden files diff exactly.  Models add their counters to the
 * row of their point; sim/cli/output.h writes rows to files.
 */
#ifndef SIM_CONFIG_ROW_H
#define SIM_CONFIG_ROW_H

#include <stdint.h>
#include <stdbool.h>
#include <glib.h>

enum sim_col_type { SIM_COL_U64, SIM_COL_I64, SIM_COL_DOUBLE, SIM_COL_BOOL,
		    SIM_COL_STR };

struct sim_col {
	char *name;
	enum sim_col_type type;
	union {
		uint64_t u64;
		int64_t i64;
		double dbl;
		bool b;
	};
	char *str;	/* SIM_COL_STR; also the canonical text of every value */
};

struct sim_row {
	GPtrArray *cols;	/* struct sim_col * */
};

struct sim_row *sim_row_new(void);
void sim_row_free(struct sim_row *row);
void sim_row_add_u64(struct sim_row *row, const char *name, uint64_t v);
void sim_row_add_i64(struct sim_row *row, const char *name, int64_t v);
/* doubles are printed with %.*f at @decimals so golden files are stable */
void sim_row_add_double(struct sim_row *row, const char *name, double v,
			int decimals);
void sim_row_add_bool(struct sim_row *row, const char *name, bool v);
void sim_row_add_str(struct sim_row *row, const char *name, const char *v);
/**
 * sim_row_move() - move the column called @name from @src to the end of
 * @dst.  Return: 1 if it was there, else 0.
 */
guint sim_row_move(struct sim_row *dst, struct sim_row *src,
		   const char *name);
/** sim_row_move_all() - move every column of @src to the end of @dst. */
void sim_row_move_all(struct sim_row *dst, struct sim_row *src);
/** sim_row_get() - the column called @name, or NULL. */
const struct sim_col *sim_row_get(const struct sim_row *row, const char *name);

/**
 * sim_row_select() - keep only the columns named in @names, in that order.
 * Return: FALSE (SIM_OUTPUT_ERROR_COLUMN, naming the column and listing
 * the row's columns) if a name is not a column or is named twice; @row
 * is then unchanged.
 */
gboolean sim_row_select(struct sim_row *row, const char *const *names,
			GError **error);

/** sim_row_serialize() - append "name\ttype\ttext\n" per column to @out. */
void sim_row_serialize(const struct sim_row *row, GString *out);
/** sim_row_parse() - inverse of sim_row_serialize(). */
struct sim_row *sim_row_parse(const char *text, GError **error);

#define SIM_OUTPUT_ERROR (sim_output_error_quark())
GQuark sim_output_error_quark(void);
enum sim_output_error {
	SIM_OUTPUT_ERROR_PARSE,		/* sim_row_parse(): malformed text */
	SIM_OUTPUT_ERROR_FORMAT,	/* unknown format name */
	SIM_OUTPUT_ERROR_COLUMN,	/* sim_row_select(): no such column, or twice */
};

/**
 * sim_clean_text() - a copy of @s (NULL: "") with tabs and line breaks
 * turned into spaces, which would break the TSV and the pipe format.
 */
char *sim_clean_text(const char *s);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_row sim_row;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_row, sim_row_free)

#endif /* SIM_CONFIG_ROW_H */
