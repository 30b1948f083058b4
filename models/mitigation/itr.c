/*
 * models/mitigation/itr.c - e1000 InterruptThrottleRate.
 *
 * Follows drivers/net/ethernet/intel/e1000 (v6.17):
 * - e1000_param.c: e1000_check_options(), the InterruptThrottleRate block
 *   (modes 0, 1, 3, 4, fixed 100..100000, the fallback on bad values);
 * - e1000_main.c: e1000_configure_rx() (the first ITR write),
 *   e1000_update_itr(), e1000_set_itr() and the simplified-mode block of
 *   e1000_watchdog().
 *
 * The register holds the minimum interval between interrupts in 256 ns
 * units; the driver writes 10^9 / (ints_per_s * 256), truncated.
 *
 * Left out: MACs older than 82540 (no ITR register; e1000_set_itr() and
 * e1000_update_itr() return early there); ethtool -C (e1000_set_coalesce(),
 * which maps rx-usecs onto the same fields); the per-board parameter array
 * (one value here); RDTR/RADV/TIDV/TADV, which the NIC model owns.  What
 * the hardware does with ITR (when an interrupt is held back and fired)
 * is the NIC model's business: this file only says how long the gap is.
 */
#include "config.h"

#include <glib.h>

#include "models/drivers/drivers.h"
#include "models/mitigation/itr.h"
#include "models/mitigation/mitigation.h"

#define SPEED_1000	1000

/*
 * ew32(ITR, 1000000000 / (rate * 256)).  MODEL: the ITR interval field
 * is 16 bits wide (8254x manual; QEMU's e1000 stores ITR with set_16bit),
 * so a larger value written by the driver keeps only its low 16 bits.
 * That happens only for the rate of 4 set up by simplified mode, until
 * its first watchdog run.  Returns true if the register changed.
 */
static bool e1000_write_itr(struct e1000_itr *a, uint32_t rate)
{
	uint16_t old = a->ITR;

	g_assert(rate > 0);
	a->ITR = (uint16_t)(1000000000u / (rate * 256u));
	return a->ITR != old;
}

bool e1000_itr_init(struct e1000_itr *a, int interrupt_throttle_rate)
{
	bool valid = true;

	/* the adapter is zeroed: both ranges start at lowest_latency */
	*a = (struct e1000_itr) {
		.tx_itr = lowest_latency,
		.rx_itr = lowest_latency,
		.current_itr = lowest_latency,
	};

	switch (interrupt_throttle_rate) {
	case E1000_OPTION_UNSET:
		a->itr_setting = DEFAULT_ITR;
		a->itr = 20000;
		break;
	case 0:		/* off: ITR is never programmed */
		a->itr = 0;
		break;
	case 1:		/* dynamic */
	case 3:		/* dynamic conservative */
		a->itr_setting = interrupt_throttle_rate;
		a->itr = 20000;
		break;
	case 4:		/* simplified: the watchdog picks 2000..8000 */
		a->itr_setting = 4;
		a->itr = 4;
		break;
	default:
		if (interrupt_throttle_rate >= MIN_ITR &&
		    interrupt_throttle_rate <= MAX_ITR) {
			a->itr = interrupt_throttle_rate;
		} else {
			/*
			 * e1000_validate_option() logs and substitutes
			 * DEFAULT_ITR, which then loses its mode bits below:
			 * the kernel ends up not throttling at all.
			 */
			a->itr = DEFAULT_ITR;
			valid = false;
		}
		/* the low two bits select the mode */
		a->itr_setting = a->itr & ~3u;
		break;
	}

	/* e1000_configure_rx() */
	if (a->itr_setting != 0)
		e1000_write_itr(a, a->itr);
	return valid;
}

unsigned int e1000_update_itr(uint16_t itr_setting, int packets, int bytes)
{
	/* per-packet size decides at the extremes; counts in the middle */
	if (packets == 0)
		return itr_setting;

	switch (itr_setting) {
	case lowest_latency:
		if (bytes / packets > 8000)		/* jumbo frames */
			return bulk_latency;
		if (packets < 5 && bytes > 512)
			return low_latency;
		break;
	case low_latency:
		if (bytes > 10000) {
			if (bytes / packets > 8000)
				return bulk_latency;
			if (packets < 10 || bytes / packets > 1200)
				return bulk_latency;
			if (packets > 35)
				return lowest_latency;
		} else if (bytes / packets > 2000) {
			return bulk_latency;
		} else if (packets <= 2 && bytes < 512) {
			return lowest_latency;
		}
		break;
	case bulk_latency:
		if (bytes > 25000) {
			if (packets > 35)
				return low_latency;
		} else if (bytes < 6000) {
			return low_latency;
		}
		break;
	}
	return itr_setting;
}

/* conservative mode (3) never goes below low_latency */
static uint16_t e1000_clamp_conservative(const struct e1000_itr *a,
					 unsigned int range)
{
	if (a->itr_setting == 3 && range == lowest_latency)
		return low_latency;
	return range;
}

