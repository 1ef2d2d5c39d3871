import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

/// One TCP conversation built in code: client 10.0.0.1:40000, server 10.0.0.2:80.
struct TCPScript {
    var frames: [(bytes: [UInt8], time: Int64)] = []
    static let ms: Int64 = 1_000_000

    /// - Parameters: `fromClient` picks the direction; `time` in milliseconds; flags as in the header byte.
    mutating func add(fromClient: Bool, seq: UInt32, ack: UInt32 = 0, flags: UInt8, window: UInt16 = 1000,
                      length: Int = 0, options: [UInt8] = [], time: Double, urgent: UInt16 = 0) {
        let (s, sp, d, dp) = fromClient ? ("10.0.0.1", UInt16(40000), "10.0.0.2", UInt16(80)) : ("10.0.0.2", 80, "10.0.0.1", 40000)
        var segment = FrameBuilder.tcpSegment(sourcePort: sp, destinationPort: dp, sequence: seq, acknowledgment: ack, flags: flags,
                                              window: window, options: options, [UInt8](repeating: 0x41, count: length))
        segment[18] = UInt8(urgent >> 8); segment[19] = UInt8(urgent & 0xFF)
        let frame = FrameBuilder.ethernet(type: 0x0800, FrameBuilder.ipv4Packet(source: s, destination: d, protocolNumber: 6, segment))
        frames.append((frame, Int64(time * 1_000_000)))
    }

    /// SYN (t 0), SYN+ACK (t 1 ms), ACK (t 50 ms): client ISN 100, server ISN 500; iRTT 50 ms.
    static func handshake(serverWindow: UInt16 = 1000) -> TCPScript {
        var s = TCPScript()
        s.add(fromClient: true, seq: 100, flags: 0x02, options: [2, 4, 0x05, 0xB4], time: 0)
        s.add(fromClient: false, seq: 500, ack: 101, flags: 0x12, window: serverWindow, options: [2, 4, 0x05, 0xB4], time: 1)
        s.add(fromClient: true, seq: 101, ack: 501, flags: 0x10, time: 50)
        return s
    }

    func run() -> ExpertInformation {
        var pass = ExpertPass(), flows = ConversationsPass()
        for (i, f) in frames.enumerated() {
            let p = f.bytes.withUnsafeBytes {
                PacketDecoder.decode($0, linkType: .ethernet, frameNumber: i + 1, timestamp: f.time, wireLength: f.bytes.count)
            }
            f.bytes.withUnsafeBytes { pass.observe(p, bytes: $0, flow: flows.observe(p)) }
        }
        return pass.finish()
    }
}

extension ExpertInformation {
    func count(of summary: String) -> Int { items.filter { $0.summary == summary }.reduce(0) { $0 + $1.count } }
    func frames(of summary: String) -> [Int] { items.first { $0.summary == summary }?.frames ?? [] }
}

let analysisTexts = ["retransmission", "out-of-order", "not captured", "Duplicate ACK", "Zero Window", "window update",
                     "completely full", "keep-alive", "same ports", "D-SACK", "acknowledgment number", "urgent pointer", "MSS"]

@Test func normalConversationRaisesNoAnalysisItem() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 60)
    s.add(fromClient: false, seq: 501, ack: 111, flags: 0x18, length: 20, time: 70)
    s.add(fromClient: true, seq: 111, ack: 521, flags: 0x10, time: 80)
    s.add(fromClient: true, seq: 111, ack: 521, flags: 0x11, time: 90)
    s.add(fromClient: false, seq: 521, ack: 112, flags: 0x11, time: 100)
    s.add(fromClient: true, seq: 112, ack: 522, flags: 0x10, time: 110)
    let info = s.run()
    let flagged = info.items.filter { item in analysisTexts.contains { item.summary.contains($0) } }
    #expect(flagged.isEmpty, "unexpected: \(flagged.map(\.summary))")
    #expect(info.count(.warning) == 0 && info.count(.error) == 0)
    #expect(info.count(of: "This frame initiates the connection closing") == 1)
    #expect(info.count(of: "This frame undergoes the connection closing") == 1)
}

@Test func retransmissionAfterTheOutOfOrderWindowIsFlaggedOnce() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 60)
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 400)
    let info = s.run()
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 1)
    #expect(info.frames(of: "This frame is a (suspected) retransmission") == [5])
}

