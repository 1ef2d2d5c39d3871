#if canImport(Glibc)
import Glibc
#endif
import Support
import TestSupport
import Testing

/// The lab captures extraction is checked on, with the names and SHA-256 values the files must have
/// (the digests are those `tshark --export-objects http` writes for the same bodies).
let extractionExpectations: [(capture: String, files: [String: String])] = [
    (
        "dl-gzip-chunked-exe",
        ["6-x86": "45114d8f52da41637f64fce5a525310a7ac8a8b76ecd4aa04d49979115ea7ef1"]
    ),
    (
        "http-download",
        [
            "5-invoice.pdf.exe": "27057075d354b0b2edd9bd68c5baf2b4f71bbd4b87770bb225185041459db00b",
            "9-report.pdf": "1c9db8b292b09c544c0c068214146846432c68c2397a2ff2290561979080a0ed",
        ]
    ),
    (
        "benign-downloads",
        [
            "6-object": "f58c1d4e5c2fc4b8c46b59b23df608a9d4642de12636c8c0f25cef276ac191a5",
            "16-s.css": "d869b6828e8f33977e3792915c00008f81cc4bc642656a628aff79e2e150ac87",
            "26-app.js": "3b4e9abef6b75e51beaa3596601a03c40ef50b435062b82623703772d286a24c",
            "36-hero.png": "64edc6767c9d92a593ad6733dab1dae59ac32649397246d726ac91a4d119d67d",
            "46-annual-2025.pdf": "6c60c45312f5e73b5b6c065d25dc195f84c5ebcdf6be774fe62b480e24429c8f",
        ]
    ),
]

/// Permission bits of `path` (nil when it cannot be read).
func fileMode(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : nil
}

/// Every name in `dir`, hidden ones too, sorted.
func names(in dir: String) -> [String] { DirectoryWalker.names(in: dir, includeHidden: true).sorted() }

@Test func extractFilesWritesEveryBodyDecodedWithSafeNamesModeOwnerOnly() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make(), files = TemporaryDirectory.make()
    let inputs = extractionExpectations.map { RepositoryPaths.root + "/Tests/Fixtures/lab/\($0.capture).pcap" }
    let (status, _) = RepositoryPaths.run([tool] + inputs + ["-o", out, "--format", "md,json", "--extract-files", files])
    #expect(status == 0)
    for e in extractionExpectations {
        let folder = files + "/" + e.capture
        let names = names(in: folder)
        #expect(names == e.files.keys.sorted(), "\(e.capture): no temporary or extra files")
        for (name, sha256) in e.files {
            #expect(Digest.sha256(path: folder + "/" + name) == sha256, "\(e.capture)/\(name)")
            #expect(fileMode(folder + "/" + name) == 0o600, "\(e.capture)/\(name) is owner read/write only, never executable")
        }
        let json = try #require(RepositoryPaths.readText(out + "/\(e.capture).json"))
        for name in e.files.keys { #expect(json.contains("\"extractedPath\": \"\(e.capture)/\(name)\""), "\(e.capture): \(name) listed") }
        #expect(json.contains("\"extraction\": {\"folder\": \"\(e.capture)\", \"written\": \(e.files.count)"))
        let md = try #require(RepositoryPaths.readText(out + "/\(e.capture).md"))
        #expect(md.contains("| Extracted to |") && md.contains("written to the folder \(e.capture)"))
    }
    // Nothing lands in the report folder.
    let reportFiles = names(in: out)
    #expect(!reportFiles.contains { $0.hasSuffix(".exe") || $0 == "http-download" })
}

@Test func aSecondRunNeverReplacesExtractedFilesAndWithoutTheFlagNothingIsListed() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make(), files = TemporaryDirectory.make()
    let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/http-download.pcap"
    _ = RepositoryPaths.run([tool, capture, "-o", out, "--format", "json", "--extract-files", files])
    _ = RepositoryPaths.run([tool, capture, "-o", out, "--format", "json", "--extract-files", files, "--force"])
    let names = names(in: files + "/http-download")
    #expect(names == ["5-invoice.pdf-2.exe", "5-invoice.pdf.exe", "9-report-2.pdf", "9-report.pdf"])
    let plain = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, capture, "-o", plain, "--format", "json,md"])
    let json = try #require(RepositoryPaths.readText(plain + "/http-download.json"))
    #expect(!json.contains("extractedPath") && !json.contains("\"extraction\""))
    #expect(!(RepositoryPaths.readText(plain + "/http-download.md") ?? "Extracted to").contains("Extracted to"))
}

@Test(.enabled(if: ExternalTools.tshark != nil, "tshark is not installed: extracted files not compared with --export-objects http"))
func extractedFilesHaveTheDigestsOfTsharksExportObjects() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let tshark = try #require(ExternalTools.tshark)
    for e in extractionExpectations {
        let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/\(e.capture).pcap"
        let out = TemporaryDirectory.make(), ours = TemporaryDirectory.make(), theirs = TemporaryDirectory.make() + "/eo"
        _ = RepositoryPaths.run([tool, capture, "-o", out, "--format", "json", "--extract-files", ours])
        _ = RepositoryPaths.run([tshark, "-n", "-r", capture, "-q", "--export-objects", "http," + theirs])
        func digests(_ dir: String) -> [String] {
            names(in: dir).compactMap { Digest.sha256(path: dir + "/" + $0) }.sorted()
        }
        let expected = digests(theirs)
        #expect(!expected.isEmpty, "tshark exported objects from \(e.capture)")
        #expect(digests(ours + "/" + e.capture) == expected, "\(e.capture)")
    }
}

@Test func redactPayloadWithholdsTheDownloadsNamesButKeepsItsDigests() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/dl-double-extension.pcap"
    _ = RepositoryPaths.run([tool, capture, "-o", out, "--format", "md,html,json,iocs", "--redact", "payload"])
    for file in ["dl-double-extension.md", "dl-double-extension.html", "dl-double-extension.json", "dl-double-extension.iocs.csv"] {
        let text = try #require(RepositoryPaths.readText(out + "/" + file))
        for secret in ["invoice.pdf.exe", "invoices-online", "Chrome/128"] {
            #expect(!text.contains(secret), "\(file) shows \(secret)")
        }
        #expect(text.contains("736c84d363be7a6d5f2874857e8a320b3dc29565d2be3268e49a63351f4db2d7"), "\(file): the payload's digest stays")
    }
    let plain = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, capture, "-o", plain, "--format", "iocs"])
    let csv = try #require(RepositoryPaths.readText(plain + "/dl-double-extension.iocs.csv"))
    #expect(csv.contains("url,") && csv.contains("invoice.pdf.exe") && csv.contains("198.51.100.44,payload"))
}
