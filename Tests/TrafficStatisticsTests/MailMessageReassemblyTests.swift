import PacketDecoding
import TestSupport
import Testing
@testable import TrafficStatistics

/// A POP3 RETR answer announced as 150 octets and sent in two continuation segments: the second, which
/// reaches the announced length, carries `imf` (packet-pop.c); the status line and the first part do not.
@Test func aPOPMessageIsShownAsIMFWhereItsAnnouncedLengthIsReached() {
    let client = "10.0.0.5", server = "10.0.0.9"
    let first = [UInt8](repeating: 0x61, count: 98) + [13, 10], rest = [UInt8](repeating: 0x62, count: 45) + Array("\r\n.\r\n".utf8)
    let frames = [
        FrameBuilder.tcpFrame(client, 40000, server, 110, flags: 0x18, sequence: 1, acknowledgment: 1, payload: Array("RETR 1\r\n".utf8)),
        FrameBuilder.tcpFrame(
            server, 110, client, 40000, flags: 0x18, sequence: 1, acknowledgment: 9, payload: Array("+OK 150 octets\r\n".utf8)),
        FrameBuilder.tcpFrame(server, 110, client, 40000, flags: 0x18, sequence: 17, acknowledgment: 9, payload: first),
        FrameBuilder.tcpFrame(server, 110, client, 40000, flags: 0x18, sequence: 117, acknowledgment: 9, payload: rest),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp/pop"] == 4)
    #expect(paths["eth/ip/tcp/pop/imf"] == 1)
}

/// SMTP: the client's DATA starts the message; the segment with the end-of-message line (`.` after a
/// CRLF) carries `imf` (packet-smtp.c). Data before DATA, and the server's lines, never do.
@Test func anSMTPMessageIsShownAsIMFInTheFrameWithItsEndOfMessageLine() {
    let client = "10.0.0.5", server = "10.0.0.9"
    let body1 = Array("Subject: hi\r\n\r\nline one\r\n".utf8), body2 = Array("line two\r\n".utf8)
    let frames = [
        FrameBuilder.tcpFrame(client, 40001, server, 25, flags: 0x18, sequence: 1, acknowledgment: 1, payload: Array("DATA\r\n".utf8)),
        FrameBuilder.tcpFrame(
            server, 25, client, 40001, flags: 0x18, sequence: 1, acknowledgment: 7, payload: Array("354 go ahead\r\n".utf8)),
        FrameBuilder.tcpFrame(client, 40001, server, 25, flags: 0x18, sequence: 7, acknowledgment: 15, payload: body1),
        FrameBuilder.tcpFrame(
            client, 40001, server, 25, flags: 0x18, sequence: 7 + UInt32(body1.count), acknowledgment: 15, payload: body2),
        FrameBuilder.tcpFrame(
            client, 40001, server, 25, flags: 0x18, sequence: 7 + UInt32(body1.count + body2.count), acknowledgment: 15,
            payload: Array(".\r\n".utf8)),
        FrameBuilder.tcpFrame(
            client, 40001, server, 25, flags: 0x18, sequence: 10 + UInt32(body1.count + body2.count), acknowledgment: 15,
            payload: Array("QUIT\r\n".utf8)),
    ]
    let paths = hierarchyPaths(frames)
    #expect(paths["eth/ip/tcp/smtp"] == 6)
    #expect(paths["eth/ip/tcp/smtp/imf"] == 1)
}

/// A message and its terminator in one segment (what most clients send) completes there.
@Test func anSMTPMessageEndingInItsOwnSegmentIsIMF() {
    let frames = [
        FrameBuilder.tcpFrame(
            "10.0.0.5", 40002, "10.0.0.9", 587, flags: 0x18, sequence: 1, acknowledgment: 1, payload: Array("data\r\n".utf8)),
        FrameBuilder.tcpFrame(
            "10.0.0.5", 40002, "10.0.0.9", 587, flags: 0x18, sequence: 7, acknowledgment: 1,
            payload: Array("Subject: x\r\n\r\nbody\r\n.\r\n".utf8)),
    ]
    #expect(hierarchyPaths(frames)["eth/ip/tcp/smtp/imf"] == 1)
}
