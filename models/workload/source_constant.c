/*
 * models/workload/source_constant.c - [traffic] arrival=constant: frames
 * evenly spaced at rate_pps, as pktgen sends them with a fixed delay.
 *
 * Frame k (from 0) starts at exactly k / rate_pps (exact rational
 * spacing, in integer picoseconds) and arrives one wire time later; a
 * frame never starts before the one ahead of it has left the wire (a
 * large frame of a size mix delays the ones behind it, which catch up).
 * Above the line rate (the rate capped at one mean frame time) the
 * frames go back to back.  The timing is struct even_pacer
 * (models/workload/source.c), which arrival=bulk shares.
 */
#include "config.h"

#include <glib.h>

#include "models/workload/source.h"
#include "models/workload/traffic.h"

static void *constant_create(const struct traffic_source_env *env,
			     GError **error G_GNUC_UNUSED)
{
	struct even_pacer *p = g_new(struct even_pacer, 1);

	even_pacer_init(p, env);
	return p;
}

static uint32_t constant_fill(void *priv, struct traffic_frame *f,
			      uint32_t n)
{
	even_pacer_fill(priv, f, n);
	return n;
}

static void constant_destroy(void *priv)
{
	g_free(priv);
}

const struct traffic_source_ops constant_source = {
	.name = "constant",
	.create = constant_create,
	.fill = constant_fill,
	.destroy = constant_destroy,
};
