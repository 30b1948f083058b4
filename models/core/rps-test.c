/*
 * models/core/rps-test.c - RPS and RFS, checked with exact counters:
 * each flow goes to the CPU its hash picks in the rps_cpus map, one IPI
 * per remote CPU per NET_RX run, the backlog drops past
 * netdev_max_backlog, RFS follows the reader and never reorders a flow
 * when the reader moves, every CPU's backlog adds up, and batch mode
 * equals reference mode.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/test-machine.h"

/* an e1000 on CPU 0 of 4; RPS spreads 16 flows over CPUs 1-3 */
#define RPS \
	"[traffic]\npackets=2000\nrate_pps=100000\nflows=16\n" \
	"[cpu]\ncount=4\n" \
	"[stack]\nmode=deliver\n" \
	"[socket]\nrcvbuf=10000000\n" \
	"[app]\ncpu=0\nwork_cycles=0\n" \
	"[rps]\nrps_cpus=1-3\n"

/* a burst in the ring before the first interrupt (1 ms late) */
#define BURST_SETS \
	"traffic.rate_pps=100000000", "traffic.line_rate_mbps=10000", \
	"nic.irq_latency_ns=1000000"

static uint64_t cpu_cnt(const struct sim_report *r, uint32_t cpu,
			const char *name)
{
	char id[16];

	g_snprintf(id, sizeof(id), "%u", cpu);
	return cnt(r, "cpu", id, name);
}

/* each CPU's backlog: queued = enqueued - dequeued, nothing lost */
static void assert_backlogs_add_up(const struct sim_report *r, uint32_t ncpu)
{
	for (uint32_t c = 0; c < ncpu; c++)
		g_assert_cmpuint(cpu_cnt(r, c, "input_queue_tail") -
				 cpu_cnt(r, c, "input_queue_head"), ==,
				 cpu_cnt(r, c, "backlog_queued"));
}

/*
 * get_rps_cpu(): a flow's frames all go to map[reciprocal_scale(hash,
 * 3)], so each CPU processes exactly the frames of the flows whose hash
 * (as the flow table reports it) picks it; CPU 0, which polls the NIC,
 * processes none, and no flow is reordered.
 */
static void test_target_cpu_per_flow(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, RPS, false, NULL);
	uint64_t expect[4] = { 0 };

	for (uint32_t i = 0; i < 16; i++) {
		char id[16];
		uint32_t hash;

		g_snprintf(id, sizeof(id), "%u", i);
		hash = (uint32_t)g_ascii_strtoull(
			sim_report_get(r, "flow", id, "hash")->str + 2, NULL,
			16);
		g_assert_cmpuint(hash, !=, 0);
		expect[1 + reciprocal_scale(hash, 3)] +=
			cnt(r, "flow", id, "offered");
		g_assert_cmpuint(cnt(r, "flow", id, "out_of_order"), ==, 0);
	}
	g_assert_cmpuint(expect[1] + expect[2] + expect[3], ==, 2000);
	for (uint32_t c = 0; c < 4; c++)
		g_assert_cmpuint(cpu_cnt(r, c, "processed"), ==, expect[c]);
	/* 16 flows over 3 CPUs: every one of them gets some */
	for (uint32_t c = 1; c < 4; c++)
		g_assert_cmpuint(expect[c], >, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 2000);
	assert_backlogs_add_up(r, 4);
	assert_conserved(r);
}

/*
 * The whole burst is one poll (weight and budget above it): the frames
 * reach the three backlogs during it, and net_rx_action() sends one IPI
 * to each of CPUs 1-3 when it ends; each takes exactly one.
 */
static void test_one_ipi_per_cpu_per_run(struct fixture *f,
					 gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { BURST_SETS, "traffic.packets=200",
			       "napi.weight=256", NULL };
	const struct sim_report *r = run(f, RPS, false, sets);

	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(cpu_cnt(r, 0, "net_rx_action_calls"), ==, 1);
	g_assert_cmpuint(cpu_cnt(r, 0, "rps_ipis_sent"), ==, 3);
	g_assert_cmpuint(cpu_cnt(r, 0, "received_rps"), ==, 0);
	for (uint32_t c = 1; c < 4; c++)
		g_assert_cmpuint(cpu_cnt(r, c, "received_rps"), ==, 1);
	g_assert_cmpuint(col(r, "received_rps"), ==, 3);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
	assert_backlogs_add_up(r, 4);
	assert_conserved(r);
}

/*
 * enqueue_to_backlog() takes a frame while the queue holds at most
 * netdev_max_backlog: with CPU 1 not kicked before the poll ends, 51 of
 * the burst's 200 fit and 149 are dropped, counted on CPU 1.
 */
static void test_backlog_drops(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { BURST_SETS, "traffic.packets=200",
			       "napi.weight=256", "rps.rps_cpus=1",
			       "net.core.netdev_max_backlog=50", NULL };
	const struct sim_report *r = run(f, RPS, false, sets);

	g_assert_cmpuint(cpu_cnt(r, 1, "dropped"), ==, 149);
	g_assert_cmpuint(cpu_cnt(r, 0, "dropped"), ==, 0);
	g_assert_cmpuint(col(r, "dropped"), ==, 149);
	g_assert_cmpuint(cpu_cnt(r, 1, "processed"), ==, 51);
	g_assert_cmpuint(col(r, "delivered"), ==, 51);
	assert_backlogs_add_up(r, 4);
	assert_conserved(r);
}

