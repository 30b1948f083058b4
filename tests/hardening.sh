#!/bin/sh
# tests/hardening.sh - napisim against hostile or careless input (TAP):
# generated Slurm scripts run nothing but their job; result files never
# replace a device, FIFO or symbolic link; the scenario is never
# overwritten by its results; sweep directories stay under results/runs
# whatever the scenario's name; a start that could not write sweep.ini
# can be repeated; cleaning a sweep never follows a symbolic link; every
# point is checked before any runs; the SimGrid context factory can be
# chosen and does not change results.  doc/robustness.md lists the
# promises these keep.
. "$top_srcdir/tests/tap.sh"

s=$tmpdir/s.ini
cat > "$s" <<'INI'
[scenario]
name=hard
[traffic]
packets=200
size=64
rate_pps=100000;200000
INI
nl='
'

# ---------------------------------------------------------------- Slurm
# A name or description is one line of text: a line break would end a
# comment of the script and start a command.
"$NAPISIM" sweep "$s" --set "scenario.description=x${nl}touch $tmpdir/PWNED" \
	--out "$tmpdir/nl" --emit-slurm "$tmpdir/nl.sh" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'scenario.description: control character U+000A'
check "a description with a line break exits 2 with one line" passed $?
check "and writes nothing" [ ! -e "$tmpdir/nl" ] && [ ! -e "$tmpdir/nl.sh" ]

# Everything else a user writes is quoted: $(...) in the directory and
# the scenario name runs nothing, even when the task has no job and the
# script echoes the job list's path.
evil="$tmpdir/d\$(touch $tmpdir/PWNED)\`touch $tmpdir/PWNED\`"
"$NAPISIM" sweep "$s" --set "scenario.name=n;\$(touch $tmpdir/PWNED)" \
	--out "$evil" --emit-slurm "$tmpdir/job.sh" >/dev/null 2>"$tmpdir/err"
check "--emit-slurm with \$(...) in the name and directory exits 0" passed $?
(cd "$tmpdir" && SLURM_ARRAY_JOB_ID=1 SLURM_ARRAY_TASK_ID=0 \
	sh "$tmpdir/job.sh" >/dev/null 2>&1)
check "array task 0 runs point 0" [ -e "$evil/points/000000.tsv" ]
(cd "$tmpdir" && SLURM_ARRAY_JOB_ID=1 SLURM_ARRAY_TASK_ID=7 \
	sh "$tmpdir/job.sh" >/dev/null 2>&1)
check "a task with no job fails" [ $? -ne 0 ]
check "and nothing in the name or directory ran" [ ! -e "$tmpdir/PWNED" ]
check "the job name keeps only safe characters" \
	grep -q '^#SBATCH --job-name=napisim-n___touch_' "$tmpdir/job.sh"

"$NAPISIM" sweep "$s" --out "$tmpdir/a${nl}b" --emit-jobs "$tmpdir/j" \
	>/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with '--out: a control character'
check "an --out with a line break exits 2 (it broke the job list)" passed $?

# ---------------------------------------------------------------- outputs
out() { "$NAPISIM" run "$s" --set traffic.rate_pps=100000 -o "$1" 2>"$tmpdir/err"; }

echo old > "$tmpdir/target.tsv"
ln -s target.tsv "$tmpdir/link.tsv"
out "$tmpdir/link.tsv"
[ $? -eq 0 ] && [ -L "$tmpdir/link.tsv" ] && grep -q 'tput' "$tmpdir/target.tsv" &&
	grep -q '^scenario=hard' "$tmpdir/link.tsv.meta"
check "-o a symbolic link: the link stays, its target gets the results" passed $?

mkfifo "$tmpdir/fifo"
cat "$tmpdir/fifo" > "$tmpdir/from-fifo" &
reader=$!
out "$tmpdir/fifo"
rc=$?
# a FIFO replaced by a file leaves the reader waiting for a writer
if [ -p "$tmpdir/fifo" ]; then wait $reader; else kill $reader; fi
[ $rc -eq 0 ] && [ -p "$tmpdir/fifo" ] && grep -q 'tput' "$tmpdir/from-fifo"
check "-o a FIFO: written in place, still a FIFO" passed $?
check "and no metadata beside a FIFO" [ ! -e "$tmpdir/fifo.meta" ]

if mknod "$tmpdir/null" c 1 3 2>/dev/null; then
	out "$tmpdir/null"
	[ $? -eq 0 ] && [ -c "$tmpdir/null" ]
	check "-o a copy of /dev/null: written in place, still a device" passed $?
