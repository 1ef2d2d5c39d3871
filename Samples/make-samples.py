#!/usr/bin/env python3
"""Deterministic generator for PcapReport's sample captures.

Writes, next to this script:

  walkthrough-synscan.pcapng  nmap-style SYN (half-open) port scan
  benign-web.pcapng           DNS + plain HTTP/1.1 browsing, nothing hostile
  hostile-strings.pcapng      report-injection strings in packets and metadata

Everything is crafted offline: frames are built with scapy and only turned
into bytes; nothing is ever sent.  There is no randomness: timestamps, MAC
addresses, IP IDs, ports and sequence numbers are fixed or derived by simple
arithmetic, so two runs give byte-identical files.

The pcapng blocks are written by hand with struct (little-endian): a Section
Header Block with shb_hardware/shb_os/shb_userappl/opt_comment, one Interface
Description Block (LINKTYPE_ETHERNET, snaplen 262144, if_name,
if_description, if_tsresol=6, no if_filter), Enhanced Packet Blocks, and an
Interface Statistics Block at the end (isb_starttime, isb_endtime,
isb_ifrecv, isb_ifdrop=0).

Usage: python3 Samples/make-samples.py   (needs scapy: pip install scapy)
"""

import os
import struct
import sys

from scapy.layers.dns import DNS, DNSQR, DNSRR
from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.l2 import Ether

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# pcapng writer
# ---------------------------------------------------------------------------

SHB_TYPE = 0x0A0D0D0A
IDB_TYPE = 0x00000001
EPB_TYPE = 0x00000006
ISB_TYPE = 0x00000005
BYTE_ORDER_MAGIC = 0x1A2B3C4D
LINKTYPE_ETHERNET = 1
SNAPLEN = 262144

OPT_ENDOFOPT = 0
OPT_COMMENT = 1
SHB_HARDWARE = 2
SHB_OS = 3
SHB_USERAPPL = 4
IF_NAME = 2
IF_DESCRIPTION = 3
IF_TSRESOL = 9
ISB_STARTTIME = 2
ISB_ENDTIME = 3
ISB_IFRECV = 4
ISB_IFDROP = 5


def _pad4(data):
    return data + b"\x00" * (-len(data) % 4)


def _text(value):
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _options(opts):
    """opts: list of (code, bytes). Empty list -> no options at all."""
    if not opts:
        return b""
    out = b""
    for code, value in opts:
        out += struct.pack("<HH", code, len(value)) + _pad4(value)
    return out + struct.pack("<HH", OPT_ENDOFOPT, 0)


def _block(block_type, body):
    total = 12 + len(body)
    assert total % 4 == 0
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def _ts_words(ts_us):
    return (ts_us >> 32) & 0xFFFFFFFF, ts_us & 0xFFFFFFFF


def shb(hardware, os_name, userappl, comment=None):
    opts = []
    if comment is not None:
        opts.append((OPT_COMMENT, _text(comment)))
    opts += [
        (SHB_HARDWARE, _text(hardware)),
        (SHB_OS, _text(os_name)),
        (SHB_USERAPPL, _text(userappl)),
    ]
    body = struct.pack("<IHHq", BYTE_ORDER_MAGIC, 1, 0, -1) + _options(opts)
    return _block(SHB_TYPE, body)


def idb(name, description):
    opts = [
        (IF_NAME, _text(name)),
        (IF_DESCRIPTION, _text(description)),
        (IF_TSRESOL, bytes([6])),  # 10^-6 s: microseconds
    ]
    body = struct.pack("<HHI", LINKTYPE_ETHERNET, 0, SNAPLEN) + _options(opts)
    return _block(IDB_TYPE, body)


def epb(ts_us, frame, comment=None):
    hi, lo = _ts_words(ts_us)
    opts = [(OPT_COMMENT, _text(comment))] if comment is not None else []
    body = (struct.pack("<IIIII", 0, hi, lo, len(frame), len(frame))
            + _pad4(frame) + _options(opts))
    return _block(EPB_TYPE, body)


