/*
 * models/drivers/e1000.h - e1000-style NIC and its driver.
 */
#ifndef MODELS_DRIVERS_E1000_H
#define MODELS_DRIVERS_E1000_H

#include "models/machine.h"

/**
 * nic_init() - a NIC on @h whose IRQ line @line goes to CPU 0.
 * @receives: frames of h->traffic arrive on it (eth0); else TX only (eth1)
 */
void nic_init(struct nic *nic, struct host *h, const char *name,
	      uint32_t line, bool receives);
void nic_destroy(struct nic *nic);

/**
 * nic_rx_advance() - let every frame whose DMA completes by @t reach the
 * RX ring (or be dropped as rx_missed_errors when no descriptor is free).
 */
void nic_rx_advance(struct nic *nic, sim_time_t t);

/**
 * nic_start() - arm the NIC at time 0 (IRQ enabled, ring filled).
 */
void nic_start(struct nic *nic);

/**
 * e1000_xmit_frame() - queue one frame for transmission at @now.
 * @arrival: when the frame it answers or forwards arrived (for latency)
 * @size: frame bytes, without FCS
 * Return: false if the TX ring was full (tx_dropped).
 */
bool e1000_xmit_frame(struct nic *nic, sim_time_t now, sim_time_t arrival,
		      uint32_t size);

/**
 * e1000_clean() - the NAPI ->poll() of @n's device, run in @p's context;
 * ends with napi_poll_end().
 */
void e1000_clean(struct napi_poller *p, struct napi_struct *n, int budget);

/** nic_rx_queued() - frames in the RX ring not yet cleaned. */
uint64_t nic_rx_queued(const struct nic *nic);
/** nic_tx_queued() - frames queued for TX not yet on the wire at @t. */
uint64_t nic_tx_queued(const struct nic *nic, sim_time_t t);

#endif /* MODELS_DRIVERS_E1000_H */