else
	ok "# SKIP mknod is not allowed here"
fi

echo old > "$tmpdir/mode.tsv"
chmod 640 "$tmpdir/mode.tsv"
out "$tmpdir/mode.tsv"
[ $? -eq 0 ] && [ "$(stat -c %a "$tmpdir/mode.tsv")" = 640 ]
check "replacing a file keeps its mode (640)" passed $?

cp "$s" "$tmpdir/same.ini"
"$NAPISIM" run "$tmpdir/same.ini" -o "$tmpdir/same.ini" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'is the scenario file' && cmp -s "$s" "$tmpdir/same.ini"
check "run S.ini -o S.ini exits 2 and leaves the scenario as it was" passed $?
"$NAPISIM" sweep "$tmpdir/same.ini" --out "$tmpdir/same" \
	--emit-jobs "$tmpdir/same.ini" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'must not name the scenario file' && cmp -s "$s" "$tmpdir/same.ini"
check "and so does sweep S.ini --emit-jobs S.ini" passed $?

# ---------------------------------------------------------------- names
mkdir -p "$tmpdir/cwd/a/b"
printf '[scenario]\nname=../../../escaped\n[traffic]\npackets=200\n' > "$tmpdir/esc.ini"
(cd "$tmpdir/cwd/a/b" && "$NAPISIM" sweep "$tmpdir/esc.ini" \
	--emit-jobs "$tmpdir/esc.jobs" >/dev/null 2>&1)
[ "$(ls "$tmpdir/cwd/a/b/results/runs" | grep -c '^___\.\._\.\._escaped-')" -eq 1 ] && \
	[ -z "$(find "$tmpdir/cwd" -name '*escaped-*' | grep -v /a/b/results/runs/)" ]
check "name=../../../escaped: the sweep directory stays in results/runs" passed $?
printf '[scenario]\nname=/abs/x\n[traffic]\npackets=200\n' > "$tmpdir/abs.ini"
(cd "$tmpdir/cwd" && "$NAPISIM" sweep "$tmpdir/abs.ini" \
	--emit-jobs "$tmpdir/abs.jobs" >/dev/null 2>&1)
check "name=/abs/x: one directory, _abs_x-..., not a tree" \
	[ -d "$(echo "$tmpdir"/cwd/results/runs/_abs_x-*)" ]

# ---------------------------------------------------------------- sweeps
# Every point is checked before any runs.  A run of a point whose reader
# is on a CPU the machine does not have is bad input, and so is a sweep
# in which no point can run: exit 2, one line naming the file, the point
# and its keys, nothing simulated.
"$NAPISIM" run "$s" --set cpu.count=2 --set 'app.cpu=0;5' \
	-o "$tmpdir/cpu.tsv" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with "s.ini: point 2 (traffic.rate_pps=100000, app.cpu=5): \[app\] cpu: 5 is not a CPU (\[cpu\] count=2)"
check "run: a point on a missing CPU: exit 2, one line naming file, point and keys" passed $?
check "and nothing was simulated" [ ! -e "$tmpdir/cpu.tsv" ]
"$NAPISIM" sweep "$s" --set cpu.count=2 --vary app.cpu=5,6 \
	--out "$tmpdir/cpu" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with "no point can run as configured: .*s.ini: point 0 (traffic.rate_pps=100000, app.cpu=5): \[app\] cpu: 5 is not a CPU (\[cpu\] count=2)"
check "sweep: every point on a missing CPU: exit 2, one line naming file and keys" passed $?
check "and nothing was simulated" [ ! -e "$tmpdir/cpu" ]
# Some points that cannot run: found before any runs, never simulated,
# logged; the others run (tests/sweep.sh has the messages).
"$NAPISIM" sweep "$s" --set cpu.count=2 --vary app.cpu=0,5 \
	--out "$tmpdir/cpu" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && [ "$(finished "$tmpdir/cpu")" -eq 2 ] &&
	grep -q 'is not a CPU' "$tmpdir/cpu/logs/000001.log" &&
	[ ! -e "$tmpdir/cpu/points/000001.tsv" ]
check "sweep: the points on a missing CPU are logged, not simulated; the others run" passed $?

