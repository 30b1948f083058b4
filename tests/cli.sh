#!/bin/sh
# tests/cli.sh - the napisim command line, end to end (TAP).
#
# Bad input of every kind must exit 2 with exactly one line on stderr
# that names the problem, and write nothing; an unwritable --output must
# fail without leaving a file; the informational options must exit 0.
# Each file in tests/bad/ starts with "# expect: <part of the error>".
#
# napisim loads SimGrid and ns-3, so each start costs ~50 ms: the cases
# are few (the finer error kinds are unit-tested in sim/config/scenario-test)
# and are checked with shell builtins only, to stay under a second.
#
# make check sets NAPISIM and top_srcdir; by hand:
#   NAPISIM=./napisim top_srcdir=. sh tests/cli.sh

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
NAPISIM=${NAPISIM:-./napisim}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/napisim-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
tab=$(printf '\t')

# ---------------------------------------------------------------- launch

i=0

# case KIND STATUS NAME EXPECT: start a case; its files are $tmp/$i.*
# KIND: error (STATUS, one stderr line containing EXPECT, nothing
# written), info (exit 0, stdout contains EXPECT), narrow (info, and no
# stdout line is wider than 160 characters), wide (info, and some line
# is), good (a real run), broken (a tests/bad file without its
# "# expect:" line).
case_() {
	i=$((i + 1))
	c=$tmp/$i
	printf '%s\n' "$1" "$2" "$3" "$4" >"$c.meta"
}

# launch ARGS...: run napisim for the current case
launch() {
	"$NAPISIM" "$@" >"$c.out" 2>"$c.err"
	echo $? >"$c.rc"
}

for f in "$top_srcdir"/tests/bad/*.ini; do
	IFS= read -r first <"$f"
	expect=${first#"# expect: "}
	name=bad/${f##*/}
	if [ "$expect" = "$first" ] || [ -z "$expect" ]; then
		case_ broken 2 "$name exits 2" \
			"first line is not \"# expect: ...\""
		continue
	fi
	case_ error 2 "$name exits 2 with one line: $expect" "$expect"
	launch run "$f" --output "$c.tsv"
done

case_ error 2 "a missing scenario exits 2" \
	"no-such-file.ini: no such file, and no shipped scenario of that name"
launch run "$tmp/no-such-file.ini" --output "$c.tsv"

# a small good scenario: two zipped points
good=$tmp/good.ini
cat >"$good" <<'EOF'
[scenario]
name=cli
description=two zipped points
[traffic]
packets=1000
size=60;1496
rate_pps=890000;82000
[points]
zip=traffic.size;traffic.rate_pps
EOF

case_ error 2 "--set with an unknown key exits 2" \
	"--set traffic.sise: unknown key"
launch run "$good" --set traffic.sise=60 --output "$c.tsv"

case_ error 1 "an unwritable --output exits 1 and writes nothing" \
	"/nonexistent-dir/x.tsv: No such file or directory"
launch run "$good" --output /nonexistent-dir/x.tsv

case_ info 0 "--list-models exits 0" "napi "
launch --list-models

case_ info 0 "--help-model napi exits 0" "weight"
launch --help-model napi

case_ error 2 "--help-model nap: exit 2, suggesting napi" \
	'unknown model "nap" (did you mean napi?)'
launch --help-model nap

case_ error 2 "a point that cannot run as configured: exit 2, nothing run" \
	"point 1 (traffic.size=60, traffic.rate_pps=890000): [app] cpu: 3 is not a CPU"
launch run "$good" --set app.cpu=3 --output "$c.tsv"

case_ info 0 "--version exits 0" "napisim "
launch --version

case_ error 2 "--columns naming no column exits 2" \
	"--columns: no column \"bogus\""
launch run "$good" --columns psize,bogus --output "$c.tsv"

case_ error 2 "--columns naming a column twice exits 2 (it used to crash)" \
	"--columns: column \"tput\" named twice"
