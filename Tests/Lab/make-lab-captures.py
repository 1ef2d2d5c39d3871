#!/usr/bin/env python3
"""Crafts the lab captures of Tests/Fixtures/lab/ offline with scapy (nothing is sent).

Each capture reproduces, packet by packet, what a real attack tool (nmap, hping3, hydra,
arpspoof, iodine/dnscat2, ...) or a busy benign network puts on the wire, in a few KB.
Deterministic: fixed timestamps, addresses, ports, sequence numbers and a seeded RNG, so running
it again gives byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-lab-captures.py        # from any directory; needs scapy (pip install scapy)
"""
import os
import random
import struct

from scapy.all import (ARP, DNS, DNSQR, ICMP, IP, TCP, UDP, Ether, Raw, wrpcap, fragment)  # noqa: F401
from scapy.layers.inet import IPerror, TCPerror, UDPerror
from scapy.layers.inet6 import (IPv6, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_RA, ICMPv6NDOptDstLLAddr,
                                ICMPv6NDOptMTU, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab")
T0 = 1_790_000_000.0  # 2026-09-21, fixed

MAC = {}


def mac(ip):
    """A stable locally administered MAC per IP."""
    if ip not in MAC:
        parts = [int(x) for x in ip.split(".")]
        MAC[ip] = "02:00:%02x:%02x:%02x:%02x" % tuple(parts)
    return MAC[ip]


class Capture:
    def __init__(self, name, start=T0):
        self.name, self.t, self.packets = name, start, []

    def add(self, pkt, gap=0.0005, src_mac=None, dst_mac=None, at=None):
        ip = pkt.getlayer(IP)
        if not isinstance(pkt, Ether):
            s = src_mac or (mac(ip.src) if ip else "02:00:00:00:00:01")
            d = dst_mac or (mac(ip.dst) if ip else "ff:ff:ff:ff:ff:ff")
            pkt = Ether(src=s, dst=d) / pkt
        if at is not None:
            self.t = at
        else:
            self.t += gap
        pkt.time = round(self.t, 6)
        self.packets.append(pkt)
        return pkt

    def write(self):
        os.makedirs(OUT, exist_ok=True)
        self.packets.sort(key=lambda p: p.time)
        wrpcap(os.path.join(OUT, self.name + ".pcap"), self.packets)


ATTACKER, TARGET, CLIENT = "10.66.0.5", "10.66.0.10", "10.66.0.20"
OPEN = [22, 80, 443]


def nmap_syn(sport, dport, seq, ttl=52, ipid=None):
    return IP(src=ATTACKER, dst=TARGET, ttl=ttl, id=ipid or (seq & 0xFFFF)) / TCP(
        sport=sport, dport=dport, flags="S", seq=seq, window=1024, options=[("MSS", 1460)])


def kernel_syn(src, dst, sport, dport, seq):
    return IP(src=src, dst=dst, ttl=64, id=seq & 0xFFFF) / TCP(
        sport=sport, dport=dport, flags="S", seq=seq, window=64240,
        options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (seq, 0)), ("NOP", None), ("WScale", 7)])


def synack(src, dst, sport, dport, ack, seq=7000):
    return IP(src=src, dst=dst, ttl=64) / TCP(sport=sport, dport=dport, flags="SA", seq=seq, ack=ack, window=64240,
                                            options=[("MSS", 1460)])


def rstack(src, dst, sport, dport, ack, window=0):
    return IP(src=src, dst=dst, ttl=64) / TCP(sport=sport, dport=dport, flags="RA", seq=0, ack=ack, window=window)


# --- port scans -------------------------------------------------------------------------------

def syn_scan(name="syn-scan", ports=range(1, 201), attacker=ATTACKER, target=TARGET, gap=0.0004, cap=None, mac_src=None):
    c = cap or Capture(name)
    for i, p in enumerate(ports):
        seq = 100000 + i
        c.add(IP(src=attacker, dst=target, ttl=52, id=4000 + i) / TCP(sport=51234, dport=p, flags="S", seq=seq, window=1024,
                                                                    options=[("MSS", 1460)]), gap, src_mac=mac_src)
        if p in OPEN:
            c.add(synack(target, attacker, p, 51234, seq + 1), 0.0001)
            c.add(IP(src=attacker, dst=target) / TCP(sport=51234, dport=p, flags="R", seq=seq + 1, window=0), 0.0001, src_mac=mac_src)
        else:
            c.add(rstack(target, attacker, p, 51234, seq + 1), 0.0001)
    if cap is None:
        c.write()
    return c


def connect_scan():
    c = Capture("connect-scan")
    for i, p in enumerate(range(1, 121)):
        sport, seq = 40000 + i, 300000 + i * 1000
        c.add(kernel_syn(ATTACKER, TARGET, sport, p, seq))
        if p in OPEN:
            c.add(synack(TARGET, ATTACKER, p, sport, seq + 1), 0.0001)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="A", seq=seq + 1, ack=7001), 0.0001)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="RA", seq=seq + 1, ack=7001), 0.0001)
        else:
            c.add(rstack(TARGET, ATTACKER, p, sport, seq + 1), 0.0001)
    c.write()


def stealth_scan(name, flags, silent_open=True, rst_window=None):
    c = Capture(name)
    for i, p in enumerate(range(1, 151)):
        seq = 500000 + i
        probe = IP(src=ATTACKER, dst=TARGET, ttl=45, id=9000 + i) / TCP(sport=62000, dport=p, flags=flags, seq=seq,
                                                                      ack=(seq * 7) & 0xFFFFFFFF if "A" in flags else 0, window=1024)
        c.add(probe, 0.0004)
        is_open = p in OPEN
        if rst_window is not None:          # ACK / Window scan: everything answers RST, window tells open
            if p in (1000,):
                continue
            win = rst_window if is_open else 0
            c.add(IP(src=TARGET, dst=ATTACKER) / TCP(sport=p, dport=62000, flags="R", seq=probe[TCP].ack, window=win), 0.0001)
        elif is_open and silent_open:
            continue
        else:
            c.add(rstack(TARGET, ATTACKER, p, 62000, seq + 1), 0.0001)
    c.write()


def udp_scan():
    c = Capture("udp-scan")
    for i, p in enumerate(range(1, 101)):
        probe = IP(src=ATTACKER, dst=TARGET, id=7000 + i) / UDP(sport=33000, dport=p) / (
            DNS(id=0x1234, qd=DNSQR(qname="version.bind", qtype="TXT", qclass="CH")) if p == 53 else b"")
        c.add(probe, 0.0005)
        if p == 53:
            c.add(IP(src=TARGET, dst=ATTACKER) / UDP(sport=53, dport=33000) / DNS(id=0x1234, qr=1, qd=probe[DNS].qd), 0.0002)
        elif p in (161, 67) or p % 10 == 7:
            continue  # no answer: open|filtered
        else:
            c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=3, code=3) / bytes(probe[IP])[:36], 0.0002)
    c.write()


def ip_protocol_scan():
    c = Capture("ip-protocol-scan")
    for proto in range(0, 40):
        if proto == 6:
            probe = IP(src=ATTACKER, dst=TARGET, proto=6) / TCP(sport=40125, dport=80, flags="A", ack=1)
        elif proto == 17:
            probe = IP(src=ATTACKER, dst=TARGET, proto=17) / UDP(sport=40125, dport=40125)
        elif proto == 1:
            probe = IP(src=ATTACKER, dst=TARGET) / ICMP(type=8, id=0x4242, seq=0)
        else:
            probe = IP(src=ATTACKER, dst=TARGET, proto=proto)
        c.add(probe, 0.001)
        if proto == 6:
            c.add(IP(src=TARGET, dst=ATTACKER) / TCP(sport=80, dport=40125, flags="R", seq=1), 0.0002)
        elif proto == 17:
            c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=3, code=3) / bytes(probe[IP])[:36], 0.0002)
        elif proto == 1:
            c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=0, id=0x4242, seq=0), 0.0002)
        elif proto in (2, 4, 41, 47):
            continue
        else:
            c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=3, code=2) / bytes(probe[IP])[:28], 0.0002)
    c.write()


