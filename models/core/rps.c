/*
 * models/core/rps.c - Receive Packet Steering and Receive Flow Steering
 * ([rps]).
 *
 * Follows net/core/dev.c (v6.8) get_rps_cpu(), set_rps_cpu(),
 * enqueue_to_backlog(), napi_schedule_rps(), net_rps_send_ipi(),
 * rps_trigger_softirq(), and include/net/rps.h rps_record_sock_flow():
 *
 * - RPS: an RX queue with an rps_cpus map sends each frame to the map's
 *   CPU reciprocal_scale(hash, len) instead of processing it where the
 *   device was polled: netif_receive_skb() only queues it on that CPU's
 *   input_pkt_queue (enqueue_to_backlog(), under netdev_max_backlog,
 *   dropped frames counted in that CPU's softnet dropped), and that CPU's
 *   backlog NAPI (process_backlog(), models/core/backlog.c) runs the
 *   protocol stack for it.
 * - A remote backlog that was empty is kicked by an IPI: the CPU is put
 *   on this CPU's rps_ipi_list, and the IPIs go out at the end of the
 *   NET_RX run (net_rx_action(), process_backlog(), a threaded NAPI poll;
 *   from elsewhere NET_RX is raised so that they do).  On the target, the
 *   IPI handler lists its backlog NAPI and counts received_rps; NET_RX
 *   runs at that IPI's irq_exit().  One IPI per remote CPU per run.
 * - RFS: with net.core.rps_sock_flow_entries and an RX queue's
 *   rps_flow_cnt, a recvmsg() records the reading CPU under the socket's
 *   flow hash (sk_rxhash, kept by connected UDP sockets), and get_rps_cpu()
 *   steers the flow there; a flow moves to a new CPU only when the old
 *   CPU's backlog has processed the flow's last queued frame
 *   (input_queue_head - last_qtail >= 0), so its frames stay in order.
 *
 * MODEL: the software flow hash (__skb_get_hash(), a siphash keyed with a
 * random value at boot) is a fixed 32-bit mix of the 4-tuple; no flow
 * limit (net.core.flow_limit_cpu_bitmap, off by default), no accelerated
 * RFS (ndo_rx_flow_steer), no backlog threads (PREEMPT_RT); a frame
 * that goes up the stack as it is cleaned (gro_normal_batch 1, not held
 * by GRO) is steered as its processing starts, its cycles charged in one
 * step with the driver's (the kernel steers after the driver's work, in
 * netif_receive_skb_list_internal(), as a batched list is here:
 * models/core/gro.c); an IPI reaches its CPU at once.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/core/rps.h"
#include "models/core/softirq.h"
#include "models/drivers/drivers.h"
#include "models/stack/skbuff.h"
#include "models/workload/traffic.h"

struct rps {
	struct machine *m;
	const struct rps_cfg *cfg;
	bool needed;			/* static key rps_needed */
	uint32_t cpu_mask;		/* rps_cpu_mask */
	uint32_t sock_mask;		/* rps_sock_flow_table */
	uint32_t *sock_ents;		/* NULL: no RFS */
	uint32_t *sw_hash;		/* per flow, 0 until computed */
	struct sim_irq *csd;		/* per CPU */
	uint64_t flow_moves;		/* RFS moved a flow to its reader */
	uint64_t flow_moves_held;	/* ... or kept it: frames queued */
};

static struct rps *rps_of(const struct machine *m)
{
	return m->rps;
}

bool rps_needed(const struct machine *m)
{
	const struct rps *r = rps_of(m);

	return r && r->needed;
}

/* roundup_pow_of_two(@n) - 1, for @n >= 1 */
static uint32_t pow2_mask(uint32_t n)
{
	uint32_t mask = n - 1;

	for (int s = 1; s < 32; s <<= 1)
		mask |= mask >> s;
	return mask;
}

/* a 32-bit mix (MurmurHash3's finalizer) of the 4-tuple, never 0 */
static uint32_t flow_hash_from_keys(const struct flow_keys *k)
{
	uint64_t h = ((uint64_t)k->saddr << 32 | k->daddr) ^
		     ((uint64_t)k->sport << 16 | k->dport) * 0x9e3779b97f4a7c15ULL;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h ? (uint32_t)h : 1;
}

uint32_t skb_get_hash(struct machine *m, const struct sk_buff *skb)
{
	struct rps *r = rps_of(m);

	if (skb->hash)
		return skb->hash;
	if (!r->sw_hash[skb->flow])
		r->sw_hash[skb->flow] = flow_hash_from_keys(
			traffic_flow_keys(m->traffic, skb->flow));
	return r->sw_hash[skb->flow];
}

