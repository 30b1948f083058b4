/*
 * models/mitigation/itr-test.c - e1000 InterruptThrottleRate, checked
 * against the numbers the driver computes.
 */
#include "config.h"

#include <glib.h>

#include "models/mitigation/itr.h"

/* one IRQ episode of small (64 B) RX frames, no TX */
#define SMALL_RX(a)	e1000_set_itr((a), 1, 64, 0, 0, 1000)
/* one IRQ episode of jumbo RX frames */
#define JUMBO_RX(a)	e1000_set_itr((a), 1, 9000, 0, 0, 1000)

static void test_update_itr_table(void)
{
	/* lowest: bytes/pkt > 8000 -> bulk (8000 itself is not) */
	g_assert_cmpuint(e1000_update_itr(lowest_latency, 1, 8001), ==,
			 bulk_latency);
	g_assert_cmpuint(e1000_update_itr(lowest_latency, 1, 8000), ==,
			 low_latency);
	/* lowest: pkts < 5 and bytes > 512 -> low */
	g_assert_cmpuint(e1000_update_itr(lowest_latency, 4, 513), ==,
			 low_latency);
	g_assert_cmpuint(e1000_update_itr(lowest_latency, 5, 1000), ==,
			 lowest_latency);
	g_assert_cmpuint(e1000_update_itr(lowest_latency, 4, 512), ==,
			 lowest_latency);

	/* low, bytes > 10000: bytes/pkt > 8000 -> bulk */
	g_assert_cmpuint(e1000_update_itr(low_latency, 2, 18000), ==,
			 bulk_latency);
	/* low, bytes > 10000: pkts < 10 -> bulk */
	g_assert_cmpuint(e1000_update_itr(low_latency, 9, 10008), ==,
			 bulk_latency);
	/* low, bytes > 10000: bytes/pkt > 1200 -> bulk */
	g_assert_cmpuint(e1000_update_itr(low_latency, 20, 24020), ==,
			 bulk_latency);
	/* low, bytes > 10000: pkts > 35 -> lowest */
	g_assert_cmpuint(e1000_update_itr(low_latency, 36, 12000), ==,
			 lowest_latency);
	/* low, bytes > 10000, 10..35 pkts of <= 1200 B: stays */
	g_assert_cmpuint(e1000_update_itr(low_latency, 35, 42000), ==,
			 low_latency);
	/* low, bytes <= 10000: bytes/pkt > 2000 -> bulk */
	g_assert_cmpuint(e1000_update_itr(low_latency, 4, 8004), ==,
			 bulk_latency);
	g_assert_cmpuint(e1000_update_itr(low_latency, 5, 10000), ==,
			 low_latency);
	/* low, bytes <= 10000: pkts <= 2 and bytes < 512 -> lowest */
	g_assert_cmpuint(e1000_update_itr(low_latency, 2, 511), ==,
			 lowest_latency);
	g_assert_cmpuint(e1000_update_itr(low_latency, 3, 300), ==,
			 low_latency);
	g_assert_cmpuint(e1000_update_itr(low_latency, 2, 512), ==,
			 low_latency);

	/* bulk: bytes > 25000 and pkts > 35 -> low */
	g_assert_cmpuint(e1000_update_itr(bulk_latency, 36, 25001), ==,
			 low_latency);
	g_assert_cmpuint(e1000_update_itr(bulk_latency, 35, 60000), ==,
			 bulk_latency);
	/* bulk: bytes < 6000 -> low */
	g_assert_cmpuint(e1000_update_itr(bulk_latency, 4, 5999), ==,
			 low_latency);
	g_assert_cmpuint(e1000_update_itr(bulk_latency, 4, 6000), ==,
			 bulk_latency);

	/* no packets: unchanged, whatever the bytes */
	g_assert_cmpuint(e1000_update_itr(lowest_latency, 0, 100000), ==,
			 lowest_latency);
	g_assert_cmpuint(e1000_update_itr(low_latency, 0, 100000), ==,
			 low_latency);
	g_assert_cmpuint(e1000_update_itr(bulk_latency, 0, 0), ==,
			 bulk_latency);
	/* a range it does not know stays as it is */
	g_assert_cmpuint(e1000_update_itr(latency_invalid, 1, 64), ==,
			 latency_invalid);
}