@Test func retransmittedSYNIsARetransmissionNotAnOutOfOrderSegment() {
    var s = TCPScript()
    s.add(fromClient: true, seq: 100, flags: 0x02, options: [2, 4, 0x05, 0xB4], time: 0)
    s.add(fromClient: true, seq: 100, flags: 0x02, options: [2, 4, 0x05, 0xB4], time: 1)
    let info = s.run()
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 1)
    #expect(info.count(of: "This frame is a (suspected) out-of-order segment") == 0)
}

@Test func spuriousRetransmissionOfACKedDataIsFlaggedOnceAndCountsAsRetransmission() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 60)
    s.add(fromClient: false, seq: 501, ack: 111, flags: 0x10, time: 70)
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 400)
    let info = s.run()
    #expect(info.count(of: "This frame is a (suspected) spurious retransmission") == 1)
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 1)
}

@Test func fastRetransmissionAfterTwoDuplicateACKsIsFlaggedOnce() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 60)   // lost on the way
    s.add(fromClient: true, seq: 111, ack: 501, flags: 0x18, length: 10, time: 61)
    s.add(fromClient: false, seq: 501, ack: 101, flags: 0x10, time: 62)               // dup #1 of the SYN+ACK's ACK
    s.add(fromClient: false, seq: 501, ack: 101, flags: 0x10, time: 63)               // dup #2
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 65)
    let info = s.run()
    #expect(info.count(of: "This frame is a (suspected) fast retransmission") == 1)
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 1)
    #expect(info.count(of: "Duplicate ACK (#1)") == 1 && info.count(of: "Duplicate ACK (#2)") == 1)
}

@Test func outOfOrderSegmentWithinTheHandshakeRTTIsFlaggedOnce() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 111, ack: 501, flags: 0x18, length: 10, time: 60)
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 61)
    let info = s.run()
    #expect(info.count(of: "This frame is a (suspected) out-of-order segment") == 1)
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 0)
}

@Test func gapInSequenceNumbersIsPreviousSegmentNotCaptured() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 111, ack: 501, flags: 0x18, length: 10, time: 60)
    #expect(s.run().count(of: "Previous segment(s) not captured (common at capture start)") == 1)
}

@Test func ackBeyondSeenDataIsACKedSegmentNotCaptured() {
    var s = TCPScript.handshake()
    s.add(fromClient: false, seq: 501, ack: 200, flags: 0x10, time: 60)
    #expect(s.run().count(of: "ACKed segment that wasn't captured (common at capture start)") == 1)
}

@Test func repeatedACKIsADuplicateACK() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x10, time: 60)
    let info = s.run()
    #expect(info.count(of: "Duplicate ACK (#1)") == 1)
    #expect(info.items.filter { $0.summary.hasPrefix("Duplicate ACK") }.count == 1)
}

@Test func zeroWindowIsFlaggedOnce() {
    var s = TCPScript.handshake()
    s.add(fromClient: false, seq: 501, ack: 101, flags: 0x10, window: 0, time: 60)
    #expect(s.run().count(of: "TCP Zero Window segment") == 1)
}

@Test func zeroWindowProbeAndItsACKAreFlaggedOnceEach() {
    var s = TCPScript.handshake()
    s.add(fromClient: false, seq: 501, ack: 101, flags: 0x10, window: 0, time: 60)
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 1, time: 70)
    s.add(fromClient: false, seq: 501, ack: 101, flags: 0x10, window: 0, time: 71)
    let info = s.run()
    #expect(info.count(of: "TCP Zero Window Probe") == 1)
    #expect(info.count(of: "ACK to a TCP Zero Window Probe") == 1)
}

@Test func newWindowWithSameSequenceAndACKIsAWindowUpdate() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x10, window: 4000, time: 60)
    let info = s.run()
    #expect(info.count(of: "TCP window update") == 1)
    #expect(info.count(of: "Duplicate ACK (#1)") == 0)
}

@Test func segmentReachingTheAdvertisedWindowEdgeIsWindowFull() {
    var s = TCPScript.handshake(serverWindow: 20)
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 20, time: 60)
    #expect(s.run().count(of: "TCP window specified by the receiver is now completely full") == 1)
}

