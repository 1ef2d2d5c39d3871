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
/// or kill never leaves a half-written report, index or manifest. The one home of atomic writes
/// (`AtomicFileSet` changes several files together).
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
        let temporary = try writeTemporary(for: path, produce)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    /// Writes `produce`'s bytes to a new temporary file beside `path`, flushed to disk and closed.
    /// - Returns: the temporary file's path (the caller renames or removes it).
    static func writeTemporary(for path: String, _ produce: (inout ByteSink) -> Void) throws(FileWriteError) -> String {
        let temporary = temporaryPath(for: path)
        try makeDirectories(directory(of: path))
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
        return temporary
    }

    static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }

    /// The longest file name the file systems we write to accept (`NAME_MAX`), in bytes.
    public static let maximumNameBytes = 255

    /// `.NAME.tmp-HOST-PID` beside `path`. A name too long for that (reports of captures with names
    /// near `maximumNameBytes`) keeps as much of its start as fits and a digest of the whole name, so
    /// every name that fits gets a temporary name that fits too, and two never share one.
    static func temporaryPath(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let tail = ".tmp-" + temporarySuffix
        var kept = name
        if 1 + name.utf8.count + tail.utf8.count > maximumNameBytes {
            let hash = fnv1a64Hex(name)
            kept = prefix(of: name, bytes: maximumNameBytes - 1 - tail.utf8.count - hash.utf8.count - 1) + "~" + hash
        }
        return directory(of: path) + "/." + kept + tail
    }

    /// The longest start of `text` of at most `bytes` UTF-8 bytes that ends on a character boundary.
    public static func prefix(of text: String, bytes: Int) -> String {
        var out = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > bytes { break }
            out.append(character)
            used += size
        }
        return out
    }

    /// FNV-1a (64 bits) of `text`'s UTF-8 bytes as 16 hex digits: short, stable names.
    public static func fnv1a64Hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `HOST-PID` of this process: temporary names never collide between processes, nor between
    /// machines (or containers, whose pids overlap) writing one shared folder, and a later run can
    /// tell which leftovers belong to a dead process of its own host.
    public static let temporarySuffix: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&buffer, buffer.count - 1) == 0
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
