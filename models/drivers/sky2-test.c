/*
 * models/drivers/sky2-test.c - the multi-port board's promises, with
 * exact counters on small machines: flow k arrives on port k mod ports;
 * ports on one board share one interrupt and one NAPI whose weight
 * covers them all, and cost what one port costs; a board per port has
 * an interrupt and a NAPI each; the shared vector and NAPI are counted
 * once; batch mode equals reference mode; inconsistent keys are refused.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/row.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/test-machine.h"

/* a 2-CPU UDP sink on sky2 ports, the reader on CPU 1 */
#define SINK \
	"[traffic]\npackets=4000\nrate_pps=700000\nsize=64\nflows=16\n" \
	"[nic]\ndriver=sky2\nrx_ring_size=256\n" \
	"[stack]\nmode=deliver\n[cpu]\ncount=2\n" \
	"[app]\ncpu=1\nwork_cycles=0\n"

static uint64_t port_cnt(const struct sim_report *r, uint32_t port,
			 const char *name)
{
	g_autofree char *id = g_strdup_printf("eth%u-rx0", port);

	return cnt(r, "queue", id, name);
}

static uint64_t flow_offered(const struct sim_report *r, uint32_t flow)
{
	g_autofree char *id = g_strdup_printf("%u", flow);

	return cnt(r, "flow", id, "offered");
}

static const char *hist(const struct sim_report *r)
{
	return sim_row_get(r->row, "latency_hist")->str;
}

/* how many device NAPIs the machine has (not the CPUs' backlogs) */
static guint napis(const struct sim_report *r)
{
	guint n = 0;

	for (guint t = 0; t < r->tables->len; t++) {
		const struct sim_table *tab = r->tables->pdata[t];

		if (!g_str_equal(tab->name, "napi"))
			continue;
		for (guint i = 0; i < tab->rows->len; i++)
			n += !g_str_equal(sim_row_get(tab->rows->pdata[i],
						      "dev")->str, "backlog");
	}
	return n;
}

static void test_flows_to_ports(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	const char *shared[] = { "nic.ports=4", "nic.shared_napi=true", NULL };
	const char *apart[] = { "nic.ports=4", "nic.shared_napi=false", NULL };
	const char *const *sets[] = { shared, apart };

	for (guint k = 0; k < G_N_ELEMENTS(sets); k++) {
		const struct sim_report *r = run(f, SINK, false, sets[k]);
		uint64_t per_port[4] = { 0 }, irqs = 0;

		for (uint32_t fl = 0; fl < 16; fl++)
			per_port[fl % 4] += flow_offered(r, fl);
		for (uint32_t p = 0; p < 4; p++) {
			g_assert_cmpuint(per_port[p], >, 0);
			g_assert_cmpuint(port_cnt(r, p, "packets"), ==,
					 per_port[p]);
			g_assert_cmpuint(port_cnt(r, p, "cpu"), ==, 0);
			irqs += port_cnt(r, p, "irqs");
		}
		g_assert_cmpuint(col(r, "delivered"), ==, 4000);
		if (k == 0) {
			/* one vector and one NAPI, seen from each port,
			 * counted once */
			for (uint32_t p = 1; p < 4; p++)
				g_assert_cmpuint(port_cnt(r, p, "irqs"), ==,
						 port_cnt(r, 0, "irqs"));
			g_assert_cmpuint(col(r, "rxint"), ==,
					 port_cnt(r, 0, "irqs"));
			g_assert_cmpuint(col(r, "polls"), ==,
					 port_cnt(r, 0, "polls"));
			g_assert_cmpuint(napis(r), ==, 1);
		} else {
			g_assert_cmpuint(col(r, "rxint"), ==, irqs);
			g_assert_cmpuint(napis(r), ==, 4);
		}
		assert_conserved(r);
	}
}

/*
 * The status ring gives the frames in completion order whichever port
 * they came in on, so ports behind one NAPI cost what one port costs:
 * the same interrupts, polls, CPU time and latency.
 */
static void test_shared_costs_one_port(struct fixture *f,
				       gconstpointer data G_GNUC_UNUSED)
{
	const char *one[] = { "nic.ports=1", NULL };
	const char *four[] = { "nic.ports=4", "nic.shared_napi=true", NULL };
	const char *apart[] = { "nic.ports=4", "nic.shared_napi=false", NULL };
	const struct sim_report *a = run(f, SINK, false, one);
	const struct sim_report *b = run(f, SINK, false, four);
	const struct sim_report *c = run(f, SINK, false, apart);

	g_assert_cmpuint(col(b, "rxint"), ==, col(a, "rxint"));
	g_assert_cmpuint(col(b, "polls"), ==, col(a, "polls"));
	g_assert_cmpstr(hist(b), ==, hist(a));
	g_assert_cmpuint(cpu_busy_ps(b, 0), ==, cpu_busy_ps(a, 0));
	/* a board per port: an interrupt each, more of them, more CPU */
	g_assert_cmpuint(col(c, "rxint"), >, col(a, "rxint"));
	g_assert_cmpuint(cpu_busy_ps(c, 0), >, cpu_busy_ps(a, 0));
}

/*
 * The weight covers every port of the board.  300 frames of 2 flows, at
 * Gigabit line rate, all in the rings before the first interrupt is
 * handled (1 ms): one board takes one interrupt and polls 64, 64, 64,
 * 64, 44; two boards take an interrupt each and poll their own ring
 * n / 64 + 1 times (the last poll finds it under the weight).
 */
