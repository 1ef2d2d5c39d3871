import CCrypto
#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 and SHA-1 of a file, computed on a background thread while the packets are analysed.
///
/// Hashing 1 GB costs about 0.5 s per algorithm even with the CPU's SHA instructions (OpenSSL's
/// libcrypto). One thread reads the file once and feeds each chunk to both digests while it is
/// still in the CPU cache: on two cores the packet pass keeps a core to itself (a thread per
/// algorithm made three busy threads share two cores and read the file twice more). When the
/// packets are done first (a capture of large frames), the caller's thread takes SHA-1 over from
/// where it stands (`finish`), so the two digests then run on both cores.
public final class FileDigest: @unchecked Sendable {
    private let job: DigestJob
    private var thread: ThreadHandle?

    /// Starts hashing `path` in the background (inline when no thread can be made).
    public init(path: String) {
        let job = DigestJob(path: path)
        self.job = job
        thread = Threads.spawnOrRun { job.run() }
    }

    deinit { thread?.join() }

    /// Waits for both digests (helping with SHA-1 if the background thread is not done); lower-case hex.
    public func finish() -> (sha256: String, sha1: String) {
        job.takeOverSHA1()
        thread?.join()
        thread = nil
        return (job.sha256Result, job.sha1Result)
    }
}

/// Both digests of one file. SHA-1 belongs to the background thread until `takeOverSHA1` moves it,
/// at a chunk boundary, to the caller's thread.
private final class DigestJob: @unchecked Sendable {
    let path: String
    private let sha256 = EVP_MD_CTX_new(), sha1 = EVP_MD_CTX_new()
    private(set) var sha256Result = "", sha1Result = ""
    static let chunkSize = 1 << 18  // fits the L2 cache: the second digest reads it from there

    // Guarded by `monitor`.
    private let monitor = Monitor()
    private var sha1Taken = false
    private var sha1Offset = 0  // bytes fed to SHA-1 so far
    private var done = false
    private var failed = false

    init(path: String) {
        self.path = path
        EVP_DigestInit_ex(sha256, EVP_sha256(), nil)
        EVP_DigestInit_ex(sha1, EVP_sha1(), nil)
    }

    deinit {
        EVP_MD_CTX_free(sha256); EVP_MD_CTX_free(sha1)
    }

    /// The corresponding C functions are `EVP_DigestInit_ex`, `EVP_DigestUpdate`, `EVP_DigestFinal_ex`.
    func run() {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO must not block the open
        guard fd >= 0 else {
            locked {
                failed = true; done = true
            }; return
        }
        defer { close(fd) }
        guard let buffer = malloc(Self.chunkSize) else {
            locked {
                failed = true; done = true
            }; return
        }
        defer { free(buffer) }
        while true {
            let n = FileIO.read(fd, into: buffer, count: Self.chunkSize)
            if n <= 0 { break }
            EVP_DigestUpdate(sha256, buffer, n)
            locked {
                guard !sha1Taken else { return }
                EVP_DigestUpdate(sha1, buffer, n)
                sha1Offset += n
            }
        }
        sha256Result = Self.hex(sha256)
        locked {
            done = true
            if !sha1Taken { sha1Result = Self.hex(sha1) }
        }
    }

    /// If the background thread is still hashing a regular file, continues SHA-1 on this thread from
    /// the offset it reached; otherwise does nothing (the background thread finishes both).
    func takeOverSHA1() {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, let buffer = malloc(Self.chunkSize) else { return }
        defer { free(buffer) }
        let from: Int? = locked {
            guard !done, !failed else { return nil }
            sha1Taken = true
            return sha1Offset
        }
        guard var offset = from else { return }
        while true {
            let n = FileIO.read(fd, into: buffer, count: Self.chunkSize, at: offset)
            if n <= 0 { break }
            EVP_DigestUpdate(sha1, buffer, n)
            offset += n
        }
        sha1Result = Self.hex(sha1)
    }

    private func locked<T>(_ body: () -> T) -> T { monitor.locked(body) }

    static func hex(_ context: OpaquePointer?) -> String { Digest.final(context) }
}

/// One-shot SHA-256 (the incremental manifest's content and option fingerprints). With `FileDigest`
/// the one home of libcrypto in the project.
public enum Digest {
    /// SHA-256 of a file's bytes on disk (the digest the report's `capture.sha256` carries).
    /// - Returns: lower-case hex, or nil when the file cannot be read.
    /// The corresponding C functions are `EVP_DigestInit_ex`, `EVP_DigestUpdate`, `EVP_DigestFinal_ex`.
    public static func sha256(path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO must not block the open
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let n = FileIO.read(fd, into: buffer, count: size)
            if n < 0 { return nil }
            if n == 0 { break }
            EVP_DigestUpdate(context, buffer, n)
        }
        return final(context)
    }

    /// SHA-256 of a text's UTF-8 bytes, lower-case hex.
    public static func sha256(text: String) -> String { hex(oneShot(EVP_sha256(), Array(text.utf8))) }

    /// SHA-256 of bytes, lower-case hex (certificate fingerprints).
    public static func sha256(bytes: [UInt8]) -> String { hex(oneShot(EVP_sha256(), bytes)) }

    /// SHA-1 of bytes (name-based UUIDv5 ids of the STIX and MISP exports), the 20 raw bytes.
    public static func sha1(bytes: [UInt8]) -> [UInt8] { oneShot(EVP_sha1(), bytes) }

    /// MD5 of a text's UTF-8 bytes, lower-case hex (the JA3/JA3S fingerprints are MD5 of their strings).
    public static func md5(text: String) -> String { hex(oneShot(EVP_md5(), Array(text.utf8))) }

    /// The raw digest of `bytes` with `algorithm`; empty when libcrypto cannot make a context.
    static func oneShot(_ algorithm: OpaquePointer?, _ bytes: [UInt8]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { return [] }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, algorithm, nil)
        bytes.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }

    /// Finishes a digest context: lower-case hex of its value.
    static func final(_ context: OpaquePointer?) -> String {
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return hex(digest.prefix(Int(length)))
    }

    /// Lower-case hex of bytes.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes { text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 15)]) }
        return String(decoding: text, as: UTF8.self)
    }
}

/// An incremental digest over bytes that arrive in pieces (HTTP bodies as the TCP segments carry
/// them): state is libcrypto's context, never the bytes. `finish` may be called once.
public final class StreamingDigest: @unchecked Sendable {
    /// The algorithms a body is hashed with.
    public enum Algorithm: Sendable { case sha256, md5 }
    private let context = EVP_MD_CTX_new()
    private var finished = false

    /// Starts a digest with `algorithm`.
    /// The corresponding C functions are `EVP_DigestInit_ex`, `EVP_sha256`, `EVP_md5`.
    public init(_ algorithm: Algorithm) {
        EVP_DigestInit_ex(context, algorithm == .sha256 ? EVP_sha256() : EVP_md5(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes (ignored after `finish`).
    /// The corresponding C function is `EVP_DigestUpdate`.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard !finished, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// The digest of every byte added, lower-case hex; empty when called a second time.
    public func finish() -> String {
        guard !finished else { return "" }
        finished = true
        return Digest.final(context)
    }
}
