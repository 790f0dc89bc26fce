#!/bin/bash
# Case 2: the ISE guest notification with one SMS sent to a local HTTP gateway, three ways:
#   mail2sms        examples/mailfilter.conf (the Kannel preset, the guard) with -f sponsor@example.com and
#                   --client 192.0.2.10
#   maildrop+wget   the seed's filter (Cisco document 116918, bench/seed-mailfilter.in): maildrop runs it on
#                   the message and its xfilter runs wget through /bin/sh
#   curl            the curl command alone doing the GET that mail2sms does (taken from its --dry-run, the
#                   password filled in)
#   libcurl-floor   bench/curl-floor.c: dlopen libcurl as mail2sms does, curl_global_init, the same GET and
#                   nothing else: what any sender through libcurl must at least pay
#
#   bench/ise-send.sh            (ROUNDS=5 RUNS=100 RSS_RUNS=10 by default; BENCH_ROUNDS, BENCH_RUNS,
#                                BENCH_RSS_RUNS override)
#
# The gateway is bench/fast-gateway.c on 127.0.0.1, answering like Kannel's sendsms (202, `0: Accepted for
# delivery`) within microseconds: a stand-in that takes milliseconds (the Python fake gateway of the tests did)
# adds them to every command and pulls every ratio towards 1. The message is Tests/Fixtures/messages/ise-guest-plain.eml with LF line
# ends (as pipe(8) delivers it). Before every run (hyperfine --prepare, not timed, the same for all three
# commands) the state folder is replaced by a copy of one whose journal already exists, as on a server that
# has sent before: its one row is another mail's SMS to another number, so mail2sms's journal never says
# "already sent" and its guard's rate limit never counts earlier runs, while mail2sms opens an existing
# journal rather than creating one (which costs about 1.5 ms more). The example's and the seed's log files
# go to the temporary folder.
#
# hyperfine (shell form, `cmd < file`) runs the four commands in each of ROUNDS rounds, their order rotated;
# bench/report.py pools the runs and gives medians and the ratios (targets: mail2sms ≤ 1.00 × maildrop+wget
# and ≤ 1.10 × libcurl-floor; curl beside them). The script checks that each command made its request and that mail2sms's request is
# the curl command's. Raw results in bench/out/ise-send/, the summary in bench/out/ise-send.json.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init ise-send maildrop wget curl gcc
cc -O2 -o "$work/curl-floor" bench/curl-floor.c -ldl
cc -O2 -o "$work/fast-gateway" bench/fast-gateway.c

rounds=${BENCH_ROUNDS:-5}
runs=${BENCH_RUNS:-100}
rss_runs=${BENCH_RSS_RUNS:-10}
warmup=10
sender=sponsor@example.com
# The ISE node the example's allow-client lists, as Postfix passes ${client_address}.
client=192.0.2.10

# The gateway.
bench_gateway "$work/fast-gateway" "$work/requests.log"
port=${gateway#127.0.0.1:}

"$python" bench/gen.py ise "$work/ise.eml" 4850123456789 t6ub79_6r 1385847587000.7.JavaMail.ise@ise.example.com

# mail2sms: the example, its gateway moved to the stand-in, its log and password file into the temporary folder.
sed -e "s#127.0.0.1:13013#$gateway#" -e "s#/var/log/mail2sms/mail2sms.log#$work/mail2sms.log#" \
    -e "s#/etc/mail2sms/secrets#$work/secrets#" examples/mailfilter.conf > "$work/mailfilter.conf"
grep -q "$gateway" "$work/mailfilter.conf" && grep -q "$work/mail2sms.log" "$work/mailfilter.conf" &&
    grep -q "$work/secrets" "$work/mailfilter.conf" ||
    { echo "ise-send.sh: examples/mailfilter.conf no longer has the gateway URL, log file or password file this script rewrites" >&2; exit 1; }
install -m 600 examples/secrets "$work/secrets"
chmod 600 "$work/mailfilter.conf"

# The seed: its filter, mode 600 as the document says, DEFAULT a Maildir in the temporary folder.
sed -e "s#@WORK@#$work#g" -e "s#@GATEWAY@#$gateway#g" bench/seed-mailfilter.in > "$work/seed.mailfilter"
chmod 600 "$work/seed.mailfilter"
mkdir -p "$work/Maildir/cur" "$work/Maildir/new" "$work/Maildir/tmp"

# The state folder every run starts from: a journal that holds one SMS of another mail to another number.
mkdir "$work/state" "$work/state.template"
"$python" bench/gen.py ise "$work/other.eml" 48600999111 other-password other-message@ise.example.com
"$bin" -f "$sender" --client "$client" --state-dir "$work/state.template" "$work/mailfilter.conf" < "$work/other.eml"
[ -s "$work/state.template/journal.sqlite" ] || { echo "ise-send.sh: mail2sms made no journal" >&2; exit 1; }

# curl: the request mail2sms makes, from its dry run.
request=$("$bin" -n -f "$sender" --client "$client" --state-dir "$work/state" "$work/mailfilter.conf" < "$work/ise.eml" |
    sed -n 's/^ *request: GET //p')
case $request in
    "http://$gateway/"*"password=***"*) ;;
    *) echo "ise-send.sh: unexpected request in mail2sms's dry run: '$request'" >&2; exit 1 ;;
