/*
 * sim/config/columns.h - every output column, declared once.
 *
 * One table says, for each column a point's row can hold, its name, type,
 * unit, which way is better, what it means and which source file counts
 * it.  The commands read it: the terminal table shows its default set,
 * `napisim compare` judges changes by its directions, `napisim plot`
 * labels axes with its units, and doc/columns.md is generated from it
 * (`napisim --dump-columns`, scripts/gen-columns).  The models write their
 * counters under these names, in this order.
 *
 * Key columns (the varied scenario keys, named "group.key") are not in
 * the table: the params tables (sim/config/param.h) declare them.
 */
#ifndef SIM_CONFIG_COLUMNS_H
#define SIM_CONFIG_COLUMNS_H

#include <glib.h>

#include "sim/config/row.h"

struct sim_model_ops;
struct sim_param;

/** enum sim_column_dir - which way a column's value is better. */
enum sim_column_dir {
	SIM_COLUMN_NEITHER,		/* an input, a shape, or load-driven */
	SIM_COLUMN_HIGHER_BETTER,	/* tput, delivered; true over false */
	SIM_COLUMN_LOWER_BETTER,	/* drops, latency, interrupts, CPU */
};

/* struct sim_column.flags */
enum {
	/* how the run went, not what it simulated (batch and reference
	 * mode differ here by design) */
	SIM_COLUMN_DIAGNOSTIC = 1 << 0,
	/* differs from run to run: never compared */
	SIM_COLUMN_VOLATILE = 1 << 1,
	/* compare --policies ranks the configurations on it */
	SIM_COLUMN_RANK = 1 << 2,
	/* a cost that grows with the work done: compare --policies ranks it
	 * per delivered frame (per-CPU busy shares are summed into one CPU
	 * time per frame) */
	SIM_COLUMN_COST = 1 << 3,
};

/**
 * struct sim_column - one output column.
 * @name: the name, or for a per-CPU column a pattern in which "%u" stands
 *	for the CPU number ("cpu%u_softirq_pct")
 * @type: the type its cells have
 * @decimals: SIM_COL_DOUBLE: digits after the decimal point
 * @unit: what one of it is ("frames", "ns", "%"), "" for none
 * @label: a short name for a plot axis or legend ("p99 latency")
 * @dir: which way is better
 * @flags: SIM_COLUMN_* above
 * @terminal: 0 when the terminal table leaves it out by default; else its
 *	rank there, 1 first: when the table is too wide, the columns with the
 *	highest rank go first
 * @producer: the source file that counts it
 * @meaning: one line
 */
struct sim_column {
	const char *name;
	enum sim_col_type type;
	int decimals;
	const char *unit;
	const char *label;
	enum sim_column_dir dir;
	unsigned int flags;
	unsigned int terminal;
	const char *producer;
	const char *meaning;
};

/**
 * sim_columns - every output column, in the order a row holds them (the
 * per-CPU ones once per CPU, CPU 0 first, where their pattern stands),
 * ended by an entry whose @name is NULL.
 */
extern const struct sim_column sim_columns[];

/**
 * sim_column_find() - the declaration of an output column.
 * @name: a column name ("tput", "cpu3_softirq_pct")
 * @cpu: if not NULL, set to the CPU of a per-CPU column, else -1
 *
 * Return: the entry, or NULL for a name not declared (key columns are
 * never declared here).
 */
const struct sim_column *sim_column_find(const char *name, int *cpu);

/**
 * sim_column_per_cpu() - whether @c is a per-CPU pattern.
 */
gboolean sim_column_per_cpu(const struct sim_column *c);

/**
 * sim_column_name() - a column's name for CPU @cpu.
 * @c: entry
 * @cpu: the CPU, for a per-CPU entry; ignored otherwise
 *
 * Return: "cpu3_softirq_pct" (free with g_free()).
 */
char *sim_column_name(const struct sim_column *c, guint cpu);

/**
 * sim_column_display_name() - the name as the docs write it: "cpuN_..."
 * for a per-CPU pattern, else the name.
 * Return: the name (free with g_free()).
 */
char *sim_column_display_name(const struct sim_column *c);

/**
 * sim_column_is_key() - whether @name is a key column ("group.key").
 */
gboolean sim_column_is_key(const char *name);

/**
 * sim_column_key_param() - the scenario key a key column holds.
 * @name: "group.key"
 * @ops: if not NULL, set to the key's model (NULL when there is none)
 *
 * Return: the key's entry in its model's params table, or NULL.
 */
const struct sim_param *sim_column_key_param(const char *name,
					     const struct sim_model_ops **ops);

/**
 * sim_column_dir_name() - "higher", "lower" or "" for @dir.
 */
const char *sim_column_dir_name(enum sim_column_dir dir);

/**
 * sim_key_value_name() - what a value of a scenario key that selects a
 * mode stands for, for plot tics and legends.
 * @key: "group.key"
 * @value: its value as text
 *
 * Return: "dynamic conservative" for nic.interrupt_throttle_rate=3, or
 * NULL when the value is a plain quantity.
 */
const char *sim_key_value_name(const char *key, const char *value);

/**
 * sim_closest_name() - the candidate closest to a misspelt @word, for a
 * "did you mean" hint.
 * @word: what was given
 * @cands: candidates (char *)
 *
 * Return: the closest candidate within a few edits (not a copy), or NULL.
 */
const char *sim_closest_name(const char *word, GPtrArray *cands);

#endif /* SIM_CONFIG_COLUMNS_H */