/* set_rps_cpu() without accelerated RFS */
static struct rps_dev_flow *set_rps_cpu(struct machine *m,
					struct rps_dev_flow *rflow,
					uint16_t next_cpu)
{
	if (next_cpu < m->sim.ncpu)
		rflow->last_qtail = softnet(m, next_cpu)->input_queue_head;
	rflow->cpu = next_cpu;
	return rflow;
}

int get_rps_cpu(struct machine *m, struct net_device *dev,
		const struct sk_buff *skb, struct rps_dev_flow **rflowp)
{
	struct rps *r = rps_of(m);
	struct netdev_rx_queue *rxqueue = dev->_rx;
	struct rps_dev_flow_table *flow_table;
	struct rps_map *map;
	uint32_t hash, tcpu, ncpu = m->sim.ncpu;

	*rflowp = NULL;
	if (skb_rx_queue_recorded(skb)) {
		if (skb_get_rx_queue(skb) >= dev->num_rx_queues)
			return -1;
		rxqueue += skb_get_rx_queue(skb);
	}
	flow_table = rxqueue->rps_flow_table;
	map = rxqueue->rps_map;
	if (!flow_table && !map)
		return -1;
	hash = skb_get_hash(m, skb);
	if (flow_table && r->sock_ents) {
		uint32_t ident = r->sock_ents[hash & r->sock_mask];
		struct rps_dev_flow *rflow;
		uint32_t next_cpu;

		if ((ident ^ hash) & ~r->cpu_mask)
			goto try_rps;
		next_cpu = ident & r->cpu_mask;
		rflow = &flow_table->flows[hash & flow_table->mask];
		tcpu = rflow->cpu;
		/* move only once the old CPU has dequeued the flow's last
		 * frame: in order */
		if (tcpu != next_cpu) {
			if (tcpu >= ncpu ||
			    (int32_t)(softnet(m, tcpu)->input_queue_head -
				      rflow->last_qtail) >= 0) {
				tcpu = next_cpu;
				rflow = set_rps_cpu(m, rflow,
						    (uint16_t)next_cpu);
				r->flow_moves++;
			} else {
				r->flow_moves_held++;
			}
		}
		if (tcpu < ncpu) {
			*rflowp = rflow;
			return (int)tcpu;
		}
	}
try_rps:
	if (map)
		return map->cpus[reciprocal_scale(hash, map->len)];
	return -1;
}

/* the backlog of @sd got its first frame: make sure it is serviced */
static void napi_schedule_rps(struct softnet_data *mysd,
			      struct softnet_data *sd)
{
	if (sd != mysd) {
		sd->rps_ipi_next = mysd->rps_ipi_list;
		mysd->rps_ipi_list = sd;
		/* net_rx_action() or the threaded poll send it when they
		 * end; from anywhere else NET_RX must run to send it */
		if (!mysd->in_net_rx_action && !mysd->in_napi_threaded_poll)
			__raise_softirq_irqoff(mysd, NET_RX_SOFTIRQ);
		return;
	}
	mysd->backlog.trigger = NAPI_TRIGGER_HARDIRQ;
	__napi_schedule(mysd, &mysd->backlog);
}

bool enqueue_to_backlog(struct softnet_data *mysd, const struct sk_buff *skb,
			uint32_t cpu, uint32_t *qtail)
{
	struct softnet_data *sd = softnet(mysd->m, cpu);
	uint32_t qlen = skb_queue_len(&sd->input_pkt_queue);

	if (qlen > sd->net_core->netdev_max_backlog) {
		/* MODEL: softnet dropped counts frames (a GRO skb's every
		 * segment), so that the conservation law holds in frames;
		 * the kernel counts skbs */
		struct sk_buff drop = *skb;

		sd->dropped += skb_frames_count(skb);
		kfree_skb(sd->m->skb_pool, &drop);
		return false;
	}
	/* __test_and_set_bit(NAPI_STATE_SCHED): no MISSED */
	if (!qlen && !(sd->backlog.state & NAPI_STATE_SCHED)) {
		sd->backlog.state |= NAPI_STATE_SCHED;
		napi_schedule_rps(mysd, sd);
	}
	skb_queue_tail(&sd->input_pkt_queue, skb);
	sd->input_queue_tail++;
	if (qtail)
		*qtail = sd->input_queue_tail;
	return true;
}

void net_rps_action(struct softnet_data *sd, struct sim_ctx *ctx,
		    sim_ctx_fn done)
{
	struct softnet_data *remsd = sd->rps_ipi_list;
	uint64_t n = 0;

	sd->rps_ipi_list = NULL;
	/* net_rps_send_ipi(): smp_call_function_single_async() each */
	while (remsd) {
		struct softnet_data *next = remsd->rps_ipi_next;

		remsd->rps_ipi_next = NULL;
		sim_irq_raise(remsd->csd, ctx->cpu->now);
		n++;
		remsd = next;
	}
	sd->rps_ipis_sent += n;
	if (!n) {
		done(ctx);
		return;
	}
	sim_ctx_step(ctx, n * sd->m->cost->rps_ipi, done);
}