def web_session(c, client, server, sport, dport=80, t=None, size=300, gap=0.002):
    seq, sseq = 1000 + sport, 50000 + sport
    c.add(kernel_syn(client, server, sport, dport, seq), gap, at=t)
    c.add(synack(server, client, dport, sport, seq + 1, seq=sseq), 0.001)
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=seq + 1, ack=sseq + 1), 0.0005)
    req = b"GET /index.html HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n\r\n" % server.encode()
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="PA", seq=seq + 1, ack=sseq + 1) / req, 0.0005)
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % size + b"x" * size
    c.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="PA", seq=sseq + 1, ack=seq + 1 + len(req)) / body, 0.01)
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="FA", seq=seq + 1 + len(req), ack=sseq + 1 + len(body)), 0.001)
    c.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="FA", seq=sseq + 1 + len(body), ack=seq + 2 + len(req)), 0.0005)
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=seq + 2 + len(req), ack=sseq + 2 + len(body)), 0.0005)


def slow_scan_in_busy_traffic():
    c = Capture("slow-scan-in-busy-traffic")
    rng = random.Random(7)
    # 40 s of office web traffic: 12 clients to the target's web server, the attacker browsing it too.
    for k in range(160):
        client = "10.66.0.%d" % (30 + k % 12)
        web_session(c, client, TARGET, 41000 + k, 80, t=T0 + k * 0.25 + rng.random() * 0.1)
    for k in range(6):
        web_session(c, ATTACKER, TARGET, 45000 + k, 80, t=T0 + 3 + k * 6)
    # The scan: 30 ports, one probe every 1.3 s (nmap -T2 style), hidden among them.
    ports = [21, 22, 23, 25, 53, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1723, 3306, 3389, 5432, 5900,
             6379, 8000, 8080, 8443, 8888, 9000, 9200, 10000, 27017, 11211]
    for i, p in enumerate(ports):
        t = T0 + 1 + i * 1.3
        seq = 800000 + i
        c.add(nmap_syn(52111, p, seq), at=t)
        if p in OPEN:
            c.add(synack(TARGET, ATTACKER, p, 52111, seq + 1), 0.0003)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=52111, dport=p, flags="R", seq=seq + 1), 0.0001)
        else:
            c.add(rstack(TARGET, ATTACKER, p, 52111, seq + 1), 0.0003)
    c.write()


def decoy_scan(name="decoy-scan", live_decoys=False):
    c = Capture(name)
    decoys = ["10.66.0.201", "10.66.0.202"]
    scanner_mac = mac(ATTACKER)
    for i, p in enumerate(range(1, 101)):
        seq = 900000 + i
        for src in decoys[:1] + [ATTACKER] + decoys[1:]:  # nmap -D: the real address among the decoys
            c.add(IP(src=src, dst=TARGET, ttl=50, id=3000 + i) / TCP(sport=61000, dport=p, flags="S", seq=seq, window=1024,
                                                                    options=[("MSS", 1460)]), 0.0001, src_mac=scanner_mac)
        for src in decoys[:1] + [ATTACKER] + decoys[1:]:
            if p in OPEN:
                c.add(synack(TARGET, src, p, 61000, seq + 1), 0.0001)
                if src == ATTACKER or live_decoys:   # the real scanner's kernel (and live decoys') reset the SYN+ACK
                    c.add(IP(src=src, dst=TARGET) / TCP(sport=61000, dport=p, flags="R", seq=seq + 1), 0.0001)
            else:
                c.add(rstack(TARGET, src, p, 61000, seq + 1), 0.0001)
    c.write()


# --- sweeps -----------------------------------------------------------------------------------

NET = "10.77.0.%d"


def network_scan():
    """nmap -sS -p 1-20 10.77.0.1-12: a vertical scan of every host; the ports are not also 20 sweeps."""
    c = Capture("network-scan")
    for h in range(1, 13):
        syn_scan(ports=range(1, 21), target=NET % h, cap=c)
    c.write()


def port_sweep():
    c = Capture("port-sweep")
    for h in range(1, 41):
        dst, seq = NET % h, 1000 + h
        c.add(IP(src=ATTACKER, dst=dst, id=h) / TCP(sport=55000, dport=445, flags="S", seq=seq, window=1024, options=[("MSS", 1460)]), 0.002)
        if h % 5 == 0:
            c.add(synack(dst, ATTACKER, 445, 55000, seq + 1), 0.0003)
            c.add(IP(src=ATTACKER, dst=dst) / TCP(sport=55000, dport=445, flags="R", seq=seq + 1), 0.0001)
        elif h % 5 == 1:
            c.add(rstack(dst, ATTACKER, 445, 55000, seq + 1), 0.0003)
    c.write()


def ping_sweep():
    c = Capture("ping-sweep")
    for h in range(1, 31):
        dst = NET % h
        c.add(IP(src=ATTACKER, dst=dst, id=h) / ICMP(type=8, id=0x1111, seq=h) / (b"\x00" * 0), 0.003)
        if h % 4 == 0:
            c.add(IP(src=dst, dst=ATTACKER) / ICMP(type=0, id=0x1111, seq=h), 0.0004)
    c.write()


def nmap_default_discovery():
    c = Capture("host-discovery-nmap")
    for h in range(1, 25):
        dst = NET % h
        c.add(IP(src=ATTACKER, dst=dst) / ICMP(type=8, id=0x2222, seq=0), 0.001)
        c.add(IP(src=ATTACKER, dst=dst) / TCP(sport=60001, dport=443, flags="S", seq=h, window=1024, options=[("MSS", 1460)]), 0.0001)
        c.add(IP(src=ATTACKER, dst=dst) / TCP(sport=60001, dport=80, flags="A", seq=0, ack=h * 99, window=1024), 0.0001)
        c.add(IP(src=ATTACKER, dst=dst) / ICMP(type=13, id=0x2223, seq=0, ts_ori=0, ts_rx=0, ts_tx=0), 0.0001)
        if h in (3, 9, 17):
            c.add(IP(src=dst, dst=ATTACKER) / ICMP(type=0, id=0x2222, seq=0), 0.0004)
            c.add(rstack(dst, ATTACKER, 443, 60001, h + 1), 0.0001)
            c.add(IP(src=dst, dst=ATTACKER) / TCP(sport=80, dport=60001, flags="R", seq=h * 99), 0.0001)
            c.add(IP(src=dst, dst=ATTACKER) / ICMP(type=14, id=0x2223, seq=0, ts_ori=1000, ts_rx=1001, ts_tx=1001), 0.0001)
    c.write()


def ack_ping_sweep():
    c = Capture("tcp-ack-ping")
    for h in range(1, 21):
        dst = NET % h
        c.add(IP(src=ATTACKER, dst=dst) / TCP(sport=60101, dport=80, flags="A", seq=0, ack=h * 77, window=1024), 0.002)
        if h % 3 == 0:
            c.add(IP(src=dst, dst=ATTACKER) / TCP(sport=80, dport=60101, flags="R", seq=h * 77), 0.0003)
    c.write()


def arp_sweep():
    c = Capture("arp-sweep")
    me = mac(ATTACKER)
    for h in range(1, 61):
        dst = NET % h
        c.add(Ether(src=me, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=me, psrc="10.77.0.250", pdst=dst), 0.001)
        if h in (1, 5, 12, 33, 40):
            c.add(Ether(src=mac(dst), dst=me) / ARP(op=2, hwsrc=mac(dst), psrc=dst, hwdst=me, pdst="10.77.0.250"), 0.0002)
    c.write()


