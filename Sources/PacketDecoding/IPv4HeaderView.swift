/// IPv4 header (RFC 791), options included. Valid only inside the record closure.
///
///     |Version|  IHL  |    ToS    |          Total Length         |
///     |        Identification     |Flags|    Fragment Offset      |
///     |  TTL  |   Protocol        |        Header Checksum        |
///     |                    Source / Destination                    |
public struct IPv4HeaderView {
    let bytes: UnsafeRawBufferPointer
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= 20 else { throw .truncated(.ipv4, needed: 20, available: bytes.count) }
        guard bytes.byte(0) >> 4 == 4 else { throw .invalid(.ipv4, .wrongVersion) }
        let headerLength = Int(bytes.byte(0) & 0x0F) * 4
        guard headerLength >= 20 else { throw .invalid(.ipv4, .headerLengthTooSmall) }
        guard bytes.count >= headerLength else { throw .truncated(.ipv4, needed: headerLength, available: bytes.count) }
        let total = Int(bytes.loadBigEndian(UInt16.self, at: 2))
        guard total >= headerLength || total == 0 else { throw .invalid(.ipv4, .totalLengthTooSmall) }
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[..<headerLength])
    }
    /// In bytes.
    public var headerLength: Int { bytes.count }
    public var typeOfService: UInt8 { bytes.byte(1) }
    /// In bytes (0 means TSO: use the captured length).
    public var totalLength: Int { Int(bytes.loadBigEndian(UInt16.self, at: 2)) }
    public var identification: UInt16 { bytes.loadBigEndian(UInt16.self, at: 4) }
    public var dontFragment: Bool { bytes.byte(6) & 0x40 != 0 }
    public var moreFragments: Bool { bytes.byte(6) & 0x20 != 0 }
    /// In bytes.
    public var fragmentOffset: Int { Int(bytes.loadBigEndian(UInt16.self, at: 6) & 0x1FFF) * 8 }
    public var timeToLive: UInt8 { bytes.byte(8) }
    public var protocolNumber: IPProtocol { IPProtocol(rawValue: bytes.byte(9)) }
    public var headerChecksum: UInt16 { bytes.loadBigEndian(UInt16.self, at: 10) }
    public var source: IPAddress { IPAddress(ipv4: bytes.loadBigEndian(UInt32.self, at: 12)) }
    public var destination: IPAddress { IPAddress(ipv4: bytes.loadBigEndian(UInt32.self, at: 16)) }
}
