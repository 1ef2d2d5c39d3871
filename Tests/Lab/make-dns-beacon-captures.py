#!/usr/bin/env python3
"""Crafts the DNS-beacon and odd-DNS lab captures of Tests/Fixtures/lab/ offline with scapy (nothing is sent).

Deterministic: fixed timestamps, addresses, ports and a seeded RNG, so running it again gives
byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-dns-beacon-captures.py
"""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labpackets  # noqa: E402
from scapy.all import DNS, DNSQR, DNSRR, IP, TCP, UDP, Ether, Raw  # noqa: E402,F401

T0 = 1_790_100_000.0  # 2026-09-22, fixed
RESOLVER = "10.30.0.1"
mac = labpackets.mac


class Capture(labpackets.Capture):
    """The shared capture with a resolver lookup that answers with a TTL."""

    def lookup(self, t, client, name, qid, sport, answer="198.51.100.7", ttl=300, rcode=0, qtype="A", server=RESOLVER):
        self.add(IP(src=client, dst=server) / UDP(sport=sport, dport=53) / DNS(id=qid, rd=1, qd=DNSQR(qname=name, qtype=qtype)), t)
        an = DNSRR(rrname=name, type=qtype, rdata=answer, ttl=ttl) if answer and rcode == 0 else None
        self.add(IP(src=server, dst=client) / UDP(sport=53, dport=sport) /
                 DNS(id=qid, qr=1, ra=1, rd=1, rcode=rcode, qd=DNSQR(qname=name, qtype=qtype), an=an), t + 0.018)


COMMON = ["www.google.com", "outlook.office365.com", "www.wikipedia.org", "github.com", "www.bbc.co.uk",
          "login.microsoftonline.com", "slack.com", "www.youtube.com", "fonts.gstatic.com", "cdn.jsdelivr.net",
          "news.ycombinator.com", "docs.python.org"]


def browsing_dns(c, rng, client, start, span, mean_gap, qid):
    """Lookups of common names at irregular (exponential) times, A and AAAA together."""
    t = start
    while True:
        t += rng.expovariate(1 / mean_gap)
        if t >= start + span:
            return qid
        name = rng.choice(COMMON)
        sport = rng.randrange(40000, 60000)
        c.lookup(t, client, name, qid, sport, answer="198.51.100.%d" % rng.randrange(1, 250), ttl=rng.choice([60, 300, 3600]))
        c.lookup(t + 0.001, client, name, qid + 1, sport + 1, answer="2001:db8::%x" % rng.randrange(1, 4000), qtype="AAAA")
        qid += 2


def dns_beacon():
    """An implant on 10.30.0.50 resolving its C2 name cdn-sync.qz7xk2lw.top every 30 s (uniform jitter +-10 %)
    for an hour (121 lookups, each an A query with a 1-second TTL answer), among ordinary browsing lookups."""
    rng = random.Random(1551)
    c = Capture()
    client = "10.30.0.50"
    t, qid = T0, 1
    for i in range(121):
        c.lookup(t, client, "cdn-sync.qz7xk2lw.top", qid, 30000 + i, answer="203.0.113.77", ttl=1)
        qid += 1
        t += 30 * (1 + rng.uniform(-0.1, 0.1))
    browsing_dns(c, rng, client, T0, 3600, 25, 5000)
    c.write("dns-beacon.pcap")


def benign_periodic():
    """A workstation 10.30.0.60 for an hour: common names at irregular times; names asked on a timer by design
    (pool.ntp.org every 64 s, www.msftconnecttest.com every 300 s, wpad.corp.example.internal every 60 s);
    a few visits to sites under .xyz and .top (an observation, never a finding)."""
    rng = random.Random(1552)
    c = Capture()
    client = "10.30.0.60"
    qid = browsing_dns(c, rng, client, T0, 3600, 15, 1)
    for name, period, first in (("2.pool.ntp.org", 64, 3), ("www.msftconnecttest.com", 300, 7), ("wpad.corp.example.internal", 60, 11)):
        t = T0 + first
        while t < T0 + 3600:
            rcode = 3 if name.startswith("wpad") else 0
            c.lookup(t, client, name, qid, rng.randrange(40000, 60000), answer="192.0.2.%d" % rng.randrange(1, 250), ttl=30, rcode=rcode)
            qid += 1
            t += period
    for _ in range(6):
        name = rng.choice(["shop.example.xyz", "blog.example.top"])
        c.lookup(T0 + rng.uniform(0, 3600), client, name, qid, rng.randrange(40000, 60000), answer="198.51.100.99")
        qid += 1
    c.write("benign-dns-periodic.pcap")


