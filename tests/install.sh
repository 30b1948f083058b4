#!/bin/sh
# tests/install.sh - the installed napisim works wherever it lands (TAP):
# `make install` into a staging directory, the tree moved elsewhere, and
# the binary run from a third directory finds its scenarios by name and
# by their source-tree path, lists them, draws a plot with its installed
# gnuplot script, and comes with its man page and docs.
. "$top_srcdir/tests/tap.sh"
: "${MAKE:=make}"

stage=$tmpdir/stage
"$MAKE" -s -C "$top_builddir" install DESTDIR="$stage" >"$tmpdir/out" 2>&1
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/out" | tail -20
check "make install DESTDIR=... exits 0" passed $rc
# whatever the prefix was, move the tree it made: nothing may point back
prefix=$(cd "$stage" && find . -path '*/bin/napisim' | sed 's|/bin/napisim$||')
moved=$tmpdir/moved
mv "$stage/$prefix" "$moved"
bin=$moved/bin/napisim
mkdir "$tmpdir/elsewhere"
cd "$tmpdir/elsewhere" || exit 99

"$bin" run udp-sink --set traffic.packets=2000 --format tsv >"$tmpdir/out" \
	2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/err"
[ $rc -eq 0 ] && [ "$(tail -n +2 "$tmpdir/out" | wc -l)" -eq 5 ]
check "installed and moved, napisim run udp-sink runs it from elsewhere" passed $?
"$bin" run scenarios/compare/itr.ini --set traffic.packets=500 --format tsv \
	-j2 >"$tmpdir/out" 2>"$tmpdir/err"
check "and napisim run scenarios/compare/itr.ini too" passed $?
"$bin" run compare/livelock --set traffic.packets=500 --format tsv -j2 \
	>"$tmpdir/out" 2>"$tmpdir/err"
check "and napisim run compare/livelock" passed $?
"$bin" run traffic/pcap-replay --set traffic.pcap_loops=1 --format tsv \
	>"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/err"
[ $rc -eq 0 ] && [ "$(tail -n +2 "$tmpdir/out" | wc -l)" -eq 4 ]
check "and traffic/pcap-replay, which finds its capture beside it" passed $?
"$bin" scenarios >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] && grep -q "^validation/olsson-e1000  *Olsson's e1000 NAPI router table" "$tmpdir/out" &&
	grep -q "in $moved/share/napisim/scenarios" "$tmpdir/out"
check "napisim scenarios lists them with their descriptions, and where" passed $?
"$bin" run udp-snk >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'did you mean udp-sink? napisim scenarios lists' "$tmpdir/err"
check "a misspelt scenario name: exit 2, with the name meant" passed $?

"$bin" run udp-sink --set traffic.packets=2000 --output run.tsv 2>/dev/null &&
	"$bin" plot run.tsv >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/err"
[ $rc -eq 0 ] && [ -s run-livelock.png ]
check "napisim plot draws with the installed scripts/plot.gp" passed $?

if [ -n "$HELP2MAN" ] && [ "$HELP2MAN" != no ]; then
	check "the man page is installed, from napisim --help" \
		grep -q 'only\\-regressions' "$moved/share/man/man1/napisim.1"
else
	ok "# SKIP help2man is not installed: no man page"
fi
for f in README.md doc/workflow.md doc/columns.md doc/img/udp-sink-livelock.png; do
	check "$f is installed in share/doc/napisim" \
		test -s "$moved/share/doc/napisim/$f"
done
done_testing
