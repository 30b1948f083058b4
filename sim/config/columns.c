/*
 * sim/config/columns.c - every output column, declared once; see
 * sim/config/columns.h.
 *
 * The order is the order of a row, and of the golden files in
 * results/golden/: keep it.
 * A new column is one entry here plus the code that counts it.
 *
 * Directions: the receive path's job is to deliver (tput, delivered,
 * forwarded, and their rates) without dropping, quickly, with few
 * interrupts and little kernel CPU time, power and energy.  Time the
 * application or a CPU hog gets and idle time are neither better nor
 * worse: they follow from the load.  Nor are the inputs (psize, ipps) and
 * the shape of the polling (polls*, pkts_per_poll, done, ndone).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/columns.h"
#include "sim/config/model.h"
#include "sim/config/param.h"

#define HIGHER SIM_COLUMN_HIGHER_BETTER
#define LOWER SIM_COLUMN_LOWER_BETTER
#define NEITHER SIM_COLUMN_NEITHER
#define DIAG SIM_COLUMN_DIAGNOSTIC
#define RANK SIM_COLUMN_RANK
#define COST SIM_COLUMN_COST

/* An integer column; a column with decimals; a per-CPU busy share. */
#define U64(n, unit, label, dir, flags, term, by, what) \
	{ n, SIM_COL_U64, 0, unit, label, dir, flags, term, by, what }
#define DBL(n, dec, unit, label, dir, flags, term, by, what) \
	{ n, SIM_COL_DOUBLE, dec, unit, label, dir, flags, term, by, what }
#define CPU_PCT(n, label, dir, flags, term, what) \
	DBL(n, 2, "%", label, dir, flags, term, MEASURE, what)

#define NETDEV "models/core/netdevice.c"
#define SOFTNET "models/core/softirq.c"
#define MACHINE "models/machine.c"
#define MEASURE "models/measure.c"
#define TRAFFIC "models/workload/traffic.c"

