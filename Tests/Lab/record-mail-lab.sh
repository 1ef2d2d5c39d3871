#!/bin/sh
# Records a real SMTP + POP3 session on loopback (Tests/Lab/mail-lab-session.py: smtplib sends a
# multipart message with an attachment to a tiny local server, poplib retrieves it) with dumpcap on
# `lo`, bounded in packets and time, into Tests/Fixtures/lab/live/mail-smtp-pop.pcap (or $1/...).
# Loopback only. Needs root (ports 25 and 110) and dumpcap (the tshark package).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../Fixtures/lab/live}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 30 dumpcap -q -i lo -c 400 -a duration:20 -P -w "$tmp/mail.pcap" -f 'tcp port 25 or tcp port 110' >/dev/null 2>&1 & dc=$!
sleep 2
timeout 15 python3 "$here/mail-lab-session.py"
sleep 1
kill -INT $dc 2>/dev/null || true
wait $dc 2>/dev/null || true
cp "$tmp/mail.pcap" "$out/mail-smtp-pop.pcap"
