import CaptureReading
import TestSupport
import Testing

@Test func readsEveryRecordOfAClassicPcap() throws {
    var file = PcapFileBuilder()
    file.append(FrameBuilder.minimalSYN, microseconds: 1)
    file.append(FrameBuilder.minimalUDP, microseconds: 2, wireLength: 200)
    let path = file.write()
    let reader = try CaptureReader(path: path)
    var frames: [(Int, Int, Int)] = []
    reader.forEachRecord { frames.append(($0.frameNumber, $0.capturedLength, $0.wireLength)) }
    let info = reader.finish()
    #expect(frames.map(\.0) == [1, 2])
    #expect(frames[1].2 == 200)
    #expect(info.metadata.format == .pcap)
    #expect(info.metadata.fileSnaplen == 65535)
    #expect(info.fileBytes == file.data.count)
    #expect(info.readError == nil)
}

@Test func aTruncatedRecordStopsReadingWithAMessage() throws {
    var file = PcapFileBuilder()
    file.append(FrameBuilder.minimalSYN)
    file.append(FrameBuilder.minimalSYN)
    let cut = Array(file.data.dropLast(10))
    let path = TemporaryDirectory.make() + "/cut.pcap"
    RepositoryPaths.writeBytes(cut, to: path)
    let reader = try CaptureReader(path: path)
    var count = 0
    reader.forEachRecord { _ in count += 1 }
    #expect(count == 1)
    #expect(reader.finish().readError != nil)
}

@Test func notACaptureIsAnError() {
    let path = TemporaryDirectory.make() + "/notes.pcap"
    RepositoryPaths.writeText("hello, this is not a capture file at all", to: path)
    #expect(throws: CaptureError.self) { _ = try CaptureReader(path: path) }
    #expect(throws: CaptureError.self) { _ = try CaptureReader(path: "/nonexistent/file.pcap") }
}

@Test func pcapngMetadataComesFromTheBlockScanner() throws {
    let reader = try CaptureReader(path: RepositoryPaths.samples + "/walkthrough-synscan.pcapng")
    reader.forEachRecord { _ in }
    let info = reader.finish()
    let m = info.metadata
    #expect(m.format == .pcapng)
    #expect(m.interfaces.count == 1)
    #expect(m.interfaces.first?.name == "eth0")
    #expect(m.interfaces.first?.description == "SPAN port, customer core switch")
    #expect(m.interfaces.first?.captureFilter == nil)
    #expect(m.interfaces.first?.packets == 125)
    #expect(m.interfaces.first?.droppedPackets == 0)
    #expect(m.application == "PcapReport sample generator 1.0")
    #expect(info.sha256 == "90ae1c49f1a52192d25c5852119a19e1c19ed7ef6a5c4264b675f0c525a0c399")
}

@Test func classicPcapSecondsAreUnsignedAsTsharkReadsThemPast2038() throws {
    // The record header's seconds field is an unsigned 32-bit count: 2^31 is 2038-01-19T03:14:08Z and
    // 2^32 - 1 is 2106-02-07T06:28:15Z (tshark), not 1901 and 1969.
    var file = PcapFileBuilder()
    file.append(FrameBuilder.minimalUDP, seconds: 0x7FFF_FFFF)
    file.append(FrameBuilder.minimalUDP, seconds: 0x8000_0000, microseconds: 1)
    file.append(FrameBuilder.minimalUDP, seconds: 0xFFFF_FFFF, microseconds: 999_999)
    let reader = try CaptureReader(path: file.write())
    var times: [Int64] = []
    reader.forEachRecord { times.append($0.timestamp.nanoseconds) }
    #expect(times == [2_147_483_647_000_000_000, 2_147_483_648_000_001_000, 4_294_967_295_999_999_000])
}
