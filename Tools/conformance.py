#!/usr/bin/env python3
"""Conformance checker: pcap-report JSON reports vs tshark 4.0 / capinfos references.

For every capture in <corpus>/real/ it runs (or reads the existing output of)

    pcap-report --format json --output-dir OUT/<capture file name> <capture>

and compares the JSON report (contract: ../shared/spec/report-json.md) with the
reference outputs in <corpus>/reference/<capture file name>/ (documented in
<corpus>/README.md).  One line per capture and table on stdout:

    <capture>  <table>  identical[  <detail>]
    <capture>  <table>  DIFF  <what differs: first differing row, ours vs tshark>
    <capture>  <table>  SKIP  <why: reference file missing>

and at the end one score line per table, e.g.

    conversations tcp: 57/60 captures identical

Progress, tool failures and paths go to stderr, so stdout stays machine-readable.
Standard library only (Python 3.11).  See docs/conformance.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Order of the rows printed per capture and of the closing score lines.
TABLES = [
    "capture properties",
    "protocol hierarchy",
    "conversations eth",
    "conversations ipv4",
    "conversations ipv6",
    "conversations tcp",
    "conversations udp",
    "endpoints ipv4",
    "expert tcp",
    "expert all",
    "expert tcp flags",
]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import conformance_app  # noqa: E402  (HTTP, DNS, TLS tables vs live tshark; its own module)
APP_TABLES = os.environ.get("CONFORMANCE_APP", "1") != "0"  # CONFORMANCE_APP=0: reference tables only
TABLES += conformance_app.TABLES if APP_TABLES else []

# conversation table -> (JSON key under "conversations", reference file, has ports)
CONV_TABLES = {
    "conversations eth": ("eth", "conv_eth.txt", False),
    "conversations ipv4": ("ipv4", "conv_ip.txt", False),
    "conversations ipv6": ("ipv6", "conv_ipv6.txt", False),
    "conversations tcp": ("tcp", "conv_tcp.txt", True),
    "conversations udp": ("udp", "conv_udp.txt", True),
}

MISSING = object()  # a key absent from our JSON (distinct from JSON null)


class ParseError(ValueError):
    """A reference file does not look like what tshark/capinfos 4.0 prints."""


# --------------------------------------------------------------------------
# tshark number formatting
# --------------------------------------------------------------------------

def tshark_bytes(n: int) -> str:
    """Byte count as tshark 4.0 prints it in -z conv,* (wsutil format_size, SI, C locale).

    Below 10,000: "<n> bytes".  Otherwise the largest SI prefix p (k, M, G, T) with
    n // p >= 10, integer division (truncation, never rounding): 9999 -> "9999 bytes",
    10000 -> "10 kB", 137595 -> "137 kB", 9999999 -> "9999 kB", 10000000 -> "10 MB".
    """
    n = int(n)
    for power, unit in ((1000 ** 4, "TB"), (1000 ** 3, "GB"), (1000 ** 2, "MB"), (1000, "kB")):
        if n // power >= 10:
            return f"{n // power} {unit}"
    return f"{n} bytes"


def tshark_bytes_range(text: str) -> tuple[int, int]:
    """Inverse of tshark_bytes: the inclusive range of exact byte counts a printed value covers."""
    m = re.fullmatch(r"(\d+) (bytes|kB|MB|GB|TB)", text.strip())
    if not m:
        raise ParseError(f"not a tshark byte value: {text!r}")
    n, unit = int(m.group(1)), m.group(2)
    if unit == "bytes":
        return n, n
    power = {"kB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3, "TB": 1000 ** 4}[unit]
    return n * power, n * power + power - 1


def decimals_of(printed: str) -> int:
    return len(printed.split(".", 1)[1]) if "." in printed else 0


def close_to_printed(value, printed: str) -> bool:
    """True if `value` (our number) prints as `printed` at the precision tshark/capinfos used.

    Accepted: |value - printed| <= half a unit of the last printed digit (plus a few
    double-precision ulps).  So exact ties are accepted whichever way they were rounded:
    tshark computes durations by subtracting doubles, so for a true value of 21.09125 it
    may print 21.0912 or 21.0913 depending on binary noise.
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    p = float(printed)
    slack = 0.5 * 10.0 ** -decimals_of(printed) + 4 * math.ulp(max(abs(float(value)), abs(p), 1.0))
    return abs(float(value) - p) <= slack


def fmt_num(value, decimals: int) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{float(value):.{decimals}f}"
    return show(value)


def show(value) -> str:
    if value is MISSING:
        return "<missing>"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


# --------------------------------------------------------------------------
# reference parsers
# --------------------------------------------------------------------------

def parse_conv(text: str, with_ports: bool) -> list[dict]:
    """Rows of `tshark -q -z conv,<type>` (4.0).

    Each data row is `A <-> B  <-frames <-bytes  ->frames ->bytes  total-frames total-bytes
    rel-start duration`, bytes being "<n> bytes" or "<n> kB" (two tokens).  "<-" is B->A
    and "->" is A->B.  For tcp/udp the address and port are joined by ":" (IPv6 too, without
    brackets: "2001:db8::1:80"), so the port is after the last colon.
    """
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if " <-> " not in line:
            continue
        tok = line.split()
        if len(tok) != 14 or tok[1] != "<->":
            raise ParseError(f"line {lineno}: unexpected conversation row: {line.strip()!r}")
        a, b = tok[0], tok[2]
        pa = pb = None
        if with_ports:
            a, pa = a.rsplit(":", 1)
            b, pb = b.rsplit(":", 1)
            pa, pb = int(pa), int(pb)
        try:
            row = {
                "addressA": a, "portA": pa, "addressB": b, "portB": pb,
                "framesBtoA": int(tok[3]), "bytesBtoA": f"{tok[4]} {tok[5]}",
                "framesAtoB": int(tok[6]), "bytesAtoB": f"{tok[7]} {tok[8]}",
                "framesTotal": int(tok[9]), "bytesTotal": f"{tok[10]} {tok[11]}",
                "relStart": tok[12], "duration": tok[13],
                "order": len(rows),
            }
            for k in ("bytesBtoA", "bytesAtoB", "bytesTotal"):
                tshark_bytes_range(row[k])
            float(row["relStart"]), float(row["duration"])
        except ValueError as e:
            raise ParseError(f"line {lineno}: {e}: {line.strip()!r}") from None
        rows.append(row)
    return rows


