#!/usr/bin/env python3
"""Compares `pcap-report --extract-files` with `tshark --export-objects http` on each capture.

    python3 Tests/Lab/compare-extracted-files.py --tool .build/debug/pcap-report CAPTURE...

For each capture that tshark exports HTTP objects from (or that we extract from), prints the number
of objects each wrote and how many of tshark's SHA-256 values ours matches (as multisets), then
the totals. Exits 1 when any capture differs.
"""
import argparse, collections, hashlib, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--tool", required=True)
ap.add_argument("captures", nargs="+")
args = ap.parse_args()
env = dict(os.environ, TZ="UTC", WIRESHARK_CONFIG_DIR=tempfile.mkdtemp())


def digests(folder):
    out = collections.Counter()
    for root, _, names in os.walk(folder):
        for n in names:
            with open(os.path.join(root, n), "rb") as f:
                out[hashlib.sha256(f.read()).hexdigest()] += 1
    return out


total_theirs = total_ours = total_match = differ = 0
for cap in args.captures:
    work = tempfile.mkdtemp()
    theirs_dir, ours_dir, reports = (os.path.join(work, x) for x in ("tshark", "ours", "reports"))
    subprocess.run(["tshark", "-n", "-r", cap, "-q", "--export-objects", "http," + theirs_dir], env=env, capture_output=True)
    subprocess.run([args.tool, cap, "-o", reports, "--format", "json", "--extract-files", ours_dir], capture_output=True)
    theirs, ours = digests(theirs_dir), digests(ours_dir)
    if not theirs and not ours:
        continue
    match = sum((theirs & ours).values())
    n_theirs, n_ours = sum(theirs.values()), sum(ours.values())
    total_theirs += n_theirs; total_ours += n_ours; total_match += match
    ok = match == n_theirs == n_ours
    differ += not ok
    print("%-4s %-55s tshark=%3d ours=%3d sha256-equal=%3d" % ("OK" if ok else "DIFF", os.path.basename(cap), n_theirs, n_ours, match))
print("total: tshark=%d ours=%d sha256-equal=%d, %d capture(s) differ" % (total_theirs, total_ours, total_match, differ))
sys.exit(1 if differ else 0)
