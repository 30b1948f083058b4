#!/bin/sh
# Every shipped scenario reproduces results/golden/ exactly.
exec "$top_srcdir/scripts/check-golden.sh" "$NAPISIM"
