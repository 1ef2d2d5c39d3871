#!/usr/bin/env bash
# Regenerate the tshark/capinfos reference outputs for every sample capture.
#
# For each Samples/<name>.pcapng this writes Samples/reference/<name>.pcapng/
# holding exactly:
#   capinfos.txt      capinfos -M <name>.pcapng
#   phs.txt           $T -r <file> -q -z io,phs
#   conv_eth.txt      $T -r <file> -q -z conv,eth
#   conv_ip.txt       $T -r <file> -q -z conv,ip
#   conv_ipv6.txt     $T -r <file> -q -z conv,ipv6
#   conv_tcp.txt      $T -r <file> -q -z conv,tcp
#   conv_udp.txt      $T -r <file> -q -z conv,udp
#   endpoints_ip.txt  $T -r <file> -q -z endpoints,ip
#   expert.txt        $T -r <file> -q -z expert
# with T="tshark -n -o tcp.relative_sequence_numbers:TRUE", TZ=UTC, LC_ALL=C
# and a fresh, empty Wireshark configuration directory, so that no personal
# profile changes the output. Commands run inside Samples/ with the bare file
# name, so nothing depends on where the checkout lives. Only stdout is kept;
# stderr is shown (minus tshark's "Running as user root" notice) and any
# failing command stops the script.
#
# Usage: Samples/make-references.sh      (from anywhere)
set -euo pipefail

export TZ=UTC LC_ALL=C
unset LANG LANGUAGE

samples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$samples_dir"

for tool in tshark capinfos; do
    command -v "$tool" >/dev/null || {
        echo "make-references.sh: $tool not found (apt-get install tshark)" >&2
        exit 1
    }
done

WIRESHARK_CONFIG_DIR=$(mktemp -d)
export WIRESHARK_CONFIG_DIR
trap 'rm -rf "$WIRESHARK_CONFIG_DIR"' EXIT

T="tshark -n -o tcp.relative_sequence_numbers:TRUE"

shopt -s nullglob
files=(*.pcapng)
if [ ${#files[@]} -eq 0 ]; then
    echo "make-references.sh: no *.pcapng in $samples_dir" >&2
    exit 1
fi

errlog="$WIRESHARK_CONFIG_DIR/stderr.log"

# run OUTFILE CMD...: stdout to OUTFILE; stderr shown unless it is only
# tshark's "Running as user ... root" notice; a failing command aborts.
run() {
    local outfile=$1
    shift
    if ! "$@" > "$outfile" 2> "$errlog"; then
        cat "$errlog" >&2
        echo "make-references.sh: failed: $*" >&2
        exit 1
    fi
    grep -v '^Running as user .* This could be dangerous\.$' "$errlog" >&2 || true
}

# drop references of samples that no longer exist
for dir in reference/*.pcapng; do
    [ -d "$dir" ] && [ ! -e "${dir#reference/}" ] && rm -rf "$dir"
done

for f in "${files[@]}"; do
    out="reference/$f"
    rm -rf "$out"
    mkdir -p "$out"
    run "$out/capinfos.txt"     capinfos -M "$f"
    run "$out/phs.txt"          $T -r "$f" -q -z io,phs
    run "$out/conv_eth.txt"     $T -r "$f" -q -z conv,eth
    run "$out/conv_ip.txt"      $T -r "$f" -q -z conv,ip
    run "$out/conv_ipv6.txt"    $T -r "$f" -q -z conv,ipv6
    run "$out/conv_tcp.txt"     $T -r "$f" -q -z conv,tcp
    run "$out/conv_udp.txt"     $T -r "$f" -q -z conv,udp
    run "$out/endpoints_ip.txt" $T -r "$f" -q -z endpoints,ip
    run "$out/expert.txt"       $T -r "$f" -q -z expert
    echo "wrote $out/"
done
