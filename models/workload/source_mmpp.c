/*
 * models/workload/source_mmpp.c - [traffic] arrival=mmpp: a
 * Markov-modulated Poisson process.
 *
 * The load is in one of S states (at most MMPP_MAX_STATES).  State s
 * lasts an exponential time of mean mmpp_sojourn_us[s], then jumps to
 * state t with probability mmpp_next[s][t] (by default, uniformly to any
 * other state); within it, frames arrive as a Poisson process of rate
 * c x mmpp_rates[s].  The constant c makes the long-run mean rate_pps:
 * with nu the stationary distribution of the jump chain, state s holds
 * the fraction pi_s = nu_s T_s / sum(nu_t T_t) of the time, and
 * c = rate_pps / sum(pi_s mmpp_rates[s]).  Two states, one silent, make
 * an interrupted Poisson process: exponential on/off.  (Fischer and
 * Meier-Hellstern, "The Markov-modulated Poisson process (MMPP)
 * cookbook", Performance Evaluation 18(2), 1993.)
 *
 * As for arrival=poisson (MODEL 1, models/workload/source_poisson.c),
 * the gap before a frame is its wire time plus an exponential idle time
 * of mean 1/rate - the mean wire time, so frames never overlap; a state
 * faster than the line rate sends back to back (and ipps counts it at
 * the line rate).  An idle time that outlasts its state is dropped at
 * the state's end (the process is memoryless) and drawn again in the
 * next state.  The load starts in state 0 at time 0.  Every draw is
 * from the arrival stream.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

#define MMPP_MAX_STATES 16

struct mmpp_spec {
	uint32_t n;
	double rate[MMPP_MAX_STATES];		/* relative */
	double sojourn_ps[MMPP_MAX_STATES];
	double next[MMPP_MAX_STATES][MMPP_MAX_STATES];	/* rows sum to 1 */
	bool uniform;				/* next: any other, evenly */
	double pi[MMPP_MAX_STATES];		/* share of time */
};

struct mmpp {
	struct mmpp_spec spec;
	GRand *rand;
	double idle_ps[MMPP_MAX_STATES];	/* < 0: silent */
	uint32_t state;
	sim_time_t state_end;
	sim_time_t prev;	/* the last arrival */
	sim_time_t from;	/* where the idle time being drawn starts */
};

/* "a,b,c": doubles >= 0 (or > 0), at most MMPP_MAX_STATES */
static gboolean parse_list(const char *key, const char *text, double *out,
			   uint32_t *n, bool positive, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);

	*n = g_strv_length(parts);
	if (*n > MMPP_MAX_STATES) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "%s: %u states, at most %d", key, *n,
			    MMPP_MAX_STATES);
		return FALSE;
	}
	for (uint32_t i = 0; i < *n; i++) {
		char *s = g_strstrip(parts[i]), *end;
		double v = *s ? g_ascii_strtod(s, &end) : -1;

		if (!*s || *end || !isfinite(v) || v < 0 ||
		    (positive && v == 0)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "%s: entry %u \"%s\" is not a number %s 0",
				    key, i + 1, s,
				    positive ? "above" : "of at least");
			return FALSE;
		}
		out[i] = v;
	}
	return TRUE;
}

/* nu = nu P, sum nu = 1, by Gaussian elimination; FALSE if not unique */
static gboolean stationary(const struct mmpp_spec *sp, double *nu)
{
	uint32_t n = sp->n;
	double a[MMPP_MAX_STATES][MMPP_MAX_STATES + 1];

	/* (P^T - I) nu = 0, its last row replaced by sum nu = 1 */
	for (uint32_t i = 0; i < n; i++) {
		for (uint32_t j = 0; j < n; j++)
			a[i][j] = sp->next[j][i] - (i == j);
		a[i][n] = 0;
	}
	for (uint32_t j = 0; j <= n; j++)
		a[n - 1][j] = 1;
	for (uint32_t c = 0; c < n; c++) {
		uint32_t piv = c;

		for (uint32_t r = c + 1; r < n; r++)
			if (fabs(a[r][c]) > fabs(a[piv][c]))
				piv = r;
		if (fabs(a[piv][c]) < 1e-12)
			return FALSE;
		for (uint32_t j = 0; j <= n; j++) {
			double t = a[c][j];

			a[c][j] = a[piv][j];
			a[piv][j] = t;
		}
		for (uint32_t r = 0; r < n; r++) {
			double k;

			if (r == c)
				continue;
			k = a[r][c] / a[c][c];
			for (uint32_t j = c; j <= n; j++)
				a[r][j] -= k * a[c][j];
		}
	}
	for (uint32_t i = 0; i < n; i++)
		nu[i] = a[i][n] / a[i][i];
	return TRUE;
}

