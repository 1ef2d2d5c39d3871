import PacketDecoding
import Support
import TestSupport
import Testing
@testable import TrafficStatistics

// Issue 16 item 13: the session cookies the HTTP pass follows, per server, value digest and client.

private func head(_ text: String) -> [UInt8] { Array(text.utf8) }

@Test func sessionCookiesAreTheKnownNamesAndLongValuesOfSessTokenAuthNames() {
    let cookies = HTTPSessionEvidence.cookies(
        in: head(
            "GET / HTTP/1.1\r\nHost: a\r\nCOOKIE: lang=en; PHPSESSID=abcdef0123456789; sid=1; "
                + "my_auth_token=\"0123456789abcdefXYZ\"; x\"y=0123456789abcdef; theme=0123456789abcdef0123\r\n\r\n"),
        setCookie: false)
    // `sid=1` is too short, `theme` is not a session name, `x"y` is not a token name.
    #expect(cookies.map(\.0) == ["PHPSESSID", "my_auth_token"])
    #expect(cookies.map { String(decoding: $0.1, as: UTF8.self) } == ["abcdef0123456789", "0123456789abcdefXYZ"])
    let set = HTTPSessionEvidence.cookies(
        in: head(
            "HTTP/1.1 200 OK\r\nSet-Cookie: JSESSIONID=ABCDEF0123456789; Path=/; HttpOnly\r\nSet-Cookie: PHPSESSID=deleted; expires=x\r\n\r\n"
        ),
        setCookie: true)
    #expect(set.map(\.0) == ["JSESSIONID"])
}

@Test func theLabHijackCaptureHasOneSessionUsedByTwoClientsAndNoValueKept() throws {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.root + "/Tests/Fixtures/lab/session-hijack.pcap")
    let evidence = summary.httpSessions
    // tshark -Y 'http.cookie contains "PHPSESSID="': 8 requests, frames 12 20 44 52 60 68 from .21, 28 36 from .66.
    #expect(evidence.cookieRequests == 8 && evidence.sessionsDropped == 0)
    let session = try #require(evidence.sessions.first)
    #expect(evidence.sessions.count == 1)
    #expect(session.cookieName == "PHPSESSID" && session.server.description == "10.77.0.10" && session.serverPort == 80)
    #expect(session.valueDigest == String(Digest.sha256(text: "9f2c4e7a1b3d5f60718293a4b5c6d7e8").prefix(16)))
    #expect(session.clients.map(\.client.description) == ["10.77.0.21", "10.77.0.66"])
    let victim = session.clients[0], intruder = session.clients[1]
    #expect(victim.requests == 6 && victim.firstFrame == 12 && victim.lastFrame == 68 && victim.issuedFrame == 5)
    #expect(victim.frames == [12, 20, 44, 52])
    #expect(intruder.requests == 2 && intruder.firstFrame == 28 && intruder.lastFrame == 36 && intruder.issuedFrame == nil)
}

@Test func theSessionTableIsBoundedWithExactCounts() {
    var evidence = HTTPSessionEvidence()
    var packet = DecodedPacket()
    packet.ipDestination = IPAddress(ipv4: 0x0A00_0001)
    for n in 0 ..< HTTPSessionEvidence.sessionsKept + 10 {
        packet.ipSource = IPAddress(ipv4: 0x0A00_0100 + UInt32(n % 20))
        evidence.observe(
            head("GET / HTTP/1.1\r\nCookie: session=value-\(n)-0123456789\r\n\r\n"), isResponse: false, packet, frame: n + 1, time: 0)
    }
    #expect(evidence.sessions.count == HTTPSessionEvidence.sessionsKept)
    #expect(evidence.sessionsDropped == 10 && evidence.cookieRequests == HTTPSessionEvidence.sessionsKept)
    // One value from more clients than are kept: the rest are counted.
    var one = HTTPSessionEvidence()
    for n in 0 ..< HTTPSessionEvidence.clientsKept + 3 {
        packet.ipSource = IPAddress(ipv4: 0x0A00_0200 + UInt32(n))
        one.observe(head("GET / HTTP/1.1\r\nCookie: session=shared-0123456789\r\n\r\n"), isResponse: false, packet, frame: n + 1, time: 0)
    }
    #expect(one.sessions[0].clients.count == HTTPSessionEvidence.clientsKept)
    #expect(one.sessions[0].otherClientRequests == 3)
}
