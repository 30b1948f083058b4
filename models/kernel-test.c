/*
 * models/kernel-test.c - the kernel's promises, checked with exact counters
 * on small hand-built machines.
 *
 * Each test writes a small scenario, builds the machine without SimGrid
 * (models only; machine_run_point() adds SimGrid around the same code) and
 * checks counters of its report that follow from the kernel rules by hand.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/workload/traffic.h"
#include "models/test-machine.h"

/*
 * A burst lands in the ring before the first interrupt is handled
 * (irq_latency_ns is 1 ms, the burst lasts microseconds).
 */
#define BURST \
	"[traffic]\npackets=200\nrate_pps=100000000\nsize=64\n" \
	"line_rate_mbps=10000\n" \
	"[nic]\nirq_latency_ns=1000000\n" \
	"[stack]\nmode=deliver\n" \
	"[socket]\nrcvbuf=10000000\n" \
	"[app]\ncpu=1\nwork_cycles=0\n"

static void test_ring_full_drops(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "nic.rx_ring_size=64", "traffic.packets=100",
			       NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	/* hardware holds at most count - 1 descriptors */
	g_assert_cmpuint(col(r, "rx_missed_errors"), ==, 100 - 63);
	g_assert_cmpuint(col(r, "delivered"), ==, 63);
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	assert_conserved(r);
}

static void test_full_weight_stays_scheduled(struct fixture *f,
					     gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, BURST, false, NULL);

	/* 200 frames, weight 64: three polls use their quota, one empties */
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "polls"), ==, 4);
	g_assert_cmpuint(col(r, "ndone"), ==, 3);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	/* one NAPI is polled once per net_rx_action(): 64 < netdev_budget */
	g_assert_cmpuint(cnt(r, "cpu", "0", "time_squeeze"), ==, 0);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 4);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
	assert_conserved(r);
}

static void test_budget_squeeze(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "net.core.netdev_budget=50", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	/* each full poll (64) overdraws the 50-packet budget; the last (8)
	 * does not */
	g_assert_cmpuint(cnt(r, "cpu", "0", "time_squeeze"), ==, 3);
	g_assert_cmpuint(col(r, "polls"), ==, 4);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
}

static void test_time_squeeze(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	/* 50 us per frame: a full poll takes 3.2 ms, more than the one
	 * jiffy netdev_budget_usecs=1000 allows at HZ=1000 */
	const char *sets[] = { "net.core.netdev_budget_usecs=1000",
			       "cost.rx_packet=100000", "traffic.packets=192",
			       NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "ndone"), ==, 3);
	/* the budget (300) is never spent: every squeeze is the time limit */
	g_assert_cmpuint(cnt(r, "cpu", "0", "time_squeeze"), ==, 3);
	g_assert_cmpuint(col(r, "delivered"), ==, 192);
}

static void test_restart_limit(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	/* weight 16, 250 frames waiting: ~11 us per pass, so the 10-pass
	 * limit (not the 2 ms one) ends the softirq at irq exit */
	const char *sets[] = { "napi.weight=16", "traffic.packets=250", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(cnt(r, "cpu", "0", "softirq_passes") -
			 cnt(r, "cpu", "0", "ksoftirqd_passes"), ==, 10);
	g_assert_cmpuint(cnt(r, "cpu", "0", "ksoftirqd_wakeups"), ==, 1);
	g_assert_cmpuint(cpu_ps(r, 0, "ksoftirqd"), >, 0);
	/* 15 full polls of 16 and one of 10 */
	g_assert_cmpuint(col(r, "ndone"), ==, 15);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 250);
}

