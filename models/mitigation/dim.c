/*
 * models/mitigation/dim.c - net_dim, adaptive RX interrupt moderation.
 *
 * Follows lib/dim/net_dim.c (net_dim(), net_dim_decision(),
 * net_dim_step(), net_dim_exit_parking(), net_dim_stats_compare(), the
 * RX profile tables), lib/dim/dim.c (dim_on_top(), dim_turn(),
 * dim_park_on_top(), dim_park_tired(), dim_calc_stats()) and
 * include/linux/dim.h (constants, IS_SIGNIFICANT_DIFF(), BIT_GAP()) as in
 * v6.17-era net-next: net_dim() takes a const sample pointer and skips the
 * decision when dim_calc_stats() fails (older kernels decided on stale
 * stats), and the rates are computed in 64 bits.
 *
 * The algorithm: every DIM_NEVENTS (64) events it turns the counters into
 * per-ms rates and compares them with the previous measurement (bytes,
 * then packets, then events; a change counts only above 10%).  While
 * things improve it keeps stepping through the 5 profiles in the same
 * direction, turns when they do not, parks on a local top, and after 10
 * steps without finding one parks "tired" for as many measurements.
 *
 * Both the EQE and the CQE tables are here, for RX and for TX
 * (net_dim_get_rx_moderation(), net_dim_get_tx_moderation()); the device
 * picks the table of its moderation timer (mlx5: CQE by default, ethtool
 * -C cqe-mode-rx).  TX moderation is not adaptive in any driver we model.
 *
 * Left out: the per-device
 * copies of the tables that ethtool can edit (net_dim_init_irq_moder(),
 * net_dim_get_rx_irq_moder(), since 6.12): we always read the built-in
 * table; the work item (schedule_work() becomes the true return of
 * net_dim(), and the driver's work function becomes the caller plus
 * dim_applied()); rdma_dim().
 */
#include "config.h"

#include <glib.h>

#include "models/mitigation/dim.h"
#include "models/mitigation/mitigation.h"

#define USEC_PER_MSEC	1000ULL
#define PS_PER_USEC	1000000ULL

/* step results of net_dim_step() */
enum dim_step_result {
	DIM_STEPPED,
	DIM_TOO_TIRED,
	DIM_ON_EDGE,
};

static const struct dim_cq_moder
rx_profile[DIM_CQ_PERIOD_NUM_MODES][NET_DIM_PARAMS_NUM_PROFILES] = {
	[DIM_CQ_PERIOD_MODE_START_FROM_EQE] = {
		{ .usec = 1,   .pkts = NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE },
		{ .usec = 8,   .pkts = NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE },
		{ .usec = 64,  .pkts = NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE },
		{ .usec = 128, .pkts = NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE },
		{ .usec = 256, .pkts = NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE },
	},
	[DIM_CQ_PERIOD_MODE_START_FROM_CQE] = {
		{ .usec = 2,  .pkts = 256 },
		{ .usec = 8,  .pkts = 128 },
		{ .usec = 16, .pkts = 64 },
		{ .usec = 32, .pkts = 64 },
		{ .usec = 64, .pkts = 64 },
	},
};

static const struct dim_cq_moder
tx_profile[DIM_CQ_PERIOD_NUM_MODES][NET_DIM_PARAMS_NUM_PROFILES] = {
	[DIM_CQ_PERIOD_MODE_START_FROM_EQE] = {
		{ .usec = 1,   .pkts = NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE },
		{ .usec = 8,   .pkts = NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE },
		{ .usec = 32,  .pkts = NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE },
		{ .usec = 64,  .pkts = NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE },
		{ .usec = 128, .pkts = NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE },
	},
	[DIM_CQ_PERIOD_MODE_START_FROM_CQE] = {
		{ .usec = 5,  .pkts = 128 },
		{ .usec = 8,  .pkts = 64 },
		{ .usec = 16, .pkts = 32 },
		{ .usec = 32, .pkts = 32 },
		{ .usec = 64, .pkts = 32 },
	},
};

/* BIT_GAP(): end - start in a counter that wraps at 2^bits */
static inline uint64_t bit_gap(unsigned int bits, uint64_t end, uint64_t start)
{
	return (end - start) & ((1ULL << bits) - 1);
}

