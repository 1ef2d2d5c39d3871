import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

/// Each findings pass alone, on frames built in code (`decoded` is in ConversationsPassTests.swift).
func feed(_ frames: [[UInt8]], into observe: (DecodedPacket, UnsafeRawBufferPointer) -> Void, step: Int64 = 1_000_000) {
    for (i, frame) in frames.enumerated() {
        frame.withUnsafeBytes { bytes in
            observe(PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: Int64(i) * step, wireLength: frame.count), bytes)
        }
    }
}

func dnsQuery(_ name: String, type: UInt16 = 1, id: UInt16 = 7) -> [UInt8] {
    var q: [UInt8] = FrameBuilder.be16(id) + [1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    for label in name.split(separator: ".") { q.append(UInt8(label.utf8.count)); q += Array(label.utf8) }
    return q + [0] + FrameBuilder.be16(type) + [0, 1]
}

@Test func hostActivityTellsRawScannerSYNsFromKernelSYNs() {
    var pass = HostActivityPass()
    feed([FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 22, flags: 0x02, options: [2, 4, 0x05, 0xB4]),
          FrameBuilder.tcpFrame("10.0.0.5", 40001, "10.0.0.9", 23, flags: 0x02, options: [2, 4, 0x05, 0xB4, 4, 2, 1, 1])],
         into: { p, _ in pass.observe(p) })
    let a = pass.finish().pairs[HostPair(IPAddress("10.0.0.5")!, IPAddress("10.0.0.9")!)]
    #expect(a?.rawSYNs == 1 && a?.kernelSYNs == 1)
    #expect(pass.finish().destinations[IPAddress("10.0.0.9")!]?.syn.sighting.count == 2)
}

@Test func hostActivityFlagsImpossibleFlagsAndLand() {
    var pass = HostActivityPass()
    feed([FrameBuilder.tcpFrame("10.0.0.5", 3333, "10.0.0.9", 80, flags: 0x03),
          FrameBuilder.tcpFrame("10.0.0.9", 139, "10.0.0.9", 139, flags: 0x02)], into: { p, _ in pass.observe(p) })
    let pairs = pass.finish().pairs
    #expect(pairs[HostPair(IPAddress("10.0.0.5")!, IPAddress("10.0.0.9")!)]?.synFin.frames == [1])
    #expect(pairs[HostPair(IPAddress("10.0.0.9")!, IPAddress("10.0.0.9")!)]?.land.frames == [2])
}

@Test func hostActivityMetersTheBusiestSecond() {
    var pass = HostActivityPass()
    let frames = (0 ..< 50).map { FrameBuilder.udpFrame("10.0.0.5", UInt16(2000 + $0), "10.0.0.9", 9999, payload: [0]) }
    feed(frames, into: { p, _ in pass.observe(p) }, step: 10_000_000)   // 100 per second, 50 in 0.5 s
    let udp = pass.finish().destinations[IPAddress("10.0.0.9")!]?.udp
    #expect(udp?.sighting.count == 50 && udp?.peakPerSecond == 50)
}

@Test func arpPassCountsUnsolicitedRepliesAndSweeps() {
    func arp(op: UInt16, senderMAC: UInt8, sender: String, target: String) -> [UInt8] {
        FrameBuilder.ethernet(source: senderMAC, destination: 0xFF, type: 0x0806,
                              [0, 1, 8, 0, 6, 4] + FrameBuilder.be16(op) + FrameBuilder.mac(senderMAC) + FrameBuilder.ipv4(sender)
                                + [0, 0, 0, 0, 0, 0] + FrameBuilder.ipv4(target))
    }
    var pass = ARPPass()
    var frames = (1 ... 12).map { arp(op: 1, senderMAC: 5, sender: "10.0.0.5", target: "10.0.0.\(100 + $0)") }
    frames.append(arp(op: 2, senderMAC: 0x66, sender: "10.0.0.1", target: "10.0.0.23"))     // nobody asked
    frames.append(arp(op: 2, senderMAC: 0x71, sender: "10.0.0.101", target: "10.0.0.5"))    // answers the sweep
    feed(frames, into: { p, _ in pass.observe(p) })
    let s = pass.finish()
    #expect(s.requesters.first?.targets.count == 12)
    #expect(s.claims.first { $0.ip.description == "10.0.0.1" }?.unsolicitedReplies == 1)
    #expect(s.claims.first { $0.ip.description == "10.0.0.101" }?.unsolicitedReplies == 0)
    #expect(s.answered[IPAddress("10.0.0.5")!] == [IPAddress("10.0.0.101")!])
}