def service_probe():
    c = Capture("service-probe")
    syn_scan(ports=range(1, 121), cap=c)
    probes = {22: [b"", b"SSH-2.0-Nmap-SSH2-Hostkey\r\n"], 80: [b"GET / HTTP/1.0\r\n\r\n", b"OPTIONS / HTTP/1.0\r\n\r\n"],
              443: [b"\x16\x03\x00\x00S\x01\x00\x00O\x03\x00" + b"\x00" * 70, b"GET / HTTP/1.0\r\n\r\n"]}
    banners = {22: b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 80: b"HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n", 443: b"\x15\x03\x01\x00\x02\x02\x28"}
    k = 0
    for p in OPEN:
        for probe in probes[p]:
            sport, seq = 47000 + k, 200000 + k * 1000
            k += 1
            c.add(kernel_syn(ATTACKER, TARGET, sport, p, seq), 0.01)
            c.add(synack(TARGET, ATTACKER, p, sport, seq + 1, seq=9000), 0.0002)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="A", seq=seq + 1, ack=9001), 0.0002)
            off = 0
            if probe:
                c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="PA", seq=seq + 1, ack=9001) / probe, 0.0002)
                off = len(probe)
            c.add(IP(src=TARGET, dst=ATTACKER) / TCP(sport=p, dport=sport, flags="PA", seq=9001, ack=seq + 1 + off) / banners[p], 0.003)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="RA", seq=seq + 1 + off, ack=9001 + len(banners[p])), 0.0002)
    c.write()


# --- floods -----------------------------------------------------------------------------------

def syn_flood_single():
    c = Capture("syn-flood-single")
    web_session(c, CLIENT, TARGET, 44000, 80)
    for i in range(1500):
        sport, seq = 1024 + i, 0x10000000 + i
        c.add(IP(src=ATTACKER, dst=TARGET, id=i, ttl=64) / TCP(sport=sport, dport=80, flags="S", seq=seq, window=512), 0.0004)
        if i < 256:
            c.add(synack(TARGET, ATTACKER, 80, sport, seq + 1, seq=0x7000 + i), 0.00005)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=80, flags="R", seq=seq + 1), 0.00005)
    c.add(kernel_syn(CLIENT, TARGET, 44100, 80, 4242), 0.001)   # a real client, left unanswered
    c.add(kernel_syn(CLIENT, TARGET, 44100, 80, 4242), 1.0)
    c.write()


def syn_flood_spoofed():
    c = Capture("syn-flood-spoofed")
    rng = random.Random(42)
    web_session(c, CLIENT, TARGET, 44000, 80)
    for i in range(1500):
        src = "%d.%d.%d.%d" % (rng.randint(11, 200), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        sport, seq = rng.randint(1024, 65535), rng.getrandbits(32)
        c.add(IP(src=src, dst=TARGET, id=rng.getrandbits(16), ttl=64) / TCP(sport=sport, dport=80, flags="S", seq=seq, window=512),
              0.0005, src_mac=mac("10.66.0.1"))
        if i < 300:  # backscatter: SYN+ACKs to the forged sources, retransmitted once
            c.add(synack(TARGET, src, 80, sport, seq + 1, seq=0x9000 + i), 0.00005, dst_mac=mac("10.66.0.1"))
            if i < 150:
                c.add(synack(TARGET, src, 80, sport, seq + 1, seq=0x9000 + i), 0.0001, dst_mac=mac("10.66.0.1"))
    c.write()


def udp_flood():
    c = Capture("udp-flood")
    for i in range(1500):
        c.add(IP(src=ATTACKER, dst=TARGET, id=i) / UDP(sport=2000 + i, dport=9999) / (b"\x00" * 64), 0.0003)
        if i % 100 == 0:
            probe = c.packets[-1][IP]
            c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=3, code=3) / bytes(probe)[:28], 0.00005)
    c.write()


def icmp_flood():
    c = Capture("icmp-flood")
    for i in range(1200):
        c.add(IP(src=ATTACKER, dst=TARGET, id=i) / ICMP(type=8, id=0x3333, seq=i) / (b"\xAA" * 56), 0.0004)
        if i % 2 == 0:
            c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=0, id=0x3333, seq=i) / (b"\xAA" * 56), 0.00005)
    c.write()


def syn_scatter_spoofed():
    """A packet generator's random-source, random-destination SYNs (hping3 --rand-source --rand-dest, window 512):
    100 SYNs in 16 ms, one per destination, 99 distinct ports, some sources multicast or reserved; nothing answers."""
    c = Capture("syn-scatter-spoofed")
    rng = random.Random(100)
    ports = [rng.randint(1, 65535) for _ in range(99)]
    ports.append(ports[17])
    for i in range(100):
        first = rng.choice([0, 127, 224, 239, 250]) if i % 9 == 0 else rng.randint(1, 223)
        src = "%d.%d.%d.%d" % (first, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        dst = "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        c.add(IP(src=src, dst=dst, id=rng.getrandbits(16), ttl=64) /
              TCP(sport=rng.randint(1024, 65535), dport=ports[i], flags="S", seq=rng.getrandbits(32), window=512),
              0.00016, src_mac=mac("10.66.0.1"), dst_mac=mac("10.66.0.2"))
    c.write()


def syn_flood_burst():
    """hping3 -S -p 80 --flood stopped after a quarter of a second: 5,000 SYNs in 0.27 s, straddling a clock second."""
    c = Capture("syn-flood-burst")
    start = T0 + 0.85
    for i in range(5000):
        sport, seq, t = 1024 + i, 0x20000000 + i, start + i * 0.000054
        c.add(IP(src=ATTACKER, dst=TARGET, id=i, ttl=64) / TCP(sport=sport, dport=80, flags="S", seq=seq, window=512), at=t)
        if i < 128:   # the backlog fills after 128 half-open connections
            c.add(synack(TARGET, ATTACKER, 80, sport, seq + 1, seq=0x7100 + i), at=t + 0.00002)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=80, flags="R", seq=seq + 1), at=t + 0.00004)
    c.write()


def ntp_reflection():
    """NTP monlist reflection seen at the victim: 20 open NTP servers answer requests forged in 10.66.0.10's name,
    each with 30 mode-7 monlist datagrams (440 bytes: 6 entries of 72 bytes) from port 123 to the forged source port."""
    c = Capture("ntp-reflection")
    rng = random.Random(123)
    reflectors = ["%d.%d.%d.%d" % (rng.randint(20, 200), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)) for _ in range(20)]
    gw = mac("10.66.0.1")
    t = T0 + 0.2
    for k in range(30):
        for j, r in enumerate(reflectors):
            vport = 20000 + j * 7   # the attacker's tool forges one source port per reflector
            entries = bytes(rng.getrandbits(8) for _ in range(72)) * 6
            body = struct.pack("!BBBBHH", 0xD7, 0x00 if k == 29 else 0x80, 0x03, 0x2A, 6, 72) + entries
            t += 0.00025
            c.add(IP(src=r, dst=TARGET, ttl=50, id=rng.getrandbits(16)) / UDP(sport=123, dport=vport) / body[:448], at=t,
                  src_mac=gw, dst_mac=mac(TARGET))
            if k == 0 and j % 5 == 0:   # a few of the forged ports are closed: the victim's kernel answers unreachable
                probe = c.packets[-1][IP]
                c.add(IP(src=TARGET, dst=r) / ICMP(type=3, code=3) / bytes(probe)[:28], at=t + 0.00005, src_mac=mac(TARGET), dst_mac=gw)
    c.write()


