/*
 * sim/cli/prebind.cpp - throw one C++ exception in the parent before the
 * runner forks; see sim/cli/prebind.h.
 *
 * SimGrid ends each actor by throwing an exception through its stack
 * (smx_ctx_wrapper()), so every point's child runs the C++ unwinder.
 * The unwinder's functions in libstdc++ and libgcc_s are bound lazily:
 * without this, each child looked up the same ~20 symbols
 * (__cxa_get_globals, _Unwind_RaiseException, _Unwind_Find_FDE, ...)
 * through the symbol tables of the ~40 loaded libraries (18 of them
 * there for the ns-3 that Debian's libsimgrid links), faulting their
 * pages in, and wrote the results into copy-on-write GOT pages.
 * Throwing once in the parent binds them there, and the children
 * inherit the bound GOTs.  napisim itself is linked with -z now, which
 * does the same for its own calls.  doc/bench.md ("Start-up") has the
 * cost per point before and after.
 */
#include "config.h"

#include "sim/cli/prebind.h"

/**
 * sim_prebind_unwinder() - throw and catch one C++ exception.
 *
 * Call it in the parent before the first fork(); once is enough.
 */
extern "C" void sim_prebind_unwinder(void)
{
	try {
		throw 0;
	} catch (int) {
	}
}
