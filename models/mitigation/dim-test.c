/*
 * models/mitigation/dim-test.c - net_dim's promises, on hand-built samples.
 *
 * A measurement here is one call that starts it (from DIM_START_MEASURE;
 * after a decision that kept the profile the deciding sample is the new
 * start) and one call DIM_NEVENTS events and 1000 us later, so the rates
 * per ms equal the counts per measurement.
 */
#include "config.h"

#include <glib.h>

#include "models/drivers/drivers.h"
#include "models/mitigation/dim.h"
#include "models/mitigation/mitigation.h"

struct fixture {
	struct dim dim;
	struct dim_sample s;	/* running counters */
};

static void fixture_setup(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	dim_init(&f->dim, DIM_CQ_PERIOD_MODE_START_FROM_EQE);
	f->s = (struct dim_sample) { 0 };
}

static void fixture_teardown(struct fixture *f G_GNUC_UNUSED,
			     gconstpointer data G_GNUC_UNUSED)
{
}

/* advance the counters and hand the sample to net_dim() */
static bool feed(struct fixture *f, sim_time_t dt, unsigned int events,
		 uint64_t pkts, uint64_t bytes)
{
	f->s.time += dt;
	f->s.event_ctr += events;
	f->s.pkt_ctr += pkts;
	f->s.byte_ctr += bytes;
	return net_dim(&f->dim, &f->s);
}

/*
 * One whole measurement of @pkts packets and @bytes bytes over @dt.
 * Returns what the deciding net_dim() call returned; a new profile is
 * applied at once, as the driver's work item would.
 */
static bool measure_raw(struct fixture *f, sim_time_t dt, uint64_t pkts,
			uint64_t bytes)
{
	bool changed;

	/* after a decision that kept the profile, it is already running */
	if (f->dim.state == DIM_START_MEASURE)
		feed(f, SIM_US(1), 0, 0, 0);
	g_assert_cmpint(f->dim.state, ==, DIM_MEASURE_IN_PROGRESS);
	changed = feed(f, dt, DIM_NEVENTS, pkts, bytes);
	if (changed) {
		g_assert_cmpint(f->dim.state, ==, DIM_APPLY_NEW_PROFILE);
		dim_applied(&f->dim);
		g_assert_cmpint(f->dim.state, ==, DIM_START_MEASURE);
	} else {
		/* restarted from the deciding sample */
		g_assert_cmpint(f->dim.state, ==, DIM_MEASURE_IN_PROGRESS);
		g_assert_cmpuint(f->dim.start_sample.time, ==, f->s.time);
	}
	return changed;
}

static bool measure_for(struct fixture *f, sim_time_t dt, uint64_t pkts)
{
	return measure_raw(f, dt, pkts, pkts * 1000);
}

static bool measure(struct fixture *f, uint64_t pkts)
{
	return measure_for(f, SIM_US(1000), pkts);
}

static void test_init(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	g_assert_cmpint(f->dim.state, ==, DIM_START_MEASURE);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	g_assert_cmpint(f->dim.profile_ix, ==, NET_DIM_DEF_PROFILE_EQE);
	g_assert_cmpint(f->dim.mode, ==, DIM_CQ_PERIOD_MODE_START_FROM_EQE);
	g_assert_cmpint(f->dim.tired, ==, 0);
}

static void test_rx_profiles(struct fixture *f G_GNUC_UNUSED,
			     gconstpointer data G_GNUC_UNUSED)
{
	static const uint16_t eqe[][2] = {
		{ 1, 256 }, { 8, 256 }, { 64, 256 }, { 128, 256 }, { 256, 256 },
	};
	static const uint16_t cqe[][2] = {
		{ 2, 256 }, { 8, 128 }, { 16, 64 }, { 32, 64 }, { 64, 64 },
	};
	struct dim_cq_moder m;

	for (int i = 0; i < NET_DIM_PARAMS_NUM_PROFILES; i++) {
		m = net_dim_get_rx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_EQE,
					      i);
		g_assert_cmpuint(m.usec, ==, eqe[i][0]);
		g_assert_cmpuint(m.pkts, ==, eqe[i][1]);
		m = net_dim_get_rx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_CQE,
					      i);
		g_assert_cmpuint(m.usec, ==, cqe[i][0]);
		g_assert_cmpuint(m.pkts, ==, cqe[i][1]);
	}
	m = net_dim_get_def_rx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_CQE);
	g_assert_cmpuint(m.usec, ==, 8);
	g_assert_cmpuint(m.pkts, ==, 128);
}