V6_VICTIM, V6_ATTACKER = "2001:db8:66::10", "2001:db8:66::5"
V6_HOSTS = ["2001:db8:66::%x" % (0x20 + k) for k in range(5)]
V6_MAC = {V6_VICTIM: "02:00:66:00:00:10", V6_ATTACKER: "02:00:66:00:00:05"}
V6_MAC.update({h: "02:00:66:00:00:%02x" % (0x20 + k) for k, h in enumerate(V6_HOSTS)})
ALL_NODES, ALL_NODES_MAC = "ff02::1", "33:33:00:00:00:01"


def v6_neighbours(c):
    """Ordinary traffic first: the hosts resolve each other, so each MAC's own address is known."""
    for h in [V6_ATTACKER, V6_VICTIM] + V6_HOSTS:
        c.add(Ether(src=V6_MAC[h], dst=ALL_NODES_MAC) / IPv6(src=h, dst=ALL_NODES, hlim=255) /
              ICMPv6ND_NA(tgt=h, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=V6_MAC[h]), 0.01)


def icmpv6_smurf():
    """THC-IPv6 smurf6: echo requests to ff02::1 forged from the victim's address, from the attacker's MAC;
    every node on the link answers the victim."""
    c = Capture("icmpv6-smurf")
    v6_neighbours(c)
    t = c.t + 0.5
    for i in range(1000):
        t += 0.00001
        c.add(Ether(src=V6_MAC[V6_ATTACKER], dst=ALL_NODES_MAC) / IPv6(src=V6_VICTIM, dst=ALL_NODES, hlim=255) /
              ICMPv6EchoRequest(id=0xCAFE, seq=i & 0xFFFF, data=b"thcping6" * 2), at=t)
        if i < 200:
            for k, h in enumerate(V6_HOSTS):
                c.add(Ether(src=V6_MAC[h], dst=V6_MAC[V6_VICTIM]) / IPv6(src=h, dst=V6_VICTIM, hlim=64) /
                      ICMPv6EchoReply(id=0xCAFE, seq=i & 0xFFFF, data=b"thcping6" * 2), at=t + 0.000001 * (k + 1))
    c.write()


def icmpv6_rsmurf():
    """THC-IPv6 rsmurf6: echo requests to the victim forged from ff02::1; the victim answers the whole link."""
    c = Capture("icmpv6-rsmurf")
    v6_neighbours(c)
    t = c.t + 0.5
    for i in range(1500):
        t += 0.00001
        c.add(Ether(src=V6_MAC[V6_ATTACKER], dst=V6_MAC[V6_VICTIM]) / IPv6(src=ALL_NODES, dst=V6_VICTIM, hlim=255) /
              ICMPv6EchoRequest(id=0xBEEF, seq=i & 0xFFFF, data=b"thcping6" * 2), at=t)
        if i % 3 == 0:
            c.add(Ether(src=V6_MAC[V6_VICTIM], dst=ALL_NODES_MAC) / IPv6(src=V6_VICTIM, dst=ALL_NODES, hlim=64) /
                  ICMPv6EchoReply(id=0xBEEF, seq=i & 0xFFFF, data=b"thcping6" * 2), at=t + 0.000003)
    c.write()


def icmpv6_ndp_flood(name, router):
    """THC-IPv6 flood_router26 (router advertisements with a random prefix) or flood_advertise6 (neighbour
    advertisements for random addresses): random link-local sources and random MACs, to ff02::1."""
    c = Capture(name)
    rng = random.Random(26 if router else 6)
    v6_neighbours(c)
    t = c.t + 0.5
    for i in range(1500):
        t += 0.00002
        m = "02:%02x:%02x:%02x:%02x:%02x" % tuple(rng.getrandbits(8) for _ in range(5))
        iid = ":".join("%x" % rng.getrandbits(16) for _ in range(4))
        if router:
            prefix = "2001:db8:%x:%x::" % (rng.getrandbits(16), rng.getrandbits(16))
            pkt = (IPv6(src="fe80::" + iid, dst=ALL_NODES, hlim=255) / ICMPv6ND_RA(routerlifetime=65535) /
                   ICMPv6NDOptSrcLLAddr(lladdr=m) / ICMPv6NDOptMTU(mtu=1500) /
                   ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=64, validlifetime=0xFFFFFFFF, preferredlifetime=0xFFFFFFFF))
        else:
            addr = "2001:db8:66::" + iid
            pkt = IPv6(src=addr, dst=ALL_NODES, hlim=255) / ICMPv6ND_NA(tgt=addr, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=m)
        c.add(Ether(src=m, dst=ALL_NODES_MAC) / pkt, at=t)
    c.write()


# --- brute force and credentials ---------------------------------------------------------------

def tcp_session(c, client, server, sport, dport, exchanges, t=None, seq=None, close_by_client=True):
    """A full connection: handshake, then (from_client, bytes) exchanges, then FIN both ways."""
    cseq, sseq = seq or (10_000 + sport * 3), 70_000 + sport * 5
    c.add(kernel_syn(client, server, sport, dport, cseq), 0.001, at=t)
    c.add(synack(server, client, dport, sport, cseq + 1, seq=sseq), 0.0005)
    cseq += 1; sseq += 1
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cseq, ack=sseq), 0.0002)
    for from_client, data in exchanges:
        if from_client:
            c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="PA", seq=cseq, ack=sseq) / data, 0.02)
            cseq += len(data)
        else:
            c.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="PA", seq=sseq, ack=cseq) / data, 0.02)
            sseq += len(data)
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="FA", seq=cseq, ack=sseq), 0.01)
    c.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="FA", seq=sseq, ack=cseq + 1), 0.0005)
    c.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cseq + 1, ack=sseq + 1), 0.0005)


def ssh_bruteforce():
    c = Capture("ssh-bruteforce")
    rng = random.Random(3)
    for k in range(30):
        blob = bytes(rng.getrandbits(8) for _ in range(48))
        tcp_session(c, ATTACKER, TARGET, 50000 + k, 22, [
            (False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), (True, b"SSH-2.0-libssh_0.9.6\r\n"),
            (True, b"\x00\x00\x01\x0c\x0a\x14" + blob * 5), (False, b"\x00\x00\x01\x14\x08\x14" + blob * 6),
            (True, b"\x00\x00\x00\x2c\x06\x1e" + blob), (False, b"\x00\x00\x01\xbc\x08\x1f" + blob * 8),
            (True, b"\x00\x00\x00\x0c\x0a\x15" + blob[:10]), (True, blob * 2), (False, blob), (True, blob * 2), (False, blob),
        ], t=T0 + k * 1.5)
    c.write()


def ftp_bruteforce():
    c = Capture("ftp-bruteforce")
    words = ["123456", "password", "admin", "letmein", "qwerty", "welcome", "monkey", "dragon", "master", "shadow",
             "sunshine", "princess", "football", "Winter2026!"]
    for k, w in enumerate(words):
        ok = k == len(words) - 1
        tcp_session(c, ATTACKER, TARGET, 51000 + k, 21, [
            (False, b"220 (vsFTPd 3.0.3)\r\n"), (True, b"USER admin\r\n"), (False, b"331 Please specify the password.\r\n"),
            (True, b"PASS " + w.encode() + b"\r\n"),
            (False, b"230 Login successful.\r\n" if ok else b"530 Login incorrect.\r\n"), (True, b"QUIT\r\n"), (False, b"221 Goodbye.\r\n"),
        ], t=T0 + k * 2.1)
    c.write()


def http_basic_bruteforce():
    c = Capture("http-basic-bruteforce")
    import base64
    for k in range(12):
        cred = base64.b64encode(b"admin:guess%02d" % k)
        req = b"GET /admin/ HTTP/1.1\r\nHost: 10.66.0.10:8080\r\nAuthorization: Basic " + cred + b"\r\nUser-Agent: Mozilla/5.0 (Hydra)\r\n\r\n"
        tcp_session(c, ATTACKER, TARGET, 52000 + k, 8080, [
            (True, req), (False, b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"admin\"\r\nContent-Length: 0\r\n\r\n"),
        ], t=T0 + k * 0.8)
    c.write()


