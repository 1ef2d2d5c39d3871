#!/usr/bin/env bash
# Peak RSS and wall time of pcap-report on each adversarial capture (Tools/make_adversarial.py).
#   Tools/measure_adversarial.sh [TOOL] [FOLDER]   (defaults: .build/release/pcap-report, /tmp/pcap-report-adversarial)
# Prints one line per capture: name, packets, seconds, peak RSS MiB, exit status, and the caps the
# report states (lines containing "cap").
set -uo pipefail
cd "$(dirname "$0")/.."
TOOL=${1:-.build/release/pcap-report}
FOLDER=${2:-/tmp/pcap-report-adversarial}
OUT=$(mktemp -d /tmp/adversarial-out.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
printf '%-18s %10s %8s %9s %6s\n' capture packets seconds "RSS MiB" status
for file in "$FOLDER"/*.pcap; do
    name=$(basename "$file" .pcap)
    /usr/bin/time -v -o "$OUT/time" "$TOOL" "$file" --output-dir "$OUT/reports" >"$OUT/stdout" 2>"$OUT/stderr"
    status=$?
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/time")
    seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    packets=$(grep -o -E '[0-9]+ packets' "$OUT/stdout" | head -1 | cut -d' ' -f1)
    printf '%-18s %10s %8s %9d %6s\n' "$name" "${packets:-?}" "$seconds" $(((kib + 1023) / 1024)) "$status"
    grep -h -i -E "capped|kept only|more not shown|limit" "$OUT/reports/$name.md" 2>/dev/null | head -5 | sed 's/^/    /'
    head -c 300 "$OUT/stderr"
done
