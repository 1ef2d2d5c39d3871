import CaptureReading
import PacketDecoding
import Support
import TestSupport
import Testing

@testable import TrafficStatistics

/// One TCP connection 10.0.0.5:40000 -> 10.0.0.9:80 as a capture, each step one direction's payload
/// (`skip` leaves bytes out: a gap).
private struct Exchange {
    var frames = PcapFileBuilder()
    var clientNext: UInt32 = 1001, serverNext: UInt32 = 5001
    var count = 2

    init() {
        frames.append(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: 0x02, sequence: 1000))
        frames.append(FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: 0x12, sequence: 5000, acknowledgment: 1001))
    }

    mutating func send(_ fromClient: Bool, _ text: String, skip: UInt32 = 0, flags: UInt8 = 0x18) {
        count += 1
        let payload = Array(text.utf8)
        if fromClient {
            frames.append(
                FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 80, flags: flags, sequence: clientNext + skip, payload: payload),
                microseconds: UInt32(count))
            clientNext += UInt32(payload.count) + skip
        } else {
            frames.append(
                FrameBuilder.tcpFrame("10.0.0.9", 80, "10.0.0.5", 40000, flags: flags, sequence: serverNext + skip, payload: payload),
                microseconds: UInt32(count))
            serverNext += UInt32(payload.count) + skip
        }
    }

    /// The HTTP evidence with extraction into `directory`/`folder`, keeping `rows` transactions.
    func analyze(into directory: String, rows: Int = 500) throws -> HTTPActivity {
        var options = AnalysisOptions(httpTransactionsKept: rows)
        options.fileExtraction = FileExtractionOptions(directory: directory, folder: "cap")
        return try CaptureAnalysis.analyze(path: frames.write(), options: options).http
    }
}

@Test(arguments: [
    ("invoice.pdf.exe", "invoice.pdf.exe"), ("../../etc/passwd", "_.._etc_passwd"), (".bashrc", "bashrc"),
    ("a b<c>|d.exe", "a_b_c__d.exe"), ("résumé.pdf", "r_sum_.pdf"), ("", "object"), ("///", "object"), ("-rf", "rf"),
    ("C:\\Windows\\evil.dll", "C__Windows_evil.dll"),
])
func extractedNamesHaveNoSeparatorsNoLeadingDotsAndOnlySafeCharacters(_ name: String, _ expected: String) {
    #expect(FileExtractor.safeName(name, fallback: "object") == expected)
}

@Test func longNamesAreCutAndCollisionsNumberedBeforeTheExtension() {
    #expect(FileExtractor.safeName(String(repeating: "a", count: 400), fallback: "x").count == 120)
    #expect(FileExtractor.numbered("5-report.pdf", 2) == "5-report-2.pdf")
    #expect(FileExtractor.numbered("5-object", 3) == "5-object-3")
}

@Test func hostileNamesStayInsideTheFolderAndCutBodiesAreNotWritten() throws {
    var c = Exchange()
    c.send(true, "GET /a/..%2F..%2Fevil.sh HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n#!/bin/sh\nid")
    c.send(true, "GET /b HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"../../.profile\"\r\nContent-Length: 5\r\n\r\nhello")
    c.send(true, "GET /c.bin HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234")
    c.send(false, "56789", skip: 3)  // three bytes never captured: the body is cut
    let dir = TemporaryDirectory.make()
    let http = try c.analyze(into: dir)
    let names = DirectoryWalker.names(in: dir + "/cap", includeHidden: true).sorted()
    #expect(names == ["4-_.._evil.sh", "6-profile"], "no temporary file is left behind")
    #expect(http.transactions.map { $0.responseBody?.extractedPath } == ["cap/4-_.._evil.sh", "cap/6-profile", nil])
    #expect(FileIO.readText(dir + "/cap/6-profile") == "hello")
    let summary = try #require(http.extraction)
    #expect(summary.written == 2 && summary.skippedIncomplete == 1 && summary.failed == 0)
}

@Test func bodiesPastTheRowCapAreWrittenToo() throws {
    var c = Exchange()
    c.send(true, "GET /one.txt HTTP/1.1\r\nHost: a\r\n\r\nGET /two.txt HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo")
    let dir = TemporaryDirectory.make()
    let http = try c.analyze(into: dir, rows: 1)
    #expect(http.transactionsDropped == 1)
    #expect(DirectoryWalker.names(in: dir + "/cap").sorted() == ["4-one.txt", "5-object"])
}

@Test func anUnwritableDirectoryIsCountedNotFatal() throws {
    var c = Exchange()
    c.send(true, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
    c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
    let file = TemporaryDirectory.make() + "/plain-file"
    try AtomicFile.write("x", to: file)
    let http = try c.analyze(into: file)  // a file where the folder should be
    #expect(http.responses == 1 && http.transactions.first?.responseBody?.sha256.isEmpty == false)
    #expect(http.extraction?.written == 0 && http.extraction?.failed == 1 && http.extraction?.firstError != nil)
}
