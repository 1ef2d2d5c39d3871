#!/usr/bin/env python3
"""Crafts the session-hijacking lab captures of Tests/Fixtures/lab/ offline with scapy (issue 16 item 13).

A web application (10.77.0.10:80) hands its users a PHPSESSID. Deterministic: fixed timestamps,
ports and sequence numbers, so a rerun gives byte-identical files.

- session-hijack.pcap: the victim (10.77.0.21) logs in and gets PHPSESSID by Set-Cookie, then keeps
  browsing; while it still does, a second host (10.77.0.66) sends the same PHPSESSID (stolen by XSS
  or sniffing) and reads /account: one session cookie used from two addresses at once.
- benign-session-nat.pcap: two browsers behind one NAT address (10.77.0.30) with different session
  cookies, plus the same cookie reused by one of them from the same address over several connections.
- session-hijack-sid.pcap: an Express application's `sid` cookie replayed by 10.77.0.66 while the
  victim also holds a `connect.sid` of another application on the same server, sent alone in two
  requests: the finding's display filter must select the `sid` requests only.
- benign-session-reissued.pcap: client A's session ends (logout, cookie deleted), and a minute
  later the server hands client B a session cookie by Set-Cookie whose value A used before; B uses it.

    python3 Tests/Lab/make-hijack-captures.py
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("lab", os.path.join(HERE, "make-lab-captures.py"))
lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab)
Capture, tcp_session, T0 = lab.Capture, lab.tcp_session, lab.T0

SERVER = "10.77.0.10"
STOLEN = "9f2c4e7a1b3d5f60718293a4b5c6d7e8"  # 32 hex characters, as PHP makes them
OTHER = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def get(path, cookie=None, host="shop.lab"):
    head = "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\r\n" % (path, host)
    if cookie:
        head += "Cookie: %s\r\n" % cookie
    return (head + "\r\n").encode()


def ok(body=b"<html>ok</html>", set_cookie=None):
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n" % len(body)
    if set_cookie:
        head += "Set-Cookie: %s\r\n" % set_cookie
    return (head + "\r\n").encode() + body


def visit(c, client, sport, path, cookie=None, set_cookie=None, t=None):
    exchanges = [(True, get(path, cookie)), (False, ok(set_cookie=set_cookie))]
    tcp_session(c, client, SERVER, sport, 80, exchanges, t=t)


def session_hijack():
    c = Capture("session-hijack")
    victim, attacker = "10.77.0.21", "10.77.0.66"
    visit(c, victim, 41000, "/login", set_cookie="PHPSESSID=%s; path=/" % STOLEN, t=T0)
    for k in range(6):  # the victim keeps browsing for a minute
        visit(c, victim, 41001 + k, "/catalog?page=%d" % k, cookie="lang=en; PHPSESSID=%s" % STOLEN, t=T0 + 10 + 10 * k)
    # 25 s after the login, while the victim is still active, the attacker replays the cookie.
    visit(c, attacker, 52000, "/account", cookie="PHPSESSID=%s" % STOLEN, t=T0 + 25)
    visit(c, attacker, 52001, "/account/orders", cookie="PHPSESSID=%s" % STOLEN, t=T0 + 27)
    c.write()


def session_hijack_sid():
    c = Capture("session-hijack-sid")
    victim, attacker = "10.77.0.21", "10.77.0.66"
    other = "connect.sid=s%3AQm9hcmQtYXBwLXNlc3Npb24.x7Yv2kq9Lr0Pw3Zs"
    visit(c, victim, 41100, "/login", set_cookie="sid=%s; Path=/; HttpOnly" % STOLEN, t=T0)
    for k in range(4):
        visit(c, victim, 41101 + k, "/orders?page=%d" % k, cookie="%s; sid=%s" % (other, STOLEN), t=T0 + 10 + 10 * k)
    for k in range(2):  # the other application: only its own cookie
        visit(c, victim, 41110 + k, "/board/%d" % k, cookie=other, t=T0 + 15 + 10 * k)
    visit(c, attacker, 52100, "/account", cookie="sid=%s" % STOLEN, t=T0 + 25)
    visit(c, attacker, 52101, "/account/export", cookie="sid=%s" % STOLEN, t=T0 + 27)
    c.write()


def benign_session_nat():
    c = Capture("benign-session-nat")
    nat = "10.77.0.30"
    visit(c, nat, 43000, "/login", set_cookie="PHPSESSID=%s; path=/; HttpOnly" % STOLEN, t=T0)
    visit(c, nat, 43001, "/login", set_cookie="PHPSESSID=%s; path=/; HttpOnly" % OTHER, t=T0 + 1)
    for k in range(8):
        visit(c, nat, 43010 + k, "/catalog?page=%d" % k, cookie="PHPSESSID=%s" % (STOLEN if k % 2 else OTHER), t=T0 + 5 + 5 * k)
    # Another client with its own session, at the same time.
    visit(c, "10.77.0.31", 44000, "/login", set_cookie="PHPSESSID=1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f; path=/", t=T0 + 2)
    visit(c, "10.77.0.31", 44001, "/cart", cookie="PHPSESSID=1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", t=T0 + 12)
    c.write()


def benign_session_reissued():
    c = Capture("benign-session-reissued")
    a, b = "10.77.0.40", "10.77.0.41"
    visit(c, a, 45000, "/login", set_cookie="PHPSESSID=%s; path=/" % STOLEN, t=T0)
    visit(c, a, 45001, "/catalog", cookie="PHPSESSID=%s" % STOLEN, t=T0 + 5)
    visit(c, a, 45002, "/logout", cookie="PHPSESSID=%s" % STOLEN, set_cookie="PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT",
          t=T0 + 10)
    # A minute later the server (a weak session-id generator) hands B the same value.
    visit(c, b, 46000, "/login", set_cookie="PHPSESSID=%s; path=/" % STOLEN, t=T0 + 70)
    visit(c, b, 46001, "/catalog", cookie="PHPSESSID=%s" % STOLEN, t=T0 + 75)
    c.write()


def main():
    session_hijack()
    session_hijack_sid()
    benign_session_nat()
    benign_session_reissued()


if __name__ == "__main__":
    main()
