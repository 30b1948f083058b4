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
 *
 * Flows: the frames belong to `flows` UDP/IPv4 5-tuples, generated from
 * the seed (pktgen-style: sources drawn from 10.0.0.0/8 with ports
 * 1024..65535, all to 192.168.0.1 port 9, each tuple distinct) or listed
 * in flow_list.  Each frame's flow is drawn from its own GRand stream
 * (uniform, or zipf with exponent zipf_s: flow k, from 0, is chosen with
 * probability proportional to 1 / (k + 1)^s), so adding flows never
 * changes the arrival times; one flow draws nothing.  Every frame carries
 * its flow and its sequence number within it, and the flow table (the
 * "flow" detail) counts what was offered, what reached the socket or the
 * output device, and what got there out of order.
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

/* one flow: its 5-tuple, and what happened to its frames */
struct flow {
	struct flow_keys keys;
	uint64_t offered;	/* frames sent; the next one's seq */
	uint64_t received;	/* reached netif_receive_skb() */
	uint64_t delivered;	/* taken by the socket / the output device */
	uint64_t out_of_order;	/* got there after a later frame */
	uint64_t next_seq;	/* highest seq that got there, + 1 */
	uint32_t hash;		/* skb->hash as the stack saw it */
	uint32_t rx_queue;	/* the first RX queue it came in on */
	uint64_t rx_queues;	/* mask of the RX queues (below 64) seen */
};

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
	struct flow *flows;
	uint32_t nflows;
	GRand *flow_rand;	/* which flow each frame is: its own stream */
	double *zipf_cdf;	/* zipf: cumulative weights, or NULL */
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

/* ---------------------------------------------------------------- flows */

/* a stream of the point's seed, told apart from the others by @salt */
static GRand *seed_stream(uint64_t seed, guint32 salt)
{
	guint32 s[3] = { (guint32)seed, (guint32)(seed >> 32), salt };

	return g_rand_new_with_seed_array(s, G_N_ELEMENTS(s));
}

static bool parse_ipv4(const char *s, uint32_t *addr, const char **end)
{
	uint32_t a = 0;

	for (int i = 0; i < 4; i++) {
		char *e;
		guint64 v;

		if (!g_ascii_isdigit(*s))
			return false;
		v = g_ascii_strtoull(s, &e, 10);
		if (v > 255 || e - s > 3)
			return false;
		a = a << 8 | (uint32_t)v;
		s = e;
		if (i < 3 && *s++ != '.')
			return false;
	}
	*addr = a;
	*end = s;
	return true;
}

static bool parse_port(const char *s, uint16_t *port, const char **end)
{
	char *e;
	guint64 v;

	if (!g_ascii_isdigit(*s))
		return false;
	v = g_ascii_strtoull(s, &e, 10);
	if (v > 65535 || e - s > 5)
		return false;
	*port = (uint16_t)v;
	*end = e;
	return true;
}

/* "SADDR:SPORT-DADDR:DPORT" */
static bool parse_flow(const char *s, struct flow_keys *k)
{
	const char *p = s;

	*k = (struct flow_keys) { .ip_proto = 17 };
	return parse_ipv4(p, &k->saddr, &p) && *p++ == ':' &&
	       parse_port(p, &k->sport, &p) && *p++ == '-' &&
	       parse_ipv4(p, &k->daddr, &p) && *p++ == ':' &&
	       parse_port(p, &k->dport, &p) && !*p;
}

GArray *traffic_flow_list_parse(const char *text, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);
	g_autoptr(GArray) out = g_array_new(FALSE, FALSE,
					    sizeof(struct flow_keys));

	for (guint i = 0; parts[i]; i++) {
		struct flow_keys k;
		char *f = g_strstrip(parts[i]);

		if (!parse_flow(f, &k)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "flow_list: flow %u \"%s\" is not SADDR:SPORT-DADDR:DPORT (IPv4)",
				    i + 1, f);
			return NULL;
		}
		g_array_append_val(out, k);
	}
	return g_steal_pointer(&out);
}

