#if canImport(Glibc)
import Glibc
#endif
import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

func packet(at nanoseconds: Int64, length: Int = 60) -> DecodedPacket {
    var p = DecodedPacket()
    p.timestamp = nanoseconds; p.wireLength = length; p.capturedLength = length
    return p
}

@Test func ioGraphCountsEveryFrameOnceWithRoundBucketWidths() {
    var pass = IOGraphPass()
    // 2,500 frames spread over 7.3 s: the fine counters coarsen several times.
    for i in 0 ..< 2_500 { pass.observe(packet(at: 1_000_000_000 + Int64(i) * 2_920_000, length: 60 + i % 7)) }
    let g = pass.finish()
    #expect(g.frames.reduce(0, +) == 2_500)
    var expectedBytes = 0
    for i in 0 ..< 2_500 { expectedBytes += 60 + i % 7 }
    #expect(g.bytes.reduce(0, +) == expectedBytes)
    #expect(g.frames.count <= IOGraphPass.maximumBuckets)
    let width = String(g.bucketNanoseconds)
    #expect(["1", "2", "5"].contains(width.prefix(1)))
    #expect(width.dropFirst().allSatisfy { $0 == "0" })
    #expect(Int64(g.frames.count) * g.bucketNanoseconds > 7_297_080_000)
}

@Test func ioGraphPutsEarlierTimestampsInTheFirstBucket() {
    var pass = IOGraphPass()
    pass.observe(packet(at: 5_000_000))
    pass.observe(packet(at: 1_000_000))      // out of order: before the first frame
    pass.observe(packet(at: 5_002_000))
    let g = pass.finish()
    #expect(g.framesBeforeStart == 1)
    #expect(g.frames.reduce(0, +) == 3)
    #expect(g.frames.first == 2)
}

@Test func ioGraphOfAnEmptyCaptureIsEmpty() {
    #expect(IOGraphPass().finish().frames.isEmpty)
}

/// The graph's buckets equal `tshark -q -z io,stat,<width>` on every sample (skipped without tshark).
@Test(
    .enabled(if: ExternalTools.tshark != nil, "tshark is not installed (apt-get install tshark)"),
    arguments: ["walkthrough-synscan.pcapng", "benign-web.pcapng", "hostile-strings.pcapng"])
func ioGraphMatchesTsharkIOStat(sample: String) throws {
    #expect(try compareWithTshark(RepositoryPaths.samples + "/" + sample), "\(sample) was not compared with tshark")
}

/// The same on real captures of the shared corpus (skipped without the corpus or tshark): a varied
/// handful by default, every file with `IOGRAPH_CORPUS=all` (about a minute).
@Test(
    .enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus/real) is not present"),
    .enabled(if: ExternalTools.tshark != nil, "tshark is not installed (apt-get install tshark)"))
func ioGraphMatchesTsharkIOStatOnTheCorpus() throws {
    let corpus = try #require(RepositoryPaths.corpus)
    var names = ["chris__synscan.pcapng", "chris__http_espn.pcapng", "esnet__nmap_80_all.pcap", "markofu__dosattack.pcap",
                 "pcapngtest-le__test009.pcapng", "zeek__snap-arp.pcapng", "zeek__vnc-scanner.pcap", "tcpdump__LINKTYPE_RAW_ipv4.pcap"]
    if getenv("IOGRAPH_CORPUS").map({ String(cString: $0) }) == "all" {
        names = RepositoryPaths.run(["sh", "-c", "ls " + corpus + "/real"]).output.split(separator: "\n").map(String.init)
    }
    var compared = 0
    for name in names where !name.isEmpty && RepositoryPaths.exists(corpus + "/real/" + name) {
        if try compareWithTshark(corpus + "/real/" + name) { compared += 1 }
    }
    #expect(compared > 0, "no corpus capture was compared with tshark")
}

/// Compares the I/O graph of `path` with tshark's io,stat; false when the file has no comparable
/// reference (empty, out of time order, or unreadable by tshark). Requires tshark: the tests calling
/// it are skipped by their trait without it.
func compareWithTshark(_ path: String) throws -> Bool {
    let tshark = try #require(ExternalTools.tshark, "tshark is not installed")
    let summary = try CaptureAnalysis.analyze(path: path)
    let g = summary.ioGraph
    // tshark's io,stat walks frames in file order and does not place a frame that goes back in time
    // by its timestamp; the I/O graph does. Out-of-order files are not comparable.
    guard !g.frames.isEmpty, summary.properties.strictTimeOrder else { return false }
    let interval = String(Double(g.bucketNanoseconds) / 1e9)
    let config = TemporaryDirectory.make()
    let environment = ["env", "TZ=UTC", "LC_ALL=C", "WIRESHARK_CONFIG_DIR=" + config]
    let command = environment + [tshark, "-n", "-r", path, "-q", "-z", "io,stat," + interval]
    let (status, output) = RepositoryPaths.run(command)
    guard status == 0 else { return false }  // a file tshark cannot read has no reference
    var rows: [(Int, Int)] = []
    for line in output.split(separator: "\n") where line.contains("<>") {
        let cells = line.split(separator: "|").map { $0.split(separator: " ").joined() }
        guard cells.count >= 3, let f = Int(cells[1]), let b = Int(cells[2]) else { continue }
        rows.append((f, b))
    }
    // tshark may print trailing empty intervals; ours stop at the last frame's bucket.
    while rows.count > g.frames.count, rows.last?.0 == 0 { rows.removeLast() }
    // tshark prints duration/interval rows, so frames exactly at the end of the last interval (a
    // duration that is a whole number of intervals, or a one-frame file) fall out of its table.
    // The I/O graph keeps them in one more bucket: compare what tshark shows.
    var frames = g.frames, bytes = g.bytes
    if rows.count == frames.count - 1 { frames.removeLast(); bytes.removeLast() }
    #expect(rows.map(\.0) == frames, "\(path): frames per \(interval) s")
    #expect(rows.map(\.1) == bytes, "\(path): bytes per \(interval) s")
    return true
}

