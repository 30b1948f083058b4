/*
 * sim/config/scenario.h - scenario files and their points.
 *
 * A scenario is a GKeyFile.  Groups:
 *   [scenario]  name, description (free text; not a model)
 *   [points]    zip = group.key;group.key;...  (lists zipped into rows)
 *   [<model>]   one group per registered model (sim_models[]); keys are
 *               that model's params.  Any value may be a ';'-separated list.
 *
 * Points: every key whose value is a list of more than one element varies.
 * Keys named in [points] zip= are zipped (all must have the same length, one
 * row per index); every other list is a product axis.  Points are the zip
 * rows (outermost, in file order) times the product axes (in file order,
 * the last one varying fastest).
 *
 * --set group.key=value replaces that key's value (or list) everywhere; a
 * zipped key set to one value leaves the zip.  So on the Olsson scenario,
 * --set traffic.size=60 --set traffic.rate_pps=890000 runs one point.
 */
#ifndef SIM_CONFIG_SCENARIO_H
#define SIM_CONFIG_SCENARIO_H

#include <glib.h>

struct sim_model_ops;
struct sim_scenario;

/**
 * struct sim_point - one fully resolved point of a scenario.
 * @index: 0-based position among the scenario's points
 * @varied_keys: "group.key" of each key that varies across points, in the
 *	order of the points' expansion (zip keys first)
 * @varied_values: this point's value for each of @varied_keys, as text
 * @cfg: one config struct per registered model, indexed like sim_models[],
 *	filled with defaults and then the scenario's values
 */
struct sim_point {
	guint index;
	GPtrArray *varied_keys;		/* char * */
	GPtrArray *varied_values;	/* char * */
	void **cfg;
};

/*
 * The most points one run or sweep may have: each is a process and at
 * least milliseconds of simulation, so a million is days of work, and a
 * sweep's point files are named with six digits.
 */
#define SIM_MAX_POINTS 1000000u

#define SIM_SCENARIO_ERROR (sim_scenario_error_quark())
GQuark sim_scenario_error_quark(void);
enum sim_scenario_error {
	SIM_SCENARIO_ERROR_FILE,	/* missing / unreadable / unparsable */
	SIM_SCENARIO_ERROR_GROUP,	/* unknown group */
	SIM_SCENARIO_ERROR_KEY,		/* unknown key */
	SIM_SCENARIO_ERROR_VALUE,	/* wrong type or out of range */
	SIM_SCENARIO_ERROR_POINTS,	/* zip lengths differ, bad --set, ... */
};

/**
 * sim_scenario_load() - read and validate a scenario file.
 * @path: file
 * @error: SIM_SCENARIO_ERROR; the message is one line that starts with
 *	"@path:" and names the line (where known), [group] and key
 *
 * Every value of every list is checked against its param's type and range
 * here, so a point can never fail later on a bad value.  A relative path
 * in a file key (SIM_PARAM_FILE) is taken from @path's directory.
 *
 * Return: the scenario, or NULL.
 */
struct sim_scenario *sim_scenario_load(const char *path, GError **error);

/**
 * sim_scenario_load_at() - as sim_scenario_load(), for a copy of a
 * scenario file (a sweep's scenario.ini): relative file keys are found
 * from @dir, the directory of the file it was copied from.
 */
struct sim_scenario *sim_scenario_load_at(const char *path, const char *dir,
					  GError **error);

/**
 * sim_scenario_set() - apply one "--set group.key=value[;value...]".
 * A relative path in a file key stays relative to the working directory.
 * Return: FALSE (SIM_SCENARIO_ERROR) for a malformed assignment, an unknown
 * group or key, or a bad value.
 */
gboolean sim_scenario_set(struct sim_scenario *sc, const char *assignment,
			  GError **error);

/**
 * sim_scenario_n_points() - number of points.
 * Return: 0 and sets @error when the zipped lists' lengths differ or
 * there would be more than SIM_MAX_POINTS points.
 */
guint sim_scenario_n_points(struct sim_scenario *sc, GError **error);

/**
 * sim_scenario_point() - resolve point @index.
 * Return: a new point (free with sim_point_free()), or NULL on error.
 */
struct sim_point *sim_scenario_point(struct sim_scenario *sc, guint index,
				     GError **error);

/** sim_scenario_path() - the file it was loaded from. */
const char *sim_scenario_path(const struct sim_scenario *sc);
/** sim_scenario_name() - [scenario] name, else the file's basename less .ini. */
const char *sim_scenario_name(const struct sim_scenario *sc);
/** sim_scenario_description() - [scenario] description, or "". */
const char *sim_scenario_description(const struct sim_scenario *sc);

void sim_scenario_free(struct sim_scenario *sc);
void sim_point_free(struct sim_point *p);

/**
 * sim_point_cfg() - the config struct of @ops in point @p.
 */
const void *sim_point_cfg(const struct sim_point *p,
			  const struct sim_model_ops *ops);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_scenario sim_scenario;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_scenario, sim_scenario_free)

#endif /* SIM_CONFIG_SCENARIO_H */
