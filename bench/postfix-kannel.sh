#!/bin/bash
# Case 4: throughput of mail2sms behind a real Postfix 3.7 and in front of a real Kannel 1.4.5, on this
# machine, against the seed's maildrop + wget in the same place and a transport that does nothing, and the
# latency each adds to a mail.
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
# script then adds, in that instance's configuration only, with the same recipient, concurrency and time
# limits as sms.test, and also as nobody:
#  - a `baseline` pipe transport for baseline.test running `dd of=/dev/null` (reads the mail, does nothing):
#    what Postfix costs by itself;
#  - a `seed` pipe transport for seed.test running `maildrop SEED_FILTER`: the seed's recipe (Cisco document
#    116918), bench/seed-mailfilter.in as bench/ise-send.sh fills it in (@WORK@ a folder of nobody's in the
#    temporary one, holding the filter, mode 600, its two log files and DEFAULT's Maildir; @GATEWAY@ Kannel's
#    sendsms port, whose sendsms user is the filter's own tester/foobar), so that its xfilter runs
#    `wget -O/dev/null "http://…/cgi-bin/sendsms?…"` through the shell to Kannel. One line is added for this
#    case, after DEFAULT: SHELL="/bin/sh". maildrop runs xfilter's command with $SHELL -c, and takes SHELL
#    from the user's passwd entry, not from the environment; the document's user `sms` has a login shell,
#    nobody's is /usr/sbin/nologin, with which every xfilter fails and maildrop exits 75 (EX_TEMPFAIL) on
#    every mail. /bin/sh (dash) is the cheapest shell the seed could have had (bench/ise-send.sh, as root,
#    runs it through bash).
# and delay_logging_resolution_limit = 4, and reloads it. How the seed ends under pipe(8): wget writes
# nothing on its standard output, so xfilter leaves an empty message, and maildrop's final `to $DEFAULT/`
# delivers nothing and exits 0 (the Maildir stays empty). But wget never reads the message that xfilter
# writes to it: if wget has exited before maildrop wrote the whole message, maildrop exits 75 after the SMS
# was sent, Postfix defers the mail and runs the seed again later, which sends the SMS a second time.
# Before the load, the seed is run once by hand as nobody and must exit 0 having sent one SMS.
#
# bench/postfix-load.py sends ISE notifications (each its own number, password and Message-ID) and follows
# every mail by its queue ID in Postfix's log and by its number at Kannel's SMSC:
#  - one at a time, SINGLE mails to each transport, taking turns (order rotated), each once the one before
#    is delivered: the added latency per mail is the median of Postfix's `delay=` (arrival to delivered) via
#    mail2sms (and via the seed) minus the same via dd; the pipe time (`delays=a/b/c/d`, d: the command's own
#    run) and the time from the SMTP 250 to the SMS at the SMSC are shown beside it;
#  - under load, per round COUNT mails to each transport in turn (order rotated from round to round) over
#    CONNECTIONS SMTP sessions at once: messages per second from the first MAIL FROM to the last SMS at
#    Kannel's SMSC (and to Postfix's last `status=sent`), for mail2sms and the seed, and to the last
#    `status=sent` through dd; the medians of the pipe times under load. bench/report.py compares mail2sms's
#    msg/s with the seed's of the same rounds (target: ≥ 0.80 ×);
#  - at the end, every SMS the SMSC received, by number (each mail has its own): a number seen twice is a
#    duplicate SMS (target: none through mail2sms; the seed's are reported), and how many mails Postfix
#    deferred (status=deferred) and ran again.
# Raw results in bench/out/postfix-kannel/ (load.json, postfix.log, the seed's logs), the summary in
# bench/out/postfix-kannel.json. Everything started is stopped by PID on exit (and by the harness scripts'
# watchers if this script is killed).
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "postfix-kannel.sh: must run as root (start-postfix.sh starts a Postfix instance of its own)" >&2; exit 1; }
bench_init postfix-kannel postfix kannel maildrop wget

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

# The seed: its filter as bench/ise-send.sh fills it in, pointed at Kannel, in a folder of nobody's (the
# filter must be its user's, mode 600 as the document says), with SHELL set (see above).
seed_dir=$work/seed
mkdir -p "$seed_dir/Maildir/cur" "$seed_dir/Maildir/new" "$seed_dir/Maildir/tmp"
sed -e "s#@WORK@#$seed_dir#g" -e "s#@GATEWAY@#127.0.0.1:$sendsms#g" -e 's#^DEFAULT=.*$#&\nSHELL="/bin/sh"#' \
    bench/seed-mailfilter.in > "$seed_dir/seed.mailfilter"
