/*
 * models/workload/source-test.c - the traffic sources, the size mixes and
 * the replay of captures, with exact counters.
 *
 * Every source's arrivals for a fixed seed are pinned frame by frame
 * (the first ones) and in aggregate (the long-run rate, the burst
 * lengths, the time in each state); a hand-made capture's frames must
 * arrive at their recorded times, with their sizes and 5-tuples; a mix's
 * frames per size for a fixed seed are pinned.  Captures are written
 * here with libpcap (models/workload/test-capture.c).
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/machine.h"
#include "models/models.h"
#include "models/stack/skbuff.h"
#include "models/test-machine.h"
#include "models/workload/sizes.h"
#include "models/workload/source.h"
#include "models/workload/test-capture.h"
#include "models/workload/traffic.h"

/* [traffic] with every default, as a scenario would have it */
static struct traffic_cfg base(const char *arrival)
{
	struct traffic_cfg c;

	memset(&c, 0, sizeof(c));
	sim_param_set_defaults(traffic_model_ops.params, &c);
	c.arrival = traffic_source_index(arrival);
	g_assert_cmpint(c.arrival, >=, 0);
	return c;
}

static void set(char *field, const char *value)
{
	g_strlcpy(field, value, SIM_PARAM_STRLEN);
}

/* the cfg must pass the model's check, as a scenario's would */
static void check_ok(const struct traffic_cfg *c)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(traffic_model_ops.check(c, &error));
	g_assert_no_error(error);
}

static char *check_fails(const struct traffic_cfg *c)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(traffic_model_ops.check(c, &error));
	g_assert_nonnull(error);
	return g_strdup(error->message);
}

/* pop up to @n frames: how many there were */
static guint pop(const struct traffic_cfg *c, struct sk_buff *out, guint n)
{
	struct traffic *t = traffic_new(c);
	guint i;

	for (i = 0; i < n && traffic_peek(t) != SIM_TIME_NEVER; i++)
		traffic_pop(t, &out[i]);
	traffic_free(t);
	return i;
}

/* frames per second of @n arrivals */
static double rate_of(const struct sk_buff *s, guint n)
{
	return (double)(n - 1) * 1e12 / (double)(s[n - 1].arrival -
						 s[0].arrival);
}

#define WIRE(len, mbps) ((sim_time_t)((len) + 24) * 8000000 / (mbps))

/* ---------------------------------------------------------------- registry */

static void test_registry(void)
{
	g_assert_cmpstr(traffic_source_names(), ==,
			"constant|poisson|onoff|mmpp|schedule|pcap|closed|bulk");
	g_assert_cmpint(traffic_source_index("constant"), ==,
			TRAFFIC_CONSTANT);
	g_assert_cmpint(traffic_source_index("poisson"), ==, TRAFFIC_POISSON);
	g_assert_cmpint(traffic_source_index("bursty"), ==, -1);
	for (int i = 0; i < 7; i++) {
		const struct traffic_source_ops *o = traffic_source_ops(i);

		g_assert_nonnull(o->create);
		g_assert_nonnull(o->fill);
		g_assert_nonnull(o->destroy);
		g_assert_true(!o->replay || (o->flows && o->replay_info));
	}
}

/* the source interface itself: a batch written in place */
static void test_interface(void)
{
	struct traffic_cfg c = base("constant");
	const struct traffic_source_ops *o = traffic_source_ops(c.arrival);
	struct traffic_source_env env = {
		.cfg = &c, .rate_pps = 100000,
		.mean_wire_ps = (double)WIRE(64, 1000),
	};
	struct traffic_frame f[4];
	void *p;

	c.rate_pps = 100000;
	p = o->create(&env, NULL);
	for (int i = 0; i < 4; i++)
		f[i] = (struct traffic_frame) { .len = 64,
						.wire = WIRE(64, 1000) };
	g_assert_cmpuint(o->fill(p, f, 4), ==, 4);
	/* 10 us apart, each 704 ns after its slot */
	for (int i = 0; i < 4; i++)
		g_assert_cmpuint(f[i].arrival, ==,
				 SIM_NS(704) + (sim_time_t)i * SIM_US(10));
	o->destroy(p);
}

/* the batch a source is asked for never changes what it makes */
static void test_batches(void)
{
	static const char *const names[] = { "constant", "poisson", "onoff",
					     "mmpp", "schedule" };

	for (guint s = 0; s < G_N_ELEMENTS(names); s++) {
		struct traffic_cfg c = base(names[s]);
		g_autofree struct sk_buff *a = g_new(struct sk_buff, 700);
		g_autofree struct sk_buff *b = g_new(struct sk_buff, 700);

		c.rate_pps = 300000;
		c.seed = 17;
		set(c.sizes, "imix");
		set(c.schedule, "0:1,500:~3,1000:0.5");
		c.schedule_arrival = TRAFFIC_POISSON;
		c.flows = 8;
		c.packets = 700;	/* batches of 256, 256, 188 */
		check_ok(&c);
		g_assert_cmpuint(pop(&c, a, 700), ==, 700);
		c.packets = 0;		/* batches of 256 */
		c.duration_us = 1000000;
		g_assert_cmpuint(pop(&c, b, 700), ==, 700);
		for (guint i = 0; i < 700; i++) {
			g_assert_cmpuint(a[i].arrival, ==, b[i].arrival);
			g_assert_cmpuint(a[i].len, ==, b[i].len);
			g_assert_cmpuint(a[i].flow, ==, b[i].flow);
			/* and no frame overlaps the one ahead on the wire */
			if (i)
				g_assert_cmpuint(a[i].arrival - a[i - 1].arrival,
						 >=, WIRE(a[i].len, 1000));
		}
	}
}

