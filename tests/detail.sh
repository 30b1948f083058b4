#!/bin/sh
# tests/detail.sh - run --detail and sweep --detail end to end (TAP): the
# detail tables cross from each point's process to the file with the
# exact number of rows (a row per CPU, per queue, per flow, ... of every
# point), marked with the point's index and keys, and agree with the
# result row; JSON parses; bad --detail paths fail with one line and
# leave no file; a sweep keeps one detail file per point.
. "$top_srcdir/tests/tap.sh"

# two points of a 2-CPU sink with 3 flows, reader on CPU 1
cat > "$tmpdir/s.ini" <<'INI'
[scenario]
name=detail
[traffic]
packets=500
rate_pps=50000;200000
flows=3
seed=4
[stack]
mode=deliver
[cpu]
count=2
[app]
cpu=1
INI

# section FILE TABLE: the lines of TABLE (no header)
section() { awk -F'\t' -v t="$2" '$1 == t' "$1"; }
# header FILE TABLE: the header line of TABLE's section
header() {
	awk -F'\t' -v t="$2" 'prev == "" && $1 == "table" { h = $0 }
		$1 == t && h { print h; exit } { prev = $0 }' "$1"
}
# leftovers DIR: files in DIR, temporaries included
leftovers() { ls -A "$1" | wc -l; }

# ---------------------------------------------------------------- TSV
det=$tmpdir/d.tsv
"$NAPISIM" run "$tmpdir/s.ini" -j2 --detail "$det" -o "$tmpdir/r.tsv" \
	2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/err" ]
check "run --detail FILE.tsv -j2 exits 0, quietly" passed $?
[ -s "$det" ] && [ -s "$det.meta" ] && [ -s "$tmpdir/r.tsv" ]
check "the result and the detail are written, with their .meta" passed $?
check "2 points x 2 CPUs: exactly 4 cpu rows" \
	[ "$(section "$det" cpu | wc -l)" -eq 4 ]
check "2 points x 3 flows: exactly 6 flow rows" \
	[ "$(section "$det" flow | wc -l)" -eq 6 ]
check "2 points x (eth0 RX and TX queue): exactly 4 queue rows" \
	[ "$(section "$det" queue | wc -l)" -eq 4 ]
check "one machine row per point" \
	[ "$(section "$det" machine | wc -l)" -eq 2 ]
check "each section's header names the table, the point, its key, then id" \
	[ "$(header "$det" cpu | cut -f1-4)" = \
	  "$(printf 'table\tpoint\ttraffic.rate_pps\tid')" ]
check "cpu rows: point 0 at 50000/s, point 1 at 200000/s, CPUs 0 and 1" \
	[ "$(section "$det" cpu | cut -f2-4 | tr '\t\n' ',;')" = \
	  "0,50000,0;0,50000,1;1,200000,0;1,200000,1;" ]
check "sections are a blank line apart, each with one header" \
	[ "$(grep -c '^$' "$det")" -eq "$(($(grep -c '^table	' "$det") - 1))" ]

