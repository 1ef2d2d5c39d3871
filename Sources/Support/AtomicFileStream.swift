#if canImport(Glibc)
import Glibc
#endif

/// A file written piece by piece into a hidden temporary file (mode 0600, never executable) and made
/// visible under its name only when complete (`publish`), so a reader never sees half a file and
/// memory holds none of it. `AtomicFile` writes a whole file at once; this streams one of unknown
/// length (an extracted HTTP body). A value owns its descriptor: `publish` or `discard` it once.
public struct AtomicFileStream: Sendable {
    /// The temporary file's path (`.NAME.tmp-HOST-PID` in the target folder).
    public let temporaryPath: String
    let fd: Int32
    /// Bytes appended so far.
    public private(set) var size = 0
    /// The `errno` of the first failed write; later appends are ignored.
    public private(set) var writeError: Int32?

    /// Creates the temporary file `.<tag>.tmp-HOST-PID` in `directory` (which must exist), mode 0600.
    /// - Throws: `FileWriteError` when it cannot be created.
    public init(directory: String, tag: String) throws(FileWriteError) {
        temporaryPath = directory + "/." + tag + ".tmp-" + AtomicFile.temporarySuffix
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw FileWriteError(path: temporaryPath, reason: String(cString: strerror(errno))) }
        _ = fchmod(fd, 0o600)  // whatever the umask: owner read/write only
    }

    /// Appends `bytes` (nothing after a failed write).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard writeError == nil, bytes.count > 0 else { return }
        if let error = FileIO.writeAll(fd, bytes) { writeError = error } else { size += bytes.count }
    }

    /// Flushes and closes the file and gives it the first free name of `names` in its folder (an
    /// existing file is never replaced: `link(2)` fails on it, and the next name is tried).
    /// - Returns: the name it got.
    /// - Throws: `FileWriteError` when a write failed, the flush failed, or no name was free; the
    ///   temporary file is removed then.
    public func publish(as names: [String]) throws(FileWriteError) -> String {
        let directory = AtomicFile.directory(of: temporaryPath)
        if let error = writeError {
            discard()
            throw FileWriteError(path: temporaryPath, reason: String(cString: strerror(error)))
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            discard()
            throw FileWriteError(path: temporaryPath, reason: reason)
        }
        close(fd)
        for name in names {
            let path = directory + "/" + name
            if link(temporaryPath, path) == 0 {
                unlink(temporaryPath)
                return name
            }
            if errno == EEXIST { continue }
            // File systems without hard links: rename, when nothing has that name.
            if access(path, F_OK) != 0 && rename(temporaryPath, path) == 0 { return name }
        }
        unlink(temporaryPath)
        throw FileWriteError(path: directory, reason: "no free file name")
    }

    /// Closes and removes the temporary file.
    public func discard() {
        close(fd)
        unlink(temporaryPath)
    }
}