/* ---------------------------------------------------------------- sources */

static void test_constant(void)
{
	struct traffic_cfg c = base("constant");
	struct sk_buff s[13];

	/* 64:1,1500:1 at 100 kpps on 1 GbE: frame k starts at k x 10 us
	 * unless a 1500-byte frame (12.192 us) is still on the wire */
	c.rate_pps = 100000;
	c.seed = 3;
	set(c.sizes, "64:1,1500:1");
	check_ok(&c);
	g_assert_cmpuint(pop(&c, s, 13), ==, 13);
	for (guint i = 0; i < 13; i++) {
		sim_time_t start = (sim_time_t)i * SIM_US(10);
		sim_time_t prev = i ? s[i - 1].arrival : 0;

		g_assert_cmpuint(s[i].arrival, ==,
				 MAX(start, prev) + WIRE(s[i].len, 1000));
	}
	/* the seed-3 size stream: pinned */
	{
		static const uint32_t len[13] = { 1500, 64, 64, 1500, 1500,
						  1500, 64, 1500, 1500, 1500,
						  1500, 64, 64 };
		for (guint i = 0; i < 13; i++)
			g_assert_cmpuint(s[i].len, ==, len[i]);
	}
}

/*
 * arrival=bulk: TCP flows, each in order, bulk_burst segments of a flow
 * in a row, round robin; evenly spaced as constant, back to back above
 * the line rate.
 */
static void test_bulk(void)
{
	struct traffic_cfg c = base("bulk");
	struct traffic *t;
	g_autofree char *msg = NULL;

	/* 3 flows, 2 segments each in turn, at 1 Mpps: capped at 1 GbE's
	 * 81274 pps of 1514-byte frames, so back to back, 12.304 us each */
	c.size = 1514;
	c.flows = 3;
	c.bulk_burst = 2;
	c.rate_pps = 1000000;
	check_ok(&c);
	t = traffic_new(&c);
	for (guint f = 0; f < 3; f++)
		g_assert_cmpuint(traffic_flow_keys(t, f)->ip_proto, ==, 6);
	for (guint k = 0; k < 24; k++) {
		struct sk_buff s;

		traffic_pop(t, &s);
		g_assert_cmpuint(s.flow, ==, (k / 2) % 3);
		g_assert_cmpuint(s.seq, ==, (k / 6) * 2 + k % 2);
		g_assert_cmpuint(s.len, ==, 1514);
		g_assert_cmpuint(s.arrival, ==, (k + 1) * WIRE(1514, 1000));
	}
	traffic_free(t);

	/* below the line rate: frame k at k x 20 us, one flow at a time */
	c.rate_pps = 50000;
	c.bulk_burst = 1;
	t = traffic_new(&c);
	for (guint k = 0; k < 6; k++) {
		struct sk_buff s;

		traffic_pop(t, &s);
		g_assert_cmpuint(s.flow, ==, k % 3);
		g_assert_cmpuint(s.seq, ==, k / 3);
		g_assert_cmpuint(s.arrival, ==, (sim_time_t)k * SIM_US(20) +
				 WIRE(1514, 1000));
	}
	traffic_free(t);

	/* flow_sizes: each segment has its own flow's size (the flow is
	 * the source's round robin, not a draw) */
	set(c.flow_sizes, "200/1514/600");
	t = traffic_new(&c);
	for (guint k = 0; k < 9; k++) {
		static const uint32_t len[] = { 200, 1514, 600 };
		struct sk_buff s;

		traffic_pop(t, &s);
		g_assert_cmpuint(s.flow, ==, k % 3);
		g_assert_cmpuint(s.len, ==, len[k % 3]);
	}
	traffic_free(t);
	c.flow_sizes[0] = '\0';

	/* round robin has no popularity */
	c.flow_dist = TRAFFIC_FLOWS_ZIPF;
	msg = check_fails(&c);
	g_assert_nonnull(strstr(msg, "flow_dist"));
}

static void test_poisson(void)
{
	struct traffic_cfg c = base("poisson");
	static const sim_time_t want[6] = {
		/* exp_draw() of seed 11: -log((k + 1/2) / 2^32) */
		704000, 3628438, 7810572, 13619012, 14852284, 16553629,
	};
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 200000);

	c.rate_pps = 500000;
	c.seed = 11;
	c.packets = 200000;
	check_ok(&c);
	g_assert_cmpuint(pop(&c, s, 200000), ==, 200000);
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		g_assert_cmpuint(s[i].arrival, ==, want[i]);
	g_assert_cmpfloat(fabs(rate_of(s, 200000) / 500000 - 1), <, 0.01);
}

