import PacketDecoding

/// What Wireshark's sequence analysis concluded about one TCP segment (`tcp.analysis.flags`).
public struct TCPAnalysisFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let retransmission = Self(rawValue: 1 << 0)
    public static let fastRetransmission = Self(rawValue: 1 << 1)
    public static let spuriousRetransmission = Self(rawValue: 1 << 2)
    public static let outOfOrder = Self(rawValue: 1 << 3)
    /// "Previous segment(s) not captured".
    public static let lostSegment = Self(rawValue: 1 << 4)
    /// "ACKed segment that wasn't captured".
    public static let ackedUnseenSegment = Self(rawValue: 1 << 5)
    public static let duplicateACK = Self(rawValue: 1 << 6)
    public static let zeroWindow = Self(rawValue: 1 << 7)
    public static let zeroWindowProbe = Self(rawValue: 1 << 8)
    public static let zeroWindowProbeACK = Self(rawValue: 1 << 9)
    public static let windowFull = Self(rawValue: 1 << 10)
    public static let windowUpdate = Self(rawValue: 1 << 11)
    public static let keepAlive = Self(rawValue: 1 << 12)
    public static let keepAliveACK = Self(rawValue: 1 << 13)
    public static let reusedPorts = Self(rawValue: 1 << 14)

    /// Wireshark's field names (`tcp.analysis.<name>`), in the order its tree shows them.
    public static let fieldNames: [(Self, String)] = [
        (.retransmission, "retransmission"), (.fastRetransmission, "fast_retransmission"),
        (.spuriousRetransmission, "spurious_retransmission"), (.outOfOrder, "out_of_order"),
        (.reusedPorts, "reused_ports"), (.lostSegment, "lost_segment"), (.ackedUnseenSegment, "ack_lost_segment"),
        (.windowUpdate, "window_update"), (.windowFull, "window_full"), (.keepAlive, "keep_alive"),
        (.keepAliveACK, "keep_alive_ack"), (.duplicateACK, "duplicate_ack"), (.zeroWindow, "zero_window"),
        (.zeroWindowProbe, "zero_window_probe"), (.zeroWindowProbeACK, "zero_window_probe_ack"),
    ]
}

/// The analysis of one segment: its flags, and for a duplicate ACK its number (#n) in the run.
public struct TCPSegmentAnalysis: Sendable, Equatable {
    public var flags = TCPAnalysisFlags()
    public var duplicateACKNumber: UInt32 = 0
    public init() {}
}

/// Sequence-analysis state of one direction of a TCP conversation (Wireshark's `tcp_flow_t` and its
/// `tcp_analyze_seq_info`), without the unacknowledged-segment list: the flags do not need it.
///
/// Fixed size: a handful of numbers per direction, so the state stays small for any capture.
struct TCPFlowState {
    // Fields are ordered widest first (times, then 32-bit numbers, then bytes): 48 bytes a
    // direction instead of 56 with the padding the declaration order left (one per TCP stream).
    var nextSequenceTime: Int64 = 0
    var lastACKTime: Int64 = 0
    var baseSequence = TCPSequenceNumber(0)
    /// Highest sequence number seen plus the segment's length (zero: none yet).
    var nextSequence = TCPSequenceNumber(0)
    /// Highest contiguous sequence number seen, for "ACKed segment that wasn't captured".
    var maxSequenceToBeACKed = TCPSequenceNumber(0)
    var lastACK = TCPSequenceNumber(0)
    /// The last (scaled) window advertised in this direction.
    var window: UInt32 = 0
    var duplicateACKCount: UInt32 = 0
    var lastSegmentFlags = TCPAnalysisFlags()
    /// -1 unknown (no SYN seen), -2 no scaling, else the shift count.
    var windowScale: Int8 = -1
    var baseSequenceSet = false
}

/// Sequence-analysis state of one TCP conversation (both directions), as Wireshark keeps it per stream.
struct TCPStreamState {
    /// Direction `a` carries segments whose source is the key's lower endpoint.
    var a = TCPFlowState()
    var b = TCPFlowState()
    /// Time of the most recent SYN (without ACK), and the handshake's round-trip time once known (0: none).
    var lastSYNTime: Int64 = 0
    var firstRTT: Int64 = 0
}
