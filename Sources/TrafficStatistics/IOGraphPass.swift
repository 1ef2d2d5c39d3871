import PacketDecoding

/// Packets and bytes per time bucket, as Wireshark's Statistics › I/O Graph plots them: time is
/// relative to the first frame, and every bucket has the same width.
public struct IOGraph: Sendable, Equatable {
    /// Width of one bucket in nanoseconds: 1, 2 or 5 times a power of ten.
    public var bucketNanoseconds: Int64
    /// Frames per bucket (`frames[i]` covers `[i * width, (i + 1) * width)` after the first frame).
    public var frames: [Int]
    /// Bytes on the wire per bucket (`frame.len` summed, as the I/O graph's BYTES unit).
    public var bytes: [Int]
    /// Frames whose timestamp lies before the first frame's (out-of-order files); counted in bucket 0.
    public var framesBeforeStart: Int
    /// The first frame's timestamp (nanoseconds since the epoch): time zero of the graph.
    public var origin: Int64?

    public init(bucketNanoseconds: Int64, frames: [Int], bytes: [Int], framesBeforeStart: Int, origin: Int64?) {
        self.bucketNanoseconds = bucketNanoseconds; self.frames = frames; self.bytes = bytes
        self.framesBeforeStart = framesBeforeStart; self.origin = origin
    }
}

/// Builds the I/O graph in one pass with bounded memory, whatever the capture's length.
///
/// The pass keeps `fineBuckets` counters whose width is a power of ten nanoseconds (starting at
/// 1 µs). When a frame falls beyond the last counter, groups of ten counters merge into one and the
/// width grows tenfold, so the memory never grows and no frame is lost. `finish()` then groups
/// 1, 2, 5 or 10 consecutive counters so that at most `maximumBuckets` remain: bucket widths stay
/// round numbers (1, 2 or 5 times a power of ten), and every count is exact for its bucket.
public struct IOGraphPass {
    /// Counters kept while reading (fixed: no per-packet allocation after the first frame).
    public static let fineBuckets = 1000
    /// Most buckets the finished graph has.
    public static let maximumBuckets = 100

    var width: Int64 = 1_000            // ns
    var frames: [Int] = []
    var bytes: [Int] = []
    var origin: Int64?
    var before = 0
    var used = 0                          // index of the last non-empty counter + 1

    public init() {}

    @inline(__always)
    public mutating func observe(_ p: DecodedPacket) {
        guard let origin else {
            self.origin = p.timestamp
            frames = Array(repeating: 0, count: Self.fineBuckets)
            bytes = Array(repeating: 0, count: Self.fineBuckets)
            add(0, p.wireLength)
            return
        }
        // Compare before subtracting: a timestamp before the origin goes into bucket 0.
        guard p.timestamp >= origin else { before += 1; add(0, p.wireLength); return }
        let (offset, overflow) = p.timestamp.subtractingReportingOverflow(origin)
        guard !overflow else { add(Self.fineBuckets - 1, p.wireLength); return }
        while offset / width >= Int64(Self.fineBuckets) { coarsen() }
        add(Int(offset / width), p.wireLength)
    }

    @inline(__always)
    mutating func add(_ index: Int, _ length: Int) {
        frames[index] += 1
        bytes[index] += length
        if index >= used { used = index + 1 }
    }

    /// Merges every ten counters into one; the width grows tenfold.
    mutating func coarsen() {
        let n = Self.fineBuckets
        for i in 0 ..< n / 10 {
            var f = 0, b = 0
            for j in i * 10 ..< i * 10 + 10 { f += frames[j]; b += bytes[j] }
            frames[i] = f; bytes[i] = b
        }
        for i in n / 10 ..< n { frames[i] = 0; bytes[i] = 0 }
        used = (used + 9) / 10
        if width <= Int64.max / 10 { width *= 10 }
    }

    public func finish() -> IOGraph {
        guard used > 0 else {
            return IOGraph(bucketNanoseconds: width, frames: [], bytes: [], framesBeforeStart: before, origin: origin)
        }
        var group = 10
        for g in [1, 2, 5, 10] where (used + g - 1) / g <= Self.maximumBuckets { group = g; break }
        let count = (used + group - 1) / group
        var f = Array(repeating: 0, count: count), b = Array(repeating: 0, count: count)
        for i in 0 ..< used { f[i / group] += frames[i]; b[i / group] += bytes[i] }
        return IOGraph(bucketNanoseconds: width * Int64(group), frames: f, bytes: b, framesBeforeStart: before, origin: origin)
    }
}
