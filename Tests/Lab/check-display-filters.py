#!/usr/bin/env python3
"""Checks that every finding's display filter shows exactly its packetCount frames in tshark.

    python3 Tests/Lab/check-display-filters.py --tool .build/debug/pcap-report CAPTURE...

Prints one line per finding (OK or the two counts) and exits 1 when any differs.
"""
import argparse, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--tool", required=True)
ap.add_argument("captures", nargs="+")
args = ap.parse_args()
env = dict(os.environ, TZ="UTC", WIRESHARK_CONFIG_DIR=tempfile.mkdtemp())
out = tempfile.mkdtemp()
bad = 0
for cap in args.captures:
    subprocess.run([args.tool, cap, "--output-dir", out, "--format", "json"], check=True, capture_output=True)
    report = json.load(open(os.path.join(out, os.path.splitext(os.path.basename(cap))[0] + ".json")))
    for f in report["findings"]:
        r = subprocess.run(["tshark", "-n", "-r", cap, "-Y", f["displayFilter"], "-T", "fields", "-e", "frame.number"],
                           env=env, capture_output=True, text=True)
        n = len(r.stdout.split()) if r.returncode == 0 else -1
        ok = n == f["packetCount"]
        bad += not ok
        print("%-4s %-40s %-22s %-14s filter=%d packetCount=%d%s" % ("OK" if ok else "DIFF", os.path.basename(cap), f["kind"], f["technique"],
              n, f["packetCount"], "" if r.returncode == 0 else "  " + r.stderr.strip()[:200]))
sys.exit(1 if bad else 0)
