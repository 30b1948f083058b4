/*
 * models/workload/source_pcap.c - [traffic] arrival=pcap: the frames of a
 * capture, replayed with libpcap.
 *
 * The capture (pcap or pcapng, link type Ethernet) is read once, whole,
 * when the scenario is checked: each frame's timestamp, its length on
 * the wire (the original length, not the captured part, so a capture
 * cut by its snaplen still has the right wire time; at least 60 bytes,
 * the minimum frame a sender pads to) and its flow.  Replaying it is a
 * walk over three arrays.
 *
 * Times: frame i arrives (its last bit) at its timestamp minus the
 * first's, plus the first frame's wire time, divided by pcap_speed
 * (pcap_timing=recorded) or scaled so that the mean gap is 1/rate_pps
 * (pcap_timing=rate).  A timestamp earlier than the one before (clocks
 * step; merged captures) counts as equal to it, and a frame never
 * arrives before the one ahead of it has left the wire.  With
 * pcap_loops other than 1, the capture starts again one mean gap after
 * its last frame: the mean gap is its span / (frames - 1).
 *
 * Flows: what the kernel's flow dissector (net/core/flow_dissector.c)
 * takes for an IPv4 frame: addresses and protocol, and the ports of TCP
 * and UDP; an IP fragment hashes on its addresses alone, as it does by
 * default.  802.1Q/802.1ad tags are skipped.  A frame that is not IPv4
 * (ARP, IPv6, LLC, ...) belongs to the flow of its EtherType.  Flows are
 * numbered in order of first appearance; RSS (models/drivers/rss.c) and
 * RPS hash them as they hash generated ones.
 *
 * MODEL: every replayed frame takes the model's one receive path into
 * the one socket (or forwarded): an ARP request or an IPv6 packet costs
 * what a UDP datagram costs and is delivered as one; an IPv4 TCP segment
 * goes through GRO as a segment of arrival=bulk does (models/core/gro.c:
 * a flow's segments are in sequence in capture order, since the
 * capture's own sequence numbers are not read, and a frame's payload is
 * its length less 66 bytes of headers).  What a capture brings is its
 * timing, its sizes and how its flows spread over queues and CPUs.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>
#include <pcap/pcap.h>

#include "sim/config/param.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

#define PCAP_MAX_FLOWS 65536	/* [traffic] flows' limit */
#define ETH_MIN_LEN 60		/* without FCS: what a sender pads to */

/* a capture, read */
struct capture {
	int ref;
	char *path;
	struct stat st;		/* what was read, to know it again */
	uint64_t n;		/* frames */
	uint64_t *ts_ps;	/* from the first frame, never decreasing */
	uint32_t *len;		/* on the wire, without FCS */
	uint32_t *flow;
	struct flow_keys *keys;
	uint32_t nflows;
	double mean_len;
};

static void capture_unref(struct capture *c)
{
	if (!c || --c->ref)
		return;
	g_free(c->path);
	g_free(c->ts_ps);
	g_free(c->len);
	g_free(c->flow);
	g_free(c->keys);
	g_free(c);
}

