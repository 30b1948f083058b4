/*
 * models/workload/hog.h - a CPU-bound task ([hog]).
 */
#ifndef MODELS_WORKLOAD_HOG_H
#define MODELS_WORKLOAD_HOG_H

#include <stdbool.h>
#include <stdint.h>

struct hog_cfg {			/* [hog] */
	bool enabled;			/* a CPU-bound task */
	uint32_t cpu;
	int32_t nice;
};

#endif /* MODELS_WORKLOAD_HOG_H */
