import PacketDecoding
import TestSupport
import Testing

func decode(_ frame: [UInt8], linkType: LinkType = .ethernet, wireLength: Int? = nil) -> DecodedPacket {
    frame.withUnsafeBytes {
        PacketDecoder.decode($0, linkType: linkType, frameNumber: 1, timestamp: 0, wireLength: wireLength ?? frame.count)
    }
}

@Test func synFrameDecodesEveryLayer() {
    let p = decode(FrameBuilder.minimalSYN)
    #expect(p.issue == nil)
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "tcp"])
    #expect(p.ipSource.description == "10.0.0.5")
    #expect(p.ipDestination.description == "10.0.0.9")
    #expect(p.sourcePort == 40000 && p.destinationPort == 443)
    #expect(p.tcpFlags == [.syn])
    #expect(p.maximumSegmentSize == 1460)
    #expect(p.payloadLength == 0)
}

@Test func udpPayloadOnPort53IsDNS() {
    let p = decode(FrameBuilder.minimalUDP)
    #expect(p.isUDP)
    #expect(p.application == .dns)
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "udp", "dns"])
}

/// tshark 4.0 shows echo data as a field of the icmp tree, not as a `data` node
/// (corpus: zeek__icmp_dot1q.pcap's io,phs ends at `icmp` for 9 echo frames with data).
@Test func icmpEchoDataIsNoHierarchyNode() {
    let p = decode(FrameBuilder.minimalICMP)
    #expect(p.isICMP && p.icmpType == 8)
    #expect(p.payloadLength > 0)
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "icmp"])
}

@Test func arpRequestDecodes() {
    let p = decode(FrameBuilder.minimalARP)
    #expect(p.isARP && p.arpOperation == 1)
    #expect(p.arpTargetIP.description == "10.0.0.9")
}

@Test func httpResponseWithTextBodyIsLineBasedText() {
    let body = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello".utf8)
    let p = decode(FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: 0x18, payload: body))
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "tcp", "http", "data-text-lines"])
}

/// A RST's data is its reset cause (packet-tcp.c), not an application message: Wireshark's tree ends at
/// `tcp` even on port 80 with an HTTP-looking payload.
@Test func resetSegmentDataIsNotAnApplication() {
    let text = Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)
    let p = decode(FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: 0x14, payload: text))
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "tcp"])
    #expect(p.application == .none)
    #expect(p.payloadLength == text.count)
}

/// Every FTP frame carries packet-ftp.c's generated current-working-directory item, which the hierarchy
/// shows under `ftp` (the banner before any PWD too).
@Test func ftpFramesCarryTheCurrentWorkingDirectoryItem() {
    let banner = Array("220 FTP server ready\r\n".utf8)
    let p = decode(FrameBuilder.tcpFrame("10.0.0.9", 21, "10.0.0.5", 40000, flags: 0x18, payload: banner))
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "tcp", "ftp", "ftp.current-working-directory"])
}

/// Every prefix of every fixture decodes without trapping; a cut inside a header is reported as
/// truncated at that layer, never as something else.
@Test(arguments: [FrameBuilder.minimalSYN, FrameBuilder.minimalUDP, FrameBuilder.minimalICMP, FrameBuilder.minimalARP])
func everyTruncationIsDataNotATrap(frame: [UInt8]) {
    for length in 0 ..< frame.count {
        let p = decode(Array(frame.prefix(length)), wireLength: frame.count)
        if length < 14 {
            #expect(p.issue == .truncated(.ethernet, needed: 14, available: length))
        } else if length < 34 && frame[12] == 0x08 && frame[13] == 0x00 {
            #expect(p.issue == .truncated(.ipv4, needed: 20, available: length - 14))
        }
        #expect(p.capturedLength == length)
        #expect(!p.isMalformed, "a snaplen cut is not malformed (length \(length))")
    }
}

@Test(arguments: 0 ..< 20)
func truncatedIPv4HeaderIsReportedNotTrapped(length: Int) {
    let ip = Array(FrameBuilder.minimalSYN.dropFirst(14).prefix(length))
    let p = ip.withUnsafeBytes { PacketDecoder.decode($0, linkType: .raw, frameNumber: 1, timestamp: 0, wireLength: 100) }
    if length == 0 {
        #expect(p.issue == .truncated(.ipv4, needed: 1, available: 0))
    } else {
        #expect(p.issue == .truncated(.ipv4, needed: 20, available: length))
    }
}

@Test func contradictoryLengthsAreMalformed() {
    var frame = FrameBuilder.minimalSYN
    frame[14] = 0x43  // IHL 3: shorter than the minimum header
    let p = decode(frame)
    #expect(p.issue == .invalid(.ipv4, .headerLengthTooSmall))
    #expect(p.isMalformed)
    #expect(p.stack.ids.map(\.filterName) == ["eth", "ip", "_ws.malformed"])
}