static uint16_t be16(const u_char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const u_char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* the flow keys of a frame of which @caplen bytes were captured */
static void dissect(const u_char *p, uint32_t caplen, struct flow_keys *k)
{
	uint32_t off = 12, ihl;
	uint16_t type;

	*k = (struct flow_keys) { .n_proto = 0xffff };	/* cut too short */
	if (caplen < off + 2)
		return;
	type = be16(p + off);
	/* 802.1Q and 802.1ad tags, at most two */
	for (int tags = 0; tags < 2 && (type == 0x8100 || type == 0x88a8);
	     tags++) {
		off += 4;
		if (caplen < off + 2)
			return;
		type = be16(p + off);
	}
	off += 2;
	if (type < 0x0600)
		type = 0x0001;		/* ETH_P_802_3: a length, LLC */
	k->n_proto = type;
	if (type != 0x0800 || caplen < off + 20 || p[off] >> 4 != 4)
		return;
	ihl = (p[off] & 0xf) * 4u;
	k->ip_proto = p[off + 9];
	k->saddr = be32(p + off + 12);
	k->daddr = be32(p + off + 16);
	/* a fragment: addresses only (no FLOW_DISSECTOR_F_PARSE_1ST_FRAG) */
	if (be16(p + off + 6) & 0x3fff)
		return;
	if ((k->ip_proto == 6 || k->ip_proto == 17) && ihl >= 20 &&
	    caplen >= off + ihl + 4) {
		k->sport = be16(p + off + ihl);
		k->dport = be16(p + off + ihl + 2);
	}
}

/* the flow table's key of @k */
static char *flow_id(const struct flow_keys *k)
{
	return g_strdup_printf("%04x %u %08x:%u %08x:%u", k->n_proto,
			       k->ip_proto, k->saddr, k->sport, k->daddr,
			       k->dport);
}

static gboolean capture_error(GError **error, const char *path,
			      const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean capture_error(GError **error, const char *path,
			      const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
		    "pcap: %s: %s", path, msg);
	return FALSE;
}

static struct capture *capture_read(const char *path, const struct stat *st,
				    GError **error)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	g_autoptr(GHashTable) ids = g_hash_table_new_full(g_str_hash,
							  g_str_equal,
							  g_free, NULL);
	g_autoptr(GArray) ts = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	g_autoptr(GArray) len = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	g_autoptr(GArray) flow = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	g_autoptr(GArray) keys = g_array_new(FALSE, FALSE,
					     sizeof(struct flow_keys));
	struct pcap_pkthdr *h;
	const u_char *data;
	struct capture *c;
	uint64_t first = 0, last = 0;
	double bytes = 0;
	FILE *fp;
	pcap_t *p;
	int rc;

	fp = fopen(path, "rb");
	if (!fp) {
		capture_error(error, path, "%s",
			      g_strerror(errno));
		return NULL;
	}
	/* pcap_close() closes fp */
	p = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!p) {
		fclose(fp);
		capture_error(error, path, "not a capture libpcap reads (%s)",
			      errbuf);
		return NULL;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		const char *name = pcap_datalink_val_to_name(pcap_datalink(p));

		capture_error(error, path,
			      "not an Ethernet capture (link type %s, %d; napisim replays DLT_EN10MB)",
			      name ? name : "unknown", pcap_datalink(p));
		pcap_close(p);
		return NULL;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		uint64_t t = ((uint64_t)h->ts.tv_sec * 1000000000u +
			      (uint64_t)h->ts.tv_usec) * 1000u;
		uint32_t l = MAX(h->len, (uint32_t)ETH_MIN_LEN), idx;
		struct flow_keys k;
		g_autofree char *id = NULL;
		gpointer v;

		if (!ts->len)
			first = last = t;
		last = MAX(last, t);	/* never backwards */
		t = last - first;
		dissect(data, h->caplen, &k);
		id = flow_id(&k);
		if (g_hash_table_lookup_extended(ids, id, NULL, &v)) {
			idx = GPOINTER_TO_UINT(v);
		} else {
			if (keys->len == PCAP_MAX_FLOWS) {
				capture_error(error, path,
					      "more than %d flows (the flow table's limit)",
					      PCAP_MAX_FLOWS);
				pcap_close(p);
				return NULL;
			}
			idx = keys->len;
			g_array_append_val(keys, k);
			g_hash_table_insert(ids, g_steal_pointer(&id),
					    GUINT_TO_POINTER(idx));
		}
		bytes += l;
		g_array_append_val(ts, t);
		g_array_append_val(len, l);
		g_array_append_val(flow, idx);
	}
	if (rc == PCAP_ERROR) {
		capture_error(error, path, "frame %u: %s", ts->len + 1,
			      pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	pcap_close(p);
	if (!ts->len) {
		capture_error(error, path, "no frames");
		return NULL;
	}
	c = g_new0(struct capture, 1);
	c->ref = 1;
	c->path = g_strdup(path);
	c->st = *st;
	c->n = ts->len;
	c->ts_ps = (uint64_t *)g_array_free(g_steal_pointer(&ts), FALSE);
	c->len = (uint32_t *)g_array_free(g_steal_pointer(&len), FALSE);
	c->flow = (uint32_t *)g_array_free(g_steal_pointer(&flow), FALSE);
	c->nflows = keys->len;
	c->keys = (struct flow_keys *)g_array_free(g_steal_pointer(&keys),
						   FALSE);
	c->mean_len = bytes / (double)c->n;
	return c;
}

/*
 * The capture at @path, read once: the scenario's check reads it, and
 * the machine (and, after fork(), every point) finds it here.  Read
 * again if the file changed.  Return: a reference (capture_unref()).
 */
static struct capture *capture_get(const char *path, GError **error)
{
	static struct capture *cached;
	struct stat st;

	if (!*path) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "pcap: no capture named (set pcap=FILE)");
		return NULL;
	}
	if (stat(path, &st) < 0) {
		capture_error(error, path, "%s",
			      g_strerror(errno));
		return NULL;
	}
	if (!cached || strcmp(cached->path, path) != 0 ||
	    cached->st.st_dev != st.st_dev || cached->st.st_ino != st.st_ino ||
	    cached->st.st_size != st.st_size ||
	    cached->st.st_mtim.tv_sec != st.st_mtim.tv_sec ||
	    cached->st.st_mtim.tv_nsec != st.st_mtim.tv_nsec) {
		struct capture *c = capture_read(path, &st, error);

		if (!c)
			return NULL;
		capture_unref(cached);
		cached = c;
	}
	cached->ref++;
	return cached;
}

/* recorded ps between two frames, on average; 0 for one frame */
static double capture_mean_gap(const struct capture *c)
{
	return c->n > 1 ? (double)c->ts_ps[c->n - 1] / (double)(c->n - 1) : 0;
}

static double mean_wire_ps(const struct capture *c, uint32_t mbps)
{
	return traffic_mean_wire_ps(mbps, c->mean_len);
}

