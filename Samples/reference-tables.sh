# The tshark/capinfos reference tables, in one place: sourced by Samples/make-references.sh (the
# samples) and Tests/Lab/make-fidelity-references.sh (the lab conformance set); `Tools/conformance.py`
# reads the same file names. Not a program: `source` it, then call
#
#   write_references OUT_DIR CAPTURE      (CAPTURE a bare name in the current folder)
#
# which writes exactly:
#   capinfos.txt      capinfos -M CAPTURE
#   phs.txt           $T -r CAPTURE -q -z io,phs
#   conv_eth.txt      $T -r CAPTURE -q -z conv,eth
#   conv_ip.txt       $T -r CAPTURE -q -z conv,ip
#   conv_ipv6.txt     $T -r CAPTURE -q -z conv,ipv6
#   conv_tcp.txt      $T -r CAPTURE -q -z conv,tcp
#   conv_udp.txt      $T -r CAPTURE -q -z conv,udp
#   endpoints_ip.txt  $T -r CAPTURE -q -z endpoints,ip
#   expert.txt        $T -r CAPTURE -q -z expert
# with T="tshark -n -o tcp.relative_sequence_numbers:TRUE", TZ=UTC, LC_ALL=C and a fresh, empty
# Wireshark configuration folder (set up here, removed on exit), so no personal profile changes a
# number. Only stdout is kept; stderr is shown (minus tshark's "Running as user root" notice) and a
# failing command stops the caller (`set -e`), naming REFERENCE_SCRIPT.

export TZ=UTC LC_ALL=C
unset LANG LANGUAGE

WIRESHARK_CONFIG_DIR=$(mktemp -d)
export WIRESHARK_CONFIG_DIR
trap 'rm -rf "$WIRESHARK_CONFIG_DIR"' EXIT

T="tshark -n -o tcp.relative_sequence_numbers:TRUE"
errlog="$WIRESHARK_CONFIG_DIR/stderr.log"

# run OUTFILE CMD...: stdout to OUTFILE; stderr shown unless it is only tshark's "Running as user
# ... root" notice; a failing command aborts.
run() {
    local outfile=$1
    shift
    if ! "$@" > "$outfile" 2> "$errlog"; then
        cat "$errlog" >&2
        echo "${REFERENCE_SCRIPT:-reference-tables.sh}: failed: $*" >&2
        exit 1
    fi
    grep -v '^Running as user .* This could be dangerous\.$' "$errlog" >&2 || true
}

# write_references OUT_DIR CAPTURE: the tables above for CAPTURE into OUT_DIR (emptied first).
write_references() {
    local out=$1 f=$2
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
}
