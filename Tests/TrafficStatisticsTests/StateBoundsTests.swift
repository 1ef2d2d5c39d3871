import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

// Per-flow state is bounded so a capture with millions of flows cannot exhaust memory
// (docs/robustness.md, "Adversarial sizes").

func syn(_ i: Int) -> [UInt8] {
    FrameBuilder.tcpFrame("11.\(i >> 16 & 255).\(i >> 8 & 255).\(i & 255)", UInt16(1024 + i % 60000), "10.0.0.1", 80, flags: 0x02)
}

@Test func aFullConversationTableCountsFurtherFramesWithoutListingThem() {
    var table = ConversationTable(capacity: 2)
    for i in 0 ..< 5 {
        let p = decoded(syn(i), number: i + 1)
        table.countTransport(source: Endpoint(p.ipSource, p.sourcePort), destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
    }
    // A frame of a conversation already listed is still counted in its row.
    let again = decoded(syn(0), number: 6)
    table.countTransport(source: Endpoint(again.ipSource, again.sourcePort), destination: Endpoint(again.ipDestination, again.destinationPort), packet: again)
    #expect(table.rows.count == 2)
    #expect(table.droppedFrames == 3)
    #expect(table.rows[0].aToB.frames == 2)
}

@Test func theStreamIndexStopsGrowingAfterTheKeptStreams() {
    var pass = StreamsPass(), flows = ConversationsPass()
    for i in 0 ..< StreamsPass.streamsKept + 500 {
        let frame = syn(i)
        frame.withUnsafeBytes { bytes in
            let p = PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: 0, wireLength: frame.count)
            pass.observe(p, bytes: bytes, flow: flows.observe(p))
        }
    }
    #expect(pass.tcpSlots.count == StreamsPass.streamsKept)
    #expect(pass.finish().count == StreamsPass.streamsKept)
}

@Test func perDirectionReassemblyStateIsCapped() {
    var pass = ProtocolHierarchyPass(), flows = ConversationsPass()
    // Reassembly state is kept per stream of the TCP table (two directions each): past the table's
    // cap a new stream gets none.
    let streams = ConversationTable.defaultCapacity
    for i in 0 ..< streams + 10 {
        let frame = syn(i)
        frame.withUnsafeBytes { bytes in
            let p = PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: 0, wireLength: frame.count)
            pass.observe(p, bytes: bytes, flow: flows.observe(p))
        }
    }
    #expect(pass.reassembly.directions.count == 2 * streams)
    #expect(pass.finish().nodes.first?.frames == streams + 10, "every frame is still counted")
}

/// Follow-stream excerpts are numbered like the TCP table's `tcp.stream`: a second session on the
/// same ports (a SYN with a new initial sequence number) is a stream of its own.
@Test func excerptsFollowTheTableStreamsOfReusedPorts() {
    let c = "10.0.0.5", s = "10.0.0.9"
    let frames = [
        FrameBuilder.tcpFrame(c, 40000, s, 80, flags: 0x02, sequence: 100),
        FrameBuilder.tcpFrame(s, 80, c, 40000, flags: 0x12, sequence: 500, acknowledgment: 101),
        FrameBuilder.tcpFrame(c, 40000, s, 80, flags: 0x18, sequence: 101, acknowledgment: 501, payload: Array("hello".utf8)),
        FrameBuilder.tcpFrame(c, 40000, s, 80, flags: 0x14, sequence: 106, acknowledgment: 501),
        FrameBuilder.tcpFrame(c, 40000, s, 80, flags: 0x02, sequence: 9000),
        FrameBuilder.tcpFrame(s, 80, c, 40000, flags: 0x12, sequence: 7000, acknowledgment: 9001),
        FrameBuilder.tcpFrame(c, 40000, s, 80, flags: 0x18, sequence: 9001, acknowledgment: 7001, payload: Array("world".utf8)),
    ]
    var pass = StreamsPass(), flows = ConversationsPass()
    for (i, frame) in frames.enumerated() {
        frame.withUnsafeBytes { bytes in
            let p = PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: Int64(i), wireLength: frame.count)
            pass.observe(p, bytes: bytes, flow: flows.observe(p))
        }
    }
    let excerpts = pass.finish()
    #expect(excerpts.map(\.stream) == [0, 1])
    #expect(excerpts.map { String(decoding: $0.segments.flatMap(\.bytes), as: UTF8.self) } == ["hello", "world"])
    #expect(flows.finish().tcp.rows.map(\.stream) == [0, 1])
}
