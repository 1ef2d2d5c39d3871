#!/usr/bin/env python3
"""A real SMTP and POP3 session on loopback, for record-mail-lab.sh: a tiny SMTP server on
127.0.0.1:25 and a POP3 server on 127.0.0.1:110 (standard library sockets, one client each), then
Python's smtplib sends a multipart/mixed message with a text part and a small attachment, and poplib
retrieves it (RETR). The message is fixed, so the bytes on the wire are the same every run except
the ports and the TCP timestamps."""
import email.message
import poplib
import smtplib
import socket
import threading

MESSAGE = []


def smtp_server(sock):
    c, _ = sock.accept()
    f = c.makefile("rb")
    c.sendall(b"220 lab.example ESMTP ready\r\n")
    while True:
        line = f.readline()
        if not line:
            break
        cmd = line[:4].upper()
        if cmd in (b"EHLO", b"HELO"):
            c.sendall(b"250-lab.example\r\n250 8BITMIME\r\n")
        elif cmd == b"DATA":
            c.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            data = b""
            while True:
                chunk = f.readline()
                if chunk in (b".\r\n", b""):
                    break
                data += chunk
            MESSAGE.append(data)
            c.sendall(b"250 OK queued\r\n")
        elif cmd == b"QUIT":
            c.sendall(b"221 Bye\r\n")
            break
        else:
            c.sendall(b"250 OK\r\n")
    c.close()


def pop_server(sock):
    c, _ = sock.accept()
    f = c.makefile("rb")
    c.sendall(b"+OK lab POP3 ready\r\n")
    while True:
        line = f.readline()
        if not line:
            break
        cmd = line[:4].upper()
        body = MESSAGE[0] if MESSAGE else b""
        if cmd == b"STAT":
            c.sendall(b"+OK 1 %d\r\n" % len(body))
        elif cmd == b"RETR":
            c.sendall(b"+OK %d octets\r\n" % len(body) + body + b".\r\n")
        elif cmd == b"QUIT":
            c.sendall(b"+OK bye\r\n")
            break
        else:
            c.sendall(b"+OK\r\n")
    c.close()


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1)
    return s


def main():
    smtp_sock, pop_sock = listener(25), listener(110)
    t = threading.Thread(target=smtp_server, args=(smtp_sock,))
    t.start()
    msg = email.message.EmailMessage()
    msg["From"] = "alice@lab.example"
    msg["To"] = "bob@lab.example"
    msg["Subject"] = "Quarterly report"
    msg["Date"] = "Mon, 07 Dec 2026 15:00:00 +0000"
    msg["Message-ID"] = "<lab-1@lab.example>"
    msg.set_content("Hello Bob,\n\nthe report is attached.\n\nAlice\n")
    msg.add_attachment(bytes(range(256)) * 150, maintype="application", subtype="octet-stream", filename="report.bin")
    # A fixed MIME boundary, so the recording is the same every run.
    msg.set_boundary("===============lab-boundary==")
    with smtplib.SMTP("127.0.0.1", 25) as s:
        s.sendmail("alice@lab.example", ["bob@lab.example"], msg.as_bytes())
    t.join()
    t = threading.Thread(target=pop_server, args=(pop_sock,))
    t.start()
    p = poplib.POP3("127.0.0.1", 110)
    p.user("bob")
    p.pass_("lab-password")
    p.stat()
    p.retr(1)
    p.quit()
    t.join()


if __name__ == "__main__":
    main()