static void test_need_resched_hands_off(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	/* the reader shares CPU 0: the first pass wakes it, need_resched()
	 * is true, so work left after that pass goes to ksoftirqd */
	const char *sets[] = { "napi.weight=16", "traffic.packets=250",
			       "app.cpu=0", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(cnt(r, "cpu", "0", "softirq_passes") -
			 cnt(r, "cpu", "0", "ksoftirqd_passes"), ==, 1);
	g_assert_cmpuint(cnt(r, "cpu", "0", "ksoftirqd_wakeups"), >=, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 250);
	assert_conserved(r);
}

static void test_rcvbuf_drops(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	/* 64 B frames have truesize ALIGN(64 + 66, 64) + 576 = 768; the
	 * reader takes the first datagram and then works for 0.5 s */
	const char *ini =
		"[traffic]\npackets=30\nrate_pps=100000\nsize=64\n"
		"[stack]\nmode=deliver\n"
		"[socket]\nrcvbuf=7680\n"
		"[app]\ncpu=1\nwork_cycles=1000000000\n";
	const struct sim_report *r = run(f, ini, false, NULL);

	g_assert_cmpuint(sock_truesize(&(struct sock_cfg) {
				.truesize_overhead = 576 }, 64), ==, 768);
	/* admitted while sk_rmem_alloc <= sk_rcvbuf before the charge:
	 * 11 x 768 = 8448 queued behind the one being read */
	g_assert_cmpuint(col(r, "sk_drops"), ==, 30 - 1 - 11);
	g_assert_cmpuint(col(r, "delivered"), ==, 12);
	assert_conserved(r);
}

/*
 * udp_rmem_release(): a read adds the datagram's truesize (768 B here) to
 * forward_deficit; sk_rmem_alloc drops only once the deficit reaches
 * sk_rcvbuf / 4 (1920 B) or the reader queue is empty.
 */
static void test_udp_rmem_deficit(struct fixture *f,
				  gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[stack]\nmode=deliver\n[socket]\nrcvbuf=7680\n";
	struct machine *m = build(f, ini, false, NULL);
	struct sock *sk = m->socks->pdata[0];
	struct sk_buff skb = { .len = 64 }, out;
	/* after each of five reads: 1 and 2 under the threshold; the 3rd
	 * reaches it (3 x 768 = 2304 >= 1920) and releases all three; the
	 * 4th is under it again; the 5th empties the reader queue */
	const uint64_t after[5] = { 3840, 3840, 1536, 1536, 0 };

	for (int i = 0; i < 5; i++)
		g_assert_null(sock_queue_rcv(sk, &skb));
	g_assert_cmpuint(sock_rmem_alloc(sk), ==, 5 * 768);
	for (int i = 0; i < 5; i++) {
		g_assert_true(sock_dequeue(sk, &out));
		g_assert_cmpuint(out.truesize, ==, 768);
		g_assert_cmpuint(sock_rmem_alloc(sk), ==, after[i]);
	}
	g_assert_false(sock_dequeue(sk, &out));

	/* memory not yet released still counts against sk_rcvbuf: fill to
	 * 11 datagrams (8448 B, over 7680), read 2 (deficit 1536, not
	 * released): the next datagram is dropped */
	for (int i = 0; i < 11; i++)
		g_assert_null(sock_queue_rcv(sk, &skb));
	g_assert_true(sock_dequeue(sk, &out));
	g_assert_true(sock_dequeue(sk, &out));
	g_assert_cmpuint(sock_rmem_alloc(sk), ==, 11 * 768);
	g_assert_null(sock_queue_rcv(sk, &skb));
	g_assert_cmpuint(sock_queue_len(sk), ==, 9);
	machine_free(m);
}

static void test_rotting_packet(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	uint64_t at_unmask = 0;

	/*
	 * Sweep the spacing of a 3-frame burst so that some frame lands
	 * after the poll's last ring check but before the IRQ is unmasked.
	 * None may be stranded, and each is read within one IRQ plus one
	 * poll (well under 20 us with the default costs).
	 */
	for (uint64_t rate = 100000; rate <= 800000; rate += 3000) {
		g_autofree char *set = g_strdup_printf("traffic.rate_pps=%"
						       G_GUINT64_FORMAT, rate);
		const char *sets[] = { "traffic.packets=3", set, NULL };
		const char *ini = "[stack]\nmode=deliver\n[app]\ncpu=1\n";
		const struct sim_report *r = run(f, ini, false, sets);

		g_assert_cmpuint(col(r, "delivered"), ==, 3);
		g_assert_cmpuint(col(r, "queued"), ==, 0);
		g_assert_cmpuint(col(r, "latency_max_ns"), <, 20000);
		at_unmask += cnt(r, "queue", "eth0-rx0", "irq_at_unmask");
	}
	/* the window was really hit */
	g_assert_cmpuint(at_unmask, >, 0);
}

/*
 * e1000_irq_enable() unmasks with its IMS write and then waits for its
 * flushing read (irq_enable cycles): an interrupt raised by a frame
 * written back meanwhile lands inside the same softirq, its hardirq lists
 * the NAPI again (in_net_rx_action: no NET_RX raise), and net_rx_action()
 * restarts: one call, two polls, two interrupts.  With no cost after the
 * unmask the interrupt comes after the softirq and starts a second call.
 */
static void test_irq_at_unmask_restarts(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	/* 2.38 us apart, IRQ delivery 100 ns: the second frame's interrupt
	 * arrives during the first poll's 500 ns flush */
	const char *sets[] = { "traffic.packets=2", "traffic.rate_pps=420000",
			       "nic.irq_latency_ns=100", NULL };
	const char *no_flush[] = { "traffic.packets=2",
				   "traffic.rate_pps=420000",
				   "nic.irq_latency_ns=100",
				   "cost.irq_enable=0", NULL };
	const char *ini = "[stack]\nmode=deliver\n[app]\ncpu=1\n";
	const struct sim_report *r = run(f, ini, false, sets);

	g_assert_cmpuint(col(r, "rxint"), ==, 2);
	g_assert_cmpuint(col(r, "polls"), ==, 2);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 1);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_restarts"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 2);
	assert_conserved(r);

	r = run(f, ini, false, no_flush);
	g_assert_cmpuint(col(r, "rxint"), ==, 2);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 2);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_restarts"), ==, 0);
}

/*
 * e1000_clean(): when e1000_clean_tx_irq() reclaims a whole ring's worth
 * of descriptors it reports the TX clean incomplete and the poll returns
 * its budget, though the RX side found nothing: the NAPI stays listed and
 * is polled again.  A router forwards a burst out of an 8-descriptor TX
 * ring; the output NIC's TX interrupt finds the ring full and finished.
 */
static void test_tx_clean_incomplete(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.packets=8", "nic.tx_ring_size=8",
			       "stack.mode=forward", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "txint"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "tx_incomplete"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "polls"), ==, 2);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "ndone"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "done"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-tx0", "packets"), ==, 8);
	assert_conserved(r);

	/* seven frames leave a descriptor: one poll completes */
	sets[0] = "traffic.packets=7";
	r = run(f, BURST, false, sets);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "tx_incomplete"), ==, 0);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "polls"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "done"), ==, 1);
	assert_conserved(r);
}

/*
 * [cost] cache_refill: the application shares CPU 0 with the NIC's
 * interrupt; each request's hardirq and softirq run before the woken
 * application does, so each of its ten runs after sleeping pays the
 * refill once: its time grows by exactly ten refills.  The first run, at
 * start, follows no interrupt.
 */
static void test_cache_refill(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\npackets=10\nrate_pps=10000\n"
			  "[stack]\nmode=deliver\n"
			  "[cpu]\nfrequency_mhz=2000\n"
			  "[app]\ncpu=0\nmode=rr\nwork_cycles=1000\n";
	const char *off[] = { NULL };
	const char *on[] = { "cost.cache_refill=10000", NULL };
	const struct sim_report *r = run(f, ini, false, off);
	uint64_t app_ps = cnt(r, "cpu", "0", "app_ps");

	g_assert_cmpuint(cnt(r, "task", "app", "cache_refills"), ==, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 10);
	r = run(f, ini, false, on);
	g_assert_cmpuint(cnt(r, "task", "app", "cache_refills"), ==, 10);
	/* 10000 cycles at 2 GHz: 5 us each */
	g_assert_cmpuint(cnt(r, "cpu", "0", "app_ps") - app_ps, ==,
			 10 * SIM_US(5));
	g_assert_cmpuint(col(r, "delivered"), ==, 10);
	assert_conserved(r);
}

