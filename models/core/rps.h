/*
 * models/core/rps.h - Receive Packet Steering and Receive Flow Steering
 * (net/core/dev.c get_rps_cpu(), enqueue_to_backlog(),
 * napi_schedule_rps(), net_rps_action_and_irq_enable()).
 */
#ifndef MODELS_CORE_RPS_H
#define MODELS_CORE_RPS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/config/param.h"
#include "sim/engine/cpu.h"

struct machine;
struct net_device;
struct softnet_data;
struct sk_buff;
struct rps_dev_flow;

struct rps_cfg {			/* [rps] */
	/* /sys/class/net/<dev>/queues/rx-N/rps_cpus: one CPU list for every
	 * RX queue, or one per queue (space-separated); "" = no RPS */
	char rps_cpus[SIM_PARAM_STRLEN];
	/* .../rx-N/rps_flow_cnt: RFS flow table entries per RX queue */
	uint32_t rps_flow_cnt;
	/* net.core.rps_sock_flow_entries: the global socket flow table */
	uint32_t rps_sock_flow_entries;
};

/**
 * rps_needed() - the static key rps_needed: some RX queue has an RPS map
 * or an RFS flow table.
 */
bool rps_needed(const struct machine *m);

/**
 * skb_get_hash() - @skb's flow hash: the NIC's RSS hash if the driver
 * set one, else the software hash of its 4-tuple (__skb_get_hash()).
 */
uint32_t skb_get_hash(struct machine *m, const struct sk_buff *skb);

/**
 * get_rps_cpu() - the CPU that should process @skb, received on @dev,
 * or -1 for this one: RFS first (the CPU of the flow's last recvmsg(),
 * moved only once the old CPU's backlog has passed the flow's last
 * frame), then the RX queue's rps_cpus map by hash.  *@rflowp is the
 * RFS entry whose last_qtail enqueue_to_backlog() must update, or NULL.
 */
int get_rps_cpu(struct machine *m, struct net_device *dev,
		const struct sk_buff *skb, struct rps_dev_flow **rflowp);

/**
 * enqueue_to_backlog() - queue @skb on CPU @cpu's input_pkt_queue from
 * @mysd's CPU, under netdev_max_backlog (else count it in @cpu's
 * dropped); schedule that CPU's backlog NAPI if the queue was empty:
 * here at once, elsewhere through an RPS IPI sent at the end of this
 * NET_RX run.  @qtail (if not NULL) gets the queue's new tail.
 * Return: false if dropped.
 */
bool enqueue_to_backlog(struct softnet_data *mysd, const struct sk_buff *skb,
			uint32_t cpu, uint32_t *qtail);

/** sd_has_rps_ipi_waiting() - @sd has RPS IPIs to send. */
static inline bool sd_has_rps_ipi_waiting(const struct softnet_data *sd);

/**
 * net_rps_action() - net_rps_action_and_irq_enable(): send @sd's pending
 * RPS IPIs from @ctx (their cost is @ctx's), then continue at @done.
 */
void net_rps_action(struct softnet_data *sd, struct sim_ctx *ctx,
		    sim_ctx_fn done);

/**
 * sock_rps_record_flow_hash() - rps_record_sock_flow(): a recvmsg() on
 * CPU @cpu for a socket whose last frame had @hash (sk_rxhash; 0: none).
 */
void sock_rps_record_flow_hash(struct machine *m, uint32_t hash,
			       uint32_t cpu);

#include "models/core/netdevice.h"

static inline bool sd_has_rps_ipi_waiting(const struct softnet_data *sd)
{
	return sd->rps_ipi_list != NULL;
}

#endif /* MODELS_CORE_RPS_H */
