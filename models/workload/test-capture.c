/*
 * models/workload/test-capture.c - the captures the project makes
 * (models/workload/test-capture.h).
 *
 * scenarios/traffic/replay.pcap is 1000 frames arriving at a server
 * (192.168.0.1) on a 10 GbE port, made from a fixed seed by a small
 * xorshift64* generator (Vigna, "An experimental exploration of
 * Marsaglia's xorshift generators, scrambled", ACM TOMS 42(4), 2016), so
 * that any libc and GLib make the same frames:
 *
 *   - 3 inbound TCP bulk transfers (10.1.0.1-3 to port 5001): bursts of
 *     4-16 full 1514-byte segments back to back, one burst per flow
 *     every ~100 us (a window per round trip);
 *   - 2 TCP flows of pure ACKs (66 bytes) of outbound transfers, every
 *     ~20 us (exponential);
 *   - 8 UDP DNS-like clients (10.2.0.1-8 to port 53), 80-150 bytes, a
 *     Poisson stream of mean gap 25 us over them;
 *   - 1 UDP RTP-like stream (214 bytes every 20 us exactly);
 *   - ICMP echo requests (98 bytes) every 250 us;
 *   - a 2000-byte UDP datagram every 400 us, as two IP fragments (1514
 *     and 586 bytes), which hash on their addresses alone;
 *   - ARP requests (42 bytes captured as sent, padded to 60 on the wire)
 *     every 500 us, and an IPv6 frame (86 bytes) every 700 us.
 *
 * The snaplen is 96 bytes, so every frame longer than that is captured
 * cut (caplen 96): the replay must take its wire time from its original
 * length.  Timestamps are in microseconds, from 1700000000 s.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <pcap/pcap.h>

#include "models/workload/test-capture.h"

struct xs {
	uint64_t s;
};

static uint64_t xs_next(struct xs *x)
{
	x->s ^= x->s >> 12;
	x->s ^= x->s << 25;
	x->s ^= x->s >> 27;
	return x->s * 0x2545f4914f6cdd1dULL;
}

/* uniform in [0, 1) */
static double xs_unit(struct xs *x)
{
	return (double)(xs_next(x) >> 11) / 9007199254740992.0;
}

static uint32_t xs_range(struct xs *x, uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(xs_unit(x) * (hi - lo + 1));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* destination 02:00:00:00:00:01; the source's last bytes from @src */
static void ether(uint8_t *f, uint32_t src, uint16_t type)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 1 };

	memcpy(f, dst, 6);
	f[6] = 2;
	f[7] = 0;
	put32(f + 8, src);
	put16(f + 12, type);
}

static uint16_t ip_checksum(const uint8_t *h)
{
	uint32_t sum = 0;

	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

struct cap_frame cap_ipv4(uint64_t ts_ns, uint32_t len, uint8_t proto,
			  uint32_t saddr, uint16_t sport, uint32_t daddr,
			  uint16_t dport, uint16_t frag_off, uint32_t snaplen)
{
	struct cap_frame c = { .ts_ns = ts_ns, .len = len };
	uint8_t f[14 + 60 + 20 + 64] = { 0 };
	uint8_t *ip = f + 14, *l4 = ip + 20;

	ether(f, saddr, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(len - 14));
	put16(ip + 4, (uint16_t)(saddr ^ ts_ns));	/* an id */
	put16(ip + 6, frag_off);
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, saddr);
	put32(ip + 16, daddr);
	put16(ip + 10, ip_checksum(ip));
	if (!(frag_off & 0x1fff)) {
		put16(l4, sport);
		put16(l4 + 2, dport);
		if (proto == 17) {
			put16(l4 + 4, (uint16_t)(len - 34));
		} else if (proto == 6) {
			put32(l4 + 4, (uint32_t)ts_ns);		/* seq */
			put32(l4 + 8, 1);			/* ack */
			l4[12] = 5 << 4;
			l4[13] = 0x10;				/* ACK */
			put16(l4 + 14, 65535);
		} else if (proto == 1) {
			l4[0] = 8;				/* echo */
			l4[1] = 0;
		}
	}
	c.caplen = MIN(MIN(len, snaplen), (uint32_t)sizeof(c.data));
	memcpy(c.data, f, MIN(c.caplen, (uint32_t)sizeof(f)));
	return c;
}

struct cap_frame cap_ether(uint64_t ts_ns, uint32_t len, uint16_t type,
			   uint32_t snaplen)
{
	struct cap_frame c = { .ts_ns = ts_ns, .len = len };
	uint8_t f[128] = { 0 };

	ether(f, 0x0a000063, type);
	if (type == 0x0806) {		/* who has 192.168.0.1 */
		put16(f + 14, 1);
		put16(f + 16, 0x0800);
		f[18] = 6;
		f[19] = 4;
		put16(f + 20, 1);
		put32(f + 28, 0x0a000063);
		put32(f + 38, 0xc0a80001);
	} else if (type == 0x86dd) {
		f[14] = 0x60;
		put16(f + 18, (uint16_t)(len - 54));
		f[20] = 17;
		f[21] = 64;
	}
	c.caplen = MIN(MIN(len, snaplen), (uint32_t)sizeof(c.data));
	memcpy(c.data, f, c.caplen);
	return c;
}

