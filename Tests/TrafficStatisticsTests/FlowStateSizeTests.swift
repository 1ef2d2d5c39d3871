import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

// Per-flow state on flow-heavy captures (performance issue 19, docs/performance.md): the state kept
// per TCP stream and per host pair stays small, and the per-flow arrays grow once to their bound
// instead of doubling (a doubling near the end of the pass was the peak).

@Test func perStreamAndPerPairStateKeepsItsCompactSize() {
    // Two TCP directions of sequence analysis, two of PDU reassembly, the expert tally, a host pair
    // and an Ethernet/IP conversation row: each once per flow, so each byte counts 100k times.
    #expect(MemoryLayout<TCPStreamState>.stride == 112)
    #expect(MemoryLayout<TCPPDUReassembly.DirectionState>.stride == 32)
    #expect(MemoryLayout<TCPTally>.stride == 64)
    #expect(MemoryLayout<PairActivity>.stride == 56)
    #expect(MemoryLayout<AddressConversation>.stride == 96)
}

@Test func aConversationTablePastAFewThousandRowsReservesItsCapOnce() {
    var table = ConversationTable()
    // Past the threshold the next full buffer reserves the cap (the buffer in use may hold a few more).
    let rows = 2 * Array<Conversation>.flowGrowthThreshold + 10
    for i in 0 ..< rows {
        let p = decoded(syn(i), number: i + 1)
        table.countTransport(
            source: Endpoint(p.ipSource, p.sourcePort), destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
    }
    #expect(table.rows.count == rows)
    #expect(table.rows.capacity >= table.capacity)
    // A small table grows as before.
    var small = ConversationTable()
    let p = decoded(syn(1), number: 1)
    small.countTransport(source: Endpoint(p.ipSource, p.sourcePort), destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
    #expect(small.rows.capacity < Array<Conversation>.flowGrowthThreshold)
}

@Test func growingToTheLimitNeverReservesPastIt() {
    var values: [Int] = []
    for i in 0 ..< 5000 { values.appendGrowingToLimit(i, limit: 4500) }
    #expect(values.count == 5000 && values.last == 4999)
    var unbounded: [Int] = []
    for i in 0 ..< 5000 { unbounded.appendGrowingToLimit(i, limit: 0) }
    #expect(unbounded.capacity < 100_000)
}

@Test func beaconPairsAreFoundAgainPastTheIndexGrowth() {
    var pass = BeaconPass()
    // 3,000 servers (10.1.x.1-200: no broadcast address), each opened twice (streams numbered in
    // order): the index grows many times.
    for round in 0 ..< 2 {
        for i in 0 ..< 3000 {
            var p = DecodedPacket()
            p.frameNumber = round * 3000 + i + 1; p.timestamp = Int64(round * 60 + 1) * 1_000_000_000; p.ipVersion = 4
            p.ipSource = IPAddress("10.0.0.5")!; p.ipDestination = IPAddress(ipv4: 0x0A01_0000 | UInt32(i / 200) << 8 | UInt32(i % 200 + 1))
            p.sourcePort = 50000; p.destinationPort = 443; p.transport = .tcp; p.tcpHeaderLength = 20; p.tcpFlags = .syn
            pass.observe(p, flow: FlowRef(stream: Int32(round * 3000 + i)))
        }
    }
    let s = pass.finish(tcp: ConversationTable())
    #expect(s.pairs.count == 3000)
    #expect(s.pairs.allSatisfy { $0.connections == 2 && $0.times.count == 2 })
}