const struct sim_column sim_columns[] = {
	{ "policy", SIM_COL_STR, 0, "", "kernel policy", NEITHER, 0, 0,
	  "models/mitigation/mitigation.c",
	  "the kernel-side interrupt-mitigation policy ([mitigation] policy)" },
	{ "nic_moderation", SIM_COL_STR, 0, "", "NIC moderation", NEITHER, 0,
	  0, NETDEV,
	  "the NIC-side moderation: none, coalesce, itr or dim" },
	U64("psize", "bytes", "frame size", NEITHER, 0, 11, TRAFFIC,
	    "frame size without FCS; of a size mix, its mean, and of a capture, the mean of its frames, to the byte"),
	U64("ipps", "frames/s", "offered load", NEITHER, 0, 2, TRAFFIC,
	    "offered frames per second, after the line-rate cap"),
	U64("offered", "frames", "offered", NEITHER, 0, 0, TRAFFIC,
	    "frames offered"),
	U64("tput", "frames", "delivered or forwarded", HIGHER, RANK, 1,
	    MACHINE,
	    "frames forwarded (router) or read by the application"),
	U64("rxint", "interrupts", "RX interrupts", LOWER, RANK | COST, 4,
	    NETDEV, "RX NIC interrupts"),
	U64("txint", "interrupts", "TX interrupts", LOWER, RANK | COST, 10,
	    NETDEV, "TX completion interrupts of the output NIC"),
	U64("done", "polls", "polls that completed", NEITHER, 0, 0, NETDEV,
	    "polls that emptied the ring and re-enabled the IRQ"),
	U64("ndone", "polls", "polls that used their weight", NEITHER, 0, 0,
	    NETDEV, "polls that used their whole weight"),
	U64("polls", "polls", "NAPI polls", NEITHER, 0, 0, NETDEV,
	    "NAPI polls of the RX NIC (pre-NAPI: of CPU 0's backlog)"),
	U64("polls_hardirq", "polls", "polls after an IRQ", NEITHER, 0, 0,
	    NETDEV, "polls scheduled by an interrupt"),
	U64("polls_timer", "polls", "polls by the NAPI timer", NEITHER, 0, 0,
	    NETDEV, "polls scheduled by the NAPI hrtimer (IRQ deferral)"),
	U64("polls_busy", "polls", "busy polls", NEITHER, 0, 0, NETDEV,
	    "polls by a busy-polling application, and the softirq polls of an episode it handed off (busy_poll_stop(), napi_resume_irqs()); the kernel counts no such split"),
	U64("polls_thread", "polls", "threaded polls", NEITHER, 0, 0, NETDEV,
	    "polls by the threaded-NAPI kthread"),
	DBL("pkts_per_poll", 2, "frames/poll", "frames per poll", NEITHER, 0,
	    0, NETDEV, "frames per poll"),
	U64("timer_irqs", "interrupts", "NAPI timer expiries", LOWER,
	    RANK | COST, 0, NETDEV, "NAPI hrtimer expiries"),
	DBL("tput_pps", 0, "frames/s", "throughput", HIGHER, 0, 0, MEASURE,
	    "frames done per second in the measurement window ([measure]: "
	    "from warmup_us to the offered load's end)"),
	DBL("rxint_per_s", 0, "interrupts/s", "RX interrupt rate", LOWER, 0,
	    0, MEASURE, "RX interrupts per second in the measurement window"),
	DBL("polls_per_s", 0, "polls/s", "poll rate", NEITHER, 0, 0, MEASURE,
	    "polls per second in the measurement window"),
	U64("moderation_changes", "changes", "moderation changes", NEITHER,
	    0, 0, "models/mitigation/itr.c, models/mitigation/dim.c",
	    "ITR or DIM moderation changes applied"),
	U64("rx_missed_errors", "frames", "dropped by the NIC", LOWER, 0,
	    5, NETDEV, "frames dropped by the NIC: no free RX descriptor"),
	U64("tx_dropped", "frames", "dropped at a TX ring", LOWER, 0, 0,
	    NETDEV, "frames dropped because a TX ring was full"),
	U64("dropped", "frames", "dropped at the backlog", LOWER, 0, 12,
	    SOFTNET,
	    "softnet_stat dropped: the pre-NAPI backlog was over "
	    "netdev_max_backlog"),
	U64("time_squeeze", "times", "time squeezes", LOWER, 0, 13, SOFTNET,
	    "net_rx_action() ran out of budget or time (softnet_stat "
	    "column 3)"),
	U64("ksoftirqd_wakeups", "wakeups", "ksoftirqd wakeups", NEITHER, 0,
	    0, "models/core/softirq.c",
	    "times NET_RX was handed to a sleeping ksoftirqd"),
	U64("received_rps", "IPIs", "RPS IPIs taken", NEITHER, 0, 0,
	    "models/core/rps.c",
	    "softnet_stat received_rps, all CPUs: RPS IPIs that kicked a "
	    "CPU's backlog"),
	U64("processed", "frames", "processed", NEITHER, 0, 0,
	    SOFTNET, "softnet_stat processed, in frames: a GRO skb counts its every segment (counted by models/stack/stack.c)"),
	U64("skbs", "skbs", "skbs up the stack", LOWER, 0, 0, SOFTNET,
	    "skbs that went up the stack after GRO (__netif_receive_skb(): what the kernel's softnet_stat processed counts); each pays the stack's per-packet cycles once"),
	U64("gro_merged", "frames", "segments GRO merged", NEITHER, 0, 0,
	    "models/core/gro.c",
	    "TCP segments GRO merged into a held skb (they went up inside another segment's skb)"),
	U64("gro_flushes", "skbs", "GRO skbs completed", NEITHER, 0, 0,
	    "models/core/gro.c",
	    "skbs GRO held and then completed and passed up (napi_gro_complete()): by a segment that did not merge, a short segment, a full bucket, or a flush point (napi_complete_done(), a poll that used its weight, busy_poll_stop())"),
	U64("sk_drops", "frames", "dropped at the socket", LOWER, 0, 7,
	    "models/stack/sock.c",
	    "datagrams dropped at the socket (sk_rcvbuf full)"),
	U64("delivered", "frames", "delivered", HIGHER, 0, 0,
	    MACHINE,
	    "read by the application (rr: replies sent)"),
	U64("forwarded", "frames", "forwarded", HIGHER, 0, 0,
	    "models/stack/stack.c", "forwarded out of the second NIC"),
	U64("queued", "frames", "still queued", NEITHER, 0, 0, MACHINE,
	    "still in a ring, backlog or socket at the end"),
	U64("latency_p50_ns", "ns", "median latency", LOWER, RANK, 0,
	    MACHINE,
	    "median latency: last bit in on the wire to recvmsg() returning "
	    "it (rr: to the reply's last bit out; forwarding: to its last "
	    "bit out)"),
	U64("latency_p99_ns", "ns", "p99 latency", LOWER, RANK, 3,
	    MACHINE,
	    "99th percentile latency, as latency_p50_ns"),
	U64("latency_p999_ns", "ns", "p99.9 latency", LOWER, RANK, 0,
	    MACHINE,
	    "99.9th percentile latency, as latency_p50_ns"),
	U64("latency_max_ns", "ns", "maximum latency", LOWER, 0, 0,
	    MACHINE,
	    "largest latency, as latency_p50_ns"),
	U64("latency_burst_p99_ns", "ns", "burst-end p99 latency", LOWER, 0,
	    0, MACHINE, "99th percentile latency of bursts' last frames "
	    "([traffic] arrival=onoff; 0 otherwise): how long a whole burst "
	    "takes to get through"),
	U64("latency_burst_mean_ns", "ns", "burst-end mean latency", LOWER, 0,
	    0, MACHINE, "mean latency of bursts' last frames (arrival=onoff)"),
	U64("latency_mean_ns", "ns", "mean latency", LOWER, RANK, 0, MACHINE,
	    "mean latency, as latency_p50_ns (frames that arrived after "
	    "[measure] warmup_us count in every latency column)"),
	CPU_PCT("cpu%u_hardirq_pct", "hardirq", LOWER, COST, 0,
		"share of the measurement window CPU N spent in hard interrupt handlers"),
	CPU_PCT("cpu%u_softirq_pct", "softirq", LOWER, COST, 0,
		"share of the measurement window CPU N spent in softirq (NET_RX) on IRQ exit"),
	CPU_PCT("cpu%u_ksoftirqd_pct", "ksoftirqd", LOWER, COST, 0,
		"share of the measurement window CPU N spent in ksoftirqd/N"),
	CPU_PCT("cpu%u_app_pct", "application", NEITHER, COST, 0,
		"share of the measurement window CPU N spent in the application (recvmsg, its work, "
		"busy polling)"),
	CPU_PCT("cpu%u_napi_thread_pct", "NAPI thread", LOWER, COST, 0,
		"share of the measurement window CPU N spent in the threaded-NAPI kthread"),
	CPU_PCT("cpu%u_hog_pct", "CPU hog", NEITHER, 0, 0,
		"share of the measurement window CPU N spent in the CPU-bound batch job ([hog])"),
	CPU_PCT("cpu%u_idle_pct", "idle", NEITHER, 0, 6,
		"share of the measurement window CPU N was idle"),
	CPU_PCT("cpu_busy_pct", "busy, all CPUs", LOWER, 0, 0,
		"busy share of all CPUs together (one saturated CPU of 16 "
		"shows as 6 %)"),
	CPU_PCT("cpu_max_busy_pct", "busiest CPU busy", LOWER, 0, 8,
		"busy share of the measurement window of the busiest CPU, "
		"whichever it is (100 minus the least cpuN_idle_pct): one "
		"saturated CPU shows here while cpu_busy_pct averages it away"),
	DBL("rxq_max_share_pct", 2, "%", "busiest RX queue's share", LOWER,
	    0, 9, MACHINE,
	    "the busiest RX queue's share of the frames the receiving NIC "
	    "took off the wire: those RSS steered to the queue, cleaned "
	    "(rx_packets), still in its ring or dropped there "
	    "(rx_missed_errors); 100 with one queue, 100/N when RSS spreads "
	    "the flows evenly over N"),
	U64("out_of_order", "frames", "reordered frames", LOWER, 0, 14,
	    TRAFFIC, "frames that reached the socket or the output NIC after "
	    "a later frame of their flow (the flow detail table's "
	    "out_of_order, summed)"),
	U64("remote_wakeups", "wakeups", "cross-CPU wakeups", LOWER, 0, 15,
	    "sim/engine/cpu.c, " MACHINE,
	    "wakeups of a task on another CPU than the waker's (a reader "
	    "woken by the softirq of another CPU), as schedstats' "
	    "nr_wakeups_remote"),
	U64("ipis", "interrupts", "IPIs", LOWER, 0, 16,
	    "sim/engine/cpu.c, models/core/rps.c, " MACHINE,
	    "inter-processor interrupts, all CPUs: the reschedule IPIs that "
	    "wake an idle CPU for a task woken from another, and RPS's "
	    "backlog IPIs (received_rps)"),
	DBL("energy_j", 3, "J", "energy", LOWER, 0, 0,
	    MACHINE,
	    "Joules of all CPUs from SimGrid's energy plugin ([cpu] "
	    "idle_watts, busy_watts)"),
	DBL("power_w", 3, "W", "power", LOWER, 0, 0, MACHINE,
	    "average power of all CPUs"),
	DBL("energy_per_pkt_uj", 3, "µJ/frame", "energy per frame", LOWER,
	    RANK, 0, MACHINE, "energy_j per frame of tput"),
	DBL("sim_seconds", 6, "s", "simulated time", NEITHER, 0, 0,
	    MACHINE, "simulated time"),
	DBL("window_seconds", 6, "s", "measurement window", NEITHER, 0, 0,
	    MEASURE, "length of the measurement window the rates and CPU "
	    "shares are over ([measure] warmup_us, window)"),
	DBL("cpu_ns_per_pkt", 1, "ns/frame", "CPU time per frame", LOWER,
	    RANK, 0, MEASURE, "CPU time of the receive path (hardirq, "
	    "softirq, ksoftirqd, NAPI threads, the application; not a "
	    "[hog]) per frame done, in the measurement window; 0 if none "
	    "was (compare ranks that as an infinite cost)"),
	{ "latency_hist", SIM_COL_STR, 0, "", "latency histogram", NEITHER,
	  0, 0, MACHINE,
	  "digest of the whole latency histogram (equal digests, equal "
	  "histograms)" },
	U64("warnings", "warnings", "model warnings", LOWER, 0, 0, MACHINE,
	    "broken model invariants (SIM_WARN_ON_ONCE; should be 0)"),
	{ "conservation", SIM_COL_BOOL, 0, "", "conservation", HIGHER, 0, 0,
	  MACHINE, "true when offered = tput + every drop + queued" },
	U64("sg_calls", "calls", "SimGrid calls", NEITHER, DIAG, 0,
	    MACHINE, "SimGrid calls the run made"),
	U64("events", "events", "events", NEITHER, DIAG, 0,
	    MACHINE, "events the run processed"),
	DBL("wall_seconds", 3, "s", "wall time", NEITHER,
	    DIAG | SIM_COLUMN_VOLATILE, 0, MACHINE,
	    "wall-clock time of the run"),
	{ NULL }
};

