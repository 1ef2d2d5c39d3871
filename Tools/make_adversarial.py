#!/usr/bin/env python3
"""Writes adversarial-size captures for the memory/time bounds (stdlib only, deterministic).

Never commit the output: it is hundreds of MiB. Default folder /tmp/pcap-report-adversarial.

  flood-2m.pcap      2,000,000 TCP SYNs from 2,000,000 distinct spoofed sources to one server
                     (2M IPv4 conversations, 2M TCP conversations, 2M endpoints)
  sweep-16.pcap      a full /16 sweep: ICMP echo + TCP SYN/445 to each of 65,536 hosts of 10.1.0.0/16
  jumbo-256k.pcap    1,000 frames of 262,144 bytes each (one 256 KiB jumbo frame per packet, one TCP stream)
  halfopen-100k.pcap 100,000 TCP streams opened (SYN, SYN/ACK, ACK, one request) and never closed
  http-lines-200k.pcap 200,000 HTTP requests, each with a distinct request line (expert info text)

All traffic is synthetic (documentation and private address ranges); nothing is ever sent.
"""
import argparse
import os
import struct

SERVER_MAC = bytes.fromhex("020000000001")
CLIENT_MAC = bytes.fromhex("020000000002")
BASE_TIME = 1_700_000_000


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, total=None):
    length = total if total is not None else 20 + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, min(length, 0xFFFF), 1, 0, 64, proto, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def tcp(sport, dport, seq, ack, flags, payload=b""):
    # Checksum left 0: the tool (like tshark by default) does not validate it.
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0) + payload


def ether(payload, src=CLIENT_MAC, dst=SERVER_MAC):
    return dst + src + b"\x08\x00" + payload


def ip(n):
    return struct.pack("!I", n)


class Writer:
    def __init__(self, path, snaplen=262144):
        self.f = open(path, "wb", buffering=1 << 20)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, 1))
        self.n = 0

    def packet(self, frame, wire=None):
        t = BASE_TIME * 1_000_000 + self.n * 10
        self.f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), wire or len(frame)))
        self.f.write(frame)
        self.n += 1

    def close(self):
        self.f.close()
        return self.n


SYN, ACK, PSH, RST, FIN = 0x02, 0x10, 0x08, 0x04, 0x01


def flood(path, count):
    w = Writer(path)
    server = ip(0x0A000001)
    # Precompute the constant tail; only the source address and port change.
    for i in range(count):
        src = ip(0x0B000000 + i)                    # 11.0.0.0 + i: distinct spoofed sources
        w.packet(ether(ipv4(src, server, 6, tcp(1024 + i % 60000, 80, i * 7919 & 0xFFFFFFFF, 0, SYN))))
    return w.close()


def sweep(path):
    w = Writer(path)
    scanner = ip(0x0A000005)
    for host in range(65536):
        target = ip(0x0A010000 + host)
        icmp = struct.pack("!BBHHH", 8, 0, 0, 0x1234, host) + b"sweep"
        icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
        w.packet(ether(ipv4(scanner, target, 1, icmp)))
        w.packet(ether(ipv4(scanner, target, 6, tcp(40000, 445, host, 0, SYN))))
    return w.close()


def jumbo(path, count):
    w = Writer(path, snaplen=262144)
    client, server = ip(0x0A000002), ip(0x0A000001)
    body = bytes((i * 31) & 0xFF for i in range(262144 - 54))
    for i in range(count):
        seq = (1 + i * len(body)) & 0xFFFFFFFF
        # IPv4 total length cannot say 256 KiB: it says 65535 and the rest is link-layer trailer,
        # which is what a jumbo frame looks like to a decoder that trusts IP.
        w.packet(ether(ipv4(client, server, 6, tcp(50000, 80, seq, 1, ACK | PSH, body), total=0xFFFF)))
    return w.close()


def halfopen(path, count):
    w = Writer(path)
    server = ip(0x0A000001)
    for i in range(count):
        client = ip(0x0A020000 + i // 50000)
        port = 1024 + i % 50000
        w.packet(ether(ipv4(client, server, 6, tcp(port, 80, 1000, 0, SYN))))
        w.packet(ether(ipv4(server, client, 6, tcp(80, port, 5000, 1001, SYN | ACK)), src=SERVER_MAC, dst=CLIENT_MAC))
        w.packet(ether(ipv4(client, server, 6, tcp(port, 80, 1001, 5001, ACK))))
        w.packet(ether(ipv4(client, server, 6, tcp(port, 80, 1001, 5001, ACK | PSH, b"GET /%d HTTP/1.1\r\n\r\n" % i))))
    return w.close()


def http_lines(path, count):
    w = Writer(path)
    server, client = ip(0x0A000001), ip(0x0A000002)
    for i in range(count):
        line = b"GET /item/%08d?x=%s HTTP/1.1\r\nHost: a\r\n\r\n" % (i, b"y" * 40)
        w.packet(ether(ipv4(client, server, 6, tcp(40000, 80, 1 + i * len(line), 1, ACK | PSH, line))))
    return w.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="/tmp/pcap-report-adversarial")
    parser.add_argument("--only", help="one capture name (without .pcap)")
    parser.add_argument("--flows", type=int, default=2_000_000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    jobs = {
        "flood-2m": lambda p: flood(p, args.flows),
        "sweep-16": sweep,
        "jumbo-256k": lambda p: jumbo(p, 1000),
        "halfopen-100k": lambda p: halfopen(p, 100_000),
        "http-lines-200k": lambda p: http_lines(p, 200_000),
    }
    for name, job in jobs.items():
        if args.only and args.only != name:
            continue
        path = os.path.join(args.out, name + ".pcap")
        n = job(path)
        print(f"{path}: {n} packets, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