static void test_onoff(void)
{
	struct traffic_cfg c = base("onoff");
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 400000);
	static const sim_time_t want[8] = {
		/* a burst of 1, of 4, of 1, then of at least 4 */
		704000, 62576109, 63280109, 63984109, 64688109, 198899793,
		216973427, 217677427,
	};
	guint bursts = 0, frames = 0;

	/* bursts of 8 frames on average, back to back at 1 GbE, 200 kpps */
	c.rate_pps = 200000;
	c.seed = 5;
	c.burst_frames = 8;
	c.packets = 400000;
	check_ok(&c);
	g_assert_cmpuint(pop(&c, s, 400000), ==, 400000);
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		g_assert_cmpuint(s[i].arrival, ==, want[i]);
	g_assert_cmpfloat(fabs(rate_of(s, 400000) / 200000 - 1), <, 0.01);
	/* a burst: frames one wire time apart */
	for (guint i = 1; i < 400000; i++)
		if (s[i].arrival - s[i - 1].arrival != SIM_NS(704))
			bursts++;
	frames = 400000;
	g_assert_cmpfloat(fabs((double)frames / (bursts + 1) / 8 - 1), <,
			  0.01);

	/* Pareto bursts (alpha 2.5) and gaps: the mean burst is still 8 */
	c.burst_dist = TRAFFIC_DIST_PARETO;
	c.burst_shape = 2.5;
	c.gap_dist = TRAFFIC_DIST_PARETO;
	c.gap_shape = 2.5;
	pop(&c, s, 400000);
	bursts = 0;
	for (guint i = 1; i < 400000; i++)
		if (s[i].arrival - s[i - 1].arrival != SIM_NS(704))
			bursts++;
	g_assert_cmpfloat(fabs(400000.0 / (bursts + 1) / 8 - 1), <, 0.02);
	g_assert_cmpfloat(fabs(rate_of(s, 400000) / 200000 - 1), <, 0.03);

	/* paced bursts: one frame per 1/burst_rate_pps within a burst */
	c.burst_dist = c.gap_dist = TRAFFIC_DIST_EXPONENTIAL;
	c.burst_rate_pps = 1000000;
	pop(&c, s, 400000);
	bursts = 0;
	for (guint i = 1; i < 400000; i++) {
		sim_time_t gap = s[i].arrival - s[i - 1].arrival;

		g_assert_cmpuint(gap, >=, SIM_US(1));
		bursts += gap != SIM_US(1);
	}
	g_assert_cmpfloat(fabs(400000.0 / (bursts + 1) / 8 - 1), <, 0.01);
	g_assert_cmpfloat(fabs(rate_of(s, 400000) / 200000 - 1), <, 0.01);
}

static void test_mmpp(void)
{
	struct traffic_cfg c = base("mmpp");
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 300000);
	static const sim_time_t want[5] = {
		31005141, 32297454, 37966202, 39115573, 46719094,
	};
	uint64_t fast = 0;

	/* state 0 at rate r0 for 900 us, state 1 at 9 x r0 for 100 us:
	 * mean 1.8 r0 = 200 kpps, so r0 = 111 kpps, r1 = 1 Mpps, and 1/2
	 * of the frames arrive in state 1 */
	c.rate_pps = 200000;
	c.seed = 2;
	c.packets = 300000;
	check_ok(&c);
	g_assert_cmpuint(pop(&c, s, 300000), ==, 300000);
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		g_assert_cmpuint(s[i].arrival, ==, want[i]);
	g_assert_cmpfloat(fabs(rate_of(s, 300000) / 200000 - 1), <, 0.02);
	/* gaps under 3 us: half the frames come in state 1, where nearly
	 * every gap is (1 - e^-(2.296/0.296)), and 24 % of state 0's are
	 * (1 - e^-(2.296/8.296)): 62 % */
	for (guint i = 1; i < 300000; i++)
		fast += s[i].arrival - s[i - 1].arrival < SIM_US(3);
	g_assert_cmpfloat(fabs((double)fast / 300000 - 0.62), <, 0.01);

	/* an interrupted Poisson process: state 1 silent */
	set(c.mmpp_rates, "1,0");
	set(c.mmpp_sojourn_us, "100,100");
	set(c.mmpp_next, "0,1/1,0");
	check_ok(&c);
	pop(&c, s, 300000);
	g_assert_cmpfloat(fabs(rate_of(s, 300000) / 200000 - 1), <, 0.02);
}

