import PacketDecoding
import TestSupport
import Testing
@testable import TrafficStatistics

/// Feeds frames through the decoder and the hierarchy pass, as `CaptureAnalysis` does.
func hierarchyPaths(_ frames: [[UInt8]]) -> [String: Int] {
    var pass = ProtocolHierarchyPass(), flows = ConversationsPass()
    for (i, frame) in frames.enumerated() {
        frame.withUnsafeBytes { bytes in
            let p = PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: 0, wireLength: frame.count)
            pass.observe(p, bytes: bytes, flow: flows.observe(p))
        }
    }
    var out: [String: Int] = [:]
    for node in pass.finish().nodes { out[node.path.map(\.filterName).joined(separator: "/")] = node.frames }
    return out
}

/// An HTTP response in two segments: Wireshark shows the first as bare `tcp`, the second as
/// `http/data-text-lines/tcp.segments`; a retransmission of the first shows as bare `tcp` too.
@Test func anHTTPResponseOverTwoSegmentsIsShownWhereItCompletes() {
    let head = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n0123456789".utf8)
    let tail = Array("abcdefghij".utf8)
    let server = "10.0.0.9", client = "10.0.0.5"
    let frames = [
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1000, acknowledgment: 1, payload: head),
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1000, acknowledgment: 1, payload: head),
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1000 + UInt32(head.count), acknowledgment: 1, payload: tail),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp"] == 3)
    #expect(paths["eth/ip/tcp/http"] == 1)
    #expect(paths["eth/ip/tcp/http/data-text-lines/tcp.segments"] == 1)
}

/// A TLS record that runs into the next segment: `tls` where it starts, `tls/tcp.segments` where it ends.
@Test func aTLSRecordOverTwoSegmentsCompletesInTheSecond() {
    let record: [UInt8] = [22, 3, 3, 0, 30] + [UInt8](repeating: 1, count: 30)
    let frames = [
        FrameBuilder.tcpFrame("10.0.0.9", 443, "10.0.0.5", 40000, flags: 0x18, sequence: 5000, acknowledgment: 1, payload: Array(record[..<20])),
        FrameBuilder.tcpFrame("10.0.0.9", 443, "10.0.0.5", 40000, flags: 0x18, sequence: 5020, acknowledgment: 1, payload: Array(record[20...])),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp/tls"] == 2)
    #expect(paths["eth/ip/tcp/tls/tcp.segments"] == 1)
}

/// A RST carrying text on an SSH stream is not SSH: its data is the reset cause (packet-tcp.c).
@Test func aResetOnAnSSHStreamEndsAtTCP() {
    let frames = [
        FrameBuilder.tcpFrame(
            "10.0.0.9", 22, "10.0.0.5", 40000, flags: 0x18, sequence: 100, acknowledgment: 1, payload: Array("SSH-2.0-OpenSSH\r\n".utf8)),
        FrameBuilder.tcpFrame(
            "10.0.0.9", 22, "10.0.0.5", 40000, flags: 0x14, sequence: 117, acknowledgment: 1, payload: Array("closed by policy".utf8)),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp"] == 2)
    #expect(paths["eth/ip/tcp/ssh"] == 1)
}
