/*
 * models/workload/source_poisson.c - [traffic] arrival=poisson: a
 * Poisson process of mean rate rate_pps.
 *
 * MODEL: gaps are the frame's wire time plus an exponential of mean
 * (1/rate - mean wire time), so back-to-back frames never overlap and
 * the mean rate is still rate_pps (at the line rate, back to back).
 * The exponential is drawn by inversion, -log(u) times its mean, u from
 * one 32-bit number of the arrival stream (one GRand seeded from
 * [traffic] seed: exp_draw()); the first frame arrives one wire time
 * after 0 and draws nothing.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "models/workload/source.h"
#include "models/workload/traffic.h"

struct poisson {
	GRand *rand;
	double idle_ps;		/* mean gap less the mean wire time */
	uint64_t k;		/* frames written so far */
	sim_time_t prev;	/* the last one's arrival */
};

static void *poisson_create(const struct traffic_source_env *env,
			    GError **error G_GNUC_UNUSED)
{
	struct poisson *p = g_new0(struct poisson, 1);
	double mean_ps = (double)SIM_PS_PER_S / env->rate_pps;

	p->rand = env->rand;
	p->idle_ps = MAX(mean_ps - env->mean_wire_ps, 0.0);
	return p;
}

static uint32_t poisson_fill(void *priv, struct traffic_frame *f,
			     uint32_t n)
{
	struct poisson *p = priv;

	for (uint32_t i = 0; i < n; i++, p->k++) {
		if (!p->k) {
			f[i].arrival = f[i].wire;
		} else {
			/* rounded to the picosecond: idle_ps >= 0 */
			double extra = exp_draw(p->rand) * p->idle_ps;

			f[i].arrival = p->prev + f[i].wire +
				       (sim_time_t)(extra + 0.5);
		}
		p->prev = f[i].arrival;
	}
	return n;
}

static void poisson_destroy(void *priv)
{
	g_free(priv);
}

const struct traffic_source_ops poisson_source = {
	.name = "poisson",
	.create = poisson_create,
	.fill = poisson_fill,
	.destroy = poisson_destroy,
};