/*
 * [measure]: 100 frames at 10 kpps, one every 100 us, each read within
 * microseconds by a reader on CPU 1.  The offered load ends at 10 ms.
 * With a 5 ms warm-up the window holds frames 50..99 (arrivals at
 * 5.0007 ms and later): 50 frames and 50 interrupts in 5 ms, and only
 * they count in the latency columns.
 */
static void test_measure_window(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\npackets=100\nrate_pps=10000\n"
			  "[stack]\nmode=deliver\n[app]\ncpu=1\n";
	const char *warm[] = { "measure.warmup_us=5000", NULL };
	const char *run_end[] = { "measure.window=run", NULL };
	const struct sim_report *r = run(f, ini, false, NULL);
	double sim_s;

	g_assert_cmpfloat(dbl(r, "window_seconds"), ==, 0.01);
	g_assert_cmpfloat(dbl(r, "tput_pps"), ==, 10000);
	g_assert_cmpfloat(dbl(r, "rxint_per_s"), ==, 10000);
	g_assert_cmpuint(cnt(r, "machine", "0", "latency_samples"), ==, 100);

	r = run(f, ini, false, warm);
	g_assert_cmpfloat(dbl(r, "window_seconds"), ==, 0.005);
	g_assert_cmpfloat(dbl(r, "tput_pps"), ==, 10000);
	g_assert_cmpfloat(dbl(r, "rxint_per_s"), ==, 10000);
	g_assert_cmpuint(cnt(r, "machine", "0", "latency_samples"), ==, 50);
	/* counts stay whole-run totals */
	g_assert_cmpuint(col(r, "tput"), ==, 100);
	g_assert_cmpuint(col(r, "rxint"), ==, 100);

	/* window=run: the window is the run, drain included */
	r = run(f, ini, false, run_end);
	sim_s = dbl(r, "sim_seconds");
	g_assert_cmpfloat(dbl(r, "window_seconds"), ==, sim_s);
	g_assert_cmpfloat(sim_s, >, 0.0099);
}

/* 100 datagrams of 64 flows, one every 100 us, to CPUs 1-3 */
#define THREADS \
	"[traffic]\npackets=100\nrate_pps=10000\nflows=64\n" \
	"[cpu]\ncount=4\n[stack]\nmode=deliver\n" \
	"[app]\nthreads=2\ncpus=1-2\n"

/*
 * Two threads sleep on one socket in recvmsg(); sk_data_ready() wakes the
 * first that slept (exclusive waiters, FIFO), which reads and sleeps
 * again behind the other: at one datagram at a time they alternate.
 */
static void test_threads_share_a_socket(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, THREADS, false, NULL);

	g_assert_cmpuint(cnt(r, "task", "app0", "reads"), ==, 50);
	g_assert_cmpuint(cnt(r, "task", "app1", "reads"), ==, 50);
	g_assert_cmpuint(cnt(r, "task", "app0", "cpu"), ==, 1);
	g_assert_cmpuint(cnt(r, "task", "app1", "cpu"), ==, 2);
	g_assert_cmpuint(col(r, "delivered"), ==, 100);
	assert_conserved(r);
}

/*
 * SO_REUSEPORT: three sockets, one per thread; each datagram goes to the
 * member its 4-tuple hashes to, so each thread reads exactly what its
 * socket received, and every flow stays on one socket.
 */
static void test_threads_reuseport(struct fixture *f,
				   gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "socket.reuseport=true", "app.threads=3",
			       "app.cpus=1-3", NULL };
	const struct sim_report *r = run(f, THREADS, false, sets);
	uint64_t sum = 0;

	for (uint32_t i = 0; i < 3; i++) {
		char sock[8], task[8];

		g_snprintf(sock, sizeof(sock), "%u", i);
		g_snprintf(task, sizeof(task), "app%u", i);
		g_assert_cmpuint(cnt(r, "socket", sock, "enqueued"), >, 0);
		g_assert_cmpuint(cnt(r, "task", task, "reads"), ==,
				 cnt(r, "socket", sock, "enqueued"));
		sum += cnt(r, "socket", sock, "enqueued");
	}
	g_assert_cmpuint(sum, ==, 100);
	assert_conserved(r);
}

/*
 * An unpinned thread whose CPU is taken by a hog: at its first wakeup
 * select_task_rq() finds CPU 0 busy and places it on the first idle CPU
 * after it, CPU 1, which stays idle enough to keep it there.
 */
static void test_unpinned_thread_placed(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "app.threads=1", "app.cpus=0",
			       "app.pinned=false", "hog.enabled=true",
			       "hog.cpu=0", NULL };
	const char *pinned[] = { "app.threads=1", "app.cpus=0",
				 "hog.enabled=true", "hog.cpu=0", NULL };
	const struct sim_report *r = run(f, THREADS, false, sets);

	g_assert_cmpuint(cnt(r, "task", "app", "migrations"), ==, 1);
	g_assert_cmpuint(cnt(r, "task", "app", "cpu"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 100);
	r = run(f, THREADS, false, pinned);
	g_assert_cmpuint(cnt(r, "task", "app", "migrations"), ==, 0);
	g_assert_cmpuint(cnt(r, "task", "app", "cpu"), ==, 0);
}

/*
 * The imbalance columns on a 2-CPU sink: 100 frames at 10 kpps, each
 * read before the next arrives, so the reader sleeps between them.
 * Per frame, at 2000 cycles/us with the default costs:
 *   CPU 0 (IRQ): irq_entry 600 + hardirq 400, then softirq_entry 200 +
 *     net_rx_action 200 + napi_poll 150 + rx_packet 300 + rx_byte 64 x
 *     0.1 = 6 + netif_receive_skb 250 + ip_rcv 300 + udp_rcv 500 +
 *     wakeup 800 + napi_complete 100 + irq_enable 1000 = 4806 cycles;
 *   the reader: context_switch 1500 + recvmsg 1500 + copy 64 x 0.25 =
 *     16 + work 2000 = 5016 cycles, plus, on an idle CPU of its own,
 *     the reschedule IPI (irq_entry 600 + ipi 600) = 6216.
 * The window is the offered load's 10 ms.
 */
