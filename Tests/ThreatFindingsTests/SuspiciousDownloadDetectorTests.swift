import PacketDecoding
import ReportRendering
import TestSupport
@testable import ThreatFindings
import TrafficStatistics
import Testing

/// The download lab captures (Tests/Lab/make-download-captures.py): technique, severity, the reasons,
/// and the SHA-256 `tshark --export-objects http` writes for the payload.
let downloadExpectations: [(file: String, technique: String, severity: FindingSeverity, reasons: [String], sha256: String)] = [
    (
        "dl-exe-bare-ip.pcap", "bare-ip-download", .high, ["executable", "bare-ip-host"],
        "ee3cf34dd34279e55cdfaf6093eed307249c31a00c868ebeacaf54cc50d79363"
    ),
    (
        "dl-double-extension.pcap", "double-extension", .high, ["executable", "double-extension"],
        "736c84d363be7a6d5f2874857e8a320b3dc29565d2be3268e49a63351f4db2d7"
    ),
    (
        "dl-type-mismatch.pcap", "disguised-file-type", .high, ["executable", "type-mismatch"],
        "00486f206244437731bf2ac41a1e342779900173647406114050c970febca1af"
    ),
    (
        "dl-powershell-script.pcap", "script-download", .medium, ["script"],
        "716660a2a5f6b382a2e72b40b4d7c8fd86a71cf282c686c0cf2aa377dbfcf6d9"
    ),
    (
        "dl-gzip-chunked-exe.pcap", "bare-ip-download", .high, ["executable", "bare-ip-host"],
        "45114d8f52da41637f64fce5a525310a7ac8a8b76ecd4aa04d49979115ea7ef1"
    ),
]

@Test(arguments: 0 ..< 5)
func labDownloadCaptureYieldsItsFindingWithPayloadIndicators(_ index: Int) throws {
    let e = downloadExpectations[index]
    let a = try labAssessment(e.file)
    let downloads = a.findings.filter { $0.kind == .suspiciousDownload }
    #expect(downloads.count == 1, "\(summaries(a.findings))")
    let f = try #require(downloads.first)
    #expect(f.technique?.rawValue == e.technique)
    #expect(f.severity == e.severity)
    #expect(f.attack.first == "T1105")
    #expect(f.displayFilter == "tcp.stream == 0")
    guard case let .suspiciousDownload(x) = f.facts else { Issue.record("facts"); return }
    let d = try #require(x.downloads.first)
    #expect(d.reasons.map(\.rawValue) == e.reasons)
    #expect(d.sha256 == e.sha256)
    #expect(f.indicators.contains(Indicator(kind: .sha256, value: e.sha256, role: .payload)))
    #expect(f.indicators.contains { $0.kind == .url && $0.role == .payload && $0.value.hasPrefix("http://") })
    #expect(f.indicators.contains { $0.role == .payload && $0.value == f.attackers.first?.description })
    let words = wording(f)
    #expect(words.summary.contains("downloaded"))
    #expect(words.details.contains { $0.contains(e.sha256) })
}

@Test
func doubleExtensionAndDisguisedExecutablesNameUserExecution() throws {
    for file in ["dl-double-extension.pcap", "dl-type-mismatch.pcap"] {
        let f = try #require(try labAssessment(file).findings.first { $0.kind == .suspiciousDownload })
        #expect(f.attack.contains("T1204.002"), "\(file)")
    }
    // curl fetching an executable from a bare IP: a tool transfer, not a person opening a file.
    let curl = try #require(try labAssessment("dl-exe-bare-ip.pcap").findings.first { $0.kind == .suspiciousDownload })
    #expect(!curl.attack.contains("T1204.002"))
}

@Test
func benignBrowsingAndAVendorUpdateOverHTTPStayBelowMedium() throws {
    let browsing = try labAssessment("benign-downloads.pcap")
    #expect(browsing.findings.filter { $0.kind == .suspiciousDownload }.isEmpty, "\(summaries(browsing.findings))")
    #expect(browsing.findings.allSatisfy { $0.severity < .medium }, "\(summaries(browsing.findings))")
    let update = try labAssessment("benign-update-download-http.pcap")
    #expect(update.findings.allSatisfy { $0.severity < .medium }, "\(summaries(update.findings))")
    let f = try #require(update.findings.first { $0.kind == .suspiciousDownload })
    #expect(f.severity == .info && f.technique == .executableDownload)
}

@Test
func downloadsBelowTheMinimumSizeAreNoFiles() throws {
    let summary = try CaptureAnalysis.analyze(path: labDirectory + "/dl-exe-bare-ip.pcap")
    var t = DetectionThresholds()
    #expect(SuspiciousDownloadDetector(thresholds: t).detect(summary).count == 1)
    t.minimumDownloadBytes = 3001  // the PE is 3000 bytes
    #expect(SuspiciousDownloadDetector(thresholds: t).detect(summary).isEmpty)
}

@Test(arguments: [
    ("invoice.pdf.exe", true), ("Scan_0042.JPG.scr", true), ("report.pdf", false), ("archive.tar.gz", false),
    ("setup-1.2.3.exe", false), (".pdf.exe", false), ("photo.jpeg.js", true), ("a.b.exe", false),
])
func doubleExtensionsAreARunnableExtensionAfterALureOne(_ name: String, _ expected: Bool) {
    #expect(SuspiciousDownloadDetector.hasDoubleExtension(name) == expected, "\(name)")
}

@Test(arguments: [
    ("203.0.113.7", true), ("203.0.113.7:8080", true), ("[2001:db8::1]:8080", true), ("2001:db8::1", true),
    ("example.com", false), ("example.com:8080", false), ("", false), ("1.2.3.4.example", false),
])
func bareIPHostsAreAddressLiteralsWithOrWithoutPort(_ host: String, _ expected: Bool) {
    #expect(SuspiciousDownloadDetector.bareIPHost(host) == expected, "\(host)")
}

@Test
func aScriptServedAsJavaScriptToAPageIsNoDownloadButAnAttachedOneIs() {
    var t = HTTPActivity.Transaction()
    t.statusCode = 200
    t.fileName = "app.js"
    t.responseContentType = "application/javascript"
    var body = HTTPActivity.Body()
    body.size = 500; body.magic = .text
    t.responseBody = body
    #expect(SuspiciousDownloadDetector.classify(t, minimumBytes: 64) == nil)
    t.responseContentType = "application/octet-stream"
    #expect(SuspiciousDownloadDetector.classify(t, minimumBytes: 64)?.reasons == [.script])
    t.statusCode = 404
    #expect(SuspiciousDownloadDetector.classify(t, minimumBytes: 64) == nil)
}
