/*
 * models/workload/traffic.h - the offered load: the frames that arrive
 * on the receiving device's port.
 */
#ifndef MODELS_WORKLOAD_TRAFFIC_H
#define MODELS_WORKLOAD_TRAFFIC_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/engine/time.h"

struct sk_buff;
struct traffic;

/*
 * [traffic] arrival: the index of a source in TRAFFIC_SOURCES
 * (models/workload/source.c); the first two are fixed, the others are
 * found by name (traffic_source_index()).
 */
enum traffic_arrival { TRAFFIC_CONSTANT, TRAFFIC_POISSON };

/* a random length or duration: on/off bursts and gaps */
enum traffic_dist {
	TRAFFIC_DIST_EXPONENTIAL,	/* memoryless (geometric in frames) */
	TRAFFIC_DIST_PARETO,		/* heavy tail of shape alpha > 1 */
};

/* how a capture's timestamps are replayed */
enum traffic_pcap_timing {
	TRAFFIC_PCAP_RECORDED,		/* as recorded, sped up by pcap_speed */
	TRAFFIC_PCAP_RATE,		/* rescaled to a mean of rate_pps */
};

/* arrival=closed: the clients' think time */
enum traffic_think {
	TRAFFIC_THINK_FIXED,
	TRAFFIC_THINK_EXPONENTIAL,
};

/* which flow each frame belongs to */
enum traffic_flow_dist {
	TRAFFIC_FLOWS_UNIFORM,		/* every flow equally likely */
	TRAFFIC_FLOWS_ZIPF,		/* flow k (from 0) ~ 1 / (k + 1)^s */
};

struct traffic_cfg {			/* [traffic] */
	uint64_t rate_pps;		/* offered, capped at line rate */
	uint64_t packets;		/* at most this many; 0: no limit */
	uint64_t duration_us;		/* none at or after; 0: no limit */
	uint32_t size;			/* frame bytes, without FCS */
	int arrival;			/* enum traffic_arrival */
	uint64_t seed;
	uint32_t line_rate_mbps;
	uint32_t flows;			/* 5-tuples */
	char flow_list[SIM_PARAM_STRLEN];	/* listed 5-tuples, or "" */
	int flow_dist;			/* enum traffic_flow_dist */
	double zipf_s;			/* zipf exponent */
	/* frame sizes: size, or a mix (models/workload/sizes.h) */
	char sizes[SIM_PARAM_STRLEN];	/* "imix", "64:7,576:4,1500:1" */
	char size_table[SIM_PARAM_STRLEN];	/* "SIZE WEIGHT" file */
	char flow_sizes[SIM_PARAM_STRLEN];	/* a mix per flow, '/' */
	/* arrival=onoff */
	double burst_frames;		/* mean frames per burst */
	int burst_dist;			/* enum traffic_dist */
	double burst_shape;		/* pareto alpha */
	int gap_dist;			/* enum traffic_dist */
	double gap_shape;		/* pareto alpha */
	uint64_t burst_rate_pps;	/* within a burst; 0: line rate */
	/* arrival=closed: request/response clients */
	uint32_t connections;		/* each one flow */
	uint32_t outstanding;		/* requests in flight per connection */
	uint64_t think_us;		/* after a reply, before the next */
	int think_dist;			/* enum traffic_think */
	/* arrival=mmpp */
	char mmpp_rates[SIM_PARAM_STRLEN];	/* relative, per state */
	char mmpp_sojourn_us[SIM_PARAM_STRLEN];	/* mean, per state */
	char mmpp_next[SIM_PARAM_STRLEN];	/* jump matrix, or "" */
	/* arrival=schedule */
	char schedule[SIM_PARAM_STRLEN];	/* "T_US:FACTOR,T_US:~FACTOR" */
	int schedule_arrival;		/* enum traffic_arrival: 0 or 1 */
	/* arrival=pcap */
	char pcap[SIM_PARAM_STRLEN];	/* the capture */
	int pcap_timing;		/* enum traffic_pcap_timing */
	double pcap_speed;		/* recorded: gaps divided by this */
	uint32_t pcap_loops;		/* times replayed; 0: until a limit */
	/* arrival=bulk */
	uint32_t bulk_burst;		/* segments of a flow in a row */
};

/*
 * A flow's 5-tuple, host byte order (the fields of struct flow_keys in
 * include/net/flow_dissector.h that RSS hashes: addrs.v4addrs, ports,
 * basic.ip_proto).
 */
struct flow_keys {
	uint32_t saddr, daddr;		/* IPv4 */
	uint16_t sport, dport;
	uint8_t ip_proto;		/* 17: IPPROTO_UDP */
	/* basic.n_proto: the EtherType; 0 is IPv4 too (ETH_P_IP).  A
	 * frame that is not IPv4 (a capture's) has zero addresses and
	 * ports, and its flow is its EtherType. */
	uint16_t n_proto;
};

