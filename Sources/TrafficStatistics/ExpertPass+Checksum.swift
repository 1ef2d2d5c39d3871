import PacketDecoding

/// Checksum checks (`AnalysisOptions.checksumChecks`, off by default as in Wireshark): IPv4 header,
/// TCP and UDP (pseudo-header included) checksums, each a "Bad checksum [should be 0x….]" error.
extension ExpertPass {
    mutating func observeChecksums(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) {
        guard p.ipVersion != 0, p.capturedLength == p.wireLength else { return }
        let transportHeader = p.isTCP ? p.tcpHeaderLength : p.isUDP ? 8 : 0
        let transportStart = p.payloadOffset - transportHeader
        let ipStart = transportStart - p.ipHeaderLength
        guard transportHeader > 0 || p.ipVersion == 4, ipStart >= 0, ipStart + p.ipTotalLength <= bytes.count else { return }
        if p.ipVersion == 4 && transportHeader > 0 {
            let header = bytes.bytes(from: ipStart).bytes(upTo: p.ipHeaderLength)
            if Self.onesComplementSum(header, initial: 0) != 0xFFFF {
                let expected = ~Self.onesComplementSum(header, initial: 0, skipping: 10)
                add(.badChecksum(.ipv4, expected: expected), frame: p.frameNumber)
            }
        }
        guard transportHeader > 0, !p.isFragment, p.ipTotalLength >= p.ipHeaderLength + transportHeader else { return }
        // A zero UDP checksum over IPv4 means "not computed".
        if p.isUDP && p.ipVersion == 4 && p.transportChecksum == 0 { return }
        let segment = bytes.bytes(from: transportStart).bytes(upTo: p.ipTotalLength - p.ipHeaderLength)
        var pseudo: UInt32 = 0
        let addresses = p.ipVersion == 4 ? bytes.bytes(from: ipStart + 12).bytes(upTo: 8) : bytes.bytes(from: ipStart + 8).bytes(upTo: 32)
        pseudo = Self.add(addresses, to: pseudo)
        pseudo += UInt32(p.transport.rawValue) + UInt32(segment.count & 0xFFFF) + UInt32(segment.count >> 16)
        let checksumOffset = p.isTCP ? 16 : 6
        if Self.onesComplementSum(segment, initial: pseudo) != 0xFFFF {
            var expected = ~Self.onesComplementSum(segment, initial: pseudo, skipping: checksumOffset)
            if p.isUDP && expected == 0 { expected = 0xFFFF }
            add(.badChecksum(p.isTCP ? .tcp : .udp, expected: expected), frame: p.frameNumber)
        }
    }

    /// Adds big-endian 16-bit words of `bytes` (odd length: zero-padded) to `sum` without folding.
    static func add(_ bytes: UnsafeRawBufferPointer, to sum: UInt32, skipping skip: Int = -1) -> UInt32 {
        var sum = UInt64(sum)
        var i = 0
        while i + 1 < bytes.count {
            if i != skip { sum += UInt64(bytes.byte(i)) << 8 | UInt64(bytes.byte(i + 1)) }
            i += 2
        }
        if i < bytes.count { sum += UInt64(bytes.byte(i)) << 8 }
        while sum > 0xFFFF_FFFF { sum = (sum & 0xFFFF_FFFF) + (sum >> 32) }
        return UInt32(sum)
    }

    /// The folded 16-bit one's-complement sum (RFC 1071); `skipping` leaves out the word at that offset.
    static func onesComplementSum(_ bytes: UnsafeRawBufferPointer, initial: UInt32, skipping skip: Int = -1) -> UInt16 {
        var sum = UInt64(add(bytes, to: 0, skipping: skip)) + UInt64(initial)
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return UInt16(sum)
    }
}
