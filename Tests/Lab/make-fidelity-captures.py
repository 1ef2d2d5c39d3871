#!/usr/bin/env python3
"""Crafts the fidelity conformance captures of Tests/Fixtures/lab/fidelity/ offline with scapy.

Nothing is sent. Each file holds one class of traffic whose protocol hierarchy / expert info /
conversations tshark 4.0 computes by rules we mirror (docs/conformance.md, "Lab set"):

  icmp-errors.pcap       ICMP/ICMPv6 errors quoting UDP (SNMP, DNS, unknown port, a header-only quote),
                         TCP and a truncated datagram, next to the UDP flows they quote
  arp-padding.pcap       ARP and short IPv4 frames with zero padding, a non-zero trailer, padding + FCS
  duplicated-ftp.pcap    an FTP and an HTTP session in which every frame was captured twice
  mail-pop-smtp.pcap     a POP3 session (USER/PASS/LIST/RETR) and an SMTP session (EHLO/MAIL/RCPT/DATA)
  http-out-of-order.pcap two HTTP transactions whose segments arrive out of order
  ssh-kex-signatures.pcap SSH key exchanges whose host signatures are ssh-rsa, rsa-sha2-256,
                         ecdsa-sha2-nistp256 and ssh-ed25519 (and a DH group exchange)
  telnet-malformed.pcap  Telnet logins whose segments end inside a command (IAC, IAC DO, IAC SB,
                         an IAC in a subnegotiation), next to complete negotiations and a retransmission
  http-continuation.pcap HTTP data that starts no message: a body after a gap with and without a
                         line end, binary data, header-like lines, a WebDAV request, a HEAD answer

Deterministic: fixed timestamps, addresses, ports and sequence numbers; no RNG.

    python3 Tests/Lab/make-fidelity-captures.py     # from any directory; needs scapy
"""
import os

from scapy.all import ARP, DNS, DNSQR, ICMP, IP, TCP, UDP, Ether, ICMPv6DestUnreach, IPv6, Raw, wrpcap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab", "fidelity")
T0 = 1_790_100_000.0  # 2026-09-22, fixed
A, B, C = "10.67.0.5", "10.67.0.10", "10.67.0.20"
AMAC, BMAC, CMAC = "02:00:0a:43:00:05", "02:00:0a:43:00:0a", "02:00:0a:43:00:14"
A6, B6 = "fd00:67::5", "fd00:67::10"


class Clock:
    def __init__(self):
        self.t = T0

    def stamp(self, p, step=0.01):
        self.t += step
        p.time = self.t
        return p


def eth(src_mac, dst_mac):
    return Ether(src=src_mac, dst=dst_mac)