static void test_imbalance_wakeups(struct fixture *f,
				   gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\npackets=100\nrate_pps=10000\n"
			  "[stack]\nmode=deliver\n[app]\ncpu=1\n";
	const char *same_cpu[] = { "app.cpu=0", NULL };
	const char *hog[] = { "app.cpu=0", "hog.enabled=true", "hog.cpu=1",
			      NULL };
	const struct sim_report *r = run(f, ini, false, NULL);

	/* reader on CPU 1: CPU 0's softirq wakes it, 100 times, each time
	 * on an idle CPU: an IPI each */
	g_assert_cmpuint(col(r, "delivered"), ==, 100);
	g_assert_cmpuint(col(r, "remote_wakeups"), ==, 100);
	g_assert_cmpuint(cnt(r, "cpu", "0", "remote_wakeups"), ==, 100);
	g_assert_cmpuint(col(r, "ipis"), ==, 100);
	g_assert_cmpuint(cnt(r, "cpu", "1", "ipis"), ==, 100);
	/* the busiest is the reader's: 100 x 6216 cycles = 310.8 us of
	 * 10 ms; the IRQ's CPU 0 spends 100 x 4806 cycles = 2.403 % */
	g_assert_cmpfloat(dbl(r, "cpu_max_busy_pct"), ==, 3.11);
	g_assert_cmpfloat(dbl(r, "cpu0_idle_pct"), ==, 97.60);
	g_assert_cmpfloat(dbl(r, "cpu1_idle_pct"), ==, 96.89);
	/* one queue takes every frame; one flow, in order */
	g_assert_cmpfloat(dbl(r, "rxq_max_share_pct"), ==, 100);
	g_assert_cmpuint(col(r, "out_of_order"), ==, 0);

	/* the reader on the IRQ's CPU: woken from its own CPU's softirq,
	 * which is busy, so no IPI; CPU 0 does both: 100 x (4806 + 5016)
	 * cycles = 491.1 us, 4.911 % */
	r = run(f, ini, false, same_cpu);
	g_assert_cmpuint(col(r, "delivered"), ==, 100);
	g_assert_cmpuint(col(r, "remote_wakeups"), ==, 0);
	g_assert_cmpuint(col(r, "ipis"), ==, 0);
	g_assert_cmpfloat(dbl(r, "cpu_max_busy_pct"), ==, 4.91);
	g_assert_cmpfloat(dbl(r, "cpu1_idle_pct"), ==, 100);

	/* a hog wakes itself on idle CPU 1 at start: an IPI, but not a
	 * wakeup from another CPU */
	r = run(f, ini, false, hog);
	g_assert_cmpuint(col(r, "remote_wakeups"), ==, 0);
	g_assert_cmpuint(col(r, "ipis"), ==, 1);
	g_assert_cmpfloat(dbl(r, "cpu_max_busy_pct"), >, 99);
	assert_conserved(r);
}

/*
 * rxq_max_share_pct: Microsoft's five RSS verification flows on a
 * 2-channel mlx5 router.  hash & 127 is 120, 106, 74, 127, 34 for flows
 * 0..4, and the default indirection table alternates the two queues, so
 * flows 0, 1, 2 and 4 go to queue 0 and flow 3 to queue 1.  The seed's
 * flow stream draws them 69, 59, 57, 61 and 54 times of 300: queue 0
 * takes 239 frames, 79.67 %.  No task, so no wakeup and no IPI.
 * When the burst lands before the first interrupt (irq_latency_ns 1 ms)
 * in 64-entry rings, queue 0 cleans only a ring's worth and drops the
 * rest: its share of what RSS steered stays 79.67 %.
 */
static void test_imbalance_rx_queues(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	const char *ini =
		"[traffic]\npackets=300\nrate_pps=100000\n"
		"line_rate_mbps=10000\nflow_list="
		"66.9.149.187:2794-161.142.100.80:1766,"
		"199.92.111.2:14230-65.69.140.83:4739,"
		"24.19.198.95:12898-12.22.207.184:38024,"
		"38.27.205.30:48228-209.142.163.6:2217,"
		"153.39.163.191:44251-202.188.127.2:1303\n"
		"[nic]\ndriver=mlx5\nchannels=2\n"
		"[stack]\nmode=forward\n[cpu]\ncount=2\n";
	const char *one[] = { "nic.channels=1", NULL };
	const char *burst[] = { "traffic.rate_pps=100000000",
				"nic.irq_latency_ns=1000000",
				"nic.rx_ring_size=64", NULL };
	static const uint64_t drawn[5] = { 69, 59, 57, 61, 54 };
	const struct sim_report *r = run(f, ini, false, NULL);

	for (uint32_t i = 0; i < 5; i++) {
		g_autofree char *id = g_strdup_printf("%u", i);

		g_assert_cmpuint(cnt(r, "flow", id, "offered"), ==, drawn[i]);
		g_assert_cmpuint(cnt(r, "flow", id, "rx_queue"), ==, i == 3);
	}
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx0", "packets"), ==, 239);
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx1", "packets"), ==, 61);
	g_assert_cmpfloat(dbl(r, "rxq_max_share_pct"), ==, 79.67);
	g_assert_cmpuint(col(r, "out_of_order"), ==, 0);
	g_assert_cmpuint(col(r, "remote_wakeups"), ==, 0);
	g_assert_cmpuint(col(r, "ipis"), ==, 0);
	assert_conserved(r);

	r = run(f, ini, false, one);
	g_assert_cmpfloat(dbl(r, "rxq_max_share_pct"), ==, 100);

	r = run(f, ini, false, burst);
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx0", "packets"), <, 239);
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx0", "packets") +
			 cnt(r, "queue", "eth0-rx0", "rx_missed_errors"), ==,
			 239);
	g_assert_cmpuint(cnt(r, "queue", "eth0-rx1", "packets"), ==, 61);
	g_assert_cmpfloat(dbl(r, "rxq_max_share_pct"), ==, 79.67);
	assert_conserved(r);
}

/*
 * [app] service_dist: each request's work is drawn from its own stream of
 * the seed ("serv"), one draw per request in reading order: the total
 * is what the same draws give.
 */