static void test_schedule(void)
{
	struct traffic_cfg c = base("schedule");
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 2000);
	guint n, in[4] = { 0 };

	/* 100 kpps for 1 ms, a ramp to 300 kpps by 2 ms, 300 kpps to
	 * 3 ms, then silence: 100 + 200 + 300 = 600 frames */
	c.rate_pps = 100000;
	c.packets = 2000;
	set(c.schedule, "0:1,1000:1,2000:~3,3000:0");
	check_ok(&c);
	n = pop(&c, s, 2000);
	g_assert_cmpuint(n, ==, 600);
	/* evenly spaced at 10 us for the first ms */
	for (guint i = 0; i < 100; i++)
		g_assert_cmpuint(s[i].arrival, ==,
				 (sim_time_t)i * SIM_US(10) + SIM_NS(704));
	/* then 3.333 us apart */
	g_assert_cmpuint(s[301].arrival - s[300].arrival, >=, 3333333);
	g_assert_cmpuint(s[301].arrival - s[300].arrival, <=, 3333334);
	for (guint i = 0; i < n; i++)
		in[MIN(s[i].arrival / SIM_US(1000), 3)]++;
	g_assert_cmpuint(in[0], ==, 100);
	g_assert_cmpuint(in[1], ==, 200);
	g_assert_cmpuint(in[2], ==, 300);
	/* the window ends where the mass does; ipps is its mean */
	c.packets = 600;
	g_assert_cmpuint(traffic_cfg_offered_end(&c), ==, SIM_US(3000));
	{
		struct traffic *t = traffic_new(&c);

		g_assert_cmpfloat(fabs(traffic_rate_pps(t) - 200000), <, 1);
		traffic_free(t);
	}

	/* Poisson in the same rate: the same mass, drawn */
	c.packets = 2000;
	c.schedule_arrival = TRAFFIC_POISSON;
	c.seed = 9;
	n = pop(&c, s, 2000);
	g_assert_cmpuint(n, ==, 564);
}

/* ---------------------------------------------------------------- sizes */

static void test_imix(void)
{
	struct traffic_cfg c = base("constant");
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 120000);
	guint n64 = 0, n576 = 0, n1500 = 0;
	struct traffic *t;

	c.rate_pps = 100000;
	c.packets = 120000;
	c.seed = 7;
	set(c.sizes, "imix");
	check_ok(&c);
	pop(&c, s, 120000);
	for (guint i = 0; i < 120000; i++) {
		n64 += s[i].len == 64;
		n576 += s[i].len == 576;
		n1500 += s[i].len == 1500;
	}
	/* 7:4:1 is 70000, 40000, 10000: the seed-7 size stream draws */
	g_assert_cmpuint(n64, ==, 70100);
	g_assert_cmpuint(n576, ==, 39860);
	g_assert_cmpuint(n1500, ==, 10040);
	/* psize: the mix's mean, 4252 / 12 bytes */
	t = traffic_new(&c);
	g_assert_cmpfloat(fabs(traffic_mean_len(t) - 4252.0 / 12), <, 1e-9);
	traffic_free(t);
}

static void test_size_lists(struct fixture *f, gconstpointer d G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *table = g_build_filename(f->dir, "sizes.txt", NULL);
	g_autofree char *msg = NULL;
	struct traffic_cfg c = base("constant");
	g_autoptr(size_mix) m = size_mix_parse(" 64:7, 576:4,1500 ", &error);

	g_assert_no_error(error);
	g_assert_cmpuint(m->n, ==, 3);
	g_assert_cmpfloat(m->p[0], ==, 7.0 / 12);
	g_assert_cmpfloat(m->p[2], ==, 1.0 / 12);
	g_assert_null(size_mix_parse("64:7,57:4", &error));
	g_assert_cmpstr(error->message, ==,
			"entry 2 \"57:4\" is not SIZE or SIZE:WEIGHT (a size in 60..9000 bytes without FCS, a weight of at least 0), or imix");
	g_clear_error(&error);
	g_assert_null(size_mix_parse("64,128,64:2", &error));
	g_assert_cmpstr(error->message, ==, "entry 3: size 64 listed twice");
	g_clear_error(&error);
	g_assert_null(size_mix_parse("64:0", &error));
	g_clear_error(&error);

	/* an empirical table: a histogram with comments and an empty bin */
	g_assert_true(g_file_set_contents(table,
		"# size  count\n64 600\n\t128,0\n1518 400 # full\n", -1, NULL));
	set(c.size_table, table);
	check_ok(&c);
	{
		struct traffic *t = traffic_new(&c);

		g_assert_cmpfloat(fabs(traffic_mean_len(t) -
				       (0.6 * 64 + 0.4 * 1518)), <, 1e-9);
		traffic_free(t);
	}
	g_assert_true(g_file_set_contents(table, "64 1\n1518\n", -1, NULL));
	msg = check_fails(&c);
	g_assert_true(g_str_has_prefix(msg, "size_table: "));
	g_assert_nonnull(strstr(msg, "sizes.txt:2: expected \"SIZE WEIGHT\""));
	g_unlink(table);
	g_free(msg);
	msg = check_fails(&c);
	g_assert_nonnull(strstr(msg, "sizes.txt"));
	g_free(msg);
	set(c.size_table, "");

	/* the key is named */
	set(c.sizes, "64:x");
	msg = check_fails(&c);
	g_assert_true(g_str_has_prefix(msg, "sizes: entry 1 \"64:x\""));
	g_free(msg);
	set(c.sizes, "");
	set(c.flow_sizes, "64/1500:1,9001");
	msg = check_fails(&c);
	g_assert_true(g_str_has_prefix(msg, "flow_sizes: mix 2"));
}