bool e1000_set_itr(struct e1000_itr *a, int rx_packets, int rx_bytes,
		   int tx_packets, int tx_bytes, unsigned int link_speed_mbps)
{
	uint32_t new_itr = a->itr;

	if (link_speed_mbps != SPEED_1000) {
		new_itr = 4000;
	} else {
		a->tx_itr = e1000_clamp_conservative(a,
			e1000_update_itr(a->tx_itr, tx_packets, tx_bytes));
		a->rx_itr = e1000_clamp_conservative(a,
			e1000_update_itr(a->rx_itr, rx_packets, rx_bytes));
		a->current_itr = MAX(a->rx_itr, a->tx_itr);

		switch (a->current_itr) {
		case lowest_latency:
			new_itr = 70000;
			break;
		case low_latency:
			new_itr = 20000;
			break;
		case bulk_latency:
			new_itr = 4000;
			break;
		default:
			break;
		}
	}

	if (new_itr == a->itr)
		return false;

	/* going up, close a quarter of the target per call; down at once */
	if (new_itr > a->itr)
		new_itr = MIN(a->itr + (new_itr >> 2), new_itr);
	a->itr = new_itr;
	return e1000_write_itr(a, new_itr);
}

bool e1000_itr_watchdog(struct e1000_itr *a, uint64_t rx_bytes,
			uint64_t tx_bytes)
{
	/* adapter->gorcl and ->gotcl are u32 deltas */
	uint32_t gorcl = (uint32_t)rx_bytes;
	uint32_t gotcl = (uint32_t)tx_bytes;
	uint32_t goc, dif, itr;

	if (a->itr_setting != 4)
		return false;

	/*
	 * Symmetric traffic gets 2000 ints/s, one-way traffic 8000, mixes
	 * in between; an idle link also gets 8000.
	 */
	goc = (gotcl + gorcl) / 10000;
	dif = (gotcl > gorcl ? gotcl - gorcl : gorcl - gotcl) / 10000;
	itr = goc ? dif * 6000 / goc + 2000 : 8000;

	/* the kernel writes only the register; adapter->itr stays 4 */
	return e1000_write_itr(a, itr);
}

sim_time_t e1000_itr_interval_ps(const struct e1000_itr *a)
{
	return SIM_NS((sim_time_t)a->ITR * 256);
}

/* ---------------------------------------------------------------- policy */

/*
 * MODEL: the gap is measured from the last handler entry, not from the
 * last assertion (they differ by the IRQ delivery latency).
 */
/* the policy's state: the adapter's ITR fields, and the last sample */
struct itr_state {
	struct e1000_itr itr;
	struct mit_sample last;
};

static sim_time_t itr_irq_delay(struct rx_mitigation *mit,
				const struct rx_irq_state *s)
{
	struct itr_state *st = mit->priv;
	sim_time_t gap = e1000_itr_interval_ps(&st->itr), due;

	if (!gap || s->last_irq == SIM_TIME_NEVER)
		return 0;
	due = s->last_irq + gap;
	return due > s->now ? due - s->now : 0;
}

/* e1000_clean() after napi_complete_done(): e1000_set_itr() on the
 * episode's totals; the mode-4 watchdog every E1000_WATCHDOG_PERIOD */
static void itr_sample(struct rx_mitigation *mit, const struct mit_sample *s)
{
	struct itr_state *st = mit->priv;
	struct mit_sample *l = &st->last;

	if (e1000_itr_dynamic(&st->itr)) {
		if (e1000_set_itr(&st->itr, (int)(s->rx_packets - l->rx_packets),
				  (int)(s->rx_bytes - l->rx_bytes),
				  (int)(s->tx_packets - l->tx_packets),
				  (int)(s->tx_bytes - l->tx_bytes),
				  mit->link_mbps))
			mit->changes++;
		*l = *s;
		return;
	}
	if (st->itr.itr_setting == 4 &&
	    s->time >= l->time + E1000_WATCHDOG_PERIOD) {
		if (e1000_itr_watchdog(&st->itr, s->rx_bytes - l->rx_bytes,
				       s->tx_bytes - l->tx_bytes))
			mit->changes++;
		*l = *s;
	}
}

static void itr_init(struct rx_mitigation *mit)
{
	struct itr_state *st = g_new0(struct itr_state, 1);

	/* range checked by the driver's [nic] check */
	e1000_itr_init(&st->itr, (int)mit->nic->interrupt_throttle_rate);
	/* e1000_watchdog() runs at link-up, before any traffic */
	e1000_itr_watchdog(&st->itr, 0, 0);
	mit->priv = st;
}

const struct rx_mitigation_ops itr_mitigation_ops = {
	.name = "itr",
	.help = "e1000 InterruptThrottleRate: a minimum gap between interrupts, fixed or adapted per episode",
	.init = itr_init,
	.irq_delay = itr_irq_delay,
	.sample = itr_sample,
};
