/*
 * models/workload/source.c - the traffic sources ([traffic] arrival=).
 *
 * A new source is one file (models/workload/source_<name>.c, defining
 * <name>_source, a struct traffic_source_ops) and one line in
 * TRAFFIC_SOURCES below (doc/hacking.md).  The order is the order of the
 * choices; constant and poisson stay first (index 0, the default, and 1:
 * enum traffic_arrival).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "models/workload/source.h"
#include "models/workload/traffic.h"

/* [traffic] arrival=, in this order */
#define TRAFFIC_SOURCES(X) \
	X(constant) \
	X(poisson) \
	X(onoff) \
	X(mmpp) \
	X(schedule) \
	X(pcap) \
	X(closed) \
	X(bulk)

#define DECLARE(name) extern const struct traffic_source_ops name##_source;
#define ENTRY(name) &name##_source,
TRAFFIC_SOURCES(DECLARE)
static const struct traffic_source_ops *const sources[] = {
	TRAFFIC_SOURCES(ENTRY)
	NULL,
};

const char *traffic_source_names(void)
{
	static char *names;

	if (!names) {
		GString *s = g_string_new(NULL);

		for (guint i = 0; sources[i]; i++)
			g_string_append_printf(s, "%s%s", i ? "|" : "",
					       sources[i]->name);
		names = g_string_free(s, FALSE);
	}
	return names;
}

const struct traffic_source_ops *traffic_source_ops(int i)
{
	g_assert(i >= 0 && i < (int)G_N_ELEMENTS(sources) - 1);
	return sources[i];
}

int traffic_source_index(const char *name)
{
	for (int i = 0; sources[i]; i++)
		if (strcmp(sources[i]->name, name) == 0)
			return i;
	return -1;
}

/* ---------------------------------------------------------------- even pacing */

void even_pacer_init(struct even_pacer *p,
		     const struct traffic_source_env *env)
{
	*p = (struct even_pacer) {
		.rate_pps = env->cfg->rate_pps,
		.capped = (double)env->cfg->rate_pps > env->rate_pps,
	};
}

void even_pacer_fill(struct even_pacer *p, struct traffic_frame *f,
		     uint32_t n)
{
	for (uint32_t i = 0; i < n; i++, p->k++) {
		sim_time_t start = p->capped ? p->prev :
			(sim_time_t)(((unsigned __int128)p->k *
				      SIM_PS_PER_S) / p->rate_pps);

		f[i].arrival = MAX(start, p->prev) + f[i].wire;
		p->prev = f[i].arrival;
	}
}
