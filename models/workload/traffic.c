/*
 * models/workload/traffic.c - offered load: a packet generator on the far
 * end of one Ethernet link, as pktgen in Olsson's measurements, or the
 * replay of a capture.
 *
 * The arrival process is a source (models/workload/source.h), one file
 * each: constant rate, Poisson, on/off bursts, MMPP, a rate schedule, a
 * pcap replay ([traffic] arrival=).  Frames have one size, or sizes drawn
 * from a mix (a weighted list, IMIX, an empirical table, or a mix per
 * flow: models/workload/sizes.c), or, replayed, their captured sizes.
 * Each frame occupies the wire for (size + FCS 4 + preamble 8 + IFG 12)
 * bytes, so the offered rate never exceeds line rate: a higher rate_pps
 * is capped at one mean frame time (and ipps reports the capped rate).
 * An arrival is the time the frame's last bit is received.
 *
 * Frames are handed out lazily, in order (traffic_peek(), traffic_pop()),
 * and made in batches of TRAFFIC_BATCH: the flows and sizes of a batch
 * are drawn here, then the source writes their arrival times.  No frame
 * is an event.
 *
 * Flows: the frames belong to `flows` UDP/IPv4 5-tuples, generated from
 * the seed (pktgen-style: sources drawn from 10.0.0.0/8 with ports
 * 1024..65535, all to 192.168.0.1 port 9, each tuple distinct) or listed
 * in flow_list, or to the flows of a capture.  Each frame's flow is drawn
 * from its own GRand stream (uniform, or zipf with exponent zipf_s: flow
 * k, from 0, is chosen with probability proportional to 1 / (k + 1)^s),
 * and its size from another, so neither changes the arrival times; one
 * flow or one size draws nothing.  Every frame carries its flow and its
 * sequence number within it, and the flow table (the "flow" detail)
 * counts what was offered, what reached the socket or the output device,
 * and what got there out of order.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/drivers/drivers.h"
#include "models/stack/skbuff.h"
#include "models/stack/stack.h"
#include "models/workload/app.h"
#include "models/workload/sizes.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

/* frames made at once: the flows and sizes drawn, the source's fill */
#define TRAFFIC_BATCH 256

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
	uint64_t latency_sum, latency_n, latency_max;	/* ns */
};

struct traffic {
	const struct traffic_cfg *cfg;
	const struct traffic_source_ops *src;
	void *src_priv;
	sim_time_t end;		/* duration mode: no arrival at or after this */
	uint64_t limit;		/* packets mode: this many arrivals */
	double rate_pps;	/* offered, after the line-rate cap */
	double mean_len;	/* bytes: the psize column */
	uint64_t emitted;	/* arrivals handed out so far */
	sim_time_t last_arrival;	/* of the last frame handed out */
	/* a closed loop: the next frame's size, drawn once */
	bool have_size;
	uint32_t next_len;
	sim_time_t next_wire;
	sim_time_t next;	/* arrival of packet number `emitted` */
	GRand *rand;		/* arrival process stream */
	/* the sizes: one mix, or one per flow (flow i: flow_mix[i % n]) */
	struct size_mix **mix;
	uint32_t nmix;
	GRand *size_rand;	/* a mix of several sizes: its stream */
	/* the batch: frames buf[head..count) are made, not handed out */
	struct traffic_frame buf[TRAFFIC_BATCH];
	uint32_t head, count;
	bool dry;		/* the source has no more frames */
	struct flow *flows;
	uint32_t nflows;
	GRand *flow_rand;	/* which flow each frame is: its own stream */
	double *zipf_cdf;	/* zipf: cumulative weights, or NULL */
};

static uint32_t flow_pick(struct traffic *t);

