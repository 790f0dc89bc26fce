# Shared by the benchmark scripts under bench/ (bash). Source it after `set -eu`:
#
#   . "$(dirname "$0")/lib.sh"
#   bench_init NAME PACKAGE…   cd to the repository, install missing Debian packages, build the release binary
#                              with `make build` (the Makefile's own flags), make $work (removed on exit)
#   bench_rounds DIR ROUNDS OPTIONS… -- NAME COMMAND [NAME COMMAND…]
#                              one hyperfine run of every command per round, their order rotated from round to
#                              round, each round exported to DIR/round-N.json
#
# Sets: root (the repository), bin (the release binary), out (bench/out, kept), work (a temporary folder).
# BENCH_SKIP_BUILD=1 skips the build (bench/all.sh builds once for all four).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/.build/release/mail2sms
out=$root/bench/out
python=/usr/bin/python3

# bench_need PACKAGE…: apt-get only when a package is missing, as the Makefile's apt_install does (one dpkg
# query per package on a prepared machine; daemons of new packages are not started).
bench_need() {
    local missing="" package
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
    done
    [ -n "$missing" ] || return 0
    echo "installing:$missing"
    [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; }
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
    # shellcheck disable=SC2086
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

bench_init() {
    bench_name=$1
    shift
    cd "$root"
    bench_need hyperfine time python3 "$@"
    if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
        make -s build
    fi
    [ -x "$bin" ] || { echo "$bench_name: no $bin (make build)" >&2; exit 1; }
    mkdir -p "$out"
    work=$(mktemp -d "/tmp/mail2sms-bench-$bench_name.XXXXXX")
    bench_cleanups=""
    trap 'bench_cleanup' EXIT
    trap 'exit 130' INT TERM
}

# bench_gateway COMMAND…: start a stand-in gateway (a command that prints its port as its first line) in the
# background, stop it on exit, and set $gateway to 127.0.0.1:PORT.
bench_gateway() {
    "$@" > "$work/gateway.out" &
    local pid=$! tries=0
    bench_on_exit "kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null"
    until [ -s "$work/gateway.out" ]; do
        tries=$((tries + 1))
        [ "$tries" -le 100 ] || { echo "$bench_name: the gateway ($1) printed no port" >&2; exit 1; }
        sleep 0.05
    done
    gateway=127.0.0.1:$(head -n 1 "$work/gateway.out")
}

# bench_on_exit COMMAND: run COMMAND (a string for eval) on exit, before $work is removed; last added runs first.
bench_on_exit() {
    bench_cleanups="$1; $bench_cleanups"
}

bench_cleanup() {
    local status=$?
    eval "$bench_cleanups" || true
    rm -rf "$work"
    exit "$status"
}

bench_rounds() {
    local dir=$1 rounds=$2 options names commands count round args i j
    shift 2
    options=()
    while [ "$1" != "--" ]; do options+=("$1"); shift; done
    shift
    names=() commands=()
    while [ $# -gt 0 ]; do names+=("$1"); commands+=("$2"); shift 2; done
    mkdir -p "$dir"
    rm -f "$dir"/round-*.json
    count=${#names[@]}
    round=1
    while [ "$round" -le "$rounds" ]; do
        args=()
        i=0
        while [ "$i" -lt "$count" ]; do
            j=$(( (i + round - 1) % count ))
            args+=(-n "${names[$j]}" "${commands[$j]}")
            i=$((i + 1))
        done
        echo "-- round $round of $rounds"
        hyperfine --style basic "${options[@]}" --export-json "$dir/round-$round.json" "${args[@]}"
        round=$((round + 1))
    done
}

# bench_hyperfine_line OPTIONS… -- NAME COMMAND…: the hyperfine command line of one round, for the report.
bench_hyperfine_line() {
    local line="hyperfine"
    while [ "$1" != "--" ]; do
        case $1 in *" "*) line="$line \"$1\"" ;; *) line="$line $1" ;; esac
        shift
    done
    shift
    while [ $# -gt 0 ]; do line="$line -n $1 \"$2\""; shift 2; done
    printf '%s\n' "$line"
}

# bench_peak_rss DIR RUNS [--prepare COMMAND] NAME COMMAND [NAME COMMAND…]: the peak resident set size of each
# command, as hyperfine runs it (`sh -c COMMAND`, its output discarded), under `/usr/bin/time -f %M`: the
# largest ru_maxrss of the processes it waited for, i.e. of the biggest one among sh, the command and what the
# command runs (maildrop + wget: the larger of the two, not their sum). RUNS runs of every command,
# interleaved (run r of each, in an order rotated from run to run, then run r + 1); the prepare command, if
# any, runs untimed before each (as hyperfine's --prepare). `sh -c true` is measured the same way, as `sh`:
# what the shell alone holds, not subtracted. Writes DIR/rss.tsv: name TAB median KiB TAB every run's KiB
# (space-separated), one line per command, `sh` last; bench/report.py compare adds it to the case's table.
# Stops the script if a command fails (as hyperfine does).
bench_peak_rss() {
    local dir=$1 runs=$2 prepare="" names commands values count run i j kilobytes status
    shift 2
    if [ "${1:-}" = --prepare ]; then prepare=$2; shift 2; fi
    names=() commands=()
    while [ $# -gt 0 ]; do names+=("$1"); commands+=("$2"); shift 2; done
    names+=(sh) commands+=(true)
    count=${#names[@]}
    mkdir -p "$dir"
    values=()
    run=1
    while [ "$run" -le "$runs" ]; do
        i=0
        while [ "$i" -lt "$count" ]; do
            j=$(( (i + run - 1) % count ))
            if [ -n "$prepare" ]; then
                sh -c "$prepare" || { echo "$bench_name: the prepare command failed: $prepare" >&2; exit 1; }
            fi
            status=0
            /usr/bin/time -f %M -o "$work/rss.time" sh -c "${commands[$j]}" > /dev/null 2> "$work/rss.err" || status=$?
            kilobytes=$(tail -n 1 "$work/rss.time")
            case $status:$kilobytes in
                0:[0-9]*) ;;
                *) echo "$bench_name: peak RSS: ${names[$j]} failed (status $status): $(tail -n 3 "$work/rss.err")" >&2; exit 1 ;;
            esac
            values[$j]="${values[$j]:-}${values[$j]:+ }$kilobytes"
            i=$((i + 1))
        done
        run=$((run + 1))
    done
    : > "$dir/rss.tsv"
    i=0
    while [ "$i" -lt "$count" ]; do
        printf '%s\t%s\t%s\n' "${names[$i]}" \
            "$(printf '%s\n' ${values[$i]} | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')" \
            "${values[$i]}" >> "$dir/rss.tsv"
        i=$((i + 1))
    done
}