/* the RPS IPI's handler on the target CPU */
static void rps_trigger_softirq(struct sim_irq *irq)
{
	struct softnet_data *sd = irq->data;

	sd->backlog.trigger = NAPI_TRIGGER_HARDIRQ;
	__napi_schedule(sd, &sd->backlog);
	sd->received_rps++;
}

void sock_rps_record_flow_hash(struct machine *m, uint32_t hash,
			       uint32_t cpu)
{
	struct rps *r = rps_of(m);
	uint32_t index, val;

	if (!r || !r->sock_ents || !hash)
		return;
	index = hash & r->sock_mask;
	val = (hash & ~r->cpu_mask) | cpu;
	if (r->sock_ents[index] != val)
		r->sock_ents[index] = val;
}

/* ---------------------------------------------------------------- model */

/* rps_cpus: one CPU list per RX queue, or one for all; NULL if wrong */
static GPtrArray *rps_cpus_parse(const char *text, GError **error)
{
	g_auto(GStrv) w = g_strsplit_set(text, " \t", -1);
	g_autoptr(GPtrArray) lists =
		g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);

	if (strcmp(text, "off") == 0)
		return g_steal_pointer(&lists);
	for (guint i = 0; w[i]; i++) {
		GArray *cpus;

		if (!*w[i])
			continue;
		cpus = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		g_ptr_array_add(lists, cpus);
		if (!cpulist_parse(w[i], cpus)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "rps_cpus: \"%s\" is not a CPU list (one for every RX queue, or one per queue space-separated, e.g. 1-3 or 1,2 3,4)",
				    w[i]);
			return NULL;
		}
	}
	return g_steal_pointer(&lists);
}

static gboolean rps_check(const void *p, GError **error)
{
	const struct rps_cfg *cfg = p;
	g_autoptr(GPtrArray) lists = rps_cpus_parse(cfg->rps_cpus, error);

	return lists != NULL;
}

static gboolean rps_check_groups(const struct sim_point *p, GError **error)
{
	const struct rps_cfg *cfg = sim_point_cfg(p, &rps_model_ops);
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);
	const struct nic_cfg *nic = sim_point_cfg(p, &nic_model_ops);
	g_autoptr(GPtrArray) lists = rps_cpus_parse(cfg->rps_cpus, error);

	if (!lists)
		return FALSE;
	if (lists->len > 1 && lists->len != nic->channels) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "rps_cpus: %u CPU lists for %u RX queues ([nic] channels): give one list, or one per queue",
			    lists->len, nic->channels);
		return FALSE;
	}
	for (guint i = 0; i < lists->len; i++) {
		GArray *cpus = lists->pdata[i];

		for (guint k = 0; k < cpus->len; k++) {
			uint32_t c = g_array_index(cpus, uint32_t, k);

			if (c >= cpu->count) {
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "rps_cpus: CPU %u is not a CPU ([cpu] count=%u)",
					    c, cpu->count);
				return FALSE;
			}
		}
	}
	if (cfg->rps_flow_cnt && !cfg->rps_sock_flow_entries) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "rps_flow_cnt: RFS needs the global table too (rps_sock_flow_entries above 0)");
		return FALSE;
	}
	return TRUE;
}

static void *rps_create(struct machine *m, const void *cfg,
			GError **error G_GNUC_UNUSED)
{
	const struct rps_cfg *c = cfg;
	struct rps *r = g_new0(struct rps, 1);

	r->m = m;
	r->cfg = c;
	m->rps = r;
	r->cpu_mask = pow2_mask(m->sim.ncpu);
	if (c->rps_sock_flow_entries) {
		r->sock_mask = pow2_mask(c->rps_sock_flow_entries);
		r->sock_ents = g_new(uint32_t, r->sock_mask + 1);
		for (uint32_t i = 0; i <= r->sock_mask; i++)
			r->sock_ents[i] = RPS_NO_CPU;
	}
	r->csd = g_new0(struct sim_irq, m->sim.ncpu);
	return r;
}

