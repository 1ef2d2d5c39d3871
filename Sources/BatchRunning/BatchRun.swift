import CaptureReport
import ReportRendering
import Support
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

/// One unattended run over many captures: plan the inputs, take this shard's share, lock the output
/// folder, report each capture (in parallel, skipping unchanged ones when incremental), then write
/// the failure records, the manifest and the run index, and work out the exit status. SIGTERM and
/// SIGINT stop it in order: no capture is started after the signal, the captures in flight are
/// abandoned (a set of reports being renamed into place is finished first), and the manifest and an
/// index marked "interrupted" are written before the run returns `.interrupted`/`.terminated`.
public struct BatchRun: Sendable {
    public var options: BatchOptions
    public var templates: TemplateSet
    public var log: BatchLog

    public init(options: BatchOptions, templates: TemplateSet, log: BatchLog = .silent) {
        self.options = options; self.templates = templates; self.log = log
    }

    /// The documented exit statuses.
    public enum ExitStatus: Int32, Sendable {
        /// Every input was reported (or was unchanged).
        case success = 0
        /// Some inputs could not be reported; the others were.
        case someFailed = 1
        /// A usage or configuration error (bad flag or config, templates, output folder locked).
        case usage = 2
        /// `--fail-on`: a finding at or above the severity was found (takes precedence over 1).
        case findingsAtOrAbove = 3
        /// Stopped by SIGINT (128 + 2); the index says so.
        case interrupted = 130
        /// Stopped by SIGTERM (128 + 15); the index says so.
        case terminated = 143
    }

    /// What a run did: its exit status and one result per planned capture, in plan order.
    public struct Outcome: Sendable {
        public var status: ExitStatus
        public var results: [CaptureResult] = []
        public var reported: Int { results.filter { if case .reported = $0 { true } else { false } }.count }
        public var unchanged: Int { results.filter { if case .unchanged = $0 { true } else { false } }.count }
        public var failed: Int { results.filter { if case .failed = $0 { true } else { false } }.count }
    }