/*
 * RFS, one flow to a connected socket whose reader runs on CPU 2: the
 * first frame is processed where the NIC was polled (no CPU recorded
 * yet), every later one on CPU 2, kicked by an IPI.  An unconnected
 * socket keeps no sk_rxhash: RFS never steers.
 */
#define RFS \
	"[traffic]\npackets=1000\nrate_pps=100000\n" \
	"[cpu]\ncount=4\n" \
	"[stack]\nmode=deliver\n" \
	"[app]\ncpu=2\n" \
	"[socket]\nconnected=true\n" \
	"[rps]\nrps_flow_cnt=256\nrps_sock_flow_entries=4096\n"

static void test_rfs_follows_the_reader(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	const char *unconnected[] = { "socket.connected=false", NULL };
	const struct sim_report *r = run(f, RFS, false, NULL);

	g_assert_cmpuint(cpu_cnt(r, 0, "processed"), ==, 1);
	g_assert_cmpuint(cpu_cnt(r, 2, "processed"), ==, 999);
	g_assert_cmpuint(cpu_cnt(r, 2, "received_rps"), ==, 999);
	g_assert_cmpuint(cnt(r, "rps", "0", "rfs_flow_moves"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 1000);
	assert_conserved(r);

	r = run(f, RFS, false, unconnected);
	g_assert_cmpuint(cpu_cnt(r, 0, "processed"), ==, 1000);
	g_assert_cmpuint(col(r, "received_rps"), ==, 0);
}

/*
 * The reader moves from CPU 2 to CPU 3 at 20 ms, with frames of its flow
 * still queued on CPU 2 at times (800 kpps, more than the reader takes,
 * keeps CPU 2's backlog busy; frames go up, and are steered, in lists of
 * gro_normal_batch 8): get_rps_cpu() keeps the flow on CPU 2
 * until CPU 2's backlog has passed the flow's last queued frame
 * (rfs_flow_moves_held), then moves it; no frame is delivered out of
 * order, and both CPUs processed part of the flow.
 */
static void test_rfs_move_keeps_order(struct fixture *f,
				      gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.packets=20000",
			       "traffic.rate_pps=800000", "app.move_us=20000",
			       "app.move_cpu=3", NULL };
	const struct sim_report *r = run(f, RFS, false, sets);

	g_assert_cmpuint(cnt(r, "task", "app", "moves"), ==, 1);
	g_assert_cmpuint(cnt(r, "task", "app", "cpu"), ==, 3);
	g_assert_cmpuint(cnt(r, "rps", "0", "rfs_flow_moves"), ==, 2);
	g_assert_cmpuint(cnt(r, "rps", "0", "rfs_flow_moves_held"), >, 0);
	g_assert_cmpuint(cnt(r, "flow", "0", "out_of_order"), ==, 0);
	g_assert_cmpuint(cpu_cnt(r, 2, "processed"), >, 0);
	g_assert_cmpuint(cpu_cnt(r, 3, "processed"), >, 0);
	g_assert_cmpuint(cpu_cnt(r, 0, "processed") +
			 cpu_cnt(r, 2, "processed") +
			 cpu_cnt(r, 3, "processed"), ==, 20000);
	assert_backlogs_add_up(r, 4);
	assert_conserved(r);
}

/* pre-NAPI netif_rx() steers too, from the hardirq */
static void test_netif_rx_steers(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "mitigation.policy=none", NULL };
	const struct sim_report *r = run(f, RPS, false, sets);

	g_assert_cmpuint(cpu_cnt(r, 0, "processed"), ==, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 2000);
	g_assert_cmpuint(col(r, "received_rps"), >, 0);
	assert_backlogs_add_up(r, 4);
	assert_conserved(r);
}

/* batch mode equals reference mode, under RPS, RFS and both policies */
static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const cases[][6] = {
		{ "traffic.rate_pps=400000", NULL },
		{ "traffic.arrival=poisson", "traffic.rate_pps=300000",
		  "mitigation.policy=threaded", NULL },
		{ "mitigation.policy=none", "traffic.rate_pps=200000", NULL },
		{ "rps.rps_flow_cnt=64", "rps.rps_sock_flow_entries=64",
		  "socket.connected=true", "app.move_us=5000",
		  "app.move_cpu=2", NULL },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct sim_report *a = run(f, RPS, false, cases[i]);
		const struct sim_report *b = run(f, RPS, true, cases[i]);

		assert_same_report(a, b);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/rps/map/each-flow-to-its-hash-cpu", test_target_cpu_per_flow);
	ADD("/rps/ipi/one-per-remote-cpu-per-net-rx-action",
	    test_one_ipi_per_cpu_per_run);
	ADD("/rps/backlog/drops-past-netdev-max-backlog", test_backlog_drops);
	ADD("/rps/netif-rx/steers-from-the-hardirq", test_netif_rx_steers);
	ADD("/rfs/steer/follows-the-reader", test_rfs_follows_the_reader);
	ADD("/rfs/ooo/a-moved-reader-keeps-its-flow-in-order",
	    test_rfs_move_keeps_order);
	ADD("/rps/engine/batch-equals-reference", test_reference_equal);
	return g_test_run();
}
