/*
 * models/core/tick.h - the periodic timer tick.
 */
#ifndef MODELS_CORE_TICK_H
#define MODELS_CORE_TICK_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct tick;

/**
 * tick_new() - a tick of @m's HZ on every CPU, stopped while a CPU is
 * idle (NO_HZ_IDLE); @enabled false: no tick at all.
 */
struct tick *tick_new(struct machine *m, bool enabled);
void tick_free(struct tick *t);

/** tick_count() - ticks CPU @cpu took. */
uint64_t tick_count(const struct tick *t, uint32_t cpu);

#endif /* MODELS_CORE_TICK_H */
