/*
 * models/drivers/rss.h - Receive Side Scaling: the Toeplitz hash of a
 * frame's addresses (and ports), and the indirection table that maps the
 * hash to an RX queue, as a multi-queue NIC computes them and as ethtool
 * sets them (-X equal / weight / hkey, -N rx-flow-hash).
 *
 * Pure functions and a small struct: no engine, no machine.
 */
#ifndef MODELS_DRIVERS_RSS_H
#define MODELS_DRIVERS_RSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* MLX5E_RSS_TOEPLITZ_KEY_SIZE: ethtool -x shows it as the "RSS hash key" */
#define RSS_HASH_KEY_SIZE	40
/* MLX5E_INDIR_RQT_SIZE (BIT(MLX5E_LOG_INDIR_RQT_SIZE), 128 entries) */
#define RSS_INDIR_SIZE		128

/* what the hash covers: ethtool -N rx-flow-hash udp4 sd | sdfn */
enum rss_hash_fields {
	RSS_HASH_SDFN,		/* 4-tuple: addresses and ports */
	RSS_HASH_SD,		/* 2-tuple: addresses only */
};

/* one device's RSS context: its key, its table and what it hashes */
struct rss {
	uint8_t key[RSS_HASH_KEY_SIZE];
	uint32_t indir[RSS_INDIR_SIZE];	/* entry -> RX queue */
	int fields;			/* enum rss_hash_fields */
};

/*
 * The key of Microsoft's "Verifying the RSS hash calculation" (also the
 * Intel 82599 datasheet's verification suite), as ethtool hkey text.
 */
#define RSS_VERIFICATION_KEY \
	"6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:" \
	"ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa"

/**
 * toeplitz_hash() - the Toeplitz hash of @len bytes of @data under @key.
 * @key: at least @len + 4 bytes
 *
 * For every bit of @data set, most significant first, the 32 key bits
 * starting at that bit's position are XORed into the result.
 *
 * Return: the 32-bit hash.
 */
uint32_t toeplitz_hash(const uint8_t *key, size_t key_len,
		       const uint8_t *data, size_t len);

/**
 * rss_hash_ipv4() - the RSS hash of an IPv4 frame: over source address,
 * destination address, source port, destination port (network order),
 * or over the two addresses alone for RSS_HASH_SD.
 * Return: the hash the NIC writes to the completion (skb->hash).
 */
uint32_t rss_hash_ipv4(const uint8_t key[RSS_HASH_KEY_SIZE], int fields,
		       uint32_t saddr, uint32_t daddr, uint16_t sport,
		       uint16_t dport);

/**
 * rss_queue() - the RX queue of a frame whose hash is @hash: the table
 * entry indexed by the hash's low bits.
 */
static inline uint32_t rss_queue(const struct rss *rss, uint32_t hash)
{
	return rss->indir[hash & (RSS_INDIR_SIZE - 1)];
}

/**
 * ethtool_rxfh_indir_default() - the driver's default table entry
 * @index for @n_rx_rings queues (include/linux/ethtool.h): round robin.
 */
static inline uint32_t ethtool_rxfh_indir_default(uint32_t index,
						  uint32_t n_rx_rings)
{
	return index % n_rx_rings;
}

/**
 * rss_indir_fill() - fill @indir as ethtool -X sets it (ethtool's
 * fill_indir_table()): "default" (the driver's, round robin over
 * @n_queues), "equal N" (round robin over queues 0..N-1), or
 * "weight W0 W1 ..." (queue j gets a share W_j / sum of the entries, in
 * order).
 * Return: false with @error (naming the key rss_indir) if @spec does not
 * parse, its weights are all zero or exceed the table, or it names a
 * queue that @n_queues does not have.
 */
bool rss_indir_fill(uint32_t indir[RSS_INDIR_SIZE], const char *spec,
		    uint32_t n_queues, GError **error);

/**
 * rss_key_parse() - an ethtool -X hkey value: RSS_HASH_KEY_SIZE bytes of
 * two hex digits, separated by colons.
 * Return: false with @error (naming the key rss_key) if it does not parse.
 */
bool rss_key_parse(const char *text, uint8_t key[RSS_HASH_KEY_SIZE],
		   GError **error);

#endif /* MODELS_DRIVERS_RSS_H */
