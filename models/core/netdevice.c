/*
 * models/core/netdevice.c - net devices and their queues; see
 * models/core/netdevice.h.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/core/gro.h"
#include "models/stack/skbuff.h"

struct net_device *alloc_netdev(struct machine *m, const char *name,
				uint32_t rxq, uint32_t txq, void *priv,
				const struct net_device_ops *ops)
{
	struct net_device *dev = g_new0(struct net_device, 1);

	dev->name = g_intern_string(name);
	dev->m = m;
	dev->priv = priv;
	dev->netdev_ops = ops;
	dev->ifindex = m->netdevs->len + 1;
	dev->num_rx_queues = rxq;
	dev->num_tx_queues = txq;
	dev->_rx = g_new0(struct netdev_rx_queue, rxq);
	dev->_tx = g_new0(struct netdev_queue, txq);
	for (uint32_t i = 0; i < rxq; i++) {
		dev->_rx[i].dev = dev;
		dev->_rx[i].index = i;
	}
	for (uint32_t i = 0; i < txq; i++) {
		dev->_tx[i].dev = dev;
		dev->_tx[i].index = i;
	}
	g_ptr_array_add(m->netdevs, dev);
	return dev;
}

void free_netdev(struct net_device *dev)
{
	if (dev->netdev_ops->ndo_uninit)
		dev->netdev_ops->ndo_uninit(dev);
	for (uint32_t c = 0; dev->xps_cpus_map && c < dev->m->sim.ncpu; c++)
		g_free(dev->xps_cpus_map[c].queues);
	g_free(dev->xps_cpus_map);
	g_free(dev->_rx);
	g_free(dev->_tx);
	g_free(dev);
}

/* ------------------------------------------------------------ TX queue */

void netif_set_xps_queue(struct net_device *dev, uint64_t cpus,
			 uint16_t index)
{
	uint32_t ncpu = dev->m->sim.ncpu;

	g_assert(index < dev->num_tx_queues);
	if (!dev->xps_cpus_map) {
		dev->xps_cpus_map = g_new0(struct xps_map, ncpu);
		for (uint32_t c = 0; c < ncpu; c++)
			dev->xps_cpus_map[c].queues =
				g_new(uint16_t, dev->num_tx_queues);
	}
	for (uint32_t c = 0; c < ncpu; c++) {
		struct xps_map *map = &dev->xps_cpus_map[c];
		uint32_t pos;

		for (pos = 0; pos < map->len && map->queues[pos] != index;
		     pos++)
			;
		if (cpus >> c & 1) {
			/* expand_xps_map(): appended after the others */
			if (pos == map->len)
				map->queues[map->len++] = index;
		} else if (pos < map->len) {
			/* remove_xps_queue(): the last one takes its place */
			map->queues[pos] = map->queues[--map->len];
		}
	}
}

uint16_t skb_tx_hash(const struct net_device *dev, const struct sk_buff *skb)
{
	uint32_t qcount = dev->num_tx_queues;

	if (skb_rx_queue_recorded(skb)) {
		uint32_t hash = skb_get_rx_queue(skb);

		while (hash >= qcount)
			hash -= qcount;
		return (uint16_t)hash;
	}
	return (uint16_t)reciprocal_scale(skb->hash, qcount);
}

/* get_xps_queue(): the sending CPU's map, or -1 */
static int get_xps_queue(const struct net_device *dev,
			 const struct sk_buff *skb)
{
	const struct xps_map *map;
	int q;

	if (!dev->xps_cpus_map || !skb->sender_cpu ||
	    skb->sender_cpu > dev->m->sim.ncpu)
		return -1;
	map = &dev->xps_cpus_map[skb->sender_cpu - 1];
	if (!map->len)
		return -1;
	q = map->len == 1 ? map->queues[0] :
	    map->queues[reciprocal_scale(skb->hash, map->len)];
	return q < (int)dev->num_tx_queues ? q : -1;
}

uint16_t netdev_pick_tx(const struct net_device *dev,
			const struct sk_buff *skb)
{
	int q = get_xps_queue(dev, skb);

	return q < 0 ? skb_tx_hash(dev, skb) : (uint16_t)q;
}

sim_time_t dev_queue_xmit(struct net_device *dev, const struct sk_buff *skb,
			  sim_time_t now)
{
	struct sk_buff s = *skb;
	sim_time_t out;

	/* netdev_core_pick_tx() */
	s.queue_mapping = dev->num_tx_queues == 1 ? 0 :
			  netdev_pick_tx(dev, &s);
	out = dev->netdev_ops->ndo_start_xmit(dev, &s, now);
	/* the reply to a GRO skb answers all its frames: dropped, it
	 * drops them all (the driver counted one) */
	if (out == SIM_TIME_NEVER && skb_frames_count(skb) > 1)
		dev->_tx[s.queue_mapping].dropped += skb_frames_count(skb) - 1;
	return out;
}

/* ------------------------------------------------------------ report */

uint64_t netdev_rx_queued(struct machine *m)
{
	uint64_t queued = 0;

	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];

		if (dev->netdev_ops->ndo_get_stats)
			dev->netdev_ops->ndo_get_stats(dev, m->sim.now);
		for (uint32_t q = 0; q < dev->num_rx_queues; q++)
			queued += dev->_rx[q].stats.queued;
	}
	return queued;
}

/*
 * The sums over the devices: those that receive, and the others.  The
 * ports of a multi-port board share one vector and one NAPI (sky2): each
 * is counted once.
 */
struct netdev_totals {
	uint64_t rxint, txint, done, ndone, missed, rx_packets, tx_dropped;
	uint64_t polls, polls_by[NAPI_POLLS_NR], timer_irqs;
	uint64_t changes;
	const char *moderation;
	GHashTable *seen;		/* vectors and NAPIs counted */
};