esac
url=$(printf '%s\n' "$request" | sed 's/password=\*\*\*/password=foobar/')

prepare="rm -rf '$work/state' && cp -a '$work/state.template' '$work/state' && sync '$work/state' '$work/state'/*"
m2s="'$bin' -f $sender --client $client --state-dir '$work/state' '$work/mailfilter.conf' < '$work/ise.eml'"
seed="maildrop '$work/seed.mailfilter' < '$work/ise.eml'"
curl="curl -sf -o /dev/null '$url'"
floor="'$work/curl-floor' '$url'"

# Each once, checked: one request each, mail2sms's the same as curl's, the seed's with the guest's values.
requests() { if [ -e "$work/requests.log" ]; then wc -l < "$work/requests.log"; else echo 0; fi; }
for command in "$m2s" "$seed" "$curl" "$floor"; do
    before=$(requests)
    sh -c "$prepare && $command" || { echo "ise-send.sh: failed: $command" >&2; exit 1; }
    [ "$(requests)" -eq $((before + 1)) ] || { echo "ise-send.sh: no request from: $command" >&2; exit 1; }
done
"$python" - "$work/requests.log" <<'PY'
import sys, urllib.parse
# Each line is a request line: GET /cgi-bin/sendsms?QUERY HTTP/1.1
other, m2s, seed, curl, floor = [line.split(" ")[1] for line in open(sys.argv[1])]
assert m2s == curl == floor, (m2s, curl, floor)
params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(seed).query))
assert params["password"] == "foobar" and "t6ub79_6r" in params["text"] and "4850123456789" in params["to"], params
PY

dir=$out/ise-send
mkdir -p "$dir"
set -- --warmup "$warmup" --runs "$runs" --prepare "$prepare" -- mail2sms "$m2s" maildrop+wget "$seed" curl "$curl" \
    libcurl-floor "$floor"
printf 'mail2sms\t%s\nmaildrop+wget\t%s\ncurl\t%s\nlibcurl-floor\t%s\n' "$m2s" "$seed" "$curl" "$floor" |
    sed "s#$work#\$WORK#g; s#$root/##g; s#$port#PORT#g" > "$dir/commands.tsv"
printf 'hyperfine\t%s\nrounds\t%s\n' "$(bench_hyperfine_line "$@" | sed "s#$work#\$WORK#g; s#$root/##g; s#$port#PORT#g")" \
    "$rounds" > "$dir/meta.tsv"
before=$(requests)
bench_rounds "$dir" "$rounds" "$@"
made=$(( $(requests) - before ))
[ "$made" -eq $(( rounds * 4 * (warmup + runs) )) ] ||
    { echo "ise-send.sh: $made requests reached the gateway, expected $(( rounds * 4 * (warmup + runs) ))" >&2; exit 1; }
# Peak RSS (after the count above: these runs send requests too).
bench_peak_rss "$dir" "$rss_runs" --prepare "$prepare" mail2sms "$m2s" maildrop+wget "$seed" curl "$curl" libcurl-floor "$floor"
"$python" bench/report.py compare ise-send "$dir"
"$python" bench/report.py summary ise-send
