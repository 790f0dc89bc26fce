#!/bin/sh
# Runs each libFuzzer target for SECONDS: first on its committed regression inputs
# (Tests/Fixtures/fuzz-regressions/TARGET, each must run clean), then fuzzing from its corpus in
# BUILD/corpus/TARGET (kept between runs, never committed) seeded from the test fixtures.
#   Fuzz/run.sh SECONDS [TARGET...]      BUILD is $FUZZ_BUILD or .build-fuzz; FUZZ_RUNS=N also stops
#                                        after N executions
# Fails on the first crash, sanitizer report, leak, timeout (one input over 10 s) or memory blow-up
# (2 GB); the input that did it is left in BUILD/artifacts/TARGET/ to be fixed and added as a regression.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: Fuzz/run.sh SECONDS [TARGET...]" >&2; exit 64; }
seconds=$1
shift
build=${FUZZ_BUILD:-.build-fuzz}
targets=${*:-message rules template smstext filter}
Fuzz/build.sh "$build" $targets
# The Swift runtime's own backtracer would wait for a debugger-style symbolication after a crash;
# the sanitizer's report is enough.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

for target in $targets; do
    case $target in
        message)  seeds="Tests/Fixtures/messages"; max_len=16384 ;;
        rules)    seeds="Tests/Fixtures/rules Tests/Fixtures/diagnostics Tests/Fixtures/differential examples"; max_len=16384 ;;
        template) seeds="Fuzz/Seeds/template"; max_len=4096 ;;
        smstext)  seeds="Fuzz/Seeds/smstext"; max_len=4096 ;;
        filter)   seeds="$build/seeds/filter"; max_len=16384
                  # Each test message behind each first byte (rule file) up to 63: made here, not committed.
                  mkdir -p "$seeds"
                  i=0
                  for m in Tests/Fixtures/messages/*.eml; do
                      for k in 0 1 2; do
                          n=$(( (i * 3 + k) % 64 ))
                          { printf "\\$(printf %03o "$n")"; cat "$m"; } >"$seeds/$n-$(basename "$m")"
                      done
                      i=$((i + 1))
                  done ;;
        *) echo "unknown fuzz target $target" >&2; exit 64 ;;
    esac
    dict=""
    [ -e "Fuzz/Dictionaries/$target.dict" ] && dict="-dict=Fuzz/Dictionaries/$target.dict"
    [ "$target" = filter ] && dict="-dict=Fuzz/Dictionaries/message.dict"
    corpus="$build/corpus/$target" artifacts="$build/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    regressions="Tests/Fixtures/fuzz-regressions/$target"
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        echo "== $target: replaying $regressions"
        if ! "$build/$target" -timeout=10 -rss_limit_mb=2048 "$regressions"/* >"$build/$target.replay.log" 2>&1; then
            tail -n 60 "$build/$target.replay.log" >&2
            echo "fuzz target $target failed on a regression input" >&2
            exit 1
        fi
    fi
    echo "== $target: fuzzing for $seconds s"
    log="$build/$target.log"
    # shellcheck disable=SC2086
    if ! "$build/$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
            ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -print_final_stats=1 -artifact_prefix="$artifacts" $dict \
            "$corpus" $seeds >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz target $target failed; the input is in $artifacts" >&2
        exit 1
    fi
    grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || true
done
