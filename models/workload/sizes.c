/*
 * models/workload/sizes.c - frame size mixes (models/workload/sizes.h).
 *
 * A mix is a discrete distribution over frame sizes (bytes without FCS,
 * as [traffic] size and pktgen's pkt_size count them).  A frame's size
 * is drawn with Walker's alias method (Walker, "An efficient method for
 * generating discrete random variables with general distributions", ACM
 * TOMS 3(3), 1977; the table built as Vose, IEEE TSE 17(9), 1991): one
 * uniform number per frame, whatever the number of sizes.
 *
 * The "imix" preset is the "simple IMIX" of traffic generators: 7 frames
 * of 64 bytes, 4 of 576 and 1 of 1500 in every 12.  RFC 6985 (IMIX
 * Genome) says why no IMIX is standard and how to state one exactly; this
 * one is stated above.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/workload/sizes.h"
#include "models/workload/traffic.h"

#define IMIX "64:7,576:4,1500:1"

struct entry {
	uint32_t len;
	double weight;
	guint where;		/* entry number or line, for errors */
};

static int entry_cmp(gconstpointer a, gconstpointer b)
{
	const struct entry *x = a, *y = b;

	return (x->len > y->len) - (x->len < y->len);
}

/* Vose's alias table of @m->p */
static void build_alias(struct size_mix *m)
{
	uint32_t n = m->n, ns = 0, nl = 0;
	g_autofree double *scaled = g_new(double, n);
	g_autofree uint32_t *small = g_new(uint32_t, n);
	g_autofree uint32_t *large = g_new(uint32_t, n);

	m->cut = g_new(double, n);
	m->alias = g_new(uint32_t, n);
	for (uint32_t i = 0; i < n; i++) {
		scaled[i] = m->p[i] * n;
		if (scaled[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		uint32_t s = small[--ns], l = large[--nl];

		m->cut[s] = scaled[s];
		m->alias[s] = l;
		scaled[l] = scaled[l] + scaled[s] - 1;
		if (scaled[l] < 1)
			small[ns++] = l;
		else
			large[nl++] = l;
	}
	/* what is left is 1 up to rounding: always kept */
	while (nl) {
		uint32_t l = large[--nl];

		m->cut[l] = 1;
		m->alias[l] = l;
	}
	while (ns) {
		uint32_t s = small[--ns];

		m->cut[s] = 1;
		m->alias[s] = s;
	}
}

/* a mix of @entries (sorted here); @path: the table's file, or NULL */
static struct size_mix *mix_new(GArray *entries, const char *path,
				GError **error)
{
	struct size_mix *m;
	double sum = 0;

	g_array_sort(entries, entry_cmp);
	for (guint i = 0; i < entries->len; i++) {
		const struct entry *e = &g_array_index(entries, struct entry, i);
		guint at = i ? MAX(e->where, (e - 1)->where) : 0;

		if (i && e->len == (e - 1)->len) {
			if (path)
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "%s:%u: size %u listed twice",
					    path, at, e->len);
			else
				g_set_error(error, SIM_PARAM_ERROR,
					    SIM_PARAM_ERROR_RANGE,
					    "entry %u: size %u listed twice",
					    at, e->len);
			return NULL;
		}
		sum += e->weight;
	}
	if (!(sum > 0)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "%s%sno size with a weight above 0",
			    path ? path : "", path ? ": " : "");
		return NULL;
	}
	m = g_new0(struct size_mix, 1);
	m->len = g_new(uint32_t, entries->len);
	m->p = g_new(double, entries->len);
	for (guint i = 0; i < entries->len; i++) {
		const struct entry *e = &g_array_index(entries, struct entry, i);

		if (!(e->weight > 0))
			continue;	/* a histogram's empty bin */
		m->len[m->n] = e->len;
		m->p[m->n] = e->weight / sum;
		m->mean_len += m->p[m->n] * e->len;
		m->n++;
	}
	m->wire = g_new0(sim_time_t, m->n);
	build_alias(m);
	return m;
}

struct size_mix *size_mix_fixed(uint32_t len)
{
	g_autoptr(GArray) e = g_array_new(FALSE, FALSE, sizeof(struct entry));
	struct entry one = { .len = len, .weight = 1 };

