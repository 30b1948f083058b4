#!/bin/sh
# The docs say what the code does: doc/scenario-keys.md is what
# `napisim --dump-params` prints from the params tables, doc/columns.md
# what `napisim --dump-columns` prints from the column table, the fuzzers'
# dictionary names every group and key --dump-params prints, and every
# file with a deliberate departure (MODEL:) has its section in
# doc/model-map.md.
. "$top_srcdir/tests/tap.sh"

"$NAPISIM" --dump-params > "$tmpdir/keys.md"
if diff -u "$top_srcdir/doc/scenario-keys.md" "$tmpdir/keys.md" > "$tmpdir/diff"; then
	ok "doc/scenario-keys.md is current"
else
	sed 's/^/# /' "$tmpdir/diff" | head -20
	not_ok "doc/scenario-keys.md is stale: run scripts/gen-scenario-keys"
fi
"$NAPISIM" --dump-columns > "$tmpdir/columns.md"
if diff -u "$top_srcdir/doc/columns.md" "$tmpdir/columns.md" > "$tmpdir/diff"; then
	ok "doc/columns.md is current"
else
	sed 's/^/# /' "$tmpdir/diff" | head -20
	not_ok "doc/columns.md is stale: run scripts/gen-columns"
fi
# the docs stand alone: no file a user of the repository does not have
cited=$(cd "$top_srcdir" && grep -n -e 'shared/reference' -e 'STYLE\.md' \
	-e 'DESIGN\.md' README.md doc/*.md scenarios/*.ini scenarios/*/*.ini)
[ -z "$cited" ] || echo "$cited" | sed 's/^/# /'
check "README.md, doc/ and the scenarios cite no file outside the repository" \
	[ -z "$cited" ]
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
