#!/bin/sh
# Stops the PostgreSQL server start-postgresql.sh started in DIR, by the PID in DIR/postgres.pid, and its
# watcher; the cluster stays in DIR/data, for a later start-postgresql.sh DIR:
#
#   stop-postgresql.sh DIR
#
# SIGINT first: PostgreSQL's fast shutdown (sessions ended, a checkpoint, every process gone, postmaster.pid
# removed). Should the server still run after STOP_LIMIT, SIGKILL to it and to the processes it had started
# (a backend outlives a killed postmaster until it notices). The PID is signalled only while
# /proc/PID/cmdline still names DIR's cluster, so a reused PID is left alone; a zombie counts as stopped (PID
# 1 here reaps only now and then). Exits 0 once every one is gone, 1 if some still run.
set -u

# The fast shutdown's bound, in tenths of a second (observed: about 0.1 s).
STOP_LIMIT=100
# How long SIGKILLed processes may take to be gone, in tenths of a second.
KILL_LIMIT=50

[ $# -eq 1 ] || { echo "usage: stop-postgresql.sh DIR" >&2; exit 64; }
[ -d "$1" ] || exit 0
dir=$(cd "$1" && pwd)

# running PID: not gone and not a zombie.
running() {
    state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

# ours PID: PID runs this DIR's server.
ours() {
    running "$1" && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "-D $dir/data "
}

# children PID: the PIDs of PID's child processes (the server's checkpointer, backends …).
children() {
    sed -n 's/^\([0-9]*\) .*) . \([0-9]*\) .*/\1 \2/p' /proc/[0-9]*/stat 2>/dev/null | awk -v parent="$1" '$2 == parent { print $1 }'
}

# wait_gone LIMIT PID…: waits at most LIMIT tenths of a second until none of the PIDs runs.
wait_gone() {
    limit=$1
    shift
    ticks=0
    while :; do
        left=
        for pid in "$@"; do
            running "$pid" && left="$left $pid"
        done
        [ -n "$left" ] || return 0
        [ "$ticks" -lt "$limit" ] || return 1
        ticks=$((ticks + 1))
        sleep 0.1
    done
}

if [ -f "$dir/watcher.pid" ]; then
    watcher=$(cat "$dir/watcher.pid")
    tr '\0' ' ' < "/proc/$watcher/cmdline" 2>/dev/null | grep -qF "postgresql-watcher $dir " && kill -KILL "$watcher" 2>/dev/null
    rm -f "$dir/watcher.pid"
fi

left=
if [ -f "$dir/postgres.pid" ]; then
    server=$(cat "$dir/postgres.pid")
    if ours "$server"; then
        kill -INT "$server" 2>/dev/null
        if ! wait_gone "$STOP_LIMIT" "$server"; then
            echo "stop-postgresql.sh: no fast shutdown within $((STOP_LIMIT / 10)) s: SIGKILL" >&2
            family="$server $(children "$server")"
            # shellcheck disable=SC2086 # one PID a word
            kill -KILL $family 2>/dev/null
            # shellcheck disable=SC2086
            wait_gone "$KILL_LIMIT" $family || left=$family
        fi
    fi
    [ -n "$left" ] || rm -f "$dir/postgres.pid"
fi
[ -z "$left" ] && exit 0
echo "stop-postgresql.sh: still running:$left" >&2
exit 1
