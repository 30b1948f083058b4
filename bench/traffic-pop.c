/*
 * bench/traffic-pop.c - what the offered load alone costs per frame: the
 * [traffic] group of a scenario's first point, its frames handed out one
 * by one (traffic_peek(), traffic_pop()) as a driver takes them, with no
 * machine behind them.  doc/bench.md's table of sources uses it.
 *
 *   make bench/traffic-pop
 *   bench/traffic-pop SCENARIO FRAMES [group.key=value]...
 *
 * Prints "frames=N wall_seconds=S ns_per_frame=X last=T" (T, the last
 * arrival, keeps the compiler from leaving the work out).
 *
 * A closed loop (arrival=closed) is refused: its clients send again only
 * when the server's replies reach them, so with no machine behind it
 * the load stops after each connection's first requests.  Time it as a
 * whole napisim run (bench/sources.sh does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/stack/skbuff.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(sim_scenario) sc = NULL;
	struct sim_point *p;
	const struct traffic_cfg *cfg;
	struct traffic *t;
	struct sk_buff skb = { 0 };
	uint64_t n, want;
	gint64 t0, t1;

	if (argc < 3) {
		fprintf(stderr,
			"usage: traffic-pop SCENARIO FRAMES [group.key=value]...\n");
		return 2;
	}
	models_register();
	want = g_ascii_strtoull(argv[2], NULL, 10);
	sc = sim_scenario_load(argv[1], &error);
	for (int i = 3; sc && i < argc; i++)
		if (!sim_scenario_set(sc, argv[i], &error))
			break;
	p = error ? NULL : sim_scenario_point(sc, 0, &error);
	if (!p) {
		fprintf(stderr, "traffic-pop: %s\n", error->message);
		return 2;
	}
	cfg = sim_point_cfg(p, &traffic_model_ops);
	if (traffic_source_ops(cfg->arrival)->next_send) {
		fprintf(stderr,
			"traffic-pop: arrival=%s answers the server's replies: time it with napisim run\n",
			traffic_source_ops(cfg->arrival)->name);
		sim_point_free(p);
		return 2;
	}
	t = traffic_new(cfg);
	t0 = g_get_monotonic_time();
	for (n = 0; n < want && traffic_peek(t) != SIM_TIME_NEVER; n++)
		traffic_pop(t, &skb);
	t1 = g_get_monotonic_time();
	printf("frames=%" G_GUINT64_FORMAT " wall_seconds=%.3f ns_per_frame=%.1f last=%" G_GUINT64_FORMAT "\n",
	       n, (double)(t1 - t0) / 1e6,
	       n ? (double)(t1 - t0) * 1e3 / (double)n : 0.0,
	       (uint64_t)skb.arrival);
	traffic_free(t);
	sim_point_free(p);
	return 0;
}
