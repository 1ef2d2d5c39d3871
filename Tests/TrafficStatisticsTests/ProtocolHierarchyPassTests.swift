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

/// packet-http.c on data that starts no message: a printable segment without a line end is held until a
/// later segment ends its first line (shown there, with `tcp.segments`); a segment with a line end is
/// `http` once a request was seen on the connection.
@Test func httpDataWithoutALineEndWaitsForTheSegmentThatEndsTheLine() {
    let server = "10.0.0.9", client = "10.0.0.5"
    let request = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
    let frames = [
        FrameBuilder.tcpFrame(client, 40000, server, 80, flags: 0x18, sequence: 1, acknowledgment: 1000, payload: request),
        // The response's head was not captured: body bytes after a gap, no line end yet.
        FrameBuilder.tcpFrame(
            server, 80, client, 40000, flags: 0x18, sequence: 1500, acknowledgment: 28,
            payload: [UInt8](repeating: 0x78, count: 100)),
        FrameBuilder.tcpFrame(
            server, 80, client, 40000, flags: 0x18, sequence: 1600, acknowledgment: 28,
            payload: Array("yyyy\n</html>\n".utf8)),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp/http"] == 2)
    #expect(paths["eth/ip/tcp/http/tcp.segments"] == 1)
}

/// Without a request on the connection, binary data and a line that is no header are not HTTP; a
/// header-like line (a colon) is.
@Test func httpContinuationWithoutARequestNeedsAHeaderLikeLine() {
    let server = "10.0.0.9", client = "10.0.0.5"
    let frames = [
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1000, acknowledgment: 1, payload: [0x00, 0x01, 0x0A]),
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1003, acknowledgment: 1, payload: Array("plain\r\n".utf8)),
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1010, acknowledgment: 1, payload: Array("a b: c\r\n".utf8)),
    ]
    #expect(hierarchyPaths(frames)["eth/ip/tcp/http"] == 1)
}

/// A segment cut by the snaplen is not reassembled: a pending response never completes, and HTTP reads
/// the cut segment on its own, past its captured bytes (`http/_ws.short`).
@Test func aSnaplenCutHTTPSegmentIsDissectedAlone() {
    let server = "10.0.0.9", client = "10.0.0.5"
    let request = Array("GET / HTTP/1.0\r\n\r\n".utf8)
    let head = Array("HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\n".utf8)
    var cut = FrameBuilder.tcpFrame(
        server, 80, client, 40000, flags: 0x18, sequence: 1000 + UInt32(head.count), acknowledgment: 19,
        payload: Array(("<html>\n" + String(repeating: "z", count: 93)).utf8))
    let wire = cut.count
    cut.removeLast(60)
    let frames = [
        FrameBuilder.tcpFrame(client, 40000, server, 80, flags: 0x18, sequence: 1, acknowledgment: 1000, payload: request),
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1000, acknowledgment: 19, payload: head),
    ]
    var pass = ProtocolHierarchyPass(), flows = ConversationsPass()
    for (i, frame) in (frames + [cut]).enumerated() {
        frame.withUnsafeBytes { bytes in
            let p = PacketDecoder.decode(
                bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: 0,
                wireLength: i == 2 ? wire : frame.count)
            pass.observe(p, bytes: bytes, flow: flows.observe(p))
        }
    }
    var paths: [String: Int] = [:]
    for node in pass.finish().nodes { paths[node.path.map(\.filterName).joined(separator: "/")] = node.frames }
    #expect(paths["eth/ip/tcp/http"] == 2)  // the request and the cut segment; the head is held
    #expect(paths["eth/ip/tcp/http/_ws.short"] == 1)
}

/// packet-telnet.c throws when a segment ends inside a command.
@Test func aTelnetSegmentEndingInsideACommandIsMalformed() {
    let server = "10.0.0.9", client = "10.0.0.5"
    let payloads: [[UInt8]] = [
        Array("login: ".utf8) + [0xFF], [0xFF, 0xFD], [0xFF, 0xFA], [0xFF, 0xFA, 0x18, 0x01, 0xFF],
        [0xFF, 0xFD, 0x18, 0xFF, 0xFA, 0x18, 0x01, 0xFF, 0xF0], [0x61, 0xFF, 0xFF],
    ]
    var frames: [[UInt8]] = []
    var seq: UInt32 = 1000
    for p in payloads {
        frames.append(FrameBuilder.tcpFrame(server, 23, client, 40000, flags: 0x18, sequence: seq, acknowledgment: 1, payload: p))
        seq += UInt32(p.count)
    }
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp/telnet"] == 6)
    #expect(paths["eth/ip/tcp/telnet/_ws.malformed"] == 4)
}

/// The expert's request/response line counts where the message completes (packet-http.c adds it when
/// it dissects the message), and not at all for a message whose reassembly never completes.
@Test func anHTTPLineCountsInTheFrameThatCompletesItsMessage() {
    let server = "10.0.0.9", client = "10.0.0.5"
    let request = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
    let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234".utf8)
    let frames = [
        FrameBuilder.tcpFrame(client, 40000, server, 80, flags: 0x18, sequence: 1, acknowledgment: 1000, payload: request),
        FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 1000, acknowledgment: 28, payload: head),
        FrameBuilder.tcpFrame(
            server, 80, client, 40000, flags: 0x18, sequence: 1000 + UInt32(head.count), acknowledgment: 28,
            payload: Array("56789".utf8)),
        // A second response that never completes: no line for it.
        FrameBuilder.tcpFrame(
            server, 80, client, 40000, flags: 0x18, sequence: 1005 + UInt32(head.count), acknowledgment: 28,
            payload: head),
    ]
    var hierarchy = ProtocolHierarchyPass(), expert = ExpertPass(), flows = ConversationsPass()
    for (i, frame) in frames.enumerated() {
        frame.withUnsafeBytes { bytes in
            let p = PacketDecoder.decode(bytes, linkType: .ethernet, frameNumber: i + 1, timestamp: 0, wireLength: frame.count)
            let flow = flows.observe(p)
            hierarchy.observe(p, bytes: bytes, flow: flow)
            expert.observe(p, bytes: bytes, flow: flow, http: hierarchy.httpEvent)
        }
    }
    let info = expert.finish()
    #expect(info.frames(of: "HTTP/1.1 200 OK\\r\\n") == [3])
    #expect(info.frames(of: "GET / HTTP/1.1\\r\\n") == [1])
}
