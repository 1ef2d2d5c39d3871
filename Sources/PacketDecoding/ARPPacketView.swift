/// ARP for Ethernet/IPv4 (RFC 826), 28 bytes. Valid only inside the record closure.
public struct ARPPacketView {
    let bytes: UnsafeRawBufferPointer
    public static let length = 28
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= 8 else { throw .truncated(.arp, needed: 8, available: bytes.count) }
        let hardwareLength = Int(bytes.byte(4)), protocolLength = Int(bytes.byte(5))
        let needed = 8 + 2 * hardwareLength + 2 * protocolLength
        guard bytes.count >= needed else { throw .truncated(.arp, needed: needed, available: bytes.count) }
        self.bytes = bytes
        isEthernetIPv4 = hardwareLength == 6 && protocolLength == 4
    }
    public let isEthernetIPv4: Bool
    public var operation: UInt16 { bytes.loadBigEndian(UInt16.self, at: 6) }
    public var senderHardwareAddress: MACAddress { MACAddress(bytes, at: 8) }
    public var senderProtocolAddress: IPAddress { IPAddress(ipv4: bytes.loadBigEndian(UInt32.self, at: 14)) }
    public var targetHardwareAddress: MACAddress { MACAddress(bytes, at: 18) }
    public var targetProtocolAddress: IPAddress { IPAddress(ipv4: bytes.loadBigEndian(UInt32.self, at: 24)) }
}
