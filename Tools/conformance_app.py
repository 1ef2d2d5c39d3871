#!/usr/bin/env python3
"""Application-layer tables of the conformance checker: pcap-report's JSON `http`, `dns` and `tls`
sections vs tshark run live on the same capture (the corpus references hold no application tables).

Called by conformance.py for every capture (`compare(ours, capture_path, Result)`); each table is
SKIP when tshark is missing or the capture does not carry the protocol, so a score counts only the
captures with it.  Tables (strict: every count and every value must match):

    http counts    requests, responses, per method and per status code vs `tshark -q -z http,tree,tcp`
                   (HTTP over TCP, as docs/report-json.md defines `requests`/`responses`)
    dns names      distinct (name, type) pairs, and per shown row its query and response counts, vs
                   `tshark -T fields -e dns.qry.name -e dns.qry.type` on standard DNS on port 53
    tls ja3        JA3 of the ClientHello of every shown handshake row vs `-e tls.handshake.ja3`
    tls ja3s       JA3S of its ServerHello vs `-e tls.handshake.ja3s`
    tls sni        its server name vs `-e tls.handshake.extensions_server_name`
    http objects   the SHA-256 of every object `tshark --export-objects http,DIR` writes vs the
                   `sha256` of our complete `http.files` rows (as multisets)

Standard library only (Python 3.11).
"""

from __future__ import annotations

import collections
import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

TABLES = ["http counts", "dns names", "tls ja3", "tls ja3s", "tls sni", "http objects"]

# tshark's DNS dissector also reads mDNS and LLMNR into dns.* fields; ours reads port 53 only, and
# only messages with the standard-query opcode and a question (docs/report-json.md `dns`).
DNS_FILTER = "dns && (udp.port == 53 || tcp.port == 53) && dns.flags.opcode == 0 && dns.count.queries >= 1"

TYPE_NAMES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 10: "NULL", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA",
              33: "SRV", 35: "NAPTR", 43: "DS", 46: "RRSIG", 48: "DNSKEY", 64: "SVCB", 65: "HTTPS", 255: "ANY"}


def tshark_path() -> str | None:
    return shutil.which("tshark")


def run_tshark(args: list[str], timeout: float = 600) -> str:
    p = subprocess.run(["tshark", "-n", *args], capture_output=True, text=True, errors="replace", timeout=timeout)
    return p.stdout


def fields(capture: Path, display_filter: str, names: list[str], decode_as: list[str] | None = None) -> list[list[str]]:
    """Rows of `-T fields` output (tab-separated, one row per packet, `-E occurrence=f` not set:
    repeated fields are comma-joined by tshark, kept as text); `decode_as` adds `-d` rules."""
    args = ["-r", str(capture), "-Y", display_filter, "-T", "fields", "-E", "separator=\t"]
    for rule in decode_as or []:
        args += ["-d", rule]
    for n in names:
        args += ["-e", n]
    out = []
    for line in run_tshark(args).splitlines():
        parts = line.split("\t")
        out.append(parts + [""] * (len(names) - len(parts)))
    return out


# --------------------------------------------------------------------------
# HTTP counts
# --------------------------------------------------------------------------

def parse_http_tree(text: str) -> dict:
    """`-z http,tree` text -> {"requests": n, "responses": n, "methods": {..}, "statusCodes": {..}}.

    Status rows look like `   200 OK   1 ...` (three-digit code first) under ` HTTP Response Packets`;
    method rows like `  GET   1` under ` HTTP Request Packets`."""
    result = {"requests": 0, "responses": 0, "methods": {}, "statusCodes": {}}
    section = None
    for line in text.splitlines():
        m = re.match(r"^(\s*)(.+?)\s{2,}(\d+)\s", line + "  ")
        if not m:
            continue
        indent, label, count = len(m.group(1)), m.group(2).strip(), int(m.group(3))
        if label == "HTTP Response Packets":
            result["responses"], section = count, "responses"
        elif label == "HTTP Request Packets":
            result["requests"], section = count, "requests"
        elif label in ("Total HTTP Packets", "Other HTTP Packets"):
            section = None
        elif section == "responses" and indent >= 3:
            code = re.match(r"^(\d{3})\b", label)
            if code and count:
                result["statusCodes"][code.group(1)] = result["statusCodes"].get(code.group(1), 0) + count
        elif section == "requests" and indent >= 2 and count:
            result["methods"][label] = count
    return result


