import CCrypto
#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 and SHA-1 of a file, computed on background threads while the packets are analysed.
///
/// Hashing 1 GB costs about 0.5 s per algorithm even with the CPU's SHA instructions (OpenSSL's
/// libcrypto) — more than reading and decoding the packets. Each algorithm therefore runs on its own
/// thread with its own file descriptor (the pages come from the page cache the packet reader fills),
/// so on a multi-core machine the digests cost no wall time on the packet path.
final class FileDigest: @unchecked Sendable {
    private let path: String
    private var threads: [pthread_t] = []
    private var jobs: [DigestJob] = []

    /// Starts hashing `path` in the background.
    init(path: String) {
        self.path = path
        for algorithm in [DigestJob.Algorithm.sha256, .sha1] {
            let job = DigestJob(path: path, algorithm: algorithm)
            jobs.append(job)
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            let status = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                let job = Unmanaged<DigestJob>.fromOpaque(raw).takeRetainedValue()
                job.run()
                return nil
            }, context)
            if status == 0 { threads.append(thread) } else {
                Unmanaged<DigestJob>.fromOpaque(context).release()
                job.run()                     // no thread: hash inline
            }
        }
    }

    deinit { for t in threads { pthread_join(t, nil) } }

    /// Waits for both digests; lower-case hex.
    func finish() -> (sha256: String, sha1: String) {
        for t in threads { pthread_join(t, nil) }
        threads.removeAll()
        return (jobs[0].result, jobs[1].result)
    }
}

/// One digest over one file, on its own thread.
private final class DigestJob: @unchecked Sendable {
    enum Algorithm { case sha256, sha1 }
    let path: String
    let algorithm: Algorithm
    var result = ""

    init(path: String, algorithm: Algorithm) { self.path = path; self.algorithm = algorithm }

    /// The corresponding C functions are `EVP_DigestInit_ex`, `EVP_DigestUpdate`, `EVP_DigestFinal_ex`.
    func run() {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, algorithm == .sha256 ? EVP_sha256() : EVP_sha1(), nil)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { result = ""; return }
        defer { close(fd) }
        let size = 1 << 20
        guard let buffer = malloc(size) else { return }
        defer { free(buffer) }
        while true {
            let n = read(fd, buffer, size)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            EVP_DigestUpdate(context, buffer, n)
        }
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in digest.prefix(Int(length)) { text.append(hex[Int(byte >> 4)]); text.append(hex[Int(byte & 15)]) }
        result = String(decoding: text, as: UTF8.self)
    }
}