static void test_flow_sizes(void)
{
	struct traffic_cfg c = base("poisson");
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 10000);
	g_autofree struct sk_buff *one = g_new(struct sk_buff, 10000);
	guint per[3] = { 0 };
	struct traffic *t;

	c.rate_pps = 300000;
	c.packets = 10000;
	c.flows = 3;
	set(c.flow_sizes, "64/1500/imix");
	check_ok(&c);
	pop(&c, s, 10000);
	for (guint i = 0; i < 10000; i++) {
		if (s[i].flow == 0)
			g_assert_cmpuint(s[i].len, ==, 64);
		else if (s[i].flow == 1)
			g_assert_cmpuint(s[i].len, ==, 1500);
		else
			per[s[i].len == 64 ? 0 : s[i].len == 576 ? 1 : 2]++;
	}
	g_assert_cmpuint(per[0] + per[1] + per[2], >, 3000);
	/* psize: the flows' mixes, weighed by their popularity */
	t = traffic_new(&c);
	g_assert_cmpfloat(fabs(traffic_mean_len(t) -
			       (64 + 1500 + 4252.0 / 12) / 3), <, 1e-9);
	traffic_free(t);
}

static void test_mix_line_rate(void)
{
	struct traffic_cfg c = base("constant");
	g_autofree struct sk_buff *s = g_new(struct sk_buff, 12000);
	double mean_wire = (7.0 * WIRE(64, 1000) + 4.0 * WIRE(576, 1000) +
			    1.0 * WIRE(1500, 1000)) / 12;
	struct traffic *t;

	/* far above the line rate: capped at one mean frame time */
	c.rate_pps = 10000000;
	c.packets = 12000;
	set(c.sizes, "imix");
	t = traffic_new(&c);
	g_assert_cmpfloat(fabs(traffic_rate_pps(t) - 1e12 / mean_wire), <,
			  1e-6);
	traffic_free(t);
	/* back to back: each frame exactly its own wire time after the
	 * one ahead */
	pop(&c, s, 12000);
	g_assert_cmpuint(s[0].arrival, ==, WIRE(s[0].len, 1000));
	for (guint i = 1; i < 12000; i++)
		g_assert_cmpuint(s[i].arrival - s[i - 1].arrival, ==,
				 WIRE(s[i].len, 1000));
}

/* ---------------------------------------------------------------- pcap */

/* a frame with an 802.1Q tag (VLAN 7) inserted after the addresses */
static struct cap_frame tagged(struct cap_frame f)
{
	static const uint8_t tag[4] = { 0x81, 0x00, 0x00, 0x07 };

	/* what fits of the rest moves 4 bytes on */
	f.caplen = MIN(f.caplen + 4, (uint32_t)sizeof(f.data));
	memmove(f.data + 16, f.data + 12, f.caplen - 16);
	memcpy(f.data + 12, tag, 4);
	f.len += 4;
	return f;
}

/* the hand-made capture: what each frame tests is on its line */
static GArray *hand_frames(void)
{
	const uint64_t t0 = 5000000000ULL;	/* 5 s */
	const uint32_t srv = 0xc0a80001;
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct cap_frame));
	struct cap_frame f[] = {
		/* 0: UDP 10.0.0.1:1000 > :9, 100 B */
		cap_ipv4(t0, 100, 17, 0x0a000001, 1000, srv, 9, 0, 128),
		/* 1: TCP 10.0.0.2:2000 > :80, 1514 B captured 64 B */
		cap_ipv4(t0 + 10000, 1514, 6, 0x0a000002, 2000, srv, 80, 0,
			 64),
		/* 2: 50 ns after: must wait for 1 behind it on the wire */
		cap_ipv4(t0 + 10050, 100, 17, 0x0a000001, 1000, srv, 9, 0,
			 128),
		/* 3: ARP, 42 B as sent: 60 B on the wire */
		cap_ether(t0 + 50000, 42, 0x0806, 128),
		/* 4: a timestamp that went backwards: as 3's */
		cap_ipv4(t0 + 40000, 100, 17, 0x0a000001, 1000, srv, 9, 0,
			 128),
		/* 5: tagged UDP 10.0.0.3:3000 > :9 */
		tagged(cap_ipv4(t0 + 60000, 200, 17, 0x0a000003, 3000, srv, 9,
				0, 128)),
		/* 6: a second fragment of 10.0.0.1 > srv: no ports */
		cap_ipv4(t0 + 70000, 300, 17, 0x0a000001, 0, srv, 0, 185,
			 128),
		/* 7: cut before its EtherType */
		cap_ipv4(t0 + 80000, 100, 17, 0x0a000009, 1, srv, 1, 0, 13),
	};

	g_array_append_vals(a, f, G_N_ELEMENTS(f));
	return a;
}