for expected in "^DEFAULT=\"$seed_dir/Maildir\"\$" '^SHELL="/bin/sh"$' "http://127.0.0.1:$sendsms/cgi-bin/sendsms?username=tester&password=foobar&" \
    "logfile \"$seed_dir/maildrop.log\""; do
    grep -q "$expected" "$seed_dir/seed.mailfilter" ||
        { echo "postfix-kannel.sh: bench/seed-mailfilter.in changed: could not set '$expected' in it" >&2; exit 1; }
done
chmod 600 "$seed_dir/seed.mailfilter"
chown -R nobody:nogroup "$seed_dir"
chmod 755 "$seed_dir"
# Once by hand, as pipe(8) will run it: nobody, in /, HOME and SHELL from nobody's passwd entry.
"$python" bench/gen.py ise "$work/seed-check.eml" 48699999999 seed-check seed-check@ise.example.com
check=0
(cd / && runuser -u nobody -- env -i HOME=/nonexistent SHELL=/usr/sbin/nologin LOGNAME=nobody USER=nobody PATH=/usr/bin:/bin \
    /usr/bin/maildrop "$seed_dir/seed.mailfilter" < "$work/seed-check.eml") || check=$?
[ "$check" -eq 0 ] || { echo "postfix-kannel.sh: the seed exited $check on its check mail: $(tail -n 3 "$seed_dir"/maildrop*.log)" >&2; exit 1; }
tries=0
until grep -q '"to": "48699999999"' "$work/kannel/sink.jsonl"; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || { echo "postfix-kannel.sh: the seed's check SMS did not reach the SMSC: $(tail -n 3 "$seed_dir/maildrop-kannel.log")" >&2; exit 1; }
    sleep 0.05
done

# The baseline and seed transports, with sms's limits, and sub-millisecond delays in the log.
etc=$postfix_dir/etc
concurrency=$(postconf -c "$etc" -h sms_destination_concurrency_limit)
time_limit=$(postconf -c "$etc" -h sms_time_limit)
postconf -c "$etc" -e \
    "relay_domains = sms.test, baseline.test, seed.test" \
    "transport_maps = inline:{ sms.test=sms:, e2e.test=capture:, baseline.test=baseline:, seed.test=seed: }" \
    "delay_logging_resolution_limit = 4"
for transport in baseline seed; do
    postconf -c "$etc" -e \
        "${transport}_destination_recipient_limit = 1" \
        "${transport}_destination_concurrency_limit = $concurrency" \
        "${transport}_initial_destination_concurrency = $concurrency" \
        "${transport}_time_limit = $time_limit"
done
postconf -c "$etc" -M "baseline/unix=baseline unix - n n - - pipe flags=Rq user=nobody argv=/bin/dd of=/dev/null status=none"
postconf -c "$etc" -M "seed/unix=seed unix - n n - - pipe flags=Rq user=nobody argv=/usr/bin/maildrop $seed_dir/seed.mailfilter"
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
cp "$seed_dir/maildrop.log" "$seed_dir/maildrop-kannel.log" "$dir/"
delivered=$(find "$seed_dir/Maildir" -type f | wc -l)
[ "$delivered" -eq 0 ] || echo "postfix-kannel.sh: note: the seed delivered $delivered message(s) into its Maildir"
{
    printf 'setup\tPostfix %s (start-postfix.sh, sms_destination_concurrency_limit = %s), Kannel (start-kannel.sh, kannel-sink.py as SMSC), %s SMTP connections\n' \
        "$(postconf -c "$etc" -h mail_version)" "$concurrency" "$connections"
    printf 'mails\t%s untimed to each transport; %s one at a time to each, taking turns; %s rounds of %s to each under load, the order rotated\n' \
        "$warmup" "$single" "$rounds" "$count"
    printf 'baseline\tbaseline.test → pipe(8) flags=Rq user=nobody argv=/bin/dd of=/dev/null status=none\n'
    printf 'seed\tseed.test → pipe(8) flags=Rq user=nobody argv=/usr/bin/maildrop $WORK/seed/seed.mailfilter (bench/seed-mailfilter.in, wget to Kannel, SHELL="/bin/sh" added: nobody'"'"'s login shell is nologin)\n'
    printf 'sms\tsms.test → pipe(8) flags=Rq user=nobody argv=mail2sms --state-dir … -f ${sender} -r ${recipient} --client ${client_address} --queue-id ${queue_id} mailfilter.conf\n'
    printf 'limits\teach transport: destination_recipient_limit = 1, destination_concurrency_limit = initial_destination_concurrency = %s, time_limit = %s\n' "$concurrency" "$time_limit"
} > "$dir/meta.tsv"
"$python" bench/report.py postfix "$dir"
"$python" bench/report.py summary postfix-kannel