@Test func keepAliveAndItsACKAreFlaggedOnceEach() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 100, ack: 501, flags: 0x10, time: 5000)
    s.add(fromClient: false, seq: 501, ack: 101, flags: 0x10, time: 5001)
    let info = s.run()
    #expect(info.count(of: "TCP keep-alive segment") == 1)
    #expect(info.count(of: "ACK to a TCP keep-alive segment") == 1)
}

@Test func newSYNWithAnotherSequenceNumberReportsReusedPorts() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x14, time: 60)
    s.add(fromClient: true, seq: 9000, flags: 0x02, options: [2, 4, 0x05, 0xB4], time: 1000)
    let info = s.run()
    #expect(info.count(of: "A new tcp session is started with the same ports as an earlier session in this trace") == 1)
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 0)
}

/// Sequence state is per stream: the second session on the same ports starts fresh (its data is no
/// retransmission of the first's), and the report's per-conversation health adds the two up.
@Test func retransmissionsOfTwoSessionsOnReusedPortsAddUpInTheHealthList() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 60)
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 400)       // retransmission
    s.add(fromClient: true, seq: 111, ack: 501, flags: 0x14, time: 500)
    s.add(fromClient: true, seq: 9000, flags: 0x02, options: [2, 4, 0x05, 0xB4], time: 1000)
    s.add(fromClient: false, seq: 7000, ack: 9001, flags: 0x12, options: [2, 4, 0x05, 0xB4], time: 1001)
    s.add(fromClient: true, seq: 9001, ack: 7001, flags: 0x18, length: 10, time: 1050)
    s.add(fromClient: true, seq: 9001, ack: 7001, flags: 0x18, length: 10, time: 1400)   // retransmission
    let info = s.run()
    #expect(info.count(of: "A new tcp session is started with the same ports as an earlier session in this trace") == 1)
    #expect(info.count(of: "This frame is a (suspected) retransmission") == 2)
    #expect(info.tcpHealth.count == 1)
    #expect(info.tcpHealth.first?.retransmissions == 2)
    #expect(info.tcpHealth.first?.dataSegments == 8)   // SYNs, SYN+ACKs and data segments of both sessions
}

@Test func headerAnomaliesAreFlaggedOnceEach() {
    var s = TCPScript()
    s.add(fromClient: true, seq: 100, ack: 7, flags: 0x02, options: [2, 4, 0x05, 0xB4], time: 0)   // ACK number without ACK
    s.add(fromClient: false, seq: 500, ack: 101, flags: 0x12, options: [4, 2], time: 1)             // SYN without MSS
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x10, options: [2, 4, 0x05, 0xB4], time: 2) // MSS on non-SYN
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 5, time: 3, urgent: 9)        // urgent without URG
    let info = s.run()
    #expect(info.count(of: "The acknowledgment number field is nonzero while the ACK flag is not set") == 1)
    #expect(info.count(of: "The SYN packet does not contain a MSS option") == 1)
    #expect(info.count(of: "The non-SYN packet does contain a MSS option") == 1)
    #expect(info.count(of: "The urgent pointer field is nonzero while the URG flag is not set") == 1)
}

@Test func windowScaleAbove14IsFlaggedOnce() {
    var s = TCPScript()
    s.add(fromClient: true, seq: 100, flags: 0x02, options: [2, 4, 0x05, 0xB4, 3, 3, 15], time: 0)
    #expect(s.run().count(of: "Window scale shift exceeds 14") == 1)
}

@Test func sackBlockBelowTheACKIsADSACK() {
    var s = TCPScript.handshake()
    s.add(fromClient: true, seq: 101, ack: 501, flags: 0x18, length: 10, time: 60)
    s.add(fromClient: false, seq: 501, ack: 111, flags: 0x10, time: 61)
    s.add(fromClient: false, seq: 501, ack: 111, flags: 0x10,
          options: [1, 1, 5, 10] + FrameBuilder.be32(101) + FrameBuilder.be32(111), time: 62)
    #expect(s.run().count(of: "D-SACK Sequence") == 1)
}

