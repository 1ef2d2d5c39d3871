/// ICMP (RFC 792) or ICMPv6 (RFC 4443) header, 8 bytes. Valid only inside the record closure.
public struct ICMPHeaderView {
    let bytes: UnsafeRawBufferPointer
    public static let length = 8
    public init(validating bytes: UnsafeRawBufferPointer, layer: Layer) throws(DecodeIssue) {
        guard bytes.count >= Self.length else { throw .truncated(layer, needed: Self.length, available: bytes.count) }
        self.bytes = bytes
    }
    public var type: UInt8 { bytes.byte(0) }
    public var code: UInt8 { bytes.byte(1) }
    public var checksum: UInt16 { bytes.loadBigEndian(UInt16.self, at: 2) }
    public var identifier: UInt16 { bytes.loadBigEndian(UInt16.self, at: 4) }
    public var sequenceNumber: UInt16 { bytes.loadBigEndian(UInt16.self, at: 6) }
    /// The bytes after the 8-byte header (the quoted packet of an error message).
    public var body: UnsafeRawBufferPointer { bytes.bytes(from: Self.length) }
}
