/*
 * models/workload/traffic.c - offered load: a packet generator on the far end of
 * one Ethernet link, as pktgen in Olsson's measurements.
 *
 * Frames of one size arrive at a constant rate or as a Poisson process.
 * Each frame occupies the wire for (size + FCS 4 + preamble 8 + IFG 12)
 * bytes, so the offered rate never exceeds line rate: a higher rate_pps
 * is capped (and ipps reports the capped rate).  An arrival is the time
 * the frame's last bit is received.
 *
 * MODEL: Poisson gaps are wire time plus an exponential of mean
 * (1/rate - wire time), so back-to-back frames never overlap and the mean
 * rate is still rate_pps.  One GRand per stream, seeded from the scenario.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/workload/traffic.h"

#define PS_PER_S 1000000000000ULL

static sim_time_t arrival_of(struct traffic *t, uint64_t k)
{
	const struct traffic_cfg *cfg = t->cfg;

	if (cfg->arrival == TRAFFIC_CONSTANT) {
		if ((double)cfg->rate_pps <= t->rate_pps)
			/* not capped: exact rational spacing */
			return t->wire_ps + (sim_time_t)(((unsigned __int128)k *
					PS_PER_S) / cfg->rate_pps);
		return t->wire_ps + k * t->wire_ps;
	}
	/* Poisson: called in order, k == emitted */
	if (k == 0)
		return t->wire_ps;
	{
		double u = g_rand_double(t->rand);	/* [0, 1) */
		double extra = -log1p(-u) * (t->mean_ps - (double)t->wire_ps);

		return t->next + t->wire_ps + (sim_time_t)llround(extra);
	}
}

static void set_next(struct traffic *t)
{
	sim_time_t a;

	if (t->limit && t->emitted >= t->limit) {
		t->next = SIM_TIME_NEVER;
		return;
	}
	a = arrival_of(t, t->emitted);
	t->next = (t->end && a >= t->end) ? SIM_TIME_NEVER : a;
}

sim_time_t traffic_wire_ps(const struct traffic_cfg *cfg, uint32_t size)
{
	/* FCS, preamble + SFD, inter-frame gap */
	uint64_t wire_bytes = size + 4 + 8 + 12;

	/* bits / (Mbit/s) = us; in ps: bytes * 8 * 1e6 / mbps */
	return wire_bytes * 8000000ULL / cfg->line_rate_mbps;
}

void traffic_init(struct traffic *t, const struct traffic_cfg *cfg)
{
	double line_pps;

	*t = (struct traffic) { .cfg = cfg };
	t->wire_ps = traffic_wire_ps(cfg, cfg->size);
	line_pps = (double)PS_PER_S / (double)t->wire_ps;
	t->rate_pps = MIN((double)cfg->rate_pps, line_pps);
	t->mean_ps = (double)PS_PER_S / t->rate_pps;
	/* whichever limit comes first; 0 disables one */
	t->limit = cfg->packets;
	t->end = SIM_US(cfg->duration_us);
	t->rand = g_rand_new_with_seed((guint32)(cfg->seed ^ (cfg->seed >> 32)));
	set_next(t);
}

void traffic_destroy(struct traffic *t)
{
	if (t->rand)
		g_rand_free(t->rand);
	t->rand = NULL;
}

void traffic_pop(struct traffic *t)
{
	g_assert(t->next != SIM_TIME_NEVER);
	t->emitted++;
	set_next(t);
}

static gboolean traffic_check(const void *p, GError **error)
{
	const struct traffic_cfg *cfg = p;

	if (!cfg->packets && !cfg->duration_us) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "packets and duration_us are both 0: the load would never end");
		return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- params */

#define S struct traffic_cfg
static const struct sim_param traffic_params[] = {
	SIM_PARAM_U64(S, rate_pps, "rate_pps", 100000, 1, 1e9, "pkts/s", "offered packet rate (capped at line rate)"),
	SIM_PARAM_U64(S, packets, "packets", 100000, 0, 1e10, "pkts", "offer at most this many frames (0: no limit)"),
	SIM_PARAM_U64(S, duration_us, "duration_us", 0, 0, 1e9, "us", "offer no frame at or after this time (0: no limit); the first limit reached ends the load"),
	SIM_PARAM_U32(S, size, "size", 64, 60, 9000, "bytes", "frame size without FCS, as pktgen pkt_size"),
	SIM_PARAM_ENUM(S, arrival, "arrival", 0, "constant|poisson", "arrival process"),
	SIM_PARAM_U64(S, seed, "seed", 1, 0, 18446744073709551615.0, "", "seed of every random stream of the point"),
	SIM_PARAM_U32(S, line_rate_mbps, "line_rate_mbps", 1000, 10, 800000, "Mbit/s", "wire speed; each frame also takes FCS 4 + preamble 8 + IFG 12 bytes"),
	{ }
};
#undef S

const struct sim_model_ops traffic_model_ops = {
	.name = "traffic",
	.help = "[traffic] offered load: constant-rate or Poisson arrivals of one frame size, capped at the wire's line rate",
	.params = traffic_params,
	.cfg_size = sizeof(struct traffic_cfg),
	.check = traffic_check,
};