/* replayed ps per recorded ps */
static double time_scale(const struct traffic_cfg *cfg,
			 const struct capture *c)
{
	double gap = capture_mean_gap(c), line, rate;

	if (cfg->pcap_timing == TRAFFIC_PCAP_RECORDED)
		return 1 / cfg->pcap_speed;
	if (!(gap > 0))
		return 1;		/* all at once: back to back */
	line = (double)SIM_PS_PER_S / mean_wire_ps(c, cfg->line_rate_mbps);
	rate = MIN((double)cfg->rate_pps, line);
	return (double)SIM_PS_PER_S / rate / gap;
}

static gboolean replay_check(const struct traffic_cfg *cfg, GError **error)
{
	struct capture *c = capture_get(cfg->pcap, error);

	capture_unref(c);
	return c != NULL;
}

static gboolean replay_info(const struct traffic_cfg *cfg,
				 struct traffic_replay_info *info,
				 GError **error)
{
	struct capture *c = capture_get(cfg->pcap, error);

	if (!c)
		return FALSE;
	info->mean_len = c->mean_len;
	info->mean_wire_ps = mean_wire_ps(c, cfg->line_rate_mbps);
	capture_unref(c);
	return TRUE;
}

/* frames/s of the replay, capped at the line rate */
static double replay_rate(const struct traffic_cfg *cfg, double mean_wire)
{
	struct capture *c = capture_get(cfg->pcap, NULL);
	double line = (double)SIM_PS_PER_S / mean_wire, gap;

	if (!c)
		return line;
	gap = capture_mean_gap(c) * time_scale(cfg, c);
	capture_unref(c);
	return gap > 0 ? MIN((double)SIM_PS_PER_S / gap, line) : line;
}

/* the last loop's end, or the packets limit's, or duration_us */
static sim_time_t replay_offered_end(const struct traffic_cfg *cfg,
				   double rate_pps)
{
	struct capture *c = capture_get(cfg->pcap, NULL);
	sim_time_t end = SIM_TIME_NEVER;
	double frames = 0;

	if (!c)
		return end;
	if (cfg->pcap_loops)
		frames = (double)c->n * cfg->pcap_loops;
	if (cfg->packets)
		frames = frames ? MIN(frames, (double)cfg->packets) :
				  (double)cfg->packets;
	if (frames)
		end = (sim_time_t)llround(frames * (double)SIM_PS_PER_S /
					  rate_pps);
	if (cfg->duration_us)
		end = MIN(end, SIM_US(cfg->duration_us));
	capture_unref(c);
	return end;
}

struct replay {
	struct capture *cap;
	sim_time_t *wire;	/* each frame's, at the line rate */
	double scale;		/* replayed ps per recorded ps */
	bool exact;		/* scale 1: integer times */
	double period_ps;	/* recorded: one loop, span + mean gap */
	uint32_t loops;		/* 0: endless */
	uint64_t loop, i;	/* the next frame: loop, index */
	sim_time_t prev;	/* the last arrival */
};

static void *replay_create(const struct traffic_source_env *env,
			 GError **error)
{
	const struct traffic_cfg *cfg = env->cfg;
	struct capture *c = capture_get(cfg->pcap, error);
	struct replay *r;

	if (!c)
		return NULL;
	r = g_new0(struct replay, 1);
	r->cap = c;
	r->wire = g_new(sim_time_t, c->n);
	for (uint64_t i = 0; i < c->n; i++)
		r->wire[i] = traffic_wire_ps(cfg->line_rate_mbps, c->len[i]);
	r->scale = time_scale(cfg, c);
	r->exact = r->scale == 1;
	r->period_ps = (double)c->ts_ps[c->n - 1] + capture_mean_gap(c);
	r->loops = cfg->pcap_loops;
	return r;
}

static uint32_t replay_fill(void *priv, struct traffic_frame *f, uint32_t n)
{
	struct replay *r = priv;
	const struct capture *c = r->cap;

	for (uint32_t k = 0; k < n; k++) {
		sim_time_t at;

		if (r->i == c->n) {
			r->i = 0;
			r->loop++;
		}
		if (r->loops && r->loop >= r->loops)
			return k;
		if (r->exact && !r->loop)
			at = c->ts_ps[r->i];
		else
			at = (sim_time_t)llround(
				((double)r->loop * r->period_ps +
				 (double)c->ts_ps[r->i]) * r->scale);
		f[k].len = c->len[r->i];
		f[k].wire = r->wire[r->i];
		f[k].flow = c->flow[r->i];
		f[k].arrival = MAX(r->wire[0] + at, r->prev + f[k].wire);
		r->prev = f[k].arrival;
		r->i++;
	}
	return n;
}

static uint32_t replay_flows(void *priv, const struct flow_keys **keys)
{
	struct replay *r = priv;

	*keys = r->cap->keys;
	return r->cap->nflows;
}

static void replay_destroy(void *priv)
{
	struct replay *r = priv;

	capture_unref(r->cap);
	g_free(r->wire);
	g_free(r);
}

const struct traffic_source_ops pcap_source = {
	.name = "pcap",
	.replay = true,
	.check = replay_check,
	.replay_info = replay_info,
	.rate = replay_rate,
	.offered_end = replay_offered_end,
	.create = replay_create,
	.fill = replay_fill,
	.flows = replay_flows,
	.destroy = replay_destroy,
};