def dns_tcp_off_port():
    """10.30.0.70 asking an external server 198.51.100.53 DNS over TCP on port 5353 (12 connections, each
    one length-prefixed query and its answer), and one ordinary DNS-over-TCP query to the resolver on 53."""
    rng = random.Random(1553)
    c = Capture()
    client, server = "10.30.0.70", "198.51.100.53"

    def tcp_dns(t, dst, dport, sport, name, qid):
        cs, ss = rng.randrange(1 << 31), rng.randrange(1 << 31)
        q = bytes(DNS(id=qid, rd=1, qd=DNSQR(qname=name)))
        r = bytes(DNS(id=qid, qr=1, ra=1, rd=1, qd=DNSQR(qname=name), an=DNSRR(rrname=name, rdata="203.0.113.9", ttl=60)))
        q, r = struct.pack("!H", len(q)) + q, struct.pack("!H", len(r)) + r
        c.add(IP(src=client, dst=dst) / TCP(sport=sport, dport=dport, flags="S", seq=cs), t)
        c.add(IP(src=dst, dst=client) / TCP(sport=dport, dport=sport, flags="SA", seq=ss, ack=cs + 1), t + 0.02)
        c.add(IP(src=client, dst=dst) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1), t + 0.0202)
        c.add(IP(src=client, dst=dst) / TCP(sport=sport, dport=dport, flags="PA", seq=cs + 1, ack=ss + 1) / Raw(q), t + 0.0204)
        c.add(IP(src=dst, dst=client) / TCP(sport=dport, dport=sport, flags="PA", seq=ss + 1, ack=cs + 1 + len(q)) / Raw(r), t + 0.041)
        c.add(IP(src=client, dst=dst) / TCP(sport=sport, dport=dport, flags="FA", seq=cs + 1 + len(q), ack=ss + 1 + len(r)), t + 0.042)
        c.add(IP(src=dst, dst=client) / TCP(sport=dport, dport=sport, flags="FA", seq=ss + 1 + len(r), ack=cs + 2 + len(q)), t + 0.062)
        c.add(IP(src=client, dst=dst) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 2 + len(q), ack=ss + 2 + len(r)), t + 0.0622)

    for i in range(12):
        tcp_dns(T0 + i * 17.0, server, 5353, 41000 + i, "host%d.c2-example.net" % (i % 3), 700 + i)
    tcp_dns(T0 + 5, RESOLVER, 53, 42000, "www.example.com", 800)
    c.write("dns-tcp-off-port.pcap")


def dns_long_names():
    """10.30.0.80 asking 8 distinct names of 110-140 characters under 8 different domains (no tunnel: one
    name per domain), and a few ordinary names."""
    rng = random.Random(1554)
    c = Capture()
    client = "10.30.0.80"
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    for i in range(8):
        labels, total = [], 0
        target = rng.randrange(110, 141) - len("example%d.com" % i) - 1
        while total < target:
            n = min(40, target - total - 1) if target - total > 2 else 1
            labels.append("".join(rng.choice(letters) for _ in range(max(1, n))))
            total += len(labels[-1]) + 1
        name = ".".join(labels) + ".example%d.com" % i
        c.lookup(T0 + i * 9.0, client, name, 900 + i, 43000 + i, rcode=3)
    for i, name in enumerate(COMMON[:4]):
        c.lookup(T0 + 3 + i * 11.0, client, name, 950 + i, 44000 + i)
    c.write("dns-long-names.pcap")


if __name__ == "__main__":
    dns_beacon()
    benign_periodic()
    dns_tcp_off_port()
    dns_long_names()