static void test_service_distributions(struct fixture *f,
				       gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\npackets=1000\nrate_pps=10000\nseed=5\n"
			  "[stack]\nmode=deliver\n"
			  "[app]\nmode=rr\nwork_cycles=2000\n";
	const char *bimodal[] = { "app.service_dist=bimodal",
				  "app.bimodal_p=0.25",
				  "app.bimodal_cycles=30000", NULL };
	const char *table[] = { "app.service_dist=table",
				"app.service_table=1000:1,5000:2,9000:1", NULL };
	guint32 seed[3] = { 5, 0, 0x73657276 };
	GRand *g = g_rand_new_with_seed_array(seed, 3);
	uint64_t expect = 0;
	const struct sim_report *r;

	r = run(f, ini, false, NULL);
	g_assert_cmpuint(cnt(r, "task", "app", "work_cycles"), ==, 2000000);

	for (int i = 0; i < 1000; i++)
		expect += g_rand_double(g) < 0.25 ? 30000 : 2000;
	r = run(f, ini, false, bimodal);
	g_assert_cmpuint(col(r, "delivered"), ==, 1000);
	g_assert_cmpuint(cnt(r, "task", "app", "work_cycles"), ==, expect);
	g_rand_free(g);

	g = g_rand_new_with_seed_array(seed, 3);
	expect = 0;
	for (int i = 0; i < 1000; i++) {
		double u = g_rand_double(g);

		expect += u < 0.25 ? 1000 : u < 0.75 ? 5000 : 9000;
	}
	r = run(f, ini, false, table);
	g_assert_cmpuint(cnt(r, "task", "app", "work_cycles"), ==, expect);
	g_rand_free(g);
}

/* closed-loop clients against an rr server on CPU 1 */
#define CLOSED \
	"[traffic]\narrival=closed\npackets=400\nthink_us=0\n" \
	"[stack]\nmode=deliver\n[app]\nmode=rr\ncpu=1\n"

/*
 * One connection with one request in flight and no think time: each
 * request leaves as the previous reply arrives, so the server never
 * holds two, every request meets the same idle path, and the latency
 * is the same for all but the first (which wakes a cold reader).
 */
static void test_closed_one_connection(struct fixture *f,
				       gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.connections=1",
			       "traffic.outstanding=1", NULL };
	const struct sim_report *r = run(f, CLOSED, false, sets);

	g_assert_cmpuint(col(r, "delivered"), ==, 400);
	g_assert_cmpuint(cnt(r, "connection", "0", "requests"), ==, 400);
	g_assert_cmpuint(cnt(r, "connection", "0", "in_flight_max"), ==, 1);
	g_assert_cmpuint(cnt(r, "connection", "0", "in_flight"), ==, 0);
	g_assert_cmpuint(col(r, "latency_p50_ns"), ==,
			 col(r, "latency_p99_ns"));
	assert_conserved(r);
}

/*
 * Four connections of three requests each, exponential think times:
 * each starts with its three in flight and never exceeds them; batch
 * mode equals reference mode although each arrival answers a reply.
 */
static void test_closed_outstanding(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.connections=4",
			       "traffic.outstanding=3", "traffic.think_us=20",
			       "traffic.think_dist=exponential", NULL };
	const struct sim_report *r = run(f, CLOSED, false, sets);
	const struct sim_report *ref = run(f, CLOSED, true, sets);
	uint64_t sum = 0;

	for (uint32_t k = 0; k < 4; k++) {
		char id[8];

		g_snprintf(id, sizeof(id), "%u", k);
		g_assert_cmpuint(cnt(r, "connection", id, "in_flight_max"), ==,
				 3);
		sum += cnt(r, "connection", id, "requests");
	}
	g_assert_cmpuint(sum, ==, 400);
	g_assert_cmpuint(col(r, "delivered"), ==, 400);
	assert_conserved(r);
	assert_same_report(r, ref);
}

/*
 * Latency per flow and per burst: on/off bursts of 8 flows into a sink
 * that keeps up.  The flow table's largest latency is the row's; and
 * the bursts' last frames, counted from the source itself, are exactly
 * the latency_burst samples.
 */
static void test_flow_and_burst_latency(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\narrival=onoff\npackets=2000\n"
			  "rate_pps=100000\nburst_frames=8\nflows=8\nseed=4\n"
			  "[stack]\nmode=deliver\n[app]\ncpu=1\n";
	const struct sim_report *r = run(f, ini, false, NULL);
	const struct traffic_cfg *cfg;
	g_autoptr(GError) error = NULL;
	struct sim_scenario *sc;
	struct sim_point *p;
	struct traffic *t;
	uint64_t lasts = 0, max = 0;

	g_assert_cmpuint(col(r, "delivered"), ==, 2000);
	for (uint32_t i = 0; i < 8; i++) {
		char id[8];

		g_snprintf(id, sizeof(id), "%u", i);
		max = MAX(max, cnt(r, "flow", id, "latency_max_ns"));
		g_assert_cmpuint(cnt(r, "flow", id, "latency_mean_ns"), >, 0);
	}
	g_assert_cmpuint(max, ==, col(r, "latency_max_ns"));

	/* the same load, drawn again: its bursts' last frames */
	sc = load(f, ini, NULL, &error);
	g_assert_no_error(error);
	p = sim_scenario_point(sc, 0, &error);
	g_assert_no_error(error);
	sim_scenario_free(sc);
	cfg = sim_point_cfg(p, &traffic_model_ops);
	t = traffic_new(cfg);
	for (int i = 0; i < 2000; i++) {
		struct sk_buff skb;

		traffic_pop(t, &skb);
		lasts += skb.burst_last;
	}
	traffic_free(t);
	sim_point_free(p);
	g_assert_cmpuint(lasts, >, 100);
	g_assert_cmpuint(cnt(r, "machine", "0", "latency_burst_samples"), ==,
			 lasts);
	g_assert_cmpuint(col(r, "latency_burst_p99_ns"), >, 0);
}