/* true the first time @p is seen */
static bool first_seen(struct netdev_totals *t, const void *p)
{
	if (!t->seen)
		t->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	return g_hash_table_add(t->seen, (gpointer)p);
}

static uint64_t queue_irqs(struct netdev_totals *t,
			   const struct netdev_rx_queue *q)
{
	return q->irq && first_seen(t, q->irq) ? q->irq->count : 0;
}

static void add_rx_queue(struct netdev_totals *t,
			 const struct netdev_rx_queue *q)
{
	const struct napi_struct *n = q->polled_by;

	t->done += q->stats.done;
	t->ndone += q->stats.ndone;
	t->missed += q->stats.missed;
	t->rx_packets += q->stats.packets;
	if (!n || !first_seen(t, n))
		return;
	t->polls += n->polls;
	for (int k = 0; k < NAPI_POLLS_NR; k++)
		t->polls_by[k] += n->polls_by[k];
	t->timer_irqs += n->timer.count;
}

void netdev_rx_counts(struct machine *m, uint64_t *rxint, uint64_t *polls)
{
	struct netdev_totals t = { 0 };

	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];

		if (!dev->wire)
			continue;
		for (uint32_t q = 0; q < dev->num_rx_queues; q++) {
			t.rxint += queue_irqs(&t, &dev->_rx[q]);
			add_rx_queue(&t, &dev->_rx[q]);
		}
	}
	*rxint = t.rxint;
	*polls = t.polls;
	if (t.seen)
		g_hash_table_destroy(t.seen);
}

static void report_device(struct net_device *dev, struct sim_report *r)
{
	for (uint32_t q = 0; q < dev->num_rx_queues; q++) {
		const struct netdev_rx_queue *rxq = &dev->_rx[q];
		g_autofree char *id = g_strdup_printf("%s-rx%u", dev->name, q);
		struct sim_row *d = sim_report_object(r, "queue", id);

		sim_row_add_u64(d, "packets", rxq->stats.packets);
		sim_row_add_u64(d, "bytes", rxq->stats.bytes);
		sim_row_add_u64(d, "rx_missed_errors", rxq->stats.missed);
		sim_row_add_u64(d, "done", rxq->stats.done);
		sim_row_add_u64(d, "ndone", rxq->stats.ndone);
		sim_row_add_u64(d, "queued", rxq->stats.queued);
		sim_row_add_u64(d, "irqs", rxq->irq ? rxq->irq->count : 0);
		sim_row_add_u64(d, "cpu", rxq->irq ? rxq->irq->cpu->id : 0);
		sim_row_add_u64(d, "polls", rxq->polled_by ?
				rxq->polled_by->polls : 0);
		if (dev->netdev_ops->ndo_report)
			dev->netdev_ops->ndo_report(dev, q, d);
	}
	for (uint32_t q = 0; q < dev->num_tx_queues; q++) {
		const struct netdev_queue *txq = &dev->_tx[q];
		g_autofree char *id = g_strdup_printf("%s-tx%u", dev->name, q);
		struct sim_row *d = sim_report_object(r, "queue", id);

		sim_row_add_u64(d, "packets", txq->packets);
		sim_row_add_u64(d, "bytes", txq->bytes);
		sim_row_add_u64(d, "tx_dropped", txq->dropped);
	}
}

void netdev_report(struct machine *m, struct sim_report *r)
{
	struct netdev_totals t = { .moderation = "none" };

	netdev_rx_queued(m);		/* brings the counters up to date */
	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];
		uint64_t irqs = 0, changes = 0;
		const char *mod;

		for (uint32_t q = 0; q < dev->num_rx_queues; q++)
			irqs += queue_irqs(&t, &dev->_rx[q]);
		for (uint32_t q = 0; q < dev->num_tx_queues; q++)
			t.tx_dropped += dev->_tx[q].dropped;
		report_device(dev, r);
		if (!dev->wire) {
			/* it only transmits: its vectors are TX interrupts */
			t.txint += irqs;
			continue;
		}
		t.rxint += irqs;
		for (uint32_t q = 0; q < dev->num_rx_queues; q++)
			add_rx_queue(&t, &dev->_rx[q]);
		mod = dev->netdev_ops->ndo_moderation(dev, &changes);
		t.moderation = mod;
		t.changes += changes;
	}
	sim_row_add_str(r->row, "nic_moderation", t.moderation);
	sim_row_add_u64(r->row, "rxint", t.rxint);
	sim_row_add_u64(r->row, "txint", t.txint);
	sim_row_add_u64(r->row, "done", t.done);
	sim_row_add_u64(r->row, "ndone", t.ndone);
	sim_row_add_u64(r->row, "polls", t.polls);
	sim_row_add_u64(r->row, "polls_hardirq", t.polls_by[NAPI_POLLS_HARDIRQ]);
	sim_row_add_u64(r->row, "polls_timer", t.polls_by[NAPI_POLLS_TIMER]);
	sim_row_add_u64(r->row, "polls_busy", t.polls_by[NAPI_POLLS_BUSY]);
	sim_row_add_u64(r->row, "polls_thread", t.polls_by[NAPI_POLLS_THREAD]);
	sim_row_add_double(r->row, "pkts_per_poll", t.polls ?
			   (double)t.rx_packets / (double)t.polls : 0, 2);
	sim_row_add_u64(r->row, "timer_irqs", t.timer_irqs);
	sim_row_add_u64(r->row, "moderation_changes", t.changes);
	sim_row_add_u64(r->row, "rx_missed_errors", t.missed);
	sim_row_add_u64(r->row, "tx_dropped", t.tx_dropped);
	napi_gro_report(m, r);
	if (t.seen)
		g_hash_table_destroy(t.seen);
}
