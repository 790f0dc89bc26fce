#!/bin/sh
# Starts a real PostgreSQL (the Debian package postgresql) of its own for mail2sms's journal tests, on
# 127.0.0.1 only, everything in DIR:
#
#   start-postgresql.sh DIR [OWNER_PID]
#       prints   url=postgresql://mail2sms@127.0.0.1:PORT/mail2sms port=PORT pid=PID
#
# The first start makes a cluster in DIR/data (initdb --no-sync: a test cluster that a crash of the host may
# lose; the server itself runs with fsync on, the default) listening on a free port of 127.0.0.1 and on a unix
# socket in DIR/run (never /var/run/postgresql: the host's own clusters are not touched). pg_hba.conf lets the
# superuser `postgres` in over that socket without a password (DIR/run is 0700: root and postgres only) and
# everyone over TCP with SCRAM-SHA-256 only. It creates the login role `mail2sms` with a random password and the
# database `mail2sms` it owns, and writes DIR/port, DIR/password (0600, one line) and DIR/url, the URL without
# the password, last. A later start on the same DIR (after stop-postgresql.sh) starts the same cluster on the
# same port.
#
# The server (`postgres -D DIR/data`) runs in the background as the system user postgres that the package makes
# (initdb and postgres refuse root), or as the caller when not root; its PID goes to DIR/postgres.pid, its
# output to DIR/postgresql.log. stop-postgresql.sh DIR stops it by that PID. With OWNER_PID, a watcher runs
# stop-postgresql.sh once that process is gone.
#
# POSTGRESQL_BIN names the version's bin folder; by default the newest /usr/lib/postgresql/*/bin with initdb.
# Exits 0 once the server accepts connections; otherwise stops what it started (and removes a cluster it
# made) and exits 1 with the reason on stderr.
set -eu

# Again without inherited descriptors and signal mask (see clean-start.sh).
. "$(dirname "$0")/../clean-start.sh"
. "$(dirname "$0")/../harness.sh"

# The wait for the server to accept connections, in tenths of a second (observed: under 0.5 s).
READY_LIMIT=100
# The system user the server runs as when started by root.
ACCOUNT=postgres

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: start-postgresql.sh DIR [OWNER_PID]" >&2; exit 64; }
owner=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
bin=${POSTGRESQL_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r b; do
    [ -x "$b/initdb" ] && echo "$b"; done | tail -n 1)}
for program in initdb postgres psql; do
    [ -x "$bin/$program" ] || { echo "start-postgresql.sh: no $program in ${bin:-/usr/lib/postgresql/*/bin}: install the Debian package postgresql (make test-deps)" >&2; exit 1; }
done
mkdir -p "$1"
dir=$(cd "$1" && pwd)
case $dir in
    *[!A-Za-z0-9/._-]*) echo "start-postgresql.sh: $dir: only letters, digits and /._- please" >&2; exit 1 ;;
