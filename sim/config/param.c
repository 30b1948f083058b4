/*
 * sim/config/param.c - declared tunables: defaults, parsing and the text that
 * --help-model and --dump-params print; see sim/config/param.h.
 *
 * Parsing is strict on purpose.  A scenario value is either exactly what
 * its type allows and inside its range, or an error: "64k", "-1", "0x40"
 * and "1e3" are not integers, so a typo can never turn into a plausible
 * number.  Messages say what was expected and what was found, and leave
 * file, group and key to the caller.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/config/param.h"

G_DEFINE_QUARK(sim-param-error-quark, sim_param_error)

/* ---------------------------------------------------------------- helpers */

static void *field(void *cfg, const struct sim_param *p)
{
	return (char *)cfg + p->offset;
}

/* The largest value an integer field can hold, bounded by the table. */
static uint64_t int_limit(enum sim_param_type type, double bound)
{
	uint64_t type_max = type == SIM_PT_U32 ? UINT32_MAX : UINT64_MAX;

	if (bound <= 0)
		return 0;
	/* 2^64 is exact in a double; anything at or above it saturates */
	if (bound >= 18446744073709551616.0)
		return type_max;
	return MIN((uint64_t)bound, type_max);
}

static uint64_t int_min(const struct sim_param *p)
{
	return int_limit(p->type, ceil(p->min));
}

static uint64_t int_max(const struct sim_param *p)
{
	return int_limit(p->type, floor(p->max));
}

/* Shortest text that reads back as @v: "0.25", "1000", "1e+30". */
static char *double_string(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_ascii_formatd(buf, sizeof(buf), "%.15g", v);
	if (g_ascii_strtod(buf, NULL) != v)
		g_ascii_formatd(buf, sizeof(buf), "%.17g", v);
	return g_strdup(buf);
}

/* Choice @index of "a|b|c", or NULL. */
const char *sim_param_choices(const struct sim_param *p)
{
	if (p->choices_fn)
		return p->choices_fn();
	return p->choices ? p->choices : "";
}

static char *enum_choice(const char *choices, int index)
{
	g_auto(GStrv) v = g_strsplit(choices ? choices : "", "|", -1);

	if (index < 0 || (guint)index >= g_strv_length(v))
		return NULL;
	return g_strdup(v[index]);
}

/* ---------------------------------------------------------------- lookup */

/**
 * sim_param_find() - look a key up in a params table.
 * @params: table ended by an entry whose name is NULL
 * @name: key
 *
 * Return: the entry, or NULL.
 */
const struct sim_param *sim_param_find(const struct sim_param *params,
				       const char *name)
{
	if (!params || !name)
		return NULL;
	for (const struct sim_param *p = params; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/**
 * sim_param_set_defaults() - store every default of @params into @cfg.
 * @params: table ended by an entry whose name is NULL
 * @cfg: the model's config struct
 */
void sim_param_set_defaults(const struct sim_param *params, void *cfg)
{
	for (const struct sim_param *p = params; p && p->name; p++) {
		switch (p->type) {
		case SIM_PT_U32:
			*(uint32_t *)field(cfg, p) =
				(uint32_t)int_limit(SIM_PT_U32, p->def);
			break;
		case SIM_PT_U64:
			*(uint64_t *)field(cfg, p) =
				int_limit(SIM_PT_U64, p->def);
			break;
		case SIM_PT_S32:
			*(int32_t *)field(cfg, p) = (int32_t)p->def;
			break;
		case SIM_PT_DOUBLE:
			*(double *)field(cfg, p) = p->def;
			break;
		case SIM_PT_BOOL:
			*(bool *)field(cfg, p) = p->def != 0;
			break;
		case SIM_PT_ENUM:
			*(int *)field(cfg, p) = (int)p->def;
			break;
		case SIM_PT_STRING:
			g_strlcpy(field(cfg, p), p->choices ? p->choices : "",
				  SIM_PARAM_STRLEN);
			break;
		}
	}
}

/* ---------------------------------------------------------------- parsing */

static gboolean parse_int(const struct sim_param *p, const char *text,
			  void *cfg, GError **error)
{
	g_autofree char *range = sim_param_range_string(p);
	uint64_t v;
	char *end;

	/* digits only: no sign, space, hex prefix or exponent */
	for (const char *c = text; *c; c++) {
		if (!g_ascii_isdigit(*c))
			goto type_error;
	}
	if (!*text)
		goto type_error;

	errno = 0;
	v = g_ascii_strtoull(text, &end, 10);
	if (errno == ERANGE || *end)
		goto range_error;
	if (v < int_min(p) || v > int_max(p))
		goto range_error;

	if (cfg) {
		if (p->type == SIM_PT_U32)
			*(uint32_t *)field(cfg, p) = (uint32_t)v;
		else
			*(uint64_t *)field(cfg, p) = v;
	}
	return TRUE;

type_error:
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
		    "expected an integer in %s, got \"%s\"", range, text);
	return FALSE;
range_error:
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
		    "expected an integer in %s, got %s", range, text);
	return FALSE;
}

