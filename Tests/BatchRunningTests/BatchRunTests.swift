import CaptureReport
@testable import BatchRunning
import ReportRendering
import TestSupport
import Testing
import ThreatFindings
import Support
#if canImport(Glibc)
import Glibc
#endif

@Test func aMixedFolderReportsEveryCaptureOnceAndNotesTheRest() throws {
    let root = MixedFolder.make()
    let outcome = BatchRun(options: MixedFolder.options(root), templates: try MixedFolder.templates()).run()
    #expect(outcome.status == .someFailed)
    let reported = outcome.results.compactMap { if case let .reported(e, _) = $0 { e.name } else { nil } }
    #expect(reported.sorted() == MixedFolder.reportedNames.sorted())
    #expect(outcome.results.compactMap { if case let .failed(e) = $0 { e.name } else { nil } } == MixedFolder.failedNames)
    let out = root + "/out"
    for name in MixedFolder.reportedNames {
        for ext in ["md", "html", "json", "summary.md"] { #expect(RepositoryPaths.exists("\(out)/\(name).\(ext)"), "\(name).\(ext)") }
    }
    #expect(RepositoryPaths.exists(out + "/broken.error.json"))
    #expect(!RepositoryPaths.exists(out + "/notes.md") && !RepositoryPaths.exists(out + "/site-b/readme.json"))
    // The gzip capture reads as the plain one: same verdict and packets.
    let gz = try #require(outcome.results.first { $0.entry.name == "site-a/deep/scan" }?.entry)
    let plain = try #require(outcome.results.first { $0.entry.name == "walkthrough-synscan" }?.entry)
    #expect(gz.packets == plain.packets && gz.classification == "port-scan" && gz.severity == .high)
    // The index lists every capture, most severe first, the failure with its error.
    let index = try #require(RepositoryPaths.readText(out + "/index.json"))
    let json = try JSONReader.parse(index)
    let names = json["captures"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(names.prefix(2).sorted() == ["site-a/deep/scan", "walkthrough-synscan"])
    #expect(names.count == MixedFolder.reportedNames.count)
    #expect(json["failed"]?.arrayValue?.first?["error"]?.stringValue?.contains("broken.pcap") == true)
    #expect(RepositoryPaths.readText(out + "/index.md")?.contains("## Could not be reported") == true)
    #expect(RepositoryPaths.readText(out + "/index.html")?.contains("<a href=\"site-a/deep/scan.html\">html</a>") == true)
}

@Test func theMemoryBudgetRunsABigCaptureAlone() {
    let pool = WorkerPool(jobs: [(0, cost: 10), (1, cost: 1000), (2, cost: 10), (3, cost: 10), (4, cost: 10)], budget: 100)
    let monitor = Monitor()
    nonisolated(unsafe) var running: [Int] = []
    nonisolated(unsafe) var sawBigWithOthers = false
    nonisolated(unsafe) var maxSmallTogether = 0
    pool.run(workers: 4) { job in
        monitor.locked {
            running.append(job)
            if running.contains(1) && running.count > 1 { sawBigWithOthers = true }
            maxSmallTogether = max(maxSmallTogether, running.count)
        }
        // A small job stays until four jobs have run at once (or 10 s pass), so the test does not
        // depend on how fast the machine starts threads: only the pool's admission decides the overlap.
        if job != 1 {
            var waited = 0
            while waited < 10_000 && monitor.locked({ maxSmallTogether }) < 4 {
                usleep(1_000)
                waited += 1
            }
        } else {
            usleep(20_000)
        }
        monitor.locked { running.removeAll { $0 == job } }
    }
    #expect(!sawBigWithOthers)
    #expect(maxSmallTogether == 4)            // the small ones still run side by side
    #expect(pool.peakCost <= 100)
}

@Test func anIncrementalRunSkipsUnchangedCapturesAndReReportsChangedOnes() throws {
    let root = MixedFolder.make()
    var options = MixedFolder.options(root)
    options.incremental = true
    let templates = try MixedFolder.templates()
    _ = BatchRun(options: options, templates: templates).run()
    let out = root + "/out"
    let indexBefore = RepositoryPaths.readText(out + "/index.json")

    let second = BatchRun(options: options, templates: templates).run()
    #expect(second.reported == 0)
    #expect(second.unchanged == MixedFolder.reportedNames.count)
    #expect(second.failed == 1)                                    // failures are retried every run
    #expect(RepositoryPaths.readText(out + "/index.json") == indexBefore)

    // A changed capture is reported again; the rest stay skipped.
    RepositoryPaths.writeBytes(MixedFolder.udpCapture(count: 7).data, to: root + "/in/site-b/udp.cap")
    let third = BatchRun(options: options, templates: templates).run()
    #expect(third.results.compactMap { if case let .reported(e, _) = $0 { e.name } else { nil } } == ["site-b/udp"])
    #expect(third.results.first { $0.entry.name == "site-b/udp" }?.entry.packets == 7)

    // Other options re-report everything.
    options.thresholds.minimumScanPorts = 30
    #expect(BatchRun(options: options, templates: templates).run().reported == MixedFolder.reportedNames.count)

    // A deleted report is written again.
    unlink(out + "/benign-web.html")
    let fifth = BatchRun(options: options, templates: templates).run()
    #expect(fifth.results.compactMap { if case let .reported(e, _) = $0 { e.name } else { nil } } == ["benign-web"])

    // The manifest records the build that made each report: by default this executable's
    // identity (release + its SHA-256), so the same build skips ...
    let manifestPath = out + "/" + RunManifest.fileName(shard: nil)
    let manifest = try #require(RepositoryPaths.readText(manifestPath))
    #expect(manifest.contains("\"toolVersion\": \"\(ToolVersion.buildIdentity)\""))
    #expect(BatchRun(options: options, templates: templates).run().unchanged == MixedFolder.reportedNames.count)
    // ... and an upgraded or rebuilt tool reports every capture again instead of keeping stale verdicts.
    options.toolIdentity = ToolVersion.release + "+another-build"
    #expect(BatchRun(options: options, templates: templates).run().reported == MixedFolder.reportedNames.count)
    #expect(BatchRun(options: options, templates: templates).run().unchanged == MixedFolder.reportedNames.count)
}

@Test func failOnSetsExitStatusThreeOnlyAtOrAboveTheSeverity() throws {
    let root = MixedFolder.make()
    unlink(root + "/in/broken.pcap")
    let templates = try MixedFolder.templates()
    var options = MixedFolder.options(root)
    #expect(BatchRun(options: options, templates: templates).run().status == .success)
    options.failOn = .high
    #expect(BatchRun(options: options, templates: templates).run().status == .findingsAtOrAbove)
    options.failOn = .critical
    #expect(BatchRun(options: options, templates: templates).run().status == .success)
    options.failOn = .info                                      // captures without findings never trigger it
    options.inputs = [root + "/in/benign-web.pcapng"]
    #expect(BatchRun(options: options, templates: templates).run().status == .success)
}

@Test func aLiveLockStopsASecondRunAndADeadOneIsTakenOver() throws {
    let root = MixedFolder.make()
    let options = MixedFolder.options(root)
    let out = options.outputDirectory
    mkdir(out, 0o755)
    // A lock file left by a dead process (pid that cannot exist) is taken over.
    RepositoryPaths.writeText("pid 999999999\n", to: out + "/" + RunLock.fileName(shard: nil))
    let templates = try MixedFolder.templates()
    #expect(BatchRun(options: options, templates: templates).run().status == .someFailed)
    // A held lock stops the run before it writes anything.
    let held = try RunLock(directory: out, shard: nil)
    let errors = ErrorLines()
    let log = BatchLog(standardOutput: { _ in }, standardError: { errors.add($0) })
    #expect(BatchRun(options: options, templates: templates, log: log).run().status == .usage)
    #expect(errors.text.contains("another pcap-report run (pid \(getpid()))"))
    held.release()
    // A different shard has its own lock.
    #expect(throws: Never.self) { _ = try RunLock(directory: out, shard: Shard(index: 1, count: 2)) }
}

final class ErrorLines: @unchecked Sendable {
    private let monitor = Monitor()
    private var lines: [String] = []
    func add(_ s: String) { monitor.locked { lines.append(s) } }
    var text: String { monitor.locked { lines.joined() } }
}

@Test func abandonedTemporaryFilesOfDeadWritersAreRemoved() {
    let dir = TemporaryDirectory.make()
    mkdir(dir + "/sub", 0o755)
    let host = BatchRun.ownHost
    RepositoryPaths.writeText("partial", to: dir + "/sub/.x.html.tmp-\(host)-999999999")
    RepositoryPaths.writeText("in progress", to: dir + "/.y.json.tmp-\(AtomicFile.temporarySuffix)")
    RepositoryPaths.writeText("another machine's", to: dir + "/.z.md.tmp-other-host-999999999")
    BatchRun.removeAbandonedTemporaryFiles(in: dir)
    #expect(!RepositoryPaths.exists(dir + "/sub/.x.html.tmp-\(host)-999999999"))
    #expect(RepositoryPaths.exists(dir + "/.y.json.tmp-\(AtomicFile.temporarySuffix)"))
    #expect(RepositoryPaths.exists(dir + "/.z.md.tmp-other-host-999999999"))
}

@Test func aCaptureThatTheToolDiedOnTwiceIsSkippedWithAMessageUntilItsMarkerIsRemoved() throws {
    let root = MixedFolder.make()
    let options = MixedFolder.options(root)
    let templates = try MixedFolder.templates()
    let attempts = AttemptLog(outputDirectory: options.outputDirectory)
    // Two runs died while reporting site-b/udp (as a trap in the analysis would end them).
    attempts.begin("site-b/udp")
    attempts.begin("site-b/udp")
    #expect(attempts.deadAttempts("site-b/udp") == 2)
    let outcome = BatchRun(options: options, templates: templates).run()
    let entry = try #require(outcome.results.first { $0.entry.name == "site-b/udp" }?.entry)
    #expect(entry.error?.contains("the tool died while reporting it in 2 runs in a row") == true)
    #expect(entry.error?.contains(attempts.markerPath("site-b/udp")) == true)
    #expect(outcome.reported == MixedFolder.reportedNames.count - 1)        // the batch went on
    #expect(RepositoryPaths.exists(options.outputDirectory + "/site-b/udp.error.json"))
    // Only the dead attempts leave markers.
    #expect(attempts.deadAttempts("benign-web") == 0 && attempts.deadAttempts("broken") == 0)
    attempts.end("site-b/udp")
    let again = BatchRun(options: options, templates: templates).run()
    #expect(again.results.contains { if case let .reported(e, _) = $0 { e.name == "site-b/udp" } else { false } })
    #expect(!RepositoryPaths.exists(options.outputDirectory + "/site-b/udp.error.json"))
}
