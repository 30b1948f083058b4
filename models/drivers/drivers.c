/*
 * models/drivers/drivers.c - the NIC drivers, and [nic]: the devices of
 * the machine.
 *
 * The topology today: eth0 receives the offered load; a router
 * ([stack] mode=forward) also has eth1, out of which it forwards.  Both
 * are driven by the [nic] driver with the [nic] settings.  A driver of
 * multi-port boards (max_ports) makes [nic] ports devices, eth0 to
 * eth<ports - 1>, over which the load is split by flow, as one board
 * whose ports share an interrupt and a NAPI (shared_napi) or as a board
 * per port; a router then has one port.
 *
 * A multi-queue driver reads the channel keys: channels (ethtool -L
 * combined), irq_affinity (each vector's smp_affinity_list; default
 * channel i on CPU i mod [cpu] count, as drivers spread their affinity
 * hints without irqbalance), xps_cpus (the XPS map per TX queue), and
 * the RSS keys (rss_key, rss_indir, rx_flow_hash_udp4: ethtool -X, -N).
 * Each is checked here, as far as the [nic] group and the others can
 * tell, so a wrong one refuses the scenario when it loads.
 *
 * A new driver is one file (models/drivers/<name>.c, defining
 * <name>_driver: probe() and its net_device_ops) and one line in
 * NET_DRIVERS below (doc/hacking.md).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/core/gro.h"
#include "models/drivers/drivers.h"
#include "models/drivers/rss.h"
#include "models/stack/stack.h"

/* [nic] driver=, in this order (the first, index 0, is the default) */
#define NET_DRIVERS(X) \
	X(e1000) \
	X(mlx5) \
	X(sky2)

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

/* ---------------------------------------------------------------- channels */

/*
 * A CPU list as /proc/irq/N/smp_affinity_list writes it ("0,2,4-7"),
 * appended to @cpus in order.  Return: false if it does not parse.
 */
bool cpulist_parse(const char *text, GArray *cpus)
{
	g_auto(GStrv) parts = g_strsplit(text, ",", -1);

	if (!parts[0])
		return false;
	for (guint i = 0; parts[i]; i++) {
		const char *p = parts[i];
		char *end;
		guint64 lo, hi;

		if (!g_ascii_isdigit(*p))
			return false;
		lo = hi = g_ascii_strtoull(p, &end, 10);
		if (*end == '-') {
			p = end + 1;
			if (!g_ascii_isdigit(*p))
				return false;
			hi = g_ascii_strtoull(p, &end, 10);
		}
		if (*end || hi < lo || hi > 4095)
			return false;
		for (guint64 c = lo; c <= hi; c++) {
			uint32_t cpu = (uint32_t)c;

			g_array_append_val(cpus, cpu);
		}
	}
	return true;
}

/* irq_affinity's CPUs, in vector order; NULL with @error if it is wrong */
static GArray *irq_affinity_parse(const struct nic_cfg *cfg, GError **error)
{
	g_autoptr(GArray) cpus = g_array_new(FALSE, FALSE, sizeof(uint32_t));

	if (!cpulist_parse(cfg->irq_affinity, cpus)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_TYPE,
			    "irq_affinity: \"%s\" is not a CPU list (one CPU per vector, e.g. 0,2,4-7)",
			    cfg->irq_affinity);
		return NULL;
	}
	if (cpus->len != cfg->channels) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "irq_affinity: %u CPUs for %u channels (one CPU per vector)",
			    cpus->len, cfg->channels);
		return NULL;
	}
	return g_steal_pointer(&cpus);
}

void nic_irq_affinity(const struct nic_cfg *cfg, uint32_t ncpu,
		      uint32_t *cpu)
{
	g_autoptr(GArray) list = NULL;

	if (!cfg->irq_affinity[0]) {
		for (uint32_t i = 0; i < cfg->channels; i++)
			cpu[i] = i % ncpu;
		return;
	}
	list = irq_affinity_parse(cfg, NULL);
	g_assert(list);
	for (uint32_t i = 0; i < cfg->channels; i++)
		cpu[i] = g_array_index(list, uint32_t, i);
}