static gboolean spec_parse(const struct traffic_cfg *cfg,
			   struct mmpp_spec *sp, GError **error)
{
	double soj[MMPP_MAX_STATES], nu[MMPP_MAX_STATES], sum = 0, mean = 0;
	uint32_t ns;

	memset(sp, 0, sizeof(*sp));
	if (!parse_list("mmpp_rates", cfg->mmpp_rates, sp->rate, &sp->n,
			false, error) ||
	    !parse_list("mmpp_sojourn_us", cfg->mmpp_sojourn_us, soj, &ns,
			true, error))
		return FALSE;
	if (ns != sp->n) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "mmpp_sojourn_us: %u sojourn times for the %u states of mmpp_rates",
			    ns, sp->n);
		return FALSE;
	}
	for (uint32_t i = 0; i < sp->n; i++)
		sp->sojourn_ps[i] = soj[i] * 1e6;
	if (!cfg->mmpp_next[0]) {
		sp->uniform = true;
		for (uint32_t i = 0; i < sp->n; i++)
			for (uint32_t j = 0; j < sp->n; j++)
				sp->next[i][j] = sp->n == 1 ? 1 :
					i == j ? 0 : 1.0 / (sp->n - 1);
	} else {
		g_auto(GStrv) rows = g_strsplit(cfg->mmpp_next, "/", -1);

		if (g_strv_length(rows) != sp->n) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "mmpp_next: %u rows for the %u states of mmpp_rates",
				    g_strv_length(rows), sp->n);
			return FALSE;
		}
		for (uint32_t i = 0; i < sp->n; i++) {
			g_autofree char *key = g_strdup_printf(
				"mmpp_next row %u", i + 1);
			double row = 0;
			uint32_t m;

			if (!parse_list(key, rows[i], sp->next[i], &m, false,
					error))
				return FALSE;
			if (m != sp->n) {
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "mmpp_next: row %u has %u entries, not %u",
					    i + 1, m, sp->n);
				return FALSE;
			}
			if (sp->n > 1 && sp->next[i][i] > 0) {
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "mmpp_next: row %u goes from state %u to itself (a state ends by leaving)",
					    i + 1, i);
				return FALSE;
			}
			for (uint32_t j = 0; j < m; j++)
				row += sp->next[i][j];
			if (sp->n > 1 && !(row > 0)) {
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "mmpp_next: row %u leads nowhere",
					    i + 1);
				return FALSE;
			}
			for (uint32_t j = 0; j < m; j++)
				sp->next[i][j] = sp->n == 1 ? 1 :
						 sp->next[i][j] / row;
		}
	}
	if (!stationary(sp, nu)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "mmpp_next: the states do not all reach one another (no single long-run mix of states)");
		return FALSE;
	}
	for (uint32_t i = 0; i < sp->n; i++)
		sum += nu[i] * sp->sojourn_ps[i];
	for (uint32_t i = 0; i < sp->n; i++) {
		sp->pi[i] = nu[i] * sp->sojourn_ps[i] / sum;
		mean += sp->pi[i] * sp->rate[i];
	}
	if (!(mean > 0)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "mmpp_rates: every state is silent");
		return FALSE;
	}
	return TRUE;
}

static gboolean mmpp_check(const struct traffic_cfg *cfg, GError **error)
{
	struct mmpp_spec sp;

	return spec_parse(cfg, &sp, error);
}

