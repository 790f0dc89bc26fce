#!/bin/bash
# Case 3: how mail2sms's time and peak memory grow with the message and with the rule file.
#
#   bench/scaling.sh          (ROUNDS=5 RUNS=30 RSS_RUNS=5 by default; BENCH_ROUNDS, BENCH_RUNS, BENCH_RSS_RUNS)
#
# Message series: bench/gen.py messages of 1 KiB, 10 KiB, 100 KiB, 1 MiB, 2.5, 5, 7.5 and 10 MiB, each
# multipart/mixed with a short text part holding the ISE credentials, a base64 attachment of about 90 % of
# the size and a plain-text part of about 6 % (8,000 lines at 10 MiB), run through 10 rules of
# bench/rules.sh's shape. Rule series: 10, 100, 250, 500, 750 and 1,000 rules of that shape (nine in ten a
# header pattern, one in ten a body pattern, then a Username body rule) against the 100 KB plain-text
# message of bench/rules.sh (1,400 body lines). Nothing is sent: no rule has an `sms`.
#
# Time: one hyperfine invocation per series (shell form, `mail2sms RULES < message`), in ROUNDS rounds with
# the order rotated, every run pooled; medians. Peak RSS: `/usr/bin/time -v` ("Maximum resident set size"),
# RSS_RUNS runs of each point, interleaved; medians. bench/report.py writes bench/out/scaling.csv, the chart
# bench/out/scaling.png (copied to bench/scaling.png, which BENCHMARKS.md shows), and the checks: the
# 10 MiB message ≤ 50 ms and peak RSS ≤ 3 × its size, 1,000 rules ≤ 20 ms, and a straight line through each
# series (least squares) with R² ≥ 0.98. The intermediate points are there so that a linear axis can show
# whether the growth is linear.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init scaling python3-matplotlib valgrind

rounds=${BENCH_ROUNDS:-5}
runs=${BENCH_RUNS:-30}
rss_runs=${BENCH_RSS_RUNS:-5}
sizes="1024 10240 102400 1048576 2621440 5242880 7864320 10485760"
rule_counts="10 100 250 500 750 1000"

dir=$out/scaling
rm -rf "$dir"
mkdir -p "$dir" "$work/state"
: > "$dir/inputs.tsv"
size_points=() rules_points=()
"$python" bench/gen.py rules 10 "$work/rules-10.conf"
for size in $sizes; do
    name="$(( size / 1024 ))KiB"
    "$python" bench/gen.py message "$size" "$work/$name.eml"
    printf '%s\t%s\n' "$name" "$size" >> "$dir/inputs.tsv"
    size_points+=("$name" "'$bin' --state-dir '$work/state' '$work/rules-10.conf' < '$work/$name.eml'")
done
"$python" bench/gen.py plain100k "$work/plain100k.eml"
for count in $rule_counts; do
    name="rules-$count"
    [ -e "$work/$name.conf" ] || "$python" bench/gen.py rules "$count" "$work/$name.conf"
    printf '%s\t%s\n' "$name" "$count" >> "$dir/inputs.tsv"
    rules_points+=("$name" "'$bin' --state-dir '$work/state' '$work/$name.conf' < '$work/plain100k.eml'")
done
chmod 600 "$work"/*.conf

# Every point once, checked (hyperfine also stops on a nonzero status).
"$bin" --check "$work/rules-1000.conf" >/dev/null
"$bin" -n --state-dir "$work/state" "$work/rules-10.conf" < "$work/10240KiB.eml" | grep -q 'USERNAME=jkowalski7' ||
    { echo "scaling.sh: the Username rule did not match the 10 MiB message's text part" >&2; exit 1; }

# Peak RSS, interleaved: run r of every point, then run r + 1.
: > "$dir/rss.tsv"
rss() {
    name=$1 rules=$2 message=$3
    /usr/bin/time -v "$bin" --state-dir "$work/state" "$rules" < "$message" 2> "$work/time.out" >/dev/null
    kilobytes=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time.out")
    [ -n "$kilobytes" ] || { echo "scaling.sh: no peak RSS from /usr/bin/time -v: $(cat "$work/time.out")" >&2; exit 1; }
    printf '%s\t%s\n' "$name" "$kilobytes" >> "$dir/rss.tsv"
}
run=1
while [ "$run" -le "$rss_runs" ]; do
    for size in $sizes; do
        name="$(( size / 1024 ))KiB"
        rss "$name" "$work/rules-10.conf" "$work/$name.eml"
    done
    for count in $rule_counts; do
        rss "rules-$count" "$work/rules-$count.conf" "$work/plain100k.eml"
    done
    run=$((run + 1))
done

# Instructions executed, one valgrind (callgrind) run per point: unlike wall time they do not move with the
# VM's neighbours, so the linearity checks are made on them (wall time's own fit is shown beside).
: > "$dir/instructions.tsv"
instructions() {
    name=$1 rules=$2 message=$3
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --state-dir "$work/state" "$rules" \
        < "$message" 2> "$work/callgrind.out" >/dev/null
    count=$(sed -n 's/^==[0-9]*== Collected : *//p' "$work/callgrind.out")
    [ -n "$count" ] || { echo "scaling.sh: no instruction count from valgrind: $(tail -n 3 "$work/callgrind.out")" >&2; exit 1; }
    printf '%s\t%s\n' "$name" "$count" >> "$dir/instructions.tsv"
}
for size in $sizes; do
    name="$(( size / 1024 ))KiB"
    instructions "$name" "$work/rules-10.conf" "$work/$name.eml"
done
for count in $rule_counts; do
    instructions "rules-$count" "$work/rules-$count.conf" "$work/plain100k.eml"
done

set -- --warmup 3 --runs "$runs" --
bench_rounds "$dir/size" "$rounds" "$@" "${size_points[@]}"
bench_rounds "$dir/rules" "$rounds" "$@" "${rules_points[@]}"
{
    printf 'rounds\t%s\n' "$rounds"
    printf 'message series, one round\t%s\n' "$(bench_hyperfine_line "$@" "${size_points[@]:0:2}") … (one -n per size)"
    printf 'rule series, one round\t%s\n' "$(bench_hyperfine_line "$@" "${rules_points[@]:0:2}") … (one -n per rule count)"
    printf 'peak RSS\t/usr/bin/time -v mail2sms --state-dir $WORK/state RULES < MESSAGE, %s runs each, median\n' "$rss_runs"
    printf 'instructions\tvalgrind --tool=callgrind mail2sms --state-dir $WORK/state RULES < MESSAGE, one run each\n'
} | sed "s#$work#\$WORK#g; s#$root/##g" > "$dir/meta.tsv"
"$python" bench/report.py scaling "$dir"
cp "$out/scaling.png" bench/scaling.png
"$python" bench/report.py summary scaling
echo "chart: bench/out/scaling.png, copied to bench/scaling.png"
