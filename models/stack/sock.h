/*
 * models/stack/sock.h - a UDP socket's receive queue.
 */
#ifndef MODELS_STACK_SOCK_H
#define MODELS_STACK_SOCK_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct sim_ctx;
struct sk_buff;
struct sock;

struct sock_cfg {			/* [socket] */
	uint32_t rcvbuf;		/* sk_rcvbuf, truesize bytes */
	uint32_t truesize_overhead;	/* sk_buff + skb_shared_info */
	bool connected;			/* keeps sk_rxhash (RFS) */
	bool reuseport;			/* SO_REUSEPORT: one per thread */
	bool incoming_cpu;		/* SO_INCOMING_CPU = thread's CPU */
};

/* tasks that can sleep on one socket: the [app] threads */
#define SOCK_MAX_WAITERS	64

/**
 * sock_truesize() - skb truesize of a @len-byte frame under @cfg.
 */
uint32_t sock_truesize(const struct sock_cfg *cfg, uint32_t len);

/**
 * sock_queue_rcv() - __udp_enqueue_schedule_skb(): charge @skb's
 * truesize and queue it, or drop it (sk_drops, every frame it carries)
 * when sk_rmem_alloc is already over sk_rcvbuf.  The socket takes @skb's
 * frame list either way.
 * Return: the task to wake (a reader sleeping in recvmsg), or NULL.
 */
struct sim_ctx *sock_queue_rcv(struct sock *sk, const struct sk_buff *skb);

/**
 * sock_rps_record_flow() - inet_recvmsg() on CPU @cpu: record the
 * socket's flow (sk_rxhash) in RFS's global table.
 */
void sock_rps_record_flow(struct sock *sk, uint32_t cpu);

/**
 * sock_dequeue() - take the oldest datagram and uncharge it.
 * Return: false if the queue is empty.
 */
bool sock_dequeue(struct sock *sk, struct sk_buff *out);

/** sock_queue_len() - skbs queued, not yet read (both queues). */
uint32_t sock_queue_len(const struct sock *sk);

/** sock_queued_frames() - the frames those skbs carry. */
uint64_t sock_queued_frames(const struct sock *sk);

/** sock_rmem_alloc() - sk_rmem_alloc: truesize bytes charged. */
uint64_t sock_rmem_alloc(const struct sock *sk);

/**
 * sock_set_reader() - @task sleeps in recvmsg() until data is queued:
 * sk_data_ready() wakes it once.
 */
void sock_set_reader(struct sock *sk, struct sim_ctx *task);

/**
 * sock_napi_id() - sk_napi_id: the NAPI the socket's data came from (a
 * connected socket's last frame's, an unconnected one's first), 0 before
 * any; what sk_busy_loop() and epoll busy-poll.
 */
uint32_t sock_napi_id(const struct sock *sk);

/**
 * sock_lookup() - the socket a datagram processed on CPU @cpu is for: the
 * only one, or the SO_REUSEPORT group member whose SO_INCOMING_CPU is
 * @cpu, else the one its 4-tuple hashes to.
 */
struct sock *sock_lookup(struct machine *m, const struct sk_buff *skb,
			 uint32_t cpu);

/** sock_set_incoming_cpu() - setsockopt(SO_INCOMING_CPU, @cpu). */
void sock_set_incoming_cpu(struct sock *sk, int cpu);

#endif /* MODELS_STACK_SOCK_H */
