/*
 * models/models.h - the models of napisim, by scenario group.
 */
#ifndef MODELS_MODELS_H
#define MODELS_MODELS_H

#include "sim/config/model.h"

extern const struct sim_model_ops traffic_model_ops;	/* [traffic] */
extern const struct sim_model_ops nic_model_ops;	/* [nic] */
extern const struct sim_model_ops napi_model_ops;	/* [napi] */
extern const struct sim_model_ops netcore_model_ops;	/* [net.core] */
extern const struct sim_model_ops softirq_model_ops;	/* [softirq] */
extern const struct sim_model_ops sched_model_ops;	/* [kernel] */
extern const struct sim_model_ops cpu_model_ops;	/* [cpu] */
extern const struct sim_model_ops cost_model_ops;	/* [cost] */
extern const struct sim_model_ops rps_model_ops;	/* [rps] */
extern const struct sim_model_ops measure_model_ops;	/* [measure] */
extern const struct sim_model_ops stack_model_ops;	/* [stack] */
extern const struct sim_model_ops sock_model_ops;	/* [socket] */
extern const struct sim_model_ops app_model_ops;	/* [app] */
extern const struct sim_model_ops mitigation_model_ops;	/* [mitigation] */
extern const struct sim_model_ops hog_model_ops;	/* [hog] */

/**
 * models_register() - register every model above with the configuration
 * layer (sim_model_registry_set()); call once before loading a scenario.
 */
void models_register(void);

#endif /* MODELS_MODELS_H */
