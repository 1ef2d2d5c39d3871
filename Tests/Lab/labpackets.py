"""Packet helpers the offline lab generators share (scapy; nothing is sent).

Import it from a generator beside it (`from labpackets import Capture, ...`): frames get MACs derived
from their IPv4 addresses, timestamps are explicit, and `Capture.write` sorts by time, so a generator
with a seeded RNG writes byte-identical files on every run.
"""
import os
import struct

from scapy.all import DNS, DNSQR, DNSRR, IP, TCP, UDP, Ether, Raw, wrpcap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab")
T0 = 1_790_000_000.0  # 2026-09-21, fixed


def mac(ip):
    """02:00 followed by the four bytes of an IPv4 address: one stable MAC per host."""
    parts = [int(x) for x in ip.split(".")]
    return "02:00:%02x:%02x:%02x:%02x" % tuple(parts)


class Capture:
    """Frames with explicit timestamps, written sorted by time."""

    def __init__(self):
        self.packets = []

    def add(self, pkt, t):
        ip = pkt[IP]
        frame = Ether(src=mac(ip.src), dst=mac(ip.dst)) / pkt
        frame.time = t
        self.packets.append(frame)

    def tcp_session(self, t, client, server, sport, dport, request, response, rng, chunk=1400, rtt=0.02):
        """A whole TCP connection: handshake, one request, a response in MSS-sized segments, FIN.
        Returns the time of the last frame."""
        cs, ss = rng.randrange(1 << 31), rng.randrange(1 << 31)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="S", seq=cs, window=64240), t)
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="SA", seq=ss, ack=cs + 1), t + rtt)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1), t + rtt + 0.0002)
        t += rtt + 0.0004
        sent = 0
        while sent < len(request):
            if sent:
                t += 0.0003
            piece = request[sent:sent + chunk]
            self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="PA", seq=cs + 1 + sent, ack=ss + 1) / Raw(piece), t)
            sent += len(piece)
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
        return t + 0.0012 + rtt

    def keepalive(self, t, client, server, sport, dport, exchanges, rng, rtt=0.02):
        """One TCP connection carrying several request/answer pairs: `exchanges` is a list of
        (seconds after the previous exchange, request bytes, response bytes). Returns the end time."""
        cs, ss = rng.randrange(1 << 31) + 1, rng.randrange(1 << 31) + 1
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="S", seq=cs - 1, window=64240), t)
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="SA", seq=ss - 1, ack=cs), t + rtt)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs, ack=ss), t + rtt + 0.0002)
        t += rtt + 0.0004
        for wait, request, response in exchanges:
            t += wait
            self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="PA", seq=cs, ack=ss) / Raw(request), t)
            cs += len(request)
            t += rtt
            for k in range(0, len(response), 1400):
                self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="PA", seq=ss, ack=cs) / Raw(response[k:k + 1400]), t)
                ss += len(response[k:k + 1400])
                t += 0.0003
            self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs, ack=ss), t + 0.0002)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="FA", seq=cs, ack=ss), t + 0.001)
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="FA", seq=ss, ack=cs + 1), t + 0.001 + rtt)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1), t + 0.0012 + rtt)
        return t + 0.0012 + rtt

    def dns_pair(self, t, client, server, name, qid, sport, rcode=0, answer=None, dport=53, qtype="A", txt=None):
        """A DNS query and its answer 20 ms later (an A record, a TXT string, or none)."""
        self.add(IP(src=client, dst=server) / UDP(sport=sport, dport=dport) / DNS(id=qid, rd=1, qd=DNSQR(qname=name, qtype=qtype)), t)
        an = DNSRR(rrname=name, rdata=answer) if answer else DNSRR(rrname=name, type="TXT", rdata=txt) if txt else None
        self.add(IP(src=server, dst=client) / UDP(sport=dport, dport=sport)
                 / DNS(id=qid, qr=1, ra=1, rcode=rcode, qd=DNSQR(qname=name, qtype=qtype), an=an), t + 0.02)

    def write(self, name):
        self.packets.sort(key=lambda p: p.time)
        wrpcap(os.path.join(OUT, name), self.packets)


def write_truncated(name, frames, snaplen=96):
    """A pcap recorded with a snap length (tcpdump -s 96): each record keeps its first `snaplen` bytes and
    its original length, so large transfers stay small on disk and every tool counts their full bytes.
    `frames` are (time, scapy frame) pairs."""
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, 1))
        for t, frame in sorted(frames, key=lambda x: x[0]):
            data = bytes(frame)
            sec = int(t)
            usec = int(round((t - sec) * 1e6))
            f.write(struct.pack("<IIII", sec, usec, min(len(data), snaplen), len(data)) + data[:snaplen])
