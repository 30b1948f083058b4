/*
 * models/workload/test-capture.h - the captures the project makes: the
 * frames of scenarios/traffic/replay.pcap (written by
 * models/workload/mkcapture, checked by models/workload/source-test),
 * and a writer of hand-made captures.  Test code: not in the libraries.
 */
#ifndef MODELS_WORKLOAD_TEST_CAPTURE_H
#define MODELS_WORKLOAD_TEST_CAPTURE_H

#include <stdint.h>
#include <glib.h>

/* one frame of a capture, as pcap_dump() writes it */
struct cap_frame {
	uint64_t ts_ns;		/* timestamp */
	uint32_t len;		/* on the wire, without FCS */
	uint32_t caplen;	/* bytes kept (len cut to the snaplen) */
	uint8_t data[128];	/* the first caplen bytes (caplen <= 128) */
};

/* scenarios/traffic/replay.pcap: its snaplen, and how many frames */
#define REPLAY_SNAPLEN 96
#define REPLAY_FRAMES 1000

/**
 * replay_capture_frames() - the frames of scenarios/traffic/replay.pcap,
 * made from a fixed seed (doc/traffic.md says what they are).
 * Return: REPLAY_FRAMES frames (g_array_unref()).
 */
GArray *replay_capture_frames(void);

/**
 * cap_udp4() - an Ethernet/IPv4/UDP frame of @len bytes (without FCS)
 * from @saddr:@sport to @daddr:@dport; @proto 6 makes it TCP, and
 * @frag_off other than 0 an IP fragment (the IPv4 field, host order).
 * Only the first @snaplen bytes are kept.
 */
struct cap_frame cap_ipv4(uint64_t ts_ns, uint32_t len, uint8_t proto,
			  uint32_t saddr, uint16_t sport, uint32_t daddr,
			  uint16_t dport, uint16_t frag_off,
			  uint32_t snaplen);

/** cap_ether() - a frame of EtherType @type that is not IPv4. */
struct cap_frame cap_ether(uint64_t ts_ns, uint32_t len, uint16_t type,
			   uint32_t snaplen);

/**
 * cap_write() - write @frames to @path with libpcap (pcap_open_dead(),
 * pcap_dump()): link type @dlt, timestamps in microseconds, or in
 * nanoseconds if @nano.
 * Return: FALSE with @error if it cannot.
 */
gboolean cap_write(const char *path, GArray *frames, int dlt,
		   uint32_t snaplen, gboolean nano, GError **error);

#endif /* MODELS_WORKLOAD_TEST_CAPTURE_H */
