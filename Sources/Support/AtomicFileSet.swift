#if canImport(Glibc)
import Glibc
#endif

/// Files that change together, such as one capture's reports: each is written under a temporary name
/// (`stage`), and only when all are written are they renamed to their names (`commit`), with a
/// completion record that lists every file with its size and SHA-256. A failure before the commit
/// leaves the old files as they were; the record says whether the files beside it are one whole set.
///
/// Commits are serialised process-wide and can be stopped (`stopCommits`, on SIGTERM/SIGINT): a
/// commit in progress is finished, later ones are refused, and files still staged are removed, so
/// an interrupted process leaves every set either wholly old or wholly new.
public final class AtomicFileSet: @unchecked Sendable {
    private let monitor = Monitor()
    private var staged: [(path: String, temporary: String)] = []
    private var failed = false

    public init() {}

    /// Writes `path`'s new bytes under a temporary name; nothing appears under `path` before `commit`.
    /// Safe to call from several threads for different paths.
    public func stage(to path: String, _ produce: (inout ByteSink) -> Void) throws(FileWriteError) {
        let temporary = AtomicFile.temporaryPath(for: path)
        try Self.gate.register(temporary, path: path)
        do {
            _ = try AtomicFile.writeTemporary(for: path, produce)
        } catch {
            Self.gate.unregister([temporary])
            monitor.locked { failed = true }
            throw error
        }
        monitor.locked { staged.append((path, temporary)) }
    }

    /// The same for text.
    public func stage(_ text: String, to path: String) throws(FileWriteError) {
        let bytes = Array(text.utf8)
        try stage(to: path) { $0.append(bytes) }
    }

    /// Removes the staged files: the set is not written, the old files stay.
    public func discard() {
        let temporaries = monitor.locked { () -> [String] in
            defer { staged = [] }
            return staged.map(\.temporary)
        }
        for temporary in temporaries { unlink(temporary) }
        Self.gate.unregister(temporaries)
    }

    /// Puts the staged files in place as one set: the record at `recordPath` is first rewritten as
    /// incomplete (it names the new files), the files are renamed, `stale` files (outputs of the same
    /// set that this one no longer has) are removed, and the record is rewritten as complete. When a
    /// rename fails, the files already renamed are removed again (a set is never partly new) and the
    /// error is thrown; the record then stays incomplete.
    /// - Returns: the complete record.
    public func commit(record recordPath: String, removing stale: [String]) throws(FileWriteError) -> CompletionRecord {
        let files = monitor.locked { staged.sorted { $0.path < $1.path } }
        let directory = AtomicFile.directory(of: recordPath)
        var record = CompletionRecord(files: [])
        for file in files {
            var info = stat()
            guard stat(file.temporary, &info) == 0, let digest = Digest.sha256(path: file.temporary) else {
                discard()
                throw FileWriteError(path: file.path, reason: "the written file cannot be read back")
            }
            let name = String(file.path.dropFirst(directory.count).drop { $0 == "/" })
            record.files.append(.init(name: name, size: Int(info.st_size), sha256: digest))
        }
        do {
            try Self.gate.commit { () throws(FileWriteError) in
                var pending = record
                pending.complete = false
                try pending.write(to: recordPath)
                var renamed: [String] = []
                for file in files {
                    guard rename(file.temporary, file.path) == 0 else {
                        let reason = String(cString: strerror(errno))
                        for path in renamed { unlink(path) }
                        throw FileWriteError(path: file.path, reason: reason)
                    }
                    renamed.append(file.path)
                }
                for path in stale where !files.contains(where: { $0.path == path }) { unlink(path) }
                try record.write(to: recordPath)
            }
        } catch {
            discard()
            throw error
        }
        Self.gate.unregister(files.map(\.temporary))
        monitor.locked { staged = [] }
        return record
    }

    /// Finishes a commit in progress, refuses every later `stage` and `commit` of this process and
    /// removes the files staged so far. For an orderly stop on a signal; there is no way back.
    public static func stopCommits() { gate.stop() }

