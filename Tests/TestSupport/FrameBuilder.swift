/// Builds frames in code for tests: Ethernet, IPv4/IPv6, TCP/UDP/ICMP with correct lengths and
/// checksums, so each fixture states what it is instead of being an opaque hex blob.
public enum FrameBuilder {
    public static func mac(_ last: UInt8) -> [UInt8] { [0x02, 0x00, 0x00, 0x00, 0x00, last] }

    public static func ipv4(_ text: String) -> [UInt8] {
        text.split(separator: ".").map { UInt8($0) ?? 0 }
    }

    public static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    public static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    public static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var i = 0
        while i + 1 < bytes.count { sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]); i += 2 }
        if i < bytes.count { sum += UInt32(bytes[i]) << 8 }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    public static func ethernet(source: UInt8 = 1, destination: UInt8 = 2, type: UInt16, _ payload: [UInt8]) -> [UInt8] {
        mac(destination) + mac(source) + be16(type) + payload
    }

    public static func ipv4Packet(source: String, destination: String, protocolNumber: UInt8, ttl: UInt8 = 64,
                                  identification: UInt16 = 1, flagsAndOffset: UInt16 = 0x4000, _ payload: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [0x45, 0] + be16(UInt16(20 + payload.count)) + be16(identification) + be16(flagsAndOffset)
        header += [ttl, protocolNumber, 0, 0] + ipv4(source) + ipv4(destination)
        let c = checksum(header)
        header[10] = UInt8(c >> 8); header[11] = UInt8(c & 0xFF)
        return header + payload
    }

    /// TCP flags as in the header's low bits: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20.
    public static func tcpSegment(sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32 = 1000, acknowledgment: UInt32 = 0,
                                  flags: UInt8, window: UInt16 = 1024, options: [UInt8] = [], _ payload: [UInt8] = []) -> [UInt8] {
        let padded = options + [UInt8](repeating: 0, count: (4 - options.count % 4) % 4)
        let offset = UInt8((20 + padded.count) / 4) << 4
        return be16(sourcePort) + be16(destinationPort) + be32(sequence) + be32(acknowledgment)
            + [offset, flags] + be16(window) + [0, 0, 0, 0] + padded + payload
    }

    public static func udpDatagram(sourcePort: UInt16, destinationPort: UInt16, _ payload: [UInt8]) -> [UInt8] {
        be16(sourcePort) + be16(destinationPort) + be16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    public static func icmpMessage(type: UInt8, code: UInt8, rest: [UInt8] = [0, 1, 0, 1], _ payload: [UInt8] = []) -> [UInt8] {
        var m = [type, code, 0, 0] + rest + payload
        let c = checksum(m)
        m[2] = UInt8(c >> 8); m[3] = UInt8(c & 0xFF)
        return m
    }

    /// A complete Ethernet/IPv4/TCP frame.
    public static func tcpFrame(_ source: String, _ sourcePort: UInt16, _ destination: String, _ destinationPort: UInt16,
                                flags: UInt8, sequence: UInt32 = 1000, acknowledgment: UInt32 = 0, options: [UInt8] = [],
                                payload: [UInt8] = []) -> [UInt8] {
        ethernet(type: 0x0800, ipv4Packet(source: source, destination: destination, protocolNumber: 6,
                                          tcpSegment(sourcePort: sourcePort, destinationPort: destinationPort, sequence: sequence,
                                                     acknowledgment: acknowledgment, flags: flags, options: options, payload)))
    }

    /// A complete Ethernet/IPv4/UDP frame.
    public static func udpFrame(_ source: String, _ sourcePort: UInt16, _ destination: String, _ destinationPort: UInt16,
                                payload: [UInt8] = []) -> [UInt8] {
        ethernet(type: 0x0800, ipv4Packet(source: source, destination: destination, protocolNumber: 17,
                                          udpDatagram(sourcePort: sourcePort, destinationPort: destinationPort, payload)))
    }

    // The fixtures every decoder test truncates.

    /// 10.0.0.5.40000 > 10.0.0.9.443: Flags [S], seq 1000, win 1024, options [mss 1460], length 0
    public static let minimalSYN = tcpFrame("10.0.0.5", 40000, "10.0.0.9", 443, flags: 0x02, options: [2, 4, 0x05, 0xB4])
    /// 10.0.0.5.5353 > 10.0.0.9.53: 4 bytes of payload
    public static let minimalUDP = udpFrame("10.0.0.5", 5353, "10.0.0.9", 53, payload: [1, 2, 3, 4])
    /// 10.0.0.5 > 10.0.0.9: ICMP echo request, id 1, seq 1, length 12
    public static let minimalICMP = ethernet(type: 0x0800, ipv4Packet(source: "10.0.0.5", destination: "10.0.0.9", protocolNumber: 1,
                                                                      icmpMessage(type: 8, code: 0, [9, 9, 9, 9])))
    /// ARP, Request who-has 10.0.0.9 tell 10.0.0.5, length 28
    public static let minimalARP = ethernet(destination: 0xFF, type: 0x0806,
                                            [0, 1, 8, 0, 6, 4, 0, 1] + mac(1) + ipv4("10.0.0.5") + [0, 0, 0, 0, 0, 0] + ipv4("10.0.0.9"))
}
