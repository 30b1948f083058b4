/*
 * models/mitigation/coalesce.c - static interrupt coalescing, ethtool -C
 * rx-usecs / rx-frames.
 *
 * The device holds the RX interrupt until rx_frames frames have been
 * written back or rx_usecs have passed since the first frame not yet
 * reported, whichever comes first (the generic ethtool semantics; e.g.
 * the ixgbe/ice EITR timer and the mlx5 CQ moderation period and count).
 * rx_usecs = 0 fires at once; rx_frames = 0 means the time alone decides.
 * net_dim (dim.c) drives the same two values adaptively.
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
	due = s->first + c->usecs;
	return due > s->now ? due - s->now : 0;
}

static void coalesce_init(struct rx_mitigation *mit)
{
	struct coalesce *c = g_new0(struct coalesce, 1);

	c->usecs = SIM_US(mit->nic->rx_usecs);
	c->frames = mit->nic->rx_frames;
	mit->priv = c;
}

const struct rx_mitigation_ops coalesce_mitigation_ops = {
	.name = "coalesce",
	.help = "rx_usecs / rx_frames: IRQ when either is reached",
	.init = coalesce_init,
	.irq_delay = coalesce_irq_delay,
};
