#!/usr/bin/env python3
"""Crafts the detection-accuracy lab captures of Tests/Fixtures/lab/ offline with scapy (issue 16).

Reuses the packet helpers of make-lab-captures.py (kernel SYNs, sessions, fixed clock) and writes
only its own files. Deterministic: fixed timestamps and a seeded RNG, so a rerun gives
byte-identical files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-accuracy-captures.py
"""
import importlib.util
import os

from scapy.all import DNSRR

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


def mail_ftp_bruteforce():
    """hydra ftp, pop3 and imap with several guesses per connection (hydra keeps a connection
    while the server lets it): 5 connections × 3 guesses each = 15 guesses per service, the last
    one accepted; then 2 FTP and 2 POP3 connections that pipeline USER+PASS in one segment (3 guesses
    each, rejected). One guess is one USER+PASS pair (FTP, POP3) or one LOGIN (IMAP): 21, 21, 15."""
    c = Capture("mail-ftp-bruteforce")
    for conn in range(5):
        ftp, pop, imap = [(False, b"220 (vsFTPd 3.0.3)\r\n")], [(False, b"+OK Dovecot ready.\r\n")], [(False, b"* OK IMAP4rev1 ready\r\n")]
        for g in range(3):
            ok = conn == 4 and g == 2
            w = b"Gs%02dguess" % (conn * 3 + g)
            ftp += [(True, b"USER admin\r\n"), (False, b"331 Please specify the password.\r\n"), (True, b"PASS " + w + b"\r\n"),
                    (False, b"230 Login successful.\r\n" if ok else b"530 Login incorrect.\r\n")]
            pop += [(True, b"USER alice\r\n"), (False, b"+OK\r\n"), (True, b"PASS " + w + b"\r\n"),
                    (False, b"+OK Logged in.\r\n" if ok else b"-ERR [AUTH] Authentication failed.\r\n")]
            imap += [(True, b"a%d LOGIN bob " % g + w + b"\r\n"),
                     (False, b"a%d OK Logged in\r\n" % g if ok else b"a%d NO [AUTHENTICATIONFAILED] Authentication failed.\r\n" % g)]
        tcp_session(c, ATTACKER, TARGET, 55000 + conn, 21, ftp + [(True, b"QUIT\r\n")], t=T0 + conn * 1.0)
        tcp_session(c, ATTACKER, TARGET, 55100 + conn, 110, pop + [(True, b"QUIT\r\n")], t=T0 + 10 + conn * 1.0)
        tcp_session(c, ATTACKER, TARGET, 55200 + conn, 143, imap + [(True, b"a9 LOGOUT\r\n")], t=T0 + 20 + conn * 1.0)
    # ncrack/medusa-style pipelining: USER and PASS in one segment, both answers in one segment.
    for conn in range(2):
        ftp, pop = [(False, b"220 (vsFTPd 3.0.3)\r\n")], [(False, b"+OK Dovecot ready.\r\n")]
        for g in range(3):
            w = b"Gp%02dpipelined" % (conn * 3 + g)
            ftp += [(True, b"USER admin\r\nPASS " + w + b"\r\n"), (False, b"331 Please specify the password.\r\n530 Login incorrect.\r\n")]
            pop += [(True, b"USER alice\r\nPASS " + w + b"\r\n"), (False, b"+OK\r\n-ERR [AUTH] Authentication failed.\r\n")]
        tcp_session(c, ATTACKER, TARGET, 55010 + conn, 21, ftp + [(True, b"QUIT\r\n")], t=T0 + 5 + conn * 1.0)
        tcp_session(c, ATTACKER, TARGET, 55110 + conn, 110, pop + [(True, b"QUIT\r\n")], t=T0 + 15 + conn * 1.0)
    c.write()


def tcp_answered_discovery():
    """nmap's default host discovery of 10.77.1.1-245 (echo, SYN 443, ACK 80, timestamp per host)
    where ICMP is filtered: no echo or timestamp reply at all, but five hosts answer over TCP
    (10.77.1.7 and .60 SYN+ACK from 443, .33 and .101 RST to the ACK on 80, .200 both)."""
    c = Capture("host-discovery-tcp-answers")
    syn_ack, rst = {7, 60, 200}, {33, 101, 200}
    for h in range(1, 246):
        dst = "10.77.1.%d" % h
        c.add(lab.IP(src=ATTACKER, dst=dst) / lab.ICMP(type=8, id=0x3333, seq=0), 0.0004)
        c.add(lab.IP(src=ATTACKER, dst=dst) / lab.TCP(sport=60201, dport=443, flags="S", seq=h, window=1024, options=[("MSS", 1460)]), 0.0001)
        c.add(lab.IP(src=ATTACKER, dst=dst) / lab.TCP(sport=60201, dport=80, flags="A", seq=0, ack=h * 99, window=1024), 0.0001)
        c.add(lab.IP(src=ATTACKER, dst=dst) / lab.ICMP(type=13, id=0x3334, seq=0, ts_ori=0, ts_rx=0, ts_tx=0), 0.0001)
        if h in syn_ack:
            c.add(lab.synack(dst, ATTACKER, 443, 60201, h + 1), 0.0003)
            c.add(lab.IP(src=ATTACKER, dst=dst) / lab.TCP(sport=60201, dport=443, flags="R", seq=h + 1, window=0), 0.0001)
        if h in rst:
            c.add(lab.IP(src=dst, dst=ATTACKER) / lab.TCP(sport=80, dport=60201, flags="R", seq=h * 99), 0.0002)
    c.write()


