/*
 * models/models.c - the registry: every model, by hand, in documentation
 * order.  A new model is one line here (and its file in Makefile.am):
 * a list is greppable, as GStreamer's plugin_init() names each element.
 */
#include "config.h"

#include "models/models.h"

static const struct sim_model_ops *const models[] = {
	&traffic_model_ops,
	&nic_model_ops,
	&napi_model_ops,
	&netcore_model_ops,
	&softirq_model_ops,
	&rps_model_ops,
	&sched_model_ops,
	&cpu_model_ops,
	&cost_model_ops,
	&stack_model_ops,
	&sock_model_ops,
	&app_model_ops,
	&mitigation_model_ops,
	&hog_model_ops,
	&measure_model_ops,
	NULL,
};

void models_register(void)
{
	sim_model_registry_set(models);
}
