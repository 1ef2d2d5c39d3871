#if canImport(Glibc)
import Glibc
#endif

/// Why a file could not be written: the path and the system's reason.
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): cannot write: \(reason)" }
}

/// Writes files atomically: a temporary file in the same folder, flushed, then renamed, so a crash
/// or kill never leaves a half-written report, index or manifest. The one home of atomic writes.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(bytes: Array(text.utf8), to: path)
    }

    /// The same for bytes.
    public static func write(bytes: [UInt8], to path: String) throws(FileWriteError) {
        try write(to: path) { sink in sink.append(bytes) }
    }

    /// Streams a report into its file: `produce` appends to a sink that flushes to the temporary
    /// file every MiB, so a large JSON report never sits in memory whole.
    public static func write(to path: String, _ produce: (inout ByteSink) -> Void) throws(FileWriteError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try makeDirectories(directory)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory)/.\(name).tmp-\(temporarySuffix)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, reason: String(cString: strerror(errno))) }
        var sink = ByteSink(fileDescriptor: fd)
        produce(&sink)
        sink.flush()
        if let error = sink.writeError {
            close(fd); unlink(temporary)
            throw FileWriteError(path: path, reason: String(cString: strerror(error)))
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            close(fd); unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    /// `HOST-PID` of this process: temporary names never collide between processes, nor between
    /// machines (or containers, whose pids overlap) writing one shared folder, and a later run can
    /// tell which leftovers belong to a dead process of its own host.
    public static let temporarySuffix: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let safeHost = String(host.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
        return (safeHost.isEmpty ? "localhost" : safeHost) + "-\(getpid())"
    }()

    /// `mkdir -p`.
    public static func makeDirectories(_ path: String) throws(FileWriteError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw FileWriteError(path: current, reason: String(cString: strerror(errno)))
            }
        }
    }
}
