#!/bin/sh
# Stops the Postfix instance that start-postfix.sh started in DIR, and its watcher:
#
#   stop-postfix.sh DIR [--keep-watcher]
#
# SIGKILL, because a signal mask inherited from `swift test` can block SIGTERM: first master's process group
# (master, qmgr, pickup, smtpd, pipe …), then every process left whose environment says
# MAIL_CONFIG=DIR/etc (master exports it to each daemon, and pipe passes it on to mail2sms, which need not
# be in master's group). Checking the environment also keeps a reused PID safe. A zombie counts as
# stopped, since PID 1 here reaps only now and then. Waits (at most 5 s) until every one is gone.
set -u

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: stop-postfix.sh DIR [--keep-watcher]" >&2; exit 64; }
dir=$1
keep_watcher=${2:-}
[ -d "$dir" ] || exit 0
dir=$(cd "$dir" && pwd)

# ours PID: PID runs with MAIL_CONFIG=DIR/etc in its environment.
ours() {
    tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null | grep -qxF "MAIL_CONFIG=$dir/etc"
}

# running PID: not gone and not a zombie.
running() {
    state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

# instance: the PIDs of every live process of this instance (one grep over all environments).
instance() {
    for file in $(grep -lzxF "MAIL_CONFIG=$dir/etc" /proc/[0-9]*/environ 2>/dev/null); do
        pid=${file#/proc/}
        pid=${pid%/environ}
        [ "$pid" != $$ ] && running "$pid" && echo "$pid"
    done
}

pids=
if [ "$keep_watcher" != --keep-watcher ]; then
    pid=$(cat "$dir/watcher.pid" 2>/dev/null) &&
        case $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) in
            *postfix-watcher*"$dir"*) kill -KILL "$pid" 2>/dev/null; pids=$pid ;;
        esac
    rm -f "$dir/watcher.pid"
fi

master=$(cat "$dir/master.pid" 2>/dev/null) || master=
if [ -n "$master" ] && running "$master" && ours "$master"; then
    kill -KILL -- "-$master" 2>/dev/null || kill -KILL "$master" 2>/dev/null
fi
rm -f "$dir/master.pid"

for _ in $(seq 50); do
    left=
    for pid in $pids; do
        running "$pid" && left="$left $pid"
    done
    for pid in $(instance); do
        kill -KILL "$pid" 2>/dev/null
        left="$left $pid"
    done
    if [ -z "$left" ]; then
        # What master leaves behind would make a later `postfix start` in DIR think it still runs.
        rm -f "$dir/spool/pid/master.pid"
        exit 0
    fi
    sleep 0.1
done
echo "stop-postfix.sh: still running:$left" >&2
exit 1
