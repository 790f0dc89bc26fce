#!/bin/bash
# The journal in PostgreSQL against the journal in SQLite: the ISE notification with one SMS sent, the same
# run twice over, once with each journal, in the same rounds (issue 23: what several relays pay per SMS).
#
#   bench/journal-postgresql.sh   (as root; ROUNDS=3 RUNS=60 by default; BENCH_ROUNDS, BENCH_RUNS override)
#
# The gateway is bench/fast-gateway.c (answers at once). The rules are examples/mailfilter.conf with its gateway
# moved there and its log and password file into the temporary folder; every run gets a mail of its own
# (another Message-ID, password and number, from a pool made beforehand, one per run: hyperfine's
# --parameter-scan picks it), so that neither journal ever says "already sent" and no rate limit is reached
# (the example's guard counts per number). PostgreSQL is Debian's 15, started by the test harness's own
# Tests/Fixtures/servers/postgresql/start-postgresql.sh in the temporary folder, on 127.0.0.1 (a loopback
# TCP connection with SCRAM authentication, as a relay would connect to a database on another host, minus
# the network), stopped by PID on exit. The SQLite journal is a state folder that already holds a journal.
# Raw results in bench/out/journal-postgresql/, the summary in bench/out/journal-postgresql.json.
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "journal-postgresql.sh: must run as root (PostgreSQL runs as the postgres user)" >&2; exit 1; }
bench_init journal-postgresql postgresql gcc

rounds=${BENCH_ROUNDS:-3}
runs=${BENCH_RUNS:-60}
warmup=5
pool=$(( rounds * 2 * (runs + warmup) + 10 ))

cc -O2 -o "$work/fast-gateway" bench/fast-gateway.c
bench_gateway "$work/fast-gateway" "$work/requests.log"

# PostgreSQL, stopped on exit.
chmod 755 "$work"
mkdir "$work/pg"
Tests/Fixtures/servers/postgresql/start-postgresql.sh "$work/pg" > "$work/pg.out"
bench_on_exit "Tests/Fixtures/servers/postgresql/stop-postgresql.sh '$work/pg' >/dev/null 2>&1"
url=$(cat "$work/pg/url")
install -m 600 "$work/pg/password" "$work/journal-password"

sed -e "s#/var/log/mail2sms/mail2sms.log#$work/mail2sms.log#; s#/etc/mail2sms/secrets#$work/secrets#" \
    -e "s#127.0.0.1:13013#$gateway#" examples/mailfilter.conf > "$work/rules.conf"
chmod 600 "$work/rules.conf"
install -m 600 examples/secrets "$work/secrets"
mkdir "$work/mails" "$work/state"
for i in $(seq 1 "$pool"); do
    "$python" bench/gen.py ise "$work/mails/$i.eml" "48$(printf '%09d' "$i")" "pw$i" "bench$i@ise.example.com"
done
run="'$bin' -f sponsor@example.com --client 192.0.2.10 --state-dir '$work/state'"
# Each command takes the next mail of the pool (a counter file, not timed: hyperfine --prepare).
prepare="n=\$(cat '$work/next' 2>/dev/null || echo 1); echo \$((n + 1)) > '$work/next'; ln -sf '$work/mails/'\$n.eml '$work/mail.eml'"
sqlite="$run '$work/rules.conf' < '$work/mail.eml'"
postgresql="$run --journal '$url' --journal-password-file '$work/journal-password' '$work/rules.conf' < '$work/mail.eml'"

# Each once, checked: an SMS each, the PostgreSQL one recorded there.
sh -c "$prepare && $sqlite" && sh -c "$prepare && $postgresql" ||
    { echo "journal-postgresql.sh: a first run failed" >&2; exit 1; }
[ "$(wc -l < "$work/requests.log")" -eq 2 ] || { echo "journal-postgresql.sh: not two requests" >&2; exit 1; }

dir=$out/journal-postgresql
mkdir -p "$dir"
set -- --warmup "$warmup" --runs "$runs" --prepare "$prepare" -- sqlite "$sqlite" postgresql "$postgresql"
printf 'sqlite\t%s\npostgresql\t%s\n' "$sqlite" "$postgresql" | sed "s#$work#\$WORK#g; s#$root/##g; s#$url#URL#g" > "$dir/commands.tsv"
printf 'hyperfine\t%s\nrounds\t%s\n' "$(bench_hyperfine_line "$@" | sed "s#$work#\$WORK#g; s#$root/##g; s#$url#URL#g")" \
    "$rounds" > "$dir/meta.tsv"
before=$(wc -l < "$work/requests.log")
bench_rounds "$dir" "$rounds" "$@"
made=$(( $(wc -l < "$work/requests.log") - before ))
[ "$made" -eq $(( rounds * 2 * (warmup + runs) )) ] ||
    { echo "journal-postgresql.sh: $made requests, expected $(( rounds * 2 * (warmup + runs) ))" >&2; exit 1; }
"$python" bench/report.py compare journal-postgresql "$dir"
"$python" - "$out/journal-postgresql.json" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))["stats"]
for name in ("sqlite", "postgresql"):
    s = stats[name]
    print(f"{name:12} median {s['median_ms']:.2f} ms  (q1 {s['q1_ms']:.2f}, q3 {s['q3_ms']:.2f}, {s['runs']} runs)")
print(f"postgresql − sqlite: {stats['postgresql']['median_ms'] - stats['sqlite']['median_ms']:+.2f} ms per SMS")
PY