/* make the next batch: flows and sizes here, arrivals by the source */
static void refill(struct traffic *t)
{
	uint32_t n = TRAFFIC_BATCH;

	if (t->limit)
		n = (uint32_t)MIN((uint64_t)n, t->limit - t->emitted);
	if (!t->src->replay) {
		if (t->src->order_flows)
			t->src->order_flows(t->src_priv, t->buf, n);
		for (uint32_t i = 0; i < n; i++) {
			struct traffic_frame *f = &t->buf[i];
			uint32_t flow = t->src->order_flows ? f->flow :
							      flow_pick(t);
			const struct size_mix *m =
				t->mix[t->nmix == 1 ? 0 : flow % t->nmix];
			uint32_t k = size_mix_draw(m, t->size_rand);

			f->flow = flow;
			f->len = m->len[k];
			f->wire = m->wire[k];
		}
	}
	t->count = t->src->fill(t->src_priv, t->buf, n);
	t->head = 0;
	t->dry = t->count < n;
}

/*
 * A closed loop: the next frame is the earliest request not yet sent,
 * one wire time after it is sent and after the frame ahead of it (its
 * size drawn once, for the next frame handed out).
 */
static void set_next_closed(struct traffic *t)
{
	struct traffic_frame *f = &t->buf[0];
	uint32_t flow;
	sim_time_t send = t->src->next_send(t->src_priv, &flow);

	t->head = 0;
	t->count = 0;
	if (send == SIM_TIME_NEVER) {
		t->next = SIM_TIME_NEVER;
		return;
	}
	if (!t->have_size) {
		const struct size_mix *m = t->mix[0];
		uint32_t k = size_mix_draw(m, t->size_rand);

		t->next_len = m->len[k];
		t->next_wire = m->wire[k];
		t->have_size = true;
	}
	f->flow = flow;
	f->len = t->next_len;
	f->wire = t->next_wire;
	f->arrival = MAX(send, t->last_arrival) + f->wire;
	t->count = 1;
	t->next = (t->end && f->arrival >= t->end) ? SIM_TIME_NEVER :
		  f->arrival;
}

static void set_next(struct traffic *t)
{
	sim_time_t a;

	if (t->limit && t->emitted >= t->limit) {
		t->next = SIM_TIME_NEVER;
		return;
	}
	if (t->src->next_send) {
		set_next_closed(t);
		return;
	}
	if (t->head == t->count) {
		if (!t->dry)
			refill(t);
		if (t->head == t->count) {
			t->next = SIM_TIME_NEVER;
			return;
		}
	}
	a = t->buf[t->head].arrival;
	t->next = (t->end && a >= t->end) ? SIM_TIME_NEVER : a;
}

/* FCS, preamble + SFD, inter-frame gap */
#define WIRE_BYTES(size)	((size) + 4 + 8 + 12)

sim_time_t traffic_wire_ps(uint32_t line_rate_mbps, uint32_t size)
{
	/* bits / (Mbit/s) = us; in ps: bytes * 8 * 1e6 / mbps */
	return (uint64_t)WIRE_BYTES(size) * 8000000ULL / line_rate_mbps;
}

