import PacketDecoding

/// ICMP facts the findings need: errors about quoted flows (UDP/IP-protocol scans), echo traffic.
public struct ICMPSummary: Sendable {
    /// Destination/port/protocol unreachable, keyed by the quoted flow (its source is the prober).
    public struct Unreachable: Sendable {
        public var reporter: IPAddress
        public var prober: IPAddress
        public var target: IPAddress
        public var quotedProtocol: IPProtocol
        public var port: UInt16
        public var code: UInt8
        public var frame: Int
    }
    public var unreachables: [Unreachable] = []
    public var unreachablesNotKept = 0
    /// Echo requests and replies per (source, destination).
    public var echoRequests: [ConversationKey: Int] = [:]
    public init() {}
}

/// Collects ICMP errors and echo counts (bounded).
public struct ICMPPass {
    public static let unreachablesKept = 100_000
    var summary = ICMPSummary()
    public init() {}

    public mutating func observe(_ p: DecodedPacket) {
        guard p.isICMP else { return }
        let v4 = p.transport == .icmp
        if p.hasQuoted && ((v4 && p.icmpType == 3) || (!v4 && p.icmpType == 1)) {
            if summary.unreachables.count < Self.unreachablesKept {
                summary.unreachables.append(.init(
                    reporter: p.ipSource, prober: p.quotedSource, target: p.quotedDestination,
                    quotedProtocol: p.quotedProtocol, port: p.quotedDestinationPort, code: p.icmpCode, frame: p.frameNumber))
            } else { summary.unreachablesNotKept += 1 }
        }
        if (v4 && p.icmpType == 8) || (!v4 && p.icmpType == 128) {
            summary.echoRequests[ConversationKey(Endpoint(p.ipSource), Endpoint(p.ipDestination)), default: 0] += 1
        }
    }
    public func finish() -> ICMPSummary { summary }
}
