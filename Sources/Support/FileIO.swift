#if canImport(Glibc)
import Glibc
#endif

/// System calls on file descriptors, retried when a signal interrupts them (`EINTR`): the one
/// place that loops on `EINTR`, so a signal (SIGCHLD, a terminal resize, the batch's own handlers)
/// never turns into a short read, a lost write or a failed lock.
public enum FileIO {
    /// `read(2)` of up to `count` bytes into `buffer`.
    /// - Returns: bytes read, 0 at end of file, -1 on an error (`errno` set).
    @inline(__always)
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer?, count: Int) -> Int {
        var n: Int
        repeat { n = Glibc.read(fd, buffer, count) } while n < 0 && errno == EINTR
        return n
    }

    /// `pread(2)` at `offset`. - Returns: as `read`.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer?, count: Int, at offset: Int) -> Int {
        var n: Int
        repeat { n = pread(fd, buffer, count, off_t(offset)) } while n < 0 && errno == EINTR
        return n
    }

    /// Writes all of `bytes`, however many `write(2)` calls it takes.
    /// - Returns: nil when everything was written, else the `errno` of the failing call.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var base = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            base += n
            left -= n
        }
        return nil
    }

    /// The same for an array of bytes.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// `flock(2)`. - Returns: 0, or -1 with `errno` set (`EWOULDBLOCK` with `LOCK_NB` when held).
    public static func lock(_ fd: Int32, _ operation: Int32) -> Int32 {
        var status: Int32
        repeat { status = flock(fd, operation) } while status != 0 && errno == EINTR
        return status
    }

    /// The bytes of a (small) file: manifests, lock files, templates, JSON reports.
    /// - Parameter maximumBytes: reading stops once more than this many bytes are in, so a caller
    ///   that must refuse a large file (a config file) can tell one from its first `maximumBytes + 1`.
    /// - Returns: nil when it cannot be opened or read.
    public static func readFile(_ path: String, maximumBytes: Int = .max) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while data.count <= maximumBytes {
            let n = chunk.withUnsafeMutableBytes { read(fd, into: $0.baseAddress, count: $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            data.append(contentsOf: chunk[..<n])
        }
        return data
    }

    /// A (small) text file as UTF-8 (invalid bytes replaced). - Returns: nil when it cannot be read.
    /// - Parameter maximumBytes: as for `readFile`; the text is then of at most the bytes read.
    public static func readText(_ path: String, maximumBytes: Int = .max) -> String? {
        readFile(path, maximumBytes: maximumBytes).map { String(decoding: $0, as: UTF8.self) }
    }
}
