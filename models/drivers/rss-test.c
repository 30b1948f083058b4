/*
 * models/drivers/rss-test.c - the Toeplitz hash against Microsoft's
 * published verification vectors, and the indirection table as ethtool
 * -X fills it.
 */
#include "config.h"

#include <glib.h>

#include "models/drivers/rss.h"

/*
 * "Verifying the RSS hash calculation" (Microsoft; the same suite is in
 * the Intel 82599 datasheet, 7.1.2.8.3): IPv4, with the verification key.
 * The input is source address, destination address, source port,
 * destination port.
 */
static const struct {
	uint8_t src[4], dst[4];
	uint16_t sport, dport;
	uint32_t ipv4;		/* addresses only */
	uint32_t ipv4_l4;	/* with ports (the table's "IPv4 with TCP") */
} ms_vectors[] = {
	{ { 66, 9, 149, 187 }, { 161, 142, 100, 80 }, 2794, 1766,
	  0x323e8fc2, 0x51ccc178 },
	{ { 199, 92, 111, 2 }, { 65, 69, 140, 83 }, 14230, 4739,
	  0xd718262a, 0xc626b0ea },
	{ { 24, 19, 198, 95 }, { 12, 22, 207, 184 }, 12898, 38024,
	  0xd2d0a5de, 0x5c2b394a },
	{ { 38, 27, 205, 30 }, { 209, 142, 163, 6 }, 48228, 2217,
	  0x82989176, 0xafc7327f },
	{ { 153, 39, 163, 191 }, { 202, 188, 127, 2 }, 44251, 1303,
	  0x5d1809c5, 0x10e828a2 },
};

static uint32_t addr(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	       (uint32_t)a[2] << 8 | a[3];
}

static void test_ms_vectors(void)
{
	uint8_t key[RSS_HASH_KEY_SIZE];

	g_assert_true(rss_key_parse(RSS_VERIFICATION_KEY, key, NULL));
	g_assert_cmphex(key[0], ==, 0x6d);
	g_assert_cmphex(key[39], ==, 0xfa);
	for (guint i = 0; i < G_N_ELEMENTS(ms_vectors); i++) {
		uint32_t s = addr(ms_vectors[i].src);
		uint32_t d = addr(ms_vectors[i].dst);

		g_assert_cmphex(rss_hash_ipv4(key, RSS_HASH_SD, s, d,
					      ms_vectors[i].sport,
					      ms_vectors[i].dport), ==,
				ms_vectors[i].ipv4);
		g_assert_cmphex(rss_hash_ipv4(key, RSS_HASH_SDFN, s, d,
					      ms_vectors[i].sport,
					      ms_vectors[i].dport), ==,
				ms_vectors[i].ipv4_l4);
	}
}