@Test func tcpOptionRunningPastTheHeaderIsMalformed() {
    let frame = FrameBuilder.tcpFrame("10.0.0.5", 1, "10.0.0.9", 2, flags: 0x02, options: [2, 40, 0, 0])
    #expect(decode(frame).issue == .invalid(.tcp, .optionLength))
}

@Test func ipv6AddressesUseRFC5952() {
    #expect(IPAddress(ipv6High: 0x2001_0db8_0000_0000, low: 0x0000_0000_0000_0001).description == "2001:db8::1")
    #expect(IPAddress(ipv6High: 0, low: 1).description == "::1")
    #expect(IPAddress(ipv6High: 0xfe80_0000_0000_0000, low: 0x0202_b3ff_fe1e_8329).description == "fe80::202:b3ff:fe1e:8329")
    #expect(IPAddress(ipv6High: 0x2001_0db8_0000_0001, low: 0x0000_0000_0001_0000).description == "2001:db8:0:1::1:0")
}

/// Wireshark dissects a fragmented datagram's transport in the frame that completes it; the other
/// fragments are `ip/data` and carry no ports.
@Test func ipv4FragmentsAreReassembledInTheLastFragment() {
    // UDP 10.0.0.5:1024 > 10.0.0.9:53 with 16 payload bytes, cut into two fragments of 16 and 8 bytes.
    let udp: [UInt8] = [0x04, 0x00, 0x00, 0x35, 0x00, 0x18, 0x00, 0x00] + [UInt8](repeating: 7, count: 16)
    func fragment(_ payload: ArraySlice<UInt8>, offset: Int, more: Bool) -> [UInt8] {
        let total = 20 + payload.count
        let flags = UInt16(offset / 8) | (more ? 0x2000 : 0)
        let ip: [UInt8] = [
            0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0x12, 0x34, UInt8(flags >> 8), UInt8(flags & 0xFF),
            64, 17, 0, 0, 10, 0, 0, 5, 10, 0, 0, 9,
        ]
        return [UInt8](repeating: 2, count: 6) + [UInt8](repeating: 1, count: 6) + [0x08, 0x00] + ip + Array(payload)
    }
    var tracker = IPFragmentTracker()
    func run(_ frame: [UInt8]) -> DecodedPacket {
        frame.withUnsafeBytes {
            PacketDecoder.decode($0, linkType: .ethernet, frameNumber: 1, timestamp: 0, wireLength: frame.count, fragments: &tracker)
        }
    }
    let first = run(fragment(udp[0 ..< 16], offset: 0, more: true))
    #expect(first.stack.ids.map(\.filterName) == ["eth", "ip", "data"])
    #expect(!first.isUDP && first.isUnreassembledFragment)
    let last = run(fragment(udp[16...], offset: 16, more: false))
    #expect(last.stack.ids.map(\.filterName) == ["eth", "ip", "udp", "dns"])
    #expect(last.isUDP && last.sourcePort == 1024 && last.destinationPort == 53)
    #expect(last.payloadWireLength == 16)
}

/// tshark 4.0 (`-z io,phs`, `frame.protocols`): SNMP's dissector rejects a datagram on port 161 whose
/// first BER element is not a SEQUENCE, so it is `data`; in an ICMP error the quoted UDP payload is a
/// hierarchy node too (`eth:ip:icmp:data`, `eth:ip:icmp:snmp`), the quoted ip/udp headers are not.
@Test func snmpNeedsBERSequenceAndQuotedUDPPayloadIsANode() {
    let garbage: [UInt8] = Array("abc".utf8), snmp: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x01]
    #expect(
        decode(FrameBuilder.udpFrame("10.0.0.1", 40000, "10.0.0.9", 161, payload: garbage)).stack.ids.map(\.filterName)
            == ["eth", "ip", "udp", "data"])
    #expect(
        decode(FrameBuilder.udpFrame("10.0.0.1", 40000, "10.0.0.9", 161, payload: snmp)).stack.ids.map(\.filterName)
            == ["eth", "ip", "udp", "snmp"])
    for (payload, last) in [(garbage, "data"), (snmp, "snmp")] {
        let quoted = FrameBuilder.ipv4Packet(
            source: "10.0.0.1", destination: "10.0.0.9", protocolNumber: 17,
            FrameBuilder.udpDatagram(sourcePort: 40000, destinationPort: 161, payload))
        let frame = FrameBuilder.ethernet(
            type: 0x0800,
            FrameBuilder.ipv4Packet(
                source: "10.0.0.9", destination: "10.0.0.1",
                protocolNumber: 1, FrameBuilder.icmpMessage(type: 3, code: 3, rest: [0, 0, 0, 0], quoted)))
        #expect(decode(frame).stack.ids.map(\.filterName) == ["eth", "ip", "icmp", last])
    }
}
