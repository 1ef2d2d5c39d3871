#!/usr/bin/env python3
"""Crafts the detection-accuracy lab captures of Tests/Fixtures/lab/ offline with scapy (issue 16).

Reuses the packet helpers of make-lab-captures.py (kernel SYNs, sessions, fixed clock) and writes
only its own files. Deterministic: fixed timestamps and a seeded RNG, so a rerun gives
byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-accuracy-captures.py
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("lab", os.path.join(HERE, "make-lab-captures.py"))
lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab)
Capture, tcp_session, T0, ATTACKER, TARGET = lab.Capture, lab.tcp_session, lab.T0, lab.ATTACKER, lab.TARGET

# Every guessed password is a distinct, greppable word: a test greps each output file for each.
FORM_PASSWORDS = ["Zq7%02dgetform" % k for k in range(20)]
POST_PASSWORDS = ["Xw4%02dpostform" % k for k in range(20)]
MIDSTREAM_PASSWORD = "Mv9midstream"


def http_form_bruteforce():
    """hydra http-get-form and http-post-form against one login URL each, one guess per connection.

    GET: `/dvwa/vulnerabilities/brute/?username=admin&password=GUESS&Login=Login` (the DVWA form);
    POST: `/login.php` with `user=admin&Pass=GUESS&pwd2=GUESS&login_password=GUESS&p%61ssword=GUESS`
    so every spelling the masker must know (case, suffix, URL-encoded name) carries the secret.
    The last guess of each succeeds (302 to the index instead of the form again).
    """
    c = Capture("http-form-bruteforce")
    # Frame 1: a POST of a run already under way when the capture started (no handshake), so the
    # packet pane ("Packet 1 in detail", hex dump) shows a request carrying a password.
    mid = b"user=admin&password=" + MIDSTREAM_PASSWORD.encode() + b"&submit=Login"
    c.add(lab.IP(src=ATTACKER, dst=TARGET) / lab.TCP(sport=53999, dport=80, flags="PA", seq=5000, ack=9000) / (
        b"POST /login.php HTTP/1.1\r\nHost: 10.66.0.10\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n" % len(mid) + mid), at=T0 - 1)
    for k, w in enumerate(FORM_PASSWORDS):
        ok = k == len(FORM_PASSWORDS) - 1
        req = (b"GET /dvwa/vulnerabilities/brute/?username=admin&password=" + w.encode().replace(b"%", b"%25")
               + b"&Login=Login HTTP/1.1\r\nHost: 10.66.0.10\r\nUser-Agent: Mozilla/5.0 (Hydra)\r\n"
               b"Cookie: security=low; PHPSESSID=0123456789abcdef\r\n\r\n")
        body = b"<p>Welcome to the password protected area admin</p>" if ok else b"<pre>Username and/or password incorrect.</pre>"
        resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        tcp_session(c, ATTACKER, TARGET, 54000 + k, 80, [(True, req), (False, resp)], t=T0 + k * 0.3)
    for k, w in enumerate(POST_PASSWORDS):
        ok = k == len(POST_PASSWORDS) - 1
        enc = w.encode()
        body = (b"user=admin&Pass=" + enc + b"&pwd2=" + enc + b"&login_password=" + enc + b"&p%61ssword=" + enc
                + b"&PASSWD=" + enc + b"&submit=Login")
        req = (b"POST /login.php HTTP/1.1\r\nHost: 10.66.0.10\r\nUser-Agent: Mozilla/5.0 (Hydra)\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        if ok:
            resp = b"HTTP/1.1 302 Found\r\nLocation: /index.php\r\nContent-Length: 0\r\n\r\n"
        else:
            page = b"<html><body>Login failed</body></html>"
            resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(page) + page
        tcp_session(c, ATTACKER, TARGET, 54100 + k, 80, [(True, req), (False, resp)], t=T0 + 10 + k * 0.3)
    c.write()


def main():
    http_form_bruteforce()


if __name__ == "__main__":
    main()
