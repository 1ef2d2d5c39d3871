#!/usr/bin/env python3
"""Crafts the web attack lab captures of Tests/Fixtures/lab/ offline with scapy (issue 15, web attacks;
issue 16 item 3b, HTTP form brute force).

Reuses the packet helpers of make-lab-captures.py (kernel SYNs, sessions, fixed clock) and writes
only its own files. Deterministic: fixed timestamps, no randomness, so a rerun gives byte-identical
files. Tests/Fixtures/lab/README.md says what each must yield.

    python3 Tests/Lab/make-web-captures.py
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("lab", os.path.join(HERE, "make-lab-captures.py"))
lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab)
Capture, tcp_session, T0, ATTACKER, TARGET, CLIENT = lab.Capture, lab.tcp_session, lab.T0, lab.ATTACKER, lab.TARGET, lab.CLIENT
PROBER = "10.66.0.6"


def request(method, target, ua, host="shop.example.test", body=b"", extra=b""):
    head = b"%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n" % (
        method.encode(), target.encode(), host.encode(), ua.encode())
    if body:
        head += b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n" % len(body)
    return head + extra + b"\r\n" + body


def response(status, body=b"", extra=b""):
    reason = {200: b"OK", 302: b"Found", 301: b"Moved Permanently", 403: b"Forbidden", 404: b"Not Found",
              500: b"Internal Server Error", 400: b"Bad Request"}[status]
    return (b"HTTP/1.1 %d %s\r\nServer: Apache/2.4.57\r\nContent-Type: text/html\r\nContent-Length: %d\r\n" % (
        status, reason, len(body)) + extra + b"\r\n" + body)


def keepalive(c, client, server, sport, pairs, t, dport=80):
    """One connection carrying several request/response pairs (keep-alive)."""
    exchanges = []
    for req, resp in pairs:
        exchanges.append((True, req))
        if resp is not None:
            exchanges.append((False, resp))
    tcp_session(c, client, server, sport, dport, exchanges, t=t)


SQLMAP_UA = "sqlmap/1.7.2#stable (https://sqlmap.org)"
SQLMAP_PAYLOADS = [
    "1", "1 AND 4186=4186", "1 AND 4186=4187", "1' AND 'WxYz'='WxYz", "1' AND 'WxYz'='WxYq", "1) AND 7731=7731-- -",
    "1' ORDER BY 1-- -", "1' ORDER BY 5-- -", "1 UNION ALL SELECT NULL,NULL,NULL-- -",
    "1 UNION ALL SELECT NULL,CONCAT(0x71787a7071,0x4d7a,0x716a6b7171),NULL-- -", "1 AND SLEEP(5)", "1' AND SLEEP(5) AND 'a'='a",
    "1;SELECT PG_SLEEP(5)--", "1 AND EXTRACTVALUE(1234,CONCAT(0x5c,0x7178,(SELECT (ELT(1234=1234,1)))))",
    "1 AND (SELECT 2*(IF((SELECT * FROM (SELECT CONCAT(0x71,(SELECT MID((IFNULL(CAST(schema_name AS NCHAR),0x20)),1,54) "
    "FROM INFORMATION_SCHEMA.SCHEMATA LIMIT 0,1),0x71,0x78))s), 8446744073709551610, 8446744073709551610)))",
    "-5720 UNION ALL SELECT NULL,CONCAT(0x71,IFNULL(CAST(user AS NCHAR),0x20),0x71),NULL FROM mysql.user-- -",
    "1 OR 1=1", "1' OR '1'='1", "1\" OR \"1\"=\"1", "1'--",
]


def quote(s):
    """Percent-encodes a payload as sqlmap sends it (space as %20, quotes and the rest escaped)."""
    out = []
    for ch in s:
        if ch.isalnum() or ch in "-_.,()*=":
            out.append(ch)
        else:
            out.append("%%%02X" % ord(ch))
    return "".join(out)


def sqlmap_run():
    """sqlmap against /products.php?id=1 and a login form: 5 requests per keep-alive connection.
    Error-based and UNION payloads are answered 500 (the query broke), boolean and time-based 200."""
    c = Capture("web-sqli-sqlmap")
    pairs = []
    for k, p in enumerate(SQLMAP_PAYLOADS):
        broken = "UNION" in p or "EXTRACTVALUE" in p or p.endswith("'--")
        body = b"<html><body>Database error: You have an error in your SQL syntax</body></html>" if broken else (
            b"<html><body><h1>Widget %d</h1><p>In stock.</p></body></html>" % k)
        pairs.append((request("GET", "/products.php?id=" + quote(p), SQLMAP_UA), response(500 if broken else 200, body)))
    for p in ["admin' OR '1'='1'-- -", "admin'#", "admin' AND SLEEP(5)-- -"]:
        form = b"username=" + quote(p).encode() + b"&password=pw&submit=Login"
        pairs.append((request("POST", "/login.php", SQLMAP_UA, body=form), response(200, b"<p>Invalid login.</p>")))
    for i in range(0, len(pairs), 5):
        keepalive(c, ATTACKER, TARGET, 41000 + i, pairs[i:i + 5], t=T0 + i * 0.6)
    c.write()


NIKTO_UA = "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:%06d)"
NIKTO_PATHS = (
    ["/admin/", "/backup/", "/config.php.bak", "/.git/HEAD", "/phpinfo.php", "/server-status", "/test.php", "/cgi-bin/printenv",
     "/cgi-bin/test-cgi", "/icons/README", "/manager/html", "/webdav/", "/wp-admin/", "/xmlrpc.php", "/.htaccess"]
    + ["/scripts/%04d.asp" % k for k in range(60)]
    + ["/../../../../../../etc/passwd", "/cgi-bin/view.cgi?file=../../../../etc/passwd", "/index.php?page=/etc/passwd",
       "/search.php?q=<script>alert(42)</script>", "/cgi-bin/test.cgi?|id|", "/index.php?cmd=;cat%20/etc/passwd"]
)


def nikto_scan():
    """Nikto: one request per path, its test number in the User-Agent, mostly 404; /robots.txt and
    /admin/ answer (200, 403), the traversal probes are refused."""
    c = Capture("web-nikto-scan")
    pairs = []
    for k, path in enumerate(["/", "/robots.txt"] + NIKTO_PATHS):
        status = 200 if path in ("/", "/robots.txt") else 403 if path in ("/admin/", "/server-status") else 404
        pairs.append((request("GET", path, NIKTO_UA % (k + 1), host="10.66.0.10"), response(status, b"<html>%d</html>" % status)))
    for i in range(0, len(pairs), 10):
        keepalive(c, ATTACKER, TARGET, 42000 + i, pairs[i:i + 10], t=T0 + i * 0.2)
    c.write()


def traversal_and_command_probes():
    """A manual run with curl: path traversal (plain, encoded, ....//) and command injection (; | $()
    backquotes) against a download and a ping page; two of the traversals and one ping injection
    are answered 200 with what they fetched."""
    c = Capture("web-traversal-cmd")
    ua = "curl/8.5.0"
    probes = [
        ("/download.php?file=../../../../etc/passwd", 200, b"root:x:0:0:root:/root:/bin/bash\n"),
        ("/download.php?file=..%2f..%2f..%2fetc%2fpasswd", 200, b"root:x:0:0:root:/root:/bin/bash\n"),
        ("/download.php?file=....//....//....//etc/shadow", 403, b"denied"),
        ("/static/..%252f..%252f..%252fwindows/win.ini", 404, b"not found"),
        ("/ping.php?host=127.0.0.1;id", 200, b"PING 127.0.0.1\nuid=33(www-data) gid=33(www-data)\n"),
        ("/ping.php?host=127.0.0.1|whoami", 200, b"PING 127.0.0.1\n"),
        ("/ping.php?host=%24%28uname%20-a%29", 500, b"error"),
        ("/ping.php?host=127.0.0.1%26%26cat%20/etc/passwd", 200, b"PING"),
        ("/ping.php?host=%60id%60", 500, b"error"),
    ]
    pairs = [(request("GET", t, ua, host="10.66.0.10"), response(s, b)) for t, s, b in probes]
    keepalive(c, PROBER, TARGET, 43000, pairs[:5], t=T0)
    keepalive(c, PROBER, TARGET, 43001, pairs[5:], t=T0 + 3)
    c.write()


def xss_probes():
    """Reflected-XSS probes from a browser: script tags, event handlers, javascript: URLs in search
    and comment parameters, one sent raw with backquotes and Markdown, all answered 200 (the page
    reflected them)."""
    c = Capture("web-xss-probes")
    ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    probes = [
        # Sent raw, as some tools do: Markdown and HTML syntax the report must show as text.
        "/search?q=`<svg/onload=alert(1)>`|**bold**|[x](javascript:alert(2))",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/search?q=%22%3E%3Csvg%2Fonload%3Dalert(document.domain)%3E",
        "/search?q=%3Cimg+src%3Dx+onerror%3Dalert(document.cookie)%3E", "/profile?next=javascript:alert(1)",
        "/comment?text=%3Ciframe+src%3Djavascript:alert(1)%3E", "/search?q=test%27%22%3E%3Cbody+onload%3Dprompt(1)%3E",
    ]
    pairs = [(request("GET", t, ua), response(200, b"<html>results for " + t.encode()[:40] + b"</html>")) for t in probes]
    keepalive(c, CLIENT, TARGET, 44000, pairs, t=T0)
    c.write()


def form_bruteforce_users():
    """hydra http-post-form with three users and eight passwords each (24 guesses, one per
    connection); the failure page echoes the user name (so its size differs per user) and says
    "Invalid"; the one success is a 302 to /dashboard with a session cookie."""
    c = Capture("web-form-bruteforce-users")
    k = 0
    for user in ["admin", "root", "webmaster"]:
        for p in range(8):
            ok = user == "webmaster" and p == 5
            body = b"log=%s&pwd=Hb%02d%sguess&wp-submit=Log+In" % (user.encode(), p, user[:2].encode())
            req = request("POST", "/wp-login.php", "Mozilla/5.0 (Hydra)", host="blog.example.test", body=body)
            if ok:
                resp = response(302, extra=b"Location: /dashboard\r\nSet-Cookie: wp_session=4f2a9c; HttpOnly\r\n")
            else:
                resp = response(200, b"<html><div id=login_error>Invalid password for user %s.</div></html>" % user.encode())
            tcp_session(c, ATTACKER, TARGET, 45000 + k, 80, [(True, req), (False, resp)], t=T0 + k * 0.25)
            k += 1
    c.write()


def benign_web_queries():
    """Ordinary browsing with query strings that look like SQL or code to a naive rule: quotes in
    names, the words select/union/order/and, apostrophes, long tracking parameters, a font API with
    |, a relative ../ once, CDN image resizing, JSON in a beacon."""
    c = Capture("benign-web-queries")
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    targets = [
        "/", "/search?q=%22select+a+plan%22+pricing", "/search?q=O%27Brien+and+Sons+plumbing", "/search?q=select+from+the+menu",
        "/search?q=union+select+committee+report", "/search?q=order+by+price+and+rating", "/products?name=Tom%27s+Diner&sort=price",
        "/search?q=rock+%26+roll+hall", "/search?q=1%3D1+meaning", "/search?q=what+does+%27or%27+mean",
        "/search?q=D%27Angelo+%22greatest+hits%22", "/search?q=c%2B%2B+tutorial+--+beginners",
        "/landing?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale_2026&gclid=Cj0KCQjw-r-vBhC-ARIsAGgUO2Ax"
        "&fbclid=IwAR2xYz_AbC-dEf&_ga=2.123456789.987654321.1700000000-1234567890.1700000000",
        "/fonts/css2?family=Open+Sans:wght@400;700|Roboto&display=swap", "/docs/guide/page?ref=../intro",
        "/cdn-cgi/image/width=640,quality=75,format=auto/img/hero.jpg", "/static/js/app.min.js?v=3.2.1",
        "/collect?v=2&en=page_view&ep.data=%7B%22id%22%3A42%2C%22name%22%3A%22it%27s%22%7D",
        "/search?q=how+to+cat+a+file+in+linux", "/wiki/Semicolon;_usage", "/search?q=sleep+schedule+for+toddlers",
        "/search?q=%3C3+love", "/search?q=javascript+tutorial", "/api/items?filter=price%3E10%26price%3C20",
    ]
    pairs = [(request("GET", t, ua, host="www.example.test"), response(200, b"<html>ok</html>")) for t in targets]
    keepalive(c, CLIENT, TARGET, 46000, pairs[:12], t=T0)
    keepalive(c, CLIENT, TARGET, 46001, pairs[12:], t=T0 + 20)
    c.write()


def benign_rest_api():
    """A REST API client (python-requests and curl) polling a few endpoints: scripted, but a handful
    of paths, all answered."""
    c = Capture("benign-rest-api")
    pairs = []
    for k in range(30):
        ua = "python-requests/2.31.0" if k % 3 else "curl/8.5.0"
        target = ["/api/v1/status", "/api/v1/items?page=%d&per_page=50" % (k % 5 + 1), "/api/v1/items/%d" % (40 + k % 4)][k % 3]
        pairs.append((request("GET", target, ua, host="api.example.test", extra=b"Authorization: Bearer eyJhbGciOi.x.y\r\n"),
                      response(200, b'{"ok":true}')))
    for i in range(0, len(pairs), 10):
        keepalive(c, CLIENT, TARGET, 47000 + i, pairs[i:i + 10], t=T0 + i * 2, dport=8080)
    c.write()


if __name__ == "__main__":
    sqlmap_run()
    nikto_scan()
    traversal_and_command_probes()
    xss_probes()
    form_bruteforce_users()
    benign_web_queries()
    benign_rest_api()
