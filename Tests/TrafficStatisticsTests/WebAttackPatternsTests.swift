import TestSupport
import Testing

@testable import TrafficStatistics

/// A capture of Tests/Fixtures/lab (made by Tests/Lab/make-web-captures.py and make-accuracy-captures.py).
func labPath(_ file: String) -> String { RepositoryPaths.root + "/Tests/Fixtures/lab/" + file }

// The payload rules on requests: attacks the tools send are recognised, ordinary URLs, searches with
// quotes and SQL-looking words, tracking parameters and CDN assets stay quiet (issue 15).

@Test(arguments: [
    ("/products.php?id=1%20AND%204186=4186", WebAttackClass.sqlInjection),
    ("/products.php?id=1'+OR+'1'='1", .sqlInjection),
    ("/item?id=-1+UNION+ALL+SELECT+NULL,NULL--+-", .sqlInjection),
    ("/item?id=1/**/union/**/select/**/1,2,3", .sqlInjection),
    ("/item?id=1+AND+SLEEP(5)", .sqlInjection),
    ("/item?id=1'+ORDER+BY+3--+-", .sqlInjection),
    ("/login?user=admin'--&pass=x", .sqlInjection),
    ("/item?id=1;WAITFOR+DELAY+'0:0:5'--", .sqlInjection),
    ("/download.php?file=../../../../etc/passwd", .pathTraversal),
    ("/download.php?file=..%2f..%2f..%2fetc%2fpasswd", .pathTraversal),
    ("/static/..%252f..%252fwindows/win.ini", .pathTraversal),
    ("/../../../../etc/shadow", .pathTraversal),
    ("/ping?host=127.0.0.1;id", .commandInjection),
    ("/ping?host=127.0.0.1|whoami", .commandInjection),
    ("/ping?host=%24%28uname%20-a%29", .commandInjection),
    ("/ping?host=x%26%26cat%20/etc/passwd", .commandInjection),
    ("/ping?host=%60id%60", .commandInjection),
    ("/cgi-bin/status?x=()+{+:;+};+/bin/bash+-c+id", .commandInjection),
    ("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", .crossSiteScripting),
    ("/search?q=%22%3E%3Csvg%2Fonload%3Dalert(1)%3E", .crossSiteScripting),
    ("/search?q=x+onerror+=+alert(1)", .crossSiteScripting),
    ("/next?url=JavaScript:alert(1)", .crossSiteScripting),
])
func attackPayloadsAreRecognised(_ target: String, _ expected: WebAttackClass) {
    #expect(WebAttackPatterns.classes(target: target, body: nil).contains(expected), "\(target)")
}

@Test(arguments: [
    "/", "/search?q=%22select+a+plan%22+pricing", "/search?q=O%27Brien+and+Sons", "/search?q=select+from+the+menu",
    "/search?q=union+select+committee+report", "/search?q=order+by+price+and+rating", "/p?name=Tom%27s+Diner&sort=price",
    "/search?q=rock+%26+roll", "/search?q=1%3D1+meaning", "/search?q=what+does+%27or%27+mean", "/search?q=c%2B%2B+--+beginners",
    "/landing?utm_source=newsletter&gclid=Cj0KCQjw-r-vBhC-ARIsAGgUO2Ax&fbclid=IwAR2xYz_AbC-dEf&_ga=2.1.9-1.1",
    "/fonts/css2?family=Open+Sans:wght@400;700|Roboto&display=swap", "/docs/page?ref=../intro",
    "/cdn-cgi/image/width=640,quality=75,format=auto/img/hero.jpg", "/static/js/app.min.js?v=3.2.1",
    "/collect?ep.data=%7B%22id%22%3A42%2C%22name%22%3A%22it%27s%22%7D", "/search?q=how+to+cat+a+file", "/wiki/Semicolon;_usage",
    "/search?q=sleep+schedule", "/search?q=%3C3+love", "/search?q=javascript+tutorial", "/api?filter=price%3E10%26price%3C20",
    "/search?q=id+card&id=5", "/a?b=c;d=e|f", "/search?q=Ben+%26+Jerry%27s+--+flavours", "/track?events=click|scroll|id",
])
func ordinaryURLsCarryNoAttack(_ target: String) {
    #expect(WebAttackPatterns.classes(target: target, body: nil).isEmpty, "\(target)")
}

@Test func formBodiesAreReadAsTheServerReadsThem() {
    #expect(WebAttackPatterns.classes(target: "/login", body: Array("user=admin%27+OR+1%3D1--&pass=x".utf8)) == [.sqlInjection])
    #expect(WebAttackPatterns.classes(target: "/login", body: Array("user=alice&pass=it%27s+a+secret".utf8)).isEmpty)
}