def icmp_errors():
    c, out = Clock(), []
    snmp = bytes.fromhex("302602010104067075626c6963a01902046b8b4567020100020100300b300906052b060102010500")
    dns = bytes(DNS(id=0x1234, rd=1, qd=DNSQR(qname="example.org")))
    for i in range(3):   # SNMP get to a closed agent: port unreachable quoting the whole datagram
        probe = IP(src=A, dst=B, id=100 + i, ttl=64) / UDP(sport=40000 + i, dport=161) / Raw(snmp)
        out.append(c.stamp(eth(AMAC, BMAC) / probe))
        out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=200 + i) / ICMP(type=3, code=3) / bytes(probe)))
    # an answered SNMP exchange on another port pair (a real UDP flow)
    out.append(c.stamp(eth(AMAC, BMAC) / IP(src=A, dst=B, id=110) / UDP(sport=40100, dport=161) / Raw(snmp)))
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=210) / UDP(sport=161, dport=40100) / Raw(snmp)))
    # DNS query answered by port unreachable
    q = IP(src=A, dst=B, id=120) / UDP(sport=40200, dport=53) / Raw(dns)
    out.append(c.stamp(eth(AMAC, BMAC) / q))
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=220) / ICMP(type=3, code=3) / bytes(q)))
    # nmap -sU style empty probe, and a probe with data to an unknown port
    for port, payload in ((7777, b""), (31337, b"\x00\x01\x02\x03hello")):
        p = IP(src=A, dst=B, id=130 + port % 7) / UDP(sport=40300, dport=port) / Raw(payload)
        out.append(c.stamp(eth(AMAC, BMAC) / p))
        out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=230) / ICMP(type=3, code=3) / bytes(p)))
    # quote cut to the IP header + 8 bytes (RFC 792 minimum): the UDP payload is not there
    p = IP(src=A, dst=B, id=140) / UDP(sport=40400, dport=161) / Raw(snmp)
    out.append(c.stamp(eth(AMAC, BMAC) / p))
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=240) / ICMP(type=3, code=3) / bytes(p)[:28]))
    # time exceeded quoting a TCP SYN (traceroute -T), and host unreachable quoting TCP with 8 bytes
    syn = IP(src=A, dst=C, id=150, ttl=1) / TCP(sport=41000, dport=80, flags="S", seq=1000)
    out.append(c.stamp(eth(AMAC, BMAC) / syn))
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=250) / ICMP(type=11, code=0) / bytes(syn)))
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=251) / ICMP(type=3, code=1) / bytes(syn)[:28]))
    # ICMPv6 destination unreachable quoting UDP (DNS) over IPv6
    q6 = IPv6(src=A6, dst=B6) / UDP(sport=40500, dport=53) / Raw(dns)
    out.append(c.stamp(eth(AMAC, BMAC) / q6))
    out.append(c.stamp(eth(BMAC, AMAC) / IPv6(src=B6, dst=A6) / ICMPv6DestUnreach(code=4) / bytes(q6)))
    q6b = IPv6(src=A6, dst=B6) / UDP(sport=40501, dport=9999) / Raw(b"probe")
    out.append(c.stamp(eth(AMAC, BMAC) / q6b))
    out.append(c.stamp(eth(BMAC, AMAC) / IPv6(src=B6, dst=A6) / ICMPv6DestUnreach(code=4) / bytes(q6b)))
    wrpcap(os.path.join(OUT, "icmp-errors.pcap"), out)


def arp_padding():
    c, out = Clock(), []
    req = eth(AMAC, "ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=AMAC, psrc=A, pdst=B)
    rep = eth(BMAC, AMAC) / ARP(op=2, hwsrc=BMAC, psrc=B, hwdst=AMAC, pdst=A)
    out.append(c.stamp(req))                                       # 42 bytes, no padding (as captured on the sender)
    out.append(c.stamp(rep / Raw(b"\x00" * 18)))                   # padded to 60 with zeros
    out.append(c.stamp(req / Raw(b"\x00" * 18 + b"\xde\xad\xbe\xef")))  # zeros + 4-byte FCS
    out.append(c.stamp(rep / Raw(b"Hello, padding!!!!")))          # non-zero padding (text)
    out.append(c.stamp(rep / Raw(bytes(range(1, 19)))))            # non-zero binary padding
    out.append(c.stamp(req / Raw(b"\x00" * 10 + b"\x01" * 8)))     # zeros then non-zero
    out.append(c.stamp(rep / Raw(b"\x00" * 40)))                   # longer zero padding
    # short IPv4 frames padded to 60 bytes after the IP datagram (Ethernet padding, not payload)
    def padded(frame, pad):
        raw = Ether(bytes(frame) + pad)
        return c.stamp(raw)
    u = eth(AMAC, BMAC) / IP(src=A, dst=B, id=300) / UDP(sport=40600, dport=9) / Raw(b"x")
    out.append(padded(u, b"\x00" * (60 - len(u))))
    out.append(padded(u, b"\xaa" * (60 - len(u))))
    t = eth(AMAC, BMAC) / IP(src=A, dst=B, id=301) / TCP(sport=41100, dport=22, flags="S", seq=5000)
    out.append(padded(t, b"\x00" * 6))
    r = eth(BMAC, AMAC) / IP(src=B, dst=A, id=302) / TCP(sport=22, dport=41100, flags="RA", seq=0, ack=5001)
    out.append(padded(r, b"\x00" * 2 + b"\x11\x22\x33\x44"))
    # RST segments carrying data (RFC 1122 4.2.2.12: a reset cause as text), to an SSH and an HTTP port
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=303) / TCP(sport=22, dport=41101, flags="RA", seq=1, ack=1) /
                       Raw(b"SSH-2.0-reset by policy\r\n")))
    out.append(c.stamp(eth(BMAC, AMAC) / IP(src=B, dst=A, id=304) / TCP(sport=80, dport=41102, flags="R", seq=1) /
                       Raw(b"HTTP/1.1 400 Bad Request\r\n\r\n")))
    wrpcap(os.path.join(OUT, "arp-padding.pcap"), out)