def mysql_bruteforce():
    c = Capture("mysql-bruteforce")
    for k in range(12):
        tcp_session(c, ATTACKER, TARGET, 54000 + k, 3306, [
            (False, b"\x4a\x00\x00\x00\x0a8.0.36\x00" + bytes(60)), (True, b"\x55\x00\x00\x01\x85\xa6\x3f\x20" + bytes(20) + b"root\x00" + bytes(21)),
            (False, b"\x48\x00\x00\x02\xff\x15\x04#28000Access denied for user 'root'@'10.66.0.5' (using password: YES)"),
        ], t=T0 + k * 0.7)
    c.write()


def arp_spoof_one_way():
    """arpspoof -t victim gateway only; the attacker never ARPs for itself, the gateway stays silent."""
    c = Capture("arp-spoof-one-way")
    gw, victim, attacker = "10.89.0.1", "10.89.0.23", "10.89.0.66"
    gwm, vm, am = mac(gw), mac(victim), mac(attacker)
    c.add(Ether(src=am, dst=gwm) / IP(src=attacker, dst="198.51.100.7") / UDP(sport=5353, dport=53) / DNS(id=1, qd=DNSQR(qname="example.com")))
    for k in range(8):
        c.add(Ether(src=am, dst=vm) / ARP(op=2, hwsrc=am, psrc=gw, hwdst=vm, pdst=victim), 2.0)
        c.add(Ether(src=vm, dst=am) / IP(src=victim, dst="93.184.216.34") / TCP(sport=42000 + k, dport=443, flags="S"), 0.05)
        c.add(Ether(src=am, dst=gwm) / IP(src=victim, dst="93.184.216.34") / TCP(sport=42000 + k, dport=443, flags="S"), 0.0002)
    c.write()


def telnet_login():
    c = Capture("cleartext-telnet")
    ex = [(False, b"\xff\xfd\x18\xff\xfd\x20"), (True, b"\xff\xfc\x18\xff\xfc\x20"), (False, b"Debian GNU/Linux 12\r\nrouter login: ")]
    for ch in b"admin":
        ex.append((True, bytes([ch])))
        ex.append((False, bytes([ch])))
    ex += [(True, b"\r\n"), (False, b"\r\nPassword: ")]
    for ch in b"S3cretPw":
        ex.append((True, bytes([ch])))
    ex += [(True, b"\r\n"), (False, b"\r\nLast login: Mon Sep 21 10:00:00 2026\r\nadmin@router:~$ "), (True, b"exit\r\n")]
    tcp_session(c, CLIENT, TARGET, 53000, 23, ex)
    c.write()