def isb(ts_us, start_us, end_us, received):
    hi, lo = _ts_words(ts_us)
    s_hi, s_lo = _ts_words(start_us)
    e_hi, e_lo = _ts_words(end_us)
    opts = [
        (ISB_STARTTIME, struct.pack("<II", s_hi, s_lo)),
        (ISB_ENDTIME, struct.pack("<II", e_hi, e_lo)),
        (ISB_IFRECV, struct.pack("<Q", received)),
        (ISB_IFDROP, struct.pack("<Q", 0)),
    ]
    body = struct.pack("<III", 0, hi, lo) + _options(opts)
    return _block(ISB_TYPE, body)


def write_pcapng(filename, shb_fields, if_name, if_description, packets):
    """packets: list of (ts_us, frame_bytes, comment_or_None), any order;
    written sorted by timestamp (ties keep list order)."""
    ordered = sorted(enumerate(packets), key=lambda item: (item[1][0], item[0]))
    stamps = [ts for _, (ts, _, _) in ordered]
    assert len(set(stamps)) == len(stamps), "two frames share a timestamp"
    out = shb(**shb_fields) + idb(if_name, if_description)
    for _, (ts_us, frame, comment) in ordered:
        out += epb(ts_us, frame, comment)
    first, last = ordered[0][1][0], ordered[-1][1][0]
    out += isb(last, first, last, len(ordered))
    path = os.path.join(OUT_DIR, filename)
    with open(path, "wb") as handle:
        handle.write(out)
    print("wrote %s (%d frames, %d bytes)" % (path, len(ordered), len(out)))


# ---------------------------------------------------------------------------
# frame helpers
# ---------------------------------------------------------------------------

def to_wire(pkt, pad=True):
    """Serialize a scapy frame; checksums/lengths are computed by scapy
    before padding. With pad=True frames shorter than the Ethernet minimum
    (60 bytes without FCS) get zero padding, as a NIC sends them."""
    data = bytes(pkt)
    if pad and len(data) < 60:
        data += b"\x00" * (60 - len(data))
    return data


# 2024-03-12 14:03:27 UTC, in microseconds
BASE_US = 1710252207 * 1_000_000

SHB_COMMON = dict(
    hardware="x86_64",
    os_name="Linux 6.1",
    userappl="PcapReport sample generator 1.0",
)


# ---------------------------------------------------------------------------
# a. walkthrough-synscan.pcapng
# ---------------------------------------------------------------------------

SCANNER_IP = "10.39.5.6"
SCANNER_MAC = "02:00:0a:27:05:06"
TARGET_IP = "10.39.5.2"
TARGET_MAC = "02:00:0a:27:05:02"
SCAN_SPORT = 54321

# Probe order: "shuffled" once by hand and fixed here. 443 must come first.
SCAN_PORTS = [
    443, 3389, 21, 8080, 110, 5900, 1723, 25, 139, 993,
    22, 111, 445, 53, 995, 3306, 143, 80, 135, 23,
    8443, 587, 1025, 199, 5432, 113, 8888, 554, 1720, 465,
    81, 2049, 6000, 179, 5060, 88, 1433, 8000, 389, 10000,
    49152, 631, 873, 2121, 9100, 119, 3128, 5000, 7, 548,
    8081, 26, 1900, 515, 6001, 9999, 5357, 79, 1026, 990,
]
OPEN_PORTS = {22, 80, 443}
assert len(SCAN_PORTS) == len(set(SCAN_PORTS)) == 60 and SCAN_PORTS[0] == 443