launch run "$good" --columns tput,tput --output "$c.tsv"

case_ info 0 "--columns prints those columns, in that order" \
	"tput${tab}psize"
launch run "$good" --columns tput,psize --format tsv

case_ error 2 "a misspelt --columns: exit 2 with a suggestion" \
	'--columns: no column "latncy_p99_ns" (did you mean latency_p99_ns?)'
launch run "$good" --columns tput,latncy_p99_ns --output "$c.tsv"

case_ error 2 "--columns is checked before any point runs" \
	'--columns: no column "cpu2_idle_pct": the CPUs are numbered 0..1'
launch run "$good" --columns cpu2_idle_pct --set app.cpu=3 --output "$c.tsv"

sink=$top_srcdir/scenarios/udp-sink.ini
case_ narrow 0 "the terminal table of udp-sink fits 160 columns" \
	"latency_p99_ns"
launch run "$sink" --set traffic.packets=2000 --format table

case_ narrow 0 "with 8 CPUs too, showing the busiest" "cpu1_idle_pct"
launch run "$sink" --set traffic.packets=2000 --set cpu.count=8 \
	--format table

case_ wide 0 "--columns all shows every column" "cpu7_hog_pct"
launch run "$sink" --set traffic.packets=2000 --set cpu.count=8 \
	--format table --columns all

case_ info 0 "JSON: the seed is a number, not a string" '"seed": 1,'
launch run "$good" --format json

# the first point's frames per poll as the TSV prints them (two decimals)
ppp=$("$NAPISIM" run "$good" --format tsv --columns pkts_per_poll 2>/dev/null |
	sed -n 2p)
case_ info 0 "JSON: numbers as the table prints them ($ppp, not a binary expansion)" \
	"\"pkts_per_poll\": $ppp,"
launch run "$good" --format json

case_ error 2 "--columns '' exits 2 (it used to print no column)" \
	"--columns: no column named"
launch run "$good" --columns '' --output "$c.tsv"

case_ error 2 "--columns with an empty name exits 2" \
	"--columns: empty column name"
launch run "$good" --columns tput,,psize --output "$c.tsv"

# three lists of 1,600 values: 4.096e9 points, once 32 GB allocated up front
huge=$tmp/huge.ini
list=$(i=1; while [ $i -le 1599 ]; do printf '%s;' $((i + 100)); i=$((i + 1)); done)
printf '[traffic]\nsize=%s60\nrate_pps=%s1\n[napi]\nweight=%s1\n' \
	"$list" "$list" "$list" >"$huge"
case_ error 2 "4.096e9 points are refused at once, saying how many" \
	"huge.ini: 4096000000 points asked for (traffic.size 1600 x"
launch run "$huge" --output "$c.tsv"

case_ error 2 "an unknown SimGrid context factory exits 2" \
	"NAPISIM_CONTEXT_FACTORY=bogus: unknown SimGrid context factory"
(export NAPISIM_CONTEXT_FACTORY=bogus; launch run "$good" --output "$c.tsv")

case_ good 0 "a good run writes plain TSV, one row per point, its metadata beside it" ""
launch run "$good" --jobs 2 --output "$c.tsv"

n=$i

# ---------------------------------------------------------------- check

echo "1..$n"

# count_lines FILE: $lines, and $first, the first line
count_lines() {
	lines=0
	first=
	[ -e "$1" ] || return
	while IFS= read -r line; do
		[ "$lines" -eq 0 ] && first=$line
		lines=$((lines + 1))
	done <"$1"
}

# contains FILE TEXT: a line of FILE contains TEXT
contains() {
	while IFS= read -r line; do
		case $line in *"$2"*) return 0 ;; esac
	done <"$1"
	return 1
}