def mail_web_logins():
    c = Capture("cleartext-mail-web")
    tcp_session(c, CLIENT, TARGET, 53100, 110, [
        (False, b"+OK POP3 ready\r\n"), (True, b"USER alice\r\n"), (False, b"+OK\r\n"), (True, b"PASS Tr0ub4dor\r\n"),
        (False, b"+OK Logged in.\r\n"), (True, b"QUIT\r\n"), (False, b"+OK Bye\r\n")])
    tcp_session(c, CLIENT, TARGET, 53101, 143, [
        (False, b"* OK IMAP4rev1 ready\r\n"), (True, b"a1 LOGIN bob hunter22\r\n"), (False, b"a1 OK LOGIN completed\r\n"),
        (True, b"a2 LOGOUT\r\n"), (False, b"* BYE\r\na2 OK\r\n")])
    tcp_session(c, CLIENT, TARGET, 53102, 80, [
        (True, b"GET /intranet/ HTTP/1.1\r\nHost: intranet\r\nAuthorization: Basic Y2Fyb2w6c3VtbWVyMjAyNg==\r\n\r\n"),
        (False, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello")])
    c.write()


# --- ARP, DNS, evasion ------------------------------------------------------------------------

def arp_spoof():
    c = Capture("arp-spoof")
    gw, victim, attacker = "10.88.0.1", "10.88.0.23", "10.88.0.66"
    gwm, vm, am = mac(gw), mac(victim), mac(attacker)
    # Normal resolution, then ordinary traffic through the gateway.
    c.add(Ether(src=vm, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=vm, psrc=victim, pdst=gw))
    c.add(Ether(src=gwm, dst=vm) / ARP(op=2, hwsrc=gwm, psrc=gw, hwdst=vm, pdst=victim), 0.0003)
    c.add(Ether(src=am, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=am, psrc=attacker, pdst=gw), 0.5)
    c.add(Ether(src=gwm, dst=am) / ARP(op=2, hwsrc=gwm, psrc=gw, hwdst=am, pdst=attacker), 0.0003)
    for k in range(5):
        c.add(Ether(src=vm, dst=gwm) / IP(src=victim, dst="93.184.216.34") / TCP(sport=40000 + k, dport=443, flags="S"), 0.1)
        c.add(Ether(src=gwm, dst=vm) / IP(src="93.184.216.34", dst=victim) / TCP(sport=443, dport=40000 + k, flags="SA"), 0.02)
    # arpspoof -t victim gw and -t gw victim: unsolicited replies every 2 s.
    for k in range(6):
        c.add(Ether(src=am, dst=vm) / ARP(op=2, hwsrc=am, psrc=gw, hwdst=vm, pdst=victim), 2.0)
        c.add(Ether(src=am, dst=gwm) / ARP(op=2, hwsrc=am, psrc=victim, hwdst=gwm, pdst=gw), 0.001)
        # The victim's traffic now goes to the attacker's MAC, which forwards it to the gateway.
        c.add(Ether(src=vm, dst=am) / IP(src=victim, dst="93.184.216.34") / TCP(sport=41000 + k, dport=443, flags="S"), 0.05)
        c.add(Ether(src=am, dst=gwm) / IP(src=victim, dst="93.184.216.34") / TCP(sport=41000 + k, dport=443, flags="S"), 0.0002)
        c.add(Ether(src=gwm, dst=am) / IP(src="93.184.216.34", dst=victim) / TCP(sport=443, dport=41000 + k, flags="SA"), 0.02)
        c.add(Ether(src=am, dst=vm) / IP(src="93.184.216.34", dst=victim) / TCP(sport=443, dport=41000 + k, flags="SA"), 0.0002)
    c.write()


def b32(data):
    import base64
    return base64.b32encode(data).decode().rstrip("=").lower()


def dns_tunnel():
    c = Capture("dns-tunnel")
    rng = random.Random(11)
    resolver, client = "10.66.0.2", CLIENT
    normal = ["www.example.com", "mail.example.org", "api.github.com", "cdn.jsdelivr.net", "update.microsoft.com"]
    for k in range(300):
        if k % 10 == 0:
            name = normal[(k // 10) % len(normal)]
            qtype = "A"
        else:
            chunk = bytes(rng.getrandbits(8) for _ in range(35))
            label = b32(chunk)
            name = "%s.%s.%d.t.exfil-cdn.net" % (label[:50], label[50:], k)
            qtype = "TXT" if k % 2 else "NULL"
        q = IP(src=client, dst=resolver) / UDP(sport=30000 + k, dport=53) / DNS(id=k, rd=1, qd=DNSQR(qname=name, qtype=qtype))
        c.add(q, 0.05)
        c.add(IP(src=resolver, dst=client) / UDP(sport=53, dport=30000 + k) / DNS(id=k, qr=1, rd=1, ra=1, qd=q[DNS].qd), 0.004)
    c.write()


def evasion():
    c = Capture("evasion")
    # SYN+FIN probes (hping3 -SF), a land attack, nmap -f tiny fragments, teardrop overlapping fragments.
    for p in (22, 80, 443, 8080):
        c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=3333, dport=p, flags="SF", seq=1234, window=512), 0.01)
    c.add(IP(src=TARGET, dst=TARGET, id=77) / TCP(sport=139, dport=139, flags="S", seq=4321, window=512), 0.2, src_mac=mac(ATTACKER))
    syn = IP(src=ATTACKER, dst=TARGET, id=0x5151) / TCP(sport=44444, dport=22, flags="S", seq=55, window=1024, options=[("MSS", 1460)])
    for frag in fragment(syn, fragsize=8):
        c.add(frag, 0.001)
    payload = b"A" * 64
    c.add(IP(src=ATTACKER, dst=TARGET, id=0x7777, flags="MF", frag=0, proto=17) / (struct.pack("!HHHH", 5000, 53, 72, 0) + payload[:40]), 0.2)
    c.add(IP(src=ATTACKER, dst=TARGET, id=0x7777, flags=0, frag=3, proto=17) / payload, 0.001)   # offset 24 < 48: overlap
    c.write()


def loopback_syn_scan():
    """nmap -sS 127.0.0.1 as captured on Linux `lo`: every address is 127.0.0.1, MACs are zero."""
    c = Capture("loopback-syn-scan")
    lo = "127.0.0.1"
    for i, p in enumerate(list(range(1, 101)) + [631, 3306, 8080]):
        seq = 4242 + i
        c.add(Ether(src="00:00:00:00:00:00", dst="00:00:00:00:00:00") / IP(src=lo, dst=lo, ttl=44) /
              TCP(sport=58555, dport=p, flags="S", seq=seq, window=1024, options=[("MSS", 1460)]), 0.00005)
        if p in (22, 631, 3306):
            c.add(Ether(src="00:00:00:00:00:00", dst="00:00:00:00:00:00") / IP(src=lo, dst=lo) /
                  TCP(sport=p, dport=58555, flags="SA", seq=99, ack=seq + 1, window=65495, options=[("MSS", 65495)]), 0.00001)
            c.add(Ether(src="00:00:00:00:00:00", dst="00:00:00:00:00:00") / IP(src=lo, dst=lo) /
                  TCP(sport=58555, dport=p, flags="R", seq=seq + 1), 0.00001)
        else:
            c.add(Ether(src="00:00:00:00:00:00", dst="00:00:00:00:00:00") / IP(src=lo, dst=lo) /
                  TCP(sport=p, dport=58555, flags="RA", seq=0, ack=seq + 1), 0.00001)
    c.write()


# --- benign -----------------------------------------------------------------------------------

def benign_browsing():
    c = Capture("benign-browsing")
    resolver, client = "192.168.5.1", "192.168.5.20"
    sites = ["news.example.com", "static.example-cdn.net", "fonts.example.org", "www.wikipedia.org", "api.weather.example",
             "img1.example-cdn.net", "img2.example-cdn.net", "ads.example.net", "login.example.com", "video.example.tv",
             "maps.example.com", "shop.example.co.uk", "mail.example.com", "docs.example.com", "git.example.dev"]
    for k, site in enumerate(sites):
        q = IP(src=client, dst=resolver) / UDP(sport=35000 + k, dport=53) / DNS(id=k, rd=1, qd=DNSQR(qname=site))
        c.add(q, 0.05)
        c.add(IP(src=resolver, dst=client) / UDP(sport=53, dport=35000 + k) / DNS(id=k, qr=1, qd=q[DNS].qd), 0.01)
        server = "203.0.113.%d" % (10 + k)
        for j in range(3):
            hello = b"\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03" + bytes(200)
            tcp_session(c, client, server, 49000 + k * 3 + j, 443 if k % 3 else 80,
                        [(True, hello), (False, b"\x16\x03\x03\x00\x7a\x02" + bytes(1200)), (True, bytes(300)), (False, bytes(1400))])
    # a normal retransmission and a refused connection (one closed port)
    tcp_session(c, client, "203.0.113.99", 49900, 443, [(True, bytes(200)), (True, bytes(200)), (False, bytes(900))])
    c.add(kernel_syn(client, "203.0.113.98", 49901, 8443, 777), 0.1)
    c.add(rstack("203.0.113.98", client, 8443, 49901, 778), 0.02)
    c.write()


def benign_many_clients():
    c = Capture("benign-many-clients")
    server, resolver = "192.168.9.10", "192.168.9.2"
    for k in range(120):
        client = "192.168.9.%d" % (30 + k % 60)
        tcp_session(c, client, server, 40000 + k, 443, [(True, bytes(120)), (False, bytes(300)), (True, bytes(100)), (False, bytes(400))],
                    t=T0 + k * 0.05)
    rng = random.Random(5)
    for k in range(60):   # the server logs its IPv6 peers' names, and a browser hits 40 CloudFront hosts
        nib = ".".join("%x" % rng.getrandbits(4) for _ in range(32))
        name = nib + ".ip6.arpa" if k < 40 else "d%013x.cloudfront.net" % rng.getrandbits(52)
        q = IP(src=server, dst=resolver) / UDP(sport=25000 + k, dport=53) / DNS(id=k, rd=1, qd=DNSQR(qname=name, qtype="PTR" if k < 40 else "A"))
        c.add(q, at=T0 + 6 + k * 0.02)
        c.add(IP(src=resolver, dst=server) / UDP(sport=53, dport=25000 + k) / DNS(id=k, qr=1, qd=q[DNS].qd), 0.002)
    for k in range(200):
        client = "192.168.9.%d" % (30 + k % 20)
        q = IP(src=client, dst=resolver) / UDP(sport=20000 + k, dport=53) / DNS(id=k, rd=1, qd=DNSQR(qname="host%d.corp.example" % (k % 37)))
        c.add(q, at=T0 + 8 + k * 0.01)
        c.add(IP(src=resolver, dst=client) / UDP(sport=53, dport=20000 + k) / DNS(id=k, qr=1, qd=q[DNS].qd), 0.002)
    c.write()


def benign_backup():
    c = Capture("benign-backup")
    client, server = "192.168.7.5", "192.168.7.50"
    cseq, sseq = 1000, 90000
    c.add(kernel_syn(client, server, 50500, 22, cseq))
    c.add(synack(server, client, 22, 50500, cseq + 1, seq=sseq), 0.0003)
    cseq += 1; sseq += 1
    c.add(IP(src=client, dst=server) / TCP(sport=50500, dport=22, flags="A", seq=cseq, ack=sseq), 0.0002)
    for k in range(1500):
        seg = bytes([k & 0xFF]) * 160
        c.add(IP(src=client, dst=server) / TCP(sport=50500, dport=22, flags="A", seq=cseq, ack=sseq) / seg, 0.0002)
        if k % 97 == 50:   # a lost segment, retransmitted
            c.add(IP(src=client, dst=server) / TCP(sport=50500, dport=22, flags="A", seq=cseq, ack=sseq) / seg, 0.004)
        cseq += len(seg)
        if k % 2:
            c.add(IP(src=server, dst=client) / TCP(sport=22, dport=50500, flags="A", seq=sseq, ack=cseq), 0.00005)
    c.add(IP(src=client, dst=server) / TCP(sport=50500, dport=22, flags="FA", seq=cseq, ack=sseq), 0.01)
    c.add(IP(src=server, dst=client) / TCP(sport=22, dport=50500, flags="FA", seq=sseq, ack=cseq + 1), 0.0005)
    # NTP and a traceroute-free ping of the backup server
    for k in range(4):
        c.add(IP(src=client, dst="192.168.7.1") / UDP(sport=123, dport=123) / (b"\x23" + bytes(47)), 0.5)
        c.add(IP(src="192.168.7.1", dst=client) / UDP(sport=123, dport=123) / (b"\x24" + bytes(47)), 0.001)
        c.add(IP(src=client, dst=server) / ICMP(type=8, id=1, seq=k), 0.1)
        c.add(IP(src=server, dst=client) / ICMP(type=0, id=1, seq=k), 0.0003)
    c.write()


def benign_app_server():
    """An application server without connection pooling, a mail relay and a polling mail client."""
    c = Capture("benign-app-server")
    app, db, relay, mx, mua, pop = "192.168.11.50", "192.168.11.60", "192.168.11.25", "198.51.100.25", "192.168.11.70", "192.168.11.110"
    for k in range(40):   # 40 MySQL connections in 2 minutes, each a login and a query with a result set
        tcp_session(c, app, db, 41000 + k, 3306, [(False, b"\x4a\x00\x00\x00\x0a8.0.36" + bytes(60)), (True, b"\x55\x00\x00\x01" + bytes(80)),
                                               (False, b"\x07\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00"), (True, b"\x21\x00\x00\x00\x03SELECT * FROM orders WHERE id=%d" % k),
                                               (False, bytes(2400))], t=T0 + k * 3)
    for k in range(15):   # a relay delivering 15 messages to one MX
        tcp_session(c, relay, mx, 42000 + k, 25, [(False, b"220 mx.example.net ESMTP\r\n"), (True, b"EHLO relay.corp.example\r\n"),
                                               (False, b"250 mx.example.net\r\n"), (True, b"MAIL FROM:<a@corp.example>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n"),
                                               (False, b"250 OK\r\n250 OK\r\n354 go\r\n"), (True, bytes(3000) + b"\r\n.\r\n"), (False, b"250 queued\r\n"),
                                               (True, b"QUIT\r\n"), (False, b"221 bye\r\n")], t=T0 + 1 + k * 7)
    for k in range(12):   # a mail client polling POP3 every 10 s, always successfully
        tcp_session(c, mua, pop, 43000 + k, 110, [(False, b"+OK ready\r\n"), (True, b"USER carol\r\n"), (False, b"+OK\r\n"),
                                                (True, b"PASS polling-pw\r\n"), (False, b"+OK Logged in.\r\n"), (True, b"STAT\r\n"),
                                                (False, b"+OK 0 0\r\n"), (True, b"QUIT\r\n"), (False, b"+OK\r\n")], t=T0 + 2 + k * 10)
    c.write()


# --- issue 16: captures of what real tools did on third-party captures -------------------------

def udp_scan_repeated_probes():
    """nmap -sU -sV of 1-100 and 5353: protocol payloads, several to some ports. 53 gets the DNS
    server-status request and version.bind twice each, 5353 four DNS-SD service enumerations; every one
    is answered. ICMP port unreachable from most ports, silence on ten."""
    c = Capture("udp-scan-repeated-probes")
    sport = 45873
    dns_sd = DNSQR(qname="_services._dns-sd._udp.local", qtype="PTR")
    for i, p in enumerate(list(range(1, 101)) + [5353]):
        if p == 53:
            for k in range(4):
                if k % 2 == 0:   # nmap's DNSStatusRequest payload: a bare header, opcode STATUS
                    q, a = b"\x00\x00\x10\x00" + bytes(8), b"\x00\x00\x90\x00" + bytes(8)
                else:
                    q = DNS(id=0x1234 + k, qd=DNSQR(qname="version.bind", qtype="TXT", qclass="CH"))
                    a = DNS(id=0x1234 + k, qr=1, aa=1, qd=q.qd)
                c.add(IP(src=ATTACKER, dst=TARGET, id=7100 + i * 4 + k) / UDP(sport=sport, dport=53) / q, 0.0005)
                c.add(IP(src=TARGET, dst=ATTACKER) / UDP(sport=53, dport=sport) / a, 0.0002)
            continue
        if p == 5353:
            for k in range(4):
                c.add(IP(src=ATTACKER, dst=TARGET, id=7600 + k) / UDP(sport=sport, dport=5353) / DNS(id=0, qd=dns_sd), 0.0005)
                c.add(IP(src=TARGET, dst=ATTACKER) / UDP(sport=5353, dport=sport) / DNS(id=0, qr=1, aa=1, qd=dns_sd), 0.0002)
            continue
        probe = IP(src=ATTACKER, dst=TARGET, id=7100 + i * 4) / UDP(sport=sport, dport=p)
        c.add(probe, 0.0005)
        if p % 10 == 7:
            continue  # no answer: open|filtered
        c.add(IP(src=TARGET, dst=ATTACKER) / ICMP(type=3, code=3) / bytes(probe[IP])[:28], 0.0002)
    c.write()


def browse(c, client, server, sport, dport, t, resolver="10.66.0.2", name=None):
    """A browser's visit: a DNS lookup (when named), then a TLS or HTTP exchange."""
    if name:
        q = IP(src=client, dst=resolver) / UDP(sport=sport, dport=53) / DNS(id=sport & 0xFFFF, rd=1, qd=DNSQR(qname=name))
        c.add(q, at=t)
        c.add(IP(src=resolver, dst=client) / UDP(sport=53, dport=sport) / DNS(id=sport & 0xFFFF, qr=1, rd=1, ra=1, qd=q[DNS].qd), 0.004)
        t = None
    hello = b"\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03" + bytes(200)
    if dport == 443:
        ex = [(True, hello), (False, b"\x16\x03\x03\x00\x7a\x02" + bytes(1200)), (True, bytes(300)), (False, bytes(1400))]
    else:
        ex = [(True, b"GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n\r\n" % (name or server).encode()),
              (False, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 600\r\n\r\n" + b"x" * 600)]
    tcp_session(c, client, server, sport, dport, ex, t=t)


def connect_scan_with_browsing():
    """nmap -sT of 1-150 from a workstation that is browsing at the same time: DNS lookups and HTTPS/HTTP
    to other sites and to the target's own web server, with the same kernel SYNs as the scan, and three
    preconnects to the target the browser abandoned (reset after the SYN+ACK). The scan completes the
    handshake on the open ports and resets it."""
    c = Capture("connect-scan-with-browsing")
    sites = ["news.example.com", "www.wikipedia.org", "static.example-cdn.net", "mail.example.com", "docs.example.com"]
    for k in range(30):
        server = "203.0.113.%d" % (20 + k % 5)
        browse(c, ATTACKER, server, 39000 + k, 443 if k % 2 else 80, T0 + k * 0.4, name=sites[k % 5])
    for k in range(8):   # the target's intranet pages, before, during and after the scan
        browse(c, ATTACKER, TARGET, 38000 + k, 80 if k % 2 else 443, T0 + 0.2 + k * 1.5)
    for k in range(3):   # preconnects the browser gave up before the SYN+ACK came: its kernel resets them
        sport, seq = 38100 + k, 600000 + k * 1000
        c.add(kernel_syn(ATTACKER, TARGET, sport, 80, seq), at=T0 + 2.5 + k * 2.2)
        c.add(synack(TARGET, ATTACKER, 80, sport, seq + 1), 0.0004)
        c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=80, flags="R", seq=seq + 1, window=0), 0.0001)
    for i, p in enumerate(range(1, 151)):
        sport, seq = 40000 + i, 300000 + i * 1000
        c.add(kernel_syn(ATTACKER, TARGET, sport, p, seq), at=T0 + 3 + i * 0.004)
        if p in OPEN:
            c.add(synack(TARGET, ATTACKER, p, sport, seq + 1), 0.0001)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="A", seq=seq + 1, ack=7001), 0.0001)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=sport, dport=p, flags="RA", seq=seq + 1, ack=7001), 0.0001)
        else:
            c.add(rstack(TARGET, ATTACKER, p, sport, seq + 1), 0.0001)
    c.write()


