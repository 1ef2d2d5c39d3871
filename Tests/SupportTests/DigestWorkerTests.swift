import Support
import Testing

/// Bytes that differ from job to job and piece to piece (a repeated pattern would hide a mix-up).
private func bytes(_ count: Int, seed: Int) -> [UInt8] {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0 ..< count).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

private func oneShot(_ data: [UInt8]) -> DigestWorker.Result {
    let sha256 = StreamingDigest(.sha256), md5 = StreamingDigest(.md5)
    data.withUnsafeBytes {
        sha256.update($0); md5.update($0)
    }
    return DigestWorker.Result(sha256: sha256.finish(), md5: md5.finish())
}

@Test func interleavedJobsLargerThanAllBuffersGetTheirOwnDigests() {
    // Six jobs fed in turns, pieces from 1 byte to more than one buffer, about 3.5 MiB in all: more
    // than `buffersKept` buffers, so the worker thread runs and the caller waits for free buffers.
    let worker = DigestWorker()
    let jobs = (0 ..< 6).map { _ in worker.start() }
    var sent = [[UInt8]](repeating: [], count: jobs.count)
    let sizes = [1, 7, 4096, DigestWorker.bufferSize - 12, DigestWorker.bufferSize + 1, 3 * DigestWorker.bufferSize, 13]
    for round in 0 ..< 12 {
        for (k, job) in jobs.enumerated() {
            let piece = bytes(sizes[(round + k) % sizes.count], seed: round * 16 + k)
            piece.withUnsafeBytes { worker.add(job, $0) }
            sent[k] += piece
        }
    }
    #expect(sent.map(\.count).reduce(0, +) > DigestWorker.buffersKept * DigestWorker.bufferSize)
    for (k, job) in jobs.enumerated() where k != 3 { worker.finish(job) }
    worker.discard(jobs[3])
    let results = worker.results()
    #expect(results.count == jobs.count)
    for k in jobs.indices where k != 3 { #expect(results[k] == oneShot(sent[k]), "job \(k)") }
    #expect(results[3] == nil, "a discarded job has no digests")
    #expect(worker.results() == results, "a second call gives the same")
}

@Test func smallJobsAreHashedWithoutAThreadAndAnEmptyJobHasTheEmptyDigests() {
    let worker = DigestWorker()
    let a = worker.start(), empty = worker.start(), open = worker.start()
    Array("hello".utf8).withUnsafeBytes { worker.add(a, $0) }
    Array("x".utf8).withUnsafeBytes { worker.add(open, $0) }
    worker.finish(empty)
    worker.finish(a)
    let results = worker.results()
    #expect(results[0] == DigestWorker.Result(sha256: Digest.sha256(text: "hello"), md5: Digest.md5(text: "hello")))
    #expect(results[1] == DigestWorker.Result(sha256: Digest.sha256(text: ""), md5: Digest.md5(text: "")))
    #expect(results[2] == nil, "a job never finished has no digests")
    // After `results` nothing more is taken.
    let late = worker.start()
    Array("late".utf8).withUnsafeBytes { worker.add(late, $0) }
    worker.finish(late)
    #expect(worker.results() == results)
}

@Test func aWorkerDroppedBeforeItsResultsStopsItsThread() {
    // Enough bytes to start the thread; no `results` call: deinit must stop and join it (no hang, no crash).
    for _ in 0 ..< 3 {
        let worker = DigestWorker()
        let job = worker.start()
        let data = bytes(DigestWorker.bufferSize * 3, seed: 5)
        data.withUnsafeBytes { worker.add(job, $0) }
    }
}
