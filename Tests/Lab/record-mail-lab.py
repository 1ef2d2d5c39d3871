#!/usr/bin/env python3
"""Records the mail-attachment lab captures of Tests/Fixtures/lab/live/ on the loopback interface.

A real python smtplib / poplib client talks to a tiny SMTP or POP3 server of this script on
127.0.0.1 (ports 25 and 110; run as root), while dumpcap records `lo` (bounded: a packet count, a
duration, and a capture filter on the one port). Nothing leaves the machine; the attachments are
harmless bytes (a PE header and random bytes, a minimal PDF).

live/mail-smtp-phishing.pcap   one SMTP mail: text, a QP text note, invoice.pdf (PDF) and invoice.pdf.exe (PE, base64)
live/mail-smtp-benign-pdf.pcap one SMTP mail: text and report.pdf (PDF)
live/mail-pop-attachment.pcap  POP3 RETR of one mail: nested multipart/alternative, a PE under the
                               RFC 2231 name "Rechnung_März.docx" (utf-8''…), an RFC 2047 name, dot-stuffed lines

    sudo python3 Tests/Lab/record-mail-lab.py        # needs dumpcap (Wireshark)
"""
import os
import random
import smtplib
import poplib
import socket
import subprocess
import threading
import time
from email.message import EmailMessage

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "lab", "live")


def pe(seed, size=6000):
    rng = random.Random(seed)
    head = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00"
    body = head + b"This program cannot be run in DOS mode.\r\n" + b"PE\x00\x00"
    return body + bytes(rng.randrange(256) for _ in range(size - len(body)))


def pdf(title):
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"% " + title.encode() + b"\n" + b"%" + b"x" * 900 + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def smtp_server(sock, done):
    """Answers one SMTP session: EHLO, MAIL, RCPT, DATA ... '.', QUIT."""
    conn, _ = sock.accept()
    f = conn.makefile("rb")
    conn.sendall(b"220 lab.example ESMTP\r\n")
    data = False
    for line in f:
        if data:
            if line == b".\r\n":
                data = False
                conn.sendall(b"250 2.0.0 queued\r\n")
            continue
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            conn.sendall(b"250-lab.example\r\n250 8BITMIME\r\n")
        elif cmd == b"DATA":
            data = True
            conn.sendall(b"354 end with .\r\n")
        elif cmd == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            break
        else:
            conn.sendall(b"250 ok\r\n")
    conn.close()
    done.set()


def pop_server(sock, message, done):
    conn, _ = sock.accept()
    f = conn.makefile("rb")
    conn.sendall(b"+OK lab POP3\r\n")
    for line in f:
        cmd = line.strip().upper()
        if cmd.startswith(b"USER") or cmd.startswith(b"PASS"):
            conn.sendall(b"+OK\r\n")
        elif cmd == b"STAT":
            conn.sendall(b"+OK 1 %d\r\n" % len(message))
        elif cmd.startswith(b"RETR"):
            stuffed = b"".join((b"." + l if l.startswith(b".") else l) for l in message.splitlines(keepends=True))
            # The status line in its own segment, as Wireshark's POP dissector expects the message after it.
            conn.sendall(b"+OK %d octets\r\n" % len(message))
            time.sleep(0.05)
            conn.sendall(stuffed + b".\r\n")
        elif cmd == b"QUIT":
            conn.sendall(b"+OK bye\r\n")
            break
        else:
            conn.sendall(b"-ERR\r\n")
    conn.close()
    done.set()


def record(name, port, session):
    """Runs `session` while dumpcap records port `port` on lo into live/`name`."""
    path = os.path.join(OUT, name)
    cap = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-P", "-f", "tcp port %d" % port, "-c", "400", "-a", "duration:20",
                            "-w", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    session()
    time.sleep(1.0)
    cap.terminate()
    cap.wait(timeout=10)
    os.chmod(path, 0o644)
    print("wrote", path)


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1)
    return s


def send(msg):
    def session():
        sock, done = listener(25), threading.Event()
        threading.Thread(target=smtp_server, args=(sock, done), daemon=True).start()
        with smtplib.SMTP("127.0.0.1", 25, local_hostname="workstation.lab.example") as client:
            client.send_message(msg)
        done.wait(5)
        sock.close()
    return session


def phishing():
    m = EmailMessage()
    m["From"] = "Accounts <billing@invoices-online.example>"
    m["To"] = "clerk@lab.example"
    m["Subject"] = "Invoice 2026-0917 overdue"
    m.set_content("Please find the invoice attached.\r\n")
    m.add_attachment("Notiz: Zahlung fällig bis Freitag.\n" * 8, subtype="plain", cte="quoted-printable",
                     disposition="attachment", filename="notiz.txt")
    m.add_attachment(pdf("invoice"), maintype="application", subtype="pdf", filename="invoice.pdf")
    m.add_attachment(pe(17), maintype="application", subtype="octet-stream", filename="invoice.pdf.exe")
    return m


def benign():
    m = EmailMessage()
    m["From"] = "colleague@lab.example"
    m["To"] = "clerk@lab.example"
    m["Subject"] = "Quarterly report"
    m.set_content("The report is attached.\r\n")
    m.add_attachment(pdf("quarterly report"), maintype="application", subtype="pdf", filename="report.pdf")
    return m


def pop_bytes():
    import base64
    body = base64.encodebytes(pe(29, 4000)).replace(b"\n", b"\r\n")
    text = b"Hallo,\r\n.anbei die Rechnung.\r\n..zwei Punkte\r\n"
    return (b"From: <rechnung@shop.example>\r\nTo: <clerk@lab.example>\r\nSubject: Rechnung\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"outer-17\"\r\n\r\npreamble\r\n--outer-17\r\n"
            b"Content-Type: multipart/alternative;\r\n boundary=inner-29\r\n\r\n--inner-29\r\nContent-Type: text/plain\r\n\r\n" + text +
            b"--inner-29\r\nContent-Type: text/html\r\n\r\n<p>Hallo</p>\r\n--inner-29--\r\n"
            b"--outer-17\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
            b"Content-Disposition: attachment;\r\n filename*=utf-8''Rechnung_M%C3%A4rz.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body +
            b"--outer-17\r\nContent-Type: text/plain; name=\"=?UTF-8?B?w7xiZXJzaWNodC50eHQ=?=\"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            b"line one\r\n.line two starts with a dot\r\n--outer-17--\r\nepilogue\r\n")


def fetch():
    message = pop_bytes()
    sock, done = listener(110), threading.Event()
    threading.Thread(target=pop_server, args=(sock, message, done), daemon=True).start()
    client = poplib.POP3("127.0.0.1", 110)
    client.user("clerk")
    client.pass_("lab-only-password")
    client.stat()
    client.retr(1)
    client.quit()
    done.wait(5)
    sock.close()


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    record("mail-smtp-phishing.pcap", 25, send(phishing()))
    record("mail-smtp-benign-pdf.pcap", 25, send(benign()))
    record("mail-pop-attachment.pcap", 110, fetch)