/*
 * ipps: the long-run rate, each state's at most the line rate (a state
 * asked to go faster sends back to back)
 */
static double mmpp_rate(const struct traffic_cfg *cfg, double mean_wire_ps)
{
	double line = (double)SIM_PS_PER_S / mean_wire_ps;
	double want = MIN((double)cfg->rate_pps, line), mean = 0, rate = 0;
	struct mmpp_spec sp;

	if (!spec_parse(cfg, &sp, NULL))
		return want;
	for (uint32_t i = 0; i < sp.n; i++)
		mean += sp.pi[i] * sp.rate[i];
	for (uint32_t i = 0; i < sp.n; i++)
		rate += sp.pi[i] * MIN(want * sp.rate[i] / mean, line);
	return rate;
}

static sim_time_t sojourn_draw(struct mmpp *m)
{
	double u = 1 - g_rand_double(m->rand);	/* (0, 1] */

	return (sim_time_t)llround(MIN(-log(u) *
				       m->spec.sojourn_ps[m->state], 1e18));
}

/* the state after m->state */
static uint32_t next_draw(struct mmpp *m)
{
	const double *row = m->spec.next[m->state];
	uint32_t n = m->spec.n, last = 0;
	double u;

	if (n == 2 && m->spec.uniform)
		return !m->state;		/* the other one: no draw */
	u = g_rand_double(m->rand);
	for (uint32_t j = 0; j < n; j++) {
		if (row[j] <= 0)
			continue;
		last = j;
		if (u < row[j])
			return j;
		u -= row[j];
	}
	return last;				/* rounding */
}

static void *mmpp_create(const struct traffic_source_env *env,
			 GError **error)
{
	struct mmpp *m = g_new0(struct mmpp, 1);
	double mean = 0, c;

	if (!spec_parse(env->cfg, &m->spec, error)) {
		g_free(m);
		return NULL;
	}
	for (uint32_t i = 0; i < m->spec.n; i++)
		mean += m->spec.pi[i] * m->spec.rate[i];
	/* rate_pps (at most the line rate) is the mean of the states' rates
	 * as asked; env->rate_pps has the states capped */
	c = MIN((double)env->cfg->rate_pps,
		(double)SIM_PS_PER_S / env->mean_wire_ps) / mean;
	for (uint32_t i = 0; i < m->spec.n; i++)
		m->idle_ps[i] = m->spec.rate[i] > 0 ?
			MAX(0.0, (double)SIM_PS_PER_S / (c * m->spec.rate[i]) -
				 env->mean_wire_ps) : -1;
	m->rand = env->rand;
	m->state = 0;
	m->state_end = m->spec.n > 1 ? sojourn_draw(m) : SIM_TIME_NEVER;
	return m;
}

static uint32_t mmpp_fill(void *priv, struct traffic_frame *f, uint32_t n)
{
	struct mmpp *m = priv;

	for (uint32_t i = 0; i < n; i++) {
		for (;;) {
			double idle = m->idle_ps[m->state];
			sim_time_t from = MAX(m->from, m->prev), start;

			if (idle >= 0) {
				/* at the line rate: back to back, no draw;
				 * rounded to the picosecond, as Poisson */
				double extra = idle > 0 ?
					exp_draw(m->rand) * idle : 0;

				start = from + (sim_time_t)(extra + 0.5);
				if (start < m->state_end) {
					f[i].arrival = start + f[i].wire;
					break;
				}
			}
			/* the state ends first: the next one */
			m->from = m->state_end;
			m->state = next_draw(m);
			m->state_end += sojourn_draw(m);
		}
		m->prev = f[i].arrival;
	}
	return n;
}

static void mmpp_destroy(void *priv)
{
	g_free(priv);
}

const struct traffic_source_ops mmpp_source = {
	.name = "mmpp",
	.check = mmpp_check,
	.rate = mmpp_rate,
	.create = mmpp_create,
	.fill = mmpp_fill,
	.destroy = mmpp_destroy,
};
