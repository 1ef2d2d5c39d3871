/// A point in time with nanosecond resolution, as a capture file stores it.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z (covers ±292 years).
    public var nanoseconds: Int64
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(seconds: Int64, nanoseconds: Int64) {
        let (s, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (t, o2) = s.addingReportingOverflow(nanoseconds)
        self.nanoseconds = (o1 || o2) ? (seconds < 0 ? Int64.min : Int64.max) : t
    }
    public static func < (l: Timestamp, r: Timestamp) -> Bool { l.nanoseconds < r.nanoseconds }
    /// Seconds (with fraction) from `earlier` to `self`.
    public func seconds(since earlier: Timestamp) -> Double {
        let (d, o) = nanoseconds.subtractingReportingOverflow(earlier.nanoseconds)
        return o ? Double(nanoseconds) / 1e9 - Double(earlier.nanoseconds) / 1e9 : Double(d) / 1e9
    }
}

/// One record of a capture file, as libpcap hands it over.
///
/// `bytes` is valid only inside the per-record closure of `CaptureReader.forEachRecord`;
/// copy out what must outlive it.
public struct PacketRecord {
    /// 1-based frame number, in file order (Wireshark's `frame.number`).
    public var frameNumber: Int
    public var timestamp: Timestamp
    /// Bytes present in the file (`frame.cap_len`).
    public var capturedLength: Int
    /// Bytes on the wire (`frame.len`).
    public var wireLength: Int
    /// The raw DLT/LINKTYPE number of the interface that captured it.
    public var linkType: UInt32
    /// The captured bytes. Valid only inside the record closure.
    public var bytes: UnsafeRawBufferPointer
    /// True when the pcapng packet block carries a comment (`frame.comment`).
    public var hasComment: Bool
    /// False for a pcapng Simple Packet Block, which has no timestamp (`timestamp` is then 0, as
    /// Wireshark shows it; capinfos then prints no times at all).
    public var hasTimestamp = true
    /// False for a pcapng custom block: Wireshark shows it as a frame (its data as `data`), capinfos
    /// does not count it as a packet.
    public var isPacket = true

    /// The `linkType` of a custom block's pseudo-record (no DLT uses it).
    public static let customBlockLinkType: UInt32 = 0xFFFF_FFFF
}
