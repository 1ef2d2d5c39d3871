#!/usr/bin/env bash
# Regenerate the tshark/capinfos reference outputs for every sample capture.
#
# For each Samples/<name>.pcapng this writes Samples/reference/<name>.pcapng/ holding exactly the
# tables Samples/reference-tables.sh lists (capinfos -M; tshark's io,phs, conv,{eth,ip,ipv6,tcp,udp},
# endpoints,ip and expert taps), with TZ=UTC, LC_ALL=C and a fresh, empty Wireshark configuration
# directory, so that no personal profile changes the output. Commands run inside Samples/ with the
# bare file name, so nothing depends on where the checkout lives. Only stdout is kept; stderr is
# shown (minus tshark's "Running as user root" notice) and any failing command stops the script.
#
# Usage: Samples/make-references.sh      (from anywhere)
set -euo pipefail

samples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$samples_dir"

for tool in tshark capinfos; do
    command -v "$tool" >/dev/null || {
        echo "make-references.sh: $tool not found (apt-get install tshark)" >&2
        exit 1
    }
done

REFERENCE_SCRIPT=make-references.sh
# shellcheck source=reference-tables.sh
source "$samples_dir/reference-tables.sh"

shopt -s nullglob
files=(*.pcapng)
if [ ${#files[@]} -eq 0 ]; then
    echo "make-references.sh: no *.pcapng in $samples_dir" >&2
    exit 1
fi

# drop references of samples that no longer exist
for dir in reference/*.pcapng; do
    [ -d "$dir" ] && [ ! -e "${dir#reference/}" ] && rm -rf "$dir"
done

for f in "${files[@]}"; do
    write_references "reference/$f" "$f"
    echo "wrote reference/$f/"
done
