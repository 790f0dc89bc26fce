#!/bin/bash
# The journal's cost: the send protocol of now (a pending row reserved before the request, the sent row
# after it, SQLite's write-ahead log, one sync) against the previous design (look up, send, record: a
# rollback journal, TRUNCATE mode, synchronous=NORMAL), on the same ISE mail with one SMS, side by side.
#
#   bench/journal.sh       (as root; BASELINE=72be394 ROUNDS=3 RUNS=100 by default: BENCH_BASELINE,
#                           BENCH_ROUNDS, BENCH_RUNS)
#
# The previous design's binary is built from commit BASELINE (the last one before the protocol changed)
# with its own Makefile (`make build`: the same release flags) in a git worktree under .build-baseline/,
# once; the current one with `make build`. Both run examples/mailfilter.conf (as it is now: both read it)
# with -f sponsor@example.com --client 192.0.2.10, the password in the rules (the previous binary knows no
# password-file), the gateway moved to bench/fast-gateway.c, a stand-in
# that answers at once (a gateway that takes milliseconds would add the same to both sides and hide the
# difference), and the state directory on the repository's filesystem, bench/out/journal/ (not /tmp, which
# may be a tmpfs, where a sync costs nothing). Measured:
#  1. syncs per SMS: strace -f -e trace=fsync,fdatasync over 100 mails in a row, each its own SMS, the
#     first run creating the journal;
#  2. one mail: hyperfine, both sides in each of ROUNDS rounds (order rotated), each run on a fresh copy
#     (synced) of a state directory whose journal already holds another mail's SMS, as on a server that has
#     sent before;
#  3. 100 mails in a row from an empty state directory, each its own SMS: the journal as it grows (its
#     creation, the write-ahead log's growth and checkpoints);
#  4. 20 mails at once on one state directory (xargs -P 20), each its own SMS: the locks under contention.
# Raw results in bench/out/journal/, the summary in bench/out/journal/summary.md.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init journal strace sqlite3 gcc

baseline=${BENCH_BASELINE:-72be394}
rounds=${BENCH_ROUNDS:-3}
runs=${BENCH_RUNS:-100}
sender=sponsor@example.com
client=192.0.2.10

# The previous design's binary.
old_src=$root/.build-baseline/src
old_bin=$old_src/.build/release/mail2sms
if [ ! -x "$old_bin" ] || [ "$(git -C "$old_src" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$baseline")" ]; then
    rm -rf "$old_src"
    git worktree prune
    git worktree add --detach "$old_src" "$baseline" >/dev/null
    make -s -C "$old_src" build
fi

# The gateway.
gcc -O2 -o "$work/fast-gateway" bench/fast-gateway.c
bench_gateway "$work/fast-gateway" "$work/requests.log"
requests() { if [ -e "$work/requests.log" ]; then wc -l < "$work/requests.log"; else echo 0; fi; }

dir=$out/journal
rm -rf "$dir"
mkdir -p "$dir"
sed -e "s#127.0.0.1:13013#$gateway#" -e "s#/var/log/mail2sms/mail2sms.log#$work/mail2sms.log#" \
    -e "s#rate-per-number 5#rate-per-number 1000#" \
    -e 's#password-file "/etc/mail2sms/secrets"#password foobar#' examples/mailfilter.conf > "$work/mailfilter.conf"
grep -q "$gateway" "$work/mailfilter.conf" || { echo "journal.sh: could not move the example's gateway" >&2; exit 1; }
grep -q "password foobar" "$work/mailfilter.conf" || { echo "journal.sh: could not set the example's password" >&2; exit 1; }
chmod 600 "$work/mailfilter.conf"
# Mail N: its own password, number and Message-ID.
mail() { "$python" bench/gen.py ise "$work/mail$1.eml" "$(printf '48600%06d' "$1")" "pw$1" "mail$1@ise.example.com"; }
for n in $(seq 0 120); do mail "$n"; done
run() { "$1" -f "$sender" --client "$client" --state-dir "$2" "$work/mailfilter.conf" < "$3"; }

# 1. Syncs per SMS, and the time spent in them (strace -T: the time inside each call).
: > "$dir/syncs.tsv"
for side in previous current; do
    binary=$old_bin
    [ "$side" = current ] && binary=$bin
    state=$dir/state-$side
    rm -rf "$state" && mkdir "$state"
    for n in $(seq 1 100); do
        strace -f -qq -T -e trace=fsync,fdatasync -o "$work/strace" "$binary" -f "$sender" --client "$client" \
            --state-dir "$state" "$work/mailfilter.conf" < "$work/mail$n.eml"
        count=$(grep -c . "$work/strace" || true)
        seconds=$(sed -n 's/.*<\([0-9.]*\)>$/\1/p' "$work/strace" | awk '{ s += $1 } END { printf "%.6f", s }')
        printf '%s\t%s\t%s\t%s\n' "$side" "$n" "$count" "$seconds" >> "$dir/syncs.tsv"
    done
done

# 2. One mail, on a copy of a journal that holds another mail's SMS (the templates, also for 3).
for side in previous current; do
    binary=$old_bin
    [ "$side" = current ] && binary=$bin
    template=$dir/template-$side
    rm -rf "$template" && mkdir "$template"
    run "$binary" "$template" "$work/mail0.eml"
