/*
 * models/mitigation/policy_none.c - no mitigation: the pre-NAPI driver.
 *
 * The device interrupts for every frame (or every burst that arrives while
 * the handler runs); the hardirq handler cleans the ring and queues each
 * frame with netif_rx() into the per-CPU backlog, which process_backlog()
 * drains in NET_RX (models/drivers/e1000.c e1000_intr_nonapi(),
 * models/core/backlog.c).
 * This is what NAPI was invented to fix: under overload the interrupt
 * handler takes the CPU and the softirq that would deliver the frames
 * starves - receive livelock (Mogul and Ramakrishnan, 1997).
 */
#include "config.h"

#include "models/mitigation/mitigation.h"

const struct rx_mitigation_ops none_mitigation_ops = {
	.name = "none",
	.help = "pre-NAPI: netif_rx() from the hardirq into the backlog",
	.nonapi = true,
};