static void test_weight_covers_ports(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	const char *ini =
		"[traffic]\npackets=300\nrate_pps=2000000\nsize=64\n"
		"flow_list=10.0.0.1:1000-10.0.0.2:9,10.0.0.3:1000-10.0.0.2:9\n"
		"[nic]\ndriver=sky2\nports=2\nrx_ring_size=512\n"
		"irq_latency_ns=1000000\n"
		"[stack]\nmode=deliver\n[cpu]\ncount=2\n"
		"[app]\ncpu=1\nwork_cycles=0\n";
	const char *shared[] = { "nic.shared_napi=true", NULL };
	const char *apart[] = { "nic.shared_napi=false", NULL };
	const struct sim_report *r;
	uint64_t n0, n1;

	r = run(f, ini, false, shared);
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "polls"), ==, 5);
	g_assert_cmpuint(col(r, "ndone"), ==, 4);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 300);

	r = run(f, ini, false, apart);
	n0 = port_cnt(r, 0, "packets");
	n1 = port_cnt(r, 1, "packets");
	g_assert_cmpuint(n0 + n1, ==, 300);
	g_assert_cmpuint(col(r, "rxint"), ==, 2);
	g_assert_cmpuint(port_cnt(r, 0, "polls"), ==, (n0 + 64) / 64);
	g_assert_cmpuint(port_cnt(r, 1, "polls"), ==, (n1 + 64) / 64);
	g_assert_cmpuint(col(r, "done"), ==, 2);
	g_assert_cmpuint(col(r, "delivered"), ==, 300);
}

static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *path = g_test_build_filename(G_TEST_DIST, "scenarios",
						      "scaling",
						      "shared-napi-multiport.ini",
						      NULL);
	g_autofree char *ini = NULL;
	static const char *const cases[][6] = {
		{ "nic.ports=2", "nic.shared_napi=true", NULL },
		{ "nic.ports=4", "nic.shared_napi=false", NULL },
		{ "nic.ports=4", "nic.shared_napi=true",
		  "traffic.rate_pps=1200000", NULL },
		{ "nic.ports=3", "nic.shared_napi=false",
		  "traffic.rate_pps=1200000", NULL },
		/* a router out of a second sky2 board */
		{ "nic.ports=1", "nic.shared_napi=false", "stack.mode=forward",
		  NULL },
		/* a busy poller at light load: its empty turns counted at
		 * once (sky2_poll_idle_until()) */
		{ "nic.ports=2", "nic.shared_napi=true",
		  "mitigation.policy=busy_poll", "net.core.busy_read=50",
		  "traffic.rate_pps=100000", NULL },
	};

	g_assert_true(g_file_get_contents(path, &ini, NULL, NULL));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *sets[8] = { "traffic.packets=3000" };
		const struct sim_report *a, *b;

		for (guint k = 0; cases[i][k]; k++)
			sets[k + 1] = cases[i][k];
		a = run(f, ini, false, sets);
		b = run(f, ini, true, sets);
		assert_same_report(a, b);
		assert_conserved(a);
		g_assert_cmpuint(col(a, "queued"), ==, 0);
		g_assert_cmpuint(cnt(a, "machine", "0", "events"), <,
				 cnt(b, "machine", "0", "events"));
	}
}

static void test_bad_keys(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	static const char *const bad[][3] = {
		{ "nic.driver=e1000", "nic.ports=2",
		  "[nic] ports: 2 ports, but e1000 has one port per device (driver=sky2 models multi-port boards)" },
		{ "nic.driver=mlx5", "nic.shared_napi=true",
		  "[nic] shared_napi: mlx5 has a NAPI per queue of one port; ports that share one NAPI are sky2's (driver=sky2)" },
		{ "nic.ports=2", "stack.mode=forward",
		  "[nic] ports: 2 ports receive, but a router ([stack] mode=forward) sends out of the second device: set ports=1 or mode=deliver" },
		{ "nic.ports=9", NULL,
		  "nic.ports: expected an integer in 1..8, got 9" },
		{ "nic.rx_usecs=20", NULL,
		  "[nic] rx_usecs, rx_frames, adaptive_rx, interrupt_throttle_rate: the sky2 model has no interrupt moderation (its status-ring timers are not modelled)" },
		{ "traffic.line_rate_mbps=10000", NULL,
		  "[nic] driver: sky2 links at 100 or 1000 Mbit/s, not [traffic] line_rate_mbps=10000" },
		{ "mitigation.policy=none", NULL,
		  "[nic] driver: sky2 has no pre-NAPI mode ([mitigation] policy=none)" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		const char *sets[] = { bad[i][0], bad[i][1], NULL };
		struct sim_scenario *sc = load(f, SINK, sets, &error);
		struct sim_point *p = NULL;

		if (sc) {
			p = sim_scenario_point(sc, 0, &error);
			sim_scenario_free(sc);
		}
		g_assert_null(p);
		g_assert_nonnull(error);
		if (!g_str_has_suffix(error->message, bad[i][2]))
			g_error("%s: \"%s\" does not end with \"%s\"",
				bad[i][0], error->message, bad[i][2]);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/sky2/ports/flow-k-arrives-on-port-k-mod-ports",
	    test_flows_to_ports);
	ADD("/sky2/napi/ports-behind-one-napi-cost-one-port",
	    test_shared_costs_one_port);
	ADD("/sky2/napi/one-weight-covers-every-port", test_weight_covers_ports);
	ADD("/sky2/engine/batch-equals-reference", test_reference_equal);
	ADD("/sky2/check/inconsistent-keys-refused", test_bad_keys);
	return g_test_run();
}
