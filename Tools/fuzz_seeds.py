#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from Samples/ (stdlib only; used by Tools/fuzz.sh).

decoder/   one file per frame of every sample: a link-type selector byte, then the frame (as Ethernet,
           and again without its Ethernet header as raw IP)
scanner/   every sample file whole, plus its first block and a few cut points
renderer/  hostile strings (NUL-separated) taken from the samples' text and from known injection shapes
"""
import argparse
import os
import struct

SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Samples")
# Index into the decoder fuzzer's link-type table (Fuzz/DecoderFuzzer): 0 Ethernet, 3 raw IP.
ETHERNET, RAW = 0, 3


def pcapng_packets(data):
    """(link type index, frame bytes) for each Enhanced Packet Block of a little-endian pcapng file."""
    offset, out = 0, []
    while offset + 12 <= len(data):
        block_type, length = struct.unpack_from("<II", data, offset)
        if length < 12 or offset + length > len(data):
            break
        if block_type == 6:
            captured = struct.unpack_from("<I", data, offset + 20)[0]
            out.append(data[offset + 28: offset + 28 + captured])
        offset += length
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    for sub in ("decoder", "scanner", "renderer"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    texts = set()
    for name in sorted(os.listdir(SAMPLES)):
        if not name.endswith(".pcapng"):
            continue
        data = open(os.path.join(SAMPLES, name), "rb").read()
        stem = name[: -len(".pcapng")]
        open(os.path.join(args.out, "scanner", stem), "wb").write(data)
        for cut in (28, 100, len(data) // 2, len(data) - 3):
            open(os.path.join(args.out, "scanner", f"{stem}-cut{cut}"), "wb").write(data[:cut])
        for i, frame in enumerate(pcapng_packets(data)):
            open(os.path.join(args.out, "decoder", f"{stem}-{i + 1}-eth"), "wb").write(bytes([ETHERNET]) + frame)
            if len(frame) > 14:
                open(os.path.join(args.out, "decoder", f"{stem}-{i + 1}-raw"), "wb").write(bytes([RAW]) + frame[14:])
            # Printable runs of 6+ bytes: header lines, DNS labels, bodies.
            run = bytearray()
            for b in frame + b"\0":
                if 0x20 <= b < 0x7F or b in (9, 10, 13) or b >= 0x80:
                    run.append(b)
                else:
                    if len(run) >= 6:
                        texts.add(bytes(run))
                    run = bytearray()
    shapes = [
        b"<script>alert(1)</script>", b"\"><img src=x onerror=alert(1)>", b"](javascript:alert(1))",
        b"[x](javascript:alert(1))", b"| col | col |", b"```", b"~~~", b"{{mustache}}", b"{{{triple}}}",
        b"# heading", b"\n# injected", b"\r\n\tSet-Cookie: a=b", b"\xe2\x80\xae", b"\xff\xfe", b"<!-- x -->",
        b"<", b"&amp;", b"\\", b"*emph* _u_ `code`", b"\xee\x80\x80block0\xee\x80\x80", b"    indented",
        b"- list", b"1. list", b"> quote", b"---", b"===", b"<https://example.com>",
    ]
    for i, text in enumerate(sorted(texts)):
        open(os.path.join(args.out, "renderer", f"text-{i}"), "wb").write(bytes([i % 3]) + text[:512])
    for i, shape in enumerate(shapes):
        open(os.path.join(args.out, "renderer", f"shape-{i}"), "wb").write(bytes([i % 3]) + shape + b"\0" + shape * 2)
    open(os.path.join(args.out, "renderer", "all-shapes"), "wb").write(b"\0" + b"\0".join(shapes))


if __name__ == "__main__":
    main()