PASSWORDS = ["123456", "password", "admin", "letmein", "qwerty", "welcome", "monkey", "dragon", "master", "shadow",
             "sunshine", "princess"]


def plaintext_login_2222():
    """A home-made login service on 2222 (the port table says ssh) that speaks plain text: the client sends
    `user admin pass <guess>`, the server answers `denied` and closes. 12 guesses in 10 s, hydra-style.
    Beside it, a real SSH server on 2222 of another host guessed 10 times: the bytes name each service."""
    c = Capture("plaintext-login-2222")
    for k, w in enumerate(PASSWORDS):
        tcp_session(c, ATTACKER, TARGET, 51500 + k, 2222, [
            (True, b"user admin pass " + w.encode() + b"\n"), (False, b"denied\n")], t=T0 + k * 0.8)
    rng = random.Random(16)
    for k in range(10):
        blob = bytes(rng.getrandbits(8) for _ in range(48))
        tcp_session(c, ATTACKER, "10.66.0.11", 52500 + k, 2222, [
            (False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), (True, b"SSH-2.0-libssh_0.9.6\r\n"),
            (True, b"\x00\x00\x01\x0c\x0a\x14" + blob * 5), (False, b"\x00\x00\x01\x14\x08\x14" + blob * 6),
            (True, b"\x00\x00\x00\x2c\x06\x1e" + blob), (False, b"\x00\x00\x01\xbc\x08\x1f" + blob * 8),
            (True, blob * 2), (False, blob)], t=T0 + 12 + k * 1.5)
    c.write()