/*
 * Values of scenario keys that select a mode rather than give a quantity:
 * e1000's InterruptThrottleRate (drivers/net/ethernet/intel/e1000/
 * e1000_param.c) is a rate in interrupts/s except for these.
 */
static const struct {
	const char *key, *value, *name;
} value_names[] = {
	{ "nic.interrupt_throttle_rate", "0", "off" },
	{ "nic.interrupt_throttle_rate", "1", "dynamic" },
	{ "nic.interrupt_throttle_rate", "3", "dynamic conservative" },
	{ "nic.interrupt_throttle_rate", "4", "simplified" },
};

/**
 * sim_key_value_name() - what a mode-selecting key's value stands for.
 * @key: "group.key"
 * @value: its value as text
 *
 * Return: the mode's name, or NULL when @value is a plain quantity.
 */
const char *sim_key_value_name(const char *key, const char *value)
{
	for (guint i = 0; i < G_N_ELEMENTS(value_names); i++)
		if (strcmp(value_names[i].key, key) == 0 &&
		    strcmp(value_names[i].value, value) == 0)
			return value_names[i].name;
	return NULL;
}

/* @name matches per-CPU pattern @pat ("cpu%u_x"): *cpu gets the number. */
static gboolean match_cpu(const char *pat, const char *name, int *cpu)
{
	const char *at = strstr(pat, "%u");
	size_t pre = at - pat;
	const char *digits = name + pre, *end = digits;
	guint64 v;

	if (strncmp(pat, name, pre) != 0)
		return FALSE;
	while (g_ascii_isdigit(*end))
		end++;
	/* "cpu0", "cpu12"; never "cpu" or "cpu01" */
	if (end == digits || (*digits == '0' && end - digits > 1) ||
	    strcmp(end, at + 2) != 0 || end - digits > 4)
		return FALSE;
	v = g_ascii_strtoull(digits, NULL, 10);
	*cpu = (int)v;
	return TRUE;
}