/* IS_SIGNIFICANT_DIFF(): more than 10% away from a nonzero @ref */
static bool is_significant_diff(int val, int ref)
{
	unsigned long diff = val > ref ? (unsigned long)val - ref :
					 (unsigned long)ref - val;

	if (!ref)
		return false;
	return 100UL * diff / (unsigned long)ref > DIM_SIGNIFICANT_DIFF_PCT;
}

static uint64_t div_round_up(uint64_t n, uint64_t d)
{
	return (n + d - 1) / d;
}

void dim_init(struct dim *dim, int cq_period_mode)
{
	g_assert(cq_period_mode >= 0 &&
		 cq_period_mode < DIM_CQ_PERIOD_NUM_MODES);
	*dim = (struct dim) {
		.state = DIM_START_MEASURE,
		.mode = cq_period_mode,
		/*
		 * MODEL: net drivers zero their struct dim (profile 0,
		 * DIM_PARKING_ON_TOP) while programming the default profile
		 * into the hardware; we start where the hardware is, on the
		 * default profile, going right (as blk_dim_init() and
		 * rdma_dim_init() do for their tables).
		 */
		.profile_ix =
			cq_period_mode == DIM_CQ_PERIOD_MODE_START_FROM_CQE ?
			NET_DIM_DEF_PROFILE_CQE : NET_DIM_DEF_PROFILE_EQE,
		.tune_state = DIM_GOING_RIGHT,
	};
}

bool dim_calc_stats(const struct dim_sample *start,
		    const struct dim_sample *end,
		    struct dim_stats *curr_stats)
{
	/* ktime_us_delta() truncates; the kernel keeps it in a u32 */
	uint32_t delta_us = (uint32_t)((end->time - start->time) / PS_PER_USEC);
	uint64_t npkts = bit_gap(32, end->pkt_ctr, start->pkt_ctr);
	uint64_t nbytes = bit_gap(32, end->byte_ctr, start->byte_ctr);
	uint64_t ncomps = bit_gap(32, end->comp_ctr, start->comp_ctr);

	if (!delta_us)
		return false;

	curr_stats->ppms = div_round_up(npkts * USEC_PER_MSEC, delta_us);
	curr_stats->bpms = div_round_up(nbytes * USEC_PER_MSEC, delta_us);
	curr_stats->epms = div_round_up(DIM_NEVENTS * USEC_PER_MSEC, delta_us);
	curr_stats->cpms = div_round_up(ncomps * USEC_PER_MSEC, delta_us);
	curr_stats->cpe_ratio = curr_stats->epms ?
		(uint64_t)curr_stats->cpms * 100 / curr_stats->epms : 0;
	return true;
}

/* dim_on_top(): did the last turn find a local maximum? */
static bool dim_on_top(const struct dim *dim)
{
	switch (dim->tune_state) {
	case DIM_GOING_RIGHT:
		return dim->steps_right == 1 && dim->steps_left > 1;
	case DIM_GOING_LEFT:
		return dim->steps_left == 1 && dim->steps_right > 1;
	default:	/* parked */
		return true;
	}
}

/* dim_turn(): reverse direction, forgetting steps in the new one */
static void dim_turn(struct dim *dim)
{
	if (dim->tune_state == DIM_GOING_RIGHT) {
		dim->tune_state = DIM_GOING_LEFT;
		dim->steps_left = 0;
	} else if (dim->tune_state == DIM_GOING_LEFT) {
		dim->tune_state = DIM_GOING_RIGHT;
		dim->steps_right = 0;
	}
}

static void dim_park_on_top(struct dim *dim)
{
	dim->tune_state = DIM_PARKING_ON_TOP;
	dim->steps_right = 0;
	dim->steps_left = 0;
	dim->tired = 0;
}

/* keeps @tired: it counts down the parking */
static void dim_park_tired(struct dim *dim)
{
	dim->tune_state = DIM_PARKING_TIRED;
	dim->steps_right = 0;
	dim->steps_left = 0;
}

static enum dim_step_result net_dim_step(struct dim *dim)
{
	if (dim->tired == DIM_TIRED_LIMIT)
		return DIM_TOO_TIRED;

