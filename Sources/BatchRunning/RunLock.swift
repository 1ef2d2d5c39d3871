import Support
#if canImport(Glibc)
import Glibc
#endif

/// Stops two runs writing one output folder at once: an exclusive `flock` on `.pcap-report.lock`
/// (one per shard), held for the run. The kernel drops the lock when its process dies, however it
/// dies (SIGKILL included), so a lock file left by a dead run is simply taken over; the file holds
/// the owner's pid for the message a second run prints.
public final class RunLock {
    public let path: String
    private var fd: Int32

    public static func fileName(shard: Shard?) -> String {
        shard.map { ".pcap-report.\($0.fileTag).lock" } ?? ".pcap-report.lock"
    }

    /// - Throws: `BatchError.busy` when a live run holds the lock, `BatchError.cannotLock` when the
    ///   file cannot be created.
    public init(directory: String, shard: Shard?) throws(BatchError) {
        path = directory + "/" + Self.fileName(shard: shard)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotLock(path: path, reason: String(cString: strerror(errno))) }
        var status: Int32
        status = FileIO.lock(fd, LOCK_EX | LOCK_NB)
        if status != 0 {
            let owner = FileIO.readText(path).flatMap { text in
                text.split(separator: "\n").first { $0.hasPrefix("pid ") }.flatMap { Int($0.dropFirst(4)) }
            }
            close(fd)
            throw .busy(directory: directory, lockFile: path, pid: owner)
        }
        let text = Array("pid \(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Releases the lock (the file stays: removing it would race with a run that just opened it).
    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}

/// Environment errors of a batch run, each with an actionable message.
public enum BatchError: Error, Equatable, Sendable, CustomStringConvertible {
    case busy(directory: String, lockFile: String, pid: Int?)
    case cannotLock(path: String, reason: String)
    case config(String)

    public var description: String {
        switch self {
        case let .busy(directory, lockFile, pid):
            "\(directory) is being written by another pcap-report run\(pid.map { " (pid \($0))" } ?? "") holding \(lockFile); try again when it has finished"
        case let .cannotLock(path, reason): "\(path): cannot create the lock file: \(reason)"
        case let .config(message): message
        }
    }
}