def parse_phs(text: str) -> list[dict]:
    """Nodes of `tshark -q -z io,phs`: [{path: (names...), frames, bytes}] in printed order.

    The tree is given by indentation, two spaces per level."""
    nodes, stack = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^( *)(\S+)\s+frames:(\d+) bytes:(\d+)\s*$", line)
        if not m:
            continue
        indent = len(m.group(1))
        if indent % 2:
            raise ParseError(f"line {lineno}: odd indentation: {line!r}")
        depth = indent // 2
        if depth > len(stack):
            raise ParseError(f"line {lineno}: indentation jumps a level: {line!r}")
        stack[depth:] = [m.group(2)]
        nodes.append({"path": tuple(stack), "frames": int(m.group(3)), "bytes": int(m.group(4))})
    return nodes


SEVERITY_HEADINGS = {"Errors": "error", "Warns": "warning", "Notes": "note",
                     "Chats": "chat", "Comments": "comment"}
KNOWN_GROUPS = ["Request Code", "Reassemble", "Decryption", "Assumption", "Deprecated",
                "Undecoded", "Malformed", "Checksum", "Sequence", "Response", "Protocol",
                "Security", "Comment", "Request", "Receive", "Interface", "Debug"]


def norm_group(group: str) -> str:
    """tshark's group name -> the JSON form: lower-case, spaces/underscores as '-'."""
    return re.sub(r"[\s_]+", "-", group.strip().lower())


def parse_expert(text: str) -> dict:
    """`tshark -q -z expert` (4.0): {"items": [...], "counts": {severity: n}}.

    Sections "Errors (n)" / "Warns (n)" / "Notes (n)" / "Chats (n)" / "Comments (n)",
    rows printed as "%12u  %10s  %18s  %s" (frequency, group, protocol, summary).
    An empty file means no expert items."""
    items, counts = [], {}
    severity = None
    for lineno, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^(Errors|Warns|Notes|Chats|Comments) \((\d+)\)\s*$", line)
        if m:
            severity = SEVERITY_HEADINGS[m.group(1)]
            counts[severity] = counts.get(severity, 0) + int(m.group(2))
            continue
        if not re.match(r"^ *\d+  ", line):
            continue  # blank lines, "=====", column header
        if severity is None:
            raise ParseError(f"line {lineno}: expert row before any severity heading")
        # fixed columns when nothing overflows: count [0:12], group [14:24], protocol [26:44],
        # summary from 46 (tshark: "%12u  %10s  %18s  %s").
        if (len(line) >= 46 and line[12:14] == "  " and line[24:26] == "  " and line[44:46] == "  "
                and line[14:24].strip() and line[26:44].strip()):
            count, group, proto, summary = line[:12], line[14:24].strip(), line[26:44].strip(), line[46:]
        else:
            # a column overflowed its width: known group names, then a space-free protocol
            m = re.match(r"^ *(\d+)  +(" + "|".join(map(re.escape, KNOWN_GROUPS)) + r"|\S+)  +(\S+)  (.*)$", line)
            if not m:
                raise ParseError(f"line {lineno}: unexpected expert row: {line!r}")
            count, group, proto, summary = m.groups()
        items.append({"severity": severity, "group": norm_group(group), "protocol": proto,
                      "summary": summary, "count": int(count), "order": len(items)})
    return {"items": items, "counts": counts}


def parse_endpoints(text: str) -> list[dict]:
    """Rows of `tshark -q -z endpoints,ip`: address, packets, bytes, tx packets, tx bytes,
    rx packets, rx bytes - all exact integers."""
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        tok = line.split()
        if len(tok) == 7 and all(t.isdigit() for t in tok[1:]) and not line.startswith(" "):
            keys = ["packets", "bytes", "txPackets", "txBytes", "rxPackets", "rxBytes"]
            row = {"address": tok[0], "order": len(rows)}
            row.update({k: int(v) for k, v in zip(keys, tok[1:])})
            rows.append(row)
        elif tok and re.match(r"^[0-9a-fA-F.:]+$", tok[0]) and not line.startswith(" ") and "=" not in line:
            raise ParseError(f"line {lineno}: unexpected endpoint row: {line!r}")
    return rows


SECTION_KEYS = {"Capture hardware", "Capture oper-sys", "Capture application", "Capture comment",
                "Number of interfaces in file", "Number of resolved IPv4 addresses in file",
                "Number of resolved IPv6 addresses in file"}


def parse_capinfos(text: str) -> dict:
    """`capinfos -M` (4.0) -> {"fields": {key: [values]}, "sections": [...]}.

    Top-level "Key: value" lines go to "fields" (a key may repeat, e.g. "Packet size limit").
    Per-section data ("Capture hardware/oper-sys/application/comment", interfaces) go to
    "sections"; a single-section file has one section holding what is printed at top level.
    Interfaces are dicts of their "Name = value" attributes, in order."""
    fields: dict[str, list[str]] = collections.defaultdict(list)
    sections: list[dict] = []
    current = {"fields": collections.defaultdict(list), "interfaces": []}
    explicit_sections = False
    iface = None
    last_key = None
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^Section (\d+):\s*$", line)
        if m:
            if explicit_sections or current["interfaces"] or current["fields"]:
                sections.append(current)
            current = {"fields": collections.defaultdict(list), "interfaces": []}
            explicit_sections, iface, last_key = True, None, None
            continue
        m = re.match(r"^Interface #(\d+) info:\s*$", line)
        if m:
            iface = {}
            current["interfaces"].append(iface)
            continue
        if line[0].isspace():
            stripped = line.strip()
            if iface is not None and " = " in stripped:
                k, v = stripped.split(" = ", 1)
                iface[k.strip()] = v.strip()
            elif last_key is not None:
                fields[last_key + " (list)"].append(stripped)
            continue
        if ":" not in line:
            continue
        key, value = line.split(":", 1)
        key, value = key.strip(), value.strip()
        iface, last_key = None, key
        if key in SECTION_KEYS:
            current["fields"][key].append(value)
        else:
            fields[key].append(value)
    sections.append(current)
    for s in sections:
        s["fields"] = dict(s["fields"])
    return {"fields": dict(fields), "sections": sections}


