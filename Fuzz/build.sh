#!/bin/sh
# Builds the libFuzzer targets. The library's targets are compiled once each, in the order of the pipeline
# (Package.swift), with -sanitize=fuzzer,address, -enable-testing and the package's name (their `package`
# declarations are visible to each other), into BUILD/lib; each Fuzz/Targets/NAME.swift (`@testable import`
# of the targets it uses, so it reaches internal API) is then linked against them into BUILD/NAME.
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
       -I Sources/CPCRE2 -I Sources/CCurl -I Sources/CSQLite -I Sources/CLibPQ"

# ld.gold warns about ASan's local symbols, which it cannot export: noise, filtered out.
quiet() { grep -v "Cannot export local symbol" || true; }

# The library's targets, each after those it imports.
modules="Platform MailMessage RulesLanguage SMSGateway RulesCompiler RulesInterpreter Delivery Mail2SMSCore"
sources=$(for module in $modules; do printf 'Sources/%s ' "$module"; done)

# Anything newer than `file` among the library's sources and this script?
# shellcheck disable=SC2086
stale() { [ ! -e "$1" ] || [ -n "$(find $sources Fuzz/build.sh "$@" -newer "$1" -type f | head -1)" ]; }

if stale "$lib/built"; then
    rm -f "$lib/built"
    for module in $modules; do
        echo "building $lib/lib$module.a"
        rm -f "$lib/lib$module.a"
        # shellcheck disable=SC2046,SC2086
        swiftc $flags -parse-as-library -enable-testing -package-name mail2sms -module-name "$module" -I "$lib" \
            -emit-module -emit-module-path "$lib/$module.swiftmodule" \
            -emit-library -static -o "$lib/lib$module.a" \
            $(find "Sources/$module" -name '*.swift' | sort) 2>&1 | quiet
        [ -e "$lib/lib$module.a" ] || { echo "fuzz build of $module failed" >&2; exit 1; }
    done
    touch "$lib/built"
fi
# Static libraries: each before those it uses, for the linker.
libraries=$(for module in $modules; do printf -- '-l%s\n' "$module"; done | tac | tr '\n' ' ')
for target in $targets; do
    out="$build/$target"
    stale "$out" "Fuzz/Targets/$target.swift" "$lib/built" || continue
    echo "building $out"
    rm -f "$out"
    # shellcheck disable=SC2046,SC2086
    swiftc $flags -parse-as-library -package-name mail2sms -I "$lib" -L "$lib" $libraries \
        "Fuzz/Targets/$target.swift" $(pkg-config --libs libpcre2-8) -ldl -o "$out" 2>&1 | quiet
    [ -x "$out" ] || { echo "fuzz build of $target failed" >&2; exit 1; }
done
