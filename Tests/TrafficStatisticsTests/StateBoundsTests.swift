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
    var pass = StreamsPass()
    for i in 0 ..< StreamsPass.streamsKept + 500 {
        let frame = syn(i)
        frame.withUnsafeBytes { bytes in
            pass.observe(PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: 0, wireLength: frame.count), bytes: bytes)
        }
    }
    #expect(pass.tcpIndex.count == StreamsPass.streamsKept)
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
    #expect(pass.directions.count == 2 * streams)
    #expect(pass.finish().nodes.first?.frames == streams + 10, "every frame is still counted")
}