# --------------------------------------------------------------------------
# comparison helpers
# --------------------------------------------------------------------------

class Result:
    def __init__(self, status: str, detail: str = "", more: list[str] | None = None):
        self.status, self.detail, self.more = status, detail, more or []

    @classmethod
    def ok(cls, detail=""):
        return cls("identical", detail)

    @classmethod
    def diff(cls, detail, more=None):
        return cls("DIFF", detail, more)

    @classmethod
    def skip(cls, detail):
        return cls("SKIP", detail)


def dig(obj, *keys):
    for k in keys:
        if isinstance(obj, dict) and k in obj:
            obj = obj[k]
        else:
            return MISSING
    return obj


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def eq_int(ours, exp) -> bool:
    return is_int(ours) and ours == exp


# capinfos short encapsulation name -> LINKTYPE_ number (accepted as an interface linkType)
LINKTYPE_BY_SHORT = {
    "null": 0, "ether": 1, "rawip": 101, "ieee-802-11": 105, "ieee-802-11-radiotap": 127,
    "linux-sll": 113, "linux-sll2": 276, "rawip4": 228, "rawip6": 229, "ether-mpacket": 274,
    "ppp": 9, "loop": 108, "ieee-802-11-prism": 119, "ieee-802-11-avs": 163,
}


