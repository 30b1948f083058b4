/*
 * models/mitigation/itr.h - e1000 InterruptThrottleRate (ITR).
 *
 * A pure state machine: no engine, no host, no events.  The caller sets
 * it up from the module parameter, calls e1000_set_itr() where e1000_clean()
 * does (NAPI completed, dynamic modes only: e1000_itr_dynamic()), calls
 * e1000_itr_watchdog() where e1000_watchdog() runs (at link-up, then every
 * E1000_WATCHDOG_PERIOD) and reads e1000_itr_interval_ps() for the minimum
 * gap between interrupts.  See itr.c for what is followed and left out.
 */
#ifndef MODELS_MITIGATION_ITR_H
#define MODELS_MITIGATION_ITR_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/time.h"

/* e1000_param.c: InterruptThrottleRate not given (OPTION_UNSET) */
#define E1000_OPTION_UNSET	(-1)
/* e1000_param.c: DEFAULT_ITR (dynamic conservative) and the fixed range */
#define DEFAULT_ITR		3
#define MIN_ITR			100
#define MAX_ITR			100000
/* e1000_watchdog() reschedules itself every 2 * HZ */
#define E1000_WATCHDOG_PERIOD	SIM_S(2)

/* e1000_main.c */
enum latency_range {
	lowest_latency = 0,	/* 70000 ints/s */
	low_latency = 1,	/* 20000 ints/s */
	bulk_latency = 2,	/* 4000 ints/s */
	latency_invalid = 255
};

/**
 * struct e1000_itr - the ITR fields of struct e1000_adapter, plus the
 * register.
 * @itr_setting: 0 off, 1 dynamic, 3 dynamic conservative, 4 simplified,
 *	else a fixed rate with the low two bits (the mode bits) cleared
 * @itr: interrupts/s the driver last programmed; 0 when off.  Stays 4 in
 *	simplified mode, whose watchdog writes only the register.
 * @tx_itr: enum latency_range of the TX side
 * @rx_itr: enum latency_range of the RX side
 * @current_itr: max(@rx_itr, @tx_itr) at the last e1000_set_itr()
 * @ITR: the ITR register as the NIC holds it (16-bit interval field),
 *	in 256 ns units; 0 = no throttling
 */
struct e1000_itr {
	uint32_t itr_setting;
	uint32_t itr;
	uint16_t tx_itr;
	uint16_t rx_itr;
	uint16_t current_itr;
	uint16_t ITR;
};

/**
 * e1000_itr_init() - e1000_check_options() for InterruptThrottleRate,
 * then the ITR write of e1000_configure_rx().
 * @a: state to fill
 * @interrupt_throttle_rate: the module parameter, or E1000_OPTION_UNSET
 *
 * Return: false if the value is invalid (2, 5..99, above 100000 or
 * negative).  @a then holds what the kernel falls back to (itr 3,
 * itr_setting 0: not throttled); the caller should report an error.
 */
bool e1000_itr_init(struct e1000_itr *a, int interrupt_throttle_rate);

/**
 * e1000_itr_dynamic() - does e1000_clean() call e1000_set_itr()?
 * @a: state
 *
 * Return: true in modes 1 and 3 (itr_setting & 3).
 */
static inline bool e1000_itr_dynamic(const struct e1000_itr *a)
{
	return a->itr_setting & 3;
}

/**
 * e1000_update_itr() - next latency range from one IRQ episode's totals.
 * @itr_setting: the current enum latency_range (the kernel's name)
 * @packets: packets since the interrupt
 * @bytes: bytes since the interrupt
 *
 * Return: the new enum latency_range; unchanged when @packets is 0.
 */
unsigned int e1000_update_itr(uint16_t itr_setting, int packets, int bytes);

/**
 * e1000_set_itr() - adapt the rate after a NAPI episode (modes 1 and 3).
 * @a: state
 * @rx_packets: total_rx_packets of the episode
 * @rx_bytes: total_rx_bytes of the episode
 * @tx_packets: total_tx_packets of the episode
 * @tx_bytes: total_tx_bytes of the episode
 * @link_speed_mbps: link speed; anything but 1000 fixes 4000 ints/s
 *
 * Return: true if the ITR register changed.
 */
bool e1000_set_itr(struct e1000_itr *a, int rx_packets, int rx_bytes,
		   int tx_packets, int tx_bytes, unsigned int link_speed_mbps);

/**
 * e1000_itr_watchdog() - the simplified-mode (4) block of e1000_watchdog().
 * @a: state; nothing happens unless itr_setting is 4
 * @rx_bytes: good octets received over the last watchdog period
 * @tx_bytes: good octets transmitted over the last watchdog period
 *
 * Return: true if the ITR register changed.
 */
bool e1000_itr_watchdog(struct e1000_itr *a, uint64_t rx_bytes,
			uint64_t tx_bytes);

/**
 * e1000_itr_interval_ps() - minimum gap the ITR register puts between
 * interrupts.
 * @a: state
 *
 * Return: ITR * 256 ns, in ps; 0 when not throttled.
 */
sim_time_t e1000_itr_interval_ps(const struct e1000_itr *a);

#endif /* MODELS_MITIGATION_ITR_H */