static void test_ramp_up_is_gradual(void)
{
	struct e1000_itr a;

	g_assert_true(e1000_itr_init(&a, 1));
	g_assert_true(e1000_itr_dynamic(&a));
	g_assert_cmpuint(a.itr, ==, 20000);
	g_assert_cmpuint(a.ITR, ==, 195);

	/* lowest_latency wants 70000: a quarter of it per episode */
	g_assert_true(SMALL_RX(&a));
	g_assert_cmpuint(a.current_itr, ==, lowest_latency);
	g_assert_cmpuint(a.itr, ==, 37500);
	g_assert_cmpuint(a.ITR, ==, 104);
	g_assert_true(SMALL_RX(&a));
	g_assert_cmpuint(a.itr, ==, 55000);
	g_assert_cmpuint(a.ITR, ==, 71);
	g_assert_true(SMALL_RX(&a));
	g_assert_cmpuint(a.itr, ==, 70000);
	g_assert_cmpuint(a.ITR, ==, 55);
	g_assert_false(SMALL_RX(&a));
	g_assert_cmpuint(a.itr, ==, 70000);

	/* going down is immediate: one jumbo episode -> bulk, 4000 */
	g_assert_true(JUMBO_RX(&a));
	g_assert_cmpuint(a.rx_itr, ==, bulk_latency);
	g_assert_cmpuint(a.itr, ==, 4000);
	g_assert_cmpuint(a.ITR, ==, 976);

	/* TX counts too: the larger range wins */
	g_assert_true(e1000_set_itr(&a, 1, 64, 0, 0, 1000));	/* -> low */
	g_assert_cmpuint(a.itr, ==, 9000);	/* 4000 + 20000/4 */
	g_assert_true(e1000_set_itr(&a, 1, 64, 1, 9000, 1000));
	g_assert_cmpuint(a.tx_itr, ==, bulk_latency);
	g_assert_cmpuint(a.itr, ==, 4000);
}

static void test_conservative_never_lowest(void)
{
	struct e1000_itr a;

	g_assert_true(e1000_itr_init(&a, 3));
	for (int i = 0; i < 10; i++) {
		g_assert_false(SMALL_RX(&a));
		g_assert_cmpuint(a.rx_itr, ==, low_latency);
		g_assert_cmpuint(a.tx_itr, ==, low_latency);
		g_assert_cmpuint(a.itr, ==, 20000);
		g_assert_cmpuint(a.ITR, ==, 195);
	}
	/* the same traffic in mode 1 goes to lowest */
	g_assert_true(e1000_itr_init(&a, 1));
	g_assert_true(SMALL_RX(&a));
	g_assert_cmpuint(a.rx_itr, ==, lowest_latency);
}

static void test_non_gigabit_is_4000(void)
{
	struct e1000_itr a;

	g_assert_true(e1000_itr_init(&a, 1));
	g_assert_true(e1000_set_itr(&a, 1, 64, 0, 0, 100));
	g_assert_cmpuint(a.itr, ==, 4000);
	g_assert_cmpuint(a.ITR, ==, 976);
	/* ranges are not updated below gigabit */
	g_assert_cmpuint(a.rx_itr, ==, lowest_latency);
	g_assert_false(e1000_set_itr(&a, 1, 64, 0, 0, 10));
}

static void test_modes_from_module_param(void)
{
	struct e1000_itr a;

	/* not given: dynamic conservative at 20000 */
	g_assert_true(e1000_itr_init(&a, E1000_OPTION_UNSET));
	g_assert_cmpuint(a.itr_setting, ==, 3);
	g_assert_cmpuint(a.itr, ==, 20000);
	g_assert_cmpuint(a.ITR, ==, 195);
	g_assert_true(e1000_itr_dynamic(&a));

	/* 0: off, register never written */
	g_assert_true(e1000_itr_init(&a, 0));
	g_assert_cmpuint(a.itr_setting, ==, 0);
	g_assert_cmpuint(a.itr, ==, 0);
	g_assert_cmpuint(a.ITR, ==, 0);
	g_assert_false(e1000_itr_dynamic(&a));

	g_assert_true(e1000_itr_init(&a, 1));
	g_assert_cmpuint(a.itr_setting, ==, 1);
	g_assert_cmpuint(a.itr, ==, 20000);
	g_assert_cmpuint(a.rx_itr, ==, lowest_latency);
	g_assert_cmpuint(a.tx_itr, ==, lowest_latency);

	g_assert_true(e1000_itr_init(&a, 3));
	g_assert_cmpuint(a.itr_setting, ==, 3);
	g_assert_cmpuint(a.itr, ==, 20000);

	/*
	 * 4: itr stays 4, so e1000_configure_rx() writes 10^9 / 1024 =
	 * 976562, of which the 16-bit register keeps 59058, until the
	 * watchdog first runs.  Not adapted per IRQ.
	 */
	g_assert_true(e1000_itr_init(&a, 4));
	g_assert_cmpuint(a.itr_setting, ==, 4);
	g_assert_cmpuint(a.itr, ==, 4);
	g_assert_cmpuint(a.ITR, ==, 976562 & 0xffff);
	g_assert_false(e1000_itr_dynamic(&a));

	/* fixed rates keep itr; itr_setting loses the two mode bits */
	g_assert_true(e1000_itr_init(&a, 8000));
	g_assert_cmpuint(a.itr_setting, ==, 8000);
	g_assert_cmpuint(a.ITR, ==, 488);
	g_assert_true(e1000_itr_init(&a, 20003));
	g_assert_cmpuint(a.itr, ==, 20003);
	g_assert_cmpuint(a.itr_setting, ==, 20000);
	g_assert_false(e1000_itr_dynamic(&a));
	g_assert_true(e1000_itr_init(&a, MIN_ITR));
	g_assert_cmpuint(a.ITR, ==, 39062);
	g_assert_true(e1000_itr_init(&a, MAX_ITR));
	g_assert_cmpuint(a.ITR, ==, 39);

	/* invalid: error; the kernel would fall back to not throttling */
	static const int bad[] = { 2, 5, 99, 100001, -2 };
	for (unsigned int i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_assert_false(e1000_itr_init(&a, bad[i]));
		g_assert_cmpuint(a.itr, ==, DEFAULT_ITR);
		g_assert_cmpuint(a.itr_setting, ==, 0);
		g_assert_cmpuint(a.ITR, ==, 0);
		g_assert_cmpuint(e1000_itr_interval_ps(&a), ==, 0);
	}
}