static void test_tx_profiles(struct fixture *f G_GNUC_UNUSED,
			     gconstpointer data G_GNUC_UNUSED)
{
	static const uint16_t eqe[][2] = {
		{ 1, 128 }, { 8, 128 }, { 32, 128 }, { 64, 128 }, { 128, 128 },
	};
	static const uint16_t cqe[][2] = {
		{ 5, 128 }, { 8, 64 }, { 16, 32 }, { 32, 32 }, { 64, 32 },
	};
	struct dim_cq_moder m;

	for (int i = 0; i < NET_DIM_PARAMS_NUM_PROFILES; i++) {
		m = net_dim_get_tx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_EQE,
					      i);
		g_assert_cmpuint(m.usec, ==, eqe[i][0]);
		g_assert_cmpuint(m.pkts, ==, eqe[i][1]);
		m = net_dim_get_tx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_CQE,
					      i);
		g_assert_cmpuint(m.usec, ==, cqe[i][0]);
		g_assert_cmpuint(m.pkts, ==, cqe[i][1]);
	}
	m = net_dim_get_def_tx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_EQE);
	g_assert_cmpuint(m.usec, ==, 8);
	g_assert_cmpuint(m.pkts, ==, 128);
	m = net_dim_get_def_tx_moderation(DIM_CQ_PERIOD_MODE_START_FROM_CQE);
	g_assert_cmpuint(m.usec, ==, 8);
	g_assert_cmpuint(m.pkts, ==, 64);
}

/* the NIC's timer mode picks the table the policy starts from */
static void test_policy_table(struct fixture *f G_GNUC_UNUSED,
			      gconstpointer data G_GNUC_UNUSED)
{
	struct nic_cfg nic = { .adaptive_rx = true };
	struct rx_mitigation *eqe, *cqe, *legacy;
	const struct coalesce *c;

	legacy = mitigation_nic_new(&nic, 10000);
	eqe = mitigation_nic_new_timer(&nic, 10000, COALESCE_FROM_EQE);
	cqe = mitigation_nic_new_timer(&nic, 10000, COALESCE_FROM_CQE);
	c = legacy->priv;
	g_assert_cmpuint(c->usecs, ==, SIM_US(8));
	g_assert_cmpuint(c->frames, ==, 256);
	c = eqe->priv;
	g_assert_cmpuint(c->frames, ==, 256);
	g_assert_cmpint(c->timer, ==, COALESCE_FROM_EQE);
	c = cqe->priv;
	g_assert_cmpuint(c->usecs, ==, SIM_US(8));
	g_assert_cmpuint(c->frames, ==, 128);
	g_assert_cmpint(c->timer, ==, COALESCE_FROM_CQE);
	mitigation_nic_free(legacy);
	mitigation_nic_free(eqe);
	mitigation_nic_free(cqe);
}

static void test_steps_right(struct fixture *f,
			     gconstpointer data G_GNUC_UNUSED)
{
	/* each profile moves >10% more bytes than the one before */
	g_assert_true(measure(f, 100));
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	g_assert_cmpint(f->dim.steps_right, ==, 1);
	g_assert_cmpint(f->dim.prev_stats.bpms, ==, 100000);

	g_assert_true(measure(f, 120));
	g_assert_cmpint(f->dim.profile_ix, ==, 3);
	g_assert_true(measure(f, 150));
	g_assert_cmpint(f->dim.profile_ix, ==, 4);
	g_assert_cmpint(f->dim.steps_right, ==, 3);
	g_assert_cmpint(f->dim.tired, ==, 3);

	/* still better, but there is no profile 5: park on the edge */
	g_assert_false(measure(f, 200));
	g_assert_cmpint(f->dim.profile_ix, ==, 4);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_ON_TOP);
	g_assert_cmpint(f->dim.tired, ==, 0);
}

static void test_turns_on_worse(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	g_assert_true(measure(f, 100));		/* 1 -> 2 */
	/* 5% is noise: not better, so it turns and steps back */
	g_assert_true(measure(f, 105));
	g_assert_cmpint(f->dim.profile_ix, ==, 1);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.steps_left, ==, 1);
	g_assert_cmpint(f->dim.steps_right, ==, 1);
}

