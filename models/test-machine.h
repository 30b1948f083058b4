/*
 * models/test-machine.h - the fixture of the model tests: a small scenario
 * written to a temporary file, and the machine of its first point, built
 * without SimGrid.  Shared by models/kernel-test.c and
 * models/mitigation/mitigation-test.c; not part of libnapisim.
 */
#ifndef MODELS_TEST_MACHINE_H
#define MODELS_TEST_MACHINE_H

#include <stdbool.h>
#include <glib.h>

struct host;
struct sim_scenario;

struct fixture {
	char *dir;
	struct host *h;		/* freed at teardown */
	GPtrArray *points;	/* a host reads its point's configs: keep them */
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
 * lives as long as the fixture.
 */
struct host *build(struct fixture *f, const char *ini, bool reference,
		   const char *const *sets);

/** run() - build() it and run it to the end. */
struct host *run(struct fixture *f, const char *ini, bool reference,
		 const char *const *sets);

#endif /* MODELS_TEST_MACHINE_H */
