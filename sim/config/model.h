/*
 * sim/config/model.h - the model registry.
 *
 * Every scenario group but [scenario] and [points] belongs to one model,
 * declared by a const struct sim_model_ops at the end of its file and listed
 * by hand in models/models.c (a list is greppable; constructor registration
 * is not, and the linker drops static-library objects reached only through
 * a constructor), which hands the list to sim_model_registry_set().
 */
#ifndef SIM_CONFIG_MODEL_H
#define SIM_CONFIG_MODEL_H

#include <stddef.h>
#include <glib.h>

struct sim_param;
struct sim_point;
struct sim_report;
struct machine;

/*
 * A model: its scenario group and keys (the configuration), and the
 * lifecycle of its state in a simulated machine.  Every hook may be NULL
 * (a group that only configures others, such as [cost], has none).  The
 * machine calls each hook of every model in registry order: create all,
 * connect all, start all; report all at the end, then destroy all.
 */
struct sim_model_ops {
	const char *name;	/* scenario group, e.g. "napi", "net.core" */
	const char *help;	/* one line: what it models, from which source */
	const struct sim_param *params;	/* ended by { } */
	size_t cfg_size;	/* size of the struct the params fill */
	/*
	 * Cross-key validation after every key is parsed (for example
	 * "rx_ring_size must be a power of two").  May be NULL.  On error,
	 * name the key in the message: the caller prefixes file and group.
	 */
	gboolean (*check)(const void *cfg, GError **error);
	/*
	 * Checks of this group's keys against other groups' keys that make
	 * the scenario itself wrong, as .check does for one group (an IRQ
	 * affinity naming a CPU that [cpu] count does not have): run on
	 * every point as it is resolved, so the scenario is refused when it
	 * loads (a usage error) rather than one point failing.  Name the
	 * key first and the other groups' keys after it: the caller
	 * prefixes file and group.  May be NULL.
	 */
	gboolean (*check_groups)(const struct sim_point *p, GError **error);
	/*
	 * Checks across groups, on a resolved point, before anything is
	 * simulated (a CPU named here and counted by [cpu]).  Name the
	 * groups and keys in the message.  Unlike .check_groups these fail
	 * the point when it runs (a sweep goes on with the others).
	 */
	gboolean (*check_point)(const struct sim_point *p, GError **error);

	/* accounting slots of the model's tasks (per-CPU busy columns) */
	const char *const *accounts;
	/* create the model's private state from @cfg; put its objects in
	 * the machine's collections */
	void *(*create)(struct machine *m, const void *cfg, GError **error);
	/* find the objects of other models it works with */
	gboolean (*connect)(void *priv, struct machine *m, GError **error);
	/* time 0: arm what runs from the start */
	void (*start)(void *priv);
	/* add the model's counters to the point's row (columns) and to the
	 * detail tables (one row per CPU, queue, NAPI, ...) */
	void (*report)(void *priv, struct sim_report *r);
	void (*destroy)(void *priv);
};

/**
 * sim_model_registry_set() - the models scenarios are made of: @models,
 * NULL-terminated, in the order their groups are documented.  The
 * configuration layer knows no model by name; a program registers the
 * list once before it loads a scenario (models/models.h models_register()).
 */
void sim_model_registry_set(const struct sim_model_ops *const *models);

/**
 * sim_model_list() - the registered models, NULL-terminated.
 */
const struct sim_model_ops *const *sim_model_list(void);

/**
 * sim_model_find() - the model whose group is @name.
 * Return: the ops, or NULL.
 */
const struct sim_model_ops *sim_model_find(const char *name);

/**
 * sim_model_index() - position of @ops in sim_models[].
 */
guint sim_model_index(const struct sim_model_ops *ops);

/**
 * sim_model_count() - number of registered models.
 */
guint sim_model_count(void);

#endif /* SIM_CONFIG_MODEL_H */