# A full disk while sweep.ini was written (ulimit -f: scenario.ini fits
# in its 512-byte blocks, sweep.ini's long set= line does not) leaves
# a directory the same command can start again.
many=$(i=0; while [ $i -lt 200 ]; do printf '%s,' $((100000 + i)); i=$((i + 1)); done)
full="$s --vary traffic.rate_pps=${many}1 --out $tmpdir/full --emit-jobs $tmpdir/full.jobs"
(trap '' XFSZ; ulimit -f 1; "$NAPISIM" sweep $full >/dev/null 2>"$tmpdir/err")
check "writing sweep.ini beyond ulimit -f fails" [ $? -ne 0 ]
"$NAPISIM" sweep $full >/dev/null 2>"$tmpdir/err"
check "the same sweep again starts in that directory" passed $?

# Resuming removes the temporaries of point files, and nothing else: not
# through a points/ that was made a symbolic link, never another file.
r=$tmpdir/resume
"$NAPISIM" sweep "$s" --out "$r" --no-plot >/dev/null 2>&1
mkdir "$tmpdir/victim"
echo keep > "$tmpdir/victim/results.tsv.bak"
echo keep > "$tmpdir/victim/000001.tsv.abcdef"
echo tmp > "$r/points/000007.tsv.XyZ123"
echo keep > "$r/points/notes.tsv.txt"
"$NAPISIM" sweep --out "$r" --no-plot >/dev/null 2>&1
[ ! -e "$r/points/000007.tsv.XyZ123" ] && [ -e "$r/points/notes.tsv.txt" ]
check "resume removes a point temporary, not other *.tsv.* files" passed $?
mv "$r/points" "$r/points.real"
ln -s "$tmpdir/victim" "$r/points"
"$NAPISIM" sweep --out "$r" --no-plot >/dev/null 2>&1
[ -e "$tmpdir/victim/results.tsv.bak" ] && [ -e "$tmpdir/victim/000001.tsv.abcdef" ]
check "resume never deletes through a symlinked points/" passed $?

# ---------------------------------------------------------------- SimGrid
# The context factory is how SimGrid switches between actors: any gives
# the same results (thread is what an AddressSanitizer build needs).
"$NAPISIM" run "$s" --set traffic.rate_pps=200000 -o "$tmpdir/raw.tsv" 2>/dev/null
NAPISIM_CONTEXT_FACTORY=thread "$NAPISIM" run "$s" --set traffic.rate_pps=200000 \
	-o "$tmpdir/thread.tsv" 2>/dev/null
"$NAPISIM" compare "$tmpdir/raw.tsv" "$tmpdir/thread.tsv" >/dev/null 2>&1
check "NAPISIM_CONTEXT_FACTORY=thread gives the same results as raw" passed $?

# A terminal's Ctrl-C goes to the whole process group: the simulating
# children die quietly, and the sweep says what it kept, in one line.
cat > "$tmpdir/slow.ini" <<'INI'
[traffic]
packets=20000000
[stack]
mode=deliver
[app]
cpu=1
INI
setsid "$NAPISIM" sweep "$tmpdir/slow.ini" --vary traffic.rate_pps=1,2 \
	--out "$tmpdir/int" --no-plot -j2 >/dev/null 2>"$tmpdir/err" &
pid=$!
# wait for the two children (or the end), and a moment more so that they
# are inside SimGrid
while kill -0 $pid 2>/dev/null && [ "$(children $pid)" -lt 2 ]; do
	sleep 0.02
done
sleep 0.3
kill -INT -$pid 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 1 ] && one_line_with 'interrupted: [0-9] of 2 points done'
check "Ctrl-C on a sweep: exit 1 and one line on stderr" passed $?
# a point's child keeps its report pipe's own descriptor: the dynamic
# linker's debug output (LD_DEBUG_OUTPUT, opened before main()) used to
# land in the pipe once it was moved onto fd 3 (descriptors 3-9 closed
# first: make's jobserver may hold them, and the linker's file must be
# the lowest free one)
LD_DEBUG=bindings LD_DEBUG_OUTPUT="$tmpdir/ld" sh -c \
	'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; exec "$@"' sh "$NAPISIM" run \
	"$top_srcdir/scenarios/udp-sink.ini" --set traffic.packets=100 -j2 \
	--format tsv --columns tput > "$tmpdir/out" 2>"$tmpdir/err" &&
	[ "$(sort -u "$tmpdir/out")" = "$(printf '100\ntput')" ]
check "LD_DEBUG_OUTPUT does not reach a point's report" passed $?
done_testing