static char *write_hand(struct fixture *fx, const char *name, gboolean nano)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) frames = hand_frames();
	char *path = g_build_filename(fx->dir, name, NULL);

	g_assert_true(cap_write(path, frames, DLT_EN10MB, 128, nano, &error));
	g_assert_no_error(error);
	return path;
}

static void test_pcap_frames(struct fixture *fx, gconstpointer d G_GNUC_UNUSED)
{
	g_autofree char *path = write_hand(fx, "hand.pcap", TRUE);
	struct traffic_cfg c = base("pcap");
	struct sk_buff s[10];
	struct traffic *t;
	const uint32_t mbps = 10000;
	/* wire times at 10 GbE: (len + 24) x 0.8 ns */
	const sim_time_t w100 = WIRE(100, mbps), w1514 = WIRE(1514, mbps);
	const sim_time_t want[8] = {
		w100,				/* 0 */
		SIM_NS(10000) + w100,		/* 1: recorded */
		SIM_NS(10000) + w100 + w100,	/* 2: after 1's last bit */
		SIM_NS(50000) + w100,		/* 3 */
		SIM_NS(50000) + w100 + w100,	/* 4: clamped, then wire */
		SIM_NS(60000) + w100,		/* 5 */
		SIM_NS(70000) + w100,		/* 6 */
		SIM_NS(80000) + w100,		/* 7 */
	};
	static const uint32_t len[8] = { 100, 1514, 100, 60, 100, 204, 300,
					 100 };
	static const uint32_t flow[8] = { 0, 1, 0, 2, 0, 3, 4, 5 };
	const struct flow_keys *k;

	(void)w1514;
	c.line_rate_mbps = mbps;
	set(c.pcap, path);
	check_ok(&c);
	t = traffic_new(&c);
	g_assert_cmpuint(traffic_nr_flows(t), ==, 6);
	for (guint i = 0; i < 8; i++) {
		g_assert_cmpuint(traffic_peek(t), ==, want[i]);
		traffic_pop(t, &s[i]);
		g_assert_cmpuint(s[i].arrival, ==, want[i]);
		g_assert_cmpuint(s[i].len, ==, len[i]);
		g_assert_cmpuint(s[i].flow, ==, flow[i]);
	}
	g_assert_cmpuint(traffic_peek(t), ==, SIM_TIME_NEVER);
	g_assert_cmpuint(s[4].seq, ==, 2);	/* flow 0's third */
	k = traffic_flow_keys(t, 0);
	g_assert_cmphex(k->saddr, ==, 0x0a000001);
	g_assert_cmphex(k->daddr, ==, 0xc0a80001);
	g_assert_cmpuint(k->sport, ==, 1000);
	g_assert_cmpuint(k->dport, ==, 9);
	g_assert_cmpuint(k->ip_proto, ==, 17);
	k = traffic_flow_keys(t, 1);
	g_assert_cmpuint(k->ip_proto, ==, 6);
	g_assert_cmpuint(k->dport, ==, 80);
	k = traffic_flow_keys(t, 2);
	g_assert_cmphex(k->n_proto, ==, 0x0806);
	g_assert_cmphex(k->saddr, ==, 0);
	k = traffic_flow_keys(t, 3);		/* behind the VLAN tag */
	g_assert_cmphex(k->saddr, ==, 0x0a000003);
	g_assert_cmpuint(k->sport, ==, 3000);
	k = traffic_flow_keys(t, 4);		/* the fragment */
	g_assert_cmphex(k->saddr, ==, 0x0a000001);
	g_assert_cmpuint(k->ip_proto, ==, 17);
	g_assert_cmpuint(k->sport, ==, 0);
	k = traffic_flow_keys(t, 5);
	g_assert_cmphex(k->n_proto, ==, 0xffff);
	/* psize: the mean of the frames as replayed */
	g_assert_cmpfloat(traffic_mean_len(t), ==,
			  (100 + 1514 + 100 + 60 + 100 + 204 + 300 + 100) /
			  8.0);
	traffic_free(t);

	/* microsecond timestamps read the same */
	{
		g_autofree char *us = write_hand(fx, "hand-us.pcap", FALSE);

		set(c.pcap, us);
		t = traffic_new(&c);
		traffic_pop(t, &s[0]);
		traffic_pop(t, &s[1]);
		g_assert_cmpuint(s[1].arrival, ==, want[1]);
		traffic_free(t);
		g_unlink(us);
	}
	g_unlink(path);
}