    public func run() -> Outcome {
        let out = options.outputDirectory
        var (planned, problems) = InputPlanner.plan(options.inputs, outputDirectory: out)
        if let shard = options.shard { planned = planned.filter { shard.contains($0.name) } }
        let planLog = BatchReporter(log: BatchLog(format: log.format, progressBar: false,
                                                    standardOutput: log.standardOutput, standardError: log.standardError),
                                      total: 0, totalBytes: 0)
        var inputErrors = 0
        var skipped: [String] = []
        for problem in problems {
            switch problem {
            case let .missing(path): inputErrors += 1; planLog.error("\(path): no such file or folder", path: path)
            case let .unreadable(path, reason): inputErrors += 1; planLog.error("\(path): cannot read: \(reason)", path: path)
            case let .skipped(path): skipped.append(path)
            case let .noMatch(pattern): planLog.note("\(pattern): no file matches, skipped", path: pattern)
            case let .notFollowed(path):
                planLog.note("\(path): a link to a folder already searched (a symbolic link loop), not followed", path: path)
            }
        }
        // Plain logs name the first few non-capture files and count the rest; JSON lines name all.
        let named = log.format == .json ? skipped.count : min(skipped.count, skipped.count > 6 ? 5 : 6)
        for path in skipped.prefix(named) { planLog.note("\(path): not a capture file by its name, skipped", path: path) }
        if named < skipped.count {
            planLog.note("\(skipped.count - named) more files that are not captures by their names, skipped", path: "")
        }
        if planned.isEmpty && inputErrors == 0 && options.shard == nil {
            planLog.error("no capture files found in \(options.inputs.joined(separator: " "))", path: "")
            return Outcome(status: .someFailed)
        }
        if !options.force, Self.isForeignFolder(out) {
            let text =
                "\(out): the folder is not empty and no pcap-report run made it (it holds no "
                + "\(RunManifest.fileName(shard: nil))): nothing was written; name a new or empty folder, or add --force to write into it"
            planLog.error(text, path: out)
            return Outcome(status: .usage)
        }
        do {
            try AtomicFile.makeDirectories(out)
        } catch {
            planLog.error("\(error)", path: out)
            return Outcome(status: .usage)
        }
        let lock: RunLock
        do {
            lock = try RunLock(directory: out, shard: options.shard)
        } catch {
            planLog.error("\(error)", path: out)
            return Outcome(status: .usage)
        }
        defer { lock.release() }
        Self.removeAbandonedTemporaryFiles(in: out)

        let manifestPath = out + "/" + RunManifest.fileName(shard: options.shard)
        let previous = RunManifest.load(manifestPath)
        // Marks the folder as ours before the first report: a run killed before its end leaves a
        // folder the next run accepts without --force.
        if access(manifestPath, F_OK) != 0 { try? previous.write(to: manifestPath) }
        let fingerprint = optionsFingerprint()
        let sizes = planned.map { Self.estimatedSize($0.input) }
        let diskBytes = planned.map { Self.diskSize($0.input) }
        let reporter = BatchReporter(log: log, total: planned.count, totalBytes: diskBytes.reduce(0, +))

        let collected = Collected(previous: previous)
        let pool = WorkerPool(jobs: planned.enumerated().map { ($0, cost: sizes[$0.offset]) }, budget: options.memoryBudgetBytes)
        let work = self
        let attempts = AttemptLog(outputDirectory: out)
        let watch = InterruptionWatch { _ in pool.stop() }
        defer { watch.stop() }
        reporter.startTicker()
        defer { reporter.stopTicker() }
        pool.run(workers: options.jobs) { item in
            let (index, job) = item
            guard
                let (result, record) = work.process(
                    job, previous: previous.records[job.name], fingerprint: fingerprint,
                    collected: collected, attempts: attempts)
            else { return }
            let save: ((RunManifest) -> Void)? = work.options.incremental ? { manifest in try? manifest.write(to: manifestPath) } : nil
            if collected.add(index: index, result: result, record: record, save: save) {
                reporter.finished(result, input: job.input, output: job.outputBase, bytes: diskBytes[index])
            }
        }

        // A signal: the captures still running are abandoned (no set of reports is left half renamed,
        // none counts as a run the tool died on); the rest is written as for a finished run.
        let signal = watch.signal
        if signal != nil { AtomicFileSet.stopCommits() }
        let (results, manifest) = signal == nil ? collected.finish() : collected.interrupt(attempts: attempts)
        let interruption = signal.map { signal in
            let done = Set(results.map(\.entry.name))
            return RunIndex.Interruption(
                signal: InterruptionWatch.name(signal), notReported: planned.map(\.name).filter { !done.contains($0) })
        }
        do {
            try manifest.write(to: manifestPath)
        } catch {
            reporter.error("\(error)", path: manifestPath)
        }
        var indexFailed = false
        if options.shard == nil {
            do {
                let entries = results.map(\.entry)
                let earlier = RunIndex.earlierEntries(in: out, except: Set(entries.map(\.name)))
                var index = RunIndex(entries + earlier, interruption: interruption)
                let brand = templates.branding(), presentation = options.report.presentation
                index.heading = .init(
                    brandName: brand.name, brandCSS: brand.css, customer: presentation.customer, tlp: presentation.tlp?.label)
                try index.write(to: out)
            } catch {
                indexFailed = true
                reporter.error("\(error)", path: out)
            }
        }
        var outcome = Outcome(status: .success, results: results)
        let failed = outcome.failed + inputErrors + (indexFailed ? 1 : 0)
        if failed > 0 { outcome.status = .someFailed }
        if let threshold = options.failOn, results.contains(where: { $0.entry.findingSeverity.map { $0 >= threshold } == true }) {
            outcome.status = .findingsAtOrAbove
        }
        if let signal = watch.signal { outcome.status = signal == SIGINT ? .interrupted : .terminated }
        let where_ = options.shard.map { "shard \($0): run `pcap-report index \(out)` when every shard is done" } ?? "index: \(out)/index.html"
        let stopped = interruption.map { "interrupted by \($0.signal), \($0.notReported.count) not reported; " } ?? ""
        reporter.summary(
            "\(outcome.reported) reported, \(outcome.unchanged) unchanged, \(failed) failed; \(stopped)\(where_)",
            fields: [
                ("reported", .int(outcome.reported)), ("unchanged", .int(outcome.unchanged)), ("failed", .int(failed)),
                ("exitStatus", .int(Int(outcome.status.rawValue))), ("outputDirectory", .string(out)),
            ] + (interruption.map { [("interrupted", .string($0.signal)), ("notReported", .int($0.notReported.count))] } ?? []))
        return outcome
    }