def make_synscan():
    packets = []
    t0 = BASE_US + 412_337  # arbitrary fixed sub-second offset

    def scanner(ip_fields, l4):
        return to_wire(Ether(src=SCANNER_MAC, dst=TARGET_MAC, type=0x0800)
                       / IP(src=SCANNER_IP, dst=TARGET_IP, **ip_fields) / l4,
                       pad=False)  # captured on the scanner side

    def target(l4):
        return to_wire(Ether(src=TARGET_MAC, dst=SCANNER_MAC, type=0x0800)
                       / IP(src=TARGET_IP, dst=SCANNER_IP, id=0, flags="DF",
                            ttl=64) / l4)

    # Probe send times and answer delays (microseconds after the probe).
    send_at = [0]
    delay = [410]
    t = 1_200
    for i in range(1, len(SCAN_PORTS)):
        send_at.append(t)
        delay.append(200 + (i * 401) % 1_800)      # 0.2 .. 2.0 ms
        t += 60 + (i * 137) % 400                  # 60 .. 460 us gaps

    for i, port in enumerate(SCAN_PORTS):
        ts = t0 + send_at[i]
        seq = (0x6B2C_31A7 + i * 0x0093_1E5D) & 0xFFFFFFFF
        ip_id = (0x3D21 + i * 7_919) & 0xFFFF
        ttl = 41 + (i * 7) % 18                    # 41 .. 58
        syn = TCP(sport=SCAN_SPORT, dport=port, seq=seq, ack=0, flags="S",
                  window=1024, options=[("MSS", 1460)])
        packets.append((ts, scanner(dict(id=ip_id, ttl=ttl), syn), None))

        answer_ts = ts + delay[i]
        if port in OPEN_PORTS:
            isn = (0x1F0E_2D3C + port * 0x0001_0F2B) & 0xFFFFFFFF
            synack = TCP(sport=port, dport=SCAN_SPORT, seq=isn, ack=seq + 1,
                         flags="SA", window=64240,
                         options=[("MSS", 1460)])
            packets.append((answer_ts, target(synack), None))
            # The scanner's kernel has no socket for the SYN/ACK: bare RST,
            # seq = ack of the SYN/ACK = probe seq + 1, no ACK flag.
            rst = TCP(sport=SCAN_SPORT, dport=port, seq=seq + 1, ack=0,
                      flags="R", window=0)
            packets.append((answer_ts + 47,
                            scanner(dict(id=0, flags="DF", ttl=64), rst),
                            None))
        else:
            rstack = TCP(sport=port, dport=SCAN_SPORT, seq=0, ack=seq + 1,
                         flags="RA", window=0)
            packets.append((answer_ts, target(rstack), None))

    # Host discovery ping: echo request right after the first probe.
    ping_ts = t0 + 35
    packets.append((ping_ts,
                    scanner(dict(id=0x9C41, ttl=47),
                            ICMP(type=8, code=0, id=0x2F1B, seq=0)),
                    None))
    packets.append((ping_ts + 212,
                    target(ICMP(type=0, code=0, id=0x2F1B, seq=0)),
                    None))

    write_pcapng(
        "walkthrough-synscan.pcapng",
        dict(SHB_COMMON,
             comment="PcapReport sample: nmap-style SYN scan of 10.39.5.2 "
                     "by 10.39.5.6 (synthetic, generated offline)"),
        "eth0", "SPAN port, customer core switch", packets)


# ---------------------------------------------------------------------------
# shared TCP/HTTP session builder (benign-web and hostile-strings)
# ---------------------------------------------------------------------------

class Host:
    def __init__(self, mac, ip, ttl, ip_id):
        self.mac, self.ip, self.ttl, self.ip_id = mac, ip, ttl, ip_id

    def next_id(self):
        value = self.ip_id
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        return value


def frame(src, dst, l4, payload=b"", dst_ip=None, src_ip=None,
          src_mac=None, dst_mac=None):
    pkt = (Ether(src=src_mac or src.mac, dst=dst_mac or dst.mac, type=0x0800)
           / IP(src=src_ip or src.ip, dst=dst_ip or dst.ip, id=src.next_id(),
                flags="DF", ttl=src.ttl)
           / l4)
    if payload:
        pkt = pkt / payload
    return to_wire(pkt)