double traffic_mean_wire_ps(uint32_t line_rate_mbps, double mean_len)
{
	return WIRE_BYTES(mean_len) * 8000000.0 / line_rate_mbps;
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

uint32_t traffic_cfg_nflows(const struct traffic_cfg *cfg)
{
	if (traffic_source_ops(cfg->arrival)->next_send)
		return MAX(cfg->connections, 1);
	if (cfg->flow_list[0]) {
		g_autoptr(GArray) list =
			traffic_flow_list_parse(cfg->flow_list, NULL);

		return list ? list->len : 1;
	}
	return MAX(cfg->flows, 1);
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

/* the flows of a generated load: listed, or drawn from the seed */
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
		t->nflows = traffic_cfg_nflows(cfg);
		t->flows = g_new0(struct flow, t->nflows);
		flows_generate(t);
	}
	/* arrival=bulk: TCP flows (models/workload/source_bulk.c) */
	for (uint32_t i = 0; t->src->ip_proto && i < t->nflows; i++)
		t->flows[i].keys.ip_proto = t->src->ip_proto;
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

/* the flows of a replay: the source's */
static void flows_replayed(struct traffic *t)
{
	const struct flow_keys *keys;

	t->nflows = t->src->flows(t->src_priv, &keys);
	t->flows = g_new0(struct flow, t->nflows);
	for (uint32_t i = 0; i < t->nflows; i++)
		t->flows[i].keys = keys[i];
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
	uint64_t before = f->received;

	f->received += skb_frames_count(skb);
	if (!before)
		f->rx_queue = skb_rx_queue_recorded(skb) ?
			      skb_get_rx_queue(skb) : 0;
	if (skb_rx_queue_recorded(skb) && skb_get_rx_queue(skb) < 64)
		f->rx_queues |= 1ULL << skb_get_rx_queue(skb);
	f->hash = skb->hash;
}

void traffic_flow_latency(struct traffic *t, uint32_t flow, uint64_t ns)
{
	struct flow *f = &t->flows[flow];

	f->latency_sum += ns;
	f->latency_n++;
	f->latency_max = MAX(f->latency_max, ns);
}

void traffic_flow_delivered(struct traffic *t, const struct sk_buff *skb,
			    bool taken)
{
	struct flow *f = &t->flows[skb->flow];
	uint32_t n = skb_frames_count(skb);

	/* frames seq .. seq + n - 1: those below next_seq are late, the
	 * rest in order */
	if (skb->seq < f->next_seq)
		f->out_of_order += MIN((uint64_t)n, f->next_seq - skb->seq);
	if ((uint64_t)skb->seq + n > f->next_seq)
		f->next_seq = (uint64_t)skb->seq + n;
	if (taken)
		f->delivered += n;
}

/* ---------------------------------------------------------------- sizes */

static void mixes_free(struct size_mix **mix, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		size_mix_free(mix[i]);
	g_free(mix);
}

/*
 * The size mixes of a generated load: flow_sizes (one per flow, cycled),
 * else size_table, sizes or size.  Return: @n mixes, or NULL with @error
 * naming the key.
 */
static struct size_mix **mixes_load(const struct traffic_cfg *cfg,
				    uint32_t *n, GError **error)
{
	g_autoptr(GError) err = NULL;
	struct size_mix **mix;

	if (cfg->flow_sizes[0]) {
		g_auto(GStrv) parts = g_strsplit(cfg->flow_sizes, "/", -1);

		*n = g_strv_length(parts);
		mix = g_new0(struct size_mix *, *n);
		for (uint32_t i = 0; i < *n; i++) {
			mix[i] = size_mix_parse(parts[i], &err);
			if (!mix[i]) {
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_TYPE,
					    "flow_sizes: mix %u \"%s\": %s",
					    i + 1, g_strstrip(parts[i]),
					    err->message);
				mixes_free(mix, *n);
				return NULL;
			}
		}
		return mix;
	}
	*n = 1;
	mix = g_new0(struct size_mix *, 1);
	if (cfg->size_table[0])
		mix[0] = size_mix_load(cfg->size_table, &err);
	else if (cfg->sizes[0])
		mix[0] = size_mix_parse(cfg->sizes, &err);
	else
		mix[0] = size_mix_fixed(cfg->size);
	if (!mix[0]) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
			    "%s: %s", cfg->size_table[0] ? "size_table" :
			    "sizes", err->message);
		mixes_free(mix, 1);
		return NULL;
	}
	return mix;
}

/*
 * The mean size and time on the wire of a frame of @mix: with a mix per
 * flow, each flow's mix weighed by the flow's popularity.
 */