	g_array_append_val(e, one);
	return mix_new(e, NULL, NULL);
}

static bool parse_size(const char *s, uint32_t *len)
{
	char *end;
	guint64 v;

	if (!g_ascii_isdigit(*s))
		return false;
	v = g_ascii_strtoull(s, &end, 10);
	if (*end || v < SIZE_MIX_MIN || v > SIZE_MIX_MAX)
		return false;
	*len = (uint32_t)v;
	return true;
}

static bool parse_weight(const char *s, double *w)
{
	char *end;

	if (!*s || g_ascii_isspace(*s))
		return false;
	errno = 0;
	*w = g_ascii_strtod(s, &end);
	return !*end && !errno && isfinite(*w) && *w >= 0;
}

struct size_mix *size_mix_parse(const char *text, GError **error)
{
	g_autofree char *trimmed = g_strstrip(g_strdup(text));
	g_auto(GStrv) parts = NULL;
	g_autoptr(GArray) entries = g_array_new(FALSE, FALSE,
						sizeof(struct entry));

	parts = g_strsplit(strcmp(trimmed, "imix") == 0 ? IMIX : trimmed,
			   ",", -1);
	for (guint i = 0; parts[i]; i++) {
		char *item = g_strstrip(parts[i]);
		char *colon = strchr(item, ':');
		struct entry e = { .weight = 1, .where = i + 1 };

		if (colon)
			*colon = '\0';
		if (!parse_size(g_strstrip(item), &e.len) ||
		    (colon && !parse_weight(g_strstrip(colon + 1),
					    &e.weight))) {
			if (colon)
				*colon = ':';
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "entry %u \"%s\" is not SIZE or SIZE:WEIGHT (a size in %u..%u bytes without FCS, a weight of at least 0), or imix",
				    i + 1, item, SIZE_MIX_MIN, SIZE_MIX_MAX);
			return NULL;
		}
		g_array_append_val(entries, e);
	}
	return mix_new(entries, NULL, error);
}

struct size_mix *size_mix_load(const char *path, GError **error)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GArray) entries = g_array_new(FALSE, FALSE,
						sizeof(struct entry));
	g_autoptr(GError) err = NULL;

	if (!g_file_get_contents(path, &text, NULL, &err)) {
		/* GLib's message, which names the file */
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "%s", err->message);
		return NULL;
	}
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		char *l = lines[i], *hash = strchr(l, '#');
		g_auto(GStrv) words = NULL;
		const char *f[2] = { NULL, NULL };
		guint n = 0;
		struct entry e = { .where = i + 1 };

		if (hash)
			*hash = '\0';
		words = g_strsplit_set(l, " \t,\r", -1);
		for (guint k = 0; words[k]; k++) {
			if (!*words[k])
				continue;
			if (n < 2)
				f[n] = words[k];
			n++;
		}
		if (!n)
			continue;
		if (n != 2 || !parse_size(f[0], &e.len) ||
		    !parse_weight(f[1], &e.weight)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_TYPE,
				    "%s:%u: expected \"SIZE WEIGHT\" (a size in %u..%u bytes without FCS, a weight of at least 0)",
				    path, i + 1, SIZE_MIX_MIN, SIZE_MIX_MAX);
			return NULL;
		}
		g_array_append_val(entries, e);
	}
	return mix_new(entries, path, error);
}

void size_mix_free(struct size_mix *m)
{
	if (!m)
		return;
	g_free(m->len);
	g_free(m->p);
	g_free(m->wire);
	g_free(m->cut);
	g_free(m->alias);
	g_free(m);
}

void size_mix_set_line_rate(struct size_mix *m, uint32_t line_rate_mbps)
{
	for (uint32_t i = 0; i < m->n; i++)
		m->wire[i] = traffic_wire_ps(line_rate_mbps, m->len[i]);
}

double size_mix_mean_wire_ps(const struct size_mix *m,
			     uint32_t line_rate_mbps)
{
	double w = 0;

	if (m->n == 1)		/* exactly the one frame's, as an integer */
		return (double)traffic_wire_ps(line_rate_mbps, m->len[0]);
	for (uint32_t i = 0; i < m->n; i++)
		w += m->p[i] * (double)traffic_wire_ps(line_rate_mbps,
						       m->len[i]);
	return w;
}
