#!/usr/bin/env python3
"""Compares pcap-report's mail attachments with `tshark --export-objects imf` on each capture.

    python3 Tests/Lab/compare-mail-attachments.py --tool .build/debug/pcap-report CAPTURE...

tshark exports whole messages (.eml); each is parsed with Python's `email` package and every leaf
part with a file name or `Content-Disposition: attachment` is decoded (`get_payload(decode=True)`).
tshark's .eml keeps the transport's dot-stuffing; it is undone first (as a mail server does).
For each capture with mail, prints the messages each side read, the attachments, how many of the
reference SHA-256 values our JSON `http.files` rows (protocol smtp/pop) and our `--extract-files`
output match (as multisets), and whether the names agree. Exits 1 when any capture differs.
"""
import argparse, collections, email, email.header, email.policy, hashlib, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--tool", required=True)
ap.add_argument("captures", nargs="+")
args = ap.parse_args()
env = dict(os.environ, TZ="UTC", WIRESHARK_CONFIG_DIR=tempfile.mkdtemp())


def reference(folder):
    messages, hashes, names = 0, collections.Counter(), collections.Counter()
    for root, _, files in os.walk(folder):
        for n in sorted(files):
            with open(os.path.join(root, n), "rb") as f:
                raw = f.read()
            # tshark's .eml keeps the transport's dot-stuffing (RFC 5321 section 4.5.2, RFC 1939 section 3):
            # undo it as the receiving side does, so the parts are the message the sender wrote.
            raw = b"".join(l[1:] if l.startswith(b".") else l for l in raw.splitlines(keepends=True))
            msg = email.message_from_bytes(raw, policy=email.policy.compat32)
            messages += 1
            for part in msg.walk():
                if part.is_multipart():
                    continue
                name = part.get_filename()
                if name is None and (part.get("Content-Disposition", "").split(";")[0].strip().lower() != "attachment"):
                    continue
                if name:
                    name = str(email.header.make_header(email.header.decode_header(name)))
                hashes[hashlib.sha256(part.get_payload(decode=True) or b"").hexdigest()] += 1
                names[name or ""] += 1
    return messages, hashes, names


def extracted(folder):
    out = collections.Counter()
    for root, _, files in os.walk(folder):
        for n in files:
            with open(os.path.join(root, n), "rb") as f:
                out[hashlib.sha256(f.read()).hexdigest()] += 1
    return out


differ = totals = 0
sums = collections.Counter()
for cap in args.captures:
    work = tempfile.mkdtemp()
    theirs_dir, ours_dir, reports = (os.path.join(work, x) for x in ("tshark", "ours", "reports"))
    subprocess.run(["tshark", "-n", "-r", cap, "-q", "--export-objects", "imf," + theirs_dir], env=env, capture_output=True)
    subprocess.run([args.tool, cap, "-o", reports, "--format", "json", "--extract-files", ours_dir], capture_output=True)
    messages, theirs, their_names = reference(theirs_dir)
    report = os.path.join(reports, os.path.splitext(os.path.basename(cap))[0] + ".json")
    http = json.load(open(report)).get("http", {}) if os.path.exists(report) else {}
    rows = [f for f in http.get("files", []) if f.get("protocol") in ("smtp", "pop")]
    ours = collections.Counter(f["sha256"] for f in rows)
    our_names = collections.Counter(f["fileName"] for f in rows)
    our_messages = http.get("mail", {}).get("messages", 0)
    written = extracted(ours_dir) if rows else collections.Counter()
    if not messages and not rows and not our_messages:
        continue
    match, written_match = sum((theirs & ours).values()), sum((theirs & written).values())
    n = sum(theirs.values())
    ok = messages == our_messages and match == n == len(rows) and written_match == n and their_names == our_names
    differ += not ok
    sums.update(messages=messages, ours=our_messages, attachments=n, rows=len(rows), equal=match, written=written_match)
    print("%-4s %-40s messages tshark=%d ours=%d  attachments=%d rows=%d sha256-equal=%d extracted-equal=%d names %s"
          % ("OK" if ok else "DIFF", os.path.basename(cap), messages, our_messages, n, len(rows), match, written_match,
             "equal" if their_names == our_names else "differ: %s vs %s" % (dict(their_names), dict(our_names))))
print("total: messages tshark=%(messages)d ours=%(ours)d, attachments %(attachments)d, rows %(rows)d, sha256-equal %(equal)d, "
      "extracted-equal %(written)d" % sums + ", %d capture(s) differ" % differ)
sys.exit(1 if differ else 0)