def dns_exchange(packets, t, client, resolver, sport, qid, qname, answer_ip,
                 rtt_us):
    """Standard A query and its answer (rcode NXDOMAIN if answer_ip is None).
    qname is bytes (labels may hold any byte but '.')."""
    query = DNS(id=qid, rd=1, qd=DNSQR(qname=qname, qtype="A"))
    packets.append((t, frame(client, resolver,
                             UDP(sport=sport, dport=53) / query), None))
    if answer_ip is None:
        resp = DNS(id=qid, qr=1, rd=1, ra=1, rcode=3,
                   qd=DNSQR(qname=qname, qtype="A"))
    else:
        resp = DNS(id=qid, qr=1, rd=1, ra=1,
                   qd=DNSQR(qname=qname, qtype="A"),
                   an=DNSRR(rrname=qname, type="A", ttl=3600, rdata=answer_ip))
    packets.append((t + rtt_us, frame(resolver, client,
                                      UDP(sport=53, dport=sport) / resp),
                    None))
    return t + rtt_us


def http_session(packets, t, client, server, gw_mac, server_ip, cport,
                 client_isn, server_isn, request, response, rtt_us,
                 server_think_us=1_800, request_comment=None):
    """One HTTP/1.1 exchange over a fresh TCP connection, closed gracefully
    by the client after the response: SYN, SYN/ACK, ACK, request, response,
    ACK, FIN/ACK, FIN/ACK, ACK. Returns the time of the last frame."""
    c_opts = [("MSS", 1460), ("NOP", None), ("NOP", None),
              ("SAckOK", b""), ("NOP", None), ("WScale", 7)]
    s_opts = [("MSS", 1400), ("NOP", None), ("NOP", None),
              ("SAckOK", b""), ("NOP", None), ("WScale", 9)]

    def c2s(ts, l4, payload=b"", comment=None):
        packets.append((ts, frame(client, server, l4, payload,
                                  dst_ip=server_ip, dst_mac=gw_mac),
                        comment))

    def s2c(ts, l4, payload=b""):
        packets.append((ts, frame(server, client, l4, payload,
                                  src_ip=server_ip, src_mac=gw_mac), None))

    c_seq, s_seq = client_isn, server_isn
    sp, dp = cport, 80
    c2s(t, TCP(sport=sp, dport=dp, seq=c_seq, ack=0, flags="S",
               window=64240, options=c_opts))
    c_seq += 1
    t += rtt_us
    s2c(t, TCP(sport=dp, dport=sp, seq=s_seq, ack=c_seq, flags="SA",
               window=65160, options=s_opts))
    s_seq += 1
    t += 63
    c2s(t, TCP(sport=sp, dport=dp, seq=c_seq, ack=s_seq, flags="A",
               window=502))
    t += 151
    c2s(t, TCP(sport=sp, dport=dp, seq=c_seq, ack=s_seq, flags="PA",
               window=502), request, request_comment)
    c_seq += len(request)
    t += rtt_us + server_think_us
    s2c(t, TCP(sport=dp, dport=sp, seq=s_seq, ack=c_seq, flags="PA",
               window=128), response)
    s_seq += len(response)
    t += 58
    c2s(t, TCP(sport=sp, dport=dp, seq=c_seq, ack=s_seq, flags="A",
               window=501))
    # client closes (it is done with this host)
    t += 4_870
    c2s(t, TCP(sport=sp, dport=dp, seq=c_seq, ack=s_seq, flags="FA",
               window=501))
    c_seq += 1
    t += rtt_us
    s2c(t, TCP(sport=dp, dport=sp, seq=s_seq, ack=c_seq, flags="FA",
               window=128))
    s_seq += 1
    t += 71
    c2s(t, TCP(sport=sp, dport=dp, seq=c_seq, ack=s_seq, flags="A",
               window=501))
    return t


