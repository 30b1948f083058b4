/*
 * models/workload/source_closed.c - [traffic] arrival=closed: closed-loop
 * request/response clients, as load generators such as mutilate (the
 * memcached benchmark of the IRQ-suspension study) and wrk drive a
 * server: `connections` connections, each keeping at most `outstanding`
 * requests in flight; a connection sends its next request `think_us`
 * (fixed or exponential) after a reply reaches it.
 *
 * Unlike the open-loop sources, arrivals answer the server: the load
 * (models/workload/traffic.c) asks for the earliest request not yet sent
 * (next_send), hands it out as a frame whose last bit arrives one wire
 * time after it is sent and never before the frame ahead of it has left
 * the wire, and tells the source when a reply has been sent back
 * (reply).  Each connection is one flow of the load.  At the start every
 * connection sends its `outstanding` requests at once, at an offset
 * drawn uniformly within one think time, so the connections do not all
 * start together.
 *
 * MODEL: the reply reaches its client when its last bit leaves the
 * server's wire (no propagation, no client stack); one size mix for all
 * connections; a request or reply lost on the way is never retried (the
 * connection keeps one fewer request in flight).
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/report.h"
#include "models/workload/source.h"
#include "models/workload/traffic.h"

/* a request waiting to be sent: when, and by which connection */
struct pending {
	sim_time_t at;
	uint32_t conn;
	uint64_t seq;		/* FIFO among equal times */
};

struct closed {
	const struct traffic_cfg *cfg;
	GRand *rand;		/* think times and start offsets */
	struct pending *heap;	/* min-heap by (at, seq) */
	uint32_t len, cap;
	uint64_t seq;
	uint32_t *in_flight;	/* per connection */
	uint32_t *in_flight_max;
	uint64_t *requests;
	uint64_t replies;
};

static bool before(const struct pending *a, const struct pending *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void heap_push(struct closed *c, sim_time_t at, uint32_t conn)
{
	uint32_t i;

	if (c->len == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->heap = g_renew(struct pending, c->heap, c->cap);
	}
	i = c->len++;
	c->heap[i] = (struct pending) { .at = at, .conn = conn,
					.seq = c->seq++ };
	while (i && before(&c->heap[i], &c->heap[(i - 1) / 2])) {
		struct pending tmp = c->heap[i];

		c->heap[i] = c->heap[(i - 1) / 2];
		c->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
}

static void heap_pop(struct closed *c)
{
	uint32_t i = 0;

	c->heap[0] = c->heap[--c->len];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		struct pending tmp;

		if (l < c->len && before(&c->heap[l], &c->heap[m]))
			m = l;
		if (r < c->len && before(&c->heap[r], &c->heap[m]))
			m = r;
		if (m == i)
			break;
		tmp = c->heap[i];
		c->heap[i] = c->heap[m];
		c->heap[m] = tmp;
		i = m;
	}
}

/* a think time, ps */
static sim_time_t think(struct closed *c)
{
	double mean = (double)SIM_US(c->cfg->think_us);

	if (c->cfg->think_dist == TRAFFIC_THINK_EXPONENTIAL)
		return (sim_time_t)llround(-log1p(-g_rand_double(c->rand)) *
					   mean);
	return (sim_time_t)mean;
}

static void *closed_create(const struct traffic_source_env *env,
			   GError **error G_GNUC_UNUSED)
{
	const struct traffic_cfg *cfg = env->cfg;
	struct closed *c = g_new0(struct closed, 1);
	guint32 seed[3] = { (guint32)cfg->seed, (guint32)(cfg->seed >> 32),
			    0x636c6f73 };	/* "clos" */

	c->cfg = cfg;
	c->rand = g_rand_new_with_seed_array(seed, 3);
	c->in_flight = g_new0(uint32_t, cfg->connections);
	c->in_flight_max = g_new0(uint32_t, cfg->connections);
	c->requests = g_new0(uint64_t, cfg->connections);
	for (uint32_t k = 0; k < cfg->connections; k++) {
		sim_time_t start = (sim_time_t)llround(
			g_rand_double(c->rand) *
			(double)SIM_US(cfg->think_us));

		for (uint32_t j = 0; j < cfg->outstanding; j++)
			heap_push(c, start, k);
	}
	return c;
}

static sim_time_t closed_next_send(void *priv, uint32_t *flow)
{
	struct closed *c = priv;

	if (!c->len)
		return SIM_TIME_NEVER;
	*flow = c->heap[0].conn;
	return c->heap[0].at;
}

static void closed_sent(void *priv)
{
	struct closed *c = priv;

	uint32_t k = c->heap[0].conn;

	c->in_flight[k]++;
	c->in_flight_max[k] = MAX(c->in_flight_max[k], c->in_flight[k]);
	c->requests[k]++;
	heap_pop(c);
}

static void closed_reply(void *priv, uint32_t flow, sim_time_t at)
{
	struct closed *c = priv;

	if (flow >= c->cfg->connections || !c->in_flight[flow])
		return;
	c->in_flight[flow]--;
	c->replies++;
	heap_push(c, at + think(c), flow);
}

static uint32_t closed_fill(void *priv G_GNUC_UNUSED,
			    struct traffic_frame *f G_GNUC_UNUSED,
			    uint32_t n G_GNUC_UNUSED)
{
	g_assert_not_reached();
	return 0;
}

/* no nominal rate: the clients set it; the window ends with the run */
static double closed_rate(const struct traffic_cfg *cfg G_GNUC_UNUSED,
			  double mean_wire_ps)
{
	return (double)SIM_PS_PER_S / mean_wire_ps;
}

static sim_time_t closed_offered_end(const struct traffic_cfg *cfg,
				     double rate_pps G_GNUC_UNUSED)
{
	return cfg->duration_us ? SIM_US(cfg->duration_us) : SIM_TIME_NEVER;
}

static gboolean closed_check(const struct traffic_cfg *cfg, GError **error)
{
	if (cfg->flow_sizes[0] || cfg->flow_list[0]) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "arrival: closed takes its flows from connections (no flow_list, no flow_sizes)");
		return FALSE;
	}
	if (!cfg->packets && !cfg->duration_us) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "arrival: closed clients never stop by themselves: set packets or duration_us");
		return FALSE;
	}
	return TRUE;
}

/* a "connection" table: requests sent, most ever in flight */
static void closed_report(void *priv, struct sim_report *r)
{
	struct closed *c = priv;

	for (uint32_t k = 0; k < c->cfg->connections; k++) {
		char id[16];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", k);
		d = sim_report_object(r, "connection", id);
		sim_row_add_u64(d, "requests", c->requests[k]);
		sim_row_add_u64(d, "in_flight", c->in_flight[k]);
		sim_row_add_u64(d, "in_flight_max", c->in_flight_max[k]);
	}
}

static void closed_destroy(void *priv)
{
	struct closed *c = priv;

	g_free(c->in_flight_max);
	g_free(c->requests);
	g_rand_free(c->rand);
	g_free(c->heap);
	g_free(c->in_flight);
	g_free(c);
}

const struct traffic_source_ops closed_source = {
	.name = "closed",
	.check = closed_check,
	.rate = closed_rate,
	.offered_end = closed_offered_end,
	.create = closed_create,
	.fill = closed_fill,
	.next_send = closed_next_send,
	.sent = closed_sent,
	.reply = closed_reply,
	.report = closed_report,
	.destroy = closed_destroy,
};
