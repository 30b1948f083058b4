/*
 * models/drivers/drivers.c - the NIC drivers, and [nic]: the devices of
 * the machine.
 *
 * The topology today: eth0 receives the offered load; a router
 * ([stack] mode=forward) also has eth1, out of which it forwards.  Both
 * are driven by the [nic] driver with the [nic] settings.
 *
 * A new driver is one file (models/drivers/<name>.c, defining
 * <name>_driver: probe() and its net_device_ops) and one line in
 * NET_DRIVERS below (doc/hacking.md).
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/drivers/drivers.h"
#include "models/stack/stack.h"

/* [nic] driver=, in this order (the first, index 0, is the default) */
#define NET_DRIVERS(X) \
	X(e1000)

#define DECLARE(name) extern const struct net_driver name##_driver;
#define ENTRY(name) &name##_driver,
NET_DRIVERS(DECLARE)
static const struct net_driver *const drivers[] = {
	NET_DRIVERS(ENTRY)
	NULL,
};

/* "e1000|...": the choices of driver=, from the list */
static const char *nic_driver_names(void)
{
	static char *names;

	if (!names) {
		GString *s = g_string_new(NULL);

		for (guint i = 0; drivers[i]; i++)
			g_string_append_printf(s, "%s%s", i ? "|" : "",
					       drivers[i]->name);
		names = g_string_free(s, FALSE);
	}
	return names;
}

/* ---------------------------------------------------------------- model */

struct nic {
	struct machine *m;
};

static void *nic_create(struct machine *m, const void *p, GError **error)
{
	const struct nic_cfg *cfg = p;
	const struct stack_cfg *st = machine_cfg(m, &stack_model_ops);
	const struct net_driver *drv = drivers[cfg->driver];
	struct nic *nic = g_new0(struct nic, 1);

	nic->m = m;
	if (!drv->probe(m, "eth0", cfg, m->traffic, error) ||
	    (st->mode == STACK_FORWARD &&
	     !drv->probe(m, "eth1", cfg, NULL, error))) {
		g_free(nic);
		return NULL;
	}
	return nic;
}

static void nic_start(void *p)
{
	struct nic *nic = p;

	for (guint i = 0; i < nic->m->netdevs->len; i++) {
		struct net_device *dev = nic->m->netdevs->pdata[i];

		dev->netdev_ops->ndo_open(dev);
	}
}

static void nic_report(void *p, struct sim_report *r)
{
	struct nic *nic = p;

	netdev_report(nic->m, r);
}

static void nic_destroy(void *p)
{
	struct nic *nic = p;

	while (nic->m->netdevs->len)
		free_netdev(g_ptr_array_steal_index(nic->m->netdevs,
						    nic->m->netdevs->len - 1));
	g_free(nic);
}

static gboolean nic_check(const void *p, GError **error)
{
	const struct nic_cfg *cfg = p;
	const struct net_driver *drv = drivers[cfg->driver];

	if ((cfg->adaptive_rx + !!cfg->interrupt_throttle_rate +
	     !!(cfg->rx_usecs || cfg->rx_frames)) > 1) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "set one RX moderation: adaptive_rx, interrupt_throttle_rate, or rx_usecs/rx_frames");
		return FALSE;
	}
	return !drv->check || drv->check(cfg, error);
}

/* ---------------------------------------------------------------- params */

#define S struct nic_cfg
static const struct sim_param nic_params[] = {
	SIM_PARAM_ENUM_FN(S, driver, "driver", 0, nic_driver_names, "the NIC's driver (models/drivers/)"),
	SIM_PARAM_U32(S, rx_ring_size, "rx_ring_size", 256, 8, 4096, "descs", "RX descriptors (ethtool -G rx; e1000 RxDescriptors)"),
	SIM_PARAM_U32(S, tx_ring_size, "tx_ring_size", 256, 8, 4096, "descs", "TX descriptors (ethtool -G tx; e1000 TxDescriptors)"),
	SIM_PARAM_U32(S, rx_buffer_write, "rx_buffer_write", 16, 1, 4096, "descs", "driver refills the RX ring every this many cleaned descriptors (E1000_RX_BUFFER_WRITE)"),
	SIM_PARAM_U32(S, dma_latency_ns, "dma_latency_ns", 500, 0, 1e6, "ns", "last bit received to descriptor written back (DD set)"),
	SIM_PARAM_U32(S, irq_latency_ns, "irq_latency_ns", 500, 0, 1e6, "ns", "IRQ asserted to handler entry (MSI delivery)"),
	SIM_PARAM_U32(S, tx_usecs, "tx_usecs", 33, 0, 1e6, "us", "TX completion interrupt delay after the first unreported completion (e1000 TxAbsIntDelay 32 x 1.024 us)"),
	SIM_PARAM_U32(S, rx_usecs, "rx_usecs", 0, 0, 1e6, "us", "ethtool -C rx-usecs: RX interrupt at most this long after the first unreported frame (0: at once)"),
	SIM_PARAM_U32(S, rx_frames, "rx_frames", 0, 0, 4096, "frames", "ethtool -C rx-frames: RX interrupt once this many frames are unreported (0: time only)"),
	SIM_PARAM_BOOL(S, adaptive_rx, "adaptive_rx", 0, "ethtool -C adaptive-rx: net_dim picks rx-usecs / rx-frames from its profile table"),
	SIM_PARAM_U32(S, interrupt_throttle_rate, "interrupt_throttle_rate", 0, 0, 100000, "", "e1000 InterruptThrottleRate: 0 off, 1 dynamic, 3 dynamic conservative, 4 simplified, 100-100000 fixed ints/s (MODEL: default off; the driver's is 3)"),
	{ }
};
#undef S

const struct sim_model_ops nic_model_ops = {
	.name = "nic",
	.help = "[nic] the NICs: driver (e1000), descriptor rings, DMA and IRQ latency, RX moderation",
	.params = nic_params,
	.cfg_size = sizeof(struct nic_cfg),
	.check = nic_check,
	.create = nic_create,
	.start = nic_start,
	.report = nic_report,
	.destroy = nic_destroy,
};
