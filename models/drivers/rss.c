/*
 * models/drivers/rss.c - Receive Side Scaling: the Toeplitz hash and the
 * indirection table; see models/drivers/rss.h.
 *
 * The hash is the Toeplitz hash of Microsoft's RSS specification ("RSS
 * hashing functions", "Verifying the RSS hash calculation"), which the
 * NICs implement in hardware (mlx5: the TIR's rx_hash_toeplitz_key and
 * rx_hash_field_selector, drivers/net/ethernet/mellanox/mlx5/core/en/
 * tir.c; ice, i40e, ixgbe alike): its input is the source address, the
 * destination address, the source port and the destination port, in
 * network byte order.  The queue is the indirection table's entry at the
 * hash's low bits (mlx5's RQT of MLX5E_INDIR_RQT_SIZE entries).
 *
 * The table is filled as ethtool -X fills it (ethtool.c
 * fill_indir_table(): "equal N" round robin over N queues, "weight ..."
 * in proportion, entry i going to the first queue j whose cumulative
 * weight share passes i), or as the driver does by default
 * (ethtool_rxfh_indir_default() in include/linux/ethtool.h; mlx5e:
 * mlx5e_rss_params_indir_init_uniform()).
 *
 * Left out: IPv6, the symmetric-xor hash function, RSS contexts, and
 * the "start" offset of ethtool -X.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/drivers/rss.h"

uint32_t toeplitz_hash(const uint8_t *key, size_t key_len,
		       const uint8_t *data, size_t len)
{
	/* the 32 key bits lined up with the current input bit */
	uint32_t v = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 |
		     (uint32_t)key[2] << 8 | key[3];
	uint32_t hash = 0;

	g_assert(key_len >= len + 4);
	for (size_t i = 0; i < len; i++) {
		for (int b = 7; b >= 0; b--) {
			if (data[i] >> b & 1)
				hash ^= v;
			v = v << 1 | (uint32_t)(key[i + 4] >> b & 1);
		}
	}
	return hash;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

uint32_t rss_hash_ipv4(const uint8_t key[RSS_HASH_KEY_SIZE], int fields,
		       uint32_t saddr, uint32_t daddr, uint16_t sport,
		       uint16_t dport)
{
	uint8_t in[12];

	put_be32(in, saddr);
	put_be32(in + 4, daddr);
	in[8] = sport >> 8;
	in[9] = sport & 0xff;
	in[10] = dport >> 8;
	in[11] = dport & 0xff;
	return toeplitz_hash(key, RSS_HASH_KEY_SIZE, in,
			     fields == RSS_HASH_SD ? 8 : 12);
}

/* a whole non-negative decimal number, below 2^31 */
static bool parse_uint(const char *s, uint32_t *out)
{
	char *end;
	guint64 v;

	if (!g_ascii_isdigit(*s))
		return false;
	v = g_ascii_strtoull(s, &end, 10);
	if (*end || v > G_MAXINT32)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool indir_error(GError **error, const char *fmt, ...)
	G_GNUC_PRINTF(2, 3);

static bool indir_error(GError **error, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
		    "rss_indir: %s", msg);
	return false;
}

bool rss_indir_fill(uint32_t indir[RSS_INDIR_SIZE], const char *spec,
		    uint32_t n_queues, GError **error)
{
	g_auto(GStrv) w = g_strsplit_set(spec, " \t", -1);
	g_autoptr(GPtrArray) words = g_ptr_array_new();
	uint32_t n, sum = 0, partial = 0;
	g_autofree uint32_t *weight = NULL;
	int j = -1;

	for (guint i = 0; w[i]; i++)
		if (*w[i])
			g_ptr_array_add(words, w[i]);
	if (words->len == 1 && strcmp(words->pdata[0], "default") == 0) {
		for (uint32_t i = 0; i < RSS_INDIR_SIZE; i++)
			indir[i] = ethtool_rxfh_indir_default(i, n_queues);
		return true;
	}
	if (words->len == 2 && strcmp(words->pdata[0], "equal") == 0) {
		if (!parse_uint(words->pdata[1], &n) || !n)
			return indir_error(error, "equal takes a number of queues, got \"%s\"",
					   (char *)words->pdata[1]);
		if (n > n_queues)
			return indir_error(error, "equal %u names queue %u, but channels=%u (queues 0..%u)",
					   n, n - 1, n_queues, n_queues - 1);
		for (uint32_t i = 0; i < RSS_INDIR_SIZE; i++)
			indir[i] = i % n;
		return true;
	}
	if (words->len < 2 || strcmp(words->pdata[0], "weight") != 0)
		return indir_error(error, "expected \"default\", \"equal N\" or \"weight W0 W1 ...\" (ethtool -X), got \"%s\"",
				   spec);
	n = words->len - 1;
	weight = g_new(uint32_t, n);
	for (uint32_t k = 0; k < n; k++) {
		if (!parse_uint(words->pdata[k + 1], &weight[k]))
			return indir_error(error, "weight %u is \"%s\", not a number",
					   k, (char *)words->pdata[k + 1]);
		sum += weight[k];
		if (sum > RSS_INDIR_SIZE)
			break;
	}
	if (!sum)
		return indir_error(error, "at least one weight must be non-zero");
	if (sum > RSS_INDIR_SIZE)
		return indir_error(error, "total weight exceeds the size of the indirection table (%u)",
				   RSS_INDIR_SIZE);
	for (uint32_t i = 0; i < RSS_INDIR_SIZE; i++) {
		while ((uint64_t)i >= (uint64_t)RSS_INDIR_SIZE * partial / sum)
			partial += weight[++j];
		if ((uint32_t)j >= n_queues)
			return indir_error(error, "weight %u gives entries to queue %d, but channels=%u (queues 0..%u)",
					   weight[j], j, n_queues,
					   n_queues - 1);
		indir[i] = (uint32_t)j;
	}
	return true;
}

bool rss_key_parse(const char *text, uint8_t key[RSS_HASH_KEY_SIZE],
		   GError **error)
{
	const char *p = text;

	for (int i = 0; i < RSS_HASH_KEY_SIZE; i++) {
		int hi = g_ascii_xdigit_value(p[0]);
		int lo = hi < 0 ? -1 : g_ascii_xdigit_value(p[1]);

		if (lo < 0 || (i < RSS_HASH_KEY_SIZE - 1 ? p[2] != ':' :
			       p[2] != '\0')) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "rss_key: expected %d bytes as two hex digits each, separated by colons (ethtool -X hkey), at byte %d",
				    RSS_HASH_KEY_SIZE, i + 1);
			return false;
		}
		key[i] = (uint8_t)(hi << 4 | lo);
		p += 3;
	}
	return true;
}
