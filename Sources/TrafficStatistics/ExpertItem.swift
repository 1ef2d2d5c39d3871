/// Expert severities, as Wireshark names them (most severe first).
public enum ExpertSeverity: String, Sendable, CaseIterable, Comparable {
    case error, warning, note, chat, comment
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (l: Self, r: Self) -> Bool { l.rank < r.rank }
}

/// Expert groups, as `tshark -z expert` prints them.
public enum ExpertGroup: String, Sendable {
    case sequence, malformed, checksum, security, comment, response, undecoded, reassemble
    case protocolAnomaly = "protocol"
}

/// One aggregated row of Analyze › Expert Information.
public struct ExpertItem: Sendable, Equatable {
    public var severity: ExpertSeverity
    public var group: ExpertGroup
    /// As tshark prints it: `TCP`, `IPv4`, `HTTP`, `Ethertype`…
    public var protocolName: String
    /// Wireshark's exact text.
    public var summary: String
    public var count: Int
    public var firstFrame: Int
    /// Up to `ExpertPass.framesKept` frame numbers, for the analyst to jump to.
    public var frames: [Int]
}

/// One expert item raised on one frame: the per-packet view (`item` indexes `ExpertInformation.items`).
public struct ExpertOccurrence: Sendable, Equatable {
    public var frame: Int
    public var item: Int
}

/// Expert information of a capture: rows in tshark's order (by severity, then first occurrence).
public struct ExpertInformation: Sendable {
    public var items: [ExpertItem]
    /// Every item on every frame, in frame order; empty unless `AnalysisOptions.expertFramesInDetail`.
    public var perPacket: [ExpertOccurrence] = []
    /// True when `perPacket` was recorded (so an empty list means "no items", not "not asked").
    public var detailed = false
    /// TCP conversations with retransmissions or zero windows, worst first (at most 20).
    public var tcpHealth: [TCPConversationHealth] = []
    public init(items: [ExpertItem], perPacket: [ExpertOccurrence] = []) { self.items = items; self.perPacket = perPacket }
    public func count(_ severity: ExpertSeverity) -> Int {
        items.filter { $0.severity == severity }.reduce(0) { $0 + $1.count }
    }
}
