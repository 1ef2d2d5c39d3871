/// Ethernet II header (IEEE 802.3), 14 bytes. Valid only inside the record closure.
///
///     0                   6                   12      14
///     +-------------------+-------------------+-------+
///     |   destination     |      source       | type  |
///     +-------------------+-------------------+-------+
public struct EthernetHeaderView {
    let bytes: UnsafeRawBufferPointer
    public static let length = 14
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= Self.length else { throw .truncated(.ethernet, needed: Self.length, available: bytes.count) }
        self.bytes = bytes
    }
    public var destination: MACAddress { MACAddress(bytes, at: 0) }
    public var source: MACAddress { MACAddress(bytes, at: 6) }
    public var etherType: EtherType { EtherType(rawValue: bytes.loadBigEndian(UInt16.self, at: 12)) }
}
