/*
 * models/workload/app.h - the application thread ([app]).
 */
#ifndef MODELS_WORKLOAD_APP_H
#define MODELS_WORKLOAD_APP_H

#include <stdint.h>

enum app_mode { APP_SINK, APP_RR };

struct app_cfg {			/* [app] */
	int mode;			/* enum app_mode */
	uint32_t cpu;
	uint32_t work_cycles;		/* application work per datagram */
	uint32_t reply_size;		/* rr: reply frame bytes */
};

#endif /* MODELS_WORKLOAD_APP_H */