static void test_pcap_timing(struct fixture *fx,
			     gconstpointer d G_GNUC_UNUSED)
{
	g_autofree char *path = write_hand(fx, "hand.pcap", TRUE);
	struct traffic_cfg c = base("pcap");
	struct sk_buff s[40];
	struct traffic *t;
	const sim_time_t w100 = WIRE(100, 10000);
	guint n;

	c.line_rate_mbps = 10000;
	set(c.pcap, path);
	/* twice as fast: recorded gaps halved */
	c.pcap_speed = 2;
	pop(&c, s, 8);
	g_assert_cmpuint(s[3].arrival, ==, SIM_NS(25000) + w100);
	g_assert_cmpuint(s[7].arrival, ==, SIM_NS(40000) + w100);
	/* rescaled to 100 kpps: the mean gap, 80 us / 7, becomes 10 us */
	c.pcap_timing = TRAFFIC_PCAP_RATE;
	c.rate_pps = 100000;
	t = traffic_new(&c);
	g_assert_cmpfloat(fabs(traffic_rate_pps(t) - 100000), <, 1e-6);
	traffic_free(t);
	pop(&c, s, 8);
	g_assert_cmpuint(s[7].arrival, ==, SIM_US(70) + w100);
	/* three loops, each one mean gap (10 us) after the last frame */
	c.pcap_loops = 3;
	n = pop(&c, s, 40);
	g_assert_cmpuint(n, ==, 24);
	g_assert_cmpuint(s[8].arrival, ==, SIM_US(80) + w100);
	g_assert_cmpuint(s[16].arrival, ==, SIM_US(160) + w100);
	g_assert_cmpuint(s[16].seq, ==, 0 + 3 * 2);	/* flow 0 again */
	/* the window: 24 frames of 10 us */
	g_assert_cmpuint(traffic_cfg_offered_end(&c), ==, SIM_US(240));
	/* endless, until packets */
	c.pcap_loops = 0;
	c.packets = 30;
	g_assert_cmpuint(pop(&c, s, 40), ==, 30);
	g_unlink(path);
}

static void test_pcap_errors(struct fixture *fx,
			     gconstpointer d G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *none = g_build_filename(fx->dir, "none.pcap", NULL);
	g_autofree char *text = g_build_filename(fx->dir, "text.pcap", NULL);
	g_autofree char *sll = g_build_filename(fx->dir, "sll.pcap", NULL);
	g_autofree char *empty = g_build_filename(fx->dir, "empty.pcap", NULL);
	g_autoptr(GArray) frames = hand_frames();
	g_autoptr(GArray) nothing = g_array_new(FALSE, FALSE,
						sizeof(struct cap_frame));
	g_autofree char *want = NULL;
	struct traffic_cfg c = base("pcap");
	char *msg;

	set(c.pcap, "");
	msg = check_fails(&c);
	g_assert_cmpstr(msg, ==, "pcap: no capture named (set pcap=FILE)");
	g_free(msg);

	set(c.pcap, none);
	msg = check_fails(&c);
	want = g_strdup_printf("pcap: %s: No such file or directory",
			       none);
	g_assert_cmpstr(msg, ==, want);
	g_free(msg);

	g_assert_true(g_file_set_contents(text, "not a capture\n", -1, NULL));
	set(c.pcap, text);
	msg = check_fails(&c);
	g_assert_true(g_str_has_prefix(msg, "pcap: "));
	g_assert_nonnull(strstr(msg, "text.pcap: not a capture libpcap reads"));
	g_free(msg);

	g_assert_true(cap_write(sll, frames, DLT_LINUX_SLL, 128, FALSE,
				&error));
	set(c.pcap, sll);
	msg = check_fails(&c);
	g_assert_nonnull(strstr(msg, "sll.pcap: not an Ethernet capture (link type LINUX_SLL, 113"));
	g_free(msg);

	g_assert_true(cap_write(empty, nothing, DLT_EN10MB, 128, FALSE,
				&error));
	set(c.pcap, empty);
	msg = check_fails(&c);
	g_assert_nonnull(strstr(msg, "empty.pcap: no frames"));
	g_free(msg);

	/* a capture brings its own sizes and flows */
	{
		g_autofree char *good = write_hand(fx, "hand.pcap", FALSE);

		set(c.pcap, good);
		c.flows = 4;
		msg = check_fails(&c);
		g_assert_cmpstr(msg, ==,
				"flows: arrival=pcap replays the capture's own sizes and flows");
		g_free(msg);
		c.flows = 1;
		set(c.sizes, "imix");
		msg = check_fails(&c);
		g_assert_true(g_str_has_prefix(msg, "sizes: "));
		g_free(msg);
		g_unlink(good);
	}
	g_unlink(text);
	g_unlink(sll);
	g_unlink(empty);
}

