/*
 * models/workload/source_schedule.c - [traffic] arrival=schedule: a rate
 * that steps and ramps over time.
 *
 * The rate at time t is rate_pps x f(t), f given by [traffic] schedule as
 * T:F entries (T in us, ascending): "T:F" steps to F at T; "T:~F" ramps
 * linearly from the entry before to F at T.  f is 0 before the first
 * entry and keeps the last factor after the last.  So
 * "0:1,2000:1,3000:~4,6000:1" is rate_pps for 2 ms, a 1 ms ramp to four
 * times that, 3 ms at it, and rate_pps again.
 *
 * With Lambda(t) = rate_pps x the integral of f from 0 to t (frames),
 * frame k starts when Lambda reaches k (schedule_arrival=constant: even
 * spacing that follows the rate), or when it reaches the sum of k
 * exponentials of mean 1 (poisson: a non-homogeneous Poisson process,
 * by inversion of Lambda; Cinlar, "Introduction to Stochastic
 * Processes", 1975, ch. 4).  A frame never starts before the one ahead
 * has left the wire, so a stretch scheduled above the line rate runs
 * late and catches up after.  If the last factor is 0 the load ends
 * with the schedule's mass.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

/* [start, start + len) at factor f0 + slope x (t - start); times in s */
struct segment {
	double start, len;	/* len: INFINITY for the last */
	double f0, slope;
	double cum;		/* Lambda / rate_pps at start */
};

struct plan {
	struct segment *seg;
	uint32_t n;
	double total;		/* Lambda / rate_pps at the end (maybe inf) */
};

struct schedule {
	struct plan plan;
	double rate;		/* rate_pps */
	bool poisson;
	GRand *rand;
	uint32_t cur;		/* the segment of the last target */
	double target;		/* Lambda of the next frame, frames */
	sim_time_t prev;	/* the last arrival */
	bool over;		/* the schedule's mass is spent */
};

static void plan_clear(struct plan *p)
{
	g_free(p->seg);
}

/* the segments of [traffic] schedule */
static gboolean plan_parse(const char *text, struct plan *p, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	guint n = g_strv_length(parts);
	g_autofree double *t = g_new(double, n);
	g_autofree double *f = g_new(double, n);
	g_autofree bool *ramp = g_new(bool, n);
	bool any = false;
	double cum = 0;

	for (guint i = 0; i < n; i++) {
		char *e = g_strstrip(parts[i]), *colon = strchr(e, ':');
		char *end1 = NULL, *end2 = NULL, *fs;

		if (colon) {
			*colon = '\0';
			fs = g_strstrip(colon + 1);
			ramp[i] = *fs == '~';
			if (ramp[i])
				fs++;
			t[i] = g_ascii_strtod(g_strstrip(e), &end1);
			f[i] = *fs && g_ascii_isdigit(*fs) ?
			       g_ascii_strtod(fs, &end2) : -1;
		}
		if (!colon || !*e || *end1 || !end2 || *end2 ||
		    !isfinite(t[i]) || t[i] < 0 || !isfinite(f[i]) ||
		    f[i] < 0) {
			if (colon)
				*colon = ':';
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "schedule: entry %u \"%s\" is not T:F or T:~F (T in us, F a factor of at least 0)",
				    i + 1, e);
			return FALSE;
		}
		if (i && t[i] <= t[i - 1]) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "schedule: entry %u: %g us is not after %g us",
				    i + 1, t[i], t[i - 1]);
			return FALSE;
		}
		if (!i && ramp[i]) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "schedule: entry 1 ramps from nothing (write T:F first)");
			return FALSE;
		}
		any |= f[i] > 0;
	}
	if (!any) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "schedule: every factor is 0: no frame would be sent");
		return FALSE;
	}
	/* [0, t0) silent, then one segment per entry */
	p->seg = g_new0(struct segment, n + 1);
	p->n = 0;
	if (t[0] > 0)
		p->seg[p->n++] = (struct segment) {
			.start = 0, .len = t[0] * 1e-6,
		};
	for (guint i = 0; i < n; i++) {
		struct segment *s = &p->seg[p->n++];

		s->start = t[i] * 1e-6;
		s->f0 = f[i];
		if (i + 1 < n) {
			s->len = (t[i + 1] - t[i]) * 1e-6;
			if (ramp[i + 1])
				s->slope = (f[i + 1] - f[i]) / s->len;
		} else {
			s->len = INFINITY;
		}
	}
	for (uint32_t k = 0; k < p->n; k++) {
		struct segment *s = &p->seg[k];

		s->cum = cum;
		if (isinf(s->len))
			cum = s->f0 > 0 ? INFINITY : cum;
		else
			cum += s->f0 * s->len + s->slope * s->len * s->len / 2;
	}
	p->total = cum;
	return TRUE;
}

