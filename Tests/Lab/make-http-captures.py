#!/usr/bin/env python3
"""Crafts the HTTP lab captures of Tests/Fixtures/lab/ offline with scapy (nothing is sent).

http-download.pcap: a client fetches, over one keep-alive connection (pipelined), a fake
"invoice.pdf.exe" (a PE header, Content-Disposition attachment) with a credential in the query and
markup in the user agent, then a gzip-encoded chunked PDF split across segments, one segment
retransmitted. Deterministic: fixed timestamps, sequence numbers and gzip mtime.

    python3 Tests/Lab/make-http-captures.py        # from any directory; needs scapy
"""
import gzip
import os

from scapy.all import IP, TCP, Ether, Raw, wrpcap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab")
T0 = 1_790_000_000.0  # 2026-09-21, fixed
CLIENT, SERVER = "10.66.0.20", "10.66.0.10"
CMAC, SMAC = "02:00:0a:42:00:14", "02:00:0a:42:00:0a"

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + b"PE\x00\x00" + b"\x00" * 60
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" * 4


def main():
    packets, t = [], [T0]
    seq = {"c": 1000, "s": 5000}

    def send(from_client, payload=b"", flags="PA", resend=False):
        src, dst, sport, dport = (CLIENT, SERVER, 49200, 80) if from_client else (SERVER, CLIENT, 80, 49200)
        key, other = ("c", "s") if from_client else ("s", "c")
        s = seq[key] - (len(payload) if resend else 0)
        p = Ether(src=CMAC if from_client else SMAC, dst=SMAC if from_client else CMAC) / IP(src=src, dst=dst, ttl=64, id=len(packets) + 1) / \
            TCP(sport=sport, dport=dport, seq=s, ack=seq[other], flags=flags, window=64240)
        if payload:
            p = p / Raw(payload)
        t[0] += 0.004
        p.time = t[0]
        packets.append(p)
        if not resend:
            seq[key] += len(payload) + (1 if "S" in flags or "F" in flags else 0)

    seq["c"] -= 1; seq["s"] -= 1
    send(True, flags="S")
    send(False, flags="SA")
    send(True, flags="A")
    send(True, b"GET /files/invoice.pdf.exe?user=bob&password=hunter2 HTTP/1.1\r\nHost: files.example.net\r\n"
               b"User-Agent: <script>alert(1)</script>\r\nAccept: */*\r\n\r\n"
               b"GET /docs/report.pdf HTTP/1.1\r\nHost: files.example.net\r\nUser-Agent: curl/8.5.0\r\n"
               b"Accept-Encoding: gzip\r\n\r\n")
    send(False, b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
                b"filename=\"invoice.pdf.exe\"\r\nContent-Length: %d\r\n\r\n" % len(PE) + PE)
    body = gzip.compress(PDF, mtime=0)
    chunked = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (30, body[:30], len(body) - 30, body[30:])
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
    message = head + chunked
    send(False, message[:len(head) + 10])
    send(False, message[len(head) + 10:len(head) + 40])
    send(False, message[len(head) + 10:len(head) + 40][-30:], resend=True)  # a retransmission
    send(False, message[len(head) + 40:])
    send(True, flags="FA")
    send(False, flags="FA")
    send(True, flags="A")
    wrpcap(os.path.join(OUT, "http-download.pcap"), packets)


if __name__ == "__main__":
    main()
