/*
 * models/models.c - the registry: every model, by hand, in documentation
 * order.  A new model is one line here (see shared STYLE.md section 4).
 */
#include "config.h"

#include <string.h>

#include "models/models.h"

const struct sim_model_ops *const sim_models[] = {
	&traffic_model_ops,
	&nic_model_ops,
	&napi_model_ops,
	&netcore_model_ops,
	&softirq_model_ops,
	&sched_model_ops,
	&cpu_model_ops,
	&cost_model_ops,
	&stack_model_ops,
	&sock_model_ops,
	&app_model_ops,
	&mitigation_model_ops,
	&hog_model_ops,
	NULL,
};

const struct sim_model_ops *sim_model_find(const char *name)
{
	for (guint i = 0; sim_models[i]; i++)
		if (strcmp(sim_models[i]->name, name) == 0)
			return sim_models[i];
	return NULL;
}

guint sim_model_index(const struct sim_model_ops *ops)
{
	for (guint i = 0; sim_models[i]; i++)
		if (sim_models[i] == ops)
			return i;
	g_assert_not_reached();
}

guint sim_model_count(void)
{
	guint n = 0;

	while (sim_models[n])
		n++;
	return n;
}
