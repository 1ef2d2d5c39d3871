import PacketDecoding
import ReportRendering
import Testing
import TrafficStatistics

@testable import ThreatFindings

// Web attacks seen in requests (issue 15) and HTTP form guessing (issue 16, item 3b), on the captures
// of Tests/Lab/make-web-captures.py; counts checked with tshark on the same files.

@Test func sqlmapIsSQLInjectionRatedByTheServersAnswers() throws {
    let a = try labAssessment("web-sqli-sqlmap.pcap")
    let f = try #require(a.findings.first { $0.kind == .webAttack })
    #expect(f.technique == .sqlInjection && f.severity == .high)
    #expect(f.attackers.map(\.description) == [attacker] && f.targets.map(\.description) == [target] && f.targetedPorts == [80])
    #expect(f.attack == ["T1190", "T1595.002"])
    #expect(f.displayFilter == "ip.src==10.66.0.5 && ip.dst==10.66.0.10 && http.request")
    guard case let .webAttack(x) = f.facts else { Issue.record("facts"); return }
    // tshark -Y http.request: 23; http.response.code==200: 18, ==500: 5; the one plain "id=1" carries no payload.
    #expect(x.requests == 23 && x.answers.success == 18 && x.answers.serverError == 5)
    #expect(x.attackRequests == 22 && x.attackAnswers.success == 17 && x.attackAnswers.serverError == 5)
    #expect(x.tool == "sqlmap" && x.toolRequests == 23)
    #expect(!x.examples.isEmpty && x.examples.allSatisfy { $0.techniques.contains(.sqlInjection) })
    #expect(wording(f).summary.contains("the server answered 2xx to 17 of them"))
    #expect(f.indicators.contains(Indicator(kind: .userAgent, value: "sqlmap/1.7.2#stable (https://sqlmap.org)", role: .attacker)))
    #expect(f.indicators.contains(Indicator(kind: .url, value: "http://shop.example.test/products.php", role: .victim)))
    #expect(AdviceWriter.recommendations(for: a.findings).contains { $0.appliesTo.contains(f.id) && $0.detail.contains("parameterised") })
}

@Test func niktoIsAScannerWhosePayloadsWereRefused() throws {
    let a = try labAssessment("web-nikto-scan.pcap")
    let web = a.findings.filter { $0.kind == .webAttack }
    #expect(web.count == 1)
    let f = try #require(web.first)
    #expect(f.severity == .medium)  // every payload answered 404: refused, not high
    guard case let .webAttack(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.tool == "Nikto" && x.requests == 83 && x.notFound == 79 && x.distinctPaths == 82 && x.contentDiscovery)
    #expect(x.attackAnswers.success == 0 && x.attackRequests == 6)
    #expect(f.attack == ["T1190", "T1595.002", "T1595.003"])
}

@Test func traversalCommandAndXSSProbesAnswered200AreHigh() throws {
    let probes = try labAssessment("web-traversal-cmd.pcap").findings.filter { $0.kind == .webAttack }
    let p = try #require(probes.first)
    guard case let .webAttack(x) = p.facts else { Issue.record("facts"); return }
    #expect(p.severity == .high && p.attackers.map(\.description) == ["10.66.0.6"])
    #expect(Set(x.classes.map(\.technique)) == [.pathTraversal, .commandInjection])
    #expect(x.classes.map(\.requests) == [5, 5] && x.attackRequests == 9 && x.attackAnswers.success == 5)
    let xss = try #require(try labAssessment("web-xss-probes.pcap").findings.first { $0.kind == .webAttack })
    #expect(xss.technique == .crossSiteScripting && xss.severity == .high)
}

@Test(arguments: ["benign-web-queries.pcap", "benign-rest-api.pcap", "benign-browsing.pcap", "http-download.pcap"])
func ordinaryBrowsingAndAPIClientsRaiseNoWebAttack(_ file: String) throws {
    let a = try labAssessment(file)
    #expect(a.findings.filter { $0.kind == .webAttack }.isEmpty, "\(summaries(a.findings))")
    // http-download fetches invoice.pdf.exe: the suspicious-download detector's story, not a web attack.
    if file != "http-download.pcap" {
        #expect(a.findings.filter { $0.severity >= .medium }.isEmpty, "\(summaries(a.findings))")
    } else {
        #expect(a.findings.map(\.kind) == [.suspiciousDownload], "\(summaries(a.findings))")
    }
}

@Test func hydraGetAndPostFormsAreOneGuessingRunWithTheirSuccesses() throws {
    let a = try labAssessment("http-form-bruteforce.pcap")
    let f = try #require(a.findings.first { $0.kind == .bruteForce })
    #expect(f.technique == .login("http-form") && f.severity == .critical && f.attack == ["T1110.001", "T1110"])
    guard case let .bruteForce(x) = f.facts, let form = x.form else { Issue.record("facts"); return }
    // tshark: 20 GETs to /dvwa/vulnerabilities/brute/ with password=, 21 POSTs to /login.php (one mid-stream, unanswered);
    // 19 GET answers say "incorrect" (rejections), 19 POST answers "Login failed"; one 200 "Welcome" and one 302 differ.
    #expect(form.attempts == 41 && form.urls == 2 && form.busiestAttempts == 21 && form.distinctUsers == 1 && form.distinctPasswords == 21)
    #expect(form.rejected == 38 && form.accepted == 2 && x.rejected == 38 && x.accepted == 2)
    #expect(form.successFrame == 158 && form.successRequestFrame == 157 && form.successUser == "admin")
    #expect(f.evidenceFrames.contains(158))
    // No second finding for Hydra's User-Agent: the guessing is the story.
    #expect(a.findings.allSatisfy { $0.kind != .webAttack })
    let text = wording(f).details.joined(separator: " ")
    #expect(text.contains("distinct password") && !text.contains("Zq7") && !text.contains("Xw4"))
}

@Test func aGuessingRunOverSeveralUsersNamesTheAnswerThatDiffered() throws {
    let a = try labAssessment("web-form-bruteforce-users.pcap")
    let f = try #require(a.findings.first { $0.kind == .bruteForce })
    guard case let .bruteForce(x) = f.facts, let form = x.form else { Issue.record("facts"); return }
    // The failure page echoes the user, so its size differs per user; it says "Invalid", so every one is a rejection.
    #expect(form.attempts == 24 && form.distinctUsers == 3 && form.distinctPasswords == 24)
    #expect(form.rejected == 23 && form.accepted == 1 && form.successFrame == 173 && form.successUser == "webmaster")
    #expect(form.successAnswer == "302 to /dashboard, sets a cookie, 0 bytes")
    #expect(f.severity == .critical)
}
