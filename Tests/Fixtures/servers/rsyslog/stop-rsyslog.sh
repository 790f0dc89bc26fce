#!/bin/sh
# Stops the rsyslogd start-rsyslog.sh started in DIR, by the PID it recorded, and its watcher:
#
#   stop-rsyslog.sh DIR
#
# The PID is signalled only while /proc/PID/cmdline still names DIR's configuration, so a reused PID is left
# alone; a zombie counts as stopped (PID 1 here reaps only now and then).
set -u
dir=${1:?usage: stop-rsyslog.sh DIR}

# ours PID: PID runs (not a zombie) and is this DIR's rsyslogd.
ours() {
    state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] || return 1
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "-f $dir/rsyslog.conf"
}

if [ -f "$dir/started.pid" ]; then
    pid=$(cat "$dir/started.pid")
    if ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null
        ticks=0
        while ours "$pid" && [ "$ticks" -lt 50 ]; do ticks=$((ticks + 1)); sleep 0.1; done
        ! ours "$pid" || kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$dir/started.pid"
fi
if [ -f "$dir/watcher.pid" ]; then
    watcher=$(cat "$dir/watcher.pid")
    tr '\0' ' ' < "/proc/$watcher/cmdline" 2>/dev/null | grep -qF rsyslog-watcher && kill -TERM "$watcher" 2>/dev/null
    rm -f "$dir/watcher.pid"
fi
exit 0