@Test func lowTTLTowardsUnicastIsFlaggedButNotTowardsMulticast() {
    var pass = ExpertPass(), flows = ConversationsPass()
    let low = FrameBuilder.ethernet(type: 0x0800, FrameBuilder.ipv4Packet(source: "10.0.0.1", destination: "10.0.0.2",
                                                                          protocolNumber: 17, ttl: 2, FrameBuilder.udpDatagram(sourcePort: 1, destinationPort: 2, [1])))
    let multicast = FrameBuilder.ethernet(type: 0x0800, FrameBuilder.ipv4Packet(source: "10.0.0.1", destination: "224.0.0.251",
                                                                                protocolNumber: 17, ttl: 1, FrameBuilder.udpDatagram(sourcePort: 1, destinationPort: 2, [1])))
    for (i, f) in [low, multicast].enumerated() {
        let p = decoded(f, number: i + 1)
        f.withUnsafeBytes { pass.observe(p, bytes: $0, flow: flows.observe(p)) }
    }
    let info = pass.finish()
    #expect(info.items.map(\.summary) == ["\"Time To Live\" only 2"])
    #expect(info.items.first?.protocolName == "IPv4")
}

@Test func ssdpRequestLineIsAChat() {
    var pass = ExpertPass()
    let f = FrameBuilder.udpFrame("10.0.0.1", 50000, "239.255.255.250", 1900, payload: Array("NOTIFY * HTTP/1.1\r\nHOST: x\r\n\r\n".utf8))
    let p = decoded(f, number: 1)
    var flows = ConversationsPass()
    f.withUnsafeBytes { pass.observe(p, bytes: $0, flow: flows.observe(p)) }
    let info = pass.finish()
    #expect(info.items.map(\.summary) == ["NOTIFY * HTTP/1.1\\r\\n"])
    #expect(info.items.first?.protocolName == "SSDP")
}

@Test func perPacketDetailListsEveryFrameOnlyWhenAsked() {
    var s = TCPScript.handshake()
    for i in 0 ..< 100 { s.add(fromClient: true, seq: 101, ack: 501, flags: 0x10, time: 60 + Double(i)) }
    var detailed = ExpertPass(options: AnalysisOptions(expertFramesInDetail: true))
    var plain = ExpertPass(), flows = ConversationsPass()
    for (i, f) in s.frames.enumerated() {
        let p = f.bytes.withUnsafeBytes {
            PacketDecoder.decode($0, linkType: .ethernet, frameNumber: i + 1, timestamp: f.time, wireLength: f.bytes.count)
        }
        let flow = flows.observe(p)
        f.bytes.withUnsafeBytes { detailed.observe(p, bytes: $0, flow: flow); plain.observe(p, bytes: $0, flow: flow) }
    }
    let d = detailed.finish(), q = plain.finish()
    #expect(q.perPacket.isEmpty && !q.detailed)
    #expect(d.detailed)
    let total = d.items.reduce(0) { $0 + $1.count }
    #expect(d.perPacket.count == total)
    #expect(d.items.allSatisfy { $0.frames.count <= ExpertPass.framesKept })
}

func expertItems(_ frames: [[UInt8]], times: [Int64]? = nil) -> ExpertInformation {
    var pass = ExpertPass(), flows = ConversationsPass()
    for (i, f) in frames.enumerated() {
        let p = f.withUnsafeBytes {
            PacketDecoder.decode($0, linkType: .ethernet, frameNumber: i + 1, timestamp: times?[i] ?? Int64(i), wireLength: f.count)
        }
        f.withUnsafeBytes { pass.observe(p, bytes: $0, flow: flows.observe(p)) }
    }
    return pass.finish()
}

@Test func repeatedLLMNRQueryWithoutAnswerIsAQueryRetransmission() {
    let query: [UInt8] = [0x46, 0x20, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x41, 0, 0, 1, 0, 1]
    let frame = FrameBuilder.udpFrame("10.0.0.1", 55131, "224.0.0.252", 5355, payload: query)
    let info = expertItems([frame, frame], times: [0, 100_000_000])
    #expect(info.items.map(\.summary) == ["DNS query retransmission. Original request in frame 1"])
    #expect(info.items.first?.protocolName == "LLMNR" && info.items.first?.severity == .warning)
}

@Test func answeredDNSQueryRaisesNoRetransmission() {
    let query: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x41, 0, 0, 1, 0, 1]
    var response = query; response[2] = 0x81; response[3] = 0x80
    let info = expertItems([FrameBuilder.udpFrame("10.0.0.1", 40000, "10.0.0.53", 53, payload: query),
                            FrameBuilder.udpFrame("10.0.0.53", 53, "10.0.0.1", 40000, payload: response)])
    #expect(info.items.isEmpty)
}

