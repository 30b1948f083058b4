/*
 * models/workload/traffic.c - offered load: a packet generator on the far
 * end of one Ethernet link, as pktgen in Olsson's measurements.
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
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/stack/skbuff.h"
#include "models/workload/traffic.h"

struct traffic {
	const struct traffic_cfg *cfg;
	sim_time_t wire_ps;	/* a frame on the wire, FCS/preamble/IFG too */
	sim_time_t end;		/* duration mode: no arrival at or after this */
	uint64_t limit;		/* packets mode: this many arrivals */
	double rate_pps;	/* offered, after the line-rate cap */
	uint64_t emitted;	/* arrivals handed out so far */
	sim_time_t next;	/* arrival of packet number `emitted` */
	GRand *rand;		/* arrival process stream */
	double mean_ps;
};

static sim_time_t arrival_of(struct traffic *t, uint64_t k)
{
	const struct traffic_cfg *cfg = t->cfg;

	if (cfg->arrival == TRAFFIC_CONSTANT) {
		if ((double)cfg->rate_pps <= t->rate_pps)
			/* not capped: exact rational spacing */
			return t->wire_ps + (sim_time_t)(((unsigned __int128)k *
					SIM_PS_PER_S) / cfg->rate_pps);
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

sim_time_t traffic_wire_ps(uint32_t line_rate_mbps, uint32_t size)
{
	/* FCS, preamble + SFD, inter-frame gap */
	uint64_t wire_bytes = size + 4 + 8 + 12;

	/* bits / (Mbit/s) = us; in ps: bytes * 8 * 1e6 / mbps */
	return wire_bytes * 8000000ULL / line_rate_mbps;
}

struct traffic *traffic_new(const struct traffic_cfg *cfg)
{
	struct traffic *t = g_new0(struct traffic, 1);
	double line_pps;

	t->cfg = cfg;
	t->wire_ps = traffic_wire_ps(cfg->line_rate_mbps, cfg->size);
	line_pps = (double)SIM_PS_PER_S / (double)t->wire_ps;
	t->rate_pps = MIN((double)cfg->rate_pps, line_pps);
	t->mean_ps = (double)SIM_PS_PER_S / t->rate_pps;
	/* whichever limit comes first; 0 disables one */
	t->limit = cfg->packets;
	t->end = SIM_US(cfg->duration_us);
	t->rand = g_rand_new_with_seed((guint32)(cfg->seed ^
						 (cfg->seed >> 32)));
	set_next(t);
	return t;
}

void traffic_free(struct traffic *t)
{
	if (!t)
		return;
	g_rand_free(t->rand);
	g_free(t);
}

sim_time_t traffic_peek(const struct traffic *t)
{
	return t->next;
}

void traffic_pop(struct traffic *t, struct sk_buff *skb)
{
	g_assert(t->next != SIM_TIME_NEVER);
	skb->arrival = t->next;
	skb->len = t->cfg->size;
	skb->truesize = 0;
	t->emitted++;
	set_next(t);
}

double traffic_rate_pps(const struct traffic *t)
{
	return t->rate_pps;
}

uint64_t traffic_emitted(const struct traffic *t)
{
	return t->emitted;
}

uint32_t traffic_line_rate_mbps(const struct traffic *t)
{
	return t->cfg->line_rate_mbps;
}

/* ---------------------------------------------------------------- model */

static void *traffic_create(struct machine *m, const void *cfg,
			    GError **error G_GNUC_UNUSED)
{
	m->traffic = traffic_new(cfg);
	return m->traffic;
}

static void traffic_report(void *p, struct sim_report *r)
{
	struct traffic *t = p;

	sim_row_add_u64(r->row, "psize", t->cfg->size);
	sim_row_add_u64(r->row, "ipps", (uint64_t)(t->rate_pps + 0.5));
	sim_row_add_u64(r->row, "offered", t->emitted);
}

static void traffic_destroy(void *p)
{
	traffic_free(p);
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
	.create = traffic_create,
	.report = traffic_report,
	.destroy = traffic_destroy,
};