/* the shipped captures hold what models/workload/mkcapture writes */
static void test_shipped_captures(void)
{
	g_autofree char *replay = g_test_build_filename(
		G_TEST_DIST, "scenarios", "traffic", "replay.pcap", NULL);
	g_autofree char *sll = g_test_build_filename(
		G_TEST_DIST, "tests", "bad", "not-ethernet.pcap", NULL);
	g_autoptr(GArray) frames = replay_capture_frames();
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	guint i = 0;

	p = pcap_open_offline_with_tstamp_precision(
		replay, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	g_assert_nonnull(p);
	g_assert_cmpint(pcap_datalink(p), ==, DLT_EN10MB);
	g_assert_cmpint(pcap_snapshot(p), ==, REPLAY_SNAPLEN);
	while (pcap_next_ex(p, &h, &data) == 1) {
		const struct cap_frame *f = &g_array_index(frames,
							   struct cap_frame, i);

		g_assert_cmpuint(i, <, frames->len);
		g_assert_cmpuint((uint64_t)h->ts.tv_sec * 1000000000u +
				 (uint64_t)h->ts.tv_usec, ==, f->ts_ns);
		g_assert_cmpuint(h->len, ==, f->len);
		g_assert_cmpuint(h->caplen, ==, f->caplen);
		g_assert_cmpmem(data, h->caplen, f->data, f->caplen);
		i++;
	}
	g_assert_cmpuint(i, ==, REPLAY_FRAMES);
	pcap_close(p);

	p = pcap_open_offline(sll, errbuf);
	g_assert_nonnull(p);
	g_assert_cmpint(pcap_datalink(p), ==, DLT_LINUX_SLL);
	pcap_close(p);
}

/* a capture's flows on a multi-queue NIC: RSS keeps each on its queue */
static void test_pcap_rss(struct fixture *f, gconstpointer d G_GNUC_UNUSED)
{
	g_autofree char *replay = g_test_build_filename(
		G_TEST_DIST, "scenarios", "traffic", "replay.pcap", NULL);
	g_autofree char *ini = g_strdup_printf(
		"[traffic]\narrival=pcap\npcap=%s\nline_rate_mbps=10000\n"
		"[nic]\ndriver=mlx5\nchannels=4\n[cpu]\ncount=4\n"
		"[stack]\nmode=deliver\n[app]\ncpu=3\n", replay);
	const struct sim_report *r = run(f, ini, false, NULL);
	guint queues[4] = { 0 };
	uint64_t offered = 0;

	g_assert_cmpuint(col(r, "offered"), ==, REPLAY_FRAMES);
	g_assert_cmpuint(col(r, "rxint"), >, 0);
	for (guint i = 0; i < 18; i++) {
		g_autofree char *id = g_strdup_printf("%u", i);

		offered += cnt(r, "flow", id, "offered");
		g_assert_cmpuint(cnt(r, "flow", id, "rx_queues"), ==, 1);
		queues[cnt(r, "flow", id, "rx_queue")]++;
	}
	g_assert_cmpuint(offered, ==, REPLAY_FRAMES);
	/* 3 UDP-like flows, 8 DNS clients, ICMP, the fragments, 5 TCP,
	 * ARP and IPv6; the non-IP flows hash to 0, and index entry 0 */
	g_assert_cmpstr(sim_report_get(r, "flow", "13", "src")->str, ==,
			"ethertype:0x0806");
	g_assert_cmpstr(sim_report_get(r, "flow", "15", "src")->str, ==,
			"ethertype:0x86dd");
	g_assert_cmpuint(cnt(r, "flow", "15", "rx_queue"), ==, 0);
	g_assert_cmpuint(queues[0] + queues[1] + queues[2] + queues[3], ==,
			 18);
	/* every queue gets some of the 18 flows */
	for (guint q = 0; q < 4; q++)
		g_assert_cmpuint(queues[q], >, 0);
	assert_conserved(r);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();

	g_test_add_func("/source/registry/one-line-each", test_registry);
	g_test_add_func("/source/interface/fills-a-batch-in-place",
			test_interface);
	g_test_add_func("/source/interface/batch-size-changes-nothing",
			test_batches);
	g_test_add_func("/source/constant/slots-and-a-mix-never-overlap",
			test_constant);
	g_test_add_func("/source/poisson/arrivals-for-a-seed", test_poisson);
	g_test_add_func("/source/bulk/tcp-flows-round-robin-in-order",
			test_bulk);
	g_test_add_func("/source/onoff/arrivals-bursts-and-rate", test_onoff);
	g_test_add_func("/source/mmpp/arrivals-states-and-rate", test_mmpp);
	g_test_add_func("/source/schedule/steps-ramps-and-silence",
			test_schedule);
	g_test_add_func("/sizes/imix/frames-per-size-for-a-seed", test_imix);
	g_test_add("/sizes/lists-tables-and-errors", struct fixture, NULL,
		   fixture_setup, test_size_lists, fixture_teardown);
	g_test_add_func("/sizes/per-flow", test_flow_sizes);
	g_test_add_func("/sizes/line-rate-cap-uses-the-mean",
			test_mix_line_rate);
#define ADD(path, fn) \
	g_test_add(path, struct fixture, NULL, fixture_setup, fn, \
		   fixture_teardown)
	ADD("/source/pcap/frames-at-recorded-times-sizes-and-flows",
	    test_pcap_frames);
	ADD("/source/pcap/speed-rate-and-loops", test_pcap_timing);
	ADD("/source/pcap/bad-captures-name-the-file", test_pcap_errors);
	g_test_add_func("/source/pcap/shipped-captures-are-made-here",
			test_shipped_captures);
	ADD("/source/pcap/flows-reach-rss", test_pcap_rss);
#undef ADD
	return g_test_run();
}
