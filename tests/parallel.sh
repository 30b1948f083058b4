#!/bin/sh
# tests/parallel.sh - a sweep beyond one process tree (TAP): the job list
# run for real by GNU parallel (through --sshloginfile, with ":" for this
# machine), then --collect; the result equals a local sweep's.  The Slurm
# script is checked by running one array task the way Slurm would.
. "$top_srcdir/tests/tap.sh"

if ! command -v parallel >/dev/null 2>&1; then
	ok "# SKIP GNU parallel is not installed (apt-get install parallel)"
	done_testing
	exit
fi

tiny_scenario "$tmpdir/tiny.ini"
sweep() {
	"$NAPISIM" sweep "$tmpdir/tiny.ini" \
		--vary traffic.rate_pps=100000:800000:x2 \
		--vary traffic.arrival=constant,poisson --no-plot "$@"
}

sweep --out "$tmpdir/local" -j2 >/dev/null 2>&1
check "the local sweep has 8 points" [ "$(rows "$tmpdir/local/points.tsv")" -eq 8 ]

sweep --out "$tmpdir/par" --emit-jobs "$tmpdir/jobs" \
	--emit-slurm "$tmpdir/slurm.sh" >/dev/null 2>"$tmpdir/err"
rc=$?
check "--emit-jobs exits 0" [ $rc -eq 0 ]
check "one job per point" [ "$(wc -l < "$tmpdir/jobs")" -eq 8 ]
check "each job is one napisim command for one point" \
	grep -q "sweep --out '$tmpdir/par' --only-point 7\$" "$tmpdir/jobs"
check "emitting runs nothing" [ ! -e "$tmpdir/par/points.tsv" ]

echo : > "$tmpdir/sshlogins"
parallel --will-cite --sshloginfile "$tmpdir/sshlogins" -j2 \
	< "$tmpdir/jobs" > "$tmpdir/par.out" 2>&1
rc=$?
sed 's/^/# parallel: /' "$tmpdir/par.out"
check "GNU parallel runs the job list (exit 0)" [ $rc -eq 0 ]
check "every job wrote its point file" \
	[ "$(ls "$tmpdir/par/points" | grep -c '\.tsv$')" -eq 8 ]
"$NAPISIM" sweep --collect "$tmpdir/par" --no-plot >/dev/null 2>"$tmpdir/err"
check "--collect exits 0" passed $?
"$NAPISIM" compare "$tmpdir/local/points.tsv" "$tmpdir/par" > "$tmpdir/cmp"
rc=$?
sed 's/^/# /' "$tmpdir/cmp"
check "the collected points.tsv equals the local sweep's" [ $rc -eq 0 ]

# half done: --collect writes what there is and says what is missing
sweep --out "$tmpdir/half" --emit-jobs "$tmpdir/jobs2" >/dev/null 2>&1
head -3 "$tmpdir/jobs2" | parallel --will-cite -j2 >/dev/null 2>&1
"$NAPISIM" sweep --collect "$tmpdir/half" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 1 ] && grep -q '5 of 8 points are not done yet' "$tmpdir/err"
check "--collect with 5 points missing exits 1 and says so" passed $?
check "and points.tsv holds the 3 that are done" \
	[ "$(rows "$tmpdir/half/points.tsv")" -eq 3 ]
sweep --out "$tmpdir/half" --emit-jobs "$tmpdir/jobs3" >/dev/null 2>&1
check "emitting again lists only the 5 unfinished points" \
	[ "$(wc -l < "$tmpdir/jobs3")" -eq 5 ]

# Slurm: the script is a job array over the job list
check "the Slurm script declares an array of 8 tasks" \
	grep -q '^#SBATCH --array=0-7$' "$tmpdir/slurm.sh"
check "the Slurm script is valid sh" sh -n "$tmpdir/slurm.sh"
sweep --out "$tmpdir/slurm" --emit-slurm "$tmpdir/s2.sh" >/dev/null 2>&1
SLURM_ARRAY_TASK_ID=5 sh "$tmpdir/s2.sh" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && [ -e "$tmpdir/slurm/points/000005.tsv" ] && \
	[ "$(ls "$tmpdir/slurm/points" | wc -l)" -eq 1 ]
check "array task 5 runs point 5, and only it" passed $?
done_testing