/* a signed integer in [min, max]: an optional '-' then digits */
static gboolean parse_s32(const struct sim_param *p, const char *text,
			  void *cfg, GError **error)
{
	g_autofree char *range = sim_param_range_string(p);
	const char *digits = text[0] == '-' ? text + 1 : text;
	gint64 v;

	for (const char *c = digits; *c; c++) {
		if (!g_ascii_isdigit(*c))
			goto type_error;
	}
	if (!*digits || strlen(digits) > 10)
		goto type_error;
	v = g_ascii_strtoll(text, NULL, 10);
	if (v < (gint64)p->min || v > (gint64)p->max) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "expected an integer in %s, got %s", range, text);
		return FALSE;
	}
	if (cfg)
		*(int32_t *)field(cfg, p) = (int32_t)v;
	return TRUE;

type_error:
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
		    "expected an integer in %s, got \"%s\"", range, text);
	return FALSE;
}

static gboolean parse_double(const struct sim_param *p, const char *text,
			     void *cfg, GError **error)
{
	g_autofree char *range = sim_param_range_string(p);
	double v;
	char *end;

	errno = 0;
	v = g_ascii_strtod(text, &end);
	/* strtod skips leading space; we don't accept any */
	if (!*text || g_ascii_isspace(*text) || *end || end == text ||
	    isnan(v)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
			    "expected a number in %s, got \"%s\"", range, text);
		return FALSE;
	}
	if (errno == ERANGE || !isfinite(v) || v < p->min || v > p->max) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "expected a number in %s, got %s", range, text);
		return FALSE;
	}
	if (cfg)
		*(double *)field(cfg, p) = v;
	return TRUE;
}

static gboolean parse_bool(const struct sim_param *p, const char *text,
			   void *cfg, GError **error)
{
	static const char *const yes[] = { "true", "1", "yes" };
	static const char *const no[] = { "false", "0", "no" };
	int v = -1;

	for (guint i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (g_ascii_strcasecmp(text, yes[i]) == 0)
			v = 1;
		if (g_ascii_strcasecmp(text, no[i]) == 0)
			v = 0;
	}
	if (v < 0) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
			    "expected true or false, got \"%s\"", text);
		return FALSE;
	}
	if (cfg)
		*(bool *)field(cfg, p) = v;
	return TRUE;
}

static gboolean parse_enum(const struct sim_param *p, const char *text,
			   void *cfg, GError **error)
{
	g_auto(GStrv) v = g_strsplit(sim_param_choices(p), "|", -1);

	for (int i = 0; v[i]; i++) {
		if (strcmp(v[i], text) == 0) {
			if (cfg)
				*(int *)field(cfg, p) = i;
			return TRUE;
		}
	}
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
		    "expected one of %s, got \"%s\"", sim_param_choices(p), text);
	return FALSE;
}

static gboolean parse_string(const struct sim_param *p, const char *text,
			     void *cfg, GError **error)
{
	size_t len = strlen(text);

	if (!g_utf8_validate(text, -1, NULL)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
			    "expected UTF-8 text");
		return FALSE;
	}
	if (len >= SIM_PARAM_STRLEN) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "expected at most %d bytes of text, got %zu",
			    SIM_PARAM_STRLEN - 1, len);
		return FALSE;
	}
	if (cfg)
		g_strlcpy(field(cfg, p), text, SIM_PARAM_STRLEN);
	return TRUE;
}

