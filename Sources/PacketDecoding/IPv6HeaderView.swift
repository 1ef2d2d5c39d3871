/// IPv6 fixed header (RFC 8200), 40 bytes. Valid only inside the record closure.
public struct IPv6HeaderView {
    let bytes: UnsafeRawBufferPointer
    public static let length = 40
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= Self.length else { throw .truncated(.ipv6, needed: Self.length, available: bytes.count) }
        guard bytes.byte(0) >> 4 == 6 else { throw .invalid(.ipv6, .wrongVersion) }
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[..<Self.length])
    }
    public var trafficClass: UInt8 { UInt8(truncatingIfNeeded: bytes.loadBigEndian(UInt16.self, at: 0) >> 4) }
    public var flowLabel: UInt32 { bytes.loadBigEndian(UInt32.self, at: 0) & 0xFFFFF }
    /// In bytes, extension headers included.
    public var payloadLength: Int { Int(bytes.loadBigEndian(UInt16.self, at: 4)) }
    public var nextHeader: IPProtocol { IPProtocol(rawValue: bytes.byte(6)) }
    public var hopLimit: UInt8 { bytes.byte(7) }
    public var source: IPAddress {
        IPAddress(ipv6High: bytes.loadBigEndian(UInt64.self, at: 8), low: bytes.loadBigEndian(UInt64.self, at: 16))
    }
    public var destination: IPAddress {
        IPAddress(ipv6High: bytes.loadBigEndian(UInt64.self, at: 24), low: bytes.loadBigEndian(UInt64.self, at: 32))
    }
}
