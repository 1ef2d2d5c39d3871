#!/usr/bin/env python3
"""Self-test of Tools/conformance.py (stdlib unittest).

    python3 Tools/test_conformance.py -v

The parser snippets are copied verbatim from the corpus reference files named above each
one.  The end-to-end tests need the corpus (../shared/corpus) and are skipped without it.
"""

from __future__ import annotations

import copy
import io
import json
import os
import stat
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["CONFORMANCE_APP"] = "0"  # the application tables have their own self-test (test_conformance_app.py)
import conformance as C  # noqa: E402

CORPUS = C.default_corpus()
HAVE_CORPUS = (CORPUS / "real").is_dir() and (CORPUS / "reference").is_dir()

# reference/chris__synscan.pcapng/conv_tcp.txt (head)
SYNSCAN_CONV_TCP = """\
================================================================================
TCP Conversations
Filter:<No Filter>
                                                           |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |
                                                           | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |
172.16.0.8:36050           <-> 64.13.134.52:53                  4 240 bytes       1 58 bytes        5 298 bytes     0.001913000        21.0913
172.16.0.8:36050           <-> 64.13.134.52:80                  4 240 bytes       1 58 bytes        5 298 bytes     0.129000000        21.2722
172.16.0.8:36050           <-> 64.13.134.52:443                 0 0 bytes         1 58 bytes        1 58 bytes      0.000000000         0.0000
================================================================================
"""

# reference/chris__synscan.pcapng/conv_eth.txt
SYNSCAN_CONV_ETH = """\
================================================================================
Ethernet Conversations
Filter:<No Filter>
                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |
                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |
00:25:b3:bf:91:ee    <-> 00:26:0b:31:07:33         17 1020 bytes    1994 115 kB       2011 116 kB        0.000000000        23.0853
================================================================================
"""

# reference/chris__dhcp6_outlease_acquisition.pcapng/conv_udp.txt (IPv6 + port overflow the column)
DHCP6_CONV_UDP = """\
================================================================================
UDP Conversations
Filter:<No Filter>
                                                           |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |
                                                           | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |
fe80::20c:29ff:fe5e:7744:546 <-> ff02::1:2:547                    0 0 bytes         2 282 bytes       2 282 bytes     0.000000000         1.0819
fe80::20c:29ff:fe1f:a755:57236 <-> fe80::20c:29ff:fe5e:7744:546       0 0 bytes         2 332 bytes       2 332 bytes     0.003917000         1.0786
================================================================================
"""

# reference/zeek__mixed-vlan-mpls.pcap/conv_eth.txt (rel start printed from a double)
MIXED_CONV_ETH = """\
00:d0:03:3b:f4:00    <-> 00:b0:c2:86:ec:00         10 10 kB          12 898 bytes      22 10 kB      176618088.575991005         1.7340
00:01:d7:7e:cc:05    <-> 00:10:f3:02:1c:00          7 4081 bytes       7 661 bytes      14 4742 bytes  326491455.194512010         0.0054
"""

# reference/zeek__mixed-vlan-mpls.pcap/phs.txt
MIXED_PHS = """\

===================================================================
Protocol Hierarchy Statistics
Filter: 

eth                                      frames:47 bytes:16403
  mpls                                   frames:11 bytes:678
    ip                                   frames:11 bytes:678
      tcp                                frames:11 bytes:678
        telnet                           frames:5 bytes:316
  ip                                     frames:22 bytes:10983
    tcp                                  frames:22 bytes:10983
      http                               frames:2 bytes:959
        data-text-lines                  frames:1 bytes:795
          tcp.segments                   frames:1 bytes:795
  vlan                                   frames:14 bytes:4742
    ip                                   frames:14 bytes:4742
      tcp                                frames:14 bytes:4742
        f5ethtrailer                     frames:10 bytes:936
        http                             frames:4 bytes:3806
          f5ethtrailer                   frames:4 bytes:3806
===================================================================
"""

# reference/zeek__vnc-scanner.pcap/expert.txt
VNC_EXPERT = """\

Errors (3)
=============
   Frequency      Group           Protocol  Summary
           3  Malformed                VNC  Malformed Packet (Exception occurred)

Warns (3)
=============
   Frequency      Group           Protocol  Summary
           3   Sequence                TCP  Connection reset (RST)

Notes (4)
=============
   Frequency      Group           Protocol  Summary
           1   Sequence                TCP  This frame initiates the connection closing
           1   Sequence                TCP  This frame undergoes the connection closing
           2   Protocol                TCP  The acknowledgment number field is nonzero while the ACK flag is not set

Chats (4)
=============
   Frequency      Group           Protocol  Summary
           1   Sequence                TCP  Connection establish request (SYN): server port 5900
           1   Sequence                TCP  Connection establish acknowledge (SYN+ACK): server port 5900
           2   Sequence                TCP  Connection finish (FIN)
"""

# reference/pcapngtest-le__test009.pcapng/expert.txt and a row of chris__http_ip4and6.pcapng
COMMENT_EXPERT = """\

Comments (2)
=============
   Frequency      Group           Protocol  Summary
           1    Comment              Frame  test009-1
           1    Comment              Frame  test009-2

Chats (2)
=============
   Frequency      Group           Protocol  Summary
           2   Sequence               HTTP  GET / HTTP/1.1\\r\\n
           1   Undecoded   ISystemActivator  No dissector found
"""

# reference/chris__synscan.pcapng/endpoints_ip.txt
SYNSCAN_ENDPOINTS = """\
================================================================================
IPv4 Endpoints
Filter:<No Filter>
                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |
172.16.0.8                  2011        116672       1994          115652          17            1020   
64.13.134.52                2011        116672         17            1020        1994          115652   
================================================================================
"""