esac
# A socket address holds 107 bytes: DIR/run/.s.PGSQL.PORT.
[ ${#dir} -le 85 ] || { echo "start-postgresql.sh: $dir is too long for a socket's path" >&2; exit 1; }
data=$dir/data
run=$dir/run

# The client and server read PG* variables (PGHOST, PGPASSWORD, PGDATA …): none of the caller's apply.
for variable in $(env | sed -n 's/^\(PG[A-Z_]*\)=.*/\1/p'); do unset "$variable"; done

if [ "$(id -u)" -eq 0 ]; then
    id -u "$ACCOUNT" >/dev/null 2>&1 || { echo "start-postgresql.sh: no user $ACCOUNT (the package postgresql makes it)" >&2; exit 1; }
    # What runs initdb and the server as that user, with a clean environment: `$as_server COMMAND…` (a
    # command rather than a function, so that the server started in the background keeps the PID of `$!`).
    as_server="setpriv --reuid=$ACCOUNT --regid=$ACCOUNT --init-groups --reset-env"
    chmod 755 "$dir"
    $as_server test -x "$dir" || { echo "start-postgresql.sh: user $ACCOUNT cannot reach $dir" >&2; exit 1; }
else
    as_server=
fi

# running PID: PID exists and is not a zombie (PID 1 here reaps only now and then).
running() {
    state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

# ours PID: PID runs this DIR's server.
ours() {
    running "$1" && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "-D $data "
}

if [ -f "$dir/postgres.pid" ] && ours "$(cat "$dir/postgres.pid")"; then
    echo "start-postgresql.sh: already running in $dir (PID $(cat "$dir/postgres.pid"))" >&2
    exit 1
fi

# A cluster counts as made once DIR/url is written, at the very end of the first start.
fresh=
[ -f "$dir/url" ] || fresh=1

die() {
    echo "start-postgresql.sh: $*" >&2
    /bin/sh "$here/stop-postgresql.sh" "$dir" >/dev/null 2>&1 || true
    # A half-made cluster would be taken for a made one by the next start.
    [ -z "$fresh" ] || rm -rf "$data" "$run" "$dir/port" "$dir/password"
    exit 1
}

# reason: the end of the server's log, which says why it did not start.
reason() {
    tail -n 5 "$dir/postgresql.log" 2>/dev/null || true
}

# make_cluster: initdb in DIR/data and the configuration for $port; the server is not started.
make_cluster() {
    rm -rf "$data" "$run"
    mkdir -m 700 "$data" "$run"
    [ "$(id -u)" -ne 0 ] || chown "$ACCOUNT:$ACCOUNT" "$data" "$run"
    $as_server "$bin/initdb" -D "$data" -U postgres --no-sync --encoding=UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 > "$dir/initdb.log" 2>&1 ||
        die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    cat >> "$data/postgresql.conf" <<CONF

# Written by start-postgresql.sh: 127.0.0.1 only, the socket in $run, SCRAM passwords; fsync stays on.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$run'
password_encryption = 'scram-sha-256'
CONF
    cat > "$data/pg_hba.conf" <<HBA
# Written by start-postgresql.sh: the superuser over the socket (in a 0700 folder), SCRAM over TCP, nothing else.
# TYPE  DATABASE  USER      ADDRESS       METHOD
local   all       postgres                trust
host    all       all       127.0.0.1/32  scram-sha-256
HBA
}

# start_server: postgres in the background, then waits until it accepts connections (postmaster.pid's
# status line says "ready", as pg_ctl -w waits).
start_server() {
    # A server that was killed leaves its lock files (the data folder's, the socket's), and postgres refuses to
    # start while the PID in one exists, a zombie included: a lock file whose PID is not this cluster's server
    # is stale.
    for lock in "$data/postmaster.pid" "$run"/.s.PGSQL.*.lock; do
        [ -f "$lock" ] || continue
        ours "$(sed -n 1p "$lock")" || rm -f "$lock"
    done
    $as_server "$bin/postgres" -D "$data" </dev/null >>"$dir/postgresql.log" 2>&1 &
    echo $! > "$dir/postgres.pid"
    pid=$(cat "$dir/postgres.pid")
    ticks=0
    until [ "$(sed -n 1p "$data/postmaster.pid" 2>/dev/null)" = "$pid" ] &&
          [ "$(sed -n '8s/ *$//p' "$data/postmaster.pid" 2>/dev/null)" = ready ]; do
        running "$pid" || die "postgres exited: $(reason)"
        ticks=$((ticks + 1))
        [ "$ticks" -le "$READY_LIMIT" ] || die "postgres not ready after $((READY_LIMIT / 10)) s: $(reason)"
        sleep 0.1
    done
}

# make_account: the role mail2sms with a random password, and its database.
make_account() {
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    (umask 077 && echo "$password" > "$dir/password")
    # The password through standard input, not the command line that ps shows.
    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$run" -p "$port" -U postgres -d postgres \
        > "$dir/setup.log" 2>&1 <<SQL || die "creating the role and database failed: $(cat "$dir/setup.log")"
\\set password '$password'
CREATE ROLE mail2sms LOGIN PASSWORD :'password';
CREATE DATABASE mail2sms OWNER mail2sms;
SQL
}

# The watcher first, so that nothing started below outlives the owner. Its own command line names DIR, so
# that stop-postgresql.sh can tell it from a reused PID. One left by a server that died is replaced.
if [ -f "$dir/watcher.pid" ]; then
    watcher=$(cat "$dir/watcher.pid")
    tr '\0' ' ' < "/proc/$watcher/cmdline" 2>/dev/null | grep -qF "postgresql-watcher $dir " && kill -KILL "$watcher" 2>/dev/null
    rm -f "$dir/watcher.pid"
fi
if [ -n "$owner" ]; then
    start_watcher postgresql "$dir" "$owner" "$here/stop-postgresql.sh"
fi

if [ -n "$fresh" ]; then
    port=$(pick_port)
    [ -n "$port" ] || die "no free port on 127.0.0.1"
    echo "$port" > "$dir/port"
    make_cluster
    start_server
    make_account
    echo "postgresql://mail2sms@127.0.0.1:$port/mail2sms" > "$dir/url"
else
    port=$(cat "$dir/port")
    start_server
fi
echo "url=$(cat "$dir/url") port=$port pid=$pid"
