/*
 * sim/config/model.c - the registry of models; see sim/config/model.h.
 */
#include "config.h"

#include <string.h>

#include "sim/config/model.h"

static const struct sim_model_ops *const empty[] = { NULL };
static const struct sim_model_ops *const *registry = empty;

void sim_model_registry_set(const struct sim_model_ops *const *models)
{
	registry = models ? models : empty;
}

const struct sim_model_ops *const *sim_model_list(void)
{
	return registry;
}

const struct sim_model_ops *sim_model_find(const char *name)
{
	for (guint i = 0; registry[i]; i++)
		if (strcmp(registry[i]->name, name) == 0)
			return registry[i];
	return NULL;
}

guint sim_model_index(const struct sim_model_ops *ops)
{
	for (guint i = 0; registry[i]; i++)
		if (registry[i] == ops)
			return i;
	g_assert_not_reached();
}

guint sim_model_count(void)
{
	guint n = 0;

	while (registry[n])
		n++;
	return n;
}