static void test_interval_from_register(void)
{
	struct e1000_itr a;

	/* 10^9 / (20000 * 256) = 195.3 -> 195; 195 * 256 ns = 49.92 us */
	g_assert_true(e1000_itr_init(&a, 20000));
	g_assert_cmpuint(a.ITR, ==, 195);
	g_assert_cmpuint(e1000_itr_interval_ps(&a), ==, SIM_NS(49920));

	g_assert_true(e1000_itr_init(&a, 4000));
	g_assert_cmpuint(e1000_itr_interval_ps(&a), ==, SIM_NS(976 * 256));
	g_assert_true(e1000_itr_init(&a, 70000));
	g_assert_cmpuint(e1000_itr_interval_ps(&a), ==, SIM_NS(55 * 256));

	g_assert_true(e1000_itr_init(&a, 0));
	g_assert_cmpuint(e1000_itr_interval_ps(&a), ==, 0);
}

static void test_simplified_watchdog(void)
{
	struct e1000_itr a;

	g_assert_true(e1000_itr_init(&a, 4));

	/* idle: 8000 ints/s */
	g_assert_true(e1000_itr_watchdog(&a, 0, 0));
	g_assert_cmpuint(a.ITR, ==, 488);
	g_assert_cmpuint(a.itr, ==, 4);
	/* symmetric: goc 20000, dif 0 -> 2000 */
	g_assert_true(e1000_itr_watchdog(&a, 100000000, 100000000));
	g_assert_cmpuint(a.ITR, ==, 1953);
	/* one-way: goc = dif -> 8000 */
	g_assert_true(e1000_itr_watchdog(&a, 100000000, 0));
	g_assert_cmpuint(a.ITR, ==, 488);
	g_assert_false(e1000_itr_watchdog(&a, 0, 100000000));
	/* 3:1 -> 5000 */
	g_assert_true(e1000_itr_watchdog(&a, 75000000, 25000000));
	g_assert_cmpuint(a.ITR, ==, 781);
	/* truncation first: 29999 B is goc 2, dif 2 -> 8000 */
	g_assert_true(e1000_itr_watchdog(&a, 29999, 0));
	g_assert_cmpuint(a.ITR, ==, 488);
	/* under 10000 B in total counts as idle */
	g_assert_false(e1000_itr_watchdog(&a, 5000, 4999));

	/* other modes ignore the watchdog */
	g_assert_true(e1000_itr_init(&a, 1));
	g_assert_false(e1000_itr_watchdog(&a, 100000000, 100000000));
	g_assert_cmpuint(a.ITR, ==, 195);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/mitigation/itr/update-itr-table",
			test_update_itr_table);
	g_test_add_func("/mitigation/itr/ramp-up-is-gradual",
			test_ramp_up_is_gradual);
	g_test_add_func("/mitigation/itr/conservative-never-lowest",
			test_conservative_never_lowest);
	g_test_add_func("/mitigation/itr/non-gigabit-fixes-4000",
			test_non_gigabit_is_4000);
	g_test_add_func("/mitigation/itr/modes-from-module-param",
			test_modes_from_module_param);
	g_test_add_func("/mitigation/itr/interval-from-register",
			test_interval_from_register);
	g_test_add_func("/mitigation/itr/simplified-watchdog",
			test_simplified_watchdog);
	return g_test_run();
}
