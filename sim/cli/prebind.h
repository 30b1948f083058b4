/*
 * sim/cli/prebind.h - bind, in the parent, the lazily bound symbols that
 * every forked point would otherwise bind for itself.
 */
#ifndef SIM_CLI_PREBIND_H
#define SIM_CLI_PREBIND_H

#ifdef __cplusplus
extern "C" {
#endif

void sim_prebind_unwinder(void);

#ifdef __cplusplus
}
#endif

#endif /* SIM_CLI_PREBIND_H */