def time_matches(ours, printed: str) -> bool:
    """Our ISO-8601 UTC time vs capinfos' "YYYY-MM-DD HH:MM:SS.fff" (TZ=UTC), at capinfos' digits."""
    if not isinstance(ours, str):
        return False
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|\+00:00|\+0000)?", ours.strip())
    p = re.fullmatch(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?", printed.strip())
    if not m or not p:
        return False
    if (m.group(1), m.group(2)) != (p.group(1), p.group(2)):
        return False
    want = p.group(3) or ""
    have = (m.group(3) or "").ljust(len(want), "0")[:len(want)]
    return have == want


def first_value(fields: dict, key: str):
    vals = fields.get(key)
    return vals[0] if vals else None


def compare_capture(ours: dict, cap: dict) -> Result:
    """JSON `capture` vs capinfos.txt."""
    c = dig(ours, "capture")
    if not isinstance(c, dict):
        return Result.diff("our JSON has no `capture` object")
    f = cap["fields"]
    checks: list[tuple[str, object, str, bool]] = []  # (field, ours, expected text, ok)

    def add(name, ok, expected_text):
        checks.append((name, dig(c, name), expected_text, ok))

    def add_int(name, key, suffix=" bytes"):
        text = first_value(f, key)
        if text is None:
            return
        m = re.fullmatch(r"(\d+)(?: bytes)?", text)
        exp = int(m.group(1)) if m else None
        add(name, eq_int(dig(c, name), exp), text)

    def add_printed(name, key, unit):
        text = first_value(f, key)
        ours_v = dig(c, name)
        if text is None or text == "n/a":
            add(name, ours_v is None, "n/a" if text else "(not printed)")
            return
        num = text[: -len(unit)].strip() if text.endswith(unit) else text
        add(name, close_to_printed(ours_v, num), text)

    name = first_value(f, "File name")
    if name is not None:
        add("fileName", isinstance(dig(c, "fileName"), str) and os.path.basename(dig(c, "fileName")) ==
            os.path.basename(name), name)
    ftype = first_value(f, "File type")
    if ftype is not None:
        exp = "pcapng" if "pcapng" in ftype.lower() else ("pcap" if "pcap" in ftype.lower() else ftype)
        add("format", dig(c, "format") == exp, f"{ftype} -> {exp}")
    enc = first_value(f, "File encapsulation")
    if enc is not None:
        add("encapsulation", dig(c, "encapsulation") == enc, enc)
    prec = first_value(f, "File timestamp precision")
    if prec is not None:
        exp = prec.split("(")[0].strip()  # "microseconds (6)" -> microseconds; "per-packet (-1)"
        add("timestampPrecision", dig(c, "timestampPrecision") == exp, prec)
    for text in f.get("Packet size limit", []):
        if text.startswith("file hdr:"):
            v = text.split(":", 1)[1].strip()
            if v == "(not set)":
                add("snaplen", dig(c, "snaplen") is None, text)
            else:
                add("snaplen", eq_int(dig(c, "snaplen"), int(v.split()[0])), text)
    add_int("packets", "Number of packets")
    add_int("fileBytes", "File size")
    add_int("dataBytes", "Data size")
    for jkey, ckey in (("firstPacketTime", "First packet time"), ("lastPacketTime", "Last packet time")):
        text = first_value(f, ckey)
        if text is None or text == "n/a":
            add(jkey, dig(c, jkey) is None, "n/a" if text else "(not printed)")
        else:
            add(jkey, time_matches(dig(c, jkey), text), text)
    add_printed("durationSeconds", "Capture duration", "seconds")
    add_printed("dataByteRate", "Data byte rate", "bytes/sec")
    add_printed("averagePacketSize", "Average packet size", "bytes")
    add_printed("averagePacketRate", "Average packet rate", "packets/sec")
    for jkey, ckey in (("sha256", "SHA256"), ("sha1", "SHA1")):
        text = first_value(f, ckey)
        if text is not None:
            v = dig(c, jkey)
            add(jkey, isinstance(v, str) and v.lower() == text.lower(), text)
    sto = first_value(f, "Strict time order")
    if sto is not None:
        add("strictTimeOrder", dig(c, "strictTimeOrder") is (sto == "True"), sto)

    sections = cap["sections"]
    s0 = sections[0]["fields"] if sections else {}
    for jkey, ckey in (("hardware", "Capture hardware"), ("os", "Capture oper-sys"),
                       ("application", "Capture application")):
        text = first_value(s0, ckey)
        v = dig(c, jkey)
        if text is None:
            add(jkey, v is None or v == "", "(not printed)")
        else:
            add(jkey, isinstance(v, str) and v.replace("\n", " ").strip() == text, text)
    # capinfos prints each comment on one line with every "\n" replaced by a space
    comments_s0 = s0.get("Capture comment", [])
    comments_all = [x for s in sections for x in s["fields"].get("Capture comment", [])]
    v = dig(c, "comments")
    if v is None:
        v_norm = []
    elif isinstance(v, list) and all(isinstance(x, str) for x in v):
        v_norm = [x.replace("\n", " ").strip() for x in v]
    else:
        v_norm = MISSING
    add("comments", v_norm in (comments_s0, comments_all),
        json.dumps(comments_all if len(sections) > 1 else comments_s0))

    # interfaces: only for single-section files; capinfos 4.0 repeats the same list for every
    # section of a multi-section pcapng (pcapngtest-le__test202.pcapng), so it is not usable there.
    if len(sections) == 1:
        ifaces = sections[0]["interfaces"]
        ours_if = dig(c, "interfaces")
        if not isinstance(ours_if, list):
            checks.append(("interfaces", ours_if, f"{len(ifaces)} interfaces", False))
        else:
            checks.append(("interfaces", f"{len(ours_if)} interfaces", f"{len(ifaces)} interfaces",
                           len(ours_if) == len(ifaces)))
            for i, (ri, oi) in enumerate(zip(ifaces, ours_if)):
                checks.extend(compare_interface(i, oi if isinstance(oi, dict) else {}, ri))

    bad = [(n, o, e) for n, o, e, ok in checks if not ok]
    if not bad:
        return Result.ok()
    msgs = [f"{n}: ours {show(o)} vs capinfos {e!r}" for n, o, e in bad]
    return Result.diff(f"{len(checks) - len(bad)}/{len(checks)} fields equal; first: {msgs[0]}", msgs)


def compare_interface(i: int, oi: dict, ri: dict) -> list[tuple]:
    out = []

    def chk(key, ok, exp):
        out.append((f"interfaces[{i}].{key}", dig(oi, key), exp, ok))

    for key, rkey in (("name", "Name"), ("description", "Description"),
                      ("captureFilter", "Filter string"), ("os", "Operating system")):
        exp = ri.get(rkey)
        v = dig(oi, key)
        # capinfos prints a value holding a newline over several lines; its first line is what the
        # reference parser keeps, so compare ours up to its first newline too.
        if isinstance(v, str) and "\n" in v and exp is not None:
            v = v.split("\n", 1)[0].rstrip()
        chk(key, (v is None or v == "") if exp is None else v == exp, exp if exp is not None else "(not printed)")
    enc = ri.get("Encapsulation")
    if enc is not None:
        m = re.fullmatch(r"(.*) \((\d+) - (\S+)\)", enc)
        accepted = {enc}
        if m:
            accepted |= {m.group(1), m.group(3)}
            if m.group(3) in LINKTYPE_BY_SHORT:
                accepted.add(LINKTYPE_BY_SHORT[m.group(3)])
        v = dig(oi, "linkType")
        chk("linkType", not isinstance(v, bool) and v in accepted, enc)
    snap = ri.get("Capture length")
    if snap is not None:
        v = dig(oi, "snaplen")
        n = int(snap)
        chk("snaplen", (v is None or v == 0) if n == 0 else eq_int(v, n), snap)
    pk = ri.get("Number of packets")
    if pk is not None:
        chk("packets", eq_int(dig(oi, "packets"), int(pk)), pk)
    return out


def conv_key(r):
    return (r.get("addressA"), r.get("portA"), r.get("addressB"), r.get("portB"))


def conv_endpoint(addr, port, with_ports):
    if not with_ports:
        return f"{addr}"
    return f"{addr}:{port}"


def render_ts_conv(r, with_ports):
    return (f"{conv_endpoint(r['addressA'], r['portA'], with_ports)} <-> "
            f"{conv_endpoint(r['addressB'], r['portB'], with_ports)}  "
            f"<- {r['framesBtoA']} {r['bytesBtoA']}  -> {r['framesAtoB']} {r['bytesAtoB']}  "
            f"total {r['framesTotal']} {r['bytesTotal']}  rel {r['relStart']}  dur {r['duration']}")


def _b(v):
    if is_int(v):
        s = tshark_bytes(v)
        return s if s.endswith(" bytes") else f"{s} ({v})"
    return show(v)


def render_our_conv(r, with_ports):
    def total(a, b):
        return a + b if is_int(a) and is_int(b) else MISSING
    fb, fa = r.get("framesBtoA", MISSING), r.get("framesAtoB", MISSING)
    bb, ba = r.get("bytesBtoA", MISSING), r.get("bytesAtoB", MISSING)
    return (f"{conv_endpoint(show_plain(r.get('addressA', MISSING)), show_plain(r.get('portA', MISSING)), with_ports)} <-> "
            f"{conv_endpoint(show_plain(r.get('addressB', MISSING)), show_plain(r.get('portB', MISSING)), with_ports)}  "
            f"<- {show(fb)} {_b(bb)}  -> {show(fa)} {_b(ba)}  "
            f"total {show(total(fa, fb))} {_b(total(ba, bb))}  "
            f"rel {fmt_num(r.get('relStart', MISSING), 9)}  dur {fmt_num(r.get('duration', MISSING), 4)}")


def show_plain(v):
    return v if isinstance(v, str) else show(v)


def conv_field_diffs(o: dict, t: dict) -> list[str]:
    """Names of the columns where our row `o` does not print as tshark's row `t`."""
    bad = []

    def bytes_ok(v, printed):
        return is_int(v) and tshark_bytes(v) == printed

    fb, fa = o.get("framesBtoA"), o.get("framesAtoB")
    bb, ba = o.get("bytesBtoA"), o.get("bytesAtoB")
    if not eq_int(fb, t["framesBtoA"]):
        bad.append("<- frames")
    if not bytes_ok(bb, t["bytesBtoA"]):
        bad.append("<- bytes")
    if not eq_int(fa, t["framesAtoB"]):
        bad.append("-> frames")
    if not bytes_ok(ba, t["bytesAtoB"]):
        bad.append("-> bytes")
    if not (is_int(fa) and is_int(fb) and fa + fb == t["framesTotal"]):
        bad.append("total frames")
    if not (is_int(ba) and is_int(bb) and tshark_bytes(ba + bb) == t["bytesTotal"]):
        bad.append("total bytes")
    if not close_to_printed(o.get("relStart"), t["relStart"]):
        bad.append("rel start")
    if not close_to_printed(o.get("duration"), t["duration"]):
        bad.append("duration")
    return bad


def swapped_view(o: dict) -> dict:
    return {"addressA": o.get("addressB"), "portA": o.get("portB"), "addressB": o.get("addressA"),
            "portB": o.get("portA"), "framesAtoB": o.get("framesBtoA"), "bytesAtoB": o.get("bytesBtoA"),
            "framesBtoA": o.get("framesAtoB"), "bytesBtoA": o.get("bytesAtoB"),
            "relStart": o.get("relStart"), "duration": o.get("duration")}


def compare_conversations(ours_rows, ts_rows: list[dict], with_ports: bool, json_key: str) -> Result:
    """Rows as a multiset keyed by (addressA, portA, addressB, portB); A/B orientation matters."""
    if ours_rows is MISSING or not isinstance(ours_rows, list):
        return Result.diff(f"our JSON has no conversations.{json_key} array")
    ours = [r if isinstance(r, dict) else {} for r in ours_rows]
    by_key = collections.defaultdict(list)
    for idx, o in enumerate(ours):
        by_key[conv_key(o)].append(idx)
    used: set[int] = set()
    unmatched_ts = []
    # pass 1: exact matches (same key, every column prints the same)
    for t in ts_rows:
        hit = next((i for i in by_key.get(conv_key(t), []) if i not in used and not conv_field_diffs(ours[i], t)), None)
        if hit is None:
            unmatched_ts.append(t)
        else:
            used.add(hit)
    problems = []  # (tshark order, message)
    # pass 2: same key but different numbers (pair rows of one key by relStart)
    still = []
    for t in unmatched_ts:
        cands = [i for i in by_key.get(conv_key(t), []) if i not in used]
        if cands:
            i = min(cands, key=lambda i: abs(_f(ours[i].get("relStart")) - float(t["relStart"])))
            used.add(i)
            problems.append((t["order"], f"ours: {render_our_conv(ours[i], with_ports)} | tshark: "
                             f"{render_ts_conv(t, with_ports)}  [differs: {', '.join(conv_field_diffs(ours[i], t))}]"))
        else:
            still.append(t)
    # pass 3: our row has A and B swapped
    for t in still:
        swapped_key = (t["addressB"], t["portB"], t["addressA"], t["portA"])
        cands = [i for i in by_key.get(swapped_key, []) if i not in used]
        if cands:
            i = min(cands, key=lambda i: len(conv_field_diffs(swapped_view(ours[i]), t)))
            used.add(i)
            d = conv_field_diffs(swapped_view(ours[i]), t)
            tail = "otherwise equal" if not d else f"and after un-swapping differs: {', '.join(d)}"
            problems.append((t["order"], f"swapped A/B: ours: {render_our_conv(ours[i], with_ports)} | tshark: "
                             f"{render_ts_conv(t, with_ports)}  [{tail}]"))
        else:
            problems.append((t["order"], f"missing in ours: tshark: {render_ts_conv(t, with_ports)}"))
    extra = [i for i in range(len(ours)) if i not in used]
    matched = len(ts_rows) - len(unmatched_ts)
    summary = f"{matched}/{len(ts_rows)} rows equal" + (f", {len(extra)} extra in ours" if extra else "")
    if not problems and not extra:
        return Result.ok()
    msgs = [m for _, m in sorted(problems, key=lambda p: p[0])]
    msgs += [f"only in ours: {render_our_conv(ours[i], with_ports)}" for i in extra]
    return Result.diff(f"{summary}; first: {msgs[0]}", msgs)


def _f(v):
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else float("inf")


def compare_phs(ours_nodes, ts_nodes: list[dict]) -> Result:
    if ours_nodes is MISSING or not isinstance(ours_nodes, list):
        return Result.diff("our JSON has no protocolHierarchy array")
    ours = {}
    dup = []
    for n in ours_nodes:
        if not isinstance(n, dict) or not isinstance(n.get("path"), list):
            return Result.diff(f"malformed protocolHierarchy node in ours: {show(n)[:120]}")
        p = tuple(n["path"])
        if p in ours:
            dup.append(p)
        ours[p] = n
    ts = {n["path"]: n for n in ts_nodes}
    paths = list(ts) + [p for p in ours if p not in ts]
    msgs, good = [], 0
    for p in paths:
        t, o = ts.get(p), ours.get(p)
        name = "/".join(p)
        if t and o:
            if eq_int(o.get("frames"), t["frames"]) and eq_int(o.get("bytes"), t["bytes"]):
                good += 1
            else:
                msgs.append(f"{name}: ours frames:{show(o.get('frames', MISSING))} bytes:{show(o.get('bytes', MISSING))}"
                            f" vs tshark frames:{t['frames']} bytes:{t['bytes']}")
        elif t:
            msgs.append(f"{name}: missing in ours (tshark frames:{t['frames']} bytes:{t['bytes']})")
        else:
            msgs.append(f"{name}: only in ours (frames:{show(o.get('frames', MISSING))} bytes:{show(o.get('bytes', MISSING))})")
    msgs += [f"{'/'.join(p)}: listed twice in ours" for p in dup]
    frac = f"{good}/{len(paths)} nodes"
    if not msgs:
        return Result.ok(frac)
    return Result.diff(f"{frac} equal; first: {msgs[0]}", msgs)


def compare_endpoints(ours_rows, ts_rows: list[dict]) -> Result:
    if ours_rows is MISSING or not isinstance(ours_rows, list):
        return Result.diff("our JSON has no endpoints.ipv4 array")
    keys = ["packets", "bytes", "txPackets", "txBytes", "rxPackets", "rxBytes"]
    by_addr = collections.defaultdict(list)
    for r in ours_rows:
        if isinstance(r, dict):
            by_addr[r.get("address")].append(r)
    msgs, good = [], 0
    for t in ts_rows:
        cands = by_addr.get(t["address"])
        if not cands:
            msgs.append(f"{t['address']}: missing in ours (tshark " + " ".join(f"{k}={t[k]}" for k in keys) + ")")
            continue
        o = cands.pop(0)
        bad = [k for k in keys if not eq_int(o.get(k), t[k])]
        if bad:
            msgs.append(f"{t['address']}: " + ", ".join(f"{k} ours {show(o.get(k, MISSING))} vs tshark {t[k]}" for k in bad))
        else:
            good += 1
    extra = [r for rs in by_addr.values() for r in rs]
    msgs += [f"{show_plain(r.get('address', MISSING))}: only in ours" for r in extra]
    if not msgs:
        return Result.ok()
    summary = f"{good}/{len(ts_rows)} rows equal" + (f", {len(extra)} extra in ours" if extra else "")
    return Result.diff(f"{summary}; first: {msgs[0]}", msgs)


def expert_tuple(it: dict):
    return (it.get("severity"), it.get("group"), it.get("protocol"), it.get("summary"), it.get("count"))


def render_expert(t) -> str:
    sev, grp, proto, summ, cnt = t
    return f"{show_plain(sev)}/{show_plain(grp)} {show_plain(proto)} {json.dumps(summ) if isinstance(summ, str) else show(summ)} x{show(cnt)}"


def compare_expert(ours_expert, ts: dict, tcp_only: bool) -> Result:
    items = dig(ours_expert, "items")
    if not isinstance(items, list):
        return Result.diff("our JSON has no expert.items array")
    ours = [expert_tuple(i) if isinstance(i, dict) else (None,) * 5 for i in items]
    want = [(i["severity"], i["group"], i["protocol"], i["summary"], i["count"]) for i in ts["items"]]
    if tcp_only:
        ours = [t for t in ours if isinstance(t[2], str) and t[2].upper() == "TCP"]
        want = [t for t in want if t[2].upper() == "TCP"]
    o_c, w_c = collections.Counter(ours), collections.Counter(want)
    missing, extra = w_c - o_c, o_c - w_c
    msgs = []
    extra_left = list(extra.elements())
    for t in want:
        if missing[t] <= 0:
            continue
        missing[t] -= 1
        # same item with another count, or another severity/group?
        near = next((e for e in extra_left if e[2:4] == t[2:4] and e[:2] == t[:2]), None) or \
            next((e for e in extra_left if e[2:4] == t[2:4]), None)
        if near is not None:
            extra_left.remove(near)
            what = [n for n, a, b in zip(("severity", "group", "protocol", "summary", "count"), near, t) if a != b]
            msgs.append(f"{render_expert(t)}: ours " + ", ".join(
                f"{n} {show(a)}" for n, a, b in zip(("severity", "group", "protocol", "summary", "count"), near, t)
                if a != b) + " vs tshark " + ", ".join(f"{n} {show(b)}" for n, a, b in zip(
                    ("severity", "group", "protocol", "summary", "count"), near, t) if a != b))
        else:
            msgs.append(f"missing in ours: {render_expert(t)}")
    msgs += [f"only in ours: {render_expert(e)}" for e in extra_left]
    good = sum((w_c & o_c).values())
    if not tcp_only:
        counts = dig(ours_expert, "counts")
        for sev in ("error", "warning", "note", "chat", "comment"):
            exp = ts["counts"].get(sev, 0)
            got = dig(counts, sev)
            if not eq_int(got, exp):
                msgs.append(f"counts.{sev}: ours {show(got)} vs tshark {exp}")
    if not msgs:
        return Result.ok()
    return Result.diff(f"{good}/{len(want)} items equal; first: {msgs[0]}", msgs)


# TCP analysis texts (Wireshark 4.0) -> tcp.analysis.<flag>; "Duplicate ACK (#n)" is matched by prefix.
TCP_ANALYSIS_TEXTS = {
    "This frame is a (suspected) retransmission": "retransmission",
    "This frame is a (suspected) fast retransmission": "fast_retransmission",
    "This frame is a (suspected) spurious retransmission": "spurious_retransmission",
    "This frame is a (suspected) out-of-order segment": "out_of_order",
    "A new tcp session is started with the same ports as an earlier session in this trace": "reused_ports",
    "Previous segment(s) not captured (common at capture start)": "lost_segment",
    "ACKed segment that wasn't captured (common at capture start)": "ack_lost_segment",
    "TCP window update": "window_update",
    "TCP window specified by the receiver is now completely full": "window_full",
    "TCP keep-alive segment": "keep_alive",
    "ACK to a TCP keep-alive segment": "keep_alive_ack",
    "TCP Zero Window segment": "zero_window",
    "TCP Zero Window Probe": "zero_window_probe",
    "ACK to a TCP Zero Window Probe": "zero_window_probe_ack",
}


def tcp_flag_of(summary) -> str | None:
    if not isinstance(summary, str):
        return None
    if summary.startswith("Duplicate ACK (#"):
        return "duplicate_ack"
    return TCP_ANALYSIS_TEXTS.get(summary)


def parse_tcp_flags(text: str) -> dict:
    """`expert_per_packet.tsv` -> {frame: frozenset of tcp.analysis flags} (frames with none left out)."""
    frames: dict[int, set] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        cols = line.split("\t")
        if lineno == 1 or len(cols) < 2 or not cols[0].isdigit():
            continue
        flag = tcp_flag_of(cols[1])
        if flag:
            frames.setdefault(int(cols[0]), set()).add(flag)
    return {k: frozenset(v) for k, v in frames.items()}


def compare_tcp_flags(ours_expert, want: dict) -> Result:
    """Per-packet TCP analysis flags: our `expert.perPacket` (pcap-report --expert-detail) mapped through
    the items' texts, against tshark's per-packet expert items.  Compared over the frames either side flags."""
    items, per = dig(ours_expert, "items"), dig(ours_expert, "perPacket")
    if not isinstance(per, list) or not isinstance(items, list):
        if not want:
            return Result.ok()
        return Result.diff("our JSON has no expert.perPacket array (run pcap-report with --expert-detail)")
    ours: dict[int, set] = {}
    for occ in per:
        i = occ.get("item") if isinstance(occ, dict) else None
        if not isinstance(i, int) or not 0 <= i < len(items) or not isinstance(items[i], dict):
            continue
        flag = tcp_flag_of(items[i].get("summary"))
        if flag and items[i].get("protocol") == "TCP":
            ours.setdefault(occ.get("frame"), set()).add(flag)
    union = sorted(set(want) | set(ours), key=lambda f: (not isinstance(f, int), f if isinstance(f, int) else 0))
    bad = [f for f in union if frozenset(ours.get(f, ())) != want.get(f, frozenset())]
    if not bad:
        return Result.ok()
    msgs = [f"frame {f}: ours {sorted(ours.get(f, ()))} vs tshark {sorted(want.get(f, ()))}" for f in bad]
    return Result.diff(f"{len(union) - len(bad)}/{len(union)} flagged frames equal; first: {msgs[0]}", msgs)


# --------------------------------------------------------------------------
# finding / producing our JSON
# --------------------------------------------------------------------------

def find_json(directory: Path, capture: str, all_bases: list[str], newer_than: float | None = None) -> Path | None:
    """Our report for `capture` in `directory` (flat) or directory/<capture>/ or directory/<base>/.

    Accepted names start with the capture's base name (file name without its extension);
    <base>.json is preferred, names that belong to a longer base name of another capture are
    ignored.  With `newer_than`, files older than that time (stale) are ignored."""
    base = Path(capture).stem
    longer = [b for b in all_bases if b != base and b.startswith(base)]
    found = []
    for d in (directory / capture, directory / base, directory):
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir()):
            if not (f.is_file() and f.suffix == ".json" and f.name.startswith(base)):
                continue
            if any(f.name.startswith(b) for b in longer):
                continue
            if newer_than is not None and f.stat().st_mtime < newer_than:
                continue
            found.append(f)
        if found:
            break
    if not found:
        return None
    found.sort(key=lambda f: (f.name != base + ".json", f.name != capture + ".json", len(f.name), f.name))
    return found[0]