	if (dim->tune_state == DIM_GOING_RIGHT) {
		if (dim->profile_ix == NET_DIM_PARAMS_NUM_PROFILES - 1)
			return DIM_ON_EDGE;
		dim->profile_ix++;
		dim->steps_right++;
	} else if (dim->tune_state == DIM_GOING_LEFT) {
		if (dim->profile_ix == 0)
			return DIM_ON_EDGE;
		dim->profile_ix--;
		dim->steps_left++;
	}
	dim->tired++;
	return DIM_STEPPED;
}

/* leave parking towards less moderation, unless already at the left end */
static void net_dim_exit_parking(struct dim *dim)
{
	dim->tune_state = dim->profile_ix ? DIM_GOING_LEFT : DIM_GOING_RIGHT;
	net_dim_step(dim);
}

/* bytes decide first, then packets (more is better), then events (fewer) */
static enum dim_stats_state net_dim_stats_compare(const struct dim_stats *curr,
						  const struct dim_stats *prev)
{
	if (!prev->bpms)
		return curr->bpms ? DIM_STATS_BETTER : DIM_STATS_SAME;
	if (is_significant_diff(curr->bpms, prev->bpms))
		return curr->bpms > prev->bpms ? DIM_STATS_BETTER :
						 DIM_STATS_WORSE;

	if (!prev->ppms)
		return curr->ppms ? DIM_STATS_BETTER : DIM_STATS_SAME;
	if (is_significant_diff(curr->ppms, prev->ppms))
		return curr->ppms > prev->ppms ? DIM_STATS_BETTER :
						 DIM_STATS_WORSE;

	if (!prev->epms)
		return DIM_STATS_SAME;
	if (is_significant_diff(curr->epms, prev->epms))
		return curr->epms < prev->epms ? DIM_STATS_BETTER :
						 DIM_STATS_WORSE;

	return DIM_STATS_SAME;
}

/* one measurement's verdict; true if profile_ix moved */
static bool net_dim_decision(const struct dim_stats *curr_stats,
			     struct dim *dim)
{
	uint8_t prev_state = dim->tune_state;
	uint8_t prev_ix = dim->profile_ix;

	switch (dim->tune_state) {
	case DIM_PARKING_ON_TOP:
		if (net_dim_stats_compare(curr_stats, &dim->prev_stats) !=
		    DIM_STATS_SAME)
			net_dim_exit_parking(dim);
		break;
	case DIM_PARKING_TIRED:
		if (--dim->tired == 0)
			net_dim_exit_parking(dim);
		break;
	case DIM_GOING_RIGHT:
	case DIM_GOING_LEFT:
		if (net_dim_stats_compare(curr_stats, &dim->prev_stats) !=
		    DIM_STATS_BETTER)
			dim_turn(dim);
		if (dim_on_top(dim)) {
			dim_park_on_top(dim);
			break;
		}
		switch (net_dim_step(dim)) {
		case DIM_ON_EDGE:
			dim_park_on_top(dim);
			break;
		case DIM_TOO_TIRED:
			dim_park_tired(dim);
			break;
		case DIM_STEPPED:
			break;
		}
		break;
	}

	/* staying parked on top keeps the reference it parked with */
	if (!(prev_state == DIM_PARKING_ON_TOP &&
	      dim->tune_state == DIM_PARKING_ON_TOP))
		dim->prev_stats = *curr_stats;

	return dim->profile_ix != prev_ix;
}

/* dim_update_sample(): the measurement starts from @s */
static void dim_update_sample(struct dim *dim, const struct dim_sample *s)
{
	/*
	 * MODEL: the kernel stamps the start with a fresh ktime_get(); we
	 * take the sample's own time, which is the same instant here.  As
	 * in the kernel, comp_ctr is not copied (only rdma_dim uses it).
	 */
	dim->start_sample.time = s->time;
	dim->start_sample.pkt_ctr = (uint32_t)s->pkt_ctr;
	dim->start_sample.byte_ctr = (uint32_t)s->byte_ctr;
	dim->start_sample.event_ctr = s->event_ctr;
}

