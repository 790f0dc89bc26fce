#!/bin/sh
# Starts a real Postfix 3.7 (the Debian package postfix) on 127.0.0.1 for mail2sms's end-to-end tests, as
# its own instance with everything inside DIR, delivering mail for sms.test through pipe(8) to mail2sms:
#
#   start-postfix.sh DIR MAIL2SMS_BINARY RULES_FILE [OWNER_PID]
#       prints   smtp=PORT rules=DIR/rules/mailfilter.conf state=DIR/state log=DIR/log/postfix.log
#
# DIR gets etc/ (main.cf, master.cf: drive it with `postfix -c DIR/etc`, `postqueue -c DIR/etc`,
# `sendmail -C DIR/etc`), spool/ (the queue), data/, log/postfix.log (maillog_file), bin/ (a copy of
# MAIL2SMS_BINARY and mbox-append), rules/mailfilter.conf (a copy of RULES_FILE: rewrite that one to change
# the rules), state/ (owned by nobody: mail2sms's log file can go there, the example's secrets file is there; bounces.mbox collects every mail for
# *@e2e.test, bounces included), master.pid and `ports` (the line printed). With OWNER_PID, a watcher runs
# stop-postfix.sh once that process is gone, so that a test run that crashes or is killed leaves no daemon.
#
# Routing (transport_maps): sms.test → the `sms` pipe (mail2sms as nobody, one recipient per run, given
# with -r as examples/postfix/master.cf does, its journal in DIR/state), e2e.test → the `capture` pipe; everything else → error:, so nothing ever leaves.
# smtpd listens on 127.0.0.1 only. Tunable by the environment:
#   POSTFIX_SMS_TIME_LIMIT  sms_time_limit, seconds (90: above mail2sms's own 60 s deadline, since past
#                           it Postfix kills mail2sms and BOUNCES the mail)
#   POSTFIX_MIN_BACKOFF     minimal_backoff_time, seconds (2): when a deferred mail is retried first
#   POSTFIX_MAX_BACKOFF     maximal_backoff_time, seconds (4)
#   POSTFIX_QUEUE_RUN_DELAY queue_run_delay, seconds (1)
#   POSTFIX_CONCURRENCY     parallel mail2sms runs (10)
#   POSTFIX_SYSLOG_SOCKET   a syslog daemon's socket (a test's own rsyslogd, start-rsyslog.sh): pipe(8)
#                           gives mail2sms MAIL2SMS_SYSLOG_SOCKET=PATH (import_environment sets it,
#                           export_environment passes it on), so its syslog records go there, not to /dev/log
#   POSTFIX_SNIPPET         a folder with the Postfix settings of examples/postfix/ (as the Debian package
#                           and make install ship them, in share/doc/mail2sms/examples), applied verbatim in
#                           place of the harness's own sms routing: master.cf's lines replace the `sms` line
#                           (mail2sms then runs as they say, e.g. /usr/bin/mail2sms as user mail2sms on
#                           /etc/mail2sms/mailfilter.conf; MAIL2SMS_BINARY and RULES_FILE are not used);
#                           main.cf's lines replace relay_domains, transport_maps and
#                           sms_destination_recipient_limit; each table main.cf names in $config_directory
#                           (hash:$config_directory/transport, cidr:…/ise_clients, …) is the folder's file of
#                           that name, copied to DIR/etc and postmap'ed where its type needs it. The transport
#                           table gets e2e.test's capture line added.
#
# Exits 0 once master runs, pickup's socket exists and smtpd greets with 220; otherwise stops what it started
# and exits 1 with the reason on stderr. Must run as root (Postfix's own instance, pipe's user=nobody).
set -eu

# Again without inherited descriptors and signal mask (see clean-start.sh).
. "$(dirname "$0")/../clean-start.sh"
. "$(dirname "$0")/../harness.sh"

# The whole start is bounded, in tenths of a second (observed: 0.5 to 0.7 s on a new DIR).
READY_LIMIT=200
# Tries with a fresh port when master cannot bind smtpd's.
START_ATTEMPTS=3