static void rps_set_queue(struct rps *r, struct netdev_rx_queue *q,
			  GArray *cpus)
{
	struct machine *m = r->m;

	if (cpus && cpus->len) {
		q->rps_map = g_new0(struct rps_map, 1);
		q->rps_map->len = cpus->len;
		q->rps_map->cpus = g_new(uint16_t, cpus->len);
		for (guint k = 0; k < cpus->len; k++)
			q->rps_map->cpus[k] =
				(uint16_t)g_array_index(cpus, uint32_t, k);
		g_ptr_array_add(m->allocs, q->rps_map->cpus);
		g_ptr_array_add(m->allocs, q->rps_map);
		r->needed = true;
	}
	if (r->cfg->rps_flow_cnt) {
		struct rps_dev_flow_table *t = g_new0(struct rps_dev_flow_table,
						      1);

		t->mask = pow2_mask(r->cfg->rps_flow_cnt);
		t->flows = g_new(struct rps_dev_flow, t->mask + 1);
		for (uint32_t i = 0; i <= t->mask; i++)
			t->flows[i] = (struct rps_dev_flow) {
				.cpu = RPS_NO_CPU,
			};
		q->rps_flow_table = t;
		g_ptr_array_add(m->allocs, t->flows);
		g_ptr_array_add(m->allocs, t);
		r->needed = true;
	}
}

/* the maps on the receiving devices' queues, an IPI per CPU */
static gboolean rps_connect(void *p, struct machine *m,
			    GError **error G_GNUC_UNUSED)
{
	struct rps *r = p;
	g_autoptr(GPtrArray) lists = rps_cpus_parse(r->cfg->rps_cpus, NULL);

	g_assert(lists);
	r->sw_hash = g_new0(uint32_t, traffic_nr_flows(m->traffic));
	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];

		if (!dev->wire)
			continue;
		for (uint32_t q = 0; q < dev->num_rx_queues; q++)
			rps_set_queue(r, &dev->_rx[q], lists->len ?
				      lists->pdata[MIN(q, lists->len - 1)] :
				      NULL);
	}
	for (uint32_t c = 0; c < m->sim.ncpu; c++) {
		struct softnet_data *sd = softnet(m, c);

		sim_irq_init(&r->csd[c], sd->cpu, "rps_ipi", SIM_IRQ_IPI,
			     m->cost->irq_entry + m->cost->ipi,
			     rps_trigger_softirq, sd);
		sd->csd = &r->csd[c];
	}
	return TRUE;
}

static void rps_report(void *p, struct sim_report *r)
{
	struct rps *rps = p;
	uint64_t received = 0;

	for (uint32_t c = 0; c < rps->m->sim.ncpu; c++)
		received += softnet(rps->m, c)->received_rps;
	sim_row_add_u64(r->row, "received_rps", received);
	{
		struct sim_row *d = sim_report_object(r, "rps", "0");

		sim_row_add_u64(d, "rfs_flow_moves", rps->flow_moves);
		sim_row_add_u64(d, "rfs_flow_moves_held",
				rps->flow_moves_held);
	}
	for (uint32_t c = 0; c < rps->m->sim.ncpu; c++) {
		struct softnet_data *sd = softnet(rps->m, c);
		char id[16];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", c);
		d = sim_report_object(r, "cpu", id);
		sim_row_add_u64(d, "received_rps", sd->received_rps);
		sim_row_add_u64(d, "rps_ipis_sent", sd->rps_ipis_sent);
		sim_row_add_u64(d, "input_queue_tail", sd->input_queue_tail);
		sim_row_add_u64(d, "input_queue_head", sd->input_queue_head);
	}
}

static void rps_destroy(void *p)
{
	struct rps *r = p;

	g_free(r->sock_ents);
	g_free(r->sw_hash);
	g_free(r->csd);
	g_free(r);
}

/* ---------------------------------------------------------------- params */

#define S struct rps_cfg
static const struct sim_param rps_params[] = {
	SIM_PARAM_STRING(S, rps_cpus, "rps_cpus", "", "/sys/class/net/<dev>/queues/rx-N/rps_cpus: the CPUs that process the RX queue's frames, chosen by flow hash (RPS); one CPU list for every RX queue, or one per queue space-separated; empty or off: no RPS"),
	SIM_PARAM_U32(S, rps_flow_cnt, "rps_flow_cnt", 0, 0, 1 << 20, "entries", "/sys/class/net/<dev>/queues/rx-N/rps_flow_cnt: RFS flow table entries per RX queue (rounded up to a power of two; 0: no RFS)"),
	SIM_PARAM_U32(S, rps_sock_flow_entries, "rps_sock_flow_entries", 0, 0, 1 << 26, "entries", "net.core.rps_sock_flow_entries: the global socket flow table of RFS (rounded up to a power of two; 0: no RFS); a connected socket's recvmsg() records its CPU there"),
	{ }
};
#undef S

const struct sim_model_ops rps_model_ops = {
	.name = "rps",
	.help = "[rps] Receive Packet/Flow Steering: net/core/dev.c get_rps_cpu(), enqueue_to_backlog(), RPS IPIs",
	.params = rps_params,
	.cfg_size = sizeof(struct rps_cfg),
	.check = rps_check,
	.check_groups = rps_check_groups,
	.create = rps_create,
	.connect = rps_connect,
	.report = rps_report,
	.destroy = rps_destroy,
};