    /// Reports one capture, or finds it unchanged. Never throws: a bad capture is a failed result.
    /// - Returns: nil when the run was interrupted before or while the capture was reported (its
    ///   result does not count).
    func process(
        _ job: InputPlanner.Planned, previous: RunManifest.Record?, fingerprint: String, collected: Collected,
        attempts: AttemptLog
    ) -> (CaptureResult, RunManifest.Record?)? {
        let version = options.toolIdentity ?? ToolVersion.buildIdentity
        if options.incremental, let previous, previous.options == fingerprint, previous.toolVersion == version,
           previous.entry.error == nil, access(job.outputBase + ".error.json", F_OK) != 0,
            let outputs = previous.outputs, unchangedReports(outputs, base: job.outputBase)
        {
            if Digest.sha256(path: job.input) == previous.sha256 {
                var entry = previous.entry
                entry.name = job.name
                entry.setReports(outputs, base: job.outputBase)
                return (.unchanged(entry), Record(previous, input: job.input))
            }
        }
        if attempts.deadAttempts(job.name) >= attempts.limit {
            return (failure(job, message: attempts.message(job.name, input: job.input)), nil)
        }
        guard collected.begin(job.name, attempts: attempts) else { return nil }
        defer { attempts.end(job.name) }
        let started = BatchReporter.now()
        let captureJob = CaptureReportJob(input: job.input, outputBase: job.outputBase, formats: options.formats,
                                          options: options.report, thresholds: options.thresholds,
                                          writesTicketSummary: options.ticketSummary)
        do {
            let outcome = try captureJob.run(templates: templates)
            unlink(job.outputBase + ".error.json")
            var entry = IndexEntry(name: job.name, outcome: outcome)
            entry.ticket = previous?.entry.ticket
            entry.setReports(outcome.record, base: job.outputBase)
            let record = RunManifest.Record(name: job.name, input: job.input, sha256: outcome.sha256, options: fingerprint,
                toolVersion: version, entry: entry, outputs: outcome.record)
            return (.reported(entry, seconds: BatchReporter.now() - started), record)
        } catch {
            // Stopped by a signal: abandoned, not failed (no failure record, the old reports stay).
            if AtomicFileSet.commitsStopped || collected.isInterrupted { return nil }
            return (failure(job, message: "\(error)"), nil)
        }
    }

    /// True when the reports of the last run are still there byte for byte: exactly the files this
    /// run would write, each with the size and SHA-256 the manifest recorded (a truncated, emptied or
    /// replaced report is written again).
    func unchangedReports(_ outputs: CompletionRecord, base: String) -> Bool {
        let folder = base.lastIndex(of: "/").map { String(base[..<$0]) } ?? "."
        let expected = Set(expectedFiles(base).map { String($0.dropFirst(folder.count + 1)) })
        return Set(outputs.files.map(\.name)) == expected && outputs.problem(in: folder, digests: true) == nil
    }

    /// A failed capture: its index entry, and `<name>.error.json` so that `pcap-report index`
    /// lists the failure too; last run's reports of it are removed (written first, the failure record
    /// wins over them should the removal be cut short).
    func failure(_ job: InputPlanner.Planned, message: String) -> CaptureResult {
        let fileName = job.input.split(separator: "/").last.map(String.init) ?? job.input
        let record: JSONValue = .object([
            ("schemaVersion", .int(1)),
            ("generator", .object([("name", .string("pcap-report")), ("version", .string(ToolVersion.release))])),
            ("input", .string(job.input)), ("fileName", .string(fileName)), ("error", .string(message)),
        ])
        try? AtomicFile.write(record.serialized(), to: job.outputBase + ".error.json")
        CaptureReportJob.removeOutputs(outputBase: job.outputBase)
        return .failed(IndexEntry(name: job.name, fileName: fileName, error: message))
    }

    private func Record(_ r: RunManifest.Record, input: String) -> RunManifest.Record {
        var copy = r
        copy.input = input
        return copy
    }

    func expectedFiles(_ base: String) -> [String] {
        options.formats.map { base + "." + $0.fileExtension } + (options.ticketSummary ? [base + ".summary.md"] : [])
    }

    /// Everything that changes a report's bytes besides the capture: formats, report options,
    /// thresholds, templates (their text), the ticket summary. `String(describing:)` of the option
    /// structs lists every stored property, so options added later count without code here.
    func optionsFingerprint() -> String {
        var text = "formats=\(options.formats.map(\.rawValue).joined(separator: ","))\n"
        text += "report=\(String(describing: options.report))\n"
        text += "thresholds=\(String(describing: options.thresholds))\n"
        text += "summary=\(options.ticketSummary)\n"
        for dir in [(try? TemplateSet.locateBuiltIn()) ?? "", options.templates ?? ""] where !dir.isEmpty {
            for name in DirectoryWalker.names(in: dir).filter({ $0.hasSuffix(".mustache") }) {
                text += "template \(name)=\(Digest.sha256(path: dir + "/" + name) ?? "?")\n"
            }
        }
        return Digest.sha256(text: text)
    }