[ $# -ge 3 ] && [ $# -le 4 ] || { echo "usage: start-postfix.sh DIR MAIL2SMS_BINARY RULES_FILE [OWNER_PID]" >&2; exit 64; }
binary=$2 rules_source=$3 owner=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
for program in /usr/sbin/postfix /usr/sbin/postqueue /usr/sbin/postconf /usr/lib/postfix/sbin/master; do
    [ -x "$program" ] || {
        echo "start-postfix.sh: $program not found: install the Debian package postfix (make test-deps;" \
             "preseed postfix/main_mailer_type 'No configuration')" >&2
        exit 1
    }
done
[ "$(id -u)" -eq 0 ] || { echo "start-postfix.sh: must run as root (a Postfix instance of its own)" >&2; exit 1; }
[ -x "$binary" ] || { echo "start-postfix.sh: $binary is not an executable" >&2; exit 1; }
[ -r "$rules_source" ] || { echo "start-postfix.sh: cannot read $rules_source" >&2; exit 1; }
snippet=${POSTFIX_SNIPPET:-}
if [ -n "$snippet" ]; then
    for file in master.cf main.cf; do
        [ -r "$snippet/$file" ] || { echo "start-postfix.sh: POSTFIX_SNIPPET: cannot read $snippet/$file" >&2; exit 1; }
    done
fi
case ${POSTFIX_SYSLOG_SOCKET:-} in
    *[!A-Za-z0-9/._-]*) echo "start-postfix.sh: POSTFIX_SYSLOG_SOCKET: only letters, digits and /._- please (it goes into main.cf)" >&2; exit 1 ;;
esac
command -v flock >/dev/null || { echo "start-postfix.sh: flock not found (util-linux)" >&2; exit 1; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
case $dir in
    *[!A-Za-z0-9/._-]*) echo "start-postfix.sh: $dir: only letters, digits and /._- please (it goes into main.cf and argv)" >&2; exit 1 ;;
esac

die() {
    echo "start-postfix.sh: $*" >&2
    /bin/sh "$here/stop-postfix.sh" "$dir" >/dev/null 2>&1 || true
    exit 1
}

ticks=0
# tick REASON: one tenth of a second more, or give up after READY_LIMIT.
tick() {
    ticks=$((ticks + 1))
    [ "$ticks" -le "$READY_LIMIT" ] || die "timed out after $((READY_LIMIT / 10)) s waiting for $1 (see $dir/log)"
    sleep 0.1
}

