#!/bin/sh
# Times a 1,000-rule file compiled and run against a 100 KB message, next to the
# same run with 10 rules (the difference is the cost of the rules), in a release build (`make build`).
# Usage: bench/rules.sh [RULES]. bench/scaling.sh (make bench) covers 10 to 1,000 rules.
# Needs hyperfine (apt-get install hyperfine).
set -eu
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench/rules.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
rules=${1:-1000}

# The release binary as the Makefile builds it (its RELEASE flags).
make -s build
bin=$(pwd)/.build/release/mail2sms
work=$(mktemp -d)
trap "rm -rf \"$work\"" EXIT

# A 100 KB message: 30 header fields, then text lines; the credentials near the end.
{
    printf 'From: ise@example.com\nTo: sms@sms.example.com\nSubject: Guest Account Text Notification\n'
    printf 'Message-ID: <bench@example.com>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n'
    i=0; while [ $i -lt 24 ]; do printf 'X-Header-%02d: value %d\n' $i $i; i=$((i + 1)); done
    printf '\n'
    i=0; while [ $i -lt 1400 ]; do
        printf 'Line %05d of the notification text, long enough to look like real mail.\n' $i; i=$((i + 1))
    done
    printf 'Username: jsmith02\nPassword: t6ub79_6r\nto: 4850123456789\n'
} > "$work/message.eml"

# N rules: nine in ten search the header, one in ten the body, as filters tend to; none sends.
make_rules() {
    n=$1; out=$2; i=0
    : > "$out"
    while [ $i -lt "$n" ]; do
        if [ $((i % 10)) -eq 9 ]; then
            printf 'if (/^Keyword%d:\\s*(\\S+)/:b)\n{\n    R%d=$MATCH1\n}\n' $i $i >> "$out"
        else
            printf 'if (/^Subject:.*Rule%d/ && $FROM ne "")\n{\n    R%d="hit"\n}\n' $i $i >> "$out"
        fi
        i=$((i + 1))
    done
    printf 'if (/^Username:\\s*(\\S+)/:b)\n    USERNAME=$MATCH1\n' >> "$out"
}
make_rules "$rules" "$work/rules-$rules.conf"
make_rules 10 "$work/rules-10.conf"

echo "message: $(wc -c < "$work/message.eml") bytes; rules: $rules"
hyperfine --warmup 5 --runs 100 -N \
    --input "$work/message.eml" "$bin $work/rules-10.conf" "$bin $work/rules-$rules.conf" 2>/dev/null ||
hyperfine --warmup 5 --runs 100 \
    "$bin $work/rules-10.conf < $work/message.eml" "$bin $work/rules-$rules.conf < $work/message.eml"