static void test_parks_on_top(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	g_assert_true(measure(f, 100));		/* at 1; 1 -> 2 */
	g_assert_true(measure(f, 200));		/* at 2; 2 -> 3 */
	g_assert_true(measure(f, 150));		/* at 3: worse; 3 -> 2 */
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.steps_right, ==, 2);
	g_assert_cmpint(f->dim.steps_left, ==, 1);

	/* back at 2, better than at 3: two right, one left, this is the top */
	g_assert_false(measure(f, 200));
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_ON_TOP);
	g_assert_cmpint(f->dim.steps_right, ==, 0);
	g_assert_cmpint(f->dim.steps_left, ==, 0);
	g_assert_cmpint(f->dim.tired, ==, 0);
	g_assert_cmpint(f->dim.prev_stats.bpms, ==, 200000);

	/* parked: within 10% it stays, and keeps the reference it parked on */
	g_assert_false(measure(f, 190));
	g_assert_false(measure(f, 181));
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_ON_TOP);
	g_assert_cmpint(f->dim.prev_stats.bpms, ==, 200000);

	/* 10.5% truncates to 10, which is not more than 10 */
	g_assert_false(measure(f, 179));
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_ON_TOP);

	/* 11% is a real change: leave parking towards less moderation */
	g_assert_true(measure(f, 178));
	g_assert_cmpint(f->dim.profile_ix, ==, 1);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.steps_left, ==, 1);
	g_assert_cmpint(f->dim.tired, ==, 1);
	g_assert_cmpint(f->dim.prev_stats.bpms, ==, 178000);
}

static void test_top_needs_two_out_one_back(struct fixture *f,
					    gconstpointer data G_GNUC_UNUSED)
{
	/* one step out and one back is not a top: keep going left */
	g_assert_true(measure(f, 100));		/* at 1; 1 -> 2 */
	g_assert_true(measure(f, 80));		/* at 2: worse; 2 -> 1 */
	g_assert_cmpint(f->dim.steps_right, ==, 1);
	g_assert_cmpint(f->dim.steps_left, ==, 1);
	g_assert_true(measure(f, 100));		/* at 1: better; -> 0 */
	g_assert_cmpint(f->dim.profile_ix, ==, 0);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.steps_left, ==, 2);

	/* each turn forgets the steps already taken the new way */
	g_assert_true(measure(f, 80));		/* at 0: worse; 0 -> 1 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	g_assert_cmpint(f->dim.steps_right, ==, 1);
	g_assert_true(measure(f, 70));		/* at 1: worse; 1 -> 0 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.steps_left, ==, 1);
	g_assert_cmpint(f->dim.steps_right, ==, 1);
}

static void test_packets_decide_when_bytes_tie(struct fixture *f,
					       gconstpointer data G_GNUC_UNUSED)
{
	/* bytes without packets: the packet rate of 0 loses to any */
	g_assert_true(measure_raw(f, SIM_US(1000), 0, 100000));  /* 1 -> 2 */
	g_assert_true(measure_raw(f, SIM_US(1000), 10, 100000)); /* 2 -> 3 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	/* same bytes in twice the packets is better... */
	g_assert_true(measure_raw(f, SIM_US(1000), 20, 100000)); /* 3 -> 4 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	/* ...and in fewer packets worse */
	g_assert_true(measure_raw(f, SIM_US(1000), 15, 100000)); /* 4 -> 3 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.profile_ix, ==, 3);
}

static void test_parks_on_top_going_right(struct fixture *f,
					  gconstpointer data G_GNUC_UNUSED)
{
	/* climb to the right edge and park there */
	g_assert_true(measure(f, 100));		/* 1 -> 2 */
	g_assert_true(measure(f, 200));		/* 2 -> 3 */
	g_assert_true(measure(f, 300));		/* 3 -> 4 */
	g_assert_false(measure(f, 400));	/* edge: park at 4 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_ON_TOP);

	/* traffic changes: leave leftwards, two steps left, one back */
	g_assert_true(measure(f, 200));		/* at 4; 4 -> 3 */
	g_assert_true(measure(f, 300));		/* at 3: better; -> 2 */
	g_assert_cmpint(f->dim.steps_left, ==, 2);
	g_assert_true(measure(f, 200));		/* at 2: worse; 2 -> 3 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	g_assert_cmpint(f->dim.steps_right, ==, 1);
	g_assert_false(measure(f, 300));	/* at 3: better: the top */
	g_assert_cmpint(f->dim.profile_ix, ==, 3);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_ON_TOP);
}