# running PID: PID exists and is not a zombie (PID 1 here reaps only now and then).
running() {
    state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

# pipe(8) runs mail2sms as nobody: every folder above DIR must let it through (mktemp -d makes 0700 ones).
chmod 755 "$dir"
runuser -u nobody -- test -x "$dir" ||
    { echo "start-postfix.sh: nobody cannot reach $dir: every folder above it needs o+x" >&2; exit 1; }

mkdir -p "$dir/etc" "$dir/spool" "$dir/data" "$dir/log" "$dir/bin" "$dir/rules" "$dir/state"
chmod 755 "$dir/etc" "$dir/log" "$dir/bin" "$dir/rules"
chown postfix "$dir/data"    # master's lock, as Postfix's post-install would make it
chmod 700 "$dir/data"
chown nobody:nogroup "$dir/state"
chmod 755 "$dir/state"
install -m 755 "$binary" "$dir/bin/mail2sms"
rules=$dir/rules/mailfilter.conf
[ "$rules_source" -ef "$rules" ] || install -m 644 "$rules_source" "$rules"
chmod 644 "$rules"
: > "$dir/state/bounces.mbox"
chown nobody:nogroup "$dir/state/bounces.mbox"
# The example gateway's password file (examples/secrets), as mail2sms wants it: the pipe's user's, not for others.
install -m 600 -o nobody -g nogroup "$(dirname "$0")/../../../../examples/secrets" "$dir/state/secrets"

# The capture transport: one message (flags=F: after a `From ` line) appended under flock, since pipe runs
# deliveries in parallel, then a blank line.
cat > "$dir/bin/mbox-append" <<'SH'
#!/bin/sh
# mbox-append FILE: appends the message on stdin to FILE, one writer at a time.
set -eu
exec 9>>"$1"
flock 9
cat >&9
echo >&9
SH
chmod 755 "$dir/bin/mbox-append"
for file in bin/mail2sms bin/mbox-append; do
    runuser -u nobody -- test -x "$dir/$file" || die "nobody cannot execute $dir/$file"
done
runuser -u nobody -- test -r "$rules" || die "nobody cannot read $rules"
runuser -u nobody -- test -w "$dir/state" || die "nobody cannot write into $dir/state"

if [ -n "$owner" ]; then
    # Its own command line names DIR, so that stop-postfix.sh can tell it from a reused PID.
    start_watcher postfix "$dir" "$owner" "$here/stop-postfix.sh"
fi

# write_config: main.cf and master.cf for $port.
write_config() {
    cat > "$dir/etc/main.cf" <<CF
# Generated by start-postfix.sh: a Postfix of its own, on 127.0.0.1, everything in $dir.
compatibility_level = 3.6
config_directory = $dir/etc
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
# This machine's name is no domain; and no syslog daemon runs, so postlogd writes the log.
myhostname = e2e.localdomain
mydomain = e2e.localdomain
myorigin = e2e.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
# The harness speaks for the ISE (or an outsider) with XCLIENT ADDR=…, which pipe(8) passes as \${client_address}.
smtpd_authorized_xclient_hosts = 127.0.0.1
maillog_file = $dir/log/postfix.log
maillog_file_prefixes = $dir/log
$(syslog_socket)
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = no
smtpd_banner = \$myhostname ESMTP e2e
# Routing: sms.test to mail2sms (or the snippet's domain, below), e2e.test (senders, bounces) to the capture
# file, and nothing leaves.
$(routing)
default_transport = error:5.7.1 nothing leaves this test instance
relay_transport = error:5.7.1 nothing leaves this test instance
local_transport = error:5.7.1 nothing leaves this test instance
virtual_transport = error:5.7.1 nothing leaves this test instance
# Up to POSTFIX_CONCURRENCY mail2sms runs at once from the start (not from 5, growing); past the time limit
# Postfix kills it and bounces the mail.
sms_destination_concurrency_limit = ${POSTFIX_CONCURRENCY:-10}
sms_initial_destination_concurrency = ${POSTFIX_CONCURRENCY:-10}
sms_time_limit = ${POSTFIX_SMS_TIME_LIMIT:-90}s
default_process_limit = $(( ${POSTFIX_CONCURRENCY:-10} + 10 ))
# Deferred mail comes back fast, so that retries happen within a test.
queue_run_delay = ${POSTFIX_QUEUE_RUN_DELAY:-1}s
minimal_backoff_time = ${POSTFIX_MIN_BACKOFF:-2}s
maximal_backoff_time = ${POSTFIX_MAX_BACKOFF:-4}s
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
CF
    [ -z "$snippet" ] || { echo "# $snippet/main.cf:"; cat "$snippet/main.cf"; } >> "$dir/etc/main.cf"

    # chroot n everywhere: a jail would need /etc files copied in.
    cat > "$dir/etc/master.cf" <<CF
# Generated by start-postfix.sh.
# service  type  private unpriv chroot wakeup maxproc command
127.0.0.1:$port inet n - n - - smtpd
pickup     unix  n       -      n      60     1       pickup
cleanup    unix  n       -      n      -      0       cleanup
qmgr       unix  n       -      n      300    1       qmgr
rewrite    unix  -       -      n      -      -       trivial-rewrite
bounce     unix  -       -      n      -      0       bounce
defer      unix  -       -      n      -      0       bounce
trace      unix  -       -      n      -      0       bounce
verify     unix  -       -      n      -      1       verify
flush      unix  n       -      n      1000?  0       flush
proxymap   unix  -       -      n      -      -       proxymap
proxywrite unix  -       -      n      -      1       proxymap
showq      unix  n       -      n      -      -       showq
error      unix  -       -      n      -      -       error
retry      unix  -       -      n      -      -       error
discard    unix  -       -      n      -      -       discard
anvil      unix  -       -      n      -      1       anvil
scache     unix  -       -      n      -      1       scache
postlog    unix-dgram n  -      n      -      1       postlogd
capture    unix  -       n      n      -      1       pipe
  flags=F user=nobody argv=$dir/bin/mbox-append $dir/state/bounces.mbox
CF
    if [ -n "$snippet" ]; then
        { echo "# $snippet/master.cf:"; cat "$snippet/master.cf"; } >> "$dir/etc/master.cf"
    else
        cat >> "$dir/etc/master.cf" <<CF
sms        unix  -       n      n      -      -       pipe
  flags=Rq user=nobody argv=$dir/bin/mail2sms --state-dir $dir/state -f \${sender} -r \${recipient} --client \${client_address} --queue-id \${queue_id} $rules
CF
    fi
}

# syslog_socket: with POSTFIX_SYSLOG_SOCKET, the environment settings that hand it to mail2sms (Postfix's
# defaults, plus the one variable).
syslog_socket() {
    [ -n "${POSTFIX_SYSLOG_SOCKET:-}" ] || return 0
    echo "import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ XAUTHORITY DISPLAY LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME MAIL2SMS_SYSLOG_SOCKET=$POSTFIX_SYSLOG_SOCKET"
    echo "export_environment = TZ MAIL_CONFIG LANG MAIL2SMS_SYSLOG_SOCKET"
}

# routing: main.cf's lines that route the sms domain: the harness's own, or with a snippet a note that its
# main.cf's lines (appended at the end) do.
routing() {
    if [ -z "$snippet" ]; then
        echo "relay_domains = sms.test"
        echo "transport_maps = inline:{ sms.test=sms:, e2e.test=capture: }"
        echo "# One mail2sms run per recipient."
        echo "sms_destination_recipient_limit = 1"
    else
        echo "# relay_domains, transport_maps, sms_destination_recipient_limit: from $snippet/main.cf, at the end."
    fi
}

# make_tables: with a snippet, each table its main.cf names in DIR/etc from the snippet's file of that name
# (the transport table with e2e.test's capture added), postmap'ed if its type is an indexed one.
make_tables() {
    [ -n "$snippet" ] || return 0
    tables=$(/usr/sbin/postconf -c "$dir/etc" -xn | grep -o "[a-z]*:$dir/etc/[A-Za-z0-9._-]*" | sort -u)
    case " $(/usr/sbin/postconf -c "$dir/etc" -xh transport_maps) " in
        *":$dir/etc/transport "*) ;;
        *) die "$snippet/main.cf: transport_maps names no \$config_directory/transport (the harness adds e2e.test's capture to it)" ;;
    esac
    for table in $tables; do
        file=${table#*:}
        name=${file##*/}
        [ -r "$snippet/$name" ] || die "$snippet/main.cf names $table, and there is no $snippet/$name"
        { echo "# $snippet/$name:"; cat "$snippet/$name"; } > "$file"
        [ "$name" != transport ] || echo "e2e.test  capture:" >> "$file"
        case ${table%%:*} in
            hash|btree|lmdb|cdb|dbm|sdbm) /usr/sbin/postmap -c "$dir/etc" "$table" || die "postmap $table failed" ;;
        esac
    done
}

