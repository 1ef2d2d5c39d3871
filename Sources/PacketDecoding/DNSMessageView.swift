/// The fixed DNS message header (RFC 1035 §4.1.1), as used by DNS, mDNS (RFC 6762) and LLMNR (RFC 4795).
/// Valid only inside the record closure.
///
///     |                      ID                       |
///     |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
///     |                    QDCOUNT                    |
///     |                    ANCOUNT                    |
///     |                    NSCOUNT                    |
///     |                    ARCOUNT                    |
public struct DNSMessageView {
    let bytes: UnsafeRawBufferPointer
    /// The header is 12 bytes.
    public static let headerLength = 12

    /// - Throws: `.truncated(.udp, …)` when fewer than 12 bytes are present (the DNS layer rides on UDP here).
    public init(validating bytes: UnsafeRawBufferPointer) throws(DecodeIssue) {
        guard bytes.count >= Self.headerLength else {
            throw .truncated(.udp, needed: Self.headerLength, available: bytes.count)
        }
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[..<Self.headerLength])
    }
    public var identification: UInt16 { bytes.loadBigEndian(UInt16.self, at: 0) }
    /// The QR bit: true for a response.
    public var isResponse: Bool { bytes.byte(2) & 0x80 != 0 }
    public var opcode: UInt8 { (bytes.byte(2) >> 3) & 0x0F }
    public var responseCode: UInt8 { bytes.byte(3) & 0x0F }
    public var questionCount: Int { Int(bytes.loadBigEndian(UInt16.self, at: 4)) }
    public var answerCount: Int { Int(bytes.loadBigEndian(UInt16.self, at: 6)) }
}
