import Support
#if canImport(Glibc)
import Glibc
#endif

/// Stops two runs writing one output folder at once. Every run locks the folder's
/// `.pcap-report.lock` with `flock`: an unsharded run exclusively; a shard shared (the shards of
/// one split write disjoint captures side by side) and its own `.pcap-report.shard-K-of-N.lock`
/// exclusively. So an unsharded run and a shard never write one folder together, nor two runs of
/// one shard. The kernel drops a lock when its process dies, however it dies (SIGKILL included),
/// so a lock file left by a dead run is simply taken over; the exclusively locked file holds the
/// owner's pid for the message a second run prints.
public final class RunLock {
    /// The file this run locks exclusively (the folder's, or its shard's).
    public let path: String
    private var folderFD: Int32 = -1
    private var fd: Int32 = -1

    public static func fileName(shard: Shard?) -> String {
        shard.map { ".pcap-report.\($0.fileTag).lock" } ?? ".pcap-report.lock"
    }

    /// - Throws: `BatchError.busy` when a live run holds the lock, `BatchError.cannotLock` when the
    ///   file cannot be created.
    public init(directory: String, shard: Shard?) throws(BatchError) {
        let folderPath = directory + "/" + Self.fileName(shard: nil)
        path = directory + "/" + Self.fileName(shard: shard)
        folderFD = try Self.open(folderPath)
        if FileIO.lock(folderFD, (shard == nil ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            close(folderFD)
            folderFD = -1
            // Held exclusively (an unsharded run, pid in the file), or shared by shards (pids in theirs).
            if let pid = Self.owner(folderPath), Self.isAlive(pid) { throw .busy(directory: directory, lockFile: folderPath, pid: pid) }
            let shardHolder = Self.liveShardHolder(in: directory)
            throw .busy(directory: directory, lockFile: shardHolder?.path ?? folderPath, pid: shardHolder?.pid)
        }
        guard shard != nil else {
            fd = folderFD
            folderFD = -1
            Self.writeOwner(fd)
            return
        }
        do {
            fd = try Self.open(path)
        } catch {
            release()
            throw error
        }
        if FileIO.lock(fd, LOCK_EX | LOCK_NB) != 0 {
            let owner = Self.owner(path)
            close(fd)  // not `release()`: the pid in the file is the holder's
            fd = -1
            release()
            throw .busy(directory: directory, lockFile: path, pid: owner)
        }
        Self.writeOwner(fd)
    }

    private static func open(_ path: String) throws(BatchError) -> Int32 {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotLock(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    private static func writeOwner(_ fd: Int32) {
        let text = Array("pid \(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The pid a lock file names (its holder, or a holder that died without releasing it).
    private static func owner(_ path: String) -> Int? {
        FileIO.readText(path).flatMap { text in
            text.split(separator: "\n").first { $0.hasPrefix("pid ") }.flatMap { Int($0.dropFirst(4)) }
        }
    }

    /// A shard lock file of `directory` whose pid is a live process: who holds the folder shared.
    private static func liveShardHolder(in directory: String) -> (path: String, pid: Int)? {
        for name in DirectoryWalker.names(in: directory, includeHidden: true)
        where name.hasPrefix(".pcap-report.shard-") && name.hasSuffix(".lock") {
            let path = directory + "/" + name
            if let pid = owner(path), isAlive(pid) { return (path, pid) }
        }
        return nil
    }

    private static func isAlive(_ pid: Int) -> Bool {
        pid > 0 && pid <= Int(Int32.max) && (kill(pid_t(pid), 0) == 0 || errno == EPERM)
    }

    /// Releases the locks (the files stay: removing one would race with a run that just opened it).
    public func release() {
        if fd >= 0 {
            _ = ftruncate(fd, 0)
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
        if folderFD >= 0 {
            flock(folderFD, LOCK_UN)
            close(folderFD)
            folderFD = -1
        }
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