static void test_fewer_events_is_better(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	/* same bytes and packets per ms; only the event rate differs */
	g_assert_true(measure_for(f, SIM_US(1000), 100));	/* 1 -> 2 */
	g_assert_cmpint(f->dim.prev_stats.epms, ==, 64);
	g_assert_true(measure_for(f, SIM_US(2000), 200));	/* 2 -> 3 */
	g_assert_cmpint(f->dim.prev_stats.epms, ==, 32);
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_RIGHT);
	g_assert_true(measure_for(f, SIM_US(1000), 100));	/* 3 -> 2 */
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
}

static void test_tired_parking(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	static const int ix_after[10] = { 2, 1, 2, 1, 2, 1, 2, 1, 2, 1 };
	int i;

	/*
	 * The first measurement beats the empty reference; after that the
	 * traffic never changes, so it turns at every measurement and
	 * oscillates between profiles 1 and 2 without finding a top.
	 */
	for (i = 0; i < 10; i++) {
		g_assert_true(measure(f, 100));
		g_assert_cmpint(f->dim.profile_ix, ==, ix_after[i]);
		g_assert_cmpint(f->dim.tired, ==, i + 1);
	}
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);

	/* the 11th step would exceed DIM_TIRED_LIMIT: park where it is */
	g_assert_false(measure(f, 100));
	g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_TIRED);
	g_assert_cmpint(f->dim.profile_ix, ==, 1);
	g_assert_cmpint(f->dim.tired, ==, DIM_TIRED_LIMIT);

	/* parked for 10 measurements, whatever the traffic does */
	for (i = 1; i < DIM_TIRED_LIMIT; i++) {
		g_assert_false(measure(f, i % 2 ? 1000 : 10));
		g_assert_cmpint(f->dim.tune_state, ==, DIM_PARKING_TIRED);
		g_assert_cmpint(f->dim.tired, ==, DIM_TIRED_LIMIT - i);
	}
	g_assert_true(measure(f, 100));
	g_assert_cmpint(f->dim.tune_state, ==, DIM_GOING_LEFT);
	g_assert_cmpint(f->dim.profile_ix, ==, 0);
	g_assert_cmpint(f->dim.tired, ==, 1);
}

static void test_waits_for_64_events(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	sim_time_t start;

	feed(f, SIM_US(1), 0, 0, 0);
	start = f->dim.start_sample.time;
	/* 63 events in many small steps: no decision, same start */
	for (int i = 0; i < 63; i++)
		g_assert_false(feed(f, SIM_US(10), 1, 10, 10000));
	g_assert_cmpint(f->dim.state, ==, DIM_MEASURE_IN_PROGRESS);
	g_assert_cmpuint(f->dim.start_sample.time, ==, start);
	g_assert_cmpint(f->dim.profile_ix, ==, 1);
	g_assert_cmpint(f->dim.prev_stats.bpms, ==, 0);

	/* the 64th decides, over all 64 */
	g_assert_true(feed(f, SIM_US(10), 1, 10, 10000));
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
	g_assert_cmpint(f->dim.prev_stats.ppms, ==, 1000);  /* 640/640us */
	g_assert_cmpint(f->dim.prev_stats.epms, ==, 100);

	/* while the profile is being applied, samples are ignored */
	g_assert_false(feed(f, SIM_US(1000), 200, 1, 1));
	g_assert_cmpint(f->dim.state, ==, DIM_APPLY_NEW_PROFILE);
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
}

static void test_counter_wrap(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	struct dim_stats st = { 0 };
	struct dim_sample a = {
		.time = SIM_US(5),
		.pkt_ctr = 0xfffffff0u,
		.byte_ctr = 0xffffff00u,
		.event_ctr = 0xfff0,
		.comp_ctr = 0xfffffffeu,
	};
	struct dim_sample b = {
		.time = SIM_US(5) + SIM_US(2000),
		.pkt_ctr = 0x10,		/* 32 packets later */
		.byte_ctr = 0x1100,		/* 0x1200 bytes later */
		.event_ctr = 0x30,		/* 64 events later */
		.comp_ctr = 2,			/* 4 completions later */
	};

	g_assert_true(dim_calc_stats(&a, &b, &st));
	g_assert_cmpint(st.ppms, ==, 16);
	g_assert_cmpint(st.bpms, ==, 2304);
	g_assert_cmpint(st.epms, ==, 32);
	g_assert_cmpint(st.cpms, ==, 2);
	g_assert_cmpint(st.cpe_ratio, ==, 6);

	/* 64-bit counters wrap at 32 bits, as the kernel's u32 fields do */
	a.pkt_ctr = 0x1fffffff0ull;
	b.pkt_ctr = 0x200000010ull;
	g_assert_true(dim_calc_stats(&a, &b, &st));
	g_assert_cmpint(st.ppms, ==, 16);

	/* the u16 event counter wraps in net_dim() too */
	f->s.event_ctr = 0xffe0;
	feed(f, SIM_US(1), 0, 0, 0);
	g_assert_false(feed(f, SIM_US(100), 63, 100, 100000));
	g_assert_cmpuint(f->s.event_ctr, ==, 0x1f);
	g_assert_true(feed(f, SIM_US(900), 1, 0, 0));
	g_assert_cmpint(f->dim.prev_stats.bpms, ==, 100000);
}

