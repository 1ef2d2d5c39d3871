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

/// SHB, an Ethernet IDB and two packets on it; then a second IDB of another link type (BSD null) and
/// a packet on each interface: libpcap reads frames 1-2 and refuses the second IDB, tshark reads all 4.
func lateInterfacePcapng() -> [UInt8] {
    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
        let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
        let length = UInt32(padded.count + 12)
        return le32(type) + le32(length) + padded + le32(length)
    }
    func epb(_ interface: UInt32, microseconds: UInt32, _ frame: [UInt8], comment: String? = nil) -> [UInt8] {
        var options: [UInt8] = []
        if let comment {
            let text = Array(comment.utf8)
            options = le16(1) + le16(UInt16(text.count)) + text + [UInt8](repeating: 0, count: (4 - text.count % 4) % 4) + le16(0) + le16(0)
        }
        let padded = frame + [UInt8](repeating: 0, count: (4 - frame.count % 4) % 4)
        return block(
            6,
            le32(interface) + le32(0) + le32(microseconds) + le32(UInt32(frame.count)) + le32(UInt32(frame.count))
                + padded + options)
    }
    let shb = block(0x0A0D_0D0A, le32(0x1A2B_3C4D) + le16(1) + le16(0) + [UInt8](repeating: 0xFF, count: 8))
    let ethernet = block(1, le16(1) + le16(0) + le32(65535))
    let null = block(1, le16(0) + le16(0) + le32(65535))
    let frame = FrameBuilder.minimalUDP
    let nullFrame = le32(2) + Array(FrameBuilder.minimalUDP.dropFirst(14))  // null header: AF_INET
    return shb + ethernet + epb(0, microseconds: 1, frame) + epb(0, microseconds: 2, frame) + null
        + epb(1, microseconds: 3, nullFrame, comment: "late") + epb(0, microseconds: 4, frame)
}

@Test func anInterfaceOfAnotherLinkTypeAfterPacketsDoesNotStopTheRead() throws {
    let path = TemporaryDirectory.make() + "/late.pcapng"
    RepositoryPaths.writeBytes(lateInterfacePcapng(), to: path)
    let reader = try CaptureReader(path: path)
    var records: [(Int, UInt32, Int64, Bool)] = []
    reader.forEachRecord { records.append(($0.frameNumber, $0.linkType, $0.timestamp.nanoseconds, $0.hasComment)) }
    let info = reader.finish()
    #expect(records.map(\.0) == [1, 2, 3, 4])
    #expect(records.map(\.1) == [1, 1, 0, 1])
    #expect(records.map(\.2) == [1_000, 2_000, 3_000, 4_000])
    #expect(records.map(\.3) == [false, false, true, false])
    #expect(info.readError == nil)
    #expect(info.readMethod?.hasPrefix("pcapng block reader from frame 3") == true)
    #expect(info.metadata.interfaces.map(\.linkType) == [1, 0])
    #expect(info.metadata.interfaces.map(\.packets) == [3, 1])
}

@Test(.enabled(if: ExternalTools.tshark != nil, "tshark is not installed (apt-get install tshark)"))
func tsharkReadsTheSameFramesOfALateInterface() throws {
    let tshark = try #require(ExternalTools.tshark)
    let path = TemporaryDirectory.make() + "/late.pcapng"
    RepositoryPaths.writeBytes(lateInterfacePcapng(), to: path)
    let (status, output) = RepositoryPaths.run([tshark, "-r", path, "-T", "fields", "-e", "frame.number", "-e", "frame.interface_id"])
    #expect(status == 0)
    let reader = try CaptureReader(path: path)
    var ours: [String] = []
    reader.forEachRecord { ours.append("\($0.frameNumber)\t\($0.linkType == 1 ? 0 : 1)") }
    _ = reader.finish()
    #expect(output.split(separator: "\n").map(String.init) == ours)
}