def run_tool(tool: str, capture_path: Path, outdir: Path, timeout: float) -> tuple[str | None, float]:
    """Run the tool for one capture; returns (problem text or None, start time)."""
    outdir.mkdir(parents=True, exist_ok=True)
    t0 = time.time() - 2  # generous against coarse file-system timestamps
    cmd = [tool, "--format", "json", "--output-dir", str(outdir), str(capture_path), "--expert-detail"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:g}s", t0
    except OSError as e:
        return f"could not run: {e}", t0
    if p.returncode != 0:
        err = (p.stderr.strip().splitlines() or [""])[-1][:200]
        return f"exit {p.returncode}" + (f": {err}" if err else ""), t0
    return None, t0


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def read_ref(refdir: Path, name: str) -> str | None:
    p = refdir / name
    return p.read_text(encoding="utf-8", errors="replace") if p.is_file() else None


def compare_all(ours: dict, refdir: Path) -> dict[str, Result]:
    res: dict[str, Result] = {}

    def guarded(table, fname, fn):
        text = read_ref(refdir, fname)
        if text is None:
            res[table] = Result.skip(f"no reference {fname}")
            return
        try:
            res[table] = fn(text)
        except ParseError as e:
            res[table] = Result.skip(f"cannot parse reference {fname}: {e}")

    guarded("capture properties", "capinfos.txt", lambda t: compare_capture(ours, parse_capinfos(t)))
    guarded("protocol hierarchy", "phs.txt", lambda t: compare_phs(dig(ours, "protocolHierarchy"), parse_phs(t)))
    for table, (key, fname, ports) in CONV_TABLES.items():
        guarded(table, fname, lambda t, key=key, ports=ports: compare_conversations(
            dig(ours, "conversations", key), parse_conv(t, ports), ports, key))
    guarded("endpoints ipv4", "endpoints_ip.txt", lambda t: compare_endpoints(dig(ours, "endpoints", "ipv4"),
                                                                              parse_endpoints(t)))
    guarded("expert tcp", "expert.txt", lambda t: compare_expert(dig(ours, "expert"), parse_expert(t), True))
    guarded("expert all", "expert.txt", lambda t: compare_expert(dig(ours, "expert"), parse_expert(t), False))
    guarded("expert tcp flags", "expert_per_packet.tsv",
            lambda t: compare_tcp_flags(dig(ours, "expert"), parse_tcp_flags(t)))
    return res