class Session:
    """A TCP connection between a client and a server; frames appended to `out` in send order."""

    def __init__(self, clock, out, client, server, cport, sport, cmac=AMAC, smac=BMAC):
        self.c, self.out = clock, out
        self.ends = {True: (client, cport, cmac), False: (server, sport, smac)}
        self.seq = {True: 10_000, False: 50_000}
        self.ipid = {True: 1, False: 1}

    def frame(self, from_client, payload=b"", flags="PA", seq=None):
        (src, sp, sm), (dst, dp, dm) = self.ends[from_client], self.ends[not from_client]
        s = self.seq[from_client] if seq is None else seq
        ack = self.seq[not from_client] if "A" in flags else 0
        self.ipid[from_client] += 1
        p = Ether(src=sm, dst=dm) / IP(src=src, dst=dst, id=self.ipid[from_client], ttl=64) / \
            TCP(sport=sp, dport=dp, seq=s, ack=ack, flags=flags, window=64240)
        if payload:
            p = p / Raw(payload)
        return self.c.stamp(p, 0.002)

    def send(self, from_client, payload=b"", flags="PA"):
        p = self.frame(from_client, payload, flags)
        self.seq[from_client] += len(payload) + (1 if "S" in flags or "F" in flags else 0)
        self.out.append(p)
        return p

    def open(self):
        self.send(True, flags="S")
        self.send(False, flags="SA")
        self.send(True, flags="A")

    def close(self):
        self.send(True, flags="FA")
        self.send(False, flags="FA")
        self.send(True, flags="A")