static void test_key(void)
{
	uint8_t key[RSS_HASH_KEY_SIZE];
	g_autoptr(GError) error = NULL;
	g_autofree char *zeros = NULL;
	GString *s = g_string_new(NULL);

	/* another key, another hash; all zeros hash everything to 0 */
	for (int i = 0; i < RSS_HASH_KEY_SIZE; i++)
		g_string_append_printf(s, "%s00", i ? ":" : "");
	zeros = g_string_free(s, FALSE);
	g_assert_true(rss_key_parse(zeros, key, NULL));
	g_assert_cmphex(rss_hash_ipv4(key, RSS_HASH_SDFN, 0x420995bb,
				      0xa18e6450, 2794, 1766), ==, 0);
	g_assert_false(rss_key_parse("6d:5a", key, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_key: expected 40 bytes as two hex digits each, separated by colons (ethtool -X hkey), at byte 2");
	g_clear_error(&error);
	g_assert_false(rss_key_parse(RSS_VERIFICATION_KEY ":00", key, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_key: expected 40 bytes as two hex digits each, separated by colons (ethtool -X hkey), at byte 40");
}

/* how many entries of @indir go to each of the first @n queues */
static void count_entries(const uint32_t *indir, uint32_t *per_queue,
			  uint32_t n)
{
	for (uint32_t q = 0; q < n; q++)
		per_queue[q] = 0;
	for (uint32_t i = 0; i < RSS_INDIR_SIZE; i++) {
		g_assert_cmpuint(indir[i], <, n);
		per_queue[indir[i]]++;
	}
}

static void test_indir(void)
{
	uint32_t indir[RSS_INDIR_SIZE], n[8];
	struct rss rss = { .fields = RSS_HASH_SDFN };
	g_autoptr(GError) error = NULL;

	/* default: round robin over every channel */
	g_assert_true(rss_indir_fill(indir, "default", 3, NULL));
	for (uint32_t i = 0; i < RSS_INDIR_SIZE; i++)
		g_assert_cmpuint(indir[i], ==, i % 3);
	/* equal 4 on 8 channels: queues 0..3 only, round robin */
	g_assert_true(rss_indir_fill(indir, "equal 4", 8, NULL));
	count_entries(indir, n, 8);
	for (uint32_t q = 0; q < 8; q++)
		g_assert_cmpuint(n[q], ==, q < 4 ? 32 : 0);
	g_assert_cmpuint(indir[5], ==, 1);
	/* the first MS vector's hash 0x51ccc178 takes entry 0x78 = 120 */
	g_assert_true(rss_indir_fill(rss.indir, "equal 4", 8, NULL));
	g_assert_cmpuint(rss_queue(&rss, 0x51ccc178), ==, 120 % 4);
	g_assert_cmpuint(rss_queue(&rss, 0xc626b0ea), ==, 0x6a % 4);

	/* weight 6 2: 128 x 6/8 = 96 entries, then 32 */
	g_assert_true(rss_indir_fill(indir, "weight 6 2", 2, NULL));
	count_entries(indir, n, 2);
	g_assert_cmpuint(n[0], ==, 96);
	g_assert_cmpuint(n[1], ==, 32);
	g_assert_cmpuint(indir[95], ==, 0);
	g_assert_cmpuint(indir[96], ==, 1);
	/* weight 1 2: entry i to the first queue whose share passes it:
	 * 128 x 1/3 = 42 entries, then 86 */
	g_assert_true(rss_indir_fill(indir, "weight 1 2", 2, NULL));
	count_entries(indir, n, 2);
	g_assert_cmpuint(n[0], ==, 42);
	g_assert_cmpuint(n[1], ==, 86);
	/* a zero weight skips its queue; trailing zeros name nothing */
	g_assert_true(rss_indir_fill(indir, "weight 0 1 1 0 0", 3, NULL));
	count_entries(indir, n, 3);
	g_assert_cmpuint(n[0], ==, 0);
	g_assert_cmpuint(n[1], ==, 64);
	g_assert_cmpuint(n[2], ==, 64);

	/* a queue the device does not have */
	g_assert_false(rss_indir_fill(indir, "equal 8", 4, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_indir: equal 8 names queue 7, but channels=4 (queues 0..3)");
	g_clear_error(&error);
	g_assert_false(rss_indir_fill(indir, "weight 1 1 1 1 1", 4, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_indir: weight 1 gives entries to queue 4, but channels=4 (queues 0..3)");
	g_clear_error(&error);
	g_assert_false(rss_indir_fill(indir, "weight 0 0", 4, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_indir: at least one weight must be non-zero");
	g_clear_error(&error);
	g_assert_false(rss_indir_fill(indir, "weight 100 29", 4, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_indir: total weight exceeds the size of the indirection table (128)");
	g_clear_error(&error);
	g_assert_false(rss_indir_fill(indir, "equal", 4, &error));
	g_assert_cmpstr(error->message, ==,
			"rss_indir: expected \"default\", \"equal N\" or \"weight W0 W1 ...\" (ethtool -X), got \"equal\"");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rss/toeplitz/microsoft-verification-vectors",
			test_ms_vectors);
	g_test_add_func("/rss/toeplitz/key-is-settable", test_key);
	g_test_add_func("/rss/indir/ethtool-equal-and-weight", test_indir);
	return g_test_run();
}
