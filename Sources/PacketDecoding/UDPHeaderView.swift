/// UDP header (RFC 768), 8 bytes. Valid only inside the record closure.
public struct UDPHeaderView {
    let bytes: UnsafeRawBufferPointer
    public static let length = 8
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= Self.length else { throw .truncated(.udp, needed: Self.length, available: bytes.count) }
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[..<Self.length])
    }
    public var sourcePort: UInt16 { bytes.loadBigEndian(UInt16.self, at: 0) }
    public var destinationPort: UInt16 { bytes.loadBigEndian(UInt16.self, at: 2) }
    /// In bytes, header included.
    public var length: Int { Int(bytes.loadBigEndian(UInt16.self, at: 4)) }
    public var checksum: UInt16 { bytes.loadBigEndian(UInt16.self, at: 6) }
}