@Test func dnsQueryPassGroupsNamesByRegisteredDomain() {
    var pass = DNSQueryPass()
    let frames = [
        FrameBuilder.udpFrame("10.0.0.5", 30000, "10.0.0.2", 53, payload: dnsQuery("mzxw6ytboi4tgmzz.data.example.co.uk", type: 16)),
        FrameBuilder.udpFrame("10.0.0.5", 30001, "10.0.0.2", 53, payload: dnsQuery("nbswy3dpfqqho33s.data.example.co.uk", type: 16)),
        FrameBuilder.udpFrame("10.0.0.5", 30002, "10.0.0.2", 53, payload: dnsQuery("www.example.com")),
    ]
    feed(frames, into: { p, b in pass.observe(p, bytes: b) })
    let s = pass.finish()
    let tunnel = s.domains.first { $0.domain == "example.co.uk" }
    #expect(tunnel?.uniqueNames.count == 2 && tunnel?.txt == 2)
    #expect(tunnel?.averageSubdomainLength == 20)
    #expect((tunnel?.averageEntropy ?? 0) > 3)
    #expect(s.domains.contains { $0.domain == "example.com" && $0.client.description == "10.0.0.5" })
}

@Test func credentialPassKeepsTheUserAndOnlyTheSecretLength() {
    var pass = CredentialPass()
    let frames = [
        FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 21, flags: 0x18, payload: Array("USER alice\r\n".utf8)),
        FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 21, flags: 0x18, payload: Array("PASS hunter2\r\n".utf8)),
        FrameBuilder.tcpFrame("10.0.0.9", 21, "10.0.0.5", 40000, flags: 0x18, payload: Array("530 Login incorrect.\r\n".utf8)),
        FrameBuilder.tcpFrame("10.0.0.5", 40001, "10.0.0.9", 80, flags: 0x18,
                              payload: Array("GET / HTTP/1.1\r\nAuthorization: Basic Ym9iOnMzY3JldA==\r\n\r\n".utf8)),
    ]
    feed(frames, into: { p, b in pass.observe(p, bytes: b) })
    let a = pass.finish()
    #expect(a.credentials.count == 2)
    #expect(a.credentials[0].username == "alice" && a.credentials[0].secretLength == 7 && a.credentials[0].frames == [1, 2])
    #expect(a.credentials[0].outcome == .rejected && a.credentials[0].outcomeFrame == 3)
    #expect(a.credentials[1].loginProtocol == .httpBasic && a.credentials[1].username == "bob" && a.credentials[1].secretLength == 6)
    #expect(a.auth[CredentialActivity.AuthKey(client: IPAddress("10.0.0.5")!, server: IPAddress("10.0.0.9")!, port: 21)]?.failures.count == 1)
}

@Test func streamContentNamesTheServiceFromItsBytes() {
    func server(_ s: String, greeting: Bool = true) -> ContentService {
        Array(s.utf8).withUnsafeBytes { StreamContentPass.serverService($0, greeting: greeting) }
    }
    func client(_ bytes: [UInt8]) -> ContentService { bytes.withUnsafeBytes { StreamContentPass.clientService($0) } }
    #expect(server("SSH-2.0-OpenSSH_9.2p1\r\n") == .ssh)
    #expect(server("220 (vsFTPd 3.0.3)\r\n") == .ftp && server("220 mx.example.net ESMTP\r\n") == .smtp)
    #expect(server("+OK ready\r\n") == .pop && server("* OK IMAP4rev1 ready\r\n") == .imap)
    #expect(server("+OK\r\n", greeting: false) == .text)  // Redis answering the client's AUTH is no POP greeting
    #expect(server("denied\n") == .text && server("HTTP/1.1 200 OK\r\n") == .http)
    #expect(client(Array("user admin pass 123456\n".utf8)) == .text && client([0x16, 0x03, 0x01, 0x00, 0xC8, 0x01]) == .tls)
    #expect(client([0x4A, 0x00, 0x00, 0x00, 0x0A, 0x38]) == .binary)
    func probe(_ bytes: [UInt8]) -> VersionProbe? { bytes.withUnsafeBytes { VersionProbe.recognise($0) } }
    #expect(probe(Array("GET / HTTP/1.0\r\n\r\n".utf8)) == .getRequest)
    #expect(probe(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)) == nil)  // a browser's request is no probe
    #expect(probe(Array("HELP\r\n".utf8)) == .help && probe(Array("OPTIONS sip:nm SIP/2.0\r\nVia: x\r\n".utf8)) == .sipOptions)
}

@Test func credentialPassReadsUserPassLinesOnAPlainTextService() {
    var pass = CredentialPass()
    let frames = [
        FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 2222, flags: 0x18, payload: Array("user admin pass 123456\n".utf8)),
        FrameBuilder.tcpFrame("10.0.0.9", 2222, "10.0.0.5", 40000, flags: 0x18, payload: Array("denied\n".utf8)),
        FrameBuilder.tcpFrame("10.0.0.5", 40001, "10.0.0.9", 2222, flags: 0x18, payload: Array("hello there\n".utf8)),
    ]
    feed(frames, into: { p, b in pass.observe(p, bytes: b, content: .text) })
    let a = pass.finish()
    #expect(a.credentials.count == 1)
    #expect(a.credentials.first?.loginProtocol == .plaintext && a.credentials.first?.username == "admin")
    #expect(a.credentials.first?.secretLength == 6 && a.credentials.first?.outcome == .rejected)
    // The same bytes on a stream the bytes showed as SSH or binary are not read.
    var other = CredentialPass()
    feed(frames, into: { p, b in other.observe(p, bytes: b, content: .binary) })
    #expect(other.finish().credentials.isEmpty)
}
