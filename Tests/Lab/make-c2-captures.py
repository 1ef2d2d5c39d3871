#!/usr/bin/env python3
"""Crafts the C2/beaconing lab captures of Tests/Fixtures/lab/ offline with scapy (nothing is sent).

Deterministic: fixed timestamps, addresses, ports and a seeded RNG, so running it again gives
byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-c2-captures.py
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labpackets import T0, Capture, mac, write_truncated  # noqa: E402,F401  (T0: 2026-09-21, fixed)
from scapy.all import DNS, DNSQR, DNSRR, IP, TCP, UDP, Ether, NTP, Raw  # noqa: E402


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
            stamp = t + 2_208_988_800  # NTP era 0 seconds; explicit so the file is byte-identical on every run
            c.add(IP(src=client, dst=server) / UDP(sport=123, dport=123) / NTP(sent=stamp, orig=0, recv=0, ref=stamp - 30), t)
            c.add(IP(src=server, dst=client) / UDP(sport=123, dport=123) / NTP(mode=4, sent=stamp + 0.01, orig=stamp, recv=stamp + 0.005,
                                                                               ref=stamp - 30), t + 0.015)
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


def dns_pair(c, t, client, server, name, qid, sport, rcode=0, answer=None, dport=53, qtype="A"):
    c.dns_pair(t, client, server, name, qid, sport, rcode=rcode, answer=answer, dport=dport, qtype=qtype)


def dga():
    """Malware on 10.20.0.40 trying 60 generated domains (random consonant-heavy labels of 12-18 characters under
    .com/.net/.info/.biz) through the resolver: 58 NXDOMAIN, 2 resolve; plus normal lookups."""
    rng = random.Random(1503)
    c = Capture()
    client, resolver = "10.20.0.40", "10.20.0.1"
    t = T0
    letters = "bcdfghjklmnpqrstvwxzaeiou0123456789"
    for i in range(60):
        label = "".join(rng.choice(letters[:20] if k % 3 else letters) for k in range(rng.randrange(12, 19)))
        name = label + rng.choice([".com", ".net", ".info", ".biz"])
        dns_pair(c, t, client, resolver, name, 100 + i, 40000 + i, rcode=0 if i in (31, 47) else 3,
                 answer="203.0.113.%d" % (70 + i % 3) if i in (31, 47) else None)
        t += rng.uniform(0.2, 1.5)
    for i, name in enumerate(["www.example.com", "mail.example.com", "cdn.example.net"]):
        dns_pair(c, T0 + 5 + i * 7, client, resolver, name, 900 + i, 45000 + i, answer="198.51.100.%d" % (10 + i))
    c.write("dns-dga.pcap")


def dns_off_port():
    """DNS to an external server on UDP 5353 and on 1053 (a tunnel or C2 resolver off port 53), 12 queries each."""
    rng = random.Random(1504)
    c = Capture()
    client = "10.20.0.41"
    for k, (server, port) in enumerate((("203.0.113.53", 5353), ("198.51.100.53", 1053))):
        for i in range(12):
            name = "host%d.c2-example.net" % i
            dns_pair(c, T0 + k * 100 + i * 3.0, client, server, name, 200 + i + 50 * k, 41000 + i + 50 * k, answer="203.0.113.9",
                     dport=port, qtype="TXT" if i % 2 else "A")
            rng.random()
    c.write("dns-off-port.pcap")


def benign_dns():
    """A workstation resolving 200 names for an hour: CDN host names with hashed-looking labels under well-known
    registered domains, a search-suffix mistake giving 20 NXDOMAINs, mDNS and LLMNR on the LAN."""
    rng = random.Random(1505)
    c = Capture()
    client, resolver = "10.20.0.50", "10.20.0.1"
    t = T0
    hexdigits = "0123456789abcdef"
    for i in range(200):
        kind = i % 4
        if kind == 0:
            name = "d%s.cloudfront.net" % "".join(rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(13))
        elif kind == 1:
            name = "e%d.a.akamaiedge.net" % rng.randrange(1000, 9999)
        elif kind == 2:
            name = "%s-%s.googleusercontent.com" % ("".join(rng.choice(hexdigits) for _ in range(8)), "".join(rng.choice(hexdigits) for _ in range(6)))
        else:
            name = rng.choice(["www.wikipedia.org", "update.microsoft.com", "www.bbc.co.uk", "github.com", "login.live.com"])
        dns_pair(c, t, client, resolver, name, 300 + i, 42000 + i, answer="198.51.100.%d" % (1 + i % 200))
        t += rng.expovariate(1 / 15)
    for i in range(20):
        dns_pair(c, T0 + 60 + i * 30, client, resolver, "fileserver%d.corp.example.internal" % (i % 3), 600 + i, 43000 + i, rcode=3)
    for i in range(10):
        c.add(IP(src=client, dst="224.0.0.251", ttl=255) / UDP(sport=5353, dport=5353) / DNS(id=0, qd=DNSQR(qname="_ipp._tcp.local", qtype="PTR")),
              T0 + 30 + i * 120)
        c.add(IP(src=client, dst="224.0.0.252", ttl=1) / UDP(sport=44000 + i, dport=5355) / DNS(id=700 + i, qd=DNSQR(qname="printer")), T0 + 31 + i * 120)
    c.write("benign-dns-workstation.pcap")


def exfiltration():
    """10.20.0.60 uploading 30 MB to 203.0.113.90:443 in 64 KB TSO segments (as captured on the sending host, snap
    length 96) over 5 minutes, the server acknowledging; plus a 1 MB download from another server beside it."""
    rng = random.Random(1506)
    frames = []
    client, server = "10.20.0.60", "203.0.113.90"
    eth = lambda s, d: Ether(src=mac(s), dst=mac(d))
    cs, ss = 1000, 5000
    t = T0
    frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50500, dport=443, flags="S", seq=cs)))
    frames.append((t + 0.03, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=50500, flags="SA", seq=ss, ack=cs + 1)))
    frames.append((t + 0.0302, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50500, dport=443, flags="A", seq=cs + 1, ack=ss + 1)))
    seq = cs + 1
    segment = 64000
    total = 30_000_000
    t += 0.05
    sent = 0
    while sent < total:
        size = min(segment, total - sent)
        frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50500, dport=443, flags="PA", seq=seq, ack=ss + 1)
                       / Raw(bytes(size))))
        seq += size
        sent += size
        frames.append((t + 0.03, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=50500, flags="A", seq=ss + 1, ack=seq)))
        t += 300.0 / (total / segment) * rng.uniform(0.8, 1.2)
    frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50500, dport=443, flags="FA", seq=seq, ack=ss + 1)))
    frames.append((t + 0.03, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=50500, flags="FA", seq=ss + 1, ack=seq + 1)))
    frames.append((t + 0.0302, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50500, dport=443, flags="A", seq=seq + 1, ack=ss + 2)))
    c = Capture()
    c.tcp_session(T0 + 20, client, "198.51.100.80", 50600, 443, bytes(400), bytes(1_000_000), rng)
    frames += [(float(p.time), p) for p in c.packets]
    write_truncated("exfil-upload.pcap", frames)


def benign_download():
    """A software update: 10.20.0.61 downloading 40 MB from 198.51.100.90:443 in 64 KB segments (snap length 96)."""
    frames = []
    client, server = "10.20.0.61", "198.51.100.90"
    eth = lambda s, d: Ether(src=mac(s), dst=mac(d))
    t = T0
    frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50700, dport=443, flags="S", seq=10)))
    frames.append((t + 0.02, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=50700, flags="SA", seq=20, ack=11)))
    frames.append((t + 0.0202, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50700, dport=443, flags="PA", seq=11, ack=21)
                   / Raw(b"GET /update.bin HTTP/1.1\r\nHost: download.example.com\r\n\r\n")))
    seq = 21
    for i in range(625):
        t += 0.1
        frames.append((t, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=50700, flags="A", seq=seq, ack=67) / Raw(bytes(64000))))
        seq += 64000
        frames.append((t + 0.02, eth(client, server) / IP(src=client, dst=server) / TCP(sport=50700, dport=443, flags="A", seq=67, ack=seq)))
    write_truncated("benign-update-download.pcap", frames)


if __name__ == "__main__":
    beacon()
    benign()
    dga()
    dns_off_port()
    benign_dns()
    exfiltration()
    benign_download()
