#!/bin/sh
# Builds the libFuzzer targets. The library's sources are compiled once, with -sanitize=fuzzer,address and
# -enable-testing, into BUILD/lib; each Fuzz/Targets/NAME.swift (`@testable import Mail2SMSCore`, so it
# reaches internal API) is then linked against it into BUILD/NAME.
#   Fuzz/build.sh [BUILD] [TARGET...]      default BUILD .build-fuzz, default every target
# SwiftPM never sees these files: Package.swift names no Fuzz target, so `swift build` is unaffected.
set -eu
cd "$(dirname "$0")/.."
build=${1:-.build-fuzz}
[ $# -gt 0 ] && shift
targets=${*:-$(cd Fuzz/Targets && ls -- *.swift | sed 's/\.swift$//')}
lib="$build/lib"
mkdir -p "$lib"
flags="-sanitize=fuzzer,address -O -g -module-cache-path $build/module-cache
       -I Sources/CPCRE2 -I Sources/CCurl -I Sources/CSQLite"

# ld.gold warns about ASan's local symbols, which it cannot export: noise, filtered out.
quiet() { grep -v "Cannot export local symbol" || true; }

# Anything newer than `file` among the library's sources and this script?
stale() { [ ! -e "$1" ] || [ -n "$(find Sources/Mail2SMSCore Fuzz/build.sh "$@" -newer "$1" -type f | head -1)" ]; }

if stale "$lib/libMail2SMSCore.a"; then
    echo "building $lib/libMail2SMSCore.a"
    rm -f "$lib/libMail2SMSCore.a"
    # shellcheck disable=SC2046,SC2086
    swiftc $flags -parse-as-library -enable-testing -module-name Mail2SMSCore \
        -emit-module -emit-module-path "$lib/Mail2SMSCore.swiftmodule" \
        -emit-library -static -o "$lib/libMail2SMSCore.a" \
        $(find Sources/Mail2SMSCore -name '*.swift' | sort) 2>&1 | quiet
    [ -e "$lib/libMail2SMSCore.a" ] || { echo "fuzz build of the library failed" >&2; exit 1; }
fi
for target in $targets; do
    out="$build/$target"
    stale "$out" "Fuzz/Targets/$target.swift" "$lib/libMail2SMSCore.a" || continue
    echo "building $out"
    rm -f "$out"
    # shellcheck disable=SC2046,SC2086
    swiftc $flags -parse-as-library -I "$lib" -L "$lib" -lMail2SMSCore \
        "Fuzz/Targets/$target.swift" $(pkg-config --libs libpcre2-8) -ldl -o "$out" 2>&1 | quiet
    [ -x "$out" ] || { echo "fuzz build of $target failed" >&2; exit 1; }
done
