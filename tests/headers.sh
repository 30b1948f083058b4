#!/bin/sh
# Every header stands alone: it compiles as the only include after
# config.h, and twice in a row (guarded).
. "$top_srcdir/tests/tap.sh"
: "${CC:=cc}"
for h in $(cd "$top_srcdir" && find sim models fuzz -name "*.h" | LC_ALL=C sort); do
	printf '#include "config.h"\n#include "%s"\n#include "%s"\n' "$h" "$h" \
		> "$tmpdir/h.c"
	# shellcheck disable=SC2086
	if $CC -fsyntax-only -Wall -Werror $HEADER_CFLAGS "$tmpdir/h.c" \
		2> "$tmpdir/err"; then
		ok "$h compiles alone"
	else
		sed 's/^/# /' "$tmpdir/err" | head -5
		not_ok "$h compiles alone"
	fi
done
done_testing