# Postfix reads a configuration file only once its mtime lies before the moment it started reading
# (load_file(3): a file just written might still change), dozing 0.3 s at a time meanwhile: that cost 1.5 to
# 2.5 s on every start.
backdate_config() {
    touch -d '-10 seconds' "$dir/etc/main.cf" "$dir/etc/master.cf"
}

# greets PORT: smtpd on 127.0.0.1:PORT answers with a 220 banner.
greets() {
    python3 - "$1" <<'PY'
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
        s.settimeout(1)
        banner = s.recv(512)
        s.sendall(b"QUIT\r\n")
    sys.exit(0 if banner.startswith(b"220") else 1)
except OSError:
    sys.exit(1)
PY
}

# start_postfix: `postfix start` (master -w returns once master initialized), then waits for pickup and
# smtpd. Fails, leaving the reason in $failure, if master does not come up: another harness can take the
# port between pick_port and the bind.
start_postfix() {
    if ! /usr/sbin/postfix -c "$dir/etc" start </dev/null >"$dir/log/start.out" 2>&1; then
        failure="postfix start failed: $(grep -v ': info: ' "$dir/log/start.out" | tail -n 3; tail -n 3 "$dir/log/postfix.log" 2>/dev/null)"
        return 1
    fi
    pid=$(awk '{ print $1; exit }' "$dir/spool/pid/master.pid" 2>/dev/null) || pid=
    [ -n "$pid" ] || { failure="no $dir/spool/pid/master.pid"; return 1; }
    echo "$pid" > "$dir/master.pid"
    until [ -S "$dir/spool/public/pickup" ] && greets "$port"; do
        running "$pid" || { failure="master exited: $(tail -n 3 "$dir/log/postfix.log" 2>/dev/null)"; return 1; }
        tick "pickup and smtpd on 127.0.0.1:$port"
    done
}

attempt=1
while :; do
    port=$(pick_port)
    [ -n "$port" ] || die "no free port on 127.0.0.1"
    write_config
    make_tables
    backdate_config
    start_postfix && break
    /bin/sh "$here/stop-postfix.sh" "$dir" --keep-watcher >/dev/null 2>&1 || true
    # Only a port taken meanwhile is worth another try.
    case $failure in *"Address already in use"*) ;; *) die "$failure" ;; esac
    [ "$attempt" -lt "$START_ATTEMPTS" ] || die "$failure"
    attempt=$((attempt + 1))
done

echo "smtp=$port rules=$rules state=$dir/state log=$dir/log/postfix.log" | tee "$dir/ports"