bool net_dim(struct dim *dim, const struct dim_sample *end_sample)
{
	struct dim_stats curr_stats;

	switch (dim->state) {
	case DIM_START_MEASURE:
		break;
	case DIM_MEASURE_IN_PROGRESS:
		if (bit_gap(16, end_sample->event_ctr,
			    dim->start_sample.event_ctr) < DIM_NEVENTS)
			return false;
		/* no time elapsed: keep measuring from the same start */
		if (!dim_calc_stats(&dim->start_sample, end_sample,
				    &curr_stats))
			return false;
		if (net_dim_decision(&curr_stats, dim)) {
			dim->state = DIM_APPLY_NEW_PROFILE;
			return true;
		}
		break;	/* same profile: measure again from here */
	case DIM_APPLY_NEW_PROFILE:
		return false;
	}

	dim_update_sample(dim, end_sample);
	dim->state = DIM_MEASURE_IN_PROGRESS;
	return false;
}

void dim_applied(struct dim *dim)
{
	/* MODEL: what the driver's DIM work function ends with */
	dim->state = DIM_START_MEASURE;
}

struct dim_cq_moder net_dim_get_rx_moderation(int cq_period_mode, int ix)
{
	g_assert(cq_period_mode >= 0 &&
		 cq_period_mode < DIM_CQ_PERIOD_NUM_MODES);
	g_assert(ix >= 0 && ix < NET_DIM_PARAMS_NUM_PROFILES);
	return rx_profile[cq_period_mode][ix];
}

struct dim_cq_moder net_dim_get_def_rx_moderation(int cq_period_mode)
{
	return net_dim_get_rx_moderation(cq_period_mode,
		cq_period_mode == DIM_CQ_PERIOD_MODE_START_FROM_CQE ?
		NET_DIM_DEF_PROFILE_CQE : NET_DIM_DEF_PROFILE_EQE);
}

struct dim_cq_moder net_dim_get_tx_moderation(int cq_period_mode, int ix)
{
	g_assert(cq_period_mode >= 0 &&
		 cq_period_mode < DIM_CQ_PERIOD_NUM_MODES);
	g_assert(ix >= 0 && ix < NET_DIM_PARAMS_NUM_PROFILES);
	return tx_profile[cq_period_mode][ix];
}

struct dim_cq_moder net_dim_get_def_tx_moderation(int cq_period_mode)
{
	return net_dim_get_tx_moderation(cq_period_mode,
		cq_period_mode == DIM_CQ_PERIOD_MODE_START_FROM_CQE ?
		NET_DIM_DEF_PROFILE_CQE : NET_DIM_DEF_PROFILE_EQE);
}

/* ---------------------------------------------------------------- policy */

/* the driver's completion: net_dim() on the cumulative counters, and
 * apply a new profile at once (the kernel does it from a work item) */
/* the policy's state: the coalescing it drives, and net_dim's */
struct dim_policy {
	struct coalesce c;	/* first: coalesce_irq_delay() reads it */
	struct dim dim;
};

static void dim_sample_fn(struct rx_mitigation *mit,
			  const struct mit_sample *s)
{
	struct dim_policy *st = mit->priv;
	struct dim_sample smp = {
		.time = s->time, .pkt_ctr = s->rx_packets,
		.byte_ctr = s->rx_bytes, .event_ctr = (uint16_t)s->irqs,
	};

	if (net_dim(&st->dim, &smp)) {
		struct dim_cq_moder m =
			net_dim_get_rx_moderation(st->dim.mode,
						  st->dim.profile_ix);

		st->c.usecs = SIM_US(m.usec);
		st->c.frames = m.pkts;
		mit->changes++;
		dim_applied(&st->dim);
	}
}

static void dim_policy_init(struct rx_mitigation *mit)
{
	struct dim_policy *st = g_new0(struct dim_policy, 1);
	struct dim_cq_moder m;

	/* the profile table of the device's moderation timer */
	dim_init(&st->dim, mit->timer == COALESCE_FROM_CQE ?
		 DIM_CQ_PERIOD_MODE_START_FROM_CQE :
		 DIM_CQ_PERIOD_MODE_START_FROM_EQE);
	st->c.timer = mit->timer;
	m = net_dim_get_rx_moderation(st->dim.mode, st->dim.profile_ix);
	st->c.usecs = SIM_US(m.usec);
	st->c.frames = m.pkts;
	mit->priv = st;
}

const struct rx_mitigation_ops dim_mitigation_ops = {
	.name = "dim",
	.help = "net_dim: adaptive rx-usecs / rx-frames from the EQE or CQE profile table",
	.init = dim_policy_init,
	.irq_delay = coalesce_irq_delay,
	.sample = dim_sample_fn,
};
