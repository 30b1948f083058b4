/*
 * models/workload/app.h - the application thread ([app]).
 */
#ifndef MODELS_WORKLOAD_APP_H
#define MODELS_WORKLOAD_APP_H

#include <stdint.h>

#include <stdbool.h>

#include "sim/config/param.h"

enum app_mode { APP_SINK, APP_RR };
enum app_wait { APP_WAIT_AUTO, APP_WAIT_RECVMSG, APP_WAIT_EPOLL };
enum service_dist {
	SERVICE_FIXED, SERVICE_EXPONENTIAL, SERVICE_BIMODAL, SERVICE_TABLE,
};

struct app_cfg {			/* [app] */
	int mode;			/* enum app_mode */
	uint32_t cpu;
	uint32_t threads;
	char cpus[SIM_PARAM_STRLEN];	/* thread i's CPU; "": cpu + i */
	bool pinned;			/* false: placed at each wakeup */
	uint64_t move_us;		/* sched_setaffinity() then; 0: never */
	uint32_t move_cpu;
	uint32_t work_cycles;		/* application work per datagram */
	int service_dist;		/* enum service_dist */
	double bimodal_p;
	uint32_t bimodal_cycles;
	char service_table[SIM_PARAM_STRLEN];	/* CYCLES:WEIGHT,... */
	uint32_t reply_size;		/* rr: reply frame bytes */
	char reply_sizes[SIM_PARAM_STRLEN];	/* rr: a size mix, or "" */
	int wait;			/* enum app_wait */
	/* SO_PREFER_BUSY_POLL / SO_BUSY_POLL_BUDGET, epoll EPIOCSPARAMS */
	uint32_t busy_poll_usecs;	/* epoll: busy-poll this long */
	uint32_t busy_poll_budget;
	bool prefer_busy_poll;
};

#endif /* MODELS_WORKLOAD_APP_H */
