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