/* flows drawn from the seed: distinct sources, one destination */
static void flows_generate(struct traffic *t)
{
	GRand *r = seed_stream(t->cfg->seed, 0x7475706c);	/* "tupl" */
	g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash,
						      g_int64_equal);
	g_autofree gint64 *keys = g_new(gint64, t->nflows);

	for (uint32_t i = 0; i < t->nflows; i++) {
		struct flow_keys *k = &t->flows[i].keys;

		do {
			*k = (struct flow_keys) {
				.saddr = 0x0a000000u |
					 (uint32_t)g_rand_int_range(r, 1,
								    1 << 24),
				.sport = (uint16_t)g_rand_int_range(r, 1024,
								    65536),
				.daddr = 0xc0a80001u,	/* 192.168.0.1 */
				.dport = 9,		/* pktgen's */
				.ip_proto = 17,
			};
			keys[i] = (gint64)k->saddr << 16 | k->sport;
		} while (g_hash_table_contains(seen, &keys[i]));
		g_hash_table_add(seen, &keys[i]);
	}
	g_rand_free(r);
}

static void flows_init(struct traffic *t)
{
	const struct traffic_cfg *cfg = t->cfg;

	if (cfg->flow_list[0]) {
		g_autoptr(GArray) list =
			traffic_flow_list_parse(cfg->flow_list, NULL);

		g_assert(list);		/* traffic_check() parsed it */
		t->nflows = list->len;
		t->flows = g_new0(struct flow, t->nflows);
		for (uint32_t i = 0; i < t->nflows; i++)
			t->flows[i].keys = g_array_index(list,
							 struct flow_keys, i);
	} else {
		t->nflows = MAX(cfg->flows, 1);	/* 0: a config built by hand */
		t->flows = g_new0(struct flow, t->nflows);
		flows_generate(t);
	}
	if (t->nflows == 1)
		return;			/* draws nothing */
	t->flow_rand = seed_stream(cfg->seed, 0x666c6f77);	/* "flow" */
	if (cfg->flow_dist == TRAFFIC_FLOWS_ZIPF) {
		double sum = 0;

		t->zipf_cdf = g_new(double, t->nflows);
		for (uint32_t k = 0; k < t->nflows; k++) {
			sum += pow((double)k + 1, -cfg->zipf_s);
			t->zipf_cdf[k] = sum;
		}
	}
}

/* the flow of the next frame */
static uint32_t flow_pick(struct traffic *t)
{
	uint32_t lo = 0, hi;
	double u;

	if (t->nflows == 1)
		return 0;
	if (!t->zipf_cdf)
		return (uint32_t)g_rand_int_range(t->flow_rand, 0,
						  (gint32)t->nflows);
	/* the first k whose cumulative weight exceeds u */
	u = g_rand_double(t->flow_rand) * t->zipf_cdf[t->nflows - 1];
	hi = t->nflows - 1;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->zipf_cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

uint32_t traffic_nr_flows(const struct traffic *t)
{
	return t->nflows;
}

const struct flow_keys *traffic_flow_keys(const struct traffic *t,
					  uint32_t flow)
{
	g_assert(flow < t->nflows);
	return &t->flows[flow].keys;
}

void traffic_flow_received(struct traffic *t, const struct sk_buff *skb)
{
	struct flow *f = &t->flows[skb->flow];

	if (!f->received++)
		f->rx_queue = skb_rx_queue_recorded(skb) ?
			      skb_get_rx_queue(skb) : 0;
	if (skb_rx_queue_recorded(skb) && skb_get_rx_queue(skb) < 64)
		f->rx_queues |= 1ULL << skb_get_rx_queue(skb);
	f->hash = skb->hash;
}

void traffic_flow_delivered(struct traffic *t, const struct sk_buff *skb,
			    bool taken)
{
	struct flow *f = &t->flows[skb->flow];

	if (skb->seq < f->next_seq)
		f->out_of_order++;
	else
		f->next_seq = (uint64_t)skb->seq + 1;
	if (taken)
		f->delivered++;
}

/* ---------------------------------------------------------------- arrivals */

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
	flows_init(t);
	set_next(t);
	return t;
}

void traffic_free(struct traffic *t)
{
	if (!t)
		return;
	g_rand_free(t->rand);
	if (t->flow_rand)
		g_rand_free(t->flow_rand);
	g_free(t->zipf_cdf);
	g_free(t->flows);
	g_free(t);
}

sim_time_t traffic_peek(const struct traffic *t)
{
	return t->next;
}

void traffic_pop(struct traffic *t, struct sk_buff *skb)
{
	g_assert(t->next != SIM_TIME_NEVER);

	uint32_t flow = flow_pick(t);

	*skb = (struct sk_buff) {
		.arrival = t->next, .len = t->cfg->size, .flow = flow,
		.seq = (uint32_t)t->flows[flow].offered++,
	};
	t->emitted++;
	set_next(t);
}

double traffic_rate_pps(const struct traffic *t)
{
	return t->rate_pps;
}

