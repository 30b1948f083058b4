/*
 * models/cost.c - [cost]: what each kernel function on the receive path
 * costs, in CPU cycles.
 *
 * The defaults describe a ~2 GHz server core running a v6.x kernel and are
 * round numbers, not measurements; scenarios that reproduce a measurement
 * (scenarios/validation/) set their own, fitted once and documented there.
 * Per-byte costs are fractional cycles and rounded per frame.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/cost.h"

/* ---------------------------------------------------------------- params */

#define S struct cost_cfg
static const struct sim_param cost_params[] = {
	SIM_PARAM_U32(S, irq_entry, "irq_entry", 600, 0, 1e7, "cycles", "interrupt entry and irq_exit()"),
	SIM_PARAM_U32(S, hardirq, "hardirq", 400, 0, 1e7, "cycles", "driver hardirq handler (e1000_intr: ICR read, mask, napi_schedule)"),
	SIM_PARAM_U32(S, softirq_entry, "softirq_entry", 200, 0, 1e7, "cycles", "one handle_softirqs() pass"),
	SIM_PARAM_U32(S, net_rx_action, "net_rx_action", 200, 0, 1e7, "cycles", "one net_rx_action() call"),
	SIM_PARAM_U32(S, napi_poll, "napi_poll", 150, 0, 1e7, "cycles", "one ->poll() call (entry, TX check)"),
	SIM_PARAM_U32(S, rx_packet, "rx_packet", 300, 0, 1e7, "cycles", "driver RX per frame (descriptor, skb, refill share)"),
	SIM_PARAM_DOUBLE(S, rx_byte, "rx_byte", 0.1, 0, 1000, "cycles/byte", "driver RX per byte"),
	SIM_PARAM_U32(S, netif_receive_skb, "netif_receive_skb", 250, 0, 1e7, "cycles", "__netif_receive_skb_core per packet"),
	SIM_PARAM_U32(S, ip_rcv, "ip_rcv", 300, 0, 1e7, "cycles", "ip_rcv .. ip_local_deliver per packet"),
	SIM_PARAM_U32(S, udp_rcv, "udp_rcv", 500, 0, 1e7, "cycles", "udp_rcv .. __udp_enqueue_schedule_skb per packet"),
	SIM_PARAM_U32(S, tcp_rcv, "tcp_rcv", 500, 0, 1e7, "cycles", "tcp_v4_rcv .. tcp_queue_rcv per skb of a TCP flow, a GRO skb once (udp_rcv's default: the socket is the same model, and no ACK is sent)"),
	SIM_PARAM_U32(S, gro_receive, "gro_receive", 200, 0, 1e7, "cycles", "napi_gro_receive() .. dev_gro_receive() .. tcp4_gro_receive() per TCP segment of a device with GRO on (bucket lookup, header compare, skb_gro_receive()'s frag move, the merged segment's sk_buff freed); a round number like the others, below __netif_receive_skb_core's 250, whose per-packet work it replaces for merged segments"),
	SIM_PARAM_U32(S, ip_forward, "ip_forward", 900, 0, 1e7, "cycles", "ip_rcv .. ip_forward .. driver xmit per packet (forward mode)"),
	SIM_PARAM_U32(S, tx_clean, "tx_clean", 100, 0, 1e7, "cycles", "per TX descriptor reclaimed"),
	SIM_PARAM_U32(S, napi_complete, "napi_complete", 100, 0, 1e7, "cycles", "napi_complete_done(), before the driver unmasks"),
	SIM_PARAM_U32(S, irq_enable, "irq_enable", 1000, 0, 1e7, "cycles", "the driver's unmask (e1000_irq_enable: IMS write and its flushing MMIO read, one PCIe round trip, ~0.5 us); the IRQ is unmasked from its start, so an interrupt can land while it runs"),
	SIM_PARAM_U32(S, wakeup, "wakeup", 800, 0, 1e7, "cycles", "try_to_wake_up, charged to the waker"),
	SIM_PARAM_U32(S, context_switch, "context_switch", 1500, 0, 1e7, "cycles", "switching tasks, charged to the next task"),
	SIM_PARAM_U32(S, cache_refill, "cache_refill", 0, 0, 1e7, "cycles", "charged to a task that gets its CPU back after a hardirq or softirq ran there since it last ran: the cache and TLB lines the interrupt path evicted (off by default; FlexSC, Soares and Stumm, OSDI 2010, section 2, measured user-mode IPC taking thousands to over ten thousand cycles to recover after one kernel entry, the order of a value to study)"),
	SIM_PARAM_U32(S, ipi, "ipi", 600, 0, 1e7, "cycles", "an IPI's handler on its CPU: the reschedule IPI waking an idle CPU, the RPS IPI kicking a backlog"),
	SIM_PARAM_U32(S, recvmsg, "recvmsg", 1500, 0, 1e7, "cycles", "per datagram read (syscall, dequeue)"),
	SIM_PARAM_DOUBLE(S, copy_byte, "copy_byte", 0.25, 0, 1000, "cycles/byte", "copy to user per byte"),
	SIM_PARAM_U32(S, netif_rx, "netif_rx", 200, 0, 1e7, "cycles", "netif_rx(): enqueue_to_backlog per packet (policy none)"),
	SIM_PARAM_U32(S, rps_enqueue, "rps_enqueue", 300, 0, 1e7, "cycles", "a frame RPS/RFS steers: get_rps_cpu() and enqueue_to_backlog(), on the CPU that polled the device (the protocol work runs on the target CPU)"),
	SIM_PARAM_U32(S, rps_ipi, "rps_ipi", 500, 0, 1e7, "cycles", "sending one RPS IPI (smp_call_function_single_async()), on the sending CPU; the target pays irq_entry + ipi"),
	SIM_PARAM_U32(S, hrtimer, "hrtimer", 300, 0, 1e7, "cycles", "hrtimer interrupt: napi_watchdog() (plus irq_entry)"),
	SIM_PARAM_U32(S, tick, "tick", 2000, 0, 1e7, "cycles", "the timer tick's handler (tick_sched_timer: update_process_times, sched_tick; plus irq_entry), once a jiffy on a busy CPU"),
	SIM_PARAM_U32(S, busy_loop, "busy_loop", 200, 0, 1e7, "cycles", "one napi_busy_loop() turn besides the poll: BH disable/enable, loop_end check"),
	SIM_PARAM_U32(S, sendmsg, "sendmsg", 2000, 0, 1e7, "cycles", "udp_sendmsg .. dev_queue_xmit .. driver xmit, per reply (app mode rr)"),
	SIM_PARAM_U32(S, epoll_wait, "epoll_wait", 800, 0, 1e7, "cycles", "one epoll_wait() call (syscall, ready list)"),
	{ }
};
#undef S

const struct sim_model_ops cost_model_ops = {
	.name = "cost",
	.help = "[cost] CPU cycles of each kernel function on the receive path",
	.params = cost_params,
	.cfg_size = sizeof(struct cost_cfg),
	.check = NULL,
};
