#!/usr/bin/env python3
"""Crafts the C2/beaconing lab captures of Tests/Fixtures/lab/ offline with scapy (nothing is sent).

Deterministic: fixed timestamps, addresses, ports and a seeded RNG, so running it again gives
byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-c2-captures.py
"""
import os
import random

from scapy.all import DNS, DNSQR, DNSRR, IP, TCP, UDP, Ether, NTP, Raw, wrpcap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab")
T0 = 1_790_000_000.0  # 2026-09-21, fixed


def mac(ip):
    parts = [int(x) for x in ip.split(".")]
    return "02:00:%02x:%02x:%02x:%02x" % tuple(parts)


class Capture:
    def __init__(self):
        self.packets = []

    def add(self, pkt, t):
        ip = pkt[IP]
        frame = Ether(src=mac(ip.src), dst=mac(ip.dst)) / pkt
        frame.time = t
        self.packets.append(frame)

    def tcp_session(self, t, client, server, sport, dport, request, response, rng, chunk=1400):
        """A whole TCP connection: handshake, one request, a response in MSS-sized segments, FIN."""
        cs, ss = rng.randrange(1 << 31), rng.randrange(1 << 31)
        rtt = 0.02
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="S", seq=cs, window=64240), t)
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="SA", seq=ss, ack=cs + 1), t + rtt)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1), t + rtt + 0.0002)
        t += rtt + 0.0004
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="PA", seq=cs + 1, ack=ss + 1) / Raw(request), t)
        cs += 1 + len(request)
        sent = 0
        t += rtt
        while sent < len(response):
            piece = response[sent:sent + chunk]
            self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="PA" if sent + chunk >= len(response) else "A",
                                                      seq=ss + 1 + sent, ack=cs) / Raw(piece), t)
            sent += len(piece)
            t += 0.0003
        ss += 1 + len(response)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs, ack=ss), t)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="FA", seq=cs, ack=ss), t + 0.001)
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="FA", seq=ss, ack=cs + 1), t + 0.001 + rtt)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1), t + 0.0012 + rtt)

    def write(self, name):
        self.packets.sort(key=lambda p: p.time)
        wrpcap(os.path.join(OUT, name), self.packets)


def beacon():
    """An implant on 10.20.0.15 checking in with 203.0.113.66:443 every 60 s with 5% jitter for an hour,
    among some browsing."""
    rng = random.Random(1501)
    c = Capture()
    client, c2 = "10.20.0.15", "203.0.113.66"
    t = T0
    for i in range(61):
        request = bytes(rng.randrange(256) for _ in range(180 + rng.randrange(-4, 5)))  # a TLS-looking check-in
        c.tcp_session(t, client, c2, 49700 + i, 443, request, bytes(96), rng)
        t += 60 * (1 + rng.uniform(-0.05, 0.05))
    browse(c, rng, client, T0, 3600, 40)
    c.write("c2-beacon.pcap")


def browse(c, rng, client, start, span, pages):
    """Page loads to many CDN addresses at irregular (exponential) times."""
    t = start
    port = 50200
    for _ in range(pages):
        t += rng.expovariate(pages / span)
        for _ in range(rng.randrange(2, 6)):
            server = "198.51.100.%d" % rng.randrange(1, 60)
            port += 1
            c.tcp_session(t + rng.uniform(0, 0.5), client, server, port, 443, bytes(rng.randrange(300, 700)),
                          bytes(rng.randrange(1000, 6000)), rng)


def benign():
    """A workstation for an hour: NTP polling every 64 s to two servers, browsing with many CDNs, an OS
    connectivity check every 5 minutes (HTTP GET of a fixed page), a software update download and DNS."""
    rng = random.Random(1502)
    c = Capture()
    client, resolver = "10.20.0.30", "10.20.0.1"
    for server in ("192.0.2.123", "192.0.2.124"):
        t = T0 + rng.uniform(0, 10)
        while t < T0 + 3600:
            c.add(IP(src=client, dst=server) / UDP(sport=123, dport=123) / NTP(), t)
            c.add(IP(src=server, dst=client) / UDP(sport=123, dport=123) / NTP(mode=4), t + 0.015)
            t += 64
    t = T0 + 5
    port = 51000
    check = b"GET /connecttest.txt HTTP/1.1\r\nHost: www.msftconnecttest.com\r\nConnection: Close\r\n\r\n"
    while t < T0 + 3600:
        port += 1
        c.tcp_session(t, client, "203.0.113.200", port, 80, check, b"HTTP/1.1 200 OK\r\nContent-Length: 22\r\n\r\nMicrosoft Connect Test", rng)
        t += 300 * (1 + rng.uniform(-0.3, 0.3))
    browse(c, rng, client, T0, 3600, 60)
    c.tcp_session(T0 + 1800, client, "198.51.100.200", 52000, 443, bytes(500), bytes(1_000_000), rng)
    t = T0
    qid = 1
    while t < T0 + 3600:
        t += rng.expovariate(1 / 20)
        name = rng.choice(["www.example.com", "cdn.example.net", "update.example.org", "mail.example.com"])
        sport = rng.randrange(40000, 60000)
        c.add(IP(src=client, dst=resolver) / UDP(sport=sport, dport=53) / DNS(id=qid, rd=1, qd=DNSQR(qname=name)), t)
        c.add(IP(src=resolver, dst=client) / UDP(sport=53, dport=sport) / DNS(id=qid, qr=1, qd=DNSQR(qname=name),
                                                                        an=DNSRR(rrname=name, rdata="198.51.100.7")), t + 0.01)
        qid += 1
    c.write("benign-workstation-hour.pcap")


if __name__ == "__main__":
    beacon()
    benign()
