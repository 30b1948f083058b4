/*
 * models/measure.h - the measurement window ([measure]).
 */
#ifndef MODELS_MEASURE_H
#define MODELS_MEASURE_H

#include <stdint.h>

enum measure_window {
	MEASURE_WINDOW_OFFERED,		/* up to the offered load's end */
	MEASURE_WINDOW_RUN,		/* up to the end of the run */
};

struct measure_cfg {			/* [measure] */
	uint64_t warmup_us;		/* the window starts here */
	int window;			/* enum measure_window */
};

#endif /* MODELS_MEASURE_H */