static void test_line_rate_cap(struct fixture *f G_GNUC_UNUSED,
			       gconstpointer data G_GNUC_UNUSED)
{
	/* 64 B + FCS, preamble, IFG = 88 B = 704 ns at 1 Gbit/s */
	struct traffic_cfg cfg = {
		.rate_pps = 20000000, .packets = 1000, .size = 64,
		.arrival = TRAFFIC_CONSTANT, .seed = 1, .line_rate_mbps = 1000,
	};
	struct traffic *t;
	struct sk_buff skb;
	sim_time_t prev;

	g_assert_cmpuint(traffic_wire_ps(1000, 64), ==, SIM_NS(704));
	for (int arrival = TRAFFIC_CONSTANT; arrival <= TRAFFIC_POISSON;
	     arrival++) {
		cfg.arrival = arrival;
		t = traffic_new(&cfg);
		g_assert_cmpfloat(traffic_rate_pps(t), <, 1420455.0);
		prev = traffic_peek(t);
		g_assert_cmpuint(prev, ==, SIM_NS(704));
		for (int i = 1; i < 1000; i++) {
			traffic_pop(t, &skb);
			g_assert_cmpuint(skb.arrival, ==, prev);
			g_assert_cmpuint(skb.len, ==, 64);
			/* never closer than one frame time */
			g_assert_cmpuint(traffic_peek(t) - prev, >=,
					 SIM_NS(704));
			if (arrival == TRAFFIC_CONSTANT)
				g_assert_cmpuint(traffic_peek(t) - prev, ==,
						 SIM_NS(704));
			prev = traffic_peek(t);
		}
		traffic_pop(t, &skb);
		g_assert_cmpuint(traffic_peek(t), ==, SIM_TIME_NEVER);
		g_assert_cmpuint(traffic_emitted(t), ==, 1000);
		traffic_free(t);
	}

	/* the first of packets and duration_us ends the load: 300 kpps for
	 * 100 us is 30 frames (at 704 ns + k x 3.333 us, k = 0..29) */
	cfg.arrival = TRAFFIC_CONSTANT;
	cfg.rate_pps = 300000;
	cfg.duration_us = 100;
	t = traffic_new(&cfg);
	for (prev = 0; traffic_peek(t) != SIM_TIME_NEVER; prev++)
		traffic_pop(t, &skb);
	g_assert_cmpuint(prev, ==, 30);
	traffic_free(t);
	cfg.duration_us = 0;

	/* under line rate: exact rational spacing, 1e12 / 300000 ps */
	t = traffic_new(&cfg);
	for (int i = 0; i < 3; i++)
		traffic_pop(t, &skb);
	g_assert_cmpuint(traffic_peek(t), ==,
			 SIM_NS(704) + 3000000000000ULL / 300000);
	traffic_free(t);
}

/* pop @n frames of @cfg's load into @out (arrival times, flows) */
static void pop_frames(const struct traffic_cfg *cfg, struct sk_buff *out,
		       int n)
{
	struct traffic *t = traffic_new(cfg);

	for (int i = 0; i < n; i++)
		traffic_pop(t, &out[i]);
	traffic_free(t);
}

static void test_flows_keep_arrivals(struct fixture *f G_GNUC_UNUSED,
				     gconstpointer data G_GNUC_UNUSED)
{
	struct traffic_cfg cfg = {
		.rate_pps = 500000, .packets = 2000, .size = 64,
		.arrival = TRAFFIC_POISSON, .seed = 11, .line_rate_mbps = 10000,
		.flows = 1, .zipf_s = 1,
	};
	g_autofree struct sk_buff *one = g_new(struct sk_buff, 2000);
	g_autofree struct sk_buff *many = g_new(struct sk_buff, 2000);

	pop_frames(&cfg, one, 2000);
	cfg.flows = 64;
	cfg.flow_dist = TRAFFIC_FLOWS_ZIPF;
	pop_frames(&cfg, many, 2000);
	for (int i = 0; i < 2000; i++) {
		/* the flow stream never disturbs the arrival stream */
		g_assert_cmpuint(one[i].arrival, ==, many[i].arrival);
		/* one flow: every frame is flow 0, numbered in order */
		g_assert_cmpuint(one[i].flow, ==, 0);
		g_assert_cmpuint(one[i].seq, ==, i);
		g_assert_cmpuint(many[i].flow, <, 64);
	}
}

static void test_flows_popularity(struct fixture *f G_GNUC_UNUSED,
				  gconstpointer data G_GNUC_UNUSED)
{
	struct traffic_cfg cfg = {
		.rate_pps = 1000000, .packets = 100000, .size = 64,
		.arrival = TRAFFIC_CONSTANT, .seed = 3, .line_rate_mbps = 10000,
		.flows = 4, .flow_dist = TRAFFIC_FLOWS_ZIPF, .zipf_s = 1,
	};
	/* zipf s=1 over 4 flows: weights 1, 1/2, 1/3, 1/4, i.e. 12/25,
	 * 6/25, 4/25, 3/25 of 100000 = 48000, 24000, 16000, 12000 */
	static const uint64_t theory[4] = { 48000, 24000, 16000, 12000 };
	/* what the seed-3 flow stream draws: within 0.5% of theory */
	static const uint64_t zipf[4] = { 47964, 23966, 16057, 12013 };
	static const uint64_t uniform[4] = { 24958, 24956, 25073, 25013 };
	g_autofree struct sk_buff *skb = g_new(struct sk_buff, 100000);
	uint64_t n[4] = { 0 }, seq[4] = { 0 };

	pop_frames(&cfg, skb, 100000);
	for (int i = 0; i < 100000; i++) {
		/* each flow's frames are numbered 0, 1, 2, ... */
		g_assert_cmpuint(skb[i].seq, ==, seq[skb[i].flow]++);
		n[skb[i].flow]++;
	}
	for (int k = 0; k < 4; k++) {
		g_assert_cmpuint(n[k], ==, zipf[k]);
		g_assert_cmpfloat(fabs((double)n[k] - (double)theory[k]), <,
				  0.005 * (double)theory[k]);
	}
	cfg.flow_dist = TRAFFIC_FLOWS_UNIFORM;
	memset(n, 0, sizeof(n));
	pop_frames(&cfg, skb, 100000);
	for (int i = 0; i < 100000; i++)
		n[skb[i].flow]++;
	for (int k = 0; k < 4; k++)
		g_assert_cmpuint(n[k], ==, uniform[k]);
}