static void mixes_mean(const struct traffic_cfg *cfg, struct size_mix **mix,
		       uint32_t nmix, double *len, double *wire)
{
	uint32_t nflows;
	double sum = 0;

	if (nmix == 1) {
		*len = mix[0]->mean_len;
		*wire = size_mix_mean_wire_ps(mix[0], cfg->line_rate_mbps);
		return;
	}
	*len = *wire = 0;
	nflows = traffic_cfg_nflows(cfg);
	for (uint32_t k = 0; k < nflows; k++) {
		const struct size_mix *m = mix[k % nmix];
		double w = cfg->flow_dist == TRAFFIC_FLOWS_ZIPF ?
			   pow((double)k + 1, -cfg->zipf_s) : 1;

		sum += w;
		*len += w * m->mean_len;
		*wire += w * size_mix_mean_wire_ps(m, cfg->line_rate_mbps);
	}
	*len /= sum;
	*wire /= sum;
}

/* what the whole load of @cfg looks like, before it runs */
struct load_shape {
	double mean_len;	/* bytes */
	double mean_wire_ps;
	double rate_pps;	/* after the line-rate cap */
};

static gboolean load_shape(const struct traffic_cfg *cfg,
			   struct load_shape *l, GError **error)
{
	const struct traffic_source_ops *src =
		traffic_source_ops(cfg->arrival);

	if (src->replay) {
		struct traffic_replay_info info;

		if (!src->replay_info(cfg, &info, error))
			return FALSE;
		l->mean_len = info.mean_len;
		l->mean_wire_ps = info.mean_wire_ps;
	} else {
		uint32_t n;
		struct size_mix **mix = mixes_load(cfg, &n, error);

		if (!mix)
			return FALSE;
		mixes_mean(cfg, mix, n, &l->mean_len, &l->mean_wire_ps);
		mixes_free(mix, n);
	}
	l->rate_pps = src->rate ? src->rate(cfg, l->mean_wire_ps) :
		      MIN((double)cfg->rate_pps,
			  (double)SIM_PS_PER_S / l->mean_wire_ps);
	return TRUE;
}

/* ---------------------------------------------------------------- arrivals */

struct traffic *traffic_new_full(const struct traffic_cfg *cfg,
				 GError **error)
{
	struct traffic *t = g_new0(struct traffic, 1);
	struct traffic_source_env env = { .cfg = cfg };
	struct load_shape l;

	t->cfg = cfg;
	t->src = traffic_source_ops(cfg->arrival);
	/* whichever limit comes first; 0 disables one */
	t->limit = cfg->packets;
	t->end = SIM_US(cfg->duration_us);
	t->rand = g_rand_new_with_seed((guint32)(cfg->seed ^
						 (cfg->seed >> 32)));
	if (!t->src->replay) {
		t->mix = mixes_load(cfg, &t->nmix, error);
		if (!t->mix)
			goto fail;
		for (uint32_t i = 0; i < t->nmix; i++) {
			size_mix_set_line_rate(t->mix[i], cfg->line_rate_mbps);
			if (t->mix[i]->n > 1 && !t->size_rand)
				t->size_rand = seed_stream(cfg->seed,
							   0x73697a65);
							   /* "size" */
		}
	}
	if (!load_shape(cfg, &l, error))
		goto fail;
	t->rate_pps = l.rate_pps;
	t->mean_len = l.mean_len;
	env.rate_pps = l.rate_pps;
	env.mean_wire_ps = l.mean_wire_ps;
	env.rand = t->rand;
	t->src_priv = t->src->create(&env, error);
	if (!t->src_priv)
		goto fail;
	if (t->src->replay)
		flows_replayed(t);
	else
		flows_init(t);
	set_next(t);
	return t;
fail:
	traffic_free(t);
	return NULL;
}

struct traffic *traffic_new(const struct traffic_cfg *cfg)
{
	g_autoptr(GError) error = NULL;
	struct traffic *t = traffic_new_full(cfg, &error);

	g_assert_no_error(error);
	return t;
}