sim_time_t traffic_cfg_offered_end(const struct traffic_cfg *cfg)
{
	sim_time_t wire = traffic_wire_ps(cfg->line_rate_mbps, cfg->size);
	double rate = MIN((double)cfg->rate_pps,
			  (double)SIM_PS_PER_S / (double)wire);
	sim_time_t end = SIM_TIME_NEVER;

	if (cfg->packets)
		end = (sim_time_t)llround((double)cfg->packets *
					  (double)SIM_PS_PER_S / rate);
	if (cfg->duration_us)
		end = MIN(end, SIM_US(cfg->duration_us));
	return end;
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
	uint64_t out_of_order = 0;

	sim_row_add_u64(r->row, "psize", t->cfg->size);
	sim_row_add_u64(r->row, "ipps", (uint64_t)(t->rate_pps + 0.5));
	sim_row_add_u64(r->row, "offered", t->emitted);
	for (uint32_t i = 0; i < t->nflows; i++)
		out_of_order += t->flows[i].out_of_order;
	/* the flow table's, summed: the row says whether any flow was
	 * reordered, the table which */
	sim_row_add_u64(r->row, "out_of_order", out_of_order);
	for (uint32_t i = 0; i < t->nflows; i++) {
		const struct flow *f = &t->flows[i];
		const struct flow_keys *k = &f->keys;
		char id[16], buf[32];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", i);
		d = sim_report_object(r, "flow", id);
		g_snprintf(buf, sizeof(buf), "%u.%u.%u.%u:%u", k->saddr >> 24,
			   (k->saddr >> 16) & 0xff, (k->saddr >> 8) & 0xff,
			   k->saddr & 0xff, k->sport);
		sim_row_add_str(d, "src", buf);
		g_snprintf(buf, sizeof(buf), "%u.%u.%u.%u:%u", k->daddr >> 24,
			   (k->daddr >> 16) & 0xff, (k->daddr >> 8) & 0xff,
			   k->daddr & 0xff, k->dport);
		sim_row_add_str(d, "dst", buf);
		g_snprintf(buf, sizeof(buf), "0x%08x", f->hash);
		sim_row_add_str(d, "hash", buf);
		sim_row_add_u64(d, "offered", f->offered);
		sim_row_add_u64(d, "received", f->received);
		sim_row_add_u64(d, "delivered", f->delivered);
		sim_row_add_u64(d, "out_of_order", f->out_of_order);
		sim_row_add_u64(d, "rx_queue", f->rx_queue);
		sim_row_add_u64(d, "rx_queues",
				(uint64_t)__builtin_popcountll(f->rx_queues));
	}
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
	if (cfg->flow_list[0]) {
		g_autoptr(GArray) list =
			traffic_flow_list_parse(cfg->flow_list, error);

		if (!list)
			return FALSE;
		/* flows=1, the default, takes the list's count */
		if (cfg->flows != 1 && cfg->flows != list->len) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "flow_list: %u flows listed, but flows=%u",
				    list->len, cfg->flows);
			return FALSE;
		}
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
	SIM_PARAM_U32(S, flows, "flows", 1, 1, 65536, "flows", "UDP/IPv4 5-tuples the frames belong to, drawn from the seed: sources in 10.0.0.0/8 with ports 1024..65535, all to 192.168.0.1 port 9 (or the count of flow_list)"),
	SIM_PARAM_STRING(S, flow_list, "flow_list", "", "the flows instead, listed: SADDR:SPORT-DADDR:DPORT separated by commas, e.g. 10.0.0.2:4000-192.168.0.1:9,10.0.0.3:4000-192.168.0.1:9"),
	SIM_PARAM_ENUM(S, flow_dist, "flow_dist", 0, "uniform|zipf", "flow popularity: each frame's flow drawn uniformly, or zipf (flow k from 0 with weight 1/(k+1)^zipf_s), from its own random stream"),
	SIM_PARAM_DOUBLE(S, zipf_s, "zipf_s", 1, 0, 10, "", "zipf exponent (flow_dist=zipf)"),
	{ }
};
#undef S

const struct sim_model_ops traffic_model_ops = {
	.name = "traffic",
	.help = "[traffic] offered load: constant-rate or Poisson arrivals of one frame size, capped at the wire's line rate, in one or many UDP flows",
	.params = traffic_params,
	.cfg_size = sizeof(struct traffic_cfg),
	.check = traffic_check,
	.create = traffic_create,
	.report = traffic_report,
	.destroy = traffic_destroy,
};