def http_response(body, extra_headers=b""):
    return (b"HTTP/1.1 200 OK\r\n"
            b"Date: Tue, 12 Mar 2024 14:03:27 GMT\r\n"
            b"Server: nginx/1.24.0\r\n"
            b"Content-Type: text/html; charset=UTF-8\r\n"
            + b"Content-Length: %d\r\n" % len(body)
            + extra_headers
            + b"Connection: keep-alive\r\n"
            b"\r\n" + body)


# ---------------------------------------------------------------------------
# b. benign-web.pcapng
# ---------------------------------------------------------------------------

USER_AGENT = (b"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) "
              b"Gecko/20100101 Firefox/123.0")


def make_benign():
    packets = []
    gw_mac = "02:00:0a:01:01:01"
    client = Host("02:00:0a:01:01:0a", "10.1.1.10", 64, 0x4A10)
    resolver = Host(gw_mac, "10.1.1.1", 64, 0x0B01)

    sites = [
        # qname, address, DNS src port, DNS id, TCP src port, client ISN,
        # server ISN, server IP TTL/ID start, RTT (us)
        ("example.com", "93.184.216.34", 41_873, 0x1A2B, 51_312,
         0x2D4F_6A01, 0x8E31_0C57, 52, 0x61A0, 23_418),
        ("www.example.org", "93.184.215.14", 50_219, 0x7C05, 51_318,
         0x91C2_4B33, 0x0F5D_9E21, 53, 0x2E44, 31_207),
        ("api.example.net", "203.0.113.80", 36_604, 0xB3E9, 51_326,
         0x5A07_D1C8, 0xC418_25F6, 49, 0x0913, 18_744),
    ]
    t = BASE_US + 104_221
    for (qname, addr, dport, qid, cport, c_isn, s_isn, ttl, sid,
         rtt) in sites:
        t = dns_exchange(packets, t, client, resolver, dport, qid,
                         qname.encode() + b".", addr, 11_532)
        t += 847
        server = Host(gw_mac, addr, ttl, sid)
        path = b"/" if qname != "api.example.net" else b"/status.html"
        host = qname.encode()
        request = (b"GET " + path + b" HTTP/1.1\r\n"
                   b"Host: " + host + b"\r\n"
                   b"User-Agent: " + USER_AGENT + b"\r\n"
                   b"Accept: text/html,application/xhtml+xml,"
                   b"application/xml;q=0.9,*/*;q=0.8\r\n"
                   b"Accept-Language: en-US,en;q=0.5\r\n"
                   b"Connection: keep-alive\r\n"
                   b"\r\n")
        body = (b"<!doctype html>\n<html><head><title>" + host
                + b"</title></head>\n<body><h1>" + host
                + b"</h1><p>It works.</p></body></html>\n")
        t = http_session(packets, t, client, server, gw_mac, addr, cport,
                         c_isn, s_isn, request, http_response(body), rtt)
        t += 1_250_000 + (cport % 7) * 31_003  # user reads the page

    write_pcapng(
        "benign-web.pcapng",
        dict(SHB_COMMON,
             comment="PcapReport sample: benign DNS and HTTP/1.1 browsing "
                     "(synthetic, generated offline)"),
        "eth0", "office LAN tap", packets)


# ---------------------------------------------------------------------------
# c. hostile-strings.pcapng
# ---------------------------------------------------------------------------

RLO = "\u202e".encode("utf-8")          # RIGHT-TO-LEFT OVERRIDE, e2 80 ae
BAD_UTF8 = b"\xff\xfe"                  # never valid in UTF-8
SCRIPT = b"<script>alert(1)</script>"
IMG = b'"><img src=x onerror=alert(1)>'
MDLINK = b"](javascript:alert(1))"
TABLE = b"| col | col |"
FENCE = b"```"
MUSTACHE = b"{{mustache}}"
HEADING = b"# heading"