/**
 * sim_param_parse() - parse one value of @p from text and store it in @cfg.
 * @p: the parameter
 * @text: the value as written in a scenario ("64", "true", "softirq"),
 *	already trimmed
 * @cfg: config struct, or NULL to only validate
 * @error: SIM_PARAM_ERROR_TYPE when @text is not of @p's type,
 *	SIM_PARAM_ERROR_RANGE when it is but lies outside @p's range
 *
 * Integers are decimal digits only; doubles are C-locale numbers
 * (g_ascii_strtod()); booleans are true/false, yes/no or 1/0; an enum is
 * one of its choices, spelled exactly.
 *
 * Return: TRUE on success; @cfg is untouched on failure.
 */
gboolean sim_param_parse(const struct sim_param *p, const char *text,
			 void *cfg, GError **error)
{
	g_return_val_if_fail(p != NULL && text != NULL, FALSE);

	switch (p->type) {
	case SIM_PT_U32:
	case SIM_PT_U64:
		return parse_int(p, text, cfg, error);
	case SIM_PT_S32:
		return parse_s32(p, text, cfg, error);
	case SIM_PT_DOUBLE:
		return parse_double(p, text, cfg, error);
	case SIM_PT_BOOL:
		return parse_bool(p, text, cfg, error);
	case SIM_PT_ENUM:
		return parse_enum(p, text, cfg, error);
	case SIM_PT_STRING:
		return parse_string(p, text, cfg, error);
	}
	g_assert_not_reached();
}

/* ---------------------------------------------------------------- text */

/**
 * sim_param_default_string() - the default of @p as scenario text.
 * @p: the parameter
 *
 * The text parses back (sim_param_parse()) to the default.
 *
 * Return: newly allocated string.
 */
char *sim_param_default_string(const struct sim_param *p)
{
	char *s;

	switch (p->type) {
	case SIM_PT_U32:
	case SIM_PT_U64:
		return g_strdup_printf("%" G_GUINT64_FORMAT,
				       int_limit(p->type, p->def));
	case SIM_PT_S32:
		return g_strdup_printf("%d", (int)p->def);
	case SIM_PT_DOUBLE:
		return double_string(p->def);
	case SIM_PT_BOOL:
		return g_strdup(p->def != 0 ? "true" : "false");
	case SIM_PT_ENUM:
		s = enum_choice(sim_param_choices(p), (int)p->def);
		return s ? s : g_strdup("");
	case SIM_PT_STRING:
		return g_strdup(p->choices ? p->choices : "");
	}
	g_assert_not_reached();
}

/**
 * sim_param_range_string() - what @p accepts, as text.
 * @p: the parameter
 *
 * "1..1024" for numbers, "a|b|c" for an enum, "true|false" for a boolean,
 * "text" for a string, "file" for a file's path.
 *
 * Return: newly allocated string.
 */
char *sim_param_range_string(const struct sim_param *p)
{
	g_autofree char *lo = NULL;
	g_autofree char *hi = NULL;

	switch (p->type) {
	case SIM_PT_U32:
	case SIM_PT_U64:
		return g_strdup_printf("%" G_GUINT64_FORMAT
				       "..%" G_GUINT64_FORMAT,
				       int_min(p), int_max(p));
	case SIM_PT_S32:
		return g_strdup_printf("%d..%d", (int)p->min, (int)p->max);
	case SIM_PT_DOUBLE:
		lo = double_string(p->min);
		hi = double_string(p->max);
		return g_strdup_printf("%s..%s", lo, hi);
	case SIM_PT_BOOL:
		return g_strdup("true|false");
	case SIM_PT_ENUM:
		return g_strdup(sim_param_choices(p));
	case SIM_PT_STRING:
		return g_strdup(p->file ? "file" : "text");
	}
	g_assert_not_reached();
}
