import ReportRendering
import TestSupport
import Testing
@testable import ThreatFindings
import TrafficStatistics

// Issue 16 item 13 (Tests/Lab/make-hijack-captures.py). tshark -Y 'http.cookie contains "PHPSESSID="'
// on session-hijack.pcap: 10.77.0.21 sends the cookie in frames 12 20 44 52 60 68 (set for it by
// Set-Cookie in frame 5), 10.77.0.66 sends the same value in frames 28 and 36, with no Set-Cookie.

@Test func aSessionCookieReplayedFromASecondAddressIsSessionHijacking() throws {
    let a = try labAssessment("session-hijack.pcap")
    let f = try #require(a.findings.first { $0.kind == .sessionHijacking }, "\(summaries(a.findings))")
    #expect(a.findings.count == 1)
    #expect(f.severity == .high && f.attack == ["T1539", "T1550.004"])
    #expect(f.attackers.map(\.description) == ["10.77.0.66"])
    #expect(f.targets.map(\.description) == ["10.77.0.21", "10.77.0.10"])
    #expect(f.evidenceFrames == [5, 12, 28, 68] && f.packetCount == 8 && f.targetedPorts == [80])
    #expect(
        f.displayFilter
            == "http.cookie matches \"(?-i)(^|;)\\\\s*PHPSESSID=\" && ip.dst==10.77.0.10 && tcp.dstport==80 && ip.src in {10.77.0.21,10.77.0.66}"
    )
    guard case let .sessionHijacking(x) = f.facts else { Issue.record("not session hijacking facts"); return }
    #expect(x.concurrent && x.victim.requests == 6 && x.intruders.map(\.requests) == [2] && x.victimIssuedFrame == 5)
    let words = wording(f)
    #expect(
        words.summary
            == "Session hijacking: 10.77.0.66 used 10.77.0.21's session cookie PHPSESSID (value SHA-256 d13297154bf2…) "
            + "on 10.77.0.10 port 80 while 10.77.0.21 was still using it.")
    // The value itself is never in the words, the filter or the indicators.
    let value = "9f2c4e7a1b3d5f60718293a4b5c6d7e8"
    let text = ([words.summary, words.confidenceReason, f.displayFilter] + words.details + f.indicators.map(\.value)).joined(separator: " ")
    #expect(!text.contains(value) && !text.contains(String(value.prefix(12))))
    #expect(f.indicators.contains { $0.value == "10.77.0.66" && $0.role == .attacker })
    #expect(f.indicators.contains { $0.value == "10.77.0.21" && $0.role == .victim })
}

// session-hijack-sid.pcap: `sid` replayed by 10.77.0.66 (frames 36, 44 by tshark -Y 'http.cookie_pair
// matches "^sid="'), while 10.77.0.21 sends `connect.sid` with it in 4 requests and alone in 2; the old
// filter (`http.cookie contains "sid="`) also showed those 2, 8 requests for a packetCount of 6.
@Test func theSessionCookieFilterMatchesTheCookieNameExactly() throws {
    let a = try labAssessment("session-hijack-sid.pcap")
    let f = try #require(a.findings.first { $0.kind == .sessionHijacking }, "\(summaries(a.findings))")
    #expect(f.attackers.map(\.description) == ["10.77.0.66"] && f.targets.map(\.description) == ["10.77.0.21", "10.77.0.10"])
    #expect(f.packetCount == 6)
    #expect(
        f.displayFilter
            == "http.cookie matches \"(?-i)(^|;)\\\\s*sid=\" && ip.dst==10.77.0.10 && tcp.dstport==80 && ip.src in {10.77.0.21,10.77.0.66}")
    #expect(
        SessionHijackingDetector.cookieFilter(["connect.sid", "sid"]) == "http.cookie matches \"(?-i)(^|;)\\\\s*(connect\\\\.sid|sid)=\"")
}

