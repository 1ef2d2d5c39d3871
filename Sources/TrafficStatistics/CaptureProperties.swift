import CaptureReading

/// Capture File Properties, as `capinfos -M` computes them.
public struct CaptureProperties: Sendable {
    public var file: CaptureFileInfo
    public var packets = 0
    /// Sum of wire lengths (capinfos "Data size": it can exceed the file size for snaplen-cut frames).
    public var dataBytes = 0
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?
    /// Earliest and latest timestamps (capinfos uses these for the duration when out of order).
    public var earliestTimestamp: Int64?
    public var latestTimestamp: Int64?
    public var strictTimeOrder = true
    /// Packets without a timestamp (pcapng simple packet blocks): capinfos then prints no times.
    public var framesWithoutTimestamp = 0
    /// Frame 1's time (a pcapng custom block counts as a frame): the base of "relative start".
    public var firstFrameTimestamp: Int64?
    public var truncatedFrames = 0
    public var minimumCapturedLength = Int.max
    public var maximumCapturedLength = 0

    /// Latest minus earliest timestamp, computed as capinfos does (each time as a double of epoch
    /// seconds, then subtracted), so rates derived from it match capinfos to the last printed digit.
    public var rateDurationSeconds: Double? {
        guard let e = earliestTimestamp, let l = latestTimestamp else { return nil }
        return Self.epochSeconds(l) - Self.epochSeconds(e)
    }

    /// Latest minus earliest timestamp, exact to the nanosecond (capinfos prints the duration from the
    /// nanosecond difference, at the file's precision).
    public var durationSeconds: Double? {
        guard let e = earliestTimestamp, let l = latestTimestamp else { return nil }
        let (d, overflow) = l.subtractingReportingOverflow(e)
        return overflow ? rateDurationSeconds : Double(d / 1_000_000_000) + Double(d % 1_000_000_000) / 1e9
    }

    /// wiretap's `nstime_to_sec`: seconds plus nanoseconds / 1e9, as a double.
    static func epochSeconds(_ ns: Int64) -> Double {
        var s = ns / 1_000_000_000, f = ns % 1_000_000_000
        if f < 0 { f += 1_000_000_000; s -= 1 }
        return Double(s) + Double(f) / 1e9
    }
}

/// Counts frames, bytes and times for the capture properties.
public struct CapturePropertiesPass {
    var packets = 0, dataBytes = 0, truncated = 0
    var first: Int64?, last: Int64?, earliest: Int64?, latest: Int64?
    var strict = true
    var missingTimestamps = 0
    var firstFrame: Int64?
    var minimumLength = Int.max, maximumLength = 0
    public init() {}

    @inline(__always)
    public mutating func observe(_ p: PacketRecord) {
        if firstFrame == nil { firstFrame = p.timestamp.nanoseconds }
        guard p.isPacket else { return }          // pcapng custom blocks are frames, not packets
        packets += 1
        dataBytes += p.wireLength
        if p.capturedLength < p.wireLength { truncated += 1 }
        minimumLength = min(minimumLength, p.capturedLength); maximumLength = max(maximumLength, p.capturedLength)
        let t = p.timestamp.nanoseconds
        if !p.hasTimestamp { missingTimestamps += 1 }
        if let last, t < last { strict = false }
        if first == nil { first = t }
        last = t
        earliest = min(earliest ?? t, t); latest = max(latest ?? t, t)
    }

    public func finish(file: CaptureFileInfo) -> CaptureProperties {
        var c = CaptureProperties(file: file)
        c.packets = packets; c.dataBytes = dataBytes; c.truncatedFrames = truncated
        c.firstTimestamp = first; c.lastTimestamp = last
        c.earliestTimestamp = earliest; c.latestTimestamp = latest
        c.strictTimeOrder = strict
        c.framesWithoutTimestamp = missingTimestamps
        c.firstFrameTimestamp = firstFrame
        c.minimumCapturedLength = minimumLength; c.maximumCapturedLength = maximumLength
        return c
    }
}
