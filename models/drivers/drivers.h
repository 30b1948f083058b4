/*
 * models/drivers/drivers.h - NIC drivers and the [nic] group.
 *
 * A driver is one file that defines a struct net_driver; drivers.c lists
 * them ([nic] driver=).  The [nic] model builds the machine's devices
 * with it: eth0, on whose port the offered load arrives, and in forward
 * mode eth1, out of which the router sends.
 */
#ifndef MODELS_DRIVERS_DRIVERS_H
#define MODELS_DRIVERS_DRIVERS_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

struct machine;
struct net_device;
struct traffic;

struct nic_cfg {			/* [nic] */
	int driver;			/* index in the driver list */
	uint32_t rx_ring_size;		/* ethtool -G rx */
	uint32_t tx_ring_size;		/* ethtool -G tx */
	uint32_t rx_buffer_write;	/* E1000_RX_BUFFER_WRITE: refill batch */
	uint32_t dma_latency_ns;	/* last bit on the wire -> DD written */
	uint32_t irq_latency_ns;	/* IRQ asserted -> handler entered */
	uint32_t tx_usecs;		/* TX completion IRQ delay (TADV-like) */
	/* RX interrupt moderation (models/mitigation/) */
	uint32_t rx_usecs;		/* ethtool -C rx-usecs */
	uint32_t rx_frames;		/* ethtool -C rx-frames */
	bool adaptive_rx;		/* ethtool -C adaptive-rx: net_dim */
	uint32_t interrupt_throttle_rate;	/* e1000 module parameter */
};

struct net_driver {
	const char *name;		/* [nic] driver= */
	const char *help;
	/*
	 * probe(): a device @name on @m configured by @cfg, receiving the
	 * frames of @wire (NULL: it only transmits); with its queues,
	 * NAPIs and vectors in @m's collections.
	 */
	struct net_device *(*probe)(struct machine *m, const char *name,
				    const struct nic_cfg *cfg,
				    struct traffic *wire, GError **error);
	/* the driver's limits on [nic] keys (say which key is wrong) */
	gboolean (*check)(const struct nic_cfg *cfg, GError **error);
};

#endif /* MODELS_DRIVERS_DRIVERS_H */
