import PacketDecoding
import Testing

@testable import TrafficStatistics

/// A TCP SYN or UDP datagram from 10.0.0.5 to `server`:`port` at `seconds`.
private func packet(_ seconds: Double, tcp: Bool = true, server: String = "203.0.113.9", port: UInt16 = 443, frame: Int = 1)
    -> DecodedPacket
{
    var p = DecodedPacket()
    p.frameNumber = frame; p.timestamp = Int64(seconds * 1e9); p.ipVersion = 4
    p.ipSource = IPAddress("10.0.0.5")!; p.ipDestination = IPAddress(server)!
    p.sourcePort = 50000; p.destinationPort = port
    if tcp { p.transport = .tcp; p.tcpHeaderLength = 20; p.tcpFlags = .syn } else { p.transport = .udp; p.udpLength = 108 }
    return p
}

@Test func startsPerPairAreCappedButCountedInFull() {
    var pass = BeaconPass()
    for i in 0 ..< BeaconPass.startsKept + 10 { pass.observe(packet(Double(i) * 60, frame: i + 1), flow: FlowRef(stream: Int32(i))) }
    let s = pass.finish(tcp: ConversationTable())
    #expect(s.pairs.count == 1)
    #expect(s.pairs[0].connections == BeaconPass.startsKept + 10)
    #expect(s.pairs[0].times.count == BeaconPass.startsKept)
}

@Test func aRetransmittedSYNIsNoNewConnection() {
    var pass = BeaconPass()
    pass.observe(packet(0), flow: FlowRef(stream: 0))
    pass.observe(packet(1), flow: FlowRef(stream: 0))
    pass.observe(packet(60), flow: FlowRef(stream: 1))
    #expect(pass.finish(tcp: ConversationTable()).pairs[0].connections == 2)
}

@Test func udpDatagramsCloserThanTheIdleGapAreOneConnection() {
    var pass = BeaconPass()
    for t in [0.0, 0.5, 1.0, 60, 60.2, 120] { pass.observe(packet(t, tcp: false, port: 4444), flow: FlowRef(stream: 0)) }
    let pair = pass.finish(tcp: ConversationTable()).pairs[0]
    #expect(pair.connections == 3)
    #expect(pair.sizes == [300, 200, 100])
}

@Test func ntpDNSAndMulticastAreNotTracked() {
    var pass = BeaconPass()
    pass.observe(packet(0, tcp: false, port: 123), flow: FlowRef(stream: 0))
    pass.observe(packet(0, tcp: false, port: 53), flow: FlowRef(stream: 1))
    pass.observe(packet(0, tcp: false, server: "239.255.255.250", port: 4444), flow: FlowRef(stream: 2))
    #expect(pass.finish(tcp: ConversationTable()).pairs.isEmpty)
}

@Test func thePairTableIsCapped() {
    var pass = BeaconPass()
    for i in 0 ..< BeaconPass.pairsKept + 5 {
        pass.observe(packet(0, port: UInt16(1 + i % 60000), frame: i), flow: FlowRef(stream: Int32(i)))
    }
    let s = pass.finish(tcp: ConversationTable())
    #expect(s.pairs.count <= BeaconPass.pairsKept)
}

@Test func internalAddressesAreRecognised() {
    #expect(IPAddress("10.1.2.3")!.isInternal && IPAddress("172.16.0.1")!.isInternal && IPAddress("192.168.1.1")!.isInternal)
    #expect(IPAddress("100.64.0.1")!.isInternal && IPAddress("169.254.1.1")!.isInternal)
    #expect(!IPAddress("172.32.0.1")!.isInternal && !IPAddress("8.8.8.8")!.isInternal && !IPAddress("203.0.113.9")!.isInternal)
}
