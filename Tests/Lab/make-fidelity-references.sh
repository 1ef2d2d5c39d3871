#!/usr/bin/env bash
# Regenerate the tshark/capinfos references of the lab conformance set (docs/conformance.md, "Lab set"):
# every capture in Tests/Fixtures/lab/fidelity/ (crafted by make-fidelity-captures.py) and
# Tests/Fixtures/lab/live/ (real tool runs on loopback), into Tests/Fixtures/lab/reference/<file name>/,
# the same files and commands as the shared corpus's make-references.sh (which `Tools/conformance.py`
# reads): capinfos -M, and with T="tshark -n -o tcp.relative_sequence_numbers:TRUE" the io,phs,
# conv,{eth,ip,ipv6,tcp,udp}, endpoints,ip and expert taps. TZ=UTC, LC_ALL=C and an empty Wireshark
# configuration folder, so no personal preference changes a number; commands run inside the capture's
# folder with its bare name. tshark 4.0 (Debian 12) made the committed files.
#
# Usage: Tests/Lab/make-fidelity-references.sh      (from anywhere)
set -euo pipefail
export TZ=UTC LC_ALL=C
unset LANG LANGUAGE
lab=$(cd "$(dirname "${BASH_SOURCE[0]}")/../Fixtures/lab" && pwd)
WIRESHARK_CONFIG_DIR=$(mktemp -d)
export WIRESHARK_CONFIG_DIR
trap 'rm -rf "$WIRESHARK_CONFIG_DIR"' EXIT
T="tshark -n -o tcp.relative_sequence_numbers:TRUE"
errlog="$WIRESHARK_CONFIG_DIR/stderr.log"
run() {
    local outfile=$1
    shift
    if ! "$@" > "$outfile" 2> "$errlog"; then
        cat "$errlog" >&2
        echo "make-fidelity-references.sh: failed: $*" >&2
        exit 1
    fi
    grep -v '^Running as user .* This could be dangerous\.$' "$errlog" >&2 || true
}
for dir in fidelity live; do
    cd "$lab/$dir"
    for f in *.pcap; do
        out="$lab/reference/$f"
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
    done
done
