#!/bin/sh
# tests/report.sh - napisim report DIR (TAP): one self-contained HTML file
# (plots embedded as PNG data, nothing fetched, no script) with what
# varied, the plots, the table and the verdicts; and headless Chromium
# renders it (skipped when chromium is not installed).
. "$top_srcdir/tests/tap.sh"

tiny_scenario "$tmpdir/tiny.ini"
w=$tmpdir/sweep
"$NAPISIM" sweep "$tmpdir/tiny.ini" --vary traffic.rate_pps=100000,400000 \
	--vary app.cpu=0,1 --out "$w" -j2 >/dev/null 2>"$tmpdir/err"
"$NAPISIM" report "$w" >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/err"
[ $rc -eq 0 ] && [ "$(cat "$tmpdir/out")" = "$w/report.html" ]
check "napisim report DIR exits 0 and prints DIR/report.html" passed $?
html=$w/report.html
check "it says what varied" grep -q '<td>app.cpu</td><td>0, 1</td>' "$html"
check "it embeds the 4 default plots as PNG data" \
	[ "$(grep -o 'src="data:image/png;base64,' "$html" | wc -l)" -eq 4 ]
! grep -qi -e 'src="http' -e '<link' -e '<script' -e 'url(' "$html"
check "it fetches nothing and runs no script" passed $?
# each embedded picture is a whole PNG
sed -n 's/.*src="data:image\/png;base64,\([^"]*\)".*/\1/p' "$html" |
	head -1 | base64 -d > "$tmpdir/first.png" 2>/dev/null
check "an embedded plot decodes to a PNG" \
	[ "$(head -c 8 "$tmpdir/first.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
check "it has the results table" grep -q '<th>latency_p99_ns</th>' "$html"
check "and the verdicts: which configuration wins" \
	grep -q 'configurations: app.cpu; load: traffic.rate_pps' "$html"

"$NAPISIM" report "$w" --base "$w" --out "$tmpdir/same.html" >/dev/null 2>&1
check "report --base compares with a base" \
	grep -q 'points, .* cells compared exactly: 0 changed' "$tmpdir/same.html"
"$NAPISIM" report "$tmpdir/no-such-dir" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmpdir/err")" -eq 1 ]
check "report of nothing: exit 2, one line" passed $?

if ! command -v chromium >/dev/null 2>&1; then
	ok "# SKIP chromium is not installed (scripts/install-deps)"
	done_testing
	exit
fi
profile=$(mktemp -d "$tmpdir/chromium.XXXXXX")
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update \
	--disable-sync --user-data-dir="$profile" --window-size=1280,2000 \
	--screenshot="$tmpdir/shot.png" --dump-dom "file://$html" \
	>"$tmpdir/dom" 2>"$tmpdir/chromium.err"
rc=$?
[ $rc -eq 0 ] || tail -3 "$tmpdir/chromium.err" | sed 's/^/# /'
grep -q '<th>traffic.rate_pps</th>' "$tmpdir/dom" &&
	grep -q '<h2>Which configuration wins</h2>' "$tmpdir/dom" &&
	[ "$(grep -o '<img ' "$tmpdir/dom" | wc -l)" -eq 4 ]
check "headless Chromium renders it: the table, the verdicts, 4 images" passed $?
[ "$(head -c 8 "$tmpdir/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	[ "$(wc -c < "$tmpdir/shot.png")" -gt 20000 ]
check "and draws it (a screenshot of more than 20 kB)" passed $?
done_testing
