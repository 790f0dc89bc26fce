#!/bin/bash
# Case 1: a message that no rule matches, through a 20-rule file, mail2sms against maildrop running the
# same file. This is what most mail costs when a filter sits on a busy domain.
#
#   bench/nonmatching.sh          (ROUNDS=5 RUNS=150 RSS_RUNS=10 by default; BENCH_ROUNDS, BENCH_RUNS,
#                                  BENCH_RSS_RUNS override)
#
# The rule file (bench/gen.py rules20): 15 header rules `if (/^Subject:.*Guest Account N/ &&
# /^From:.*iseN@example\.com/)` and 5 body rules `if (/^PasswordN:\s*(\S+)/:b)`, each with a `log`, valid
# for both programs; it opens a `logfile` (both write nothing to it here), sets DEFAULT to /dev/null and ends
# in `exit`, so that maildrop delivers nothing. The message (bench/gen.py plain): 8 header fields and 40 body
# lines, 3 KB. Both run in maildrop's manual mode style, `PROGRAM FILTER < message` (maildrop as in
# `maildrop ./filter`; mail2sms with --state-dir, which it does not touch when nothing is sent).
#
# hyperfine (Debian's 1.15: no --input, so the shell form `cmd < file`, hyperfine subtracting the shell's
# own start) runs both commands, one after the other, in each of ROUNDS rounds, their order rotated; every
# run of every round is pooled, and bench/report.py takes the medians and the ratio (target: mail2sms
# ≤ 0.65 × maildrop). Peak RSS: lib.sh's bench_peak_rss, the same two commands under `/usr/bin/time -f %M`
# (shell form, as hyperfine runs them), RSS_RUNS runs each, interleaved, medians beside the times. Raw results
# in bench/out/nonmatching/ (rss.tsv the peak RSS), the case's summary in bench/out/nonmatching.json.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init nonmatching maildrop

rounds=${BENCH_ROUNDS:-5}
runs=${BENCH_RUNS:-150}
rss_runs=${BENCH_RSS_RUNS:-10}
"$python" bench/gen.py rules20 "$work/rules20.conf" "$work/filter.log"
"$python" bench/gen.py plain "$work/plain.eml"
chmod 600 "$work/rules20.conf"
mkdir "$work/state"

# Both must accept the file and deliver nothing, with status 0 (hyperfine also fails on a nonzero status).
"$bin" --check "$work/rules20.conf" >/dev/null
maildrop "$work/rules20.conf" < "$work/plain.eml"
"$bin" --state-dir "$work/state" "$work/rules20.conf" < "$work/plain.eml"
[ ! -s "$work/filter.log" ] || { echo "nonmatching.sh: a rule matched the plain message" >&2; exit 1; }

dir=$out/nonmatching
mkdir -p "$dir"
m2s="'$bin' --state-dir '$work/state' '$work/rules20.conf' < '$work/plain.eml'"
md="maildrop '$work/rules20.conf' < '$work/plain.eml'"
set -- --warmup 10 --runs "$runs" -- mail2sms "$m2s" maildrop "$md"
printf 'mail2sms\t%s\nmaildrop\t%s\n' "$m2s" "$md" | sed "s#$work#\$WORK#g; s#$root/##g" > "$dir/commands.tsv"
printf 'hyperfine\t%s\nrounds\t%s\n' "$(bench_hyperfine_line "$@" | sed "s#$work#\$WORK#g; s#$root/##g")" "$rounds" > "$dir/meta.tsv"
bench_rounds "$dir" "$rounds" "$@"
bench_peak_rss "$dir" "$rss_runs" mail2sms "$m2s" maildrop "$md"
"$python" bench/report.py compare nonmatching "$dir"
"$python" bench/report.py summary nonmatching
