/*
 * models/mitigation/coalesce.c - static interrupt coalescing, ethtool -C
 * rx-usecs / rx-frames.
 *
 * The device holds the RX interrupt until rx_frames frames have been
 * written back or rx_usecs have passed since its timer started, whichever
 * comes first (the generic ethtool semantics; e.g. the ixgbe/ice EITR
 * timer and the mlx5 CQ moderation period and count).  The timer starts
 * at the first frame not yet reported (e1000, and the generic meaning);
 * on mlx5 it starts at the last interrupt event (cq_period_mode
 * START_FROM_EQE) or again at every completion (START_FROM_CQE, ethtool
 * -C cqe-mode-rx on), as the device's mode says.  rx_usecs = 0 fires at
 * once; rx_frames = 0 means the time alone decides.  net_dim (dim.c)
 * drives the same two values adaptively.
 */
#include "config.h"

#include <glib.h>

#include "models/drivers/drivers.h"
#include "models/mitigation/mitigation.h"

sim_time_t coalesce_irq_delay(struct rx_mitigation *mit,
			      const struct rx_irq_state *s)
{
	const struct coalesce *c = mit->priv;
	sim_time_t due;

	if (!c->usecs || (c->frames && s->frames >= c->frames))
		return 0;
	switch (c->timer) {
	case COALESCE_FROM_EQE:
		/* the period runs from the last event; a frame after it
		 * has run out fires at once */
		due = s->last_irq == SIM_TIME_NEVER ? s->first :
		      MAX(s->first, s->last_irq + c->usecs);
		break;
	case COALESCE_FROM_CQE:
		due = s->last + c->usecs;
		break;
	default:
		due = s->first + c->usecs;
		break;
	}
	return due > s->now ? due - s->now : 0;
}

static void coalesce_init(struct rx_mitigation *mit)
{
	struct coalesce *c = g_new0(struct coalesce, 1);

	c->usecs = SIM_US(mit->nic->rx_usecs);
	c->frames = mit->nic->rx_frames;
	c->timer = mit->timer;
	mit->priv = c;
}

const struct rx_mitigation_ops coalesce_mitigation_ops = {
	.name = "coalesce",
	.help = "rx_usecs / rx_frames: IRQ when either is reached",
	.init = coalesce_init,
	.irq_delay = coalesce_irq_delay,
};
