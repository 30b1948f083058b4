/*
 * models/test-machine.h - the fixture of the model tests: a small
 * scenario written to a temporary file, and the machine of its first
 * point, built without SimGrid; its counters are read from its report
 * (the row's columns and the detail tables), as a user reads them.
 * Shared by models/kernel-test.c and models/mitigation/mitigation-test.c;
 * not part of the libraries.
 */
#ifndef MODELS_TEST_MACHINE_H
#define MODELS_TEST_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

struct machine;
struct sim_report;
struct sim_scenario;

struct fixture {
	char *dir;
	GPtrArray *points;	/* a machine reads its point's configs */
	GPtrArray *reports;	/* freed at teardown */
};

void fixture_setup(struct fixture *f, gconstpointer data);
void fixture_teardown(struct fixture *f, gconstpointer data);

/**
 * load() - the scenario of @ini with the --set assignments @sets applied.
 * Return: NULL with @error if it does not load.
 */
struct sim_scenario *load(struct fixture *f, const char *ini,
			  const char *const *sets, GError **error);

/**
 * build() - the machine of @ini's first point, not started; the point
 * lives as long as the fixture (free the machine with machine_free()).
 */
struct machine *build(struct fixture *f, const char *ini, bool reference,
		      const char *const *sets);

/**
 * run() - build() it, run it to the end and report; the report lives as
 * long as the fixture.
 */
const struct sim_report *run(struct fixture *f, const char *ini,
			     bool reference, const char *const *sets);

/** col() - the unsigned column @name of the row. */
uint64_t col(const struct sim_report *r, const char *name);

/** dbl() - the floating-point column @name of the row, as printed. */
double dbl(const struct sim_report *r, const char *name);

/** cnt() - the unsigned counter @name of object @id of @table. */
uint64_t cnt(const struct sim_report *r, const char *table, const char *id,
	     const char *name);

/** cpu_ps() - what CPU @cpu spent in accounting slot @acct (ps). */
uint64_t cpu_ps(const struct sim_report *r, unsigned int cpu,
		const char *acct);

/** cpu_busy_ps() - what CPU @cpu spent busy (ps). */
uint64_t cpu_busy_ps(const struct sim_report *r, unsigned int cpu);

/** assert_conserved() - the conservation law holds on the row. */
void assert_conserved(const struct sim_report *r);

/**
 * assert_same_report() - every column (but how the run went: sg_calls,
 * events, wall_seconds) and every detail counter (but the engine's own
 * batching counters) of @a and @b are equal.
 */
void assert_same_report(const struct sim_report *a,
			const struct sim_report *b);

#endif /* MODELS_TEST_MACHINE_H */
