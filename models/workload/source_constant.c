/*
 * models/workload/source_constant.c - [traffic] arrival=constant: frames
 * evenly spaced at rate_pps, as pktgen sends them with a fixed delay.
 *
 * Frame k (from 0) starts at exactly k / rate_pps (exact rational
 * spacing, in integer picoseconds) and arrives one wire time later; a
 * frame never starts before the one ahead of it has left the wire (a
 * large frame of a size mix delays the ones behind it, which catch up).
 * Above the line rate (the rate capped at one mean frame time) the
 * frames go back to back.
 */
#include "config.h"

#include <glib.h>

#include "models/workload/source.h"
#include "models/workload/traffic.h"

struct constant {
	uint64_t rate_pps;	/* as asked, when not capped */
	bool capped;		/* back to back */
	uint64_t k;		/* frames written so far */
	sim_time_t prev;	/* the last one's arrival, 0 before the first */
};

static void *constant_create(const struct traffic_source_env *env,
			     GError **error G_GNUC_UNUSED)
{
	struct constant *c = g_new0(struct constant, 1);

	c->rate_pps = env->cfg->rate_pps;
	c->capped = (double)env->cfg->rate_pps > env->rate_pps;
	return c;
}

static uint32_t constant_fill(void *priv, struct traffic_frame *f,
			      uint32_t n)
{
	struct constant *c = priv;

	for (uint32_t i = 0; i < n; i++, c->k++) {
		sim_time_t start = c->capped ? c->prev :
			(sim_time_t)(((unsigned __int128)c->k *
				      SIM_PS_PER_S) / c->rate_pps);

		f[i].arrival = MAX(start, c->prev) + f[i].wire;
		c->prev = f[i].arrival;
	}
	return n;
}

static void constant_destroy(void *priv)
{
	g_free(priv);
}

const struct traffic_source_ops constant_source = {
	.name = "constant",
	.create = constant_create,
	.fill = constant_fill,
	.destroy = constant_destroy,
};
