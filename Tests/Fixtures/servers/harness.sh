# Sourced by the start scripts of the test daemons (postfix/, kannel/, rsyslog/, postgresql/) after
# clean-start.sh: what they share.

# start_watcher NAME DIR OWNER_PID STOP_SCRIPT: runs `/bin/sh STOP_SCRIPT DIR` once OWNER_PID is gone (or a
# zombie), so that a test process that dies leaves no daemon behind. Its command line is
# `NAME-watcher DIR OWNER_PID STOP_SCRIPT`, so that the stop script can tell it from a reused PID; its PID
# goes to DIR/watcher.pid, which it removes before it stops the daemon.
start_watcher() {
    sh -c '
        while state=$(sed "s/^.*) \(.\).*/\1/" "/proc/$2/stat" 2>/dev/null) && [ "$state" != Z ]; do
            sleep 0.5
        done
        rm -f "$1/watcher.pid"
        exec /bin/sh "$3" "$1"' "$1-watcher" "$2" "$3" "$4" </dev/null >/dev/null 2>&1 &
    echo $! > "$2/watcher.pid"
}

# pick_port: a free port on 127.0.0.1, below the ephemeral range so that no outgoing connection takes it
# meanwhile; a random start keeps parallel harnesses apart.
pick_port() {
    python3 - <<'PY'
import random, socket
for _ in range(200):
    port = random.randrange(20000, 32000)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
PY
}