def syn_flood_spoofed_lan():
    """hping3 -S --rand-source -p 80 from a LAN host (10.66.0.66): 1500 SYNs with random sources,
    every one from its MAC, after it resolved the target with ARP and queried DNS in its own name.
    The target's SYN+ACKs to the forged sources go to the gateway's MAC (they are off the LAN).
    A legitimate client (10.66.0.20) completes a handshake with its own MAC."""
    import random
    c = Capture("syn-flood-spoofed-lan")
    rng = random.Random(66)
    me, mymac, gw = "10.66.0.66", lab.mac("10.66.0.66"), lab.mac("10.66.0.1")
    c.add(lab.Ether(src=mymac, dst="ff:ff:ff:ff:ff:ff") / lab.ARP(op=1, hwsrc=mymac, psrc=me, pdst=TARGET), 0.001)
    c.add(lab.Ether(src=lab.mac(TARGET), dst=mymac) / lab.ARP(op=2, hwsrc=lab.mac(TARGET), psrc=TARGET, hwdst=mymac, pdst=me), 0.0002)
    c.add(lab.IP(src=me, dst="10.66.0.2") / lab.UDP(sport=40001, dport=53) / lab.DNS(rd=1, qd=lab.DNSQR(qname="intranet.lab")), 0.01)
    lab.web_session(c, lab.CLIENT, TARGET, 44000, 80)
    for i in range(1500):
        src = "%d.%d.%d.%d" % (rng.randint(11, 200), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        sport, seq = rng.randint(1024, 65535), rng.getrandbits(32)
        c.add(lab.IP(src=src, dst=TARGET, id=rng.getrandbits(16), ttl=64) / lab.TCP(sport=sport, dport=80, flags="S", seq=seq, window=512),
              0.0005, src_mac=mymac)
        if i < 300:
            c.add(lab.synack(TARGET, src, 80, sport, seq + 1, seq=0x9000 + i), 0.00005, dst_mac=gw)
    c.write()


def arp_mitm_blackhole():
    """arpspoof -t victim gateway, with forwarding off for HTTPS: the victim (10.88.0.23) looks up
    30 web names (answered: DNS is forwarded), then opens HTTPS to each server; its SYNs go to the
    attacker's MAC and are never answered, so the browser's kernel retries each (same source port,
    1 s then 2 s later)."""
    c = Capture("arp-mitm-blackhole")
    gw, victim, attacker, resolver = "10.88.0.1", "10.88.0.23", "10.88.0.66", "10.88.0.1"
    gwm, vm, am = lab.mac(gw), lab.mac(victim), lab.mac(attacker)
    c.add(lab.Ether(src=vm, dst="ff:ff:ff:ff:ff:ff") / lab.ARP(op=1, hwsrc=vm, psrc=victim, pdst=gw), 0.001)
    c.add(lab.Ether(src=gwm, dst=vm) / lab.ARP(op=2, hwsrc=gwm, psrc=gw, hwdst=vm, pdst=victim), 0.0003)
    t = T0 + 1
    for k in range(8):  # arpspoof: unsolicited replies every 2 s, to both sides
        c.add(lab.Ether(src=am, dst=vm) / lab.ARP(op=2, hwsrc=am, psrc=gw, hwdst=vm, pdst=victim), at=t + 2.0 * k)
        c.add(lab.Ether(src=am, dst=gwm) / lab.ARP(op=2, hwsrc=am, psrc=victim, hwdst=gwm, pdst=gw), 0.001)
    for k in range(30):
        name, server = "site%02d.example.com" % k, "203.0.113.%d" % (10 + k)
        at = t + 0.5 + k * 0.4
        q = lab.IP(src=victim, dst=resolver) / lab.UDP(sport=50000 + k, dport=53) / lab.DNS(id=k, rd=1, qd=lab.DNSQR(qname=name))
        c.add(lab.Ether(src=vm, dst=am) / q, at=at)
        c.add(lab.Ether(src=am, dst=gwm) / q, 0.0002)
        r = (lab.IP(src=resolver, dst=victim) / lab.UDP(sport=53, dport=50000 + k)
             / lab.DNS(id=k, qr=1, ra=1, qd=lab.DNSQR(qname=name), an=DNSRR(rrname=name, rdata=server, ttl=300)))
        c.add(lab.Ether(src=gwm, dst=am) / r, 0.01)
        c.add(lab.Ether(src=am, dst=vm) / r, 0.0002)
        sport = 41000 + k
        for retry, delay in enumerate([0.001, 1.0, 2.0]):
            syn = lab.kernel_syn(victim, server, sport, 443, 900000 + k)
            c.add(lab.Ether(src=vm, dst=am) / syn, delay)
    c.write()


def main():
    http_form_bruteforce()
    mail_ftp_bruteforce()
    tcp_answered_discovery()
    syn_flood_spoofed_lan()
    arp_mitm_blackhole()


if __name__ == "__main__":
    main()
