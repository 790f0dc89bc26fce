#!/bin/bash
# `make bench`: the four benchmark cases of BENCHMARKS.md in one run on this machine, then one summary.
#
#   bench/all.sh              (as root, for case 4; `make bench` builds first and runs this)
#
#   1 bench/nonmatching.sh    non-matching message, 20 rules: mail2sms against maildrop
#   2 bench/ise-send.sh       the ISE message, one send: mail2sms against the seed's maildrop + wget and curl
#   3 bench/scaling.sh        1 KiB to 10 MiB messages, 10 to 1,000 rules: time and peak RSS, the chart
#   4 bench/postfix-kannel.sh real Postfix + Kannel: added latency per mail and messages per second, mail2sms
#                             against the seed's maildrop + wget and dd in the same rounds, duplicate SMS
#   5 bench/journal-postgresql.sh  the ISE message, one send, with the journal in PostgreSQL against SQLite
#
# Each case's output goes to bench/out/logs/CASE.log (shown if it fails); the summary (medians, ratios,
# pass/fail against the targets) is printed at the end and written to bench/out/summary.md, ready to paste
# into BENCHMARKS.md. A case that fails to run stops the run; a target not met does not, unless
# BENCH_STRICT=1 (then the exit status is 1). The run takes about 5 minutes.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    make -s build
fi
export BENCH_SKIP_BUILD=1
mkdir -p bench/out/logs
rm -f bench/out/nonmatching.json bench/out/ise-send.json bench/out/scaling.json bench/out/postfix-kannel.json \
    bench/out/journal-postgresql.json bench/out/summary.md

for case in nonmatching ise-send scaling postfix-kannel journal-postgresql; do
    started=$(date +%s)
    printf '== %s … ' "$case"
    if "bench/$case.sh" > "bench/out/logs/$case.log" 2>&1; then
        echo "done in $(( $(date +%s) - started )) s (log: bench/out/logs/$case.log)"
    else
        status=$?
        echo "FAILED (exit $status); the end of bench/out/logs/$case.log:"
        tail -n 30 "bench/out/logs/$case.log"
        exit "$status"
    fi
done
echo
/usr/bin/python3 bench/report.py summary
