#!/usr/bin/env bash
# Builds and runs the libFuzzer targets in Fuzz/ with Swift's -sanitize=fuzzer,address.
#
#   Tools/fuzz.sh build                 build the three fuzzers into .build/fuzz/
#   Tools/fuzz.sh run TARGET SECONDS    run one (decoder | scanner | renderer) from its seed corpus
#   Tools/fuzz.sh all SECONDS           build, then run each target for SECONDS, one after another
#   Tools/fuzz.sh seeds                 (re)build the seed corpora from Samples/ and the test fixtures
#
# The fuzz entry points (@_cdecl("LLVMFuzzerTestOneInput")) live only in Fuzz/ and are compiled here
# with swiftc, module by module, so the package's own build never sees them. Corpora and crash
# artifacts go to .build/fuzz/ (never committed); a crash found becomes a regression test instead.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${FUZZ_OUT:-$ROOT/.build/fuzz}
SWIFTC=${SWIFTC:-swiftc}
FLAGS=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 -I "$OUT/modules")
for c in "$ROOT"/Sources/C*/module.modulemap; do FLAGS+=(-I "$(dirname "$c")"); done   # CPcap, CCmark, CCrypto, CZlib
NICE=${FUZZ_NICE:-nice -n 10}
# Swift's crash backtracer would hold the process (and libFuzzer's pipe) after a trap: libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no

module() {   # module NAME SOURCES...: one object file and one .swiftmodule, whole-module optimised
    local name=$1; shift
    echo "fuzz: compiling $name"
    $NICE "$SWIFTC" "${FLAGS[@]}" -wmo -module-name "$name" -emit-module \
        -emit-module-path "$OUT/modules/$name.swiftmodule" -c "$@" -o "$OUT/objects/$name.o"
}

build() {
    mkdir -p "$OUT/modules" "$OUT/objects"
    [ -d .build/checkouts/swift-mustache ] || swift package resolve
    # Targets whose code under test is one module: fuzz entry compiled into that module (internal access).
    # (Run from $OUT: swiftc leaves debug module files in the working directory.)
    echo "fuzz: linking decoder-fuzzer"
    (cd "$OUT" && $NICE "$SWIFTC" "${FLAGS[@]}" -wmo -module-name PacketDecoding "$ROOT"/Sources/PacketDecoding/*.swift \
        "$ROOT"/Fuzz/DecoderFuzzer/*.swift -o "$OUT/decoder-fuzzer")
    echo "fuzz: linking scanner-fuzzer"
    (cd "$OUT" && $NICE "$SWIFTC" "${FLAGS[@]}" -wmo -module-name CaptureReading "$ROOT"/Sources/CaptureReading/CaptureFileScanner.swift \
        "$ROOT"/Sources/CaptureReading/CaptureMetadata.swift "$ROOT"/Fuzz/PcapngScannerFuzzer/*.swift -o "$OUT/scanner-fuzzer")
    # The renderer needs the whole pipeline (to build a model from a sample): each module in turn, in the
    # order of docs/architecture.md.
    module Mustache .build/checkouts/swift-mustache/Sources/Mustache/*.swift
    module Support Sources/Support/*.swift
    module PacketDecoding Sources/PacketDecoding/*.swift
    module CaptureReading Sources/CaptureReading/*.swift
    module TrafficStatistics Sources/TrafficStatistics/*.swift
    module ThreatFindings Sources/ThreatFindings/*.swift
    module ReportRendering Sources/ReportRendering/*.swift
    module CaptureReport Sources/CaptureReport/*.swift
    echo "fuzz: linking renderer-fuzzer"
    $NICE "$SWIFTC" "${FLAGS[@]}" Fuzz/RendererFuzzer/*.swift "$OUT"/objects/*.o -o "$OUT/renderer-fuzzer"
}

seeds() { python3 Tools/fuzz_seeds.py --out "$OUT/seeds"; }

run() {   # run TARGET SECONDS
    local target=$1 seconds=$2
    local corpus="$OUT/corpus/$target" artifacts="$OUT/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    [ -d "$OUT/seeds/$target" ] || seeds
    local extra=()
    [ "$target" = renderer ] && extra=(-max_len=4096 -rss_limit_mb=4096)
    [ "$target" = scanner ] && extra=(-max_len=65536)
    echo "fuzz: $target for ${seconds}s (corpus $corpus, crashes in $artifacts)"
    SWIFT_BACKTRACE=enable=no PCAP_REPORT_SAMPLES="$ROOT/Samples" PCAP_REPORT_TEMPLATES="$ROOT/Templates" \
        $NICE "$OUT/$target-fuzzer" "$corpus" "$OUT/seeds/$target" -max_total_time="$seconds" \
        -artifact_prefix="$artifacts" -print_final_stats=1 "${extra[@]}" 2>&1 | tee "$OUT/$target.log" | grep -E "^#[0-9]+ +(DONE|pulse)|ERROR|SUMMARY|stat::|Test unit written" || true
    if ls "$artifacts" | grep -q .; then echo "fuzz: $target left artifacts in $artifacts"; return 1; fi
}

case "${1:-all}" in
    build) build ;;
    seeds) seeds ;;
    run) run "$2" "${3:-600}" ;;
    all) build; seeds; status=0
         for t in decoder scanner renderer; do run "$t" "${2:-600}" || status=1; done; exit $status ;;
    *) echo "usage: $0 build | seeds | run TARGET SECONDS | all SECONDS" >&2; exit 2 ;;
esac
