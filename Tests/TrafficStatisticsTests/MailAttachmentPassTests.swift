import PacketDecoding
import Support
import TestSupport
import Testing

@testable import TrafficStatistics

/// The mail lab captures: `live/` recorded by Tests/Lab/record-mail-lab.py, the segmented one made by
/// Tests/Lab/make-mail-captures.py. Digests are those Python's `email` package decodes from the .eml
/// `tshark --export-objects imf` writes (Tests/Lab/compare-mail-attachments.py).
let mailLab = RepositoryPaths.root + "/Tests/Fixtures/lab"

/// Runs the parser over `message` split into lines (CRLF removed), returning (name, type, bytes) per attachment.
func attachments(_ message: String, pieces: Int = 0) -> [(String, String, [UInt8])] {
    var parser = MIMEStreamParser()
    var events: [MIMEStreamParser.Event] = []
    for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
        let bytes = Array(line.utf8)
        if pieces > 0 && bytes.count > pieces {
            var i = 0
            while i < bytes.count {
                let end = min(bytes.count, i + pieces)
                parser.line(bytes[i ..< end], partial: end < bytes.count, into: &events)
                i = end
            }
        } else {
            parser.line(bytes[...], partial: false, into: &events)
        }
    }
    parser.finish(into: &events)
    var out: [(String, String, [UInt8])] = []
    for e in events {
        switch e {
        case .start(let name, let type): out.append((name, type, []))
        case .data(let d): if !out.isEmpty { out[out.count - 1].2 += d }
        case .end: break
        }
    }
    return out
}

let nested = """
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="outer"

    preamble --outer is not a boundary here
    --outer
    Content-Type: multipart/alternative;
     boundary=inner

    --inner
    Content-Type: text/plain

    hello
    --inner--
    --outer
    Content-Type: application/octet-stream; name="a.bin"
    Content-Transfer-Encoding: base64

    TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    gAAAAA==
    --outer
    Content-Disposition: attachment; filename*0*=utf-8''R%C3%A9sum; filename*1="\u{E9}.txt"
    Content-Transfer-Encoding: quoted-printable

    soft=
     break and =C3=A4
    second line
    --outer
    Content-Type: text/plain; name="=?ISO-8859-1?Q?caf=E9?= =?UTF-8?B?LnR4dA==?="

    line one
    line two
    --outer--
    epilogue
    """

@Test func nestedMultipartAttachmentsAreDecodedWithTheirNames() throws {
    let found = attachments(nested)
    try #require(found.count == 3, "\(found.map(\.0))")
    #expect(found[0].0 == "a.bin" && found[0].1 == "application/octet-stream")
    #expect(found[0].2.count == 64 && found[0].2.starts(with: [0x4D, 0x5A]))
    #expect(found[1].0 == "Résumé.txt")
    #expect(found[1].2 == Array("soft break and ä\r\nsecond line".utf8))
    #expect(found[2].0 == "café.txt" && found[2].2 == Array("line one\r\nline two".utf8))
}

@Test func linesHandedOnInPiecesDecodeTheSame() {
    let whole = attachments(nested), cut = attachments(nested, pieces: 7)
    #expect(whole.map(\.2) == cut.map(\.2) && whole.map(\.0) == cut.map(\.0))
}

@Test(arguments: [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\x\\evil.exe", "evil.exe"), ("a\u{1}b\u{7F}.txt", "a_b_.txt"),
    (String(repeating: "x", count: 400), String(repeating: "x", count: 255)),
])
func fileNamesAreMadeSafe(_ name: String, _ safe: String) {
    #expect(MIMEStreamParser.safeFileName(name) == safe)
}

@Test func boundaryNestingIsBounded() {
    var text = "Content-Type: multipart/mixed; boundary=b0\n\n"
    for depth in 1 ... 20 { text += "--b\(depth - 1)\nContent-Type: multipart/mixed; boundary=b\(depth)\n\n" }
    text += "--b20\nContent-Disposition: attachment; filename=deep.txt\n\ndeep\n"
    var parser = MIMEStreamParser()
    var events: [MIMEStreamParser.Event] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        parser.line(Array(line.utf8)[...], partial: false, into: &events)
    }
    #expect(parser.boundaries.count <= MIMEStreamParser.depthKept)
}

@Test func base64DecoderSkipsWhiteSpaceAndStopsAtPadding() {
    var d = Base64Decoder()
    var out = d.add(ArraySlice("aGVs".utf8)) + d.add(ArraySlice("bG8g\r\nd29y".utf8)) + d.add(ArraySlice("bGQ=AAAA".utf8))
    out += d.finish()
    #expect(out == Array("hello world".utf8))
}

@Test func smtpLabMailYieldsItsThreeAttachments() throws {
    let mail = try CaptureAnalysis.analyze(path: mailLab + "/live/mail-smtp-phishing.pcap").mail
    #expect(mail.messages == 1 && mail.incompleteMessages == 0)
    try #require(mail.attachments.count == 3)
    let exe = mail.attachments[2]
    #expect(mail.attachments.map(\.fileName) == ["notiz.txt", "invoice.pdf", "invoice.pdf.exe"])
    #expect(mail.attachments.map(\.magic) == [.text, .pdf, .pe])
    #expect(exe.protocolName == "smtp" && exe.size == 6000 && exe.complete && exe.serverPort == 25)
    #expect(exe.sha256 == "e4f7b778734222edb4303e06b42cbb2309dc041c6231c5f0e92527f2d38cbeb9")
    #expect(mail.attachments[0].sha256 == "31119780899cb9f49e65bd625cc8a02fb97069e84ed6fd1f3b5d3aba18145e43")
}

