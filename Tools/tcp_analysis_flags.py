#!/usr/bin/env python3
"""Compare per-packet TCP analysis flags (tcp.analysis.*) of pcap-report with tshark 4.0.

For every capture, tshark prints which frames carry which `tcp.analysis.<flag>` fields; pcap-report
is run with `--expert-detail` and its `expert.perPacket` array is mapped back to the same flag names
through the items' Wireshark texts. A frame matches when both sides give it the same set of flags.
The match rate is matched frames / frames flagged by either side.

    python3 Tools/tcp_analysis_flags.py --tool .build/debug/pcap-report [--only NAME] [--show N]

tshark runs as the corpus references were made: -n, relative sequence numbers, TZ=UTC, an empty
WIRESHARK_CONFIG_DIR (every preference at its default). Standard library only.
"""
import argparse, json, os, subprocess, sys, tempfile
from pathlib import Path

FLAGS = ["retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "reused_ports",
         "lost_segment", "ack_lost_segment", "window_update", "window_full", "keep_alive", "keep_alive_ack",
         "duplicate_ack", "zero_window", "zero_window_probe", "zero_window_probe_ack"]

# The expert texts that name each flag: one table, shared with the conformance checker.
from conformance import TCP_ANALYSIS_TEXTS as TEXTS  # noqa: E402


def tshark_flags(capture: Path, config_dir: str) -> dict:
    cmd = ["tshark", "-n", "-o", "tcp.relative_sequence_numbers:TRUE", "-r", str(capture), "-T", "fields",
           "-e", "frame.number"] + [a for f in FLAGS for a in ("-e", f"tcp.analysis.{f}")] + ["-Y", "tcp.analysis.flags"]
    env = dict(os.environ, TZ="UTC", LC_ALL="C", WIRESHARK_CONFIG_DIR=config_dir)
    out = subprocess.run(cmd, capture_output=True, text=True, env=env).stdout
    frames = {}
    for line in out.splitlines():
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue
        # Items inside an ICMP error's quoted packet are not the frame's own (and are not tapped).
        got = frozenset(f for f, v in zip(FLAGS, cols[1:]) if v)
        if got:
            frames[int(cols[0])] = got
    return frames


def our_flags(tool: str, capture: Path, out_dir: Path) -> dict | None:
    r = subprocess.run([tool, "--expert-detail", "--format", "json", "-o", str(out_dir), str(capture)],
                       capture_output=True, text=True)
    reports = sorted(out_dir.rglob("*.json"))
    if r.returncode != 0 or not reports:
        return None
    doc = json.loads(reports[0].read_text())
    items = doc["expert"]["items"]
    frames: dict[int, set] = {}
    for occ in doc["expert"].get("perPacket", []):
        summary = items[occ["item"]]["summary"]
        flag = "duplicate_ack" if summary.startswith("Duplicate ACK (#") else TEXTS.get(summary)
        if flag and items[occ["item"]]["protocol"] == "TCP":
            frames.setdefault(occ["frame"], set()).add(flag)
    return {k: frozenset(v) for k, v in frames.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--show", type=int, default=3, help="differing frames printed per capture")
    args = ap.parse_args()
    real = Path(args.corpus) / "real"
    captures = sorted(p for p in real.iterdir() if p.is_file() and (not args.only or any(o in p.name for o in args.only)))
    total_union = total_match = files_with = files_equal = 0
    with tempfile.TemporaryDirectory() as tmp:
        for cap in captures:
            want = tshark_flags(cap, tempfile.mkdtemp(dir=tmp))
            ours = our_flags(args.tool, cap, Path(tempfile.mkdtemp(dir=tmp)))
            if ours is None:
                print(f"{cap.name}: our tool failed")
                continue
            union = sorted(set(want) | set(ours))
            if not union:
                continue
            files_with += 1
            bad = [f for f in union if want.get(f, frozenset()) != ours.get(f, frozenset())]
            total_union += len(union)
            total_match += len(union) - len(bad)
            files_equal += not bad
            status = "identical" if not bad else "DIFF"
            print(f"{cap.name:60} {status:9} {len(union) - len(bad)}/{len(union)} flagged frames equal")
            for f in bad[:args.show]:
                print(f"    frame {f}: ours {sorted(ours.get(f, []))} vs tshark {sorted(want.get(f, []))}")
    rate = 100.0 * total_match / total_union if total_union else 100.0
    print(f"\ntcp analysis flags: {total_match}/{total_union} flagged frames equal ({rate:.2f}%), "
          f"{files_equal}/{files_with} captures identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