void traffic_free(struct traffic *t)
{
	if (!t)
		return;
	if (t->src_priv)
		t->src->destroy(t->src_priv);
	g_rand_free(t->rand);
	if (t->size_rand)
		g_rand_free(t->size_rand);
	mixes_free(t->mix, t->nmix);
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
	const struct traffic_frame *f;

	g_assert(t->next != SIM_TIME_NEVER);
	f = &t->buf[t->head++];
	*skb = (struct sk_buff) {
		.arrival = f->arrival, .len = f->len, .flow = f->flow,
		.seq = (uint32_t)t->flows[f->flow].offered++,
		.burst_last = f->burst_last,
	};
	t->emitted++;
	t->last_arrival = f->arrival;
	if (t->src->next_send) {
		t->src->sent(t->src_priv);
		t->have_size = false;
	}
	set_next(t);
}

bool traffic_reply(struct traffic *t, uint32_t flow, sim_time_t at)
{
	sim_time_t before = t->next;

	if (!t->src->reply)
		return false;
	t->src->reply(t->src_priv, flow, at);
	set_next(t);
	return t->next != before;
}

double traffic_rate_pps(const struct traffic *t)
{
	return t->rate_pps;
}

double traffic_mean_len(const struct traffic *t)
{
	return t->mean_len;
}

sim_time_t traffic_cfg_offered_end(const struct traffic_cfg *cfg)
{
	const struct traffic_source_ops *src =
		traffic_source_ops(cfg->arrival);
	sim_time_t end = SIM_TIME_NEVER;
	struct load_shape l;

	/* a point is checked before anyone asks */
	if (!load_shape(cfg, &l, NULL))
		return SIM_TIME_NEVER;
	if (src->offered_end)
		return src->offered_end(cfg, l.rate_pps);
	if (cfg->packets)
		end = (sim_time_t)llround((double)cfg->packets *
					  (double)SIM_PS_PER_S / l.rate_pps);
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
			    GError **error)
{
	m->traffic = traffic_new_full(cfg, error);
	return m->traffic;
}

/* "10.0.0.1:1024", or the EtherType of a frame that is not IPv4 */
static void endpoint(char *buf, size_t size, const struct flow_keys *k,
		     uint32_t addr, uint16_t port)
{
	if (k->n_proto && k->n_proto != 0x0800)
		g_snprintf(buf, size, "ethertype:0x%04x", k->n_proto);
	else
		g_snprintf(buf, size, "%u.%u.%u.%u:%u", addr >> 24,
			   (addr >> 16) & 0xff, (addr >> 8) & 0xff,
			   addr & 0xff, port);
}

static void traffic_report(void *p, struct sim_report *r)
{
	struct traffic *t = p;
	uint64_t out_of_order = 0;

	/* a mix's or a capture's mean, to the byte (doc/traffic.md) */
	sim_row_add_u64(r->row, "psize", (uint64_t)llround(t->mean_len));
	/* a closed loop's rate is what its clients achieved */
	if (t->src->next_send)
		sim_row_add_u64(r->row, "ipps", t->last_arrival ?
				(uint64_t)llround((double)t->emitted *
						  SIM_PS_PER_S /
						  (double)t->last_arrival) : 0);
	else
		sim_row_add_u64(r->row, "ipps",
				(uint64_t)(t->rate_pps + 0.5));
	sim_row_add_u64(r->row, "offered", t->emitted);
	for (uint32_t i = 0; i < t->nflows; i++)
		out_of_order += t->flows[i].out_of_order;
	if (t->src->report)
		t->src->report(t->src_priv, r);
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
		endpoint(buf, sizeof(buf), k, k->saddr, k->sport);
		sim_row_add_str(d, "src", buf);
		endpoint(buf, sizeof(buf), k, k->daddr, k->dport);
		sim_row_add_str(d, "dst", buf);
		g_snprintf(buf, sizeof(buf), "0x%08x", f->hash);
		sim_row_add_str(d, "hash", buf);
		sim_row_add_u64(d, "offered", f->offered);
		sim_row_add_u64(d, "received", f->received);
		sim_row_add_u64(d, "delivered", f->delivered);
		sim_row_add_u64(d, "out_of_order", f->out_of_order);
		sim_row_add_u64(d, "latency_mean_ns", f->latency_n ?
				(f->latency_sum + f->latency_n / 2) /
				f->latency_n : 0);
		sim_row_add_u64(d, "latency_max_ns", f->latency_max);
		sim_row_add_u64(d, "rx_queue", f->rx_queue);
		sim_row_add_u64(d, "rx_queues",
				(uint64_t)__builtin_popcountll(f->rx_queues));
	}
}