static void test_flow_list(struct fixture *f G_GNUC_UNUSED,
			   gconstpointer data G_GNUC_UNUSED)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) l = traffic_flow_list_parse(
		"66.9.149.187:2794-161.142.100.80:1766, "
		"199.92.111.2:14230-65.69.140.83:4739", &error);
	const struct flow_keys *k;
	struct traffic_cfg cfg = {
		.rate_pps = 1000, .packets = 10, .size = 64, .seed = 1,
		.line_rate_mbps = 1000, .flows = 1000,
	};
	struct traffic *t;
	g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash,
						      g_int64_equal);
	g_autofree gint64 *keys = g_new(gint64, 1000);

	g_assert_no_error(error);
	g_assert_cmpuint(l->len, ==, 2);
	k = &g_array_index(l, struct flow_keys, 0);
	g_assert_cmphex(k->saddr, ==, 0x420995bb);
	g_assert_cmphex(k->daddr, ==, 0xa18e6450);
	g_assert_cmpuint(k->sport, ==, 2794);
	g_assert_cmpuint(k->dport, ==, 1766);
	g_assert_cmpuint(k->ip_proto, ==, 17);
	k = &g_array_index(l, struct flow_keys, 1);
	g_assert_cmphex(k->saddr, ==, 0xc75c6f02);
	g_assert_cmpuint(k->dport, ==, 4739);

	g_assert_null(traffic_flow_list_parse("1.2.3.4:5-6.7.8.9:10,"
					      "1.2.3.256:5-6.7.8.9:10",
					      &error));
	g_assert_cmpstr(error->message, ==,
			"flow_list: flow 2 \"1.2.3.256:5-6.7.8.9:10\" is not SADDR:SPORT-DADDR:DPORT (IPv4)");
	g_clear_error(&error);
	g_assert_null(traffic_flow_list_parse("1.2.3.4:65536-6.7.8.9:10",
					      &error));

	/* generated flows: distinct 5-tuples from 10.0.0.0/8 to port 9 */
	t = traffic_new(&cfg);
	g_assert_cmpuint(traffic_nr_flows(t), ==, 1000);
	for (uint32_t i = 0; i < 1000; i++) {
		k = traffic_flow_keys(t, i);
		g_assert_cmphex(k->saddr >> 24, ==, 10);
		g_assert_cmpuint(k->sport, >=, 1024);
		g_assert_cmphex(k->daddr, ==, 0xc0a80001);
		g_assert_cmpuint(k->dport, ==, 9);
		keys[i] = (gint64)k->saddr << 16 | k->sport;
		g_assert_false(g_hash_table_contains(seen, &keys[i]));
		g_hash_table_add(seen, &keys[i]);
	}
	traffic_free(t);
}

static void test_flow_order(struct fixture *f G_GNUC_UNUSED,
			    gconstpointer data G_GNUC_UNUSED)
{
	struct traffic_cfg cfg = {
		.rate_pps = 1000, .packets = 10, .size = 64, .seed = 1,
		.line_rate_mbps = 1000, .flows = 2,
	};
	struct traffic *t = traffic_new(&cfg);
	struct sim_report *r = sim_report_new();
	/* flow 1 gets there as 0, 2, 1, 3, 1 (a late frame, a duplicate);
	 * flow 0's frame 1 is dropped */
	static const uint32_t seq[] = { 0, 2, 1, 3, 1 };
	struct sk_buff skb = { .flow = 1 };

	for (guint i = 0; i < G_N_ELEMENTS(seq); i++) {
		skb.seq = seq[i];
		skb_record_rx_queue(&skb, 3);
		traffic_flow_received(t, &skb);
		traffic_flow_delivered(t, &skb, true);
	}
	skb = (struct sk_buff) { .flow = 0, .seq = 0 };
	traffic_flow_delivered(t, &skb, true);
	skb.seq = 1;
	traffic_flow_delivered(t, &skb, false);
	traffic_model_ops.report(t, r);
	g_assert_cmpuint(sim_report_u64(r, "flow", "1", "delivered"), ==, 5);
	g_assert_cmpuint(sim_report_u64(r, "flow", "1", "out_of_order"), ==,
			 2);
	g_assert_cmpuint(sim_report_u64(r, "flow", "1", "rx_queue"), ==, 3);
	g_assert_cmpuint(sim_report_u64(r, "flow", "1", "rx_queues"), ==, 1);
	g_assert_cmpuint(sim_report_u64(r, "flow", "0", "delivered"), ==, 1);
	g_assert_cmpuint(sim_report_u64(r, "flow", "0", "out_of_order"), ==,
			 0);
	/* the row sums the table */
	g_assert_cmpuint(sim_row_get(r->row, "out_of_order")->u64, ==, 2);
	sim_report_free(r);
	traffic_free(t);
}

/* a GRO skb counts as its frames, seq .. seq + gso_segs - 1 */
static void test_flow_order_gro(struct fixture *f G_GNUC_UNUSED,
				gconstpointer data G_GNUC_UNUSED)
{
	struct traffic_cfg cfg = {
		.rate_pps = 1000, .packets = 10, .size = 64, .seed = 1,
		.line_rate_mbps = 1000, .flows = 1,
	};
	struct traffic *t = traffic_new(&cfg);
	struct sim_report *r = sim_report_new();
	/* frames 0-2, then 1-3 (1 and 2 again, late), then 2 (late) */
	static const uint32_t seq[] = { 0, 1, 2 }, segs[] = { 3, 3, 0 };
	struct sk_buff skb = { .flow = 0 };

	for (guint i = 0; i < G_N_ELEMENTS(seq); i++) {
		skb.seq = seq[i];
		skb.gso_segs = segs[i];
		traffic_flow_received(t, &skb);
		traffic_flow_delivered(t, &skb, i != 2);
	}
	traffic_model_ops.report(t, r);
	g_assert_cmpuint(sim_report_u64(r, "flow", "0", "received"), ==, 7);
	g_assert_cmpuint(sim_report_u64(r, "flow", "0", "delivered"), ==, 6);
	g_assert_cmpuint(sim_report_u64(r, "flow", "0", "out_of_order"), ==,
			 3);
	sim_report_free(r);
	traffic_free(t);
}