# reference/zeek__pcapng-multi-interface.pcapng/capinfos.txt (per-packet precision)
MULTI_CAPINFOS = r"""File name:           real/zeek__pcapng-multi-interface.pcapng
File type:           pcapng
File encapsulation:  ether
File timestamp precision:  per-packet (-1)
Packet size limit:   file hdr: (not set)
Number of packets:   6
File size:           1348 bytes
Data size:           798 bytes
Capture duration:    347.640611507 seconds
First packet time:   2026-01-06 01:31:29.500330493
Last packet time:    2026-01-06 01:37:17.140942
Data byte rate:      2.30 bytes/sec
Data bit rate:       18.36 bits/sec
Average packet size: 133.00 bytes
Average packet rate: 0.02 packets/sec
SHA256:              d0726751858356e79ae8f4c068e65755a8ae71738c4547d4c2877bc52bb64d80
RIPEMD160:           c7b485aab70484f3547642f69b8fa6bf1a5a496b
SHA1:                e4d0139f9222cd310aed5786ecdf8b6212af0ef6
Strict time order:   True
Capture oper-sys:    Linux 6.8.0-90-generic
Capture application: Mergecap (Wireshark) 4.2.2 (Git v4.2.2 packaged as 4.2.2-1.1build3)
Number of interfaces in file: 2
Interface #0 info:
                     Name = eth0
                     Encapsulation = Ethernet (1 - ether)
                     Capture length = 262144
                     Time precision = nanoseconds (9)
                     Time ticks per second = 1000000000
                     Time resolution = 0x09
                     Operating system = Linux 6.8.0-90-generic
                     Number of stat entries = 0
                     Number of packets = 2
Interface #1 info:
                     Name = \Device\NPF_{5AE6EDB4-EFF9-46B3-A3C2-EE50C688A9E6}
                     Description = Ethernet 2
                     Encapsulation = Ethernet (1 - ether)
                     Capture length = 262144
                     Time precision = microseconds (6)
                     Time ticks per second = 1000000
                     Time resolution = 0x06
                     Operating system = 64-bit Windows 11 (25H2), build 26200
                     Number of stat entries = 0
                     Number of packets = 4
"""

# reference/pcapngtest-le__test202.pcapng/capinfos.txt (start; duration n/a, several sections)
TEST202_CAPINFOS = """\
File name:           real/pcapngtest-le__test202.pcapng
File type:           pcapng
File encapsulation:  per-packet
Encapsulation in use by packets (# of pkts):
                     Ethernet (6)
                     NULL/Loopback (2)
File timestamp precision:  microseconds (6)
Packet size limit:   file hdr: (not set)
Packet size limit:   inferred: 96 bytes - 128 bytes (range)
Number of packets:   8
File size:           2908 bytes
Data size:           2304 bytes
Average packet size: 288.00 bytes
SHA256:              045e5b59bb0367577ce4afc1317586c1cd354e19293ccc8266a20d1eed6b154e
RIPEMD160:           59fd9c205bfc693cf7f47b3403c647d00d6170d9
SHA1:                981f8be6468ff6d28bcae04019923477837e6cb2
Strict time order:   False
Section 0:

Capture hardware:    Apple MBP
Capture oper-sys:    OS-X 10.10.5
Capture application: pcap_writer.lua
Capture comment:     test202 SHB-0
Number of interfaces in file: 1
Interface #0 info:
                     Name = eth0
                     Encapsulation = Ethernet (1 - ether)
                     Capture length = 96
                     Number of packets = 6
Section 1:

Capture hardware:    Apple MBP
Capture oper-sys:    OS-X 10.10.5
Capture application: pcap_writer.lua
Capture comment:     test202 SHB-1
Number of interfaces in file: 1
Interface #0 info:
                     Name = eth0
                     Encapsulation = Ethernet (1 - ether)
                     Capture length = 96
                     Number of packets = 6
"""

# ---------------------------------------------------------------------------------------------
# Hand-written "perfect" reports, typed from the reference outputs of two small captures.
# ---------------------------------------------------------------------------------------------

def _iface(packets):
    return {"name": None, "description": None, "linkType": "ether", "snaplen": 65535,
            "captureFilter": None, "os": None, "packets": packets, "droppedPackets": None}