def make_hostile():
    packets = []
    gw_mac = "02:00:0a:14:1e:01"
    client = Host("02:00:0a:14:1e:28", "10.20.30.40", 64, 0x1337)
    resolver = Host(gw_mac, "10.20.30.1", 64, 0x0C00)
    server_ip = "198.51.100.66"
    server = Host(gw_mac, server_ip, 51, 0x7A00)

    # DNS: labels carrying markup, pipes and backticks (no dots, <= 63 bytes)
    qname = (SCRIPT + b"." + b"|col|`x`|" + b"." + b"```{{m}}```" + b"."
             + b"evil" + RLO + b"gpj" + b"." + b"example" + b".")
    t = BASE_US + 733_105
    t = dns_exchange(packets, t, client, resolver, 45_911, 0x5C17, qname,
                     None, 9_876)
    t += 1_402

    # Request line: no spaces inside the target, so it stays one HTTP
    # request-target; the spaced payloads go into header values.
    target = (b"/" + SCRIPT + b"?q=" + b'"><img/src=x/onerror=alert(1)>'
              + b"&m=" + MDLINK + b"&t=|col|col|&f=" + FENCE
              + b"&x=" + MUSTACHE + b"&h=%0d%0a%23%20heading"
              + b"&r=" + RLO + b"txt.exe&u=" + BAD_UTF8)
    request = (b"GET " + target + b" HTTP/1.1\r\n"
               b"Host: " + b"evil.example" + SCRIPT + b"\r\n"
               b"User-Agent: " + SCRIPT + b" " + IMG + b" " + MDLINK
               + b" " + TABLE + b" " + FENCE + b" " + MUSTACHE + b" "
               + RLO + b"gnp.exe " + BAD_UTF8 + b"\r\n"
               b"Referer: http://evil.example/" + IMG + b"\r\n"
               # obs-fold (RFC 7230 3.2.4): CRLF + SP/HTAB continues the
               # value, so a fake header line and a markdown heading ride
               # inside one field value.
               b"X-Note: first line\r\n"
               b"\tSet-Cookie: injected=1\r\n"
               b" " + HEADING + b": " + TABLE + b"\r\n"
               b"Accept: */*\r\n"
               b"\r\n")
    body = (b"<!doctype html>\n<html><body>\n"
            + SCRIPT + b"\n"
            + IMG + b"\n"
            + b"[click me" + MDLINK + b"\n"
            + HEADING + b"\n"
            + TABLE + b"\n|---|---|\n"
            + FENCE + b"\nfenced " + FENCE + b" " + FENCE + b"\n" + FENCE
            + b"\n"
            + MUSTACHE + b" {% raw %} ${7*7} <%= 7*7 %>\n"
            + b"bidi: " + RLO + b"txt.exe\n"
            + b"invalid utf-8: " + BAD_UTF8 + b"\n"
            + b"</body></html>\n")
    response = http_response(
        body,
        extra_headers=(b"X-Debug: " + SCRIPT + b" " + TABLE + b"\r\n"
                       b"X-Fold: ok\r\n"
                       b"\tLocation: javascript:alert(1)\r\n"))
    comment = ("packet comment </td></tr><script>alert(1)</script> "
               '"><img src=x onerror=alert(1)> | col | col | ```x``` '
               "{{mustache}}\n# injected heading\n[x](javascript:alert(1)) "
               "\u202eexe.txt")
    http_session(packets, t, client, server, gw_mac, server_ip, 49_406,
                 0x0BAD_F00D, 0x7E57_CA5E, request, response, 27_611,
                 request_comment=comment)

    write_pcapng(
        "hostile-strings.pcapng",
        dict(SHB_COMMON,
             comment="capture comment <script>alert(1)</script> "
                     '"><img src=x onerror=alert(1)> ](javascript:alert(1)) '
                     "| col | col | ``` {{mustache}}\n# heading\n\u202eevil"),
        "eth0<script>alert(1)</script>",
        "](javascript:alert(1)) | `x` \n# injected",
        packets)


def main():
    if len(sys.argv) != 1:
        sys.exit("usage: make-samples.py  (no arguments)")
    make_synscan()
    make_benign()
    make_hostile()


if __name__ == "__main__":
    main()
