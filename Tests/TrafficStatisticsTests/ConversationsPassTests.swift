import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

func decoded(_ frame: [UInt8], number: Int, time: Int64 = 0) -> DecodedPacket {
    frame.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet, frameNumber: number, timestamp: time, wireLength: frame.count) }
}

@Test func conversationAIsTheFirstSender() {
    var pass = ConversationsPass()
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.9", 443, "10.0.0.5", 40000, flags: 0x12), number: 1))
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 443, flags: 0x10), number: 2))
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 443, flags: 0x10), number: 3))
    let tables = pass.finish()
    #expect(tables.tcp.rows.count == 1)
    let row = tables.tcp.rows[0]
    #expect(row.a.address.description == "10.0.0.9" && row.a.port == 443)
    #expect(row.aToB.frames == 1 && row.bToA.frames == 2)
    #expect(row.aToB.synAck == 1)
    #expect(tables.ipv4.rows.count == 1 && tables.ethernet.rows.count == 1)
}

@Test func streamsAreNumberedInOrderOfFirstAppearance() {
    var pass = ConversationsPass()
    for (i, port) in [80, 443, 80, 22].enumerated() {
        pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", UInt16(port), flags: 0x02), number: i + 1))
    }
    #expect(pass.finish().tcp.rows.map { $0.b.port } == [80, 443, 22])
    #expect(pass.finish().tcp.rows.map(\.stream) == [0, 1, 2])
}

@Test func hierarchyCountsEveryPathPrefix() {
    var pass = ProtocolHierarchyPass(), flows = ConversationsPass()
    for (i, frame) in [FrameBuilder.minimalSYN, FrameBuilder.minimalUDP].enumerated() {
        let p = decoded(frame, number: i + 1)
        pass.observe(p, flow: flows.observe(p))
    }
    let nodes = pass.finish().nodes.map { ($0.path.map(\.filterName).joined(separator: ":"), $0.frames) }
    #expect(nodes.map(\.0) == ["eth", "eth:ip", "eth:ip:tcp", "eth:ip:udp", "eth:ip:udp:dns"])
    #expect(nodes.map(\.1) == [2, 2, 1, 1, 1])
}

@Test func expertRowsUseWiresharksTexts() {
    var pass = ExpertPass(), flows = ConversationsPass()
    let frames = [FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 443, flags: 0x02),
                  FrameBuilder.tcpFrame("10.0.0.9", 443, "10.0.0.5", 40000, flags: 0x12),
                  FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 443, flags: 0x04)]
    for (i, f) in frames.enumerated() {
        let p = decoded(f, number: i + 1)
        f.withUnsafeBytes { pass.observe(p, bytes: $0, flow: flows.observe(p)) }
    }
    let items = pass.finish().items
    #expect(items.map(\.summary) == ["Connection reset (RST)", "Connection establish request (SYN): server port 443",
                                     "Connection establish acknowledge (SYN+ACK): server port 443"])
    #expect(items.map(\.severity) == [.warning, .chat, .chat])
}

/// tcp.stream: a new SYN (other sequence number) on a port pair whose side already has a base
/// sequence number opens a new stream; a retransmitted SYN (same number) stays in the old one.
@Test func aReusedPortPairStartsANewTCPStream() {
    var pass = ConversationsPass()
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x02, sequence: 100), number: 1))
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x02, sequence: 100), number: 2))
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: 0x14, sequence: 0, acknowledgment: 101), number: 3))
    pass.observe(decoded(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x02, sequence: 5000), number: 4))
    let rows = pass.finish().tcp.rows
    #expect(rows.map(\.frames) == [3, 1])
    #expect(rows.map(\.stream) == [0, 1])
}

/// TCP/UDP frames reach their IP row through their stream's link; the counts must be what a lookup
/// gives: an IP pair first seen the other way round (reversed orientation), and a host talking to
/// itself (both addresses equal: every frame A to B, as tshark counts it).
@Test func ipRowsLinkedFromStreamsCountLikeALookup() {
    var pass = ConversationsPass()
    let frames = [
        FrameBuilder.udpFrame("10.0.0.9", 53, "10.0.0.5", 40001, payload: [1]),            // IP pair A = .9
        FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x02),            // TCP A = .5 (reversed)
        FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: 0x12),
        FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x10),
        FrameBuilder.tcpFrame("10.0.0.7", 1000, "10.0.0.7", 2000, flags: 0x02),            // to itself
        FrameBuilder.tcpFrame("10.0.0.7", 2000, "10.0.0.7", 1000, flags: 0x12),
    ]
    for (i, f) in frames.enumerated() { pass.observe(decoded(f, number: i + 1)) }
    let ip = pass.finish().ipv4.rows
    #expect(ip.count == 2)
    #expect(ip[0].a.address.description == "10.0.0.9" && ip[0].framesAtoB == 2 && ip[0].framesBtoA == 2)
    #expect(ip[1].a.address.description == "10.0.0.7" && ip[1].framesAtoB == 2 && ip[1].framesBtoA == 0)
}