/**
 * sim_column_per_cpu() - whether @c is a per-CPU pattern.
 * @c: entry
 *
 * Return: TRUE when its name holds "%u".
 */
gboolean sim_column_per_cpu(const struct sim_column *c)
{
	return strstr(c->name, "%u") != NULL;
}

/**
 * sim_column_find() - the declaration of an output column.
 * @name: a column name ("tput", "cpu3_softirq_pct")
 * @cpu: if not NULL, set to the CPU of a per-CPU column, else -1
 *
 * Return: the entry, or NULL for a name not declared.
 */
const struct sim_column *sim_column_find(const char *name, int *cpu)
{
	int n = -1;

	if (cpu)
		*cpu = -1;
	for (const struct sim_column *c = sim_columns; c->name; c++) {
		if (sim_column_per_cpu(c) ? match_cpu(c->name, name, &n)
					  : strcmp(c->name, name) == 0) {
			if (cpu)
				*cpu = n;
			return c;
		}
	}
	return NULL;
}

/**
 * sim_column_name() - a column's name for CPU @cpu.
 * @c: entry
 * @cpu: the CPU, for a per-CPU entry; ignored otherwise
 *
 * Return: the name (free with g_free()).
 */
char *sim_column_name(const struct sim_column *c, guint cpu)
{
	const char *at = strstr(c->name, "%u");

	if (!at)
		return g_strdup(c->name);
	return g_strdup_printf("%.*s%u%s", (int)(at - c->name), c->name, cpu,
			       at + 2);
}

