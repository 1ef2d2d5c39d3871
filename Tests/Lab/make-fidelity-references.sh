#!/usr/bin/env bash
# Regenerate the tshark/capinfos references of the lab conformance set (docs/conformance.md, "Lab set"):
# every capture in Tests/Fixtures/lab/fidelity/ (crafted by make-fidelity-captures.py) and
# Tests/Fixtures/lab/live/ (real tool runs on loopback), into Tests/Fixtures/lab/reference/<file name>/,
# the same tables, commands and settings as Samples/make-references.sh: both source the one list in
# Samples/reference-tables.sh (which `Tools/conformance.py` reads). Commands run inside the capture's
# folder with its bare name. tshark 4.0 (Debian 12) made the committed files.
#
# Usage: Tests/Lab/make-fidelity-references.sh      (from anywhere)
set -euo pipefail
lab=$(cd "$(dirname "${BASH_SOURCE[0]}")/../Fixtures/lab" && pwd)
REFERENCE_SCRIPT=make-fidelity-references.sh
# shellcheck source=../../Samples/reference-tables.sh
source "$lab/../../../Samples/reference-tables.sh"
for dir in fidelity live; do
    cd "$lab/$dir"
    for f in *.pcap; do
        write_references "$lab/reference/$f" "$f"
    done
done