static void test_calc_stats_rounds_up(struct fixture *f G_GNUC_UNUSED,
				      gconstpointer data G_GNUC_UNUSED)
{
	struct dim_stats st;
	struct dim_sample a = { .time = 0 };
	struct dim_sample b = { .time = SIM_NS(3999), .pkt_ctr = 1,
				.byte_ctr = 1 };

	/* 3.999 us counts as 3: ktime_us_delta() truncates */
	g_assert_true(dim_calc_stats(&a, &b, &st));
	g_assert_cmpint(st.ppms, ==, 334);	/* ceil(1000 / 3) */
	g_assert_cmpint(st.epms, ==, 21334);	/* ceil(64000 / 3) */
}

static void test_zero_elapsed_is_invalid(struct fixture *f,
					 gconstpointer data G_GNUC_UNUSED)
{
	struct dim_stats st = { .ppms = -1 };
	struct dim_sample a = { .time = SIM_US(7) };
	struct dim_sample b = { .time = SIM_US(7) + SIM_NS(999),
				.pkt_ctr = 5, .event_ctr = 64 };

	g_assert_false(dim_calc_stats(&a, &b, &st));
	g_assert_cmpint(st.ppms, ==, -1);

	/* net_dim() skips the decision and keeps the old start */
	feed(f, SIM_US(1), 0, 0, 0);
	g_assert_false(feed(f, SIM_NS(500), DIM_NEVENTS, 100, 100000));
	g_assert_cmpint(f->dim.state, ==, DIM_MEASURE_IN_PROGRESS);
	g_assert_cmpuint(f->dim.start_sample.time, ==, SIM_US(1));
	g_assert_cmpint(f->dim.profile_ix, ==, 1);
	/* once a microsecond has passed it decides */
	g_assert_true(feed(f, SIM_NS(500), 0, 0, 0));
	g_assert_cmpint(f->dim.profile_ix, ==, 2);
}

static void test_cqe_mode(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	dim_init(&f->dim, DIM_CQ_PERIOD_MODE_START_FROM_CQE);
	g_assert_cmpint(f->dim.profile_ix, ==, NET_DIM_DEF_PROFILE_CQE);
	g_assert_true(measure(f, 100));
	g_assert_cmpuint(net_dim_get_rx_moderation(f->dim.mode,
						   f->dim.profile_ix).usec,
			 ==, 16);
}

#define ADD(path, fn) \
	g_test_add("/mitigation/dim/" path, struct fixture, NULL, \
		   fixture_setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("init-starts-on-default-profile-going-right", test_init);
	ADD("rx-profile-tables", test_rx_profiles);
	ADD("tx-profile-tables", test_tx_profiles);
	ADD("nic-timer-mode-picks-the-table", test_policy_table);
	ADD("steps-right-on-better-throughput", test_steps_right);
	ADD("turns-when-not-better", test_turns_on_worse);
	ADD("parks-on-top", test_parks_on_top);
	ADD("parks-on-top-going-right", test_parks_on_top_going_right);
	ADD("one-step-out-and-back-is-not-a-top",
	    test_top_needs_two_out_one_back);
	ADD("more-packets-for-the-same-bytes-is-better",
	    test_packets_decide_when_bytes_tie);
	ADD("fewer-events-per-ms-is-better", test_fewer_events_is_better);
	ADD("tired-parking-after-10-steps", test_tired_parking);
	ADD("waits-for-64-events", test_waits_for_64_events);
	ADD("counter-wrap", test_counter_wrap);
	ADD("calc-stats-rounds-rates-up", test_calc_stats_rounds_up);
	ADD("zero-elapsed-is-invalid", test_zero_elapsed_is_invalid);
	ADD("cqe-mode-reads-cqe-table", test_cqe_mode);
	return g_test_run();
}