HANDSHAKE_JSON = {
    "schemaVersion": 1,
    "generator": {"name": "pcap-report", "version": "test"},
    "capture": {
        "fileName": "chris__tcp_handshake.pcapng", "fileBytes": 336, "format": "pcapng",
        "timestampPrecision": "microseconds", "encapsulation": "ether", "snaplen": None,
        "packets": 3, "dataBytes": 186,
        "firstPacketTime": "2010-01-07T19:38:34.341715Z", "lastPacketTime": "2010-01-07T19:38:34.474483Z",
        "durationSeconds": 0.132768, "dataByteRate": 186 / 0.132768, "averagePacketSize": 62.0,
        "averagePacketRate": 3 / 0.132768, "strictTimeOrder": True,
        "sha256": "681bcc3526ad9476272b21f38caaebfcaed3354b7886cad86e1ecf23242567ab",
        "sha1": "ba806dc42d19a4d1fc6a1665c885aa1b75997343",
        "hardware": None, "os": None, "application": None, "comments": [],
        "interfaces": [_iface(3)],
    },
    "protocolHierarchy": [
        {"path": ["eth"], "frames": 3, "bytes": 186},
        {"path": ["eth", "ip"], "frames": 3, "bytes": 186},
        {"path": ["eth", "ip", "tcp"], "frames": 3, "bytes": 186},
    ],
    "conversations": {
        "eth": [{"addressA": "00:21:6a:5b:7d:4a", "addressB": "00:05:5d:21:99:4c",
                 "framesAtoB": 2, "bytesAtoB": 120, "framesBtoA": 1, "bytesBtoA": 66,
                 "relStart": 0, "duration": 0.132768}],
        "ipv4": [{"addressA": "172.16.16.128", "addressB": "212.58.226.142",
                  "framesAtoB": 2, "bytesAtoB": 120, "framesBtoA": 1, "bytesBtoA": 66,
                  "relStart": 0, "duration": 0.132768}],
        "ipv6": [],
        "tcp": [{"addressA": "172.16.16.128", "portA": 2826, "addressB": "212.58.226.142", "portB": 80,
                 "stream": 0, "framesAtoB": 2, "bytesAtoB": 120, "framesBtoA": 1, "bytesBtoA": 66,
                 "relStart": 0, "duration": 0.132768}],
        "udp": [],
    },
    "endpoints": {
        "ipv4": [
            {"address": "172.16.16.128", "packets": 3, "bytes": 186, "txPackets": 2, "txBytes": 120,
             "rxPackets": 1, "rxBytes": 66},
            {"address": "212.58.226.142", "packets": 3, "bytes": 186, "txPackets": 1, "txBytes": 66,
             "rxPackets": 2, "rxBytes": 120},
        ],
        "eth": [], "ipv6": [], "tcp": [], "udp": [],
    },
    "expert": {
        "counts": {"error": 0, "warning": 0, "note": 0, "chat": 2, "comment": 0},
        "items": [
            {"severity": "chat", "group": "sequence", "protocol": "TCP",
             "summary": "Connection establish request (SYN): server port 80", "count": 1, "firstFrame": 1},
            {"severity": "chat", "group": "sequence", "protocol": "TCP",
             "summary": "Connection establish acknowledge (SYN+ACK): server port 80", "count": 1, "firstFrame": 2},
        ],
    },
}

IP4AND6_JSON = {
    "schemaVersion": 1,
    "capture": {
        "fileName": "chris__http_ip4and6.pcapng", "fileBytes": 3424, "format": "pcapng",
        "timestampPrecision": "microseconds", "encapsulation": "ether", "snaplen": None,
        "packets": 20, "dataBytes": 2695,
        "firstPacketTime": "2015-11-22T17:58:11.400170Z", "lastPacketTime": "2015-11-22T17:58:16.404047Z",
        "durationSeconds": 5.003877, "dataByteRate": 538.58, "averagePacketSize": 134.75,
        "averagePacketRate": 4.0, "strictTimeOrder": True,
        "sha256": "e5c68d29c19d7cd0761b635af4ebbccd2f51c47be6902e2859ce9ab7678b7502",
        "sha1": "680c3971a4c0e64465901a221bea19bb9d4c0151",
        "hardware": None, "os": None, "application": None, "comments": [],
        "interfaces": [_iface(20)],
    },
    "protocolHierarchy": [
        {"path": ["eth"], "frames": 20, "bytes": 2695},
        {"path": ["eth", "ip"], "frames": 10, "bytes": 1244},
        {"path": ["eth", "ip", "tcp"], "frames": 10, "bytes": 1244},
        {"path": ["eth", "ip", "tcp", "http"], "frames": 2, "bytes": 700},
        {"path": ["eth", "ip", "tcp", "http", "data-text-lines"], "frames": 1, "bytes": 557},
        {"path": ["eth", "ipv6"], "frames": 10, "bytes": 1451},
        {"path": ["eth", "ipv6", "tcp"], "frames": 10, "bytes": 1451},
        {"path": ["eth", "ipv6", "tcp", "http"], "frames": 2, "bytes": 747},
        {"path": ["eth", "ipv6", "tcp", "http", "data-text-lines"], "frames": 1, "bytes": 577},
    ],
    "conversations": {
        "eth": [{"addressA": "00:0c:29:d3:46:dd", "addressB": "00:0c:29:1f:a7:55",
                 "framesAtoB": 12, "bytesAtoB": 1089, "framesBtoA": 8, "bytesBtoA": 1606,
                 "relStart": 0.0, "duration": 5.003877}],
        "ipv4": [{"addressA": "172.16.16.140", "addressB": "172.16.16.139",
                  "framesAtoB": 6, "bytesAtoB": 481, "framesBtoA": 4, "bytesBtoA": 763,
                  "relStart": 0.0, "duration": 0.00436}],
        "ipv6": [{"addressA": "2001:db8:1:2::1002", "addressB": "2001:db8:1:2::1000",
                  "framesAtoB": 6, "bytesAtoB": 608, "framesBtoA": 4, "bytesBtoA": 843,
                  "relStart": 4.99928, "duration": 0.00458}],
        "tcp": [
            {"addressA": "2001:db8:1:2::1002", "portA": 35023, "addressB": "2001:db8:1:2::1000", "portB": 80,
             "stream": 1, "framesAtoB": 6, "bytesAtoB": 608, "framesBtoA": 4, "bytesBtoA": 843,
             "relStart": 4.99928, "duration": 0.00458},
            {"addressA": "172.16.16.140", "portA": 53350, "addressB": "172.16.16.139", "portB": 80,
             "stream": 0, "framesAtoB": 6, "bytesAtoB": 481, "framesBtoA": 4, "bytesBtoA": 763,
             "relStart": 0.0, "duration": 0.00436},
        ],
        "udp": [],
    },
    "endpoints": {"ipv4": [
        {"address": "172.16.16.139", "packets": 10, "bytes": 1244, "txPackets": 4, "txBytes": 763,
         "rxPackets": 6, "rxBytes": 481},
        {"address": "172.16.16.140", "packets": 10, "bytes": 1244, "txPackets": 6, "txBytes": 481,
         "rxPackets": 4, "rxBytes": 763},
    ]},
    "expert": {
        "counts": {"error": 0, "warning": 0, "note": 4, "chat": 12, "comment": 0},
        "items": [
            {"severity": "note", "group": "sequence", "protocol": "TCP",
             "summary": "This frame initiates the connection closing", "count": 2, "firstFrame": 7},
            {"severity": "note", "group": "sequence", "protocol": "TCP",
             "summary": "This frame undergoes the connection closing", "count": 2, "firstFrame": 8},
            {"severity": "chat", "group": "sequence", "protocol": "TCP",
             "summary": "Connection establish request (SYN): server port 80", "count": 2, "firstFrame": 1},
            {"severity": "chat", "group": "sequence", "protocol": "TCP",
             "summary": "Connection establish acknowledge (SYN+ACK): server port 80", "count": 2, "firstFrame": 2},
            {"severity": "chat", "group": "sequence", "protocol": "HTTP",
             "summary": "GET / HTTP/1.1\\r\\n", "count": 2, "firstFrame": 4},
            {"severity": "chat", "group": "sequence", "protocol": "HTTP",
             "summary": "HTTP/1.1 200 OK\\r\\n", "count": 2, "firstFrame": 6},
            {"severity": "chat", "group": "sequence", "protocol": "TCP",
             "summary": "Connection finish (FIN)", "count": 4, "firstFrame": 7},
        ],
    },
}

