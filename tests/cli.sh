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
# written), info (exit 0, stdout contains EXPECT), good (a real run),
# broken (a tests/bad file without its "# expect:" line).
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

case_ error 2 "a missing scenario exits 2" "no-such-file.ini: No such file"
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

case_ good 0 "a good run writes one TSV row per point, no temporary" ""
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

# leftover: a temporary output file of case $c is still there
leftover() {
	for t in "$c".tsv.*; do
		[ -e "$t" ] && return 0
	done
	return 1
}

# check_good: the TSV has the meta, a header, two rows
check_good() {
	why=
	rows=0
	meta=
	header=
	big=
	while IFS= read -r line; do
		case $line in
		"# scenario=cli") meta=1 ;;
		"#"*) ;;
		"traffic.size${tab}traffic.rate_pps${tab}"*) header=1 ;;
		*) rows=$((rows + 1)) ;;
		esac
		case $line in "1496${tab}82000${tab}"*) big=1 ;; esac
	done <"$c.tsv"
	[ -n "$meta" ] || why="no \"# scenario=cli\" line"
	[ -n "$header" ] || why="no traffic.size, traffic.rate_pps header"
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
		elif [ -e "$c.tsv" ] || leftover; then
			why="an output file was written"
		elif [ -e /nonexistent-dir/x.tsv ]; then
			why="/nonexistent-dir/x.tsv exists"
		fi
		;;
	info)
		if [ "$rc" != 0 ]; then
			why="exit status $rc, expected 0"
		elif [ "$lines" -ne 0 ]; then
			why="unexpected output on stderr"
		elif ! contains "$c.out" "$expect"; then
			why="stdout lacks \"$expect\""
		fi
		;;
	good)
		if [ "$rc" != 0 ]; then
			why="exit status $rc, expected 0"
		elif [ "$lines" -ne 0 ] || [ -s "$c.out" ]; then
			why="output on stdout or stderr"
		elif [ ! -e "$c.tsv" ]; then
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