    /// True once `stopCommits` was called: a failed write is then the stop, not the capture's fault.
    public static var commitsStopped: Bool { gate.isStopped }

    private static let gate = CommitGate()
}

/// The process-wide side of `AtomicFileSet`: one commit at a time, the temporary files staged, and
/// the stop switch.
private final class CommitGate: @unchecked Sendable {
    private let monitor = Monitor()
    private var stopped = false
    private var temporaries: Set<String> = []

    var isStopped: Bool { monitor.locked { stopped } }

    static let stoppedReason = "the run was interrupted"

    func register(_ temporary: String, path: String) throws(FileWriteError) {
        let refused = monitor.locked { () -> Bool in
            if stopped { return true }
            temporaries.insert(temporary)
            return false
        }
        if refused { throw FileWriteError(path: path, reason: Self.stoppedReason) }
    }

    func unregister(_ paths: [String]) {
        monitor.locked { for path in paths { temporaries.remove(path) } }
    }

    func commit(_ body: () throws(FileWriteError) -> Void) throws(FileWriteError) {
        let result = monitor.locked { () -> Result<Void, FileWriteError> in
            if stopped { return .failure(FileWriteError(path: "", reason: Self.stoppedReason)) }
            do throws(FileWriteError) { try body() } catch { return .failure(error) }
            return .success(())
        }
        try result.get()
    }

    func stop() {
        monitor.locked {
            stopped = true
            for temporary in temporaries { unlink(temporary) }
            temporaries = []
        }
    }
}

/// What `AtomicFileSet.commit` wrote: the set's files (names relative to the record's folder) with
/// their sizes and SHA-256, and whether the set is whole. Readers trust the files beside a record
/// only as far as it vouches for them.
public struct CompletionRecord: Sendable, Equatable {
    /// One file of the set.
    public struct File: Sendable, Equatable {
        public var name: String
        public var size: Int
        public var sha256: String
        public init(name: String, size: Int, sha256: String) { self.name = name; self.size = size; self.sha256 = sha256 }
    }

    public var files: [File]
    /// False while the set is being renamed into place (a process killed then leaves it false).
    public var complete = true

    public init(files: [File], complete: Bool = true) { self.files = files; self.complete = complete }

    public func json() -> JSONValue {
        .object([
            ("schemaVersion", .int(1)), ("complete", .bool(complete)),
            (
                "files",
                .array(files.map { .object([("name", .string($0.name)), ("size", .int($0.size)), ("sha256", .string($0.sha256))]) })
            ),
        ])
    }

    /// Reads the files list of `json()` (also as embedded in the incremental manifest).
    public init?(json: JSONValue) {
        guard let items = json["files"]?.arrayValue else { return nil }
        var files: [File] = []
        for item in items {
            guard let name = item["name"]?.stringValue, let size = item["size"]?.intValue, let sha = item["sha256"]?.stringValue else {
                return nil
            }
            files.append(File(name: name, size: size, sha256: sha))
        }
        self.files = files
        if case .bool(false)? = json["complete"] { complete = false }
    }

    /// The record at `path`; nil when there is none or it cannot be read.
    public static func read(_ path: String) -> CompletionRecord? {
        guard let text = FileIO.readText(path), let json = try? JSONReader.parse(text) else { return nil }
        return CompletionRecord(json: json)
    }

    public func write(to path: String) throws(FileWriteError) { try AtomicFile.write(json().serialized(), to: path) }

    /// The first problem with the files in `directory` as this record lists them (missing, another
    /// size, with `digests` another SHA-256), or nil when they are the set it describes.
    public func problem(in directory: String, digests: Bool) -> String? {
        if !complete { return "its reports were being replaced when the run writing them stopped" }
        for file in files {
            let path = directory + "/" + file.name
            var info = stat()
            guard stat(path, &info) == 0 else { return "\(file.name) is missing" }
            if Int(info.st_size) != file.size { return "\(file.name) has \(info.st_size) bytes, not the \(file.size) written" }
            if digests, Digest.sha256(path: path) != file.sha256 { return "\(file.name) is not the file written (its SHA-256 differs)" }
        }
        return nil
    }
}
