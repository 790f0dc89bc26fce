#!/bin/bash
# The Debian package's binary (a hardened PIE: relro, bind-now; `make deb`) against `make build`'s (not a
# PIE), on what every mail pays: instructions (bench/instructions.sh, with BASELINE) and wall time (hyperfine,
# in rounds with the order rotated, as the other cases) of `--version` and of case 1 (a message no rule of a
# 20-rule file matches). More binaries to compare can be named on the command line:
#
#   bench/package.sh [NAME=BINARY …]        (BENCH_ROUNDS=10, BENCH_RUNS=300 by default)
#
# Builds both first (make build, make deb). Prints two Markdown tables; raw results in bench/out/package/.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init package valgrind dpkg-dev debhelper lintian

rounds=${BENCH_ROUNDS:-10}
runs=${BENCH_RUNS:-300}
make -s deb > "$work/deb.log" 2>&1 || { cat "$work/deb.log" >&2; exit 1; }
deb=$(ls "$root"/.build/deb/mail2sms_*_*.deb | grep -v dbgsym)
dpkg-deb -x "$deb" "$work/deb"
binaries=("make build=$bin" "package=$work/deb/usr/bin/mail2sms" "$@")

"$python" bench/gen.py rules20 "$work/rules20.conf" "$work/filter.log"
"$python" bench/gen.py plain "$work/plain.eml"
chmod 600 "$work/rules20.conf"
mkdir "$work/state"

echo "== instructions (valgrind --tool=callgrind), each against make build's"
for entry in "${binaries[@]:1}"; do
    echo "-- ${entry%%=*}"
    BASELINE=${entry#*=} BENCH_SKIP_BUILD=1 bench/instructions.sh | tail -n 4
done

dir=$out/package
mkdir -p "$dir/version" "$dir/case1"
version=() case1=()
for entry in "${binaries[@]}"; do
    name=${entry%%=*} binary=${entry#*=}
    "$binary" --state-dir "$work/state" "$work/rules20.conf" < "$work/plain.eml"
    version+=("$name" "'$binary' --version")
    case1+=("$name" "'$binary' --state-dir '$work/state' '$work/rules20.conf' < '$work/plain.eml'")
done
# --version without a shell (-N); case 1 reads its message in the shell form, the shell's start subtracted.
bench_rounds "$dir/version" "$rounds" -N --warmup 20 --runs "$runs" -- "${version[@]}" > "$dir/version.log" 2>&1
bench_rounds "$dir/case1" "$rounds" --warmup 20 --runs "$runs" -- "${case1[@]}" > "$dir/case1.log" 2>&1

echo "== wall time (hyperfine, $rounds rounds of $runs runs, medians of all runs)"
"$python" - "$dir" <<'PY'
import glob, json, os, statistics, sys
def medians(directory):
    times = {}
    for path in sorted(glob.glob(os.path.join(directory, "round-*.json"))):
        for result in json.load(open(path))["results"]:
            times.setdefault(result["command"], []).extend(result["times"])
    return {name: statistics.median(values) * 1e3 for name, values in times.items()}
version, case1 = medians(os.path.join(sys.argv[1], "version")), medians(os.path.join(sys.argv[1], "case1"))
base = next(iter(version))
print("| binary | ms, `--version` | ms, case 1 | `--version` / make build | case 1 / make build |")
print("|---|---:|---:|---:|---:|")
for name in version:
    print(f"| {name} | {version[name]:.3f} | {case1[name]:.3f} | {version[name] / version[base]:.2f} | {case1[name] / case1[base]:.2f} |")
PY