/* xps_cpus: "", "off", or one CPU list per TX queue, space-separated */
static int xps_parse(const struct nic_cfg *cfg, uint64_t *mask,
		     uint32_t *max_cpu, GError **error)
{
	g_auto(GStrv) w = g_strsplit_set(cfg->xps_cpus, " \t", -1);
	uint32_t n = 0;

	*max_cpu = 0;
	if (!cfg->xps_cpus[0])
		return NIC_XPS_DRIVER;
	if (strcmp(cfg->xps_cpus, "off") == 0)
		return NIC_XPS_OFF;
	for (guint i = 0; w[i]; i++) {
		g_autoptr(GArray) cpus = NULL;

		if (!*w[i])
			continue;
		cpus = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		if (!cpulist_parse(w[i], cpus)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "xps_cpus: \"%s\" is not a CPU list (one per TX queue, space-separated, e.g. 0,4 1,5; or off)",
				    w[i]);
			return -1;
		}
		if (n < cfg->channels && mask)
			mask[n] = 0;
		for (guint k = 0; k < cpus->len; k++) {
			uint32_t c = g_array_index(cpus, uint32_t, k);

			*max_cpu = MAX(*max_cpu, c);
			if (n < cfg->channels && mask && c < 64)
				mask[n] |= 1ULL << c;
		}
		n++;
	}
	if (n != cfg->channels) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "xps_cpus: %u CPU lists for %u TX queues (one per channel)",
			    n, cfg->channels);
		return -1;
	}
	return NIC_XPS_SET;
}

int nic_xps_cpus(const struct nic_cfg *cfg, uint64_t *mask)
{
	uint32_t max_cpu;
	int x = xps_parse(cfg, mask, &max_cpu, NULL);

	g_assert(x >= 0);
	return x;
}

/* ---------------------------------------------------------------- model */

bool nic_follows_input(const struct nic_cfg *cfg)
{
	return drivers[cfg->driver]->follows_input;
}

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
	/* ethtool -K gro, ip link set gro_max_size: every device */
	for (guint i = 0; i < m->netdevs->len; i++) {
		struct net_device *dev = m->netdevs->pdata[i];

		if (cfg->gro)
			dev->features |= NETIF_F_GRO;
		dev->gro_max_size = cfg->gro_max_size;
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
	uint32_t max_channels = MAX(drv->max_channels, 1);
	uint32_t indir[RSS_INDIR_SIZE];
	uint8_t key[RSS_HASH_KEY_SIZE];
	uint32_t max_cpu;

	if ((cfg->adaptive_rx + !!cfg->interrupt_throttle_rate +
	     !!(cfg->rx_usecs || cfg->rx_frames)) > 1) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "set one RX moderation: adaptive_rx, interrupt_throttle_rate, or rx_usecs/rx_frames");
		return FALSE;
	}
	if (cfg->ports > 1 && !drv->max_ports) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "ports: %u ports, but %s has one port per device (driver=sky2 models multi-port boards)",
			    cfg->ports, drv->name);
		return FALSE;
	}
	if (cfg->ports > MAX(drv->max_ports, 1)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "ports: %u is more than a %s board has (at most %u)",
			    cfg->ports, drv->name, drv->max_ports);
		return FALSE;
	}
	if (cfg->shared_napi && !drv->max_ports) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "shared_napi: %s has a NAPI per queue of one port; ports that share one NAPI are sky2's (driver=sky2)",
			    drv->name);
		return FALSE;
	}
	if (cfg->channels > max_channels) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "channels: %u is more than %s allows (ethtool -L combined: at most %u)",
			    cfg->channels, drv->name, max_channels);
		return FALSE;
	}
	if (cfg->irq_affinity[0]) {
		g_autoptr(GArray) cpus = irq_affinity_parse(cfg, error);

		if (!cpus)
			return FALSE;
		if (max_channels == 1 && g_array_index(cpus, uint32_t, 0)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "irq_affinity: %s takes its one vector on CPU 0",
				    drv->name);
			return FALSE;
		}
	}
	if (xps_parse(cfg, NULL, &max_cpu, error) < 0 ||
	    !rss_key_parse(cfg->rss_key, key, error) ||
	    !rss_indir_fill(indir, cfg->rss_indir, cfg->channels, error))
		return FALSE;
	return !drv->check || drv->check(cfg, error);
}