@Test func attackToolsAreNamedByTheirUserAgent() {
    #expect(WebAttackPatterns.tool(userAgent: "sqlmap/1.7.2#stable (https://sqlmap.org)") == "sqlmap")
    #expect(WebAttackPatterns.tool(userAgent: "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000123)") == "Nikto")
    #expect(
        WebAttackPatterns.tool(userAgent: "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)")
            == "Nmap Scripting Engine")
    #expect(WebAttackPatterns.tool(userAgent: "gobuster/3.6") == "gobuster")
    #expect(WebAttackPatterns.tool(userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0") == nil)
    #expect(WebAttackPatterns.isGenericClient(userAgent: "python-requests/2.31.0"))
    #expect(!WebAttackPatterns.isGenericClient(userAgent: "Mozilla/5.0"))
}

@Test func loginFormsGiveTheUserAndThePasswordField() throws {
    let get = try #require(WebAttackPatterns.login(query: "username=admin&password=Zq7&Login=Login", body: nil))
    #expect(get.user == "admin" && get.password == Array("Zq7".utf8))
    let post = try #require(WebAttackPatterns.login(query: nil, body: Array("log=Webmaster&pwd=Hb05+x&wp-submit=Log+In".utf8)))
    #expect(post.user == "Webmaster" && post.password == Array("Hb05 x".utf8))
    #expect(WebAttackPatterns.login(query: "q=shoes&page=2", body: nil) == nil)
    #expect(WebAttackPatterns.saysRejected(Array("<pre>Username and/or password incorrect.</pre>".utf8)))
    #expect(!WebAttackPatterns.saysRejected(Array("<p>Welcome to the password protected area admin</p>".utf8)))
}

@Test func everyRequestIsCountedPastTheTransactionRows() throws {
    // The transaction table keeps 2 rows here; the request evidence still counts all 24 sqlmap requests.
    var options = AnalysisOptions()
    options.httpTransactionsKept = 2
    let s = try CaptureAnalysis.analyze(path: labPath("web-sqli-sqlmap.pcap"), options: options)
    #expect(s.http.transactions.count == 2)
    let pair = try #require(s.httpRequests.pairs.first)
    #expect(s.httpRequests.requests == 23 && pair.requests == 23)  // tshark -Y http.request: 23
    #expect(pair.answers.success == 18 && pair.answers.serverError == 5)  // tshark http.response.code 200: 18, 500: 5
    #expect(pair.classes[.sqlInjection]?.requests == 22 && pair.tool == "sqlmap" && pair.toolRequests == 23)
    #expect(pair.distinctPaths == 2)
}

@Test func formLoginsAreCountedPerURLWithTheirAnswers() throws {
    let s = try CaptureAnalysis.analyze(path: labPath("http-form-bruteforce.pcap"))
    let forms = s.httpRequests.forms.sorted { $0.path < $1.path }
    #expect(forms.map(\.path) == ["/dvwa/vulnerabilities/brute/", "/login.php"])
    #expect(forms.map(\.method) == ["GET", "POST"])
    // tshark: 20 GETs with password= and 21 POSTs (the mid-stream one included), one user, a password each.
    #expect(forms.map(\.attempts) == [20, 21] && forms.map(\.distinctUsers) == [1, 1] && forms.map(\.distinctPasswords) == [20, 21])
    let get = forms[0].answers
    #expect(get.filter(\.saysRejected).map(\.count) == [19] && get.filter { !$0.saysRejected }.map(\.count) == [1])
}

@Test(
    .enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus/real) is not present: request evidence not compared"),
    .enabled(if: ExternalTools.tshark != nil, "tshark is not installed: request evidence not compared"))
func theRequestEvidenceCountsEveryRequestTsharkCounts() throws {
    let corpus = try #require(RepositoryPaths.corpus)
    for file in httpCorpusFiles {
        let path = corpus + "/real/" + file
        guard RepositoryPaths.exists(path) else { continue }
        // The default row cap (500): zeek__1000-requests-one-dropped-response still counts 1000 requests.
        let s = try CaptureAnalysis.analyze(path: path)
        let expected = httpKnownDifferences[file]?.requests ?? tsharkHTTPCounts(path).requests
        #expect(s.httpRequests.requests == expected, "\(file)")
        #expect(s.httpRequests.pairs.reduce(0) { $0 + $1.requests } == s.httpRequests.requests, "\(file)")
    }
}