FIXTURES = {"chris__tcp_handshake.pcapng": HANDSHAKE_JSON, "chris__http_ip4and6.pcapng": IP4AND6_JSON}


def run_main(argv):
    out, err = io.StringIO(), io.StringIO()
    rc = C.main(argv, out=out, err=err)
    return rc, out.getvalue(), err.getvalue()


def write_fixtures(directory: Path, fixtures=FIXTURES, flat=True):
    for cap, doc in fixtures.items():
        d = directory if flat else directory / cap
        d.mkdir(parents=True, exist_ok=True)
        (d / (Path(cap).stem + ".json")).write_text(json.dumps(doc))


# ---------------------------------------------------------------------------------------------

class ByteRounding(unittest.TestCase):
    def test_rule(self):
        cases = {0: "0 bytes", 58: "58 bytes", 9950: "9950 bytes", 9999: "9999 bytes",
                 10000: "10 kB", 10999: "10 kB", 115652: "115 kB", 116672: "116 kB", 137595: "137 kB",
                 1586999: "1586 kB", 9999999: "9999 kB", 10000000: "10 MB", 10 ** 10 - 1: "9999 MB",
                 10 ** 10: "10 GB", 10 ** 13: "10 TB"}
        for n, text in cases.items():
            self.assertEqual(C.tshark_bytes(n), text, n)

    def test_range(self):
        self.assertEqual(C.tshark_bytes_range("137 kB"), (137000, 137999))
        self.assertEqual(C.tshark_bytes_range("1020 bytes"), (1020, 1020))
        self.assertEqual(C.tshark_bytes_range("10 MB"), (10_000_000, 10_999_999))
        with self.assertRaises(C.ParseError):
            C.tshark_bytes_range("12 KiB")

    @unittest.skipUnless(HAVE_CORPUS, "corpus not found")
    def test_rule_against_exact_endpoint_bytes(self):
        """Captures with one IPv4 conversation: endpoints_ip.txt gives the exact bytes."""
        checked = 0
        for d in sorted((CORPUS / "reference").iterdir()):
            if not (d / "conv_ip.txt").is_file():
                continue
            conv = C.parse_conv((d / "conv_ip.txt").read_text(), False)
            eps = {e["address"]: e for e in C.parse_endpoints((d / "endpoints_ip.txt").read_text())}
            if len(conv) != 1 or len(eps) != 2 or conv[0]["addressA"] == conv[0]["addressB"]:
                continue
            a = eps[conv[0]["addressA"]]
            self.assertEqual(C.tshark_bytes(a["txBytes"]), conv[0]["bytesAtoB"], d.name)
            self.assertEqual(C.tshark_bytes(a["rxBytes"]), conv[0]["bytesBtoA"], d.name)
            self.assertEqual(C.tshark_bytes(a["bytes"]), conv[0]["bytesTotal"], d.name)
            checked += 1
        self.assertGreater(checked, 30)


class ConvParser(unittest.TestCase):
    def test_tcp(self):
        rows = C.parse_conv(SYNSCAN_CONV_TCP, True)
        self.assertEqual(len(rows), 3)
        r = rows[0]
        self.assertEqual((r["addressA"], r["portA"], r["addressB"], r["portB"]), ("172.16.0.8", 36050, "64.13.134.52", 53))
        # "<-" is B->A (server's 4 SYN-ACKs), "->" is A->B (scanner's 1 SYN)
        self.assertEqual((r["framesBtoA"], r["bytesBtoA"], r["framesAtoB"], r["bytesAtoB"]), (4, "240 bytes", 1, "58 bytes"))
        self.assertEqual((r["framesTotal"], r["bytesTotal"], r["relStart"], r["duration"]), (5, "298 bytes", "0.001913000", "21.0913"))

    def test_eth_kb(self):
        (r,) = C.parse_conv(SYNSCAN_CONV_ETH, False)
        self.assertEqual((r["addressA"], r["addressB"], r["portA"]), ("00:25:b3:bf:91:ee", "00:26:0b:31:07:33", None))
        self.assertEqual((r["bytesBtoA"], r["bytesAtoB"], r["bytesTotal"]), ("1020 bytes", "115 kB", "116 kB"))

    def test_ipv6_ports_overflowing(self):
        rows = C.parse_conv(DHCP6_CONV_UDP, True)
        self.assertEqual([(r["addressA"], r["portA"], r["addressB"], r["portB"]) for r in rows],
                         [("fe80::20c:29ff:fe5e:7744", 546, "ff02::1:2", 547),
                          ("fe80::20c:29ff:fe1f:a755", 57236, "fe80::20c:29ff:fe5e:7744", 546)])

    def test_bad_row(self):
        with self.assertRaises(C.ParseError):
            C.parse_conv("1.2.3.4 <-> 5.6.7.8  1 2 bytes\n", False)