def compare_http_counts(ours_http, want: dict, Result):
    if want["requests"] + want["responses"] == 0:
        return Result.skip("no HTTP over TCP (tshark)")
    if not isinstance(ours_http, dict):
        return Result.diff(f"no http section; tshark: {want['requests']} requests, {want['responses']} responses")
    diffs = []
    for key in ("requests", "responses"):
        if ours_http.get(key) != want[key]:
            diffs.append(f"{key}: ours {ours_http.get(key)} vs tshark {want[key]}")
    for key in ("methods", "statusCodes"):
        ours = {str(k): v for k, v in (ours_http.get(key) or {}).items() if v}
        if ours != want[key]:
            diffs.append(f"{key}: ours {dict(sorted(ours.items()))} vs tshark {dict(sorted(want[key].items()))}")
    if diffs:
        return Result.diff(diffs[0], diffs)
    return Result.ok(f"{want['requests']} requests, {want['responses']} responses")


# --------------------------------------------------------------------------
# DNS names
# --------------------------------------------------------------------------

def dns_table(rows: list[list[str]]) -> dict:
    """(name lower case, type name) -> [queries, responses], from rows of name, type, response flag.
    A message with several questions counts for its first (as ours does)."""
    table: dict = collections.defaultdict(lambda: [0, 0])
    for name, qtype, response in rows:
        name = name.split(",")[0].lower()
        t = qtype.split(",")[0]
        tname = TYPE_NAMES.get(int(t), f"TYPE{t}") if t.isdigit() else t
        table[(name, tname)][1 if response in ("1", "True") else 0] += 1
    return dict(table)


def compare_dns_names(ours_dns, want: dict, Result):
    if not want:
        return Result.skip("no standard DNS on port 53 (tshark)")
    if not isinstance(ours_dns, dict):
        return Result.diff(f"no dns section; tshark: {len(want)} names")
    diffs = []
    if ours_dns.get("namesTotal") != len(want):
        missing = sorted(set(want) - {(r.get("name"), r.get("type")) for r in ours_dns.get("names") or []})
        diffs.append(f"names: ours {ours_dns.get('namesTotal')} vs tshark {len(want)}"
                     + (f" (e.g. tshark's {missing[0][0]} {missing[0][1]})" if missing and len(want) <= 25 else ""))
    total_q, total_r = sum(v[0] for v in want.values()), sum(v[1] for v in want.values())
    if ours_dns.get("queries") != total_q or ours_dns.get("responses") != total_r:
        diffs.append(f"messages: ours {ours_dns.get('queries')} queries / {ours_dns.get('responses')} responses "
                     f"vs tshark {total_q} / {total_r}")
    for row in ours_dns.get("names") or []:
        key = (row.get("name"), row.get("type"))
        got = [row.get("queries"), row.get("responses")]
        exp = want.get(key)
        if exp is None:
            diffs.append(f"{key[0]} {key[1]}: not in tshark's names")
        elif got != exp:
            diffs.append(f"{key[0]} {key[1]}: ours {got[0]} queries / {got[1]} responses vs tshark {exp[0]} / {exp[1]}")
    if diffs:
        return Result.diff(diffs[0], diffs)
    return Result.ok(f"{len(want)} names, {total_q} queries, {total_r} responses")


# --------------------------------------------------------------------------
# TLS: JA3, JA3S, SNI per handshake row
# --------------------------------------------------------------------------

def first_per_stream(rows: list[list[str]]) -> dict:
    """stream -> the remaining fields of the first row of that stream (rows are in frame order)."""
    out = {}
    for row in rows:
        if row[0] and row[0] not in out:
            out[row[0]] = [v.split(",")[0] for v in row[1:]]
    return out


def compare_tls(ours_tls, hellos: dict, column: int, ours_key: str, label: str, Result, need=None):
    """Each shown handshake row's `ours_key` vs column `column` of tshark's first hello in its stream."""
    if not hellos:
        return Result.skip(f"no TLS {'ClientHello' if need is None else 'ServerHello'} (tshark)")
    if not isinstance(ours_tls, dict):
        return Result.diff(f"no tls section; tshark: {len(hellos)} streams with a hello")
    rows = [r for r in ours_tls.get("handshakes") or [] if str(r.get("stream")) in hellos or r.get(ours_key)]
    diffs, checked = [], 0
    shown = {str(r.get("stream")) for r in ours_tls.get("handshakes") or []}
    for r in rows:
        stream = str(r.get("stream"))
        exp = hellos.get(stream, [""] * (column + 1))[column]
        got = r.get(ours_key) or ""
        checked += 1
        if got != exp:
            diffs.append(f"stream {stream}: {label} ours {got or '(none)'} vs tshark {exp or '(none)'}")
    total = ours_tls.get("handshakesTotal")
    if total is not None and total <= len(shown):
        for stream in sorted(set(hellos) - shown, key=lambda s: int(s) if s.isdigit() else 0):
            diffs.append(f"stream {stream}: tshark has a hello, ours no handshake row")
    if diffs:
        return Result.diff(diffs[0], diffs)
    return Result.ok(f"{checked} handshakes" + (f" (first {len(shown)} of {total} shown)" if total and total > len(shown) else ""))


