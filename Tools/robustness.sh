#!/usr/bin/env bash
# Runs pcap-report on every file of the malformed corpus and checks it never crashes or hangs.
#
#   Tools/robustness.sh [TOOL] [FOLDER]     (defaults: .build/debug/pcap-report, ../shared/corpus/malformed)
#
# Each file must give either a report (exit 0; a file readable up to a point says where and why
# reading stopped) or exactly one error line naming the file, with exit status 1. A signal, a Swift
# runtime trap, any other status, or more than LIMIT seconds (default 5) counts as a crash or a hang.
# Peak RSS comes from /usr/bin/time -v. Prints one line:
#   malformed: N files, C crashes, H hangs, max T s, max RSS M MiB
# and exits 1 if C or H is not 0 (details of each failure go to stderr).
set -uo pipefail
cd "$(dirname "$0")/.."
TOOL=${1:-.build/debug/pcap-report}
FOLDER=${2:-../shared/corpus/malformed}
LIMIT=${LIMIT:-5}
[ -x "$TOOL" ] || { echo "robustness: $TOOL not built (swift build)" >&2; exit 2; }
[ -d "$FOLDER" ] || { echo "robustness: no malformed corpus at $FOLDER" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "robustness: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/robustness.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export SWIFT_BACKTRACE=enable=no      # a trap should end the process, not wait for a backtrace

files=0 crashes=0 hangs=0 max_ms=0 max_kib=0
for file in "$FOLDER"/*; do
    [ -f "$file" ] || continue
    files=$((files + 1))
    rm -rf "$WORK/out"
    start=$(date +%s%N)
    timeout -s KILL $((LIMIT * 4)) /usr/bin/time -v -o "$WORK/time" \
        "$TOOL" "$file" --output-dir "$WORK/out" >"$WORK/stdout" 2>"$WORK/stderr"
    status=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time" 2>/dev/null)
    [ -n "$kib" ] && [ "$kib" -gt "$max_kib" ] && max_kib=$kib
    [ "$ms" -gt "$max_ms" ] && max_ms=$ms
    name=$(basename "$file")
    lines=$(grep -c . "$WORK/stderr")
    signal=$(awk -F': ' '/Command terminated by signal/ {print $2}' "$WORK/time" 2>/dev/null)
    if [ "$status" = 137 ] || [ "$ms" -gt $((LIMIT * 1000)) ]; then
        hangs=$((hangs + 1)); echo "HANG  $name: ${ms} ms (status $status)" >&2
    elif [ -n "$signal" ] || [ "$status" -ge 128 ] || grep -q -E "Fatal error|Crash|Illegal instruction|Segmentation" "$WORK/stderr"; then
        crashes=$((crashes + 1)); echo "CRASH $name: status $status ${signal:+signal $signal }$(head -c 300 "$WORK/stderr")" >&2
    elif [ "$status" = 1 ]; then
        if [ "$lines" != 1 ] || ! grep -q -F "$name" "$WORK/stderr"; then
            crashes=$((crashes + 1)); echo "BAD   $name: exit 1 needs one error line naming the file, got: $(head -c 300 "$WORK/stderr")" >&2
        fi
    elif [ "$status" = 0 ]; then
        if ! ls "$WORK/out" 2>/dev/null | grep -q '\.md$'; then
            crashes=$((crashes + 1)); echo "BAD   $name: exit 0 without a report" >&2
        fi
    else
        crashes=$((crashes + 1)); echo "BAD   $name: exit status $status" >&2
    fi
done
printf 'malformed: %d files, %d crashes, %d hangs, max %d.%02d s, max RSS %d MiB\n' \
    "$files" "$crashes" "$hangs" $((max_ms / 1000)) $(((max_ms % 1000) / 10)) $(((max_kib + 1023) / 1024))
[ "$crashes" = 0 ] && [ "$hangs" = 0 ]