class PhsParser(unittest.TestCase):
    def test_tree(self):
        nodes = C.parse_phs(MIXED_PHS)
        self.assertEqual(len(nodes), 16)
        self.assertEqual(nodes[0], {"path": ("eth",), "frames": 47, "bytes": 16403})
        paths = {n["path"]: (n["frames"], n["bytes"]) for n in nodes}
        self.assertEqual(paths[("eth", "ip", "tcp", "http", "data-text-lines", "tcp.segments")], (1, 795))
        self.assertEqual(paths[("eth", "vlan", "ip", "tcp", "f5ethtrailer")], (10, 936))
        self.assertEqual(paths[("eth", "vlan", "ip", "tcp", "http", "f5ethtrailer")], (4, 3806))
        self.assertEqual(paths[("eth", "mpls", "ip")], (11, 678))


class ExpertParser(unittest.TestCase):
    def test_sections(self):
        e = C.parse_expert(VNC_EXPERT)
        self.assertEqual(e["counts"], {"error": 3, "warning": 3, "note": 4, "chat": 4})
        first = e["items"][0]
        self.assertEqual((first["severity"], first["group"], first["protocol"], first["summary"], first["count"]),
                         ("error", "malformed", "VNC", "Malformed Packet (Exception occurred)", 3))
        self.assertEqual(e["items"][4]["summary"],
                         "The acknowledgment number field is nonzero while the ACK flag is not set")
        self.assertEqual(len(e["items"]), 8)

    def test_comments_escapes_and_wide_protocol(self):
        e = C.parse_expert(COMMENT_EXPERT)
        got = [(i["severity"], i["group"], i["protocol"], i["summary"], i["count"]) for i in e["items"]]
        self.assertEqual(got, [
            ("comment", "comment", "Frame", "test009-1", 1),
            ("comment", "comment", "Frame", "test009-2", 1),
            ("chat", "sequence", "HTTP", "GET / HTTP/1.1\\r\\n", 2),   # literal backslash-r backslash-n
            ("chat", "undecoded", "ISystemActivator", "No dissector found", 1),
        ])

    def test_overflowing_group(self):
        line = "           1  Request Code                TCP  Something odd\n"
        e = C.parse_expert("Notes (1)\n" + line)
        self.assertEqual([(i["group"], i["protocol"], i["summary"]) for i in e["items"]],
                         [("request-code", "TCP", "Something odd")])

    def test_empty(self):
        self.assertEqual(C.parse_expert(""), {"items": [], "counts": {}})


class EndpointParser(unittest.TestCase):
    def test_rows(self):
        rows = C.parse_endpoints(SYNSCAN_ENDPOINTS)
        self.assertEqual([(r["address"], r["packets"], r["bytes"], r["txPackets"], r["txBytes"], r["rxPackets"], r["rxBytes"])
                          for r in rows],
                         [("172.16.0.8", 2011, 116672, 1994, 115652, 17, 1020),
                          ("64.13.134.52", 2011, 116672, 17, 1020, 1994, 115652)])


class CapinfosParser(unittest.TestCase):
    def test_multi_interface(self):
        c = C.parse_capinfos(MULTI_CAPINFOS)
        f = c["fields"]
        self.assertEqual(f["File timestamp precision"], ["per-packet (-1)"])
        self.assertEqual(f["Capture duration"], ["347.640611507 seconds"])
        self.assertEqual(len(c["sections"]), 1)
        s = c["sections"][0]
        self.assertEqual(s["fields"]["Capture oper-sys"], ["Linux 6.8.0-90-generic"])
        self.assertEqual([i["Name"] for i in s["interfaces"]],
                         ["eth0", r"\Device\NPF_{5AE6EDB4-EFF9-46B3-A3C2-EE50C688A9E6}"])
        self.assertEqual(s["interfaces"][1]["Description"], "Ethernet 2")

    def test_sections_and_na(self):
        c = C.parse_capinfos(TEST202_CAPINFOS)
        self.assertNotIn("Capture duration", c["fields"])
        self.assertEqual(c["fields"]["Packet size limit"], ["file hdr: (not set)", "inferred: 96 bytes - 128 bytes (range)"])
        self.assertEqual([s["fields"]["Capture comment"] for s in c["sections"]], [["test202 SHB-0"], ["test202 SHB-1"]])

    def test_time_and_numbers(self):
        self.assertTrue(C.time_matches("2026-01-06T01:31:29.500330493Z", "2026-01-06 01:31:29.500330493"))
        self.assertTrue(C.time_matches("2026-01-06T01:37:17.140942000Z", "2026-01-06 01:37:17.140942"))
        self.assertFalse(C.time_matches("2026-01-06T01:37:17.140943Z", "2026-01-06 01:37:17.140942"))
        self.assertFalse(C.time_matches("2026-01-06T02:37:17.140942Z", "2026-01-06 01:37:17.140942"))
        self.assertTrue(C.close_to_printed(186 / 0.132768, "1400.94"))
        self.assertTrue(C.close_to_printed(21.09125, "21.0913"))   # an exact tie may round either way
        self.assertTrue(C.close_to_printed(21.09125, "21.0912"))
        self.assertFalse(C.close_to_printed(21.0914, "21.0912"))
        self.assertTrue(C.close_to_printed(326491455.194512, "326491455.194512010"))  # double noise
        self.assertFalse(C.close_to_printed(None, "0.0000"))


