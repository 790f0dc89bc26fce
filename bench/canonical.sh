#!/bin/sh
# Times `mail2sms --canonical` on a generated 10 MB message whose 9 MB are a base64 attachment, in a
# release build (`make build`). Usage: bench/canonical.sh   (needs hyperfine: apt-get install hyperfine)
# bench/scaling.sh (make bench) covers message sizes from 1 KiB to 10 MiB.
set -eu
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench/canonical.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

# The release binary as the Makefile builds it (its RELEASE flags).
make -s build
bin=.build/release/mail2sms
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
message="$work/big.eml"

# Header, a text part, ~9 MB of base64 (random bytes, 76-character lines), ~1 MB of plain text.
{
    printf 'From: ise@example.com\nTo: 4850123456789@sms.example.com\n'
    printf 'Subject: =?UTF-8?Q?Your_Guest_Account_Credentials?=\nMIME-Version: 1.0\n'
    printf 'Content-Type: multipart/mixed; boundary="=_big"\n\n--=_big\n'
    printf 'Content-Type: text/plain; charset=utf-8\n\nUsername: jkowalski7\nPassword: secret\n\n'
    printf -- '--=_big\nContent-Type: application/octet-stream; name=big.bin\n'
    printf 'Content-Transfer-Encoding: base64\n\n'
    head -c 6900000 /dev/urandom | base64 -w 76
    printf -- '\n--=_big\nContent-Type: text/plain\n\n'
    i=0
    while [ $i -lt 8000 ]; do
        printf 'line %06d of the plain-text part that follows the attachment, for scale.\n' $i
        i=$((i + 1))
    done
    printf -- '--=_big--\n'
} > "$message"

echo "message: $(wc -c < "$message") bytes"
hyperfine --warmup 3 --runs 30 "$bin --canonical < $message > /dev/null"
