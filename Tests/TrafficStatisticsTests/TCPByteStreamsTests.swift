import PacketDecoding
import TestSupport
@testable import TrafficStatistics
import Testing

/// Feeds `segments` (sequence number, payload text, SYN) of one direction through `TCPByteStreams`
/// and returns what each added, with its gap mark.
private func chunks(_ segments: [(UInt32, String, Bool)]) -> [(String, Bool)?] {
    var streams = TCPByteStreams()
    return segments.enumerated().map { i, segment in
        let frame = FrameBuilder.tcpFrame(
            "10.0.0.5", 40000, "10.0.0.9", 80, flags: segment.2 ? 0x02 : 0x18,
            sequence: segment.0, payload: Array(segment.1.utf8))
        let p = decoded(frame, number: i + 1)
        return frame.withUnsafeBytes { bytes in
            streams.newBytes(p, bytes: bytes, flow: FlowRef(stream: 0)).map {
                (String(decoding: $0.bytes, as: UTF8.self), $0.gapBefore)
            }
        }
    }
}

@Test func tcpByteStreamsDeliverEachByteOnceInOrder() {
    let got = chunks([
        (99, "", true), (100, "GET ", false), (100, "GET ", false), (102, "T / H", false),
        (120, "late", false), (107, "x", false),
    ])
    #expect(got[0] == nil, "a SYN without payload adds nothing")
    #expect(got[1]! == ("GET ", false))
    #expect(got[2] == nil, "a retransmission adds nothing")
    #expect(got[3]! == ("/ H", false), "an overlapping segment adds only its new tail")
    #expect(got[4]! == ("late", true), "a segment past the next expected byte is delivered after a gap")
    #expect(got[5] == nil, "a segment before the resynchronised position is stale")
}

@Test func tcpByteStreamsStartMidStreamWithoutASYN() {
    let got = chunks([(5000, "HTTP/1.1 200 OK\r\n", false), (5017, "\r\n", false)])
    #expect(got[0]! == ("HTTP/1.1 200 OK\r\n", false))
    #expect(got[1]! == ("\r\n", false))
}