@Test func segmentedSMTPWithARetransmissionDecodesEveryAttachment() throws {
    let mail = try CaptureAnalysis.analyze(path: mailLab + "/mail-smtp-segmented.pcap").mail
    try #require(mail.attachments.count == 3)
    #expect(mail.attachments.map(\.fileName) == ["scan.jpg", "readme.js", "Angebot Teil_1.pdf"])
    #expect(mail.attachments[0].magic == .pe && mail.attachments[0].typeMismatch && mail.attachments[0].size == 5000)
    #expect(mail.attachments[0].sha256 == "1c796a3c59b3b9d3b98707708f82508aea4a92fa1dedcc8f941afbbcb3ab13a8")
    #expect(mail.attachments[1].sha256 == "4aac9459421c7b90b2f0a8cde1875645b5c369e5905ebf01a5f161c01fc394f4")
    #expect(mail.attachments.allSatisfy { $0.complete })
    #expect(mail.attachments[0].client.description == "203.0.113.90" && mail.attachments[0].server.description == "10.30.0.60")
}

@Test func popRetrieveUndoesDotStuffingAndReadsRFC2231Names() throws {
    let mail = try CaptureAnalysis.analyze(path: mailLab + "/live/mail-pop-attachment.pcap").mail
    try #require(mail.attachments.count == 2)
    #expect(mail.attachments.map(\.protocolName) == ["pop", "pop"])
    #expect(mail.attachments[0].fileName == "Rechnung_März.docx" && mail.attachments[0].magic == .pe)
    #expect(mail.attachments[0].sha256 == "0a8eda134bbd1cc4dc5763a8161abc954b8c951175e8c484df92e568159755c2")
    #expect(mail.attachments[1].fileName == "übersicht.txt")
    #expect(mail.attachments[1].sha256 == "7d6b117b3d3bea25eb44c83be1b9f74e3c18ce7a4c50d0c2226633c340f26306")
}

@Test func mailWithoutAttachmentsAndOtherCapturesHaveNone() throws {
    #expect(try CaptureAnalysis.analyze(path: mailLab + "/cleartext-mail-web.pcap").mail.attachments.isEmpty)
    let benign = try CaptureAnalysis.analyze(path: mailLab + "/live/mail-smtp-benign-pdf.pcap").mail
    #expect(benign.attachments.map(\.magic) == [.pdf] && benign.messages == 1)
}

@Test func aDownloadPastTheRowCapIsKeptAsACandidate() throws {
    let http = try CaptureAnalysis.analyze(path: mailLab + "/dl-late-exe.pcap").http
    #expect(http.transactions.count == 500 && http.transactionsDropped == 100)
    try #require(http.downloadCandidates.count == 1)
    let t = http.downloadCandidates[0]
    #expect(t.fileName == "setup.pdf.exe" && t.responseBody?.magic == .pe && t.statusCode == 200)
    #expect(t.responseBody?.sha256 == "55d2a9f3eea5934042f5ffdaedf66d717527bec0dff2a18dca6b1105389dfc5b")
}

/// An SMTP session in segments of `size` bytes (client 10.0.0.1:40000 to 10.0.0.2:25); `skip` leaves
/// one segment out (a gap).
func smtpCapture(_ message: [UInt8], size: Int = 1400, skip: Int? = nil) -> String {
    var pcap = PcapFileBuilder()
    var seq: UInt32 = 1000, t: UInt32 = 0
    func send(_ payload: [UInt8], flags: UInt8 = 0x18, drop: Bool = false) {
        if !drop {
            pcap.append(
                FrameBuilder.tcpFrame("10.0.0.1", 40000, "10.0.0.2", 25, flags: flags, sequence: seq, payload: payload),
                microseconds: t)
        }
        seq &+= UInt32(payload.count) + (flags & 0x02 != 0 ? 1 : 0)
        t += 10
    }
    send([], flags: 0x02)
    send(Array("EHLO x\r\nDATA\r\n".utf8))
    let data = message + Array("\r\n.\r\n".utf8)
    var n = 0
    for i in stride(from: 0, to: data.count, by: size) {
        send(Array(data[i ..< min(data.count, i + size)]), drop: n == skip)
        n += 1
    }
    send([], flags: 0x11)
    return pcap.write()
}

@Test func aHugeUnbrokenLineStreamsThroughInPiecesAndAGapLeavesNoDigest() throws {
    let body = (0 ..< 100_000).map { UInt8(0x41 + $0 % 26) }
    let message =
        Array("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Disposition: attachment; filename=big.txt\r\n\r\n".utf8)
        + body + Array("\r\n--b--".utf8)
    let whole = try CaptureAnalysis.analyze(path: smtpCapture(message)).mail
    try #require(whole.attachments.count == 1)
    #expect(whole.attachments[0].size == body.count && whole.attachments[0].complete)
    #expect(whole.attachments[0].sha256 == Digest.sha256(bytes: body))
    let cut = try CaptureAnalysis.analyze(path: smtpCapture(message, skip: 30)).mail
    #expect(cut.incompleteMessages == 1 && cut.messages == 0)
    try #require(cut.attachments.count == 1)
    #expect(!cut.attachments[0].complete && cut.attachments[0].sha256.isEmpty)
}