/* the channel keys against [cpu] count, then the driver's own */
static gboolean nic_check_groups(const struct sim_point *p, GError **error)
{
	const struct nic_cfg *cfg = sim_point_cfg(p, &nic_model_ops);
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);
	const struct net_driver *drv = drivers[cfg->driver];
	uint32_t max_cpu;

	if (cfg->irq_affinity[0]) {
		g_autoptr(GArray) cpus = irq_affinity_parse(cfg, NULL);

		for (guint i = 0; i < cpus->len; i++) {
			uint32_t c = g_array_index(cpus, uint32_t, i);

			if (c >= cpu->count) {
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "irq_affinity: CPU %u (vector %u) is not a CPU ([cpu] count=%u)",
					    c, i, cpu->count);
				return FALSE;
			}
		}
	}
	if (cfg->ports > 1 &&
	    ((const struct stack_cfg *)sim_point_cfg(p, &stack_model_ops))
	    ->mode == STACK_FORWARD) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "ports: %u ports receive, but a router ([stack] mode=forward) sends out of the second device: set ports=1 or mode=deliver",
			    cfg->ports);
		return FALSE;
	}
	if (xps_parse(cfg, NULL, &max_cpu, NULL) == NIC_XPS_SET &&
	    max_cpu >= cpu->count) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "xps_cpus: CPU %u is not a CPU ([cpu] count=%u)",
			    max_cpu, cpu->count);
		return FALSE;
	}
	return !drv->check_groups || drv->check_groups(cfg, p, error);
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
	SIM_PARAM_BOOL(S, cqe_mode_rx, "cqe_mode_rx", 1, "ethtool -C cqe-mode-rx (mlx5): the moderation timer restarts at every completion (CQE mode, net_dim's CQE table), else at every interrupt event (EQE); e1000's timer starts at the first unreported frame either way"),
	SIM_PARAM_U32(S, channels, "channels", 1, 1, 64, "", "ethtool -L combined: channels, each an RX ring, a TX ring, a NAPI and an MSI-X vector (mlx5: at most [cpu] count, one completion vector per CPU; e1000: 1)"),
	SIM_PARAM_STRING(S, irq_affinity, "irq_affinity", "", "each channel's vector's CPU, as /proc/irq/N/smp_affinity_list: a CPU list in vector order, e.g. 0,2,4-7; empty: channel i on CPU i mod [cpu] count. A ';' list compares placements"),
	SIM_PARAM_STRING(S, xps_cpus, "xps_cpus", "", "XPS: per TX queue, the CPUs that send on it (/sys/class/net/<dev>/queues/tx-N/xps_cpus as CPU lists, space-separated, e.g. 0,4 1,5 2,6 3,7); empty: the driver's (mlx5: each queue from the CPUs of its completion vectors); off: none, so netdev_pick_tx() hashes"),
	SIM_PARAM_STRING(S, rss_key, "rss_key", RSS_VERIFICATION_KEY, "ethtool -X hkey: the 40-byte Toeplitz key (the default is Microsoft's verification key; the kernel's is random per boot)"),
	SIM_PARAM_STRING(S, rss_indir, "rss_indir", "default", "ethtool -X: the 128-entry indirection table: default (round robin over every channel), equal N (over queues 0..N-1), or weight W0 W1 ... (in proportion)"),
	SIM_PARAM_ENUM(S, rx_flow_hash_udp4, "rx_flow_hash_udp4", 0, "sdfn|sd", "ethtool -N rx-flow-hash udp4: RSS over addresses and ports (sdfn, mlx5's default) or addresses only (sd)"),
	SIM_PARAM_U32(S, ports, "ports", 1, 1, 8, "", "ports receiving the load, devices eth0 to eth<ports - 1>: flow k arrives on port k mod ports (an upstream switch that spreads flows evenly); sky2 only (a Yukon-2 board has 2; MODEL: up to 8); a router has 1"),
	SIM_PARAM_BOOL(S, shared_napi, "shared_napi", 0, "the ports are one board: one status ring, one interrupt and one NAPI that polls every port within its weight (sky2: hw->napi); false: each port is a board of its own, with its own interrupt and NAPI; sky2 only"),
	SIM_PARAM_BOOL(S, gro, "gro", 1, "ethtool -K gro (NETIF_F_GRO): the NAPI merges in-sequence TCP segments of a flow into one skb that goes up the stack once (models/core/gro.c); UDP is never merged (no UDP_GRO socket); off: every frame is GRO_NORMAL"),
	SIM_PARAM_U32(S, gro_max_size, "gro_max_size", GRO_LEGACY_MAX_SIZE, 1500, GRO_LEGACY_MAX_SIZE, "bytes", "ip link set DEV gro_max_size (gro_ipv4_max_size for IPv4): a GRO skb stays under this many bytes from its IP header on (GRO_LEGACY_MAX_SIZE 65536: 45 segments of 1448 bytes); no BIG TCP"),
	{ }
};
#undef S

const struct sim_model_ops nic_model_ops = {
	.name = "nic",
	.help = "[nic] the NICs: driver (e1000, mlx5, sky2), descriptor rings, DMA and IRQ latency, RX moderation, channels, IRQ affinity, XPS and RSS, ports and shared NAPI, GRO",
	.params = nic_params,
	.cfg_size = sizeof(struct nic_cfg),
	.check = nic_check,
	.check_groups = nic_check_groups,
	.create = nic_create,
	.start = nic_start,
	.report = nic_report,
	.destroy = nic_destroy,
};
