/*
 * models/core/backlog.h - the per-CPU backlog of non-NAPI receive.
 */
#ifndef MODELS_CORE_BACKLOG_H
#define MODELS_CORE_BACKLOG_H

#include <stdbool.h>
#include <stdint.h>

struct softnet_data;
struct net_device;
struct sk_buff;

/**
 * backlog_init() - set up @sd's input_pkt_queue, process_queue and
 * backlog NAPI (weight dev_weight).
 */
void backlog_init(struct softnet_data *sd);

void backlog_destroy(struct softnet_data *sd);

/**
 * netif_rx() - enqueue_to_backlog() on @sd: queue @skb, or drop it
 * (softnet dropped) if input_pkt_queue already holds more than
 * netdev_max_backlog; schedule the backlog NAPI if the queue was empty.
 * Return: true if queued.
 */
bool netif_rx(struct softnet_data *sd, struct net_device *dev,
	      const struct sk_buff *skb);

/** backlog_queued() - frames in @sd's input and process queues. */
uint64_t backlog_queued(const struct softnet_data *sd);

#endif /* MODELS_CORE_BACKLOG_H */
