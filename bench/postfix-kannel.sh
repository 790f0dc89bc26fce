#!/bin/bash
# Case 4: throughput of mail2sms behind a real Postfix 3.7 and in front of a real Kannel 1.4.5, on this
# machine, and the latency it adds to each mail.
#
#   bench/postfix-kannel.sh   (as root; COUNT=200 ROUNDS=2 SINGLE=30 WARMUP=10 CONNECTIONS=4 by default:
#                              BENCH_COUNT, BENCH_ROUNDS, BENCH_SINGLE, BENCH_WARMUP, BENCH_CONNECTIONS)
#
# The test harness's own scripts start both on 127.0.0.1 in a temporary folder:
# Tests/Fixtures/servers/kannel/start-kannel.sh (bearerbox, smsbox, kannel-sink.py as the SMSC) and
# Tests/Fixtures/servers/postfix/start-postfix.sh (its own instance: sms.test goes through pipe(8) to the
# release binary as nobody, one recipient a run, POSTFIX_CONCURRENCY = 10 at once). The rules are
# examples/mailfilter.conf with the gateway moved to Kannel's sendsms port, the log and the password file
# (start-postfix.sh installs examples/secrets there, nobody's, 0600) into the state folder and
# the guard allowing the envelope sender sponsor@e2e.test from the SMTP client 127.0.0.1 (the load's). The
# script then adds, in that instance's configuration only, a `baseline` pipe transport for baseline.test
# running `dd of=/dev/null` (reads the mail, does nothing) with the same recipient and concurrency limits,
# and delay_logging_resolution_limit = 4, and reloads it.
#
# bench/postfix-load.py sends ISE notifications (each its own number, password and Message-ID) and follows
# every mail by its queue ID in Postfix's log and by its number at Kannel's SMSC:
#  - one at a time, SINGLE mails to each transport, alternating, each once the one before is delivered: the
#    added latency per mail is the median of Postfix's `delay=` (arrival to delivered) via mail2sms minus the
#    same via dd; the pipe time (`delays=a/b/c/d`, d: the command's own run) is shown beside it;
#  - under load, per round COUNT mails to baseline.test then COUNT to sms.test over CONNECTIONS SMTP
#    sessions at once: messages per second from the first MAIL FROM to the last SMS at Kannel's SMSC (and to
#    Postfix's last `status=sent`), against the same through dd; the medians of the pipe times under load.
# Raw results in bench/out/postfix-kannel/ (load.json, postfix.log), the summary in
# bench/out/postfix-kannel.json. Everything started is stopped by PID on exit (and by the harness scripts'
# watchers if this script is killed).
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "postfix-kannel.sh: must run as root (start-postfix.sh starts a Postfix instance of its own)" >&2; exit 1; }
bench_init postfix-kannel postfix kannel

count=${BENCH_COUNT:-200}
rounds=${BENCH_ROUNDS:-2}
single=${BENCH_SINGLE:-30}
warmup=${BENCH_WARMUP:-10}
connections=${BENCH_CONNECTIONS:-4}
servers=$root/Tests/Fixtures/servers
# pipe(8) runs mail2sms as nobody, who must reach the Postfix folder (mktemp -d makes 0700).
chmod 755 "$work"

bench_on_exit "'$servers/kannel/stop-kannel.sh' '$work/kannel' >/dev/null 2>&1"
ports=$("$servers/kannel/start-kannel.sh" "$work/kannel" $$)
sendsms=$(printf '%s\n' "$ports" | sed -n 's/^sendsms=\([0-9]*\) .*/\1/p')
[ -n "$sendsms" ] || { echo "postfix-kannel.sh: start-kannel.sh printed no sendsms port: $ports" >&2; exit 1; }

postfix_dir=$work/postfix
sed -e "s#127.0.0.1:13013#127.0.0.1:$sendsms#" \
    -e "s#/var/log/mail2sms/mail2sms.log#$postfix_dir/state/mail2sms.log#" \
    -e "s#/etc/mail2sms/secrets#$postfix_dir/state/secrets#" \
    -e 's#^\(    allow-sender *\)".*"$#\1"sponsor@e2e\\.test"#' \
    -e 's#allow-client    192.0.2.10 192.0.2.11#allow-client    127.0.0.1#' \
    examples/mailfilter.conf > "$work/mailfilter.conf"
for expected in "127.0.0.1:$sendsms" "$postfix_dir/state/mail2sms.log" "$postfix_dir/state/secrets" 'sponsor@e2e' 'allow-client    127.0.0.1'; do
    grep -q "$expected" "$work/mailfilter.conf" ||
        { echo "postfix-kannel.sh: examples/mailfilter.conf changed: could not set '$expected' in it" >&2; exit 1; }
done

bench_on_exit "/bin/sh '$servers/postfix/stop-postfix.sh' '$postfix_dir' >/dev/null 2>&1"
ports=$("$servers/postfix/start-postfix.sh" "$postfix_dir" "$bin" "$work/mailfilter.conf" $$)
smtp=$(printf '%s\n' "$ports" | sed -n 's/^smtp=\([0-9]*\) .*/\1/p')
[ -n "$smtp" ] || { echo "postfix-kannel.sh: start-postfix.sh printed no smtp port: $ports" >&2; exit 1; }

# The baseline transport, and sub-millisecond delays in the log.
etc=$postfix_dir/etc
concurrency=$(postconf -c "$etc" -h sms_destination_concurrency_limit)
postconf -c "$etc" -e \
    "relay_domains = sms.test, baseline.test" \
    "transport_maps = inline:{ sms.test=sms:, e2e.test=capture:, baseline.test=baseline: }" \
    "baseline_destination_recipient_limit = 1" \
    "baseline_destination_concurrency_limit = $concurrency" \
    "baseline_initial_destination_concurrency = $concurrency" \
    "delay_logging_resolution_limit = 4"
postconf -c "$etc" -M "baseline/unix=baseline unix - n n - - pipe flags=Rq user=nobody argv=/bin/dd of=/dev/null status=none"
# Postfix reads a configuration file only once its mtime lies in the past (see start-postfix.sh).
touch -d '-10 seconds' "$etc/main.cf" "$etc/master.cf"
postfix -c "$etc" reload 2>/dev/null
sleep 1

dir=$out/postfix-kannel
rm -rf "$dir"
mkdir -p "$dir"
"$python" bench/postfix-load.py --smtp "$smtp" --log "$postfix_dir/log/postfix.log" --sink "$work/kannel/sink.jsonl" \
    --out "$dir/load.json" --count "$count" --rounds "$rounds" --single "$single" --warmup "$warmup" --connections "$connections"
cp "$postfix_dir/log/postfix.log" "$dir/postfix.log"
{
    printf 'setup\tPostfix %s (start-postfix.sh, sms_destination_concurrency_limit = %s), Kannel (start-kannel.sh, kannel-sink.py as SMSC), %s SMTP connections\n' \
        "$(postconf -c "$etc" -h mail_version)" "$concurrency" "$connections"
    printf 'mails\t%s untimed to each transport; %s one at a time to each; %s rounds of %s to each under load\n' \
        "$warmup" "$single" "$rounds" "$count"
    printf 'baseline\tbaseline.test → pipe(8) flags=Rq user=nobody argv=/bin/dd of=/dev/null status=none\n'
} > "$dir/meta.tsv"
"$python" bench/report.py postfix "$dir"
"$python" bench/report.py summary postfix-kannel
