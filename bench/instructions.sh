#!/bin/bash
# Instructions executed (valgrind --tool=callgrind, which counts, unlike a clock, the same on a busy machine)
# by the release binary on what every mail pays: `--version` (start-up alone) and case 1 (a message no rule
# of a 20-rule file matches, bench/gen.py rules20 and plain, as in bench/nonmatching.sh). With BASELINE set to
# another binary, both side by side and their ratio.
#
#   bench/instructions.sh                              (the release binary of `make build`)
#   BASELINE=path/to/mail2sms bench/instructions.sh    (and another, e.g. from a worktree of an older commit)
#
# Prints a Markdown table; the same numbers in bench/out/instructions.tsv.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init instructions valgrind

"$python" bench/gen.py rules20 "$work/rules20.conf" "$work/filter.log"
"$python" bench/gen.py plain "$work/plain.eml"
chmod 600 "$work/rules20.conf"
mkdir "$work/state"

# count BINARY ARGS…: instructions of one run, stdin from the plain message.
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" < "$work/plain.eml" > /dev/null 2> "$work/callgrind.out"
    sed -n 's/^==[0-9]*== Collected : *//p' "$work/callgrind.out"
}

sides=("current:$bin")
[ -n "${BASELINE:-}" ] && sides=("baseline:$BASELINE" "${sides[@]}")
: > "$out/instructions.tsv"
for side in "${sides[@]}"; do
    name=${side%%:*} binary=${side#*:}
    version=$(count "$binary" --version)
    case1=$(count "$binary" --state-dir "$work/state" "$work/rules20.conf")
    printf '%s\t%s\t%s\n' "$name" "$version" "$case1" >> "$out/instructions.tsv"
done
"$python" - "$out/instructions.tsv" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
print("| binary | instructions, `--version` | instructions, case 1 |")
print("|---|---:|---:|")
for name, version, case1 in rows:
    print(f"| {name} | {int(version):,} | {int(case1):,} |")
if len(rows) == 2:
    (_, v0, c0), (_, v1, c1) = rows
    print(f"| current / baseline | {int(v1) / int(v0):.3f} | {int(c1) / int(c0):.3f} |")
PY
