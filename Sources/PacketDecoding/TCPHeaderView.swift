/// TCP header (RFC 9293), options included. Valid only inside the record closure.
///
///     |          Source Port          |       Destination Port        |
///     |                        Sequence Number                        |
///     |                    Acknowledgment Number                      |
///     |  Data |     |A|C|E|U|A|P|R|S|F|                               |
///     | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
///     |           Checksum            |         Urgent Pointer        |
public struct TCPHeaderView {
    let bytes: UnsafeRawBufferPointer
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= 20 else { throw .truncated(.tcp, needed: 20, available: bytes.count) }
        let headerLength = Int(bytes.byte(12) >> 4) * 4
        guard headerLength >= 20 else { throw .invalid(.tcp, .dataOffsetTooSmall) }
        guard bytes.count >= headerLength else { throw .truncated(.tcp, needed: headerLength, available: bytes.count) }
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[..<headerLength])
    }
    public var sourcePort: UInt16 { bytes.loadBigEndian(UInt16.self, at: 0) }
    public var destinationPort: UInt16 { bytes.loadBigEndian(UInt16.self, at: 2) }
    public var sequenceNumber: UInt32 { bytes.loadBigEndian(UInt32.self, at: 4) }
    public var acknowledgmentNumber: UInt32 { bytes.loadBigEndian(UInt32.self, at: 8) }
    /// In 32-bit words.
    public var dataOffset: UInt8 { bytes.byte(12) >> 4 }
    /// In bytes.
    public var headerLength: Int { bytes.count }
    public var flags: TCPFlags { TCPFlags(rawValue: bytes.loadBigEndian(UInt16.self, at: 12) & 0x01FF) }
    public var windowSize: UInt16 { bytes.loadBigEndian(UInt16.self, at: 14) }
    public var checksum: UInt16 { bytes.loadBigEndian(UInt16.self, at: 16) }
    public var urgentPointer: UInt16 { bytes.loadBigEndian(UInt16.self, at: 18) }

    /// Walks the options (kind, length, value) into `packet`.
    /// - Throws: `.invalid(.tcp, .optionLength)` for an option whose length runs past the header.
    public func readOptions(into packet: inout DecodedPacket) throws(DecodeIssue) {
        var offset = 20
        while offset < bytes.count {
            let kind = bytes.byte(offset)
            if kind == 0 { break }
            if kind == 1 { offset += 1; continue }
            guard offset + 1 < bytes.count else { throw .invalid(.tcp, .optionLength) }
            let length = Int(bytes.byte(offset + 1))
            guard length >= 2, offset + length <= bytes.count else { throw .invalid(.tcp, .optionLength) }
            packet.tcpOptionCount += 1
            switch (kind, length) {
            case (2, 4): packet.maximumSegmentSize = bytes.loadBigEndian(UInt16.self, at: offset + 2)
            case (3, 3): packet.windowScale = Int8(truncatingIfNeeded: min(bytes.byte(offset + 2), 127))
            case (4, 2): packet.sackPermitted = true
            case (5, _): packet.sackBlocks = (length - 2) / 8
            case (8, 10):
                packet.hasTimestamps = true
                packet.timestampValue = bytes.loadBigEndian(UInt32.self, at: offset + 2)
                packet.timestampEcho = bytes.loadBigEndian(UInt32.self, at: offset + 6)
            default: break
            }
            offset += length
        }
    }
}