done
# Both sides in each round, their order rotated, after one preparation that resets both states.
prepare="for side in previous current; do rm -rf '$dir'/state-\$side && cp -a '$dir'/template-\$side '$dir'/state-\$side && sync '$dir'/state-\$side '$dir'/state-\$side/*; done"
before=$(requests)
set -- --warmup 10 --runs "$runs" --prepare "$prepare" -- \
    previous "'$old_bin' -f $sender --client $client --state-dir '$dir/state-previous' '$work/mailfilter.conf' < '$work/mail1.eml'" \
    current "'$bin' -f $sender --client $client --state-dir '$dir/state-current' '$work/mailfilter.conf' < '$work/mail1.eml'"
bench_rounds "$dir/one" "$rounds" "$@"
[ $(( $(requests) - before )) -eq $(( 2 * rounds * (runs + 10) )) ] ||
    { echo "journal.sh: $(( $(requests) - before )) requests, expected $(( 2 * rounds * (runs + 10) ))" >&2; exit 1; }

# 3. A hundred mails in a row, from an empty state directory.
row() { echo "for n in \$(seq 1 100); do '$1' -f $sender --client $client --state-dir '$dir/row-$2' '$work/mailfilter.conf' < '$work/mail'\$n.eml; done"; }
fresh="rm -rf '$dir/row-previous' '$dir/row-current' && mkdir '$dir/row-previous' '$dir/row-current'"
set -- --warmup 1 --runs 5 --prepare "$fresh" -- previous "$(row "$old_bin" previous)" current "$(row "$bin" current)"
bench_rounds "$dir/row" "$rounds" "$@"

# 4. Twenty mails at once on one state directory.
burst() { echo "seq 101 120 | xargs -P 20 -I{} sh -c \"'$1' -f $sender --client $client --state-dir '$dir/state-$2' '$work/mailfilter.conf' < '$work/mail{}.eml'\""; }
set -- --warmup 2 --runs 20 --prepare "$prepare" -- previous "$(burst "$old_bin" previous)" current "$(burst "$bin" current)"
bench_rounds "$dir/burst" "$rounds" "$@"

"$python" - "$dir" "$(stat -f -c %T "$dir")" "$baseline" "$(git rev-parse --short HEAD)" <<'PY'
import glob, json, statistics, sys
directory, filesystem, baseline, head = sys.argv[1:]
def times(pattern):
    values = []
    for path in sorted(glob.glob(pattern)):
        for result in json.load(open(path))["results"]:
            values += result["times"]
    return values
def named(pattern, name):
    values = []
    for path in sorted(glob.glob(pattern)):
        for result in json.load(open(path))["results"]:
            if result["command"] == name:
                values += result["times"]
    return values
syncs, spent = {}, {}
for line in open(f"{directory}/syncs.tsv"):
    side, _, count, seconds = line.rstrip("\n").split("\t")
    syncs.setdefault(side, []).append(int(count))
    spent.setdefault(side, []).append(float(seconds) * 1000)
one = {side: statistics.median(named(f"{directory}/one/round-*.json", side)) * 1000 for side in ("previous", "current")}
burst = {side: statistics.median(named(f"{directory}/burst/round-*.json", side)) * 1000 for side in ("previous", "current")}
row = {side: statistics.median(named(f"{directory}/row/round-*.json", side)) * 1000 / 100 for side in ("previous", "current")}
def rounds(case):
    ratios = []
    for path in sorted(glob.glob(f"{directory}/{case}/round-*.json")):
        results = {r["command"]: r["median"] for r in json.load(open(path))["results"]}
        ratios.append(results["current"] / results["previous"])
    return f"{min(ratios):.2f}–{max(ratios):.2f}"
lines = [
    f"journal: previous design ({baseline}) against current ({head}); state directory on {filesystem}",
    "",
    "| | previous | current | current / previous |",
    "|---|---|---|---|",
    f"| syncs per SMS, 100 mails (first run creates the journal) | {sum(syncs['previous']) / 100:.2f} | {sum(syncs['current']) / 100:.2f} | {sum(syncs['current']) / max(sum(syncs['previous']), 1):.2f} |",
    f"| syncs in a run after the first (median) | {statistics.median(syncs['previous'][1:]):.0f} | {statistics.median(syncs['current'][1:]):.0f} | |",
    f"| ms inside the syncs, a run after the first (median, strace -T) | {statistics.median(spent['previous'][1:]):.2f} | {statistics.median(spent['current'][1:]):.2f} | {statistics.median(spent['current'][1:]) / statistics.median(spent['previous'][1:]):.2f} |",
    f"| one mail, one SMS, on a journal that exists: median ms | {one['previous']:.2f} | {one['current']:.2f} | {one['current'] / one['previous']:.2f} (rounds {rounds('one')}) |",
    f"| 100 mails in a row from an empty journal: median ms per mail | {row['previous']:.2f} | {row['current']:.2f} | {row['current'] / row['previous']:.2f} (rounds {rounds('row')}) |",
    f"| 20 mails at once, one SMS each: median ms for all | {burst['previous']:.1f} | {burst['current']:.1f} | {burst['current'] / burst['previous']:.2f} (rounds {rounds('burst')}) |",
]
open(f"{directory}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
