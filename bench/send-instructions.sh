#!/bin/bash
# The instructions of one delivery that sends one SMS, and where they go: callgrind (Ir, every thread) on
# the release binary, or on each BINARY given, the same run each time.
#
#   bench/send-instructions.sh [BINARY…]
#
# The run: examples/mailfilter.conf (its Kannel preset pointed at bench/fast-gateway.c, which answers 202 at
# once) on the ISE notification, with -f sponsor@example.com --client 192.0.2.10, on a copy of a state folder
# whose journal already holds another mail's SMS (as on a server that has sent before). Instructions do not
# depend on the machine's load, so two binaries compare in one run of this script without rounds. Prints,
# per binary: the total, and the parts spent in dlopen (libcurl and libsqlite3 with their libraries) and in
# the Swift runtime's metadata lookups by mangled name (both inclusive).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init send-instructions valgrind gcc
[ $# -gt 0 ] || set -- "$bin"

cc -O2 -o "$work/fast-gateway" bench/fast-gateway.c
bench_gateway "$work/fast-gateway" "$work/requests.log"
sed -e "s#/var/log/mail2sms/mail2sms.log#$work/mail2sms.log#; s#/etc/mail2sms/secrets#$work/secrets#" \
    -e "s#127.0.0.1:13013#$gateway#" examples/mailfilter.conf > "$work/rules.conf"
install -m 600 examples/secrets "$work/secrets"
sed 's/\r$//' Tests/Fixtures/messages/ise-guest-plain.eml > "$work/ise.eml"
sed -e 's/1385847587000\.7/other.1/' -e 's/to: 4850123456789/to: 4850123456780/' "$work/ise.eml" > "$work/other.eml"
mkdir "$work/state0"
run() { "$@" -f sponsor@example.com --client 192.0.2.10 --state-dir "$work/state" "$work/rules.conf"; }
for binary in "$@"; do
    rm -rf "$work/state" "$work/state0" && mkdir "$work/state0"
    "$binary" -f sponsor@example.com --client 192.0.2.10 --state-dir "$work/state0" "$work/rules.conf" < "$work/other.eml"
    cp -a "$work/state0" "$work/state"
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$binary" -f sponsor@example.com \
        --client 192.0.2.10 --state-dir "$work/state" "$work/rules.conf" < "$work/ise.eml" 2>/dev/null
    total=$(callgrind_annotate "$work/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    part() {
        callgrind_annotate --inclusive=yes "$work/callgrind.out" 2>/dev/null |
            awk -v name="$1" 'index($0, name) {gsub(",", "", $1); print $1; exit}'
    }
    printf '%s\n  total            %12s\n  dlopen           %12s\n  metadata by name %12s\n' \
        "${binary#$root/}" "$total" "$(part 'dlopen@@')" "$(part '__swift_instantiateConcreteTypeFromMangledName [')"
done
