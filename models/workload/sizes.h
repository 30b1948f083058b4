/*
 * models/workload/sizes.h - frame size mixes: one size, a weighted list
 * ("64:7,576:4,1500:1"), the IMIX preset, or an empirical table read
 * from a file; and the draw of one frame's size from a mix.
 */
#ifndef MODELS_WORKLOAD_SIZES_H
#define MODELS_WORKLOAD_SIZES_H

#include <stdint.h>
#include <glib.h>

#include "sim/engine/time.h"

/* the sizes a frame may have, each with its probability */
struct size_mix {
	uint32_t n;		/* distinct sizes */
	uint32_t *len;		/* bytes, without FCS, ascending */
	double *p;		/* probability of each, summing to 1 */
	sim_time_t *wire;	/* time on the wire (size_mix_set_line_rate()) */
	double *cut;		/* Walker's alias table: keep i if u < cut[i] */
	uint32_t *alias;	/* ... else take alias[i] */
	double mean_len;	/* the mix's expectation, bytes */
};

/* the smallest and largest frame a mix may list, as [traffic] size */
#define SIZE_MIX_MIN 60
#define SIZE_MIX_MAX 9000

/**
 * size_mix_fixed() - every frame @len bytes.
 */
struct size_mix *size_mix_fixed(uint32_t len);

/**
 * size_mix_parse() - a mix as [traffic] sizes writes it: "imix" (7:4:1
 * of 64, 576 and 1500 bytes), or SIZE[:WEIGHT] entries separated by
 * commas (a missing weight is 1; weights are relative).
 * Return: the mix (size_mix_free()), or NULL with @error saying which
 * entry is wrong (without the key's name).
 */
struct size_mix *size_mix_parse(const char *text, GError **error);

/**
 * size_mix_load() - an empirical size distribution: a text file of
 * "SIZE WEIGHT" lines (a histogram of sizes seen; '#' starts a comment).
 * Return: the mix, or NULL with @error naming the file and line.
 */
struct size_mix *size_mix_load(const char *path, GError **error);

void size_mix_free(struct size_mix *m);

/** size_mix_set_line_rate() - fill in each size's time on the wire. */
void size_mix_set_line_rate(struct size_mix *m, uint32_t line_rate_mbps);

/**
 * size_mix_mean_wire_ps() - the mean time on the wire of a frame of @m,
 * preamble, FCS and inter-frame gap included.
 */
double size_mix_mean_wire_ps(const struct size_mix *m,
			     uint32_t line_rate_mbps);

/**
 * size_mix_draw() - the index in @m of one frame's size: one number of
 * @r for a mix of several sizes, none for one size.
 */
static inline uint32_t size_mix_draw(const struct size_mix *m, GRand *r)
{
	double u;
	uint32_t i;

	if (m->n == 1)
		return 0;
	u = g_rand_double(r) * m->n;
	i = MIN((uint32_t)u, m->n - 1);
	return u - i < m->cut[i] ? i : m->alias[i];
}

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct size_mix size_mix;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(size_mix, size_mix_free)

#endif /* MODELS_WORKLOAD_SIZES_H */
