/*
 * models/workload/source_onoff.c - [traffic] arrival=onoff: bursts of
 * frames separated by silences, the ON/OFF source of traffic models.
 *
 * A burst is N frames (mean burst_frames): geometric (burst_dist=
 * exponential), or the ceiling of a Pareto variable of shape burst_shape
 * whose scale is solved so that E[N] is burst_frames exactly
 * (burst_dist=pareto).  Within a burst the frames go back to back
 * (burst_rate_pps=0) or every 1/burst_rate_pps.  After the burst comes
 * a gap, exponential or Pareto (shape gap_shape), whose mean makes the
 * long-run rate rate_pps:
 *
 *   mean gap = burst_frames x (1/rate_pps - slot)
 *
 * where slot is 1/burst_rate_pps, or the mean frame time back to back.
 * With Pareto shapes below 2 the lengths have infinite variance, and the
 * superposition of such sources is self-similar (Willinger, Taqqu,
 * Sherman and Wilson, "Self-similarity through high-variability", IEEE/
 * ACM ToN 5(1), 1997): bursts at every time scale, which is what
 * interrupt coalescing and NAPI see on a real link.
 *
 * Draws, from the arrival stream: the burst's length when it starts,
 * the gap when it ends; none per frame.  The first burst starts at 0.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "models/workload/source.h"
#include "models/workload/traffic.h"

struct onoff {
	GRand *rand;
	bool paced;		/* burst_rate_pps set: one frame per slot */
	double slot_ps;		/* paced: 1 / burst rate */
	int burst_dist, gap_dist;
	double burst_mean;	/* E[N], frames */
	double burst_log;	/* geometric: log(1 - 1/E[N]) */
	double burst_xm;	/* pareto: scale of X, N = ceil(X) */
	double burst_alpha;
	double gap_mean_ps;
	double gap_xm;		/* pareto: scale */
	double gap_alpha;
	bool started;
	sim_time_t start;	/* the burst's first slot */
	uint64_t n;		/* frames in the burst */
	uint64_t j;		/* frames of it written */
	sim_time_t prev;	/* the last arrival */
};

/* the rate within a burst, frames/s (at most the line rate) */
static double peak_pps(const struct traffic_cfg *cfg, double mean_wire_ps)
{
	double line = (double)SIM_PS_PER_S / mean_wire_ps;

	return cfg->burst_rate_pps ? MIN((double)cfg->burst_rate_pps, line)
				   : line;
}

static double onoff_rate(const struct traffic_cfg *cfg, double mean_wire_ps)
{
	return MIN((double)cfg->rate_pps, peak_pps(cfg, mean_wire_ps));
}

/* sum over n >= k of n^-alpha (k >= 1, alpha > 1) */
static double zeta_tail(double alpha, double k)
{
	double sum = 0, n;

	for (n = k; n < k + 64; n++)
		sum += pow(n, -alpha);
	/* Euler-Maclaurin for the rest */
	return sum + pow(n, 1 - alpha) / (alpha - 1) + pow(n, -alpha) / 2 +
	       alpha * pow(n, -alpha - 1) / 12;
}

/*
 * E[ceil(X)] for X Pareto of scale @xm and shape @alpha: the sum over
 * n >= 0 of P(X > n), which is 1 while n < xm and (xm / n)^alpha after.
 */
static double pareto_ceil_mean(double xm, double alpha)
{
	double k = floor(xm);

	return 1 + k + pow(xm, alpha) * zeta_tail(alpha, k + 1);
}

/* the Pareto scale whose ceiling has mean @mean (> 1) */
static double pareto_ceil_scale(double mean, double alpha)
{
	double lo = 0, hi = mean;

	for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (pareto_ceil_mean(mid, alpha) < mean)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static void *onoff_create(const struct traffic_source_env *env,
			  GError **error G_GNUC_UNUSED)
{
	const struct traffic_cfg *cfg = env->cfg;
	struct onoff *o = g_new0(struct onoff, 1);
	double peak = peak_pps(cfg, env->mean_wire_ps);
	double slot;

	o->rand = env->rand;
	o->paced = cfg->burst_rate_pps != 0;
	o->slot_ps = (double)SIM_PS_PER_S / peak;
	slot = o->paced ? o->slot_ps : env->mean_wire_ps;
	o->burst_dist = cfg->burst_dist;
	o->gap_dist = cfg->gap_dist;
	o->burst_mean = cfg->burst_frames;
	o->burst_alpha = cfg->burst_shape;
	o->gap_alpha = cfg->gap_shape;
	if (o->burst_mean > 1) {
		o->burst_log = log1p(-1 / o->burst_mean);
		o->burst_xm = pareto_ceil_scale(o->burst_mean, o->burst_alpha);
	}
	o->gap_mean_ps = MAX(0.0, o->burst_mean *
			     ((double)SIM_PS_PER_S / env->rate_pps - slot));
	o->gap_xm = o->gap_mean_ps * (o->gap_alpha - 1) / o->gap_alpha;
	return o;
}

/* frames in the next burst */
static uint64_t burst_draw(struct onoff *o)
{
	double u, x;

	if (o->burst_mean <= 1)
		return 1;
	u = 1 - g_rand_double(o->rand);		/* (0, 1] */
	if (o->burst_dist == TRAFFIC_DIST_EXPONENTIAL)
		x = 1 + floor(log(u) / o->burst_log);
	else
		x = ceil(o->burst_xm * pow(u, -1 / o->burst_alpha));
	return (uint64_t)CLAMP(x, 1, 1e15);
}

/* the silence after a burst, ps */
static sim_time_t gap_draw(struct onoff *o)
{
	double u, x;

	if (!(o->gap_mean_ps > 0))
		return 0;
	u = 1 - g_rand_double(o->rand);		/* (0, 1] */
	if (o->gap_dist == TRAFFIC_DIST_EXPONENTIAL)
		x = -log(u) * o->gap_mean_ps;
	else
		x = o->gap_xm * pow(u, -1 / o->gap_alpha);
	return (sim_time_t)llround(MIN(x, 1e18));
}

static uint32_t onoff_fill(void *priv, struct traffic_frame *f, uint32_t n)
{
	struct onoff *o = priv;

	for (uint32_t i = 0; i < n; i++) {
		sim_time_t start;

		if (o->j == o->n) {
			/* the next burst, after the silence */
			if (o->started) {
				sim_time_t end = o->paced ?
					o->start + (sim_time_t)llround(
						(double)o->n * o->slot_ps) :
					o->prev;

				o->start = end + gap_draw(o);
			}
			o->started = true;
			o->n = burst_draw(o);
			o->j = 0;
		}
		start = o->paced ? o->start + (sim_time_t)llround(
					(double)o->j * o->slot_ps) : o->start;
		f[i].arrival = MAX(start, o->prev) + f[i].wire;
		o->prev = f[i].arrival;
		o->j++;
		f[i].burst_last = o->j == o->n;
	}
	return n;
}

static void onoff_destroy(void *priv)
{
	g_free(priv);
}

const struct traffic_source_ops onoff_source = {
	.name = "onoff",
	.rate = onoff_rate,
	.create = onoff_create,
	.fill = onoff_fill,
	.destroy = onoff_destroy,
};