# nmap-service-probes (nmap 7.93), in the order -sV sends them to a port no probe recognised.
NMAP_PROBES = [
    b"\r\n\r\n",                                                             # GenericLines
    b"GET / HTTP/1.0\r\n\r\n",                                               # GetRequest
    b"OPTIONS / HTTP/1.0\r\n\r\n",                                           # HTTPOptions
    b"OPTIONS / RTSP/1.0\r\n\r\n",                                           # RTSPRequest
    b"\x80\0\0\x28\x72\xfe\x1d\x13\0\0\0\0\0\0\0\x02\0\x01\x86\xa0\x01\x97\x7c\0\0\0\0" + bytes(16),   # RPCCheck
    b"\0\x1e\0\x06\x01\0\0\x01\0\0\0\0\0\0\x07version\x04bind\0\0\x10\0\x03",             # DNSVersionBindReqTCP
    b"\0\x0c\0\0\x10\0\0\0\0\0\0\0\0\0",                                       # DNSStatusRequestTCP
    b"HELP\r\n",                                                               # Help
    b"\x16\x03\0\0\x53\x01\0\0\x4f\x03\0" + bytes(32) + b"\0\0\x28" + bytes(40) + b"\x01\0",     # SSLSessionReq
    b"\x03\0\0\x2a\x25\xe0\0\0\0\0\0Cookie: mstshash=nmap\r\n\x01\0\x08\0\x03\0\0\0",    # TerminalServerCookie
    b"\x16\x03\0\0\x69\x01\0\0\x65\x03\x03" + bytes(32) + b"\0\0\x0c" + bytes(12) + b"\x01\0\0\x30" + bytes(48),  # TLSSessionReq
    b"\0\0\0\xa4\xff\x53\x4d\x42\x72\0\0\0\0\x08\x01\x40" + bytes(20),                # SMBProgNeg
    b"l\0\x0b\0\0\0\0\0\0\0\0\0",                                            # X11Probe
    b"GET /nice%20ports%2C/Tri%6Eity.txt%2ebak HTTP/1.0\r\n\r\n",               # FourOhFourRequest
    b"\x01default\n",                                                          # LPDString
    b"\x30\x0c\x02\x01\x01\x60\x07\x02\x01\x02\x04\0\x80\0",                     # LDAPBindReq
    b"OPTIONS sip:nm SIP/2.0\r\nVia: SIP/2.0/TCP nm;branch=foo\r\nFrom: <sip:nm@nm>;tag=root\r\nTo: <sip:nm2@nm2>\r\n"
    b"Call-ID: 50000\r\nCSeq: 42 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\nContact: <sip:nm@nm>\r\n"
    b"Accept: application/sdp\r\n\r\n",                                       # SIPOptions
]


def version_scan_login():
    """nmap -sS then -sV of 1-100: open 22 (SSH, the NULL probe's banner names it), 80 (HTTP) and 23, a login
    service that answers `denied` to everything. No probe matches it, so -sV tries its whole set there:
    the NULL probe (connect, wait 6 s), then one connection per probe, each answered `denied` and closed."""
    c = Capture("version-scan-login")
    open_ports = [22, 23, 80]
    for i, p in enumerate(range(1, 101)):
        seq = 100000 + i
        c.add(nmap_syn(51234, p, seq, ipid=4000 + i), 0.0004)
        if p in open_ports:
            c.add(synack(TARGET, ATTACKER, p, 51234, seq + 1), 0.0001)
            c.add(IP(src=ATTACKER, dst=TARGET) / TCP(sport=51234, dport=p, flags="R", seq=seq + 1, window=0), 0.0001)
        else:
            c.add(rstack(TARGET, ATTACKER, p, 51234, seq + 1), 0.0001)
    t = T0 + 1
    tcp_session(c, ATTACKER, TARGET, 47000, 22, [(False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")], t=t)
    tcp_session(c, ATTACKER, TARGET, 47001, 80, [(True, b"GET / HTTP/1.0\r\n\r\n"),
                                                (False, b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n")], t=t + 0.1)
    tcp_session(c, ATTACKER, TARGET, 47002, 23, [], t=t + 0.2)   # NULL probe: nothing said for 6 s
    c.packets[-3].time = round(t + 6.2, 6)   # the client's FIN after the wait
    c.packets[-2].time = round(t + 6.2005, 6)
    c.packets[-1].time = round(t + 6.201, 6)
    c.t = t + 6.201
    for k, probe in enumerate(NMAP_PROBES):
        tcp_session(c, ATTACKER, TARGET, 47010 + k, 23, [(True, probe), (False, b"denied\r\n")], t=t + 6.3 + k * 0.12)
    c.write()


def main():
    syn_scan()
    connect_scan()
    stealth_scan("fin-scan", "F")
    stealth_scan("null-scan", "")
    stealth_scan("xmas-scan", "FPU")
    stealth_scan("maimon-scan", "FA")
    stealth_scan("ack-scan", "A", rst_window=0)
    stealth_scan("window-scan", "A", rst_window=4096)
    udp_scan()
    ip_protocol_scan()
    slow_scan_in_busy_traffic()
    decoy_scan()
    decoy_scan("decoy-scan-live-decoys", live_decoys=True)
    loopback_syn_scan()
    port_sweep()
    network_scan()
    ping_sweep()
    nmap_default_discovery()
    ack_ping_sweep()
    arp_sweep()
    service_probe()
    syn_flood_single()
    syn_flood_spoofed()
    udp_flood()
    icmp_flood()
    syn_flood_burst()
    syn_scatter_spoofed()
    ntp_reflection()
    icmpv6_smurf()
    icmpv6_rsmurf()
    icmpv6_ndp_flood("icmpv6-ra-flood", router=True)
    icmpv6_ndp_flood("icmpv6-na-flood", router=False)
    ssh_bruteforce()
    ftp_bruteforce()
    http_basic_bruteforce()
    telnet_login()
    mysql_bruteforce()
    arp_spoof_one_way()
    mail_web_logins()
    arp_spoof()
    dns_tunnel()
    evasion()
    benign_browsing()
    benign_many_clients()
    benign_backup()
    benign_app_server()
    udp_scan_repeated_probes()
    connect_scan_with_browsing()
    plaintext_login_2222()
    version_scan_login()


if __name__ == "__main__":
    main()
