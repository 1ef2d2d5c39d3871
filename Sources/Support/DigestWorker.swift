/// SHA-256 and MD5 of many byte sequences that arrive in pieces (HTTP bodies, FTP data), computed
/// on one background thread so that the packet pass does not wait for libcrypto.
///
/// The caller (one thread) opens a job per sequence, adds its bytes and finishes or discards it;
/// the bytes are copied into a fixed set of chunk buffers (`buffersKept` of `bufferSize` bytes,
/// allocated as needed), and the worker thread hashes each full buffer while the caller fills the
/// next. Memory is bounded: when every buffer waits for the worker, the caller waits too
/// (back-pressure). The thread starts with the first full buffer, so a capture with little to hash
/// never starts one (`results` then hashes the rest on the caller's thread). `results` waits for
/// every job and gives the digests of the finished ones.
public final class DigestWorker: @unchecked Sendable {
    /// One byte sequence being hashed; numbered from 0 in the order `start` opened them.
    public struct Job: Hashable, Sendable {
        public let number: Int
    }

    /// The digests of one finished job, lower-case hex.
    public struct Result: Sendable, Equatable {
        public var sha256: String
        public var md5: String
        public init(sha256: String, md5: String) { self.sha256 = sha256; self.md5 = md5 }
    }

    /// Bytes per chunk buffer, and the most buffers in use at once.
    public static let bufferSize = 1 << 16, buffersKept = 8

    private let queue = ChunkQueue()
    private let hasher = JobHasher()
    private var current: ChunkBuffer?
    private var thread: ThreadHandle?
    /// The thread could not be made: every full buffer is hashed here, at once.
    private var inline = false
    /// Jobs opened so far.
    public private(set) var jobsStarted = 0
    private var collected: [Result?]?

    /// A worker with no thread yet.
    public init() {}

    deinit {
        if let thread {
            queue.push(nil)
            thread.join()
        }
    }

    /// Opens a job.
    public func start() -> Job {
        jobsStarted += 1
        return Job(number: jobsStarted - 1)
    }

    /// Adds bytes to `job` (copied; the caller's memory may go after the call).
    public func add(_ job: Job, _ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, collected == nil else { return }
        var offset = 0
        while offset < bytes.count {
            let buffer = writable(room: ChunkBuffer.headerSize + 1)
            let take = min(bytes.count - offset, buffer.room - ChunkBuffer.headerSize)
            buffer.append(.update, job, UnsafeRawBufferPointer(start: base + offset, count: take))
            offset += take
        }
    }

    /// Ends `job`: its digests are in `results`.
    public func finish(_ job: Job) {
        guard collected == nil else { return }
        writable(room: ChunkBuffer.headerSize).append(.finish, job, nil)
    }

    /// Ends `job` without digests (a body cut short).
    public func discard(_ job: Job) {
        guard collected == nil else { return }
        writable(room: ChunkBuffer.headerSize).append(.discard, job, nil)
    }

    /// Waits for every job added so far and returns the digests by job number (nil for a job
    /// discarded or never finished). Later calls return the same; jobs added after it are ignored.
    public func results() -> [Result?] {
        if let collected { return collected }
        if let buffer = current {
            current = nil
            if thread != nil { queue.push(buffer) } else { hasher.hash(buffer) }
        }
        if let thread {
            queue.push(nil)
            thread.join()
            self.thread = nil
        }
        let all = (0 ..< jobsStarted).map { hasher.results[$0] }
        collected = all
        return all
    }

    /// The buffer being filled, with at least `room` bytes free: a full one goes to the worker.
    private func writable(room: Int) -> ChunkBuffer {
        if let buffer = current, buffer.room >= room { return buffer }
        if let full = current {
            current = nil
            submit(full)
        }
        let buffer = queue.free() ?? ChunkBuffer()
        current = buffer
        return buffer
    }

    /// Hands a full buffer to the worker thread, starting it on the first one.
    private func submit(_ buffer: ChunkBuffer) {
        if thread == nil && !inline {
            let queue = self.queue, hasher = self.hasher
            thread = Threads.spawn {
                while let buffer = queue.pop() {
                    hasher.hash(buffer)
                    queue.recycle(buffer)
                }
            }
            if thread == nil { inline = true }
        }
        if inline {
            hasher.hash(buffer)
            queue.recycle(buffer)
        } else {
            queue.push(buffer)
        }
    }
}

