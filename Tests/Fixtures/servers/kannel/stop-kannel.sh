#!/bin/sh
# Stops what start-kannel.sh started in DIR: SIGKILL by PID, from DIR/{smsbox,bearerbox,sink,watcher}.pid.
#
#   stop-kannel.sh DIR
#
# SIGKILL because a signal mask inherited from `swift test` can block SIGTERM. A PID is killed only if
# /proc/PID/cmdline still names our program and DIR (PIDs get reused); a zombie counts as stopped, since
# PID 1 here reaps only now and then. Waits (at most 5 s) until every one is gone.
set -u

[ $# -eq 1 ] || { echo "usage: stop-kannel.sh DIR" >&2; exit 64; }
dir=$1
[ -d "$dir" ] || exit 0
dir=$(cd "$dir" && pwd)

# ours PID NAME: PID still runs NAME with something in DIR on its command line.
ours() {
    cmdline=$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null) || return 1
    case $cmdline in
        *"$2"*"$dir"*) return 0 ;;
        *) return 1 ;;
    esac
}

# running PID: not gone and not a zombie.
running() {
    state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

pids=
# smsbox first: it would only log errors once bearerbox is gone.
for name in smsbox bearerbox sink watcher; do
    pid=$(cat "$dir/$name.pid" 2>/dev/null) || continue
    case $name in
        sink) program=kannel-sink.py ;;
        watcher) program=kannel-watcher ;;
        *) program=/usr/sbin/$name ;;
    esac
    if ours "$pid" "$program"; then
        kill -KILL "$pid" 2>/dev/null
        pids="$pids $pid"
    fi
    rm -f "$dir/$name.pid"
done

for _ in $(seq 50); do
    left=
    for pid in $pids; do
        running "$pid" && left="$left $pid"
    done
    [ -z "$left" ] && exit 0
    sleep 0.1
done
echo "stop-kannel.sh: still running:$left" >&2
exit 1
