import CaptureReading
import TestSupport
import Testing

/// A little-endian pcapng: SHB, two IDBs (Ethernet snaplen 96 µs, BSD null snaplen 128 ns), one EPB on
/// each. libpcap refuses it (different snaplens/link types); Wireshark reads it, and so do we.
func mixedInterfacePcapng() -> [UInt8] {
    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
        let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
        let length = UInt32(padded.count + 12)
        return le32(type) + le32(length) + padded + le32(length)
    }
    let shb = block(0x0A0D_0D0A, le32(0x1A2B_3C4D) + le16(1) + le16(0) + [UInt8](repeating: 0xFF, count: 8))
    let idb0 = block(1, le16(1) + le16(0) + le32(96))
    let idb1 = block(1, le16(0) + le16(0) + le32(128) + le16(9) + le16(1) + [9, 0, 0, 0] + le16(0) + le16(0))
    let frame0 = FrameBuilder.minimalUDP
    let frame1 = le32(2) + Array(FrameBuilder.minimalUDP.dropFirst(14))     // null header: AF_INET
    let epb0 = block(6, le32(0) + le32(0) + le32(1_000_000) + le32(UInt32(frame0.count)) + le32(UInt32(frame0.count)) + frame0)
    let epb1 = block(6, le32(1) + le32(0) + le32(2_000_000_123) + le32(UInt32(frame1.count)) + le32(UInt32(frame1.count)) + frame1)
    return shb + idb0 + idb1 + epb0 + epb1
}

@Test func pcapngWithMixedInterfacesIsReadWithoutLibpcap() throws {
    let path = TemporaryDirectory.make() + "/mixed.pcapng"
    RepositoryPaths.writeBytes(mixedInterfacePcapng(), to: path)
    let reader = try CaptureReader(path: path)
    var records: [(UInt32, Int64)] = []
    reader.forEachRecord { records.append(($0.linkType, $0.timestamp.nanoseconds)) }
    let info = reader.finish()
    #expect(records.map(\.0) == [1, 0])
    #expect(records.map(\.1) == [1_000_000_000, 2_000_000_123])
    #expect(info.readError == nil)
    #expect(info.readMethod?.hasPrefix("pcapng block reader") == true)
    #expect(info.metadata.interfaces.map(\.linkType) == [1, 0])
}