/**
 * sim_column_display_name() - the name as the docs write it.
 * @c: entry
 *
 * Return: "cpuN_softirq_pct" for a per-CPU pattern, else the name (free
 * with g_free()).
 */
char *sim_column_display_name(const struct sim_column *c)
{
	const char *at = strstr(c->name, "%u");

	if (!at)
		return g_strdup(c->name);
	return g_strdup_printf("%.*sN%s", (int)(at - c->name), c->name,
			       at + 2);
}

/**
 * sim_column_is_key() - whether @name is a key column.
 * @name: column name
 *
 * Return: TRUE for "group.key" (a varied scenario key).
 */
gboolean sim_column_is_key(const char *name)
{
	return strchr(name, '.') != NULL;
}

/**
 * sim_column_key_param() - the scenario key a key column holds.
 * @name: "group.key"
 * @ops: if not NULL, set to the key's model (NULL when there is none)
 *
 * Return: the key's entry in its model's params table, or NULL.
 */
const struct sim_param *sim_column_key_param(const char *name,
					     const struct sim_model_ops **ops)
{
	const char *dot = strrchr(name, '.');
	g_autofree char *group = dot ? g_strndup(name, dot - name) : NULL;
	const struct sim_model_ops *m = group ? sim_model_find(group) : NULL;

	if (ops)
		*ops = m;
	return m ? sim_param_find(m->params, dot + 1) : NULL;
}

/**
 * sim_column_dir_name() - which way is better, in a word.
 * @dir: direction
 *
 * Return: "higher", "lower" or "".
 */
const char *sim_column_dir_name(enum sim_column_dir dir)
{
	switch (dir) {
	case SIM_COLUMN_HIGHER_BETTER:
		return "higher";
	case SIM_COLUMN_LOWER_BETTER:
		return "lower";
	case SIM_COLUMN_NEITHER:
		break;
	}
	return "";
}

/* Levenshtein distance. */
static guint edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	g_autofree guint *row = g_new(guint, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			guint up = row[j];
			guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1),
				     diag + cost);
			diag = up;
		}
	}
	return row[lb];
}

/**
 * sim_closest_name() - the candidate closest to a misspelt @word.
 * @word: what was given
 * @cands: candidates (char *)
 *
 * Return: the closest candidate at most a third of @word's length (and
 * at least one edit) away, or NULL; not a copy.
 */
const char *sim_closest_name(const char *word, GPtrArray *cands)
{
	const char *best = NULL;
	guint best_d = G_MAXUINT;

	for (guint i = 0; i < cands->len; i++) {
		guint d = edit_distance(word, cands->pdata[i]);

		if (d < best_d) {
			best_d = d;
			best = cands->pdata[i];
		}
	}
	if (best && best_d <= MAX(1u, (guint)strlen(word) / 3))
		return best;
	return NULL;
}
