/*
 * sim/config/conservation.c - the conservation law; see
 * sim/config/conservation.h.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/conservation.h"
#include "sim/config/row.h"

const char *const sim_conservation_lhs = "offered";
const char *const sim_conservation_terms[] = {
	"tput",			/* delivered, or forwarded by a router */
	"rx_missed_errors",	/* no RX descriptor */
	"sk_drops",		/* socket receive buffer full */
	"tx_dropped",		/* TX ring full */
	"dropped",		/* softnet backlog full */
	"queued",		/* still in a ring, a backlog or a socket */
	NULL,
};

static uint64_t u64_of(const struct sim_row *row, const char *name)
{
	const struct sim_col *c = sim_row_get(row, name);

	g_assert(c && c->type == SIM_COL_U64);
	return c->u64;
}

bool sim_row_conserved(const struct sim_row *row)
{
	uint64_t sum = 0;

	for (guint i = 0; sim_conservation_terms[i]; i++)
		sum += u64_of(row, sim_conservation_terms[i]);
	return sum == u64_of(row, sim_conservation_lhs);
}

char *sim_conservation_law(void)
{
	GString *s = g_string_new(sim_conservation_lhs);

	for (guint i = 0; sim_conservation_terms[i]; i++)
		g_string_append_printf(s, " %s %s", i ? "+" : "=",
				       sim_conservation_terms[i]);
	return g_string_free(s, FALSE);
}
