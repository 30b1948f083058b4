# tests/tap.sh - sourced by the shell tests: TAP output helpers.
# Each test prints "ok N - what" or "not ok N - what", then the plan.
tap_n=0
tap_failed=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
# check DESCRIPTION COMMAND...: ok if the command succeeds
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# passed STATUS: for check, after a compound condition
passed() { [ "$1" -eq 0 ]; }
# rows FILE: the data rows of a result file
rows() { grep -v '^#' "$1" | tail -n +2 | wc -l; }
# finished DIR: point files in DIR/points
finished() { ls "$1/points" 2>/dev/null | grep -c '^[0-9]*\.tsv$'; }
# one_line_with TEXT: stderr ($tmpdir/err) was exactly one line, and it
# holds TEXT
one_line_with() {
	[ "$(wc -l < "$tmpdir/err")" -eq 1 ] && grep -q -- "$1" "$tmpdir/err"
}
# col NAME FILE: that column of every data row of a result file
col() {
	awk -F '\t' -v n="$1" '/^#/ {next} !h {for (i=1;i<=NF;i++) if ($i==n) c=i; h=1; next} {print $c}' "$2"
}
# children PID: how many processes PID has (from /proc: no procps needed)
children() { grep -ls "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status 2>/dev/null | wc -l; }
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

: "${NAPISIM:=./napisim}"
: "${top_srcdir:=.}"
# every shipped scenario, by path relative to top_srcdir
scenarios() { (cd "$top_srcdir" && find scenarios -name '*.ini' | LC_ALL=C sort); }
scenario_name() { basename "$1" .ini; }
tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/napisim-test.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT

# tiny_scenario FILE: a small, fast 2-CPU UDP sink (reader on CPU 1) to
# sweep; the tests --vary its rate and more
tiny_scenario() {
	cat > "$1" <<'INI'
[scenario]
name=tiny
[traffic]
packets=2000
size=64
seed=9
[stack]
mode=deliver
[cpu]
count=2
[app]
cpu=1
INI
}
