/// An IEEE 802.1Q tag after its TPID: TCI (PCP, DEI, VID) and the inner EtherType, 4 bytes.
public struct VLANTagView {
    let bytes: UnsafeRawBufferPointer
    public static let length = 4
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= Self.length else { throw .truncated(.vlan, needed: Self.length, available: bytes.count) }
        self.bytes = bytes
    }
    public var identifier: UInt16 { bytes.loadBigEndian(UInt16.self, at: 0) & 0x0FFF }
    public var etherType: EtherType { EtherType(rawValue: bytes.loadBigEndian(UInt16.self, at: 2)) }
}
