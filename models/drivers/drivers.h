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

#include "sim/config/param.h"
#include "sim/engine/time.h"

struct machine;
struct net_device;
struct sim_point;
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
	bool cqe_mode_rx;		/* ethtool -C cqe-mode-rx (mlx5) */
	/* multi-queue devices */
	uint32_t channels;		/* ethtool -L combined */
	char irq_affinity[SIM_PARAM_STRLEN];	/* CPU per vector, "": i mod */
	char xps_cpus[SIM_PARAM_STRLEN];	/* per TX queue, "", "off" */
	char rss_key[SIM_PARAM_STRLEN];		/* ethtool -X hkey */
	char rss_indir[SIM_PARAM_STRLEN];	/* ethtool -X equal/weight */
	int rx_flow_hash_udp4;		/* enum rss_hash_fields */
	/* multi-port boards */
	uint32_t ports;			/* eth0.., flow k on port k mod ports */
	bool shared_napi;		/* one board: one IRQ and one NAPI */
	/* GRO (models/core/gro.c) */
	bool gro;			/* ethtool -K gro: NETIF_F_GRO */
	uint32_t gro_max_size;		/* ip link set gro_max_size */
};

/**
 * cpulist_parse() - a CPU list as /proc/irq/N/smp_affinity_list and the
 * sysfs cpu lists write it ("0,2,4-7"), appended to @cpus (uint32_t) in
 * order.  Return: false if it does not parse.
 */
bool cpulist_parse(const char *text, GArray *cpus);

/* what [nic] xps_cpus asks for */
enum nic_xps {
	NIC_XPS_DRIVER,			/* "": the driver's default map */
	NIC_XPS_OFF,			/* "off": no map (the flow hash) */
	NIC_XPS_SET,			/* a CPU list per TX queue */
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
	/* ethtool -L combined: the most channels it has (0: one) */
	uint32_t max_channels;
	/* [nic] ports: the most ports a board of it has (0: one); it
	 * makes ports devices eth0.. when probed as eth0 */
	uint32_t max_ports;
	/* the driver's limits on [nic] keys (say which key is wrong) */
	gboolean (*check)(const struct nic_cfg *cfg, GError **error);
	/* its limits against other groups' keys (a usage error) */
	gboolean (*check_groups)(const struct nic_cfg *cfg,
				 const struct sim_point *p, GError **error);
	/* its net_device_ops has ndo_input_changed: a load whose next frame
	 * can change (a closed loop) may drive it, on one RX queue */
	bool follows_input;
};

/** nic_follows_input() - the driver of @cfg has ndo_input_changed. */
bool nic_follows_input(const struct nic_cfg *cfg);

/**
 * nic_irq_affinity() - the CPU of each channel's vector (@cpu, one per
 * channel): [nic] irq_affinity, or channel i on CPU i mod @ncpu.  The
 * config must have passed the [nic] checks.
 */
void nic_irq_affinity(const struct nic_cfg *cfg, uint32_t ncpu,
		      uint32_t *cpu);

/**
 * nic_xps_cpus() - [nic] xps_cpus: with NIC_XPS_SET, @mask (one per
 * channel's TX queue) holds the CPUs (bit i: CPU i) that send on it.
 * Return: enum nic_xps.
 */
int nic_xps_cpus(const struct nic_cfg *cfg, uint64_t *mask);

/**
 * tx_ring_completed() - of a TX ring of @count descriptors whose frames
 * leave the wire at @done[], the @used ones from @first on: how many, in
 * ring order, have left by @now (the descriptors a TX clean reclaims).
 */
static inline uint32_t tx_ring_completed(const sim_time_t *done,
					 uint32_t count, uint32_t first,
					 uint32_t used, sim_time_t now)
{
	uint32_t n = 0;

	for (uint32_t j = first; n < used && done[j] <= now;
	     j = (j + 1) % count)
		n++;
	return n;
}

#endif /* MODELS_DRIVERS_DRIVERS_H */