static void traffic_destroy(void *p)
{
	traffic_free(p);
}

/* the key a replay does not take, or NULL */
static const char *replay_refuses(const struct traffic_cfg *cfg)
{
	if (cfg->sizes[0])
		return "sizes";
	if (cfg->size_table[0])
		return "size_table";
	if (cfg->flow_sizes[0])
		return "flow_sizes";
	if (cfg->flow_list[0])
		return "flow_list";
	if (cfg->flows != 1)
		return "flows";
	return NULL;
}

static gboolean traffic_check(const void *p, GError **error)
{
	const struct traffic_cfg *cfg = p;
	const struct traffic_source_ops *src =
		traffic_source_ops(cfg->arrival);
	const char *key;
	struct load_shape l;

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
	if (cfg->sizes[0] && cfg->size_table[0]) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "size_table: set it or sizes, not both");
		return FALSE;
	}
	if (cfg->flow_sizes[0] && (cfg->sizes[0] || cfg->size_table[0])) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "flow_sizes: set it or %s, not both",
			    cfg->sizes[0] ? "sizes" : "size_table");
		return FALSE;
	}
	if (src->replay && (key = replay_refuses(cfg))) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "%s: arrival=%s replays the capture's own sizes and flows",
			    key, src->name);
		return FALSE;
	}
	if (src->check && !src->check(cfg, error))
		return FALSE;
	/* the size mixes parse, the capture reads */
	return load_shape(cfg, &l, error);
}

/* ---------------------------------------------------------------- params */