# the per-CPU IPIs add up to the row's ipis, point by point
hcol() { header "$det" "$1" | tr '\t' '\n' | grep -nx "$2" | cut -d: -f1; }
k=$(hcol cpu ipis)
sums=$(section "$det" cpu | awk -F'\t' -v k="$k" '{ s[$2] += $k }
	END { print s[0] ";" s[1] }')
check "the detail's per-CPU ipis sum to the row's ipis ($sums)" \
	[ "$sums" = "$(col ipis "$tmpdir/r.tsv" | paste -sd';')" ]
k=$(hcol flow delivered)
sums=$(section "$det" flow | awk -F'\t' -v k="$k" '{ s[$2] += $k }
	END { print s[0] ";" s[1] }')
check "the flows' delivered sum to the row's delivered + queued ($sums)" \
	[ "$sums" = "$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) {
		if ($i == "delivered") a = i; if ($i == "queued") b = i }
		next } { print $a + $b }' "$tmpdir/r.tsv" | paste -sd';')" ]

# one process or two: the same detail
"$NAPISIM" run "$tmpdir/s.ini" --detail "$tmpdir/d1.tsv" --format tsv \
	>/dev/null 2>&1
check "with -j1 the detail is the same as with -j2" \
	cmp -s "$det" "$tmpdir/d1.tsv"

# ---------------------------------------------------------------- JSON
j=$tmpdir/d.json
"$NAPISIM" run "$tmpdir/s.ini" -j2 --detail "$j" --format tsv \
	>"$tmpdir/r2.tsv" 2>"$tmpdir/err"
rc=$?
check "run --detail FILE.json exits 0" [ $rc -eq 0 ]
check "JSON carries its metadata inside: no .meta beside it" [ ! -e "$j.meta" ]
if command -v python3 >/dev/null 2>&1; then
	python3 - "$j" > "$tmpdir/json.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["meta"]["scenario"] == "detail", d["meta"]
pts = d["points"]
assert len(pts) == 2, len(pts)
for i, p in enumerate(pts):
    assert p["point"] == i, p["point"]
    assert p["traffic.rate_pps"] == [50000, 200000][i]
    t = p["tables"]
    assert len(t["cpu"]) == 2, len(t["cpu"])
    assert [r["id"] for r in t["cpu"]] == ["0", "1"]
    assert len(t["flow"]) == 3, len(t["flow"])
    assert len(t["queue"]) == 2, len(t["queue"])
    assert isinstance(t["cpu"][1]["ipis"], int)
    assert "tx_dropped" in t["queue"][1] and \
        "tx_dropped" not in t["queue"][0]
print("ok")
PY
	rc=$?
	[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/json.out"
	check "python3 json.load: 2 points, each with 2 cpu, 3 flow, 2 queue rows" \
		[ $rc -eq 0 ]
else
	ok "# SKIP python3 is not installed"
fi

# ---------------------------------------------------------------- bad input
mkdir "$tmpdir/bad"
"$NAPISIM" run "$tmpdir/s.ini" --detail "$tmpdir/bad/no-dir/d.tsv" \
	-o "$tmpdir/bad/r.tsv" >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 1 ] && one_line_with "^napisim: $tmpdir/bad/no-dir/d.tsv: No such file or directory\$"
check "an unwritable --detail: exit 1, one line naming the file" passed $?
[ "$(leftovers "$tmpdir/bad")" -eq 0 ] && [ ! -s "$tmpdir/out" ]
check "and nothing written: no result, no detail, no temporary" passed $?

"$NAPISIM" run "$tmpdir/s.ini" --detail "$tmpdir/bad" \
	-o "$tmpdir/bad/r.tsv" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 1 ] && one_line_with "$tmpdir/bad: Is a directory"
check "a directory as --detail: exit 1, one line" passed $?
check "and nothing written" [ "$(leftovers "$tmpdir/bad")" -eq 0 ]

"$NAPISIM" run "$tmpdir/s.ini" --detail "$tmpdir/bad/x.tsv" \
	-o "$tmpdir/bad/./x.tsv" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with "--detail and --output name the same file"
check "--detail and --output the same file: exit 2, one line" passed $?
check "and nothing written" [ "$(leftovers "$tmpdir/bad")" -eq 0 ]

# ---------------------------------------------------------------- sweep
sw=$tmpdir/sweep
"$NAPISIM" sweep "$tmpdir/s.ini" --vary app.cpu=0,1 --detail --out "$sw" \
	--no-plot -j2 >/dev/null 2>"$tmpdir/err"
rc=$?
check "sweep --detail exits 0" [ $rc -eq 0 ]
check "one detail file per point: detail/000000.tsv .. 000003.tsv" \
	[ "$(ls "$sw/detail" | tr '\n' ' ')" = \
	  "000000.tsv 000001.tsv 000002.tsv 000003.tsv " ]
check "point 3's file: its 2 cpu rows, marked point 3 (200000/s, app.cpu=1)" \
	[ "$(section "$sw/detail/000003.tsv" cpu | cut -f2-5 | tr '\t\n' ',;')" = \
	  "3,200000,1,0;3,200000,1,1;" ]
check "sweep.ini records it" grep -qx 'detail=true' "$sw/sweep.ini"
"$NAPISIM" sweep "$tmpdir/s.ini" --vary app.cpu=0,1 --out "$sw" \
	--no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with "detail: the directory's sweep was started with --detail"
check "the same sweep without --detail is refused there (exit 2, one line)" passed $?

done_testing
