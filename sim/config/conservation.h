/*
 * sim/config/conservation.h - the conservation law of a point: every
 * frame offered was delivered (or forwarded), dropped somewhere, or is
 * still queued.
 *
 *   offered = tput + rx_missed_errors + sk_drops + tx_dropped + dropped
 *             + queued
 *
 * Defined once, here, over the row's columns: the model reports it in the
 * `conservation` column, the unit tests assert it on their machines, and
 * tests/conservation.sh evaluates the same terms (napisim --dump-law).
 */
#ifndef SIM_CONFIG_CONSERVATION_H
#define SIM_CONFIG_CONSERVATION_H

#include <stdbool.h>
#include <stdint.h>

struct sim_row;

/* the left-hand side, and the terms of the right-hand side (NULL-ended) */
extern const char *const sim_conservation_lhs;
extern const char *const sim_conservation_terms[];

/**
 * sim_row_conserved() - the law holds on @row (which has every column of
 * it, unsigned).
 */
bool sim_row_conserved(const struct sim_row *row);

/**
 * sim_conservation_law() - the law as text, "offered = tput + ...".
 * Return: a new string.
 */
char *sim_conservation_law(void);

#endif /* SIM_CONFIG_CONSERVATION_H */