@Test func secondResponseIsAResponseRetransmission() {
    let query: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x41, 0, 0, 1, 0, 1]
    var response = query; response[2] = 0x81; response[3] = 0x80
    let answer = FrameBuilder.udpFrame("10.0.0.53", 53, "10.0.0.1", 40000, payload: response)
    let info = expertItems([FrameBuilder.udpFrame("10.0.0.1", 40000, "10.0.0.53", 53, payload: query), answer, answer])
    #expect(info.items.map(\.summary) == ["DNS response retransmission. Original response in frame 2"])
}

@Test func udpToATracerouteProbePortIsAPossibleTraceroute() {
    let info = expertItems([FrameBuilder.udpFrame("10.0.0.1", 62025, "10.0.0.9", 33459, payload: [0])])
    #expect(info.items.map(\.summary) == ["Possible traceroute: hop #9, attempt #1"])
}

@Test func groupSourceMACIsFlaggedOnce() {
    var frame = FrameBuilder.udpFrame("10.0.0.1", 1000, "10.0.0.9", 2000, payload: [0])
    frame[6] |= 0x01
    let info = expertItems([frame])
    #expect(info.items.map(\.summary) == ["Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)"])
}

@Test func nonZeroPaddingOfAMinimumFrameIsTheTrailerNote() {
    // 54-byte TCP ACK padded to 60 with non-zero bytes: Wireshark's "Didn't find padding of zeros" note.
    let ack = FrameBuilder.tcpFrame("10.0.0.1", 40000, "10.0.0.2", 80, flags: 0x10, sequence: 1, acknowledgment: 1)
    let info = expertItems([ack + [2, 4, 5, 0x7E, 1, 1]])
    #expect(info.count(of: "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.") == 1)
    // Zero padding followed by a 4-byte FCS, and a short frame's trailer, raise nothing.
    let quiet = expertItems([ack + [0, 0, 0, 0, 0, 0, 0xF3, 0x9B, 0xC2, 0x2D]])
    #expect(quiet.items.allSatisfy { !$0.summary.hasPrefix("Didn't find padding") })
}

@Test func badChecksumsAreReportedOnlyWhenChecksumChecksAreOn() {
    // FrameBuilder leaves the TCP checksum 0 (wrong) and computes the IPv4 header checksum (right).
    let frame = FrameBuilder.tcpFrame("10.0.0.1", 40000, "10.0.0.2", 80, flags: 0x02, options: [2, 4, 0x05, 0xB4])
    let p = decoded(frame, number: 1)
    var off = ExpertPass(), on = ExpertPass(options: AnalysisOptions(checksumChecks: true))
    var flows = ConversationsPass()
    let flow = flows.observe(p)
    frame.withUnsafeBytes { off.observe(p, bytes: $0, flow: flow); on.observe(p, bytes: $0, flow: flow) }
    #expect(off.finish().items.allSatisfy { $0.group != .checksum })
    let bad = on.finish().items.filter { $0.group == .checksum }
    #expect(bad.count == 1)
    #expect(bad.first?.protocolName == "TCP" && bad.first?.severity == .error)
    #expect(bad.first?.summary.hasPrefix("Bad checksum [should be 0x") == true)
}

@Test func icmpLengthBeyondTheMessageIsMalformed() {
    // Time exceeded whose RFC 4884 length (93 words = 372 bytes) exceeds the 28 quoted bytes.
    let quoted = FrameBuilder.ipv4Packet(source: "10.0.0.1", destination: "4.2.2.1", protocolNumber: 1, ttl: 1,
                                         FrameBuilder.icmpMessage(type: 8, code: 0))
    let error = FrameBuilder.ethernet(type: 0x0800, FrameBuilder.ipv4Packet(source: "10.0.0.254", destination: "10.0.0.1", protocolNumber: 1,
                                                                            FrameBuilder.icmpMessage(type: 11, code: 0, rest: [0, 93, 0, 0], quoted)))
    let info = expertItems([error])
    #expect(info.items.map(\.summary) == ["Malformed Packet (Exception occurred)"])
    #expect(info.items.first?.protocolName == "ICMP")
    var fine = error
    fine[14 + 20 + 5] = 0
    #expect(expertItems([fine]).items.isEmpty)
}
