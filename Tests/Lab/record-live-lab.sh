#!/bin/sh
# Records real nmap / hping3 traffic against 127.0.0.1 with tcpdump on `lo`, bounded in packets and
# time, into Tests/Fixtures/lab/live/ (or $1). Loopback only: nothing leaves the machine.
# Needs root and: apt-get install nmap hping3 tcpdump. Listeners on 127.0.0.1:18080 (HTTP) and
# 127.0.0.1:18022 (a banner) are started for the run, so some ports are open.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../Fixtures/lab/live}
mkdir -p "$out"
ports=1-200,18022,18080

python3 -m http.server 18080 --bind 127.0.0.1 >/dev/null 2>&1 & http=$!
python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 18022)); s.listen(64)
while True:
    c, _ = s.accept(); c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Lab\r\n"); c.close()
' >/dev/null 2>&1 & banner=$!
trap 'kill $http $banner 2>/dev/null || true' EXIT
sleep 1

record() {   # record NAME MAXPACKETS COMMAND...
    name=$1; max=$2; shift 2
    timeout 60 tcpdump -i lo -U -s 256 -c "$max" -w "$out/$name.pcap" 'host 127.0.0.1 or host 127.0.0.2' >/dev/null 2>&1 & td=$!
    sleep 1
    timeout 50 "$@" >/dev/null 2>&1 || true
    sleep 1
    kill -INT $td 2>/dev/null || true
    wait $td 2>/dev/null || true
}

record nmap-sS 2000 nmap -n -Pn -sS -p $ports 127.0.0.1
record nmap-sT 3000 nmap -n -Pn -sT -p $ports 127.0.0.1
record nmap-sF 2000 nmap -n -Pn -sF -p $ports 127.0.0.1
record nmap-sN 2000 nmap -n -Pn -sN -p $ports 127.0.0.1
record nmap-sX 2000 nmap -n -Pn -sX -p $ports 127.0.0.1
record nmap-sA 2000 nmap -n -Pn -sA -p $ports 127.0.0.1
record nmap-sW 2000 nmap -n -Pn -sW -p $ports 127.0.0.1
record nmap-sM 2000 nmap -n -Pn -sM -p $ports 127.0.0.1
record nmap-sU 2000 nmap -n -Pn -sU --max-retries 0 -p 1-100 127.0.0.1
record nmap-sO 2000 nmap -n -Pn -sO --max-retries 0 -p 0-60 127.0.0.1
record nmap-sV 3000 nmap -n -Pn -sV --version-light -p 1-100,18022,18080 127.0.0.1
record nmap-slow 400 nmap -n -Pn -sS --scan-delay 300ms -p 1-30,18080 127.0.0.1
record nmap-decoy 3000 nmap -n -Pn -sS -D 127.0.0.2,ME,127.0.0.3 -p $ports 127.0.0.1
record hping3-synflood 3000 hping3 -S -p 18080 -i u200 -c 2000 127.0.0.1
record hping3-udpflood 3000 hping3 --udp -p 9999 -i u200 -c 2000 127.0.0.1
record hping3-icmpflood 3000 hping3 --icmp -i u200 -c 2000 127.0.0.1
record hping3-synfin 100 hping3 -S -F -p 18080 -c 5 127.0.0.1
