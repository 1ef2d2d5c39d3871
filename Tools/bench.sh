#!/usr/bin/env bash
# make bench: pcap-report (full report: every statistic, expert analysis, findings, all three
# renderers) against the bare libpcap read loop and tshark's statistics on the same files.
#
# Captures come from the deterministic generator in ../shared/bench (same arguments, same bytes) and
# are written to $BENCH_DIR (default /tmp/pcapreport-bench; 5M packets need about 3.4 GB).
# Timing: hyperfine, several runs after a warm-up, medians. Peak RSS: /usr/bin/time -f %M.
# Environment: SIZES="100000 1000000 5000000", RUNS=5, TSHARK=1 (0 skips tshark), FLOWS_CAPTURE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_SRC=${BENCH_SRC:-$ROOT/../shared/bench}
BENCH_DIR=${BENCH_DIR:-/tmp/pcapreport-bench}
SIZES=${SIZES:-"100000 1000000 5000000"}
RUNS=${RUNS:-5}
TSHARK=${TSHARK:-1}
FLOWS_CAPTURE=${FLOWS_CAPTURE:-1}
TOOL=$ROOT/.build/release/pcap-report

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is missing (apt-get install $2)"; exit 2; }; }
need hyperfine hyperfine
need cc gcc
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)"; exit 2; }
[ -d "$BENCH_SRC" ] || { echo "bench: generator sources not found at $BENCH_SRC (set BENCH_SRC)"; exit 2; }

mkdir -p "$BENCH_DIR/bin" "$BENCH_DIR/out"
make -s -C "$BENCH_SRC" BIN="$BENCH_DIR/bin" >/dev/null
swift build -c release >/dev/null

captures=()
declare -A gen_args=()
for n in $SIZES; do
  f="$BENCH_DIR/gen-$n.pcap"
  [ -s "$f" ] || "$BENCH_DIR/bin/gen-capture" "$n" 1 "$f" 2>/dev/null
  captures+=("$f"); gen_args[$f]="$n 1 F"
done
if [ "$FLOWS_CAPTURE" = 1 ]; then
  f="$BENCH_DIR/gen-1000000-flows.pcap"
  [ -s "$f" ] || "$BENCH_DIR/bin/gen-capture" 1000000 1 "$f" 1000000 2>/dev/null
  captures+=("$f"); gen_args[$f]="1000000 1 F 1000000"
fi
summary="$BENCH_DIR/summary.md"
printf '| capture | pcap-report | bare libpcap loop | ratio | peak RSS |\n|---|---|---|---|---|\n' >"$summary"

median() {  # hyperfine JSON -> median seconds of command $2
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["results"][int(sys.argv[2])]["median"])' "$1" "$2"
}
cpu() {  # hyperfine JSON -> mean user + system seconds of command $2
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["user"] + r["system"])' "$1" "$2"
}
rss() { /usr/bin/time -f %M "$@" >/dev/null 2>"$BENCH_DIR/time.txt" || true; tail -1 "$BENCH_DIR/time.txt"; }

printf '%-28s %-12s %10s %12s %9s %10s %9s %9s\n' capture command "wall (s)" "packets/s" "MB/s" "RSS (MiB)" "x floor" "x tshark"
for f in "${captures[@]}"; do
  packets=$(capinfos -M -c "$f" 2>/dev/null | awk '/Number of packets/ {print $4}' || true)
  [ -n "$packets" ] || packets=$(basename "$f" .pcap | tr -dc 0-9 | head -c 8)
  mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1])/1e6)" "$f")
  report="$TOOL $f --output-dir $BENCH_DIR/out"
  floor="$BENCH_DIR/bin/pcap-floor $f"
  tshark_cmd="tshark -n -r $f -q -z io,phs -z conv,eth -z conv,ip -z conv,ipv6 -z conv,tcp -z conv,udp -z endpoints,ip -z expert"
  cmds=("$report" "$floor")
  with_tshark=0
  if [ "$TSHARK" = 1 ] && command -v tshark >/dev/null && [ "${packets:-0}" -le 1000000 ] && [[ "$f" != *flows* ]]; then
    cmds+=("$tshark_cmd"); with_tshark=1
  fi
  runs=$RUNS
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$BENCH_DIR/h.json" "${cmds[@]}" >/dev/null 2>&1 || \
    hyperfine --warmup 1 --runs "$runs" --export-json "$BENCH_DIR/h.json" "${cmds[@]}" >/dev/null
  t_report=$(median "$BENCH_DIR/h.json" 0); t_floor=$(median "$BENCH_DIR/h.json" 1)
  t_tshark=""; [ $with_tshark = 1 ] && t_tshark=$(median "$BENCH_DIR/h.json" 2)
  r_report=$(rss $report); r_floor=$(rss $floor)
  r_tshark=""; [ $with_tshark = 1 ] && r_tshark=$(rss $tshark_cmd)
  line() {  # name wall rss
    python3 - "$@" <<'PY'
import sys
cap, name, wall, rss, floor, tshark, packets, mb = sys.argv[1:9]
wall = float(wall); floor = float(floor)
xt = f"{wall/float(tshark):9.3f}" if tshark else f"{'-':>9}"
print(f"{cap:<28} {name:<12} {wall:10.3f} {int(packets)/wall:12.0f} {float(mb)/wall:9.1f} {int(rss)/1024:10.1f} {wall/floor:9.2f} {xt}")
PY
  }
  name=$(basename "$f" .pcap)
  line "$name" pcap-report "$t_report" "$r_report" "$t_floor" "$t_tshark" "$packets" "$mb"
  line "$name" libpcap-loop "$t_floor" "$r_floor" "$t_floor" "$t_tshark" "$packets" "$mb"
  [ $with_tshark = 1 ] && line "$name" tshark "$t_tshark" "$r_tshark" "$t_floor" "$t_tshark" "$packets" "$mb"
  # The issue's table: one row per capture (the flows capture names its flow count).
  python3 - "$packets" "$mb" "${gen_args[$f]}" "$t_report" "$(cpu "$BENCH_DIR/h.json" 0)" "$t_floor" "$r_report" >>"$summary" <<'PY'
import sys
packets, mb, args, wall, cpu, floor, rss = sys.argv[1:8]
def count(n):
    n = int(n)
    return f"{n // 1000000}M" if n % 1000000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)
parts = args.split()
what = f"{count(packets)} packets, {float(mb):.0f} MB"
if len(parts) > 3:
    what = f"{count(packets)} packets, {count(parts[3])} flows requested, {float(mb):.0f} MB"
wall, cpu, floor = float(wall), float(cpu), float(floor)
print(f"| {what} (`gen-capture {args}`) | {wall:.3f} s (cpu {cpu:.2f} s) | {floor:.3f} s | {wall / floor:.1f}× | {int(rss) / 1024:.0f} MiB |")
PY
done
echo "medians of $RUNS runs after a warm-up (hyperfine); x floor and x tshark are wall-time ratios from the same run"
echo
cat "$summary"
echo "wall: hyperfine median; cpu: mean user + system; ratio: wall over the floor's wall; peak RSS: /usr/bin/time %M"