#define S struct traffic_cfg
static const struct sim_param traffic_params[] = {
	SIM_PARAM_U64(S, rate_pps, "rate_pps", 100000, 1, 1e9, "pkts/s", "offered packet rate, the long-run mean of every source but pcap (capped at line rate: one mean frame time)"),
	SIM_PARAM_U64(S, packets, "packets", 100000, 0, 1e10, "pkts", "offer at most this many frames (0: no limit)"),
	SIM_PARAM_U64(S, duration_us, "duration_us", 0, 0, 1e9, "us", "offer no frame at or after this time (0: no limit); the first limit reached ends the load"),
	SIM_PARAM_U32(S, size, "size", 64, 60, 9000, "bytes", "frame size without FCS, as pktgen pkt_size (unless sizes, size_table or flow_sizes is set)"),
	SIM_PARAM_ENUM_FN(S, arrival, "arrival", 0, traffic_source_names, "arrival process, one of models/workload/source_*.c (doc/traffic.md): constant = evenly spaced; poisson = exponential gaps; onoff = bursts and silences, exponential or Pareto (burst_*, gap_*); mmpp = a Markov-modulated Poisson process (mmpp_*); schedule = rate_pps times a factor that steps and ramps over time (schedule); pcap = the frames of a capture, with their times, sizes and 5-tuples (pcap_*); bulk = TCP bulk transfers: full-sized segments of each of the flows, in order, round robin (bulk_burst), evenly spaced as constant"),
	SIM_PARAM_U64(S, seed, "seed", 1, 0, 18446744073709551615.0, "", "seed of every random stream of the point"),
	SIM_PARAM_U32(S, line_rate_mbps, "line_rate_mbps", 1000, 10, 800000, "Mbit/s", "wire speed; each frame also takes FCS 4 + preamble 8 + IFG 12 bytes"),
	SIM_PARAM_U32(S, flows, "flows", 1, 1, 65536, "flows", "5-tuples the frames belong to (UDP/IPv4; TCP/IPv4 for arrival=bulk), drawn from the seed: sources in 10.0.0.0/8 with ports 1024..65535, all to 192.168.0.1 port 9 (or the count of flow_list)"),
	SIM_PARAM_STRING(S, flow_list, "flow_list", "", "the flows instead, listed: SADDR:SPORT-DADDR:DPORT separated by commas, e.g. 10.0.0.2:4000-192.168.0.1:9,10.0.0.3:4000-192.168.0.1:9"),
	SIM_PARAM_ENUM(S, flow_dist, "flow_dist", 0, "uniform|zipf", "flow popularity: each frame's flow drawn uniformly, or zipf (flow k from 0 with weight 1/(k+1)^zipf_s), from its own random stream"),
	SIM_PARAM_DOUBLE(S, zipf_s, "zipf_s", 1, 0, 10, "", "zipf exponent (flow_dist=zipf)"),
	SIM_PARAM_STRING(S, sizes, "sizes", "", "frame sizes drawn from a mix instead of size: imix (7:4:1 of 64, 576 and 1500 bytes), or SIZE:WEIGHT entries separated by commas, e.g. 64:7,576:4,1500:1 (weights are relative; a bare SIZE weighs 1); each frame's size from its own random stream; psize is the mix's mean"),
	SIM_PARAM_FILE(S, size_table, "size_table", "an empirical size distribution instead of size: a text file of SIZE WEIGHT lines (a histogram of frame sizes without FCS; # starts a comment), found from the scenario's directory"),
	SIM_PARAM_STRING(S, flow_sizes, "flow_sizes", "", "a size mix per flow, each as sizes takes it, separated by /: flow k (from 0) takes mix k mod their number, e.g. 64/1500 or imix/1500"),
	SIM_PARAM_DOUBLE(S, burst_frames, "burst_frames", 16, 1, 1e6, "frames", "onoff: mean frames per burst"),
	SIM_PARAM_ENUM(S, burst_dist, "burst_dist", 0, "exponential|pareto", "onoff: burst length: exponential (geometric in frames) or pareto (the ceiling of a Pareto of shape burst_shape, scaled so that the mean is burst_frames)"),
	SIM_PARAM_DOUBLE(S, burst_shape, "burst_shape", 1.5, 1.05, 10, "", "onoff: Pareto shape (alpha) of the burst length; below 2 its variance is infinite"),
	SIM_PARAM_ENUM(S, gap_dist, "gap_dist", 0, "exponential|pareto", "onoff: the silence between bursts: exponential or pareto (shape gap_shape); its mean makes the mean rate rate_pps"),
	SIM_PARAM_DOUBLE(S, gap_shape, "gap_shape", 1.5, 1.05, 10, "", "onoff: Pareto shape (alpha) of the gap; below 2 its variance is infinite"),
	SIM_PARAM_U64(S, burst_rate_pps, "burst_rate_pps", 0, 0, 1e9, "pkts/s", "onoff: the rate within a burst (0: the line rate, back to back); a mean rate_pps at or above it sends one endless burst"),
	SIM_PARAM_STRING(S, mmpp_rates, "mmpp_rates", "1,9", "mmpp: each state's relative rate, separated by commas (0: silent); scaled so that the long-run mean is rate_pps"),
	SIM_PARAM_STRING(S, mmpp_sojourn_us, "mmpp_sojourn_us", "900,100", "mmpp: each state's mean sojourn time in us (exponential), separated by commas; the load starts in state 0"),
	SIM_PARAM_STRING(S, mmpp_next, "mmpp_next", "", "mmpp: where a state goes when it ends: rows of probabilities separated by /, entries by commas, e.g. 0,1/1,0 (\"\": any other state, uniformly)"),
	SIM_PARAM_STRING(S, schedule, "schedule", "0:1", "schedule: rate_pps times a factor over time: T:F entries separated by commas, T in us from 0, ascending; T:F steps to F at T, T:~F ramps linearly from the entry before to F at T; 0 before the first entry, the last factor after the last"),
	SIM_PARAM_ENUM(S, schedule_arrival, "schedule_arrival", 0, "constant|poisson", "schedule: frames evenly spaced in the scheduled rate (constant), or a Poisson process of that rate"),
	SIM_PARAM_FILE(S, pcap, "pcap", "pcap: the capture to replay (pcap or pcapng, Ethernet), found from the scenario's directory; its IPv4 UDP and TCP 5-tuples are the flows, each other EtherType one flow"),
	SIM_PARAM_ENUM(S, pcap_timing, "pcap_timing", 0, "recorded|rate", "pcap: recorded = the captured gaps divided by pcap_speed; rate = the gaps rescaled to a mean rate of rate_pps"),
	SIM_PARAM_DOUBLE(S, pcap_speed, "pcap_speed", 1, 1e-6, 1e6, "", "pcap: replay this many times faster than recorded (pcap_timing=recorded)"),
	SIM_PARAM_U32(S, connections, "connections", 16, 1, 65536, "conns", "closed: client connections, each one flow, each with at most outstanding requests in flight"),
	SIM_PARAM_U32(S, outstanding, "outstanding", 1, 1, 1024, "requests", "closed: requests a connection keeps in flight (mutilate's depth)"),
	SIM_PARAM_U64(S, think_us, "think_us", 100, 0, 1e9, "us", "closed: after a reply reaches it, a connection waits this long before its next request (the mean, with think_dist=exponential)"),
	SIM_PARAM_ENUM(S, think_dist, "think_dist", 0, "fixed|exponential", "closed: the think time's distribution"),
	SIM_PARAM_U32(S, pcap_loops, "pcap_loops", 1, 0, 1000000000, "loops", "pcap: times the capture is replayed, each loop one mean gap after the last (0: until packets or duration_us ends the load)"),
	SIM_PARAM_U32(S, bulk_burst, "bulk_burst", 1, 1, 1000000, "frames", "bulk: segments of one flow back to back before the next flow's, the flows taken round robin (1: one frame of each in turn, as a switch interleaves senders that share its port; 45: a sender's 64 KB TSO burst)"),
	{ }
};
#undef S