class Comparisons(unittest.TestCase):
    def ours_conv(self, a, b, fa, ba, fb, bb, rel, dur, pa=None, pb=None):
        r = {"addressA": a, "addressB": b, "framesAtoB": fa, "bytesAtoB": ba, "framesBtoA": fb, "bytesBtoA": bb,
             "relStart": rel, "duration": dur}
        if pa is not None:
            r.update(portA=pa, portB=pb)
        return r

    def test_kb_rows(self):
        ts = C.parse_conv(SYNSCAN_CONV_ETH, False)
        good = self.ours_conv("00:25:b3:bf:91:ee", "00:26:0b:31:07:33", 1994, 115652, 17, 1020, 0, 23.085343)
        self.assertEqual(C.compare_conversations([good], ts, False, "eth").status, "identical")
        bad = dict(good, bytesAtoB=114999)
        r = C.compare_conversations([bad], ts, False, "eth")
        self.assertEqual(r.status, "DIFF")
        self.assertIn("-> bytes", r.detail)

    def test_swapped(self):
        ts = C.parse_conv(SYNSCAN_CONV_TCP, True)
        rows = [self.ours_conv("172.16.0.8", "64.13.134.52", 1, 58, 4, 240, 0.001913, 21.09125, 36050, 53),
                self.ours_conv("172.16.0.8", "64.13.134.52", 1, 58, 4, 240, 0.129, 21.2722, 36050, 80),
                self.ours_conv("64.13.134.52", "172.16.0.8", 0, 0, 1, 58, 0.0, 0.0, 443, 36050)]
        r = C.compare_conversations(rows, ts, True, "tcp")
        self.assertEqual(r.status, "DIFF")
        self.assertTrue(r.detail.startswith("2/3 rows equal; first: swapped A/B"), r.detail)
        self.assertIn("otherwise equal", r.detail)

    def test_same_key_twice_and_missing(self):
        ts = C.parse_conv(MIXED_CONV_ETH, False)
        rows = [self.ours_conv("00:d0:03:3b:f4:00", "00:b0:c2:86:ec:00", 12, 898, 10, 10000, 176618088.575991, 1.734)]
        r = C.compare_conversations(rows, ts, False, "eth")
        self.assertEqual(r.status, "DIFF")
        self.assertIn("1/2 rows equal; first: missing in ours", r.detail)
        self.assertIn("00:01:d7:7e:cc:05", r.detail)

    def test_expert_count(self):
        ts = C.parse_expert(VNC_EXPERT)
        items = [dict(severity=i["severity"], group=i["group"], protocol=i["protocol"], summary=i["summary"],
                      count=i["count"]) for i in ts["items"]]
        counts = {"error": 3, "warning": 3, "note": 4, "chat": 4, "comment": 0}
        self.assertEqual(C.compare_expert({"items": items, "counts": counts}, ts, False).status, "identical")
        items[1]["count"] = 2
        r = C.compare_expert({"items": items, "counts": counts}, ts, True)
        self.assertEqual(r.status, "DIFF")
        self.assertIn("ours count 2 vs tshark count 3", r.detail)
        self.assertEqual(C.compare_expert({"items": items[:1], "counts": counts}, C.parse_expert(VNC_EXPERT), False)
                         .detail.split(";")[0], "1/8 items equal")
        # only non-TCP items differ: expert tcp stays identical
        items = [dict(i) for i in ts["items"]]
        items[0]["group"] = "Malformed"
        self.assertEqual(C.compare_expert({"items": items, "counts": counts}, ts, True).status, "identical")
        self.assertEqual(C.compare_expert({"items": items, "counts": counts}, ts, False).status, "DIFF")