@Test(.enabled(if: ExternalTools.tshark != nil, "tshark is not installed (Debian package tshark)"))
func theSessionCookieFilterSelectsThePacketCountInTshark() throws {
    for file in ["session-hijack.pcap", "session-hijack-sid.pcap"] {
        let a = try labAssessment(file)
        let f = try #require(a.findings.first { $0.kind == .sessionHijacking })
        let (status, output) = RepositoryPaths.run([
            ExternalTools.tshark ?? "tshark", "-n", "-r", labDirectory + "/" + file, "-Y", f.displayFilter, "-T", "fields", "-e",
            "frame.number",
        ])
        let frames = output.split(separator: "\n")
        #expect(status == 0 && frames.count == f.packetCount, "\(file): \(frames)")
    }
}

@Test(arguments: ["benign-session-nat.pcap", "benign-session-reissued.pcap"])
func benignSessionCookieReuseStaysQuiet(_ file: String) throws {
    // One NAT address with two browsers' cookies; a value the server handed a second client itself
    // (Set-Cookie) a minute after the first logged out.
    let a = try labAssessment(file)
    #expect(a.findings.filter { $0.kind == .sessionHijacking }.isEmpty, "\(summaries(a.findings))")
    #expect(a.findings.allSatisfy { $0.severity < .medium }, "\(summaries(a.findings))")
}

@Test func aSecondClientSoonAfterTheFirstStoppedIsMediumAndAfterTheWindowNothing() throws {
    var t = DetectionThresholds()
    let summary = try CaptureAnalysis.analyze(path: labDirectory + "/session-hijack.pcap")
    // The victim's last use is 60 s in, the intruder's first 25 s: concurrent. Pretend the victim
    // stopped before: cut its later uses by moving the intruder past it.
    var moved = summary
    for i in moved.httpSessions.sessions[0].clients.indices
    where moved.httpSessions.sessions[0].clients[i].client.description == "10.77.0.66" {
        moved.httpSessions.sessions[0].clients[i].firstTime += 100_000_000_000
        moved.httpSessions.sessions[0].clients[i].lastTime += 100_000_000_000
    }
    let medium = try #require(SessionHijackingDetector(thresholds: t).detect(moved).first)
    #expect(medium.severity == .medium)
    t.sessionHandoverWindowSeconds = 30
    #expect(SessionHijackingDetector(thresholds: t).detect(moved).isEmpty)
}

// chris__sessionhijacking.pcapng (Practical Packet Analysis): tshark -Y 'http.cookie contains "PHPSESSID="'
// shows 172.16.16.164 (a Mac) sending one PHPSESSID in 8 requests, frames 14 to 58 (0 to 8.1 s);
// 172.16.16.154 (Windows) first uses its own PHPSESSID (frames 77, 80), then at 60.0 s sends the
// Mac's value (frames 115, 120). Its value's SHA-256 begins 04129e841b11.
@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus is missing"))
func theTextbookSessionHijackingCaptureIsFoundAsASwitchToTheVictimsCookie() throws {
    let corpus = try #require(RepositoryPaths.corpus)
    let a = ThreatAnalyzer().assess(try CaptureAnalysis.analyze(path: corpus + "/real/chris__sessionhijacking.pcapng"))
    let f = try #require(a.findings.first { $0.kind == .sessionHijacking }, "\(summaries(a.findings))")
    #expect(f.severity == .high)
    #expect(f.attackers.map(\.description) == ["172.16.16.154"])
    #expect(f.targets.map(\.description) == ["172.16.16.164", "172.16.16.181"])
    #expect(f.evidenceFrames == [14, 58, 115] && f.packetCount == 12)  // the filter also shows its own session (77, 80)
    guard case let .sessionHijacking(x) = f.facts else { Issue.record("not session hijacking facts"); return }
    #expect(!x.concurrent && x.switchedSession && x.intruders.first?.ownSessionFrame == 77)
    #expect(x.valueDigests == ["04129e841b11"])
    #expect(wording(f).summary.contains("52.0 s after 172.16.16.164 last used it"))
}