/* ordered by time, then by the order they were made */
struct made {
	struct cap_frame f;
	uint32_t seq;
};

static int made_cmp(gconstpointer a, gconstpointer b)
{
	const struct made *x = a, *y = b;

	if (x->f.ts_ns != y->f.ts_ns)
		return x->f.ts_ns < y->f.ts_ns ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

GArray *replay_capture_frames(void)
{
	const uint64_t t0 = 1700000000ULL * 1000000000ULL, span = 3000000;
	const uint32_t server = 0xc0a80001, snap = REPLAY_SNAPLEN;
	g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(struct made));
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct cap_frame));
	struct xs x = { 0x6e617069736d3134ULL };	/* "napism14" */
	uint32_t seq = 0;
	double t;

#define ADD(frame) do { \
		struct made m_ = { .f = (frame), .seq = seq++ }; \
		m_.f.ts_ns = t0 + m_.f.ts_ns / 1000 * 1000; /* us */ \
		g_array_append_val(all, m_); \
	} while (0)

	/* TCP bulk: a burst of 4-16 segments per flow per ~100 us */
	for (uint32_t k = 0; k < 3; k++) {
		for (t = xs_unit(&x) * 100000; t < span;
		     t += 80000 + xs_unit(&x) * 40000) {
			uint32_t n = xs_range(&x, 4, 16);

			for (uint32_t i = 0; i < n; i++)
				ADD(cap_ipv4((uint64_t)(t + i * 1230.4), 1514,
					     6, 0x0a010001 + k,
					     (uint16_t)(40001 + k), server,
					     5001, 0, snap));
		}
	}
	/* TCP ACKs of outbound transfers */
	for (uint32_t k = 0; k < 2; k++)
		for (t = 0; (t += -20000 * log1p(-xs_unit(&x))) < span;)
			ADD(cap_ipv4((uint64_t)t, 66, 6, 0x0a010004 + k,
				     (uint16_t)(50001 + k), server, 80, 0,
				     snap));
	/* DNS-like requests from 8 clients */
	for (t = 0; (t += -25000 * log1p(-xs_unit(&x))) < span;) {
		uint32_t c = xs_range(&x, 0, 7);

		ADD(cap_ipv4((uint64_t)t, xs_range(&x, 80, 150), 17,
			     0x0a020001 + c, (uint16_t)(20000 + 97 * c),
			     server, 53, 0, snap));
	}
	/* RTP-like: 214 bytes every 20 us */
	for (t = 7000; t < span; t += 20000)
		ADD(cap_ipv4((uint64_t)t, 214, 17, 0x0a030001, 16384, server,
			     16384, 0, snap));
	/* ICMP echo requests */
	for (t = 31000; t < span; t += 250000)
		ADD(cap_ipv4((uint64_t)t, 98, 1, 0x0a040001, 0, server, 0, 0,
			     snap));
	/* a 2000-byte UDP datagram in two fragments: MF, then offset 185 */
	for (t = 53000; t < span; t += 400000) {
		ADD(cap_ipv4((uint64_t)t, 1514, 17, 0x0a050001, 7000, server,
			     7000, 0x2000, snap));
		ADD(cap_ipv4((uint64_t)t + 1230, 586, 17, 0x0a050001, 7000,
			     server, 7000, 185, snap));
	}
	/* ARP and IPv6 */
	for (t = 97000; t < span; t += 500000)
		ADD(cap_ether((uint64_t)t, 42, 0x0806, snap));
	for (t = 141000; t < span; t += 700000)
		ADD(cap_ether((uint64_t)t, 86, 0x86dd, snap));
#undef ADD

	g_array_sort(all, made_cmp);
	for (guint i = 0; i < MIN(all->len, (guint)REPLAY_FRAMES); i++)
		g_array_append_val(out, g_array_index(all, struct made, i).f);
	g_assert(out->len == REPLAY_FRAMES);
	return out;
}

gboolean cap_write(const char *path, GArray *frames, int dlt,
		   uint32_t snaplen, gboolean nano, GError **error)
{
	pcap_t *p = pcap_open_dead_with_tstamp_precision(
		dlt, (int)snaplen, nano ? PCAP_TSTAMP_PRECISION_NANO :
					  PCAP_TSTAMP_PRECISION_MICRO);
	pcap_dumper_t *d;

	if (!p) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			    "pcap_open_dead failed");
		return FALSE;
	}
	d = pcap_dump_open(p, path);
	if (!d) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s",
			    pcap_geterr(p));
		pcap_close(p);
		return FALSE;
	}
	for (guint i = 0; i < frames->len; i++) {
		const struct cap_frame *f = &g_array_index(frames,
							   struct cap_frame, i);
		struct pcap_pkthdr h = {
			.ts.tv_sec = (time_t)(f->ts_ns / 1000000000u),
			.ts.tv_usec = (suseconds_t)(f->ts_ns % 1000000000u /
						    (nano ? 1 : 1000)),
			.caplen = f->caplen, .len = f->len,
		};

		pcap_dump((u_char *)d, &h, f->data);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return TRUE;
}