def parse_min_score(spec: str) -> tuple[str, float]:
    if "=" not in spec:
        raise argparse.ArgumentTypeError(f"expected TABLE=PERCENT, got {spec!r}")
    table, pct = spec.rsplit("=", 1)
    table = " ".join(table.split())
    if table not in TABLES:
        raise argparse.ArgumentTypeError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    try:
        value = float(pct.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad percentage in {spec!r}") from None
    return table, value


def default_corpus() -> Path:
    here = Path(__file__).resolve().parent
    for cand in (here.parent.parent / "shared" / "corpus", Path.cwd() / ".." / "shared" / "corpus"):
        if (cand / "real").is_dir():
            return cand
    return here.parent.parent / "shared" / "corpus"


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    ap = argparse.ArgumentParser(
        prog="conformance.py",
        description="Compare pcap-report JSON reports with the tshark 4.0 / capinfos references of the corpus.")
    ap.add_argument("--tool", help="path to the pcap-report binary (not needed with --json-dir)")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="corpus folder holding real/ and reference/ (default: ../shared/corpus next to the repo)")
    ap.add_argument("--out", type=Path, default=None,
                    help="where the tool writes its reports, one sub-folder per capture (default: a new temp dir)")
    ap.add_argument("--only", action="append", default=[], metavar="SUBSTRING",
                    help="only captures whose file name contains SUBSTRING (repeatable: any of them)")
    ap.add_argument("--json-dir", type=Path, default=None,
                    help="do not run the tool; read existing JSON reports from this folder")
    ap.add_argument("--min-score", action="append", default=[], type=parse_min_score, metavar="TABLE=PERCENT",
                    help="exit 1 if TABLE's score is below PERCENT (repeatable), e.g. 'conversations tcp=90'")
    ap.add_argument("--max-diffs", type=int, default=1, metavar="N",
                    help="print up to N differences per DIFF row (the first on the row, the rest indented below)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per tool run (default 600)")
    ap.add_argument("--captures", type=Path, default=None,
                    help="folder of captures to check instead of <corpus>/real (e.g. Samples); needs --references")
    ap.add_argument("--references", type=Path, default=None,
                    help="folder of reference outputs (<capture file name>/...) for --captures (e.g. Samples/reference)")
    args = ap.parse_args(argv)

    if args.captures or args.references:
        if not (args.captures and args.references):
            print("conformance.py: --captures and --references go together", file=err)
            return 2
        corpus = args.captures.resolve()
        real, refroot = args.captures.resolve(), args.references.resolve()
    else:
        corpus = (args.corpus or default_corpus()).resolve()
        real, refroot = corpus / "real", corpus / "reference"
    if not real.is_dir() or not refroot.is_dir():
        print(f"conformance.py: no real/ and reference/ under corpus {corpus}", file=err)
        return 2
    if args.json_dir is None:
        if not args.tool:
            print("conformance.py: give --tool PATH (or --json-dir DIR)", file=err)
            return 2
        tool = args.tool
        if os.sep not in tool and not Path(tool).exists():
            import shutil
            tool = shutil.which(tool) or tool
        if not (Path(tool).is_file() and os.access(tool, os.X_OK)):
            print(f"conformance.py: tool binary not found or not executable: {args.tool}", file=err)
            return 2
        tool = str(Path(tool).resolve())
        outroot = args.out or Path(tempfile.mkdtemp(prefix="conformance-"))
        outroot = outroot.resolve()
        print(f"conformance.py: reports go to {outroot}", file=err)

    captures = sorted(p.name for p in real.iterdir()
                      if p.is_file() and p.suffix.lower() in (".pcap", ".pcapng", ".cap", ".dmp", ".gz"))
    all_bases = [Path(c).stem for c in captures]
    if args.only:
        captures = [c for c in captures if any(s in c for s in args.only)]
    if not captures:
        print("conformance.py: no capture selected", file=err)

    width = max([len(c) for c in captures] + [10])
    tw = max(len(t) for t in TABLES)
    scores = {t: [0, 0] for t in TABLES}
    for n, cap in enumerate(captures, 1):
        refdir = refroot / cap
        problem = None
        path = None
        if args.json_dir is not None:
            path = find_json(args.json_dir, cap, all_bases)
            if path is None:
                problem = f"no JSON report for it in {args.json_dir}"
        else:
            print(f"[{n}/{len(captures)}] {cap}", file=err)
            started = time.time()
            trouble, t0 = run_tool(tool, real / cap, outroot / cap, args.timeout)
            if trouble:
                print(f"  tool: {trouble}", file=err)
            path = find_json(outroot / cap, cap, all_bases, newer_than=t0)
            if path is None:
                problem = "tool wrote no JSON report" + (f" ({trouble})" if trouble else "")
            print(f"  {time.time() - started:.1f}s", file=err)
        ours = None
        if path is not None:
            try:
                ours = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(ours, dict):
                    problem, ours = f"{path.name} is not a JSON object", None
            except (OSError, ValueError) as e:
                problem = f"cannot read {path}: {e}"
        if ours is None:
            results = {t: Result.diff(problem) for t in TABLES}
            for t in TABLES:
                if not refdir.is_dir():
                    results[t] = Result.skip(f"no reference folder {refdir}")
        else:
            results = compare_all(ours, refdir)
            results.update(conformance_app.compare(ours, real / cap, Result) if APP_TABLES else {})
        for t in TABLES:
            r = results[t]
            line = f"{cap:<{width}}  {t:<{tw}}  {r.status}"
            if r.detail:
                line += f"  {r.detail}"
            print(line, file=out)
            if r.status == "DIFF" and args.max_diffs > 1:
                for m in r.more[1:args.max_diffs]:
                    print(f"{'':<{width}}  {'':<{tw}}        - {m}", file=out)
            if r.status != "SKIP":
                scores[t][1] += 1
                scores[t][0] += r.status == "identical"
        out.flush()

    print(file=out)
    for t in TABLES:
        good, total = scores[t]
        print(f"{t}: {good}/{total} captures identical", file=out)

    rc = 0
    for table, pct in args.min_score:
        good, total = scores[table]
        if total and 100.0 * good / total < pct:
            print(f"conformance.py: {table} scored {100.0 * good / total:.1f}% < {pct:g}%", file=err)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