/// One chunk buffer: records of (operation, job, length, bytes), each header 8-byte aligned.
private final class ChunkBuffer: @unchecked Sendable {
    enum Operation: UInt32 {
        case update = 0
        case finish = 1
        case discard = 2
    }
    static let headerSize = 12
    let bytes = UnsafeMutableRawPointer.allocate(byteCount: DigestWorker.bufferSize, alignment: 8)
    var count = 0
    var room: Int { DigestWorker.bufferSize - count }

    deinit { bytes.deallocate() }

    func append(_ operation: Operation, _ job: DigestWorker.Job, _ data: UnsafeRawBufferPointer?) {
        let length = data?.count ?? 0
        bytes.storeBytes(of: operation.rawValue, toByteOffset: count, as: UInt32.self)
        bytes.storeBytes(of: UInt32(truncatingIfNeeded: job.number), toByteOffset: count + 4, as: UInt32.self)
        bytes.storeBytes(of: UInt32(length), toByteOffset: count + 8, as: UInt32.self)
        if let data, let source = data.baseAddress, length > 0 {
            (bytes + count + Self.headerSize).copyMemory(from: source, byteCount: length)
        }
        count = min(DigestWorker.bufferSize, (count + Self.headerSize + length + 7) & ~7)
    }
}

/// The buffers waiting for the worker and the free ones, under one monitor.
private final class ChunkQueue: @unchecked Sendable {
    private let monitor = Monitor()
    /// Full buffers in order; nil: stop.
    private var full: [ChunkBuffer?] = []
    private var spare: [ChunkBuffer] = []
    private var made = 0

    /// A free buffer, emptied; nil when fewer than `buffersKept` exist (the caller makes one). Waits
    /// while all of them are with the worker.
    func free() -> ChunkBuffer? {
        monitor.locked {
            while spare.isEmpty && made >= DigestWorker.buffersKept { monitor.wait() }
            guard let buffer = spare.popLast() else {
                made += 1
                return nil
            }
            buffer.count = 0
            return buffer
        }
    }

    func push(_ buffer: ChunkBuffer?) {
        monitor.locked {
            full.append(buffer)
            monitor.broadcast()
        }
    }

    /// The next full buffer, waiting for one; nil at the stop mark.
    func pop() -> ChunkBuffer? {
        monitor.locked {
            while full.isEmpty { monitor.wait() }
            return full.removeFirst()
        }
    }

    func recycle(_ buffer: ChunkBuffer) {
        monitor.locked {
            spare.append(buffer)
            monitor.broadcast()
        }
    }
}

/// The digest state of the open jobs and the results of the finished ones; used by one thread at a
/// time (the worker, or the caller after joining it).
private final class JobHasher: @unchecked Sendable {
    var open: [Int: (sha256: StreamingDigest, md5: StreamingDigest)] = [:]
    var results: [Int: DigestWorker.Result] = [:]

    func hash(_ buffer: ChunkBuffer) {
        var offset = 0
        while offset + ChunkBuffer.headerSize <= buffer.count {
            let operation = buffer.bytes.load(fromByteOffset: offset, as: UInt32.self)
            let job = Int(buffer.bytes.load(fromByteOffset: offset + 4, as: UInt32.self))
            let length = Int(buffer.bytes.load(fromByteOffset: offset + 8, as: UInt32.self))
            switch ChunkBuffer.Operation(rawValue: operation) {
            case .update:
                let digests = state(job)
                let data = UnsafeRawBufferPointer(start: buffer.bytes + offset + ChunkBuffer.headerSize, count: length)
                digests.sha256.update(data)
                digests.md5.update(data)
            case .finish:
                let digests = state(job)
                open[job] = nil
                results[job] = DigestWorker.Result(sha256: digests.sha256.finish(), md5: digests.md5.finish())
            case .discard, nil:
                open[job] = nil
            }
            offset = (offset + ChunkBuffer.headerSize + length + 7) & ~7
        }
    }

    private func state(_ job: Int) -> (sha256: StreamingDigest, md5: StreamingDigest) {
        if let digests = open[job] { return digests }
        let digests = (sha256: StreamingDigest(.sha256), md5: StreamingDigest(.md5))
        open[job] = digests
        return digests
    }
}