def duplicated():
    c, first = Clock(), []
    ftp = Session(c, first, A, B, 42000, 21)
    ftp.open()
    for from_client, line in ((False, b"220 FTP server ready\r\n"), (True, b"USER anonymous\r\n"),
                              (False, b"331 Please specify the password.\r\n"), (True, b"PASS guest@\r\n"),
                              (False, b"230 Login successful.\r\n"), (True, b"SYST\r\n"), (False, b"215 UNIX Type: L8\r\n"),
                              (True, b"PWD\r\n"), (False, b"257 \"/\" is the current directory\r\n"),
                              (True, b"QUIT\r\n"), (False, b"221 Goodbye.\r\n")):
        ftp.send(from_client, line)
        ftp.send(not from_client, flags="A")
    ftp.close()
    http = Session(c, first, A, B, 42001, 80)
    http.open()
    http.send(True, b"GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")
    http.send(False, flags="A")
    http.send(False, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n<html>hello</html>\r\n")
    http.send(True, flags="A")
    http.close()
    out = []
    for p in first:   # every frame twice, the copy 1 µs later (two capture points on one wire)
        out.append(p)
        q = p.copy()
        q.time = p.time + 0.000001
        out.append(q)
    wrpcap(os.path.join(OUT, "duplicated-ftp.pcap"), out)


MESSAGE = (b"Return-Path: <alice@example.org>\r\nFrom: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\n"
           b"Subject: quarterly numbers\r\nDate: Tue, 22 Sep 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
           b"Hi Bob,\r\n\r\nthe numbers are attached in the next mail.\r\n\r\nAlice\r\n")


def mail():
    c, out = Clock(), []
    pop = Session(c, out, A, B, 43000, 110)
    pop.open()
    for from_client, line in ((False, b"+OK POP3 server ready\r\n"), (True, b"USER bob\r\n"), (False, b"+OK\r\n"),
                              (True, b"PASS s3cret\r\n"), (False, b"+OK 1 messages\r\n"), (True, b"STAT\r\n"),
                              (False, b"+OK 1 %d\r\n" % len(MESSAGE)), (True, b"LIST\r\n"),
                              (False, b"+OK 1 messages\r\n1 %d\r\n.\r\n" % len(MESSAGE)), (True, b"RETR 1\r\n")):
        pop.send(from_client, line)
        pop.send(not from_client, flags="A")
    # the RETR answer: status line, then the message in two segments, then the terminator
    pop.send(False, b"+OK %d octets\r\n" % len(MESSAGE))
    pop.send(False, MESSAGE[:120])
    pop.send(True, flags="A")
    pop.send(False, MESSAGE[120:] + b".\r\n")
    pop.send(True, flags="A")
    pop.send(True, b"QUIT\r\n")
    pop.send(False, b"+OK bye\r\n")
    pop.close()
    smtp = Session(c, out, A, B, 43001, 25)
    smtp.open()
    for from_client, line in ((False, b"220 mail.example.org ESMTP\r\n"), (True, b"EHLO client.example.org\r\n"),
                              (False, b"250-mail.example.org\r\n250-8BITMIME\r\n250 SIZE 10240000\r\n"),
                              (True, b"MAIL FROM:<alice@example.org>\r\n"), (False, b"250 2.1.0 Ok\r\n"),
                              (True, b"RCPT TO:<bob@example.org>\r\n"), (False, b"250 2.1.5 Ok\r\n"),
                              (True, b"DATA\r\n"), (False, b"354 End data with <CR><LF>.<CR><LF>\r\n")):
        smtp.send(from_client, line)
        smtp.send(not from_client, flags="A")
    smtp.send(True, MESSAGE[:100])
    smtp.send(False, flags="A")
    smtp.send(True, MESSAGE[100:])
    smtp.send(False, flags="A")
    smtp.send(True, b".\r\n")
    smtp.send(False, b"250 2.0.0 Ok: queued as 12345\r\n")
    smtp.send(True, b"QUIT\r\n")
    smtp.send(False, b"221 2.0.0 Bye\r\n")
    smtp.close()
    wrpcap(os.path.join(OUT, "mail-pop-smtp.pcap"), out)


def http_out_of_order():
    c, out = Clock(), []
    s = Session(c, out, C, B, 44000, 80, cmac=CMAC)
    s.open()
    req = b"GET /a HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
    s.send(True, req)
    body = b"<html><body>" + b"x" * 1200 + b"</body></html>\n"
    resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    base = s.seq[False]
    parts = [resp[:600], resp[600:1200], resp[1200:]]
    offs = [0, 600, 1200]
    # the second part arrives before the first, the third last
    for i in (1, 0, 2):
        out.append(s.frame(False, parts[i], seq=base + offs[i]))
    s.seq[False] += len(resp)
    s.send(True, flags="A")
    req2 = b"GET /b HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
    s.send(True, req2)
    resp2 = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nnot found\n"
    base = s.seq[False]
    out.append(s.frame(False, resp2[40:], seq=base + 40))
    out.append(s.frame(False, resp2[:40], seq=base))
    s.seq[False] += len(resp2)
    s.send(True, flags="A")
    s.close()
    wrpcap(os.path.join(OUT, "http-out-of-order.pcap"), out)


def ssh_string(b):
    return len(b).to_bytes(4, "big") + b


def ssh_packet(payload):
    pad = 8 - (len(payload) + 5) % 8
    pad = pad + 8 if pad < 4 else pad
    return (len(payload) + 1 + pad).to_bytes(4, "big") + bytes([pad]) + payload + b"\x00" * pad


def kexinit(kex):
    lists = [kex, b"ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-256,ssh-rsa", b"aes128-ctr", b"aes128-ctr",
             b"hmac-sha2-256", b"hmac-sha2-256", b"none", b"none", b"", b""]
    return bytes([20]) + bytes(range(16)) + b"".join(ssh_string(x) for x in lists) + b"\x00" + b"\x00" * 4


def ssh_kex():
    c, out = Clock(), []
    cases = [  # (client port, kex, host signature type, signature blob length)
        (45000, b"curve25519-sha256", b"ssh-rsa", 256),
        (45001, b"curve25519-sha256", b"rsa-sha2-256", 256),
        (45002, b"ecdh-sha2-nistp256", b"ecdsa-sha2-nistp256", 72),
        (45003, b"curve25519-sha256", b"ssh-ed25519", 64),
        (45004, b"diffie-hellman-group-exchange-sha256", b"rsa-sha2-512", 256),
    ]
    for port, kex, sigtype, siglen in cases:
        s = Session(c, out, A, B, port, 22)
        s.open()
        s.send(True, b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
        s.send(False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
        s.send(True, ssh_packet(kexinit(kex)))
        s.send(False, ssh_packet(kexinit(kex)))
        hostkey = ssh_string(ssh_string(b"ssh-ed25519") + ssh_string(bytes(32)))
        blob = bytes([0x5A]) * siglen
        if sigtype == b"ssh-rsa":
            blob = ssh_string(blob)      # an RSA signature is an mpint-shaped string
        signature = ssh_string(ssh_string(sigtype) + (blob if sigtype == b"ssh-rsa" else ssh_string(blob)))
        if kex.startswith(b"diffie-hellman-group-exchange"):
            s.send(True, ssh_packet(bytes([34]) + (2048).to_bytes(4, "big") + (4096).to_bytes(4, "big") + (8192).to_bytes(4, "big")))
            s.send(False, ssh_packet(bytes([31]) + ssh_string(b"\x00" + bytes([0xC1]) * 64) + ssh_string(b"\x02")))
            s.send(True, ssh_packet(bytes([32]) + ssh_string(b"\x00" + bytes([0x11]) * 64)))
            s.send(False, ssh_packet(bytes([33]) + hostkey + ssh_string(b"\x00" + bytes([0x22]) * 64) + signature))
        else:
            s.send(True, ssh_packet(bytes([30]) + ssh_string(bytes([0x33]) * 32)))
            s.send(False, ssh_packet(bytes([31]) + hostkey + ssh_string(bytes([0x44]) * 32) + signature))
        s.send(True, ssh_packet(bytes([21])))
        s.send(False, ssh_packet(bytes([21])))
        s.close()
    wrpcap(os.path.join(OUT, "ssh-kex-signatures.pcap"), out)


def telnet_malformed():
    c, out = Clock(), []
    cuts = [b"\xff", b"\xff\xfd", b"\xff\xfa", b"\xff\xfa\x18\x01\xff"]
    for i, cut in enumerate(cuts):
        s = Session(c, out, A, B, 41000 + i, 23)
        s.open()
        s.send(False, b"\xff\xfd\x18\xff\xfd\x20\xff\xfd\x23\xff\xfd\x27")
        s.send(True, b"\xff\xfb\x18\xff\xfa\x18\x00xterm\xff\xf0")
        s.send(False, b"Debian GNU/Linux 12\r\nlogin: " + cut)
        if i == 0:
            out.append(out[-1].copy())          # a retransmission is not dissected again
        s.send(True, b"msfadmin\r\n")
        s.send(False, b"Password: ")
        s.send(True, b"guess%d\r\n" % i)
        s.send(False, b"\r\nLogin incorrect\r\n")
        s.close()
    wrpcap(os.path.join(OUT, "telnet-malformed.pcap"), out)


def http_continuation():
    c, out = Clock(), []
    req = b"GET /doc HTTP/1.1\r\nHost: www.example.org\r\n\r\n"
    # A body whose head was not captured: a segment without a line end waits for the next one.
    s = Session(c, out, C, B, 45000, 80, cmac=CMAC)
    s.open()
    s.send(True, req)
    s.seq[False] += 300                         # the head and the body's start were not captured
    s.send(False, b"y" * 500)
    s.send(False, b"z" * 200 + b"\n</html>\n")
    s.send(False, b"\x89PNG binary after a request")
    s.send(True, flags="A")
    s.close()
    # No request on the connection: binary data is no HTTP, header-like lines are (bad names).
    s = Session(c, out, C, B, 45001, 80, cmac=CMAC)
    s.open()
    s.send(False, b"\x00\x01binary without a request")
    s.send(False, b"x-a: 1\r\nbad name: 2\r\n<b>: 3\r\nplain text\r\n")
    s.send(False, b"no colon here\r\nsecond: line\r\n")
    s.close()
    # WebDAV and HEAD: a method only Wireshark's list has; an answer to HEAD has no body.
    s = Session(c, out, C, B, 45002, 80, cmac=CMAC)
    s.open()
    s.send(True, b"PROPFIND / HTTP/1.1\r\nHost: www.example.org\r\nDepth: 0\r\n\r\n")
    s.send(False, b"HTTP/1.1 405 Not Allowed\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nno dav.\r\n")
    s.send(True, b"HEAD / HTTP/1.1\r\nHost: www.example.org\r\n\r\n")
    s.send(False, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5891\r\n\r\n")
    s.close()
    wrpcap(os.path.join(OUT, "http-continuation.pcap"), out)


def main():
    os.makedirs(OUT, exist_ok=True)
    telnet_malformed()
    http_continuation()
    icmp_errors()
    arp_padding()
    duplicated()
    mail()
    http_out_of_order()
    ssh_kex()


if __name__ == "__main__":
    main()