# --------------------------------------------------------------------------
# HTTP objects
# --------------------------------------------------------------------------

def exported_hashes(capture: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="conformance-objects-") as d:
        run_tshark(["-r", str(capture), "-q", "--export-objects", f"http,{d}"])
        return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in Path(d).iterdir() if p.is_file())


def compare_objects(ours_http, want: list[str], Result):
    if not want:
        return Result.skip("tshark exports no HTTP object")
    if not isinstance(ours_http, dict):
        return Result.diff(f"no http section; tshark exports {len(want)} objects")
    if (ours_http.get("transactionsTotal") or 0) > len(ours_http.get("transactions") or []):
        return Result.skip("more transactions than the report lists")
    ours = sorted(f.get("sha256") for f in ours_http.get("files") or [] if f.get("complete") and f.get("sha256"))
    if ours == want:
        return Result.ok(f"{len(want)} objects")
    extra = collections.Counter(ours) - collections.Counter(want)
    missing = collections.Counter(want) - collections.Counter(ours)
    more = [f"only tshark: {h}" for h in sorted(missing)] + [f"only ours: {h}" for h in sorted(extra)]
    return Result.diff(f"{len(ours)} objects vs tshark {len(want)}: {len(missing)} only tshark's, {len(extra)} only ours", more)


# --------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------

def compare(ours: dict, capture: Path, Result) -> dict:
    """The application tables for one capture (`Result` is conformance.py's result class)."""
    if tshark_path() is None or not capture.is_file():
        why = "tshark not installed" if tshark_path() is None else f"no capture {capture}"
        return {t: Result.skip(why) for t in TABLES}
    res = {}
    http = ours.get("http")
    tree = run_tshark(["-r", str(capture), "-q", "-z", "http,tree,tcp"])
    res["http counts"] = compare_http_counts(http, parse_http_tree(tree), Result)
    dns_rows = fields(capture, DNS_FILTER, ["dns.qry.name", "dns.qry.type", "dns.flags.response"])
    res["dns names"] = compare_dns_names(ours.get("dns"), dns_table(dns_rows), Result)
    clients = first_per_stream(fields(capture, "tls.handshake.type == 1", [
        "tcp.stream", "tls.handshake.ja3", "tls.handshake.extensions_server_name"]))
    servers = first_per_stream(fields(capture, "tls.handshake.type == 2", ["tcp.stream", "tls.handshake.ja3s"]))
    tls = ours.get("tls")
    # A hello on a port tshark gives to another dissector (X-Scan's ClientHellos to TCP 53 are read as
    # DNS): ask tshark again with that port decoded as TLS, so every hello of ours is checked.
    for hellos, key, htype, names in ((clients, "ja3", 1, ["tls.handshake.ja3", "tls.handshake.extensions_server_name"]),
                                      (servers, "ja3s", 2, ["tls.handshake.ja3s"])):
        missing = {}
        for r in (tls or {}).get("handshakes") or [] if isinstance(tls, dict) else []:
            if r.get(key) and str(r.get("stream")) not in hellos:
                port = (r.get("server") or "").rsplit(":", 1)[-1]
                if port.isdigit():
                    missing.setdefault(port, []).append(str(r.get("stream")))
        for port, streams in missing.items():
            rows = fields(capture, f"tls.handshake.type == {htype} && (" + " || ".join(f"tcp.stream == {n}" for n in streams) + ")",
                          ["tcp.stream", *names], decode_as=[f"tcp.port=={port},tls"])
            hellos.update({k: v for k, v in first_per_stream(rows).items() if k not in hellos})
    res["tls ja3"] = compare_tls(tls, clients, 0, "ja3", "JA3", Result)
    res["tls ja3s"] = compare_tls(tls, servers, 0, "ja3s", "JA3S", Result, need="server")
    res["tls sni"] = compare_tls(tls, clients, 1, "serverName", "SNI", Result)
    res["http objects"] = compare_objects(http, exported_hashes(capture), Result)
    return res