    /// A folder not to write into without `--force`: it is not empty, yet holds no manifest of a
    /// run of ours, and not only our own bookkeeping (the lock of a run killed before it wrote its
    /// manifest). A folder that does not exist, or cannot be read, is not (writing it fails instead).
    static func isForeignFolder(_ dir: String) -> Bool {
        let names = DirectoryWalker.names(in: dir, includeHidden: true)
        if names.allSatisfy({ $0.hasPrefix(".pcap-report") }) { return false }
        return !names.contains { RunManifest.isFileName($0) && RunManifest.isManifest(at: dir + "/" + $0) }
    }

    static func diskSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// A capture's size for the memory budget: its bytes, or for gzip its inflated size (the
    /// trailer's ISIZE, modulo 4 GiB, or four times the compressed size when that is larger).
    static func estimatedSize(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        let size = Int(info.st_size)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)   // a FIFO must not block the open
        guard fd >= 0 else { return size }
        defer { close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        guard withUnsafeMutableBytes(of: &magic, { pread(fd, $0.baseAddress, 2, 0) }) == 2, magic == (0x1F, 0x8B), size >= 18 else { return size }
        var trailer: UInt32 = 0
        guard withUnsafeMutableBytes(of: &trailer, { pread(fd, $0.baseAddress, 4, off_t(size - 4)) }) == 4 else { return size * 4 }
        return max(Int(UInt32(littleEndian: trailer)), size * 4)
    }

    /// Temporary report files (`.NAME.tmp-HOST-PID`) of this host whose writer is dead: a killed
    /// run leaves them; they are never a report, and removing them keeps the folder clean. Other
    /// hosts' files are left alone (their pids mean nothing here).
    static func removeAbandonedTemporaryFiles(in dir: String) {
        for name in DirectoryWalker.names(in: dir, includeHidden: true) {
            let path = dir + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if !name.hasPrefix(".") { removeAbandonedTemporaryFiles(in: path) }
                continue
            }
            let parts = name.split(separator: ".tmp-", omittingEmptySubsequences: false)
            guard name.hasPrefix("."), parts.count >= 2, let suffix = parts.last, let dash = suffix.lastIndex(of: "-"),
                  suffix[..<dash] == ownHost, let pid = Int32(suffix[suffix.index(after: dash)...]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(path) }
        }
    }

    /// The host part of `AtomicFile.temporarySuffix`.
    static var ownHost: Substring {
        let suffix = AtomicFile.temporarySuffix
        return suffix[..<(suffix.lastIndex(of: "-") ?? suffix.endIndex)]
    }
}

/// Results gathered from the worker threads, in plan order; the manifest is saved as captures
/// finish (at most every two seconds) so a killed run keeps most of its work for the next one. On
/// a signal it is frozen: results that arrive later are dropped, no capture starts, and the attempt
/// markers of the captures in flight are removed (an interruption is not a crash).
final class Collected: @unchecked Sendable {
    private let monitor = Monitor()
    private var results: [Int: CaptureResult] = [:]
    private var manifest: RunManifest
    private var lastSave = BatchReporter.now()
    private var inFlight: Set<String> = []
    private var interrupted = false

    init(previous: RunManifest) { manifest = previous }

    var isInterrupted: Bool { monitor.locked { interrupted } }

    /// Counts an attempt of `name` (`AttemptLog.begin`) unless the run was interrupted.
    /// - Returns: false when interrupted: the capture must not start.
    func begin(_ name: String, attempts: AttemptLog) -> Bool {
        monitor.locked {
            if interrupted { return false }
            inFlight.insert(name)
            attempts.begin(name)
            return true
        }
    }

    /// - Returns: false when the run was interrupted (the result is dropped).
    func add(index: Int, result: CaptureResult, record: RunManifest.Record?, save: ((RunManifest) -> Void)?) -> Bool {
        monitor.locked {
            inFlight.remove(result.entry.name)
            if interrupted { return false }
            results[index] = result
            if let record { manifest.records[record.name] = record } else { manifest.records[result.entry.name] = nil }
            if let save, BatchReporter.now() - lastSave > 2 {
                save(manifest)
                lastSave = BatchReporter.now()
            }
            return true
        }
    }

    func finish() -> ([CaptureResult], RunManifest) {
        monitor.locked {
            (results.keys.sorted().compactMap { results[$0] }, manifest)
        }
    }

    /// Freezes the results; the captures in flight lose their attempt markers.
    func interrupt(attempts: AttemptLog) -> ([CaptureResult], RunManifest) {
        monitor.locked {
            interrupted = true
            for name in inFlight { attempts.end(name) }
            inFlight = []
            return (results.keys.sorted().compactMap { results[$0] }, manifest)
        }
    }
}
