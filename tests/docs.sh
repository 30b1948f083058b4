#!/bin/sh
# The docs say what the code does: doc/scenario-keys.md is what
# `napisim --dump-params` prints from the params tables, the fuzzers'
# dictionary names every group and key it prints, and every file with a
# deliberate departure (MODEL:) has its section in doc/model-map.md.
. "$top_srcdir/tests/tap.sh"

"$NAPISIM" --dump-params > "$tmpdir/keys.md"
if diff -u "$top_srcdir/doc/scenario-keys.md" "$tmpdir/keys.md" > "$tmpdir/diff"; then
	ok "doc/scenario-keys.md is current"
else
	sed 's/^/# /' "$tmpdir/diff" | head -20
	not_ok "doc/scenario-keys.md is stale: run scripts/gen-scenario-keys"
fi
sh "$top_srcdir/fuzz/gen-dict" "$NAPISIM" > "$tmpdir/napisim.dict"
if diff -u "$top_srcdir/fuzz/napisim.dict" "$tmpdir/napisim.dict" > "$tmpdir/diff"; then
	ok "fuzz/napisim.dict is current"
else
	sed 's/^/# /' "$tmpdir/diff" | head -20
	not_ok "fuzz/napisim.dict is stale: run fuzz/gen-dict ./napisim > fuzz/napisim.dict"
fi
for f in $(cd "$top_srcdir" && grep -rl 'MODEL:' models sim --include='*.c' --include='*.cpp' | LC_ALL=C sort); do
	check "doc/model-map.md covers $f (it has MODEL: departures)" \
		grep -q "$f" "$top_srcdir/doc/model-map.md"
done
done_testing