/*
 * The time (s) at which Lambda / rate reaches @y, from segment *@k on
 * (which moves forward); INFINITY if it never does.
 */
static double plan_invert(const struct plan *p, uint32_t *k, double y)
{
	/* the last segment that starts at or below y (past silent ones) */
	while (*k + 1 < p->n && p->seg[*k + 1].cum <= y)
		(*k)++;
	{
		const struct segment *s = &p->seg[*k];
		double d = y - s->cum, tau;

		if (s->slope == 0 && !(s->f0 > 0))
			return INFINITY;	/* silent to the end */
		if (!(d > 0))
			return s->start;
		if (s->slope == 0) {
			tau = d / s->f0;
		} else {
			double disc = s->f0 * s->f0 + 2 * s->slope * d;

			tau = 2 * d / (s->f0 + sqrt(MAX(disc, 0.0)));
			if (!isfinite(tau))
				return INFINITY;
		}
		if (tau > s->len)
			return INFINITY;	/* the last segment's mass */
		return s->start + tau;
	}
}

static gboolean schedule_check(const struct traffic_cfg *cfg,
			       GError **error)
{
	struct plan p = { 0 };
	gboolean ok = plan_parse(cfg->schedule, &p, error);

	plan_clear(&p);
	return ok;
}

/* the window's end: packets reached, or duration_us */
static sim_time_t schedule_offered_end(const struct traffic_cfg *cfg,
				       double rate_pps G_GNUC_UNUSED)
{
	struct plan p = { 0 };
	sim_time_t end = SIM_TIME_NEVER;
	uint32_t k = 0;

	if (!plan_parse(cfg->schedule, &p, NULL))
		return end;
	if (cfg->packets) {
		double t = plan_invert(&p, &k, (double)cfg->packets /
					       (double)cfg->rate_pps);

		if (isinf(t))	/* the schedule runs dry first */
			t = p.seg[p.n - 1].start;
		end = (sim_time_t)llround(t * (double)SIM_PS_PER_S);
	}
	if (cfg->duration_us)
		end = MIN(end, SIM_US(cfg->duration_us));
	plan_clear(&p);
	return end;
}

/* Lambda / rate_pps at @t seconds */
static double plan_mass(const struct plan *p, double t)
{
	for (uint32_t k = p->n; k-- > 0;) {
		const struct segment *s = &p->seg[k];
		double tau;

		if (t < s->start)
			continue;
		tau = MIN(t - s->start, s->len);
		return s->cum + s->f0 * tau + s->slope * tau * tau / 2;
	}
	return 0;
}

/* ipps: the mean rate over the offered window */
static double schedule_rate(const struct traffic_cfg *cfg,
			    double mean_wire_ps G_GNUC_UNUSED)
{
	sim_time_t end = schedule_offered_end(cfg, 0);
	struct plan p = { 0 };
	double t, frames;

	if (end == SIM_TIME_NEVER || !end ||
	    !plan_parse(cfg->schedule, &p, NULL))
		return (double)cfg->rate_pps;
	t = (double)end / (double)SIM_PS_PER_S;
	frames = plan_mass(&p, t) * (double)cfg->rate_pps;
	if (cfg->packets)
		frames = MIN(frames, (double)cfg->packets);
	plan_clear(&p);
	return frames / t;
}

static void *schedule_create(const struct traffic_source_env *env,
			     GError **error)
{
	struct schedule *s = g_new0(struct schedule, 1);

	if (!plan_parse(env->cfg->schedule, &s->plan, error)) {
		g_free(s);
		return NULL;
	}
	s->rate = (double)env->cfg->rate_pps;
	s->poisson = env->cfg->schedule_arrival == TRAFFIC_POISSON;
	s->rand = env->rand;
	return s;
}

static uint32_t schedule_fill(void *priv, struct traffic_frame *f,
			      uint32_t n)
{
	struct schedule *s = priv;

	for (uint32_t i = 0; i < n; i++) {
		double t;
		sim_time_t start;

		if (s->over)
			return i;
		t = plan_invert(&s->plan, &s->cur, s->target / s->rate);
		if (isinf(t) || t > 1e6) {
			s->over = true;
			return i;
		}
		start = (sim_time_t)llround(t * (double)SIM_PS_PER_S);
		f[i].arrival = MAX(start, s->prev) + f[i].wire;
		s->prev = f[i].arrival;
		if (s->poisson)
			s->target += exp_draw(s->rand);
		else
			s->target += 1;
	}
	return n;
}

static void schedule_destroy(void *priv)
{
	struct schedule *s = priv;

	plan_clear(&s->plan);
	g_free(s);
}

const struct traffic_source_ops schedule_source = {
	.name = "schedule",
	.check = schedule_check,
	.rate = schedule_rate,
	.offered_end = schedule_offered_end,
	.create = schedule_create,
	.fill = schedule_fill,
	.destroy = schedule_destroy,
};