@unittest.skipUnless(HAVE_CORPUS, "corpus not found")
class EndToEnd(unittest.TestCase):
    def test_hand_written_reports_are_identical(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_fixtures(Path(tmp))
            rc, out, err = run_main(["--json-dir", tmp, "--corpus", str(CORPUS),
                                     "--only", "chris__tcp_handshake", "--only", "chris__http_ip4and6"])
        self.assertEqual(rc, 0, err)
        rows = [l for l in out.splitlines() if l.startswith("chris__")]
        self.assertEqual(len(rows), 2 * len(C.TABLES))
        for l in rows:
            self.assertRegex(l, r"^\S+  .+?  identical(  \d+/\d+ nodes)?$")
        for t in C.TABLES:
            self.assertIn(f"\n{t}: 2/2 captures identical", out)

    def test_diffs_are_reported(self):
        doc = copy.deepcopy(HANDSHAKE_JSON)
        doc["capture"]["packets"] = 4
        doc["capture"]["timestampPrecision"] = "nanoseconds"
        doc["protocolHierarchy"][2]["frames"] = 2
        tcp = doc["conversations"]["tcp"][0]
        for a, b in (("addressA", "addressB"), ("portA", "portB"), ("framesAtoB", "framesBtoA"), ("bytesAtoB", "bytesBtoA")):
            tcp[a], tcp[b] = tcp[b], tcp[a]
        doc["conversations"]["eth"][0]["duration"] = 0.2
        del doc["conversations"]["udp"]
        doc["expert"]["items"][0]["group"] = "Sequence"
        with tempfile.TemporaryDirectory() as tmp:
            write_fixtures(Path(tmp), {"chris__tcp_handshake.pcapng": doc}, flat=False)
            rc, out, err = run_main(["--json-dir", tmp, "--corpus", str(CORPUS), "--only", "chris__tcp_handshake",
                                     "--min-score", "conversations tcp=50"])
        self.assertEqual(rc, 1)
        lines = {l.split("  ")[1].strip(): l for l in out.splitlines() if l.startswith("chris__")}
        self.assertIn("DIFF  27/29 fields equal; first: timestampPrecision: ours \"nanoseconds\" vs capinfos "
                      "'microseconds (6)'", lines["capture properties"])
        self.assertIn("DIFF  2/3 nodes equal; first: eth/ip/tcp: ours frames:2", lines["protocol hierarchy"])
        self.assertIn("[differs: duration]", lines["conversations eth"])
        self.assertIn("swapped A/B", lines["conversations tcp"])
        self.assertIn("DIFF  our JSON has no conversations.udp array", lines["conversations udp"])
        self.assertIn("identical", lines["conversations ipv4"])
        self.assertIn("ours group \"Sequence\" vs tshark group \"sequence\"", lines["expert tcp"])
        self.assertIn("conversations tcp: 0/1 captures identical", out)
        self.assertIn("endpoints ipv4: 1/1 captures identical", out)

    def test_fake_tool_run(self):
        """Run mode: a stand-in tool writes the fixture for the capture it is given."""
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            write_fixtures(tmp / "fixtures")
            tool = tmp / "fake-pcap-report"
            tool.write_text(textwrap.dedent(f"""\
                #!{sys.executable}
                import sys, shutil, pathlib
                args = sys.argv[1:]
                assert args[:2] == ["--format", "json"] and args[2] == "--output-dir", args
                out, cap = pathlib.Path(args[3]), pathlib.Path(args[4])
                src = pathlib.Path({str(tmp / 'fixtures')!r}) / (cap.stem + ".json")
                if not src.exists():
                    sys.exit("no such capture: " + cap.name)
                shutil.copy(src, out / (cap.stem + ".json"))
                """))
            tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
            rc, out, err = run_main(["--tool", str(tool), "--corpus", str(CORPUS), "--out", str(tmp / "out"),
                                     "--only", "chris__tcp_", "--min-score", "expert all=20"])
            self.assertTrue((tmp / "out" / "chris__tcp_handshake.pcapng" / "chris__tcp_handshake.json").is_file())
        self.assertEqual(rc, 1)  # only 1 of the 8 chris__tcp_* captures has a report
        self.assertIn("chris__tcp_handshake.pcapng", out)
        self.assertRegex(out, r"chris__tcp_dupack\.pcapng +capture properties +DIFF  tool wrote no JSON report "
                              r"\(exit 1: no such capture: chris__tcp_dupack.pcapng\)")
        self.assertIn("expert all: 1/8 captures identical", out)

    def test_missing_tool(self):
        rc, out, err = run_main(["--tool", "/nonexistent/pcap-report", "--corpus", str(CORPUS)])
        self.assertEqual(rc, 2)
        self.assertIn("not found", err)

    def test_reference_oracle_whole_corpus(self):
        """A report rebuilt from the references themselves must be identical for every capture
        (checks that parsers and comparisons agree with each other on all 79 folders)."""
        with tempfile.TemporaryDirectory() as tmp:
            for d in sorted((CORPUS / "reference").iterdir()):
                if d.is_dir() and (CORPUS / "real" / d.name).is_file():
                    (Path(tmp) / (Path(d.name).stem + ".json")).write_text(json.dumps(oracle_report(d)))
            rc, out, err = run_main(["--json-dir", tmp, "--corpus", str(CORPUS)])
        bad = [l for l in out.splitlines() if "  DIFF  " in l or "  SKIP  " in l]
        self.assertEqual(bad, [])
        n = len([p for p in (CORPUS / "real").iterdir() if p.is_file()])
        for t in C.TABLES:
            self.assertIn(f"{t}: {n}/{n} captures identical", out)


def _exact_bytes(printed_a, printed_b, printed_total):
    """Exact byte counts consistent with tshark's truncated a, b and total."""
    lo_a, hi_a = C.tshark_bytes_range(printed_a)
    lo_b, hi_b = C.tshark_bytes_range(printed_b)
    lo_t, hi_t = C.tshark_bytes_range(printed_total)
    a = lo_a
    b = min(max(lo_b, lo_t - a), hi_b)
    if a + b < lo_t:
        a = min(hi_a, lo_t - b)
    assert C.tshark_bytes(a) == printed_a and C.tshark_bytes(b) == printed_b and C.tshark_bytes(a + b) == printed_total
    return a, b


def oracle_report(refdir: Path) -> dict:
    cap = C.parse_capinfos((refdir / "capinfos.txt").read_text())
    f = cap["fields"]

    def num(key, unit=""):
        v = f.get(key, ["n/a"])[0]
        return None if v == "n/a" else float(v.replace(unit, "").strip())

    def iso(key):
        v = f.get(key, ["n/a"])[0]
        return None if v == "n/a" else v.replace(" ", "T") + "Z"

    s0 = cap["sections"][0]
    snap = [x for x in f["Packet size limit"] if x.startswith("file hdr")][0].split(":", 1)[1].strip()
    capture = {
        "fileName": refdir.name, "format": "pcapng" if f["File type"][0] == "pcapng" else "pcap",
        "encapsulation": f["File encapsulation"][0],
        "timestampPrecision": f["File timestamp precision"][0].split(" (")[0],
        "snaplen": None if snap == "(not set)" else int(snap.split()[0]),
        "packets": int(f["Number of packets"][0]), "fileBytes": int(f["File size"][0].split()[0]),
        "dataBytes": int(f["Data size"][0].split()[0]),
        "firstPacketTime": iso("First packet time"), "lastPacketTime": iso("Last packet time"),
        "durationSeconds": num("Capture duration", "seconds"), "dataByteRate": num("Data byte rate", "bytes/sec"),
        "averagePacketSize": num("Average packet size", "bytes"),
        "averagePacketRate": num("Average packet rate", "packets/sec"),
        "sha256": f["SHA256"][0], "sha1": f["SHA1"][0], "strictTimeOrder": f["Strict time order"][0] == "True",
        "hardware": s0["fields"].get("Capture hardware", [None])[0],
        "os": s0["fields"].get("Capture oper-sys", [None])[0],
        "application": s0["fields"].get("Capture application", [None])[0],
        "comments": s0["fields"].get("Capture comment", []),
        "interfaces": [{"name": i.get("Name"), "description": i.get("Description"),
                        "linkType": i["Encapsulation"].rsplit(" - ", 1)[1].rstrip(")"),
                        "snaplen": int(i["Capture length"]) or None, "captureFilter": i.get("Filter string"),
                        "os": i.get("Operating system"), "packets": int(i["Number of packets"]), "droppedPackets": None}
                       for i in s0["interfaces"]],
    }
    convs = {}
    for key, fname, ports in C.CONV_TABLES.values():
        rows = []
        for r in C.parse_conv((refdir / fname).read_text(), ports):
            ab, ba = _exact_bytes(r["bytesAtoB"], r["bytesBtoA"], r["bytesTotal"])
            row = {"addressA": r["addressA"], "addressB": r["addressB"], "framesAtoB": r["framesAtoB"],
                   "bytesAtoB": ab, "framesBtoA": r["framesBtoA"], "bytesBtoA": ba,
                   "relStart": float(r["relStart"]), "duration": float(r["duration"])}
            if ports:
                row.update(portA=r["portA"], portB=r["portB"])
            rows.append(row)
        convs[key] = rows[::-1]  # order must not matter
    eps = [{k: v for k, v in r.items() if k != "order"} for r in C.parse_endpoints((refdir / "endpoints_ip.txt").read_text())]
    ex = C.parse_expert((refdir / "expert.txt").read_text())
    items = [{k: v for k, v in i.items() if k != "order"} for i in ex["items"]]
    # expert.perPacket (--expert-detail) rebuilt from the per-packet reference, pointing at the TCP items.
    per_packet = []
    index = {(i["protocol"], i["summary"]): n for n, i in enumerate(items)}
    tsv = refdir / "expert_per_packet.tsv"
    for line in (tsv.read_text().splitlines()[1:] if tsv.is_file() else []):
        cols = line.split("\t")
        if C.tcp_flag_of(cols[1]) and ("TCP", cols[1]) in index:
            per_packet.append({"frame": int(cols[0]), "item": index[("TCP", cols[1])]})
    return {
        "schemaVersion": 1, "capture": capture,
        "protocolHierarchy": [{"path": list(n["path"]), "frames": n["frames"], "bytes": n["bytes"]}
                              for n in C.parse_phs((refdir / "phs.txt").read_text())],
        "conversations": convs, "endpoints": {"ipv4": eps},
        "expert": {"counts": {s: ex["counts"].get(s, 0) for s in ("error", "warning", "note", "chat", "comment")},
                   "items": items, "perPacket": per_packet},
    }


class TCPFlags(unittest.TestCase):
    TSV = ("frame\tmessage\tseverity\tgroup\tseverity_raw\tgroup_raw\n"
           "3\tDuplicate ACK (#1)\tNote\tSequence\t4194304\t33554432\n"
           "8\tThis frame is a (suspected) fast retransmission\tNote\tSequence\t4194304\t33554432\n"
           "8\tThis frame is a (suspected) retransmission\tNote\tSequence\t4194304\t33554432\n"
           "9\tConnection finish (FIN)\tChat\tSequence\t2097152\t33554432\n")
    ITEMS = [{"protocol": "TCP", "summary": "Duplicate ACK (#1)"},
             {"protocol": "TCP", "summary": "This frame is a (suspected) fast retransmission"},
             {"protocol": "TCP", "summary": "This frame is a (suspected) retransmission"}]

    def test_parse_keeps_only_analysis_flags(self):
        self.assertEqual(C.parse_tcp_flags(self.TSV),
                         {3: frozenset({"duplicate_ack"}), 8: frozenset({"fast_retransmission", "retransmission"})})

    def test_same_flags_are_identical_and_a_missing_one_is_a_diff(self):
        want = C.parse_tcp_flags(self.TSV)
        per = [{"frame": 3, "item": 0}, {"frame": 8, "item": 1}, {"frame": 8, "item": 2}]
        self.assertEqual(C.compare_tcp_flags({"items": self.ITEMS, "perPacket": per}, want).status, "identical")
        r = C.compare_tcp_flags({"items": self.ITEMS, "perPacket": per[:2]}, want)
        self.assertEqual(r.status, "DIFF")
        self.assertIn("frame 8: ours ['fast_retransmission'] vs tshark ['fast_retransmission', 'retransmission']", r.detail)

    def test_without_detail_only_flag_free_captures_pass(self):
        self.assertEqual(C.compare_tcp_flags({"items": []}, {}).status, "identical")
        self.assertEqual(C.compare_tcp_flags({"items": []}, C.parse_tcp_flags(self.TSV)).status, "DIFF")


if __name__ == "__main__":
    unittest.main()
