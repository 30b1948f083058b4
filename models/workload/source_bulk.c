/*
 * models/workload/source_bulk.c - [traffic] arrival=bulk: N TCP bulk
 * transfers into the host, as a receiver of iperf-like flows sees them.
 *
 * Every frame is a full-sized segment of one of `flows` TCP/IPv4 flows
 * (ip_proto 6, so RSS, RPS and GRO see TCP: the frame's flow keys say
 * so), each flow's segments in order: the offered load numbers them
 * (struct sk_buff seq), and GRO merges what is in sequence.  A 1514-byte
 * frame (`size=1514`) is an MSS of 1448 bytes of payload behind 66
 * bytes of headers: Ethernet 14, IPv4 20, TCP 32 with the timestamp
 * option Linux sends by default.
 *
 * How the flows interleave on the wire: round robin, bulk_burst
 * segments of a flow back to back before the next flow's.  bulk_burst=1
 * is what a switch does when N senders share one output port at line
 * rate: its queue takes one frame from each in turn.  A larger
 * bulk_burst stands for a sender's TSO burst (a 64 KB GSO packet leaves
 * as 45 back-to-back segments) that nothing interleaved.
 *
 * Timing is the constant source's: frame k starts at k / rate_pps (exact
 * rational spacing in integer picoseconds), back to back at and above
 * the line rate, never before the frame ahead has left the wire.  No
 * draws: the flow of each frame is fixed by its index (.order_flows;
 * flow_dist is refused), and its size is its flow's (flow_sizes).
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

struct bulk {
	struct even_pacer pace;	/* the constant source's timing */
	uint32_t nflows;
	uint32_t burst;		/* segments of a flow in a row */
};

static gboolean bulk_check(const struct traffic_cfg *cfg, GError **error)
{
	if (cfg->flow_dist != TRAFFIC_FLOWS_UNIFORM) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "flow_dist: arrival=bulk sends its flows round robin (bulk_burst segments each), not by popularity");
		return FALSE;
	}
	return TRUE;
}

static void *bulk_create(const struct traffic_source_env *env,
			 GError **error G_GNUC_UNUSED)
{
	struct bulk *b = g_new0(struct bulk, 1);

	even_pacer_init(&b->pace, env);
	b->nflows = traffic_cfg_nflows(env->cfg);
	b->burst = MAX(env->cfg->bulk_burst, 1);
	return b;
}

/* frame k is flow (k / bulk_burst) mod flows; its size is that flow's */
static void bulk_order_flows(void *priv, struct traffic_frame *f, uint32_t n)
{
	struct bulk *b = priv;

	for (uint32_t i = 0; i < n; i++)
		f[i].flow = (uint32_t)(((b->pace.k + i) / b->burst) %
				     b->nflows);
}

static uint32_t bulk_fill(void *priv, struct traffic_frame *f, uint32_t n)
{
	struct bulk *b = priv;

	even_pacer_fill(&b->pace, f, n);
	return n;
}

static void bulk_destroy(void *priv)
{
	g_free(priv);
}

const struct traffic_source_ops bulk_source = {
	.name = "bulk",
	.ip_proto = 6,			/* IPPROTO_TCP */
	.check = bulk_check,
	.create = bulk_create,
	.order_flows = bulk_order_flows,
	.fill = bulk_fill,
	.destroy = bulk_destroy,
};
