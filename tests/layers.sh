#!/bin/sh
# The layers go one way down: sim/engine knows nothing above it,
# sim/config knows no model and no command, models/ never reach into the
# commands (sim/cli), only the engine includes SimGrid, and no model asks
# whether it runs in batch or reference mode (the engine makes both the
# same; sim/engine/lazy.h).  Unit tests (*-test.c) may link what they test
# with what sits above it.
. "$top_srcdir/tests/tap.sh"
cd "$top_srcdir" || exit 1

# includes FILES...: "file: included" for every quoted include
includes() {
	grep -H '^#include "' "$@" | grep -v '"config.h"' |
		sed 's/:#include "\(.*\)".*/: \1/'
}
sources() { # sources DIR: its sources, tests excluded
	find "$1" \( -name '*.c' -o -name '*.h' -o -name '*.cpp' \) \
		! -name '*-test.c' | LC_ALL=C sort
}
layer_check() { # layer_check DIR ALLOWED-REGEX WHAT
	bad=$(includes $(sources "$1") | grep -v -E ": ($2)")
	if [ -z "$bad" ]; then
		ok "$3"
	else
		echo "$bad" | sed 's/^/# /'
		not_ok "$3"
	fi
}
layer_check sim/engine 'sim/engine/' \
	"sim/engine includes only the engine"
layer_check sim/config 'sim/config/' \
	"sim/config includes only the configuration"
layer_check models 'sim/engine/|sim/config/|models/' \
	"models/ include the engine, the configuration and models, never sim/cli"

bad=$(grep -rln '<simgrid/' sim models | grep -v '^sim/engine/')
check "only sim/engine includes SimGrid headers" [ -z "$bad" ]
bad=$(grep -rn 'reference' models --include='*.c' --include='*.h' |
	grep -v -e '-test\.c:' -e '^[^:]*:[0-9]*: *\*' -e '/\*' |
	grep -e '->reference' -e 'sim\.reference')
check "no model branches on batch versus reference mode" [ -z "$bad" ]
# a file's base name says which file it is: no two sources share one
dup=$(find sim models bench fuzz \( -name '*.c' -o -name '*.h' -o -name '*.cpp' \) \
	-printf '%f\n' | LC_ALL=C sort | uniq -d)
[ -z "$dup" ] || echo "$dup" | sed 's/^/# shared base name: /'
check "no two source files share a base name" [ -z "$dup" ]
done_testing
