@testable import BatchRunning
import ReportRendering
import Support
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

// A capture's reports change together: every file of the set or none, nothing stale kept or linked,
// and an incremental run believes only files whose sizes and digests match the manifest.

/// The index entry of `name` in `out/index.json`, or nil when the index does not list it as reported.
private func indexedReports(_ out: String, _ name: String) throws -> [String]? {
    let json = try JSONReader.parse(try #require(RepositoryPaths.readText(out + "/index.json")))
    guard let entry = json["captures"]?.arrayValue?.first(where: { $0["name"]?.stringValue == name }) else { return nil }
    guard case let .object(pairs)? = entry["reports"] else { return [] }
    return pairs.compactMap { $0.1.stringValue }
}

@Test func aCaptureThatNowFailsLosesItsOldReportsAndIsNotLinked() throws {
    let root = MixedFolder.make()
    let options = MixedFolder.options(root)
    let templates = try MixedFolder.templates()
    let out = options.outputDirectory
    _ = BatchRun(options: options, templates: templates).run()
    #expect(RepositoryPaths.exists(out + "/site-b/udp.html"))
    // The capture is overwritten with something that is no capture: last run's reports must go.
    RepositoryPaths.writeText("not a capture any more\n", to: root + "/in/site-b/udp.cap")
    let outcome = BatchRun(options: options, templates: templates).run()
    #expect(outcome.results.contains { if case let .failed(e) = $0 { e.name == "site-b/udp" } else { false } })
    for ext in IndexEntry.reportExtensions { #expect(!RepositoryPaths.exists("\(out)/site-b/udp.\(ext)"), "stale site-b/udp.\(ext)") }
    #expect(RepositoryPaths.exists(out + "/site-b/udp.error.json"))
    #expect(try indexedReports(out, "site-b/udp") == nil)
    #expect(RepositoryPaths.readText(out + "/index.html")?.contains("site-b/udp.html") == false)
}

@Test func aRunWithFewerFormatsRemovesTheOthersAndLinksOnlyWhatItWrote() throws {
    let root = MixedFolder.make()
    var options = MixedFolder.options(root)
    let templates = try MixedFolder.templates()
    let out = options.outputDirectory
    _ = BatchRun(options: options, templates: templates).run()
    options.formats = [.json]
    _ = BatchRun(options: options, templates: templates).run()
    for name in MixedFolder.reportedNames {
        #expect(RepositoryPaths.exists("\(out)/\(name).json") && RepositoryPaths.exists("\(out)/\(name).summary.md"))
        #expect(!RepositoryPaths.exists("\(out)/\(name).html") && !RepositoryPaths.exists("\(out)/\(name).md"), "stale \(name)")
        #expect(try indexedReports(out, name) == ["\(name).json", "\(name).summary.md"])
    }
}

/// One file of the set cannot be written (a folder squats its name): the capture fails, and none of
/// its other files appears under its real name.
@Test func aFailedWriteLeavesNoFileOfTheCaptureUnderItsRealName() throws {
    let root = MixedFolder.make()
    var options = MixedFolder.options(root)
    // The squatting folder makes the output folder one no run made: --force, or the run is refused.
    options.force = true
    let out = options.outputDirectory
    for dir in ["", "/site-b", "/site-b/udp.summary.md"] { mkdir(out + dir, 0o755) }
    let outcome = BatchRun(options: options, templates: try MixedFolder.templates()).run()
    let entry = try #require(outcome.results.first { $0.entry.name == "site-b/udp" }?.entry)
    #expect(entry.error?.contains("udp.summary.md") == true, "\(entry.error ?? "reported")")
    for ext in ["md", "html", "json"] { #expect(!RepositoryPaths.exists("\(out)/site-b/udp.\(ext)"), "partial set: udp.\(ext)") }
    #expect(RepositoryPaths.exists(out + "/site-b/udp.error.json"))
    #expect(MixedFolder.files(out + "/site-b").allSatisfy { !$0.contains(".tmp-") })
    #expect(outcome.reported == MixedFolder.reportedNames.count - 1)
}

@Test func anIncrementalRunReReportsATruncatedOrEmptiedReport() throws {
    let root = MixedFolder.make()
    var options = MixedFolder.options(root)
    options.incremental = true
    let templates = try MixedFolder.templates()
    let out = options.outputDirectory
    _ = BatchRun(options: options, templates: templates).run()
    let html = try #require(RepositoryPaths.readText(out + "/benign-web.html"))
    let json = try #require(RepositoryPaths.readText(out + "/site-b/udp.json"))
    // A torn copy (first half) and an empty file, both still "there".
    RepositoryPaths.writeText(String(html.prefix(html.count / 2)), to: out + "/benign-web.html")
    RepositoryPaths.writeText("", to: out + "/site-b/udp.json")
    let again = BatchRun(options: options, templates: templates).run()
    let reported = again.results.compactMap { if case let .reported(e, _) = $0 { e.name } else { nil } }
    #expect(reported.sorted() == ["benign-web", "site-b/udp"])
    #expect(RepositoryPaths.readText(out + "/benign-web.html") == html)
    #expect(RepositoryPaths.readText(out + "/site-b/udp.json") == json)
    // Same size, other bytes: the digest catches it.
    var flipped = Array(json.utf8)
    flipped[flipped.count / 2] = flipped[flipped.count / 2] == 0x20 ? 0x21 : 0x20
    RepositoryPaths.writeBytes(flipped, to: out + "/site-b/udp.json")
    let third = BatchRun(options: options, templates: templates).run()
    #expect(third.results.compactMap { if case let .reported(e, _) = $0 { e.name } else { nil } } == ["site-b/udp"])
}

/// Capture names near the 255-byte limit of a file name: the reports (and their temporary files,
/// and a failure record) must still fit.
@Test func captureNamesNearTheFileNameLimitGetReportsAndFailureRecords() throws {
    let root = TemporaryDirectory.make()
    mkdir(root + "/in", 0o755)
    let good = String(repeating: "g", count: 240)
    let bad = String(repeating: "b", count: 243)
    MixedFolder.copy(RepositoryPaths.samples + "/benign-web.pcapng", root + "/in/\(good).pcapng")
    RepositoryPaths.writeText("not a capture\n", to: root + "/in/\(bad).pcap")
    let outcome = BatchRun(options: MixedFolder.options(root), templates: try MixedFolder.templates()).run()
    #expect(outcome.reported == 1 && outcome.failed == 1)
    let files = MixedFolder.files(root + "/out")
    for ext in ["md", "html", "json", "summary.md"] {
        #expect(files.contains { $0.hasPrefix(String(repeating: "g", count: 100)) && $0.hasSuffix("." + ext) }, "\(ext): \(files)")
    }
    #expect(files.contains { $0.hasPrefix(String(repeating: "b", count: 100)) && $0.hasSuffix(".error.json") }, "\(files)")
    #expect(files.allSatisfy { $0.utf8.count <= 255 })
}
