/*
 * sim/config/param.h - declared tunables.
 *
 * Each model declares its scenario keys once, in a params table: name, type,
 * default, range, unit and help text (as GStreamer's g_param_spec_*() and
 * gem5's Param.* do).  The table is the only place a key's default lives;
 * the scenario loader, --help-model, --dump-params and doc/scenario-keys.md
 * all read it.  A key is stored into the model's config struct at .offset.
 */
#ifndef SIM_CONFIG_PARAM_H
#define SIM_CONFIG_PARAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <glib.h>

enum sim_param_type {
	SIM_PT_U32,	/* uint32_t */
	SIM_PT_U64,	/* uint64_t */
	SIM_PT_S32,	/* int32_t (nice values) */
	SIM_PT_DOUBLE,	/* double */
	SIM_PT_BOOL,	/* bool */
	SIM_PT_ENUM,	/* int: index into .choices ("a|b|c") */
	SIM_PT_STRING,	/* char[SIM_PARAM_STRLEN] */
};

/* long enough for a list: an RSS key, an affinity or a flow list */
#define SIM_PARAM_STRLEN 1024

struct sim_param {
	const char *name;	/* key in the model's group */
	enum sim_param_type type;
	size_t offset;		/* into the model's config struct */
	double def;		/* numeric default; ENUM: index; BOOL: 0/1 */
	double min, max;	/* inclusive range (numeric types) */
	const char *choices;	/* ENUM: "a|b|c"; STRING: the default */
	/* ENUM: "a|b|c" from a registry (drivers, policies), if set */
	const char *(*choices_fn)(void);
	const char *unit;	/* "pkts", "ns", "cycles", ... or "" */
	const char *help;
	/* STRING: a file's path; a relative one written in a scenario file
	 * is taken from that file's directory (sim/config/scenario.c) */
	bool file;
};

#define SIM_PARAM_U32(st, field, key, d, lo, hi, u, h) \
	{ .name = (key), .type = SIM_PT_U32, .offset = offsetof(st, field), \
	  .def = (d), .min = (lo), .max = (hi), .unit = (u), .help = (h) }
#define SIM_PARAM_U64(st, field, key, d, lo, hi, u, h) \
	{ .name = (key), .type = SIM_PT_U64, .offset = offsetof(st, field), \
	  .def = (d), .min = (lo), .max = (hi), .unit = (u), .help = (h) }
#define SIM_PARAM_S32(st, field, key, d, lo, hi, u, h) \
	{ .name = (key), .type = SIM_PT_S32, .offset = offsetof(st, field), \
	  .def = (d), .min = (lo), .max = (hi), .unit = (u), .help = (h) }
#define SIM_PARAM_DOUBLE(st, field, key, d, lo, hi, u, h) \
	{ .name = (key), .type = SIM_PT_DOUBLE, .offset = offsetof(st, field), \
	  .def = (d), .min = (lo), .max = (hi), .unit = (u), .help = (h) }
#define SIM_PARAM_BOOL(st, field, key, d, h) \
	{ .name = (key), .type = SIM_PT_BOOL, .offset = offsetof(st, field), \
	  .def = (d), .min = 0, .max = 1, .unit = "", .help = (h) }
/* d is the index of the default in "a|b|c" */
#define SIM_PARAM_ENUM(st, field, key, d, ch, h) \
	{ .name = (key), .type = SIM_PT_ENUM, .offset = offsetof(st, field), \
	  .def = (d), .min = 0, .max = 0, .choices = (ch), .unit = "", \
	  .help = (h) }
/* the choices come from a registry: @fn returns "a|b|c" */
#define SIM_PARAM_ENUM_FN(st, field, key, d, fn, h) \
	{ .name = (key), .type = SIM_PT_ENUM, .offset = offsetof(st, field), \
	  .def = (d), .min = 0, .max = 0, .choices_fn = (fn), .unit = "", \
	  .help = (h) }
#define SIM_PARAM_STRING(st, field, key, d, h) \
	{ .name = (key), .type = SIM_PT_STRING, .offset = offsetof(st, field), \
	  .choices = (d), .unit = "", .help = (h) }
/* a file: "" by default; relative to the scenario file that names it */
#define SIM_PARAM_FILE(st, field, key, h) \
	{ .name = (key), .type = SIM_PT_STRING, .offset = offsetof(st, field), \
	  .choices = "", .unit = "", .help = (h), .file = true }

/**
 * sim_param_choices() - an ENUM's choices, "a|b|c".
 */
const char *sim_param_choices(const struct sim_param *p);

/**
 * sim_param_find() - look a key up in a params table.
 * @params: table ended by an entry whose name is NULL
 * @name: key
 *
 * Return: the entry, or NULL.
 */
const struct sim_param *sim_param_find(const struct sim_param *params,
				       const char *name);

/**
 * sim_param_set_defaults() - store every default of @params into @cfg.
 */
void sim_param_set_defaults(const struct sim_param *params, void *cfg);

/**
 * sim_param_parse() - parse one value of @p from text and store it in @cfg.
 * @p: the parameter
 * @text: the value as written in a scenario ("64", "true", "softirq")
 * @cfg: config struct, or NULL to only validate
 * @error: SIM_PARAM_ERROR on a wrong type or a value out of range; the
 *	message says what was expected, without naming the key (callers
 *	prefix file/group/key)
 *
 * Return: TRUE on success.
 */
gboolean sim_param_parse(const struct sim_param *p, const char *text,
			 void *cfg, GError **error);

/**
 * sim_param_default_string() - the default of @p as scenario text.
 * Return: newly allocated string.
 */
char *sim_param_default_string(const struct sim_param *p);

/**
 * sim_param_range_string() - "1..1024", "a|b|c", "true|false", "text",
 * "file".
 * Return: newly allocated string.
 */
char *sim_param_range_string(const struct sim_param *p);

#define SIM_PARAM_ERROR (sim_param_error_quark())
GQuark sim_param_error_quark(void);
enum sim_param_error {
	SIM_PARAM_ERROR_TYPE,
	SIM_PARAM_ERROR_RANGE,
};

#endif /* SIM_CONFIG_PARAM_H */