/* a closed loop answers replies: a device that can look again, on one
 * RX queue (items read ahead for other queues would come too late) */
static gboolean traffic_check_groups(const struct sim_point *p,
				     GError **error)
{
	const struct traffic_cfg *cfg = sim_point_cfg(p, &traffic_model_ops);
	const struct nic_cfg *nic = sim_point_cfg(p, &nic_model_ops);
	const struct stack_cfg *st = sim_point_cfg(p, &stack_model_ops);
	const struct app_cfg *app = sim_point_cfg(p, &app_model_ops);

	if (!traffic_source_ops(cfg->arrival)->next_send)
		return TRUE;
	if (!nic_follows_input(nic) || nic->ports > 1) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "arrival: closed clients need a [nic] driver that looks again at its input when a reply is sent (ndo_input_changed: e1000), with one port (one RX queue)");
		return FALSE;
	}
	if (st->mode != STACK_DELIVER || app->mode != APP_RR) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "arrival: closed clients need a server to answer them ([stack] mode=deliver, [app] mode=rr)");
		return FALSE;
	}
	return TRUE;
}

const struct sim_model_ops traffic_model_ops = {
	.name = "traffic",
	.help = "[traffic] offered load: constant, Poisson, on/off, MMPP, scheduled or replayed (pcap) arrivals of one size or a mix of sizes, capped at the wire's line rate, in one or many flows",
	.params = traffic_params,
	.cfg_size = sizeof(struct traffic_cfg),
	.check = traffic_check,
	.check_groups = traffic_check_groups,
	.create = traffic_create,
	.report = traffic_report,
	.destroy = traffic_destroy,
};
