/*
 * models/stack/sock.h - a UDP socket's receive queue.
 */
#ifndef MODELS_STACK_SOCK_H
#define MODELS_STACK_SOCK_H

#include "models/machine.h"

/* skb queues (sk_receive_queue, input_pkt_queue, process_queue) */
void skb_queue_init(struct skb_queue *q);
void skb_queue_destroy(struct skb_queue *q);
/** skb_queue_push() - append @rec to @q (grows it if full). */
void skb_queue_push(struct skb_queue *q, struct skb_rec rec);
/** skb_queue_pop() - take the head of @q. Return: false if empty. */
bool skb_queue_pop(struct skb_queue *q, struct skb_rec *out);
/** skb_queue_splice_tail() - move all of @src to the tail of @dst. */
void skb_queue_splice_tail(struct skb_queue *dst, struct skb_queue *src);

void sock_init(struct sock *sk, const struct sock_cfg *cfg, uint32_t size);
void sock_destroy(struct sock *sk);

/**
 * sock_truesize() - skb truesize of a @size-byte frame under @cfg.
 */
uint32_t sock_truesize(const struct sock_cfg *cfg, uint32_t size);

/**
 * sock_queue_rcv() - __udp_enqueue_schedule_skb() of a frame that arrived
 * at @arrival: queue it, or drop it (sk_drops) when sk_rmem_alloc is
 * already over sk_rcvbuf.
 * Return: the task to wake (a reader sleeping in recvmsg), or NULL.
 */
struct sim_ctx *sock_queue_rcv(struct sock *sk, sim_time_t arrival);

/**
 * sock_dequeue() - take the oldest datagram and uncharge it.
 * Return: false if the queue is empty.
 */
bool sock_dequeue(struct sock *sk, struct skb_rec *out);

#endif /* MODELS_STACK_SOCK_H */