/**
 * traffic_new() - the arrival process of @cfg (which must outlive it);
 * @cfg must be good (traffic_cfg_check(), or built by hand for a
 * generated load).
 */
struct traffic *traffic_new(const struct traffic_cfg *cfg);

/**
 * traffic_new_full() - as traffic_new(), or NULL with @error when the
 * load cannot be built (a capture that cannot be read).
 */
struct traffic *traffic_new_full(const struct traffic_cfg *cfg,
				 GError **error);
void traffic_free(struct traffic *t);

/**
 * traffic_wire_ps() - time a @size-byte frame (without FCS) takes on a
 * @line_rate_mbps wire, with FCS, preamble and inter-frame gap.
 */
sim_time_t traffic_wire_ps(uint32_t line_rate_mbps, uint32_t size);

/**
 * traffic_mean_wire_ps() - traffic_wire_ps() of frames @mean_len bytes
 * long on average (not rounded to the picosecond).
 */
double traffic_mean_wire_ps(uint32_t line_rate_mbps, double mean_len);

/**
 * traffic_peek() - arrival time (last bit received) of the next frame, or
 * SIM_TIME_NEVER when the load is over.
 */
sim_time_t traffic_peek(const struct traffic *t);

/**
 * traffic_pop() - the next frame has arrived: fill @skb with it (arrival
 * and length) and move to the one after.
 */
void traffic_pop(struct traffic *t, struct sk_buff *skb);

/** traffic_rate_pps() - the offered rate, after the line-rate cap. */
double traffic_rate_pps(const struct traffic *t);

/**
 * traffic_mean_len() - the mean frame size of the load: the size, the
 * mix's expectation, or the capture's mean (the psize column).
 */
double traffic_mean_len(const struct traffic *t);

/**
 * traffic_cfg_nflows() - how many flows a generated load of @cfg has: its
 * connections (a closed loop), the flows of flow_list, or flows (at
 * least 1).
 */
uint32_t traffic_cfg_nflows(const struct traffic_cfg *cfg);

/**
 * traffic_cfg_offered_end() - when the offered load of @cfg nominally
 * ends: packets / rate (after the line-rate cap), or duration_us if that
 * comes first; a source may say otherwise (a schedule, a capture).  The
 * last arrival is within a gap of it (constant) or a few gaps (Poisson).
 */
sim_time_t traffic_cfg_offered_end(const struct traffic_cfg *cfg);

/**
 * traffic_reply() - the reply to a request of @flow reached its client at
 * @at (arrival=closed: the connection may send again).  Return: true if
 * the load's next arrival changed (the receiving device must look again).
 */
bool traffic_reply(struct traffic *t, uint32_t flow, sim_time_t at);

/**
 * traffic_flow_latency() - a frame of @flow had a latency of @ns (the
 * flow table's mean and largest).
 */
void traffic_flow_latency(struct traffic *t, uint32_t flow, uint64_t ns);

/** traffic_emitted() - frames that have arrived so far. */
uint64_t traffic_emitted(const struct traffic *t);

/** traffic_line_rate_mbps() - the speed of the wire. */
uint32_t traffic_line_rate_mbps(const struct traffic *t);

/** traffic_nr_flows() - how many flows the load is made of. */
uint32_t traffic_nr_flows(const struct traffic *t);

/** traffic_flow_keys() - the 5-tuple of flow @flow. */
const struct flow_keys *traffic_flow_keys(const struct traffic *t,
					  uint32_t flow);

/**
 * traffic_flow_list_parse() - the flows of a [traffic] flow_list value:
 * "SADDR:SPORT-DADDR:DPORT" (IPv4, UDP), separated by commas.
 * Return: the 5-tuples (g_array_unref()), or NULL with @error naming the
 * flow that does not parse.
 */
GArray *traffic_flow_list_parse(const char *text, GError **error);

/**
 * traffic_flow_received() - @skb of its flow reached netif_receive_skb():
 * count every frame it carries (a GRO skb's gso_segs), note the RX queue
 * its driver recorded and its hash.
 */
void traffic_flow_received(struct traffic *t, const struct sk_buff *skb);

/**
 * traffic_flow_delivered() - @skb reached the end of the host: the socket
 * (deliver) or the output device (forward), which took it if @taken.
 * Counts its every frame (seq, seq + 1, ... of a GRO skb) delivered, and
 * out of order if a later frame of its flow got there first.
 */
void traffic_flow_delivered(struct traffic *t, const struct sk_buff *skb,
			    bool taken);

#endif /* MODELS_WORKLOAD_TRAFFIC_H */
