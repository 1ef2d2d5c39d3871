import PacketDecoding
import TestSupport
import Testing
@testable import TrafficStatistics

/// A TFTP request from 10.0.0.5:60288 to port 69 opens a conversation to any port of 10.0.0.9: the
/// scanner's later probes from that port (to 53 and 7 here) and the ICMP errors quoting them are TFTP in
/// Wireshark's hierarchy, as on the nmap -sU loopback recording (`Tests/Fixtures/lab/live/nmap-sU.pcap`).
@Test func probesFromATFTPClientPortAreShownAsTFTP() {
    let scanner = "10.0.0.5", target = "10.0.0.9"
    let request: [UInt8] = [0, 1] + Array("r7tftp.txt".utf8) + [0] + Array("octet".utf8) + [0]
    let dnsProbe: [UInt8] = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    func unreachable(quoting frame: [UInt8]) -> [UInt8] {
        FrameBuilder.ethernet(
            type: 0x0800,
            FrameBuilder.ipv4Packet(
                source: target, destination: scanner, protocolNumber: 1,
                FrameBuilder.icmpMessage(type: 3, code: 3, rest: [0, 0, 0, 0], Array(frame[14...]))))
    }
    let before = FrameBuilder.udpFrame(scanner, 60288, target, 53, payload: dnsProbe)
    let empty = FrameBuilder.udpFrame(scanner, 60289, target, 69)  // no payload: no TFTP dissector, no conversation
    let tftp = FrameBuilder.udpFrame(scanner, 60288, target, 69, payload: request)
    let dns = FrameBuilder.udpFrame(scanner, 60288, target, 53, payload: dnsProbe)
    let echo = FrameBuilder.udpFrame(scanner, 60288, target, 7, payload: [1, 2, 3])
    let other = FrameBuilder.udpFrame(scanner, 60289, target, 53, payload: dnsProbe)
    let paths = hierarchyPaths([before, empty, tftp, unreachable(quoting: tftp), dns, unreachable(quoting: dns), echo, other])
    #expect(paths["eth/ip/udp/dns"] == 2)  // before the request, and from another source port
    #expect(paths["eth/ip/udp/tftp"] == 3)
    #expect(paths["eth/ip/icmp/tftp"] == 2)
    #expect(paths["eth/ip/udp/data"] == nil)
}

/// The server's first answer binds the conversation to its port: a datagram from another port of the
/// server is not TFTP.
@Test func theServersFirstAnswerBindsTheTFTPConversation() {
    let client = "10.0.0.5", server = "10.0.0.9"
    let frames = [
        FrameBuilder.udpFrame(client, 40000, server, 69, payload: [0, 1] + Array("f".utf8) + [0] + Array("octet".utf8) + [0]),
        FrameBuilder.udpFrame(server, 50000, client, 40000, payload: [0, 3, 0, 1, 0x41]),
        FrameBuilder.udpFrame(client, 40000, server, 50000, payload: [0, 4, 0, 1]),
        FrameBuilder.udpFrame(server, 50001, client, 40000, payload: [0, 3, 0, 1, 0x41]),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/udp/tftp"] == 3)
    #expect(paths["eth/ip/udp/data"] == 1)
}