# widest FILE: the length of its longest line
widest() {
	w=0
	while IFS= read -r line; do
		[ ${#line} -gt "$w" ] && w=${#line}
	done <"$1"
	echo "$w"
}

# leftover: a temporary output file of case $c is still there
leftover() {
	for t in "$c".tsv.*; do
		[ "$t" = "$c.tsv.meta" ] && continue
		[ -e "$t" ] && return 0
	done
	return 1
}

# check_good: the TSV is plain (the header first, two rows, no comment
# line a CSV reader would trip on), its metadata beside it
check_good() {
	why=
	rows=0
	meta=
	header=
	big=
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in
		"#"*) why="a comment line: $line" ;;
		"traffic.size${tab}traffic.rate_pps${tab}"*)
			[ $n -eq 1 ] && header=1 ;;
		*) rows=$((rows + 1)) ;;
		esac
		case $line in "1496${tab}82000${tab}"*) big=1 ;; esac
	done <"$c.tsv"
	while IFS= read -r line; do
		[ "$line" = "scenario=cli" ] && meta=1
	done <"$c.tsv.meta"
	[ -n "$meta" ] || why="no \"scenario=cli\" in $c.tsv.meta"
	[ -n "$header" ] || why="no traffic.size, traffic.rate_pps header first"
	[ "$rows" -eq 2 ] || why="$rows rows, expected 2"
	[ -n "$big" ] || why="no 1496 B row"
}

status=0
k=0
while [ "$k" -lt "$n" ]; do
	k=$((k + 1))
	c=$tmp/$k
	{
		IFS= read -r kind
		IFS= read -r want
		IFS= read -r name
		IFS= read -r expect
	} <"$c.meta"
	rc=
	[ -e "$c.rc" ] && IFS= read -r rc <"$c.rc"
	count_lines "$c.err"
	why=

	case $kind in
	broken)
		why=$expect
		;;
	error)
		if [ "$rc" != "$want" ]; then
			why="exit status $rc, expected $want"
		elif [ "$lines" -ne 1 ]; then
			why="$lines lines on stderr, expected 1"
		elif [ "${first#napisim: }" = "$first" ]; then
			why="stderr does not start with \"napisim: \""
		elif [ "${first#*"$expect"}" = "$first" ]; then
			why="stderr lacks \"$expect\""
		elif [ -s "$c.out" ]; then
			why="something was written to stdout"
		elif [ -e "$c.tsv" ] || [ -e "$c.tsv.meta" ] || leftover; then
			why="an output file was written"
		elif [ -e /nonexistent-dir/x.tsv ]; then
			why="/nonexistent-dir/x.tsv exists"
		fi
		;;
	info | narrow | wide)
		if [ "$rc" != 0 ]; then
			why="exit status $rc, expected 0"
		elif [ "$lines" -ne 0 ]; then
			why="unexpected output on stderr"
		elif ! contains "$c.out" "$expect"; then
			why="stdout lacks \"$expect\""
		elif [ "$kind" = narrow ] && [ "$(widest "$c.out")" -gt 160 ]; then
			why="a line of $(widest "$c.out") characters"
		elif [ "$kind" = wide ] && [ "$(widest "$c.out")" -le 160 ]; then
			why="no line wider than 160 characters"
		fi
		;;
	good)
		if [ "$rc" != 0 ]; then
			why="exit status $rc, expected 0"
		elif [ "$lines" -ne 0 ] || [ -s "$c.out" ]; then
			why="output on stdout or stderr"
		elif [ ! -e "$c.tsv" ] || [ ! -e "$c.tsv.meta" ]; then
			why="no output file"
		elif leftover; then
			why="a temporary file was left behind"
		else
			check_good
		fi
		;;
	esac

	if [ -z "$why" ]; then
		echo "ok $k - $name"
	else
		status=1
		echo "not ok $k - $name"
		echo "# $why"
		if [ -e "$c.err" ]; then
			while IFS= read -r line; do
				echo "#   stderr: $line"
			done <"$c.err"
		fi
	fi
done

exit $status
