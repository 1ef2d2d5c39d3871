import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

/// A DNS response to `dnsQuery(name, type:, id:)` with `answers` (type, TTL, RDATA); names compressed to the question.
func dnsResponse(_ name: String, type: UInt16 = 1, id: UInt16 = 7, rcode: UInt8 = 0, answers: [(UInt16, UInt32, [UInt8])] = []) -> [UInt8] {
    var m = dnsQuery(name, type: type, id: id)
    m[2] = 0x81; m[3] = 0x80 | rcode
    m[6] = 0; m[7] = UInt8(answers.count)
    for (t, ttl, data) in answers {
        m += [0xC0, 12] + FrameBuilder.be16(t) + [0, 1] + FrameBuilder.be32(ttl) + FrameBuilder.be16(UInt16(data.count)) + data
    }
    return m
}

@Test func dnsEvidencePairsQueriesWithAnswersAndCountsNXDomain() {
    var pass = DNSQueryPass()
    let cname: [UInt8] = [3] + Array("cdn".utf8) + [0xC0, 12]  // cdn.www.example.com
    let frames = [
        FrameBuilder.udpFrame("10.0.0.5", 30000, "10.0.0.2", 53, payload: dnsQuery("www.example.com", id: 1)),
        FrameBuilder.udpFrame(
            "10.0.0.2", 53, "10.0.0.5", 30000,
            payload: dnsResponse(
                "www.example.com", id: 1, answers: [(5, 600, cname), (1, 60, [93, 184, 216, 34])])),
        FrameBuilder.udpFrame("10.0.0.5", 30001, "10.0.0.2", 53, payload: dnsQuery("nosuch.example.com", id: 2)),
        FrameBuilder.udpFrame("10.0.0.2", 53, "10.0.0.5", 30001, payload: dnsResponse("nosuch.example.com", id: 2, rcode: 3)),
        FrameBuilder.udpFrame("10.0.0.6", 30002, "10.0.0.3", 5353, payload: dnsQuery("www.example.com", id: 3)),
        FrameBuilder.udpFrame("10.0.0.5", 30003, "10.0.0.2", 53, payload: dnsQuery("lost.example.com", id: 4)),
    ]
    feed(frames, into: { p, b in pass.observe(p, bytes: b) })
    let e = pass.finish().evidence
    #expect(e.queries == 3 && e.responses == 2 && e.nxdomain == 1 && e.paired == 2 && e.unanswered == 1)
    let www = e.names.first { $0.name == "www.example.com" }
    #expect(www?.answers == ["cdn.www.example.com", "93.184.216.34"])
    #expect(www?.minimumTTL == 60 && www?.answerRecords == 2 && www?.rcode == 0)
    #expect(www?.queries.frames == [1] && www?.responses.frames == [2])
    #expect(e.names.first { $0.name == "nosuch.example.com" }?.rcode == 3)
    let client = e.clients.first { $0.client.description == "10.0.0.5" }
    #expect(client?.queries == 3 && client?.nxdomain == 1 && client?.distinctNames == 3 && client?.nonStandardPort == false)
    // Port 5353 is not DNSQueryPass's: only port 53 is read.
    #expect(e.clients.allSatisfy { $0.client.description != "10.0.0.6" })
}

@Test func dnsRecordReaderRefusesPointerLoopsAndOverruns() {
    let loop: [UInt8] = FrameBuilder.be16(1) + [1, 0, 0, 1, 0, 0, 0, 0, 0, 0] + [0xC0, 12, 0, 1, 0, 1]
    loop.withUnsafeBytes { #expect(DNSRecordReader($0).question(at: 12) == nil) }
    let short: [UInt8] = FrameBuilder.be16(1) + [1, 0, 0, 1, 0, 0, 0, 0, 0, 0] + [9, 97, 98]
    short.withUnsafeBytes { #expect(DNSRecordReader($0).question(at: 12) == nil) }
}

@Test func dgaScoreSeparatesMachineMadeLabelsFromWords() {
    #expect(DGAScore.score("xkqjwzrtplmvbn4q.com") >= 0.6)
    #expect(DGAScore.score("www.google.com") < 0.3)
    #expect(DGAScore.score("notifications.google.com") < 0.3)
    #expect(DGAScore.score("25.206.119.75.in-addr.arpa") == 0)
    #expect(DGAScore.registeredLabel("a.b.example.co.uk") == "example")
}

/// chris__dns_tcp.pcapng: the response's two-byte length arrives alone in one segment, the message in
/// the next; tshark reassembles it (2 queries, 2 responses), and so must the pass.
@Test func dnsOverTCPJoinsAMessageSplitAcrossSegments() {
    var pass = DNSQueryPass()
    let query = dnsQuery("ripe.net", type: 255, id: 9)
    let response = dnsResponse("ripe.net", type: 255, id: 9, answers: [(1, 300, [193, 0, 6, 139])])
    let prefixed = FrameBuilder.be16(UInt16(response.count)) + response
    let frames = [
        FrameBuilder.tcpFrame(
            "10.0.0.5", 40000, "10.0.0.2", 53, flags: 0x18, sequence: 1, payload: FrameBuilder.be16(UInt16(query.count)) + query),
        FrameBuilder.tcpFrame("10.0.0.2", 53, "10.0.0.5", 40000, flags: 0x18, sequence: 500, payload: Array(prefixed.prefix(1))),
        // A retransmission of the first byte keeps the partial message.
        FrameBuilder.tcpFrame("10.0.0.2", 53, "10.0.0.5", 40000, flags: 0x18, sequence: 500, payload: Array(prefixed.prefix(1))),
        FrameBuilder.tcpFrame("10.0.0.2", 53, "10.0.0.5", 40000, flags: 0x18, sequence: 501, payload: Array(prefixed.dropFirst())),
    ]
    feed(frames, into: { p, b in pass.observe(p, bytes: b) })
    let e = pass.finish().evidence
    #expect(e.queries == 1 && e.responses == 1 && e.paired == 1 && e.overTCP == 2)
    #expect(e.names.first { $0.name == "ripe.net" }?.answers == ["193.0.6.139"])
}