static void test_flow_counters(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	/* 16 flows through an e1000 sink; the socket overflows */
	const char *ini =
		"[traffic]\npackets=3000\nrate_pps=2000000\n"
		"line_rate_mbps=10000\nflows=16\nflow_dist=zipf\n"
		"[stack]\nmode=deliver\n[socket]\nrcvbuf=100000\n"
		"[nic]\nrx_ring_size=4096\n[app]\ncpu=1\n";
	const struct sim_report *r = run(f, ini, false, NULL);
	uint64_t offered = 0, delivered = 0, received = 0;

	for (uint32_t i = 0; i < 16; i++) {
		g_autofree char *id = g_strdup_printf("%u", i);

		offered += cnt(r, "flow", id, "offered");
		received += cnt(r, "flow", id, "received");
		delivered += cnt(r, "flow", id, "delivered");
		/* one queue, one socket: every flow stays in order */
		g_assert_cmpuint(cnt(r, "flow", id, "out_of_order"), ==, 0);
	}
	g_assert_cmpuint(offered, ==, col(r, "offered"));
	g_assert_cmpuint(received, ==, col(r, "processed"));
	g_assert_cmpuint(col(r, "sk_drops"), >, 0);
	/* taken by the socket: what the reader read and what it left */
	g_assert_cmpuint(delivered, ==, received - col(r, "sk_drops"));
	g_assert_cmpuint(delivered, ==, col(r, "delivered") + col(r, "queued"));
	assert_conserved(r);
}

static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const cases[][6] = {
		{ "stack.mode=forward", "traffic.rate_pps=2000000", NULL },
		{ "traffic.arrival=poisson", "traffic.rate_pps=400000", NULL },
		{ "app.cpu=0", "traffic.rate_pps=900000", NULL },
		{ "app.cpu=0", "traffic.rate_pps=300000",
		  "cost.cache_refill=5000", NULL },
		{ "app.threads=3", "app.pinned=false", "socket.reuseport=true",
		  "traffic.flows=16", "traffic.rate_pps=600000", NULL },
		{ "mitigation.policy=threaded",
		  "mitigation.thread_affinity=any", "app.threads=2",
		  "traffic.rate_pps=500000", NULL },
		{ "app.cpu=0", "traffic.line_rate_mbps=10000",
		  "traffic.rate_pps=3000000", NULL },
	};
	const char *ini = "[traffic]\npackets=5000\n[stack]\nmode=deliver\n";

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct sim_report *a = run(f, ini, false, cases[i]);
		const struct sim_report *b = run(f, ini, true, cases[i]);

		assert_same_report(a, b);
		/* and the batch mode did batch */
		g_assert_cmpuint(cnt(a, "machine", "0", "events"), <,
				 cnt(b, "machine", "0", "events"));
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/nic/ring/full-ring-drops-count-rx-missed-errors",
	    test_ring_full_drops);
	ADD("/napi/poll/full-weight-stays-scheduled",
	    test_full_weight_stays_scheduled);
	ADD("/net_rx_action/budget/overdraw-counts-time-squeeze",
	    test_budget_squeeze);
	ADD("/net_rx_action/time-limit/counts-time-squeeze", test_time_squeeze);
	ADD("/softirq/restart-limit/hands-off-to-ksoftirqd",
	    test_restart_limit);
	ADD("/softirq/need-resched/hands-off-to-ksoftirqd",
	    test_need_resched_hands_off);
	ADD("/sock/rcvbuf/full-queue-drops-count-sk-drops", test_rcvbuf_drops);
	ADD("/sock/udp-rmem/released-by-the-deficit-rule",
	    test_udp_rmem_deficit);
	ADD("/nic/irq/rotting-packet-window-closes", test_rotting_packet);
	ADD("/nic/irq/interrupt-at-unmask-restarts-net-rx-action",
	    test_irq_at_unmask_restarts);
	ADD("/nic/tx/whole-ring-cleaned-returns-the-budget",
	    test_tx_clean_incomplete);
	ADD("/sched/cache-refill/charged-after-interrupts", test_cache_refill);
	ADD("/measure/window/warmup-and-offered-end", test_measure_window);
	ADD("/app/threads/share-a-socket-in-turn", test_threads_share_a_socket);
	ADD("/app/threads/reuseport-member-by-hash", test_threads_reuseport);
	ADD("/sched/placement/unpinned-thread-moves-to-an-idle-cpu",
	    test_unpinned_thread_placed);
	ADD("/imbalance/cpus/remote-wakeups-ipis-busiest-cpu",
	    test_imbalance_wakeups);
	ADD("/imbalance/queues/busiest-rx-queue-share",
	    test_imbalance_rx_queues);
	ADD("/app/service/drawn-per-request-from-its-stream",
	    test_service_distributions);
	ADD("/traffic/closed/one-connection-is-sequential",
	    test_closed_one_connection);
	ADD("/traffic/closed/never-more-than-outstanding",
	    test_closed_outstanding);
	ADD("/traffic/latency/per-flow-and-burst-end", test_flow_and_burst_latency);
	ADD("/traffic/line-rate/caps-the-offered-rate", test_line_rate_cap);
	ADD("/traffic/flows/keep-the-arrival-stream", test_flows_keep_arrivals);
	ADD("/traffic/flows/uniform-and-zipf-popularity",
	    test_flows_popularity);
	ADD("/traffic/flows/listed-and-generated-tuples", test_flow_list);
	ADD("/traffic/flows/out-of-order-and-drops-counted", test_flow_order);
	ADD("/traffic/flows/gro-skb-counts-its-frames", test_flow_order_gro);
	ADD("/traffic/flows/counters-add-up-to-the-row", test_flow_counters);
	ADD("/engine/reference-mode/same-counters-and-histogram",
	    test_reference_equal);
	return g_test_run();
}