@Test func frameSamplesKeepTheFirstFrameOfEachDirectionUpToItsBudget() {
    var pass = FrameSamplesPass()
    for i in 0 ..< 2000 {
        let frame = FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", UInt16(1 + i / 2), flags: 0x02)
        let p = decoded(frame, number: i + 1)
        // Each destination port is a new TCP stream, numbered as the conversation table would.
        frame.withUnsafeBytes { pass.observe(p, bytes: $0, flow: FlowRef(stream: Int32(i / 2))) }
    }
    let kept = pass.finish()
    // A repeated frame of one direction is skipped; the source's first frames open directions anyway.
    #expect(kept.count == FrameSamplesPass.directionBudget)
    #expect(kept.prefix(4).map(\.packet.frameNumber) == [1, 3, 5, 7])
    #expect(kept.prefix(4).map(\.stream) == [0, 1, 2, 3], "each sample keeps its frame's tcp.stream")
    #expect(kept[0].bytes.count == 54)
}

/// A late attacker's first frames are kept although a scan filled the direction budget earlier, and
/// so are its answer (the reverse direction) and its first data-carrying frames (a login).
@Test func frameSamplesKeepALateSourcesFirstFramesAnswersAndFirstData() {
    var pass = FrameSamplesPass()
    var number = 0
    func feed(_ frame: [UInt8], stream: Int32) {
        number += 1
        let p = decoded(frame, number: number)
        frame.withUnsafeBytes { pass.observe(p, bytes: $0, flow: FlowRef(stream: stream)) }
    }
    for port in 1 ... 1500 { feed(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", UInt16(port), flags: 0x02), stream: Int32(port)) }
    let late = number + 1
    feed(FrameBuilder.tcpFrame("10.0.0.7", 50000, "10.0.0.9", 21, flags: 0x02), stream: 2000)
    feed(FrameBuilder.tcpFrame("10.0.0.9", 21, "10.0.0.7", 50000, flags: 0x12), stream: 2000)
    for line in ["USER a\r\n", "PASS b\r\n", "QUIT\r\n", "NOOP\r\n"] {
        feed(FrameBuilder.tcpFrame("10.0.0.7", 50000, "10.0.0.9", 21, flags: 0x18, payload: Array(line.utf8)), stream: 2000)
    }
    let frames = Set(pass.finish().map(\.packet.frameNumber))
    #expect(frames.contains(late) && frames.contains(late + 1), "the late source's SYN and the SYN-ACK")
    #expect(frames.contains(late + 2) && frames.contains(late + 3), "its first data frames (the login)")
    #expect(!frames.contains(late + 5), "only the first frames of each direction are kept")
    #expect(pass.finish().count <= FrameSamplesPass.framesKept)
}

/// Memory stays bounded however many sources and flows a capture has.
@Test func frameSamplesNeverExceedTheirBound() {
    var pass = FrameSamplesPass()
    for i in 0 ..< 6000 {
        let frame = FrameBuilder.udpFrame("10.1.\(i / 250).\(i % 250)", UInt16(1024 + i % 7), "10.0.0.9", 53, payload: Array("q\(i)".utf8))
        let p = decoded(frame, number: i + 1)
        frame.withUnsafeBytes { pass.observe(p, bytes: $0, flow: FlowRef(stream: Int32(i))) }
    }
    let kept = pass.finish()
    #expect(kept.count <= FrameSamplesPass.framesKept)
    #expect(kept.allSatisfy { $0.bytes.count <= FrameSamplesPass.bytesKept })
}

/// An evasion probe (SYN+FIN) inside a long run of one flow is kept: the first frame of each TCP flag
/// combination is.
@Test func frameSamplesKeepTheFirstFrameOfEachTCPFlagCombination() {
    var pass = FrameSamplesPass()
    for i in 0 ..< 3000 {
        let flags: UInt8 = i == 2500 ? 0x03 : 0x10
        let frame = FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: flags)
        let p = decoded(frame, number: i + 1)
        frame.withUnsafeBytes { pass.observe(p, bytes: $0, flow: FlowRef(stream: 0)) }
    }
    #expect(pass.finish().contains { $0.packet.frameNumber == 2501 })
}
