import PacketDecoding

/// The TCP items: header anomalies Wireshark flags while dissecting, and the sequence analysis.
extension ExpertPass {
    /// Header checks of packet-tcp.c: ACK number without ACK flag, urgent pointer without URG, and the
    /// MSS / window-scale option checks (made only when the header carries options).
    mutating func observeTCPHeader(_ p: DecodedPacket) {
        let f = p.tcpFlags
        if !f.contains(.ack) && p.acknowledgmentNumber != 0 { add(.ackNonzeroWithoutACKFlag, frame: p.frameNumber) }
        if !f.contains(.urg) && p.urgentPointer != 0 { add(.urgentPointerWithoutURGFlag, frame: p.frameNumber) }
        if p.tcpHeaderLength > 20 {
            if f.contains(.syn) {
                if p.maximumSegmentSize == 0 { add(.mssMissingOnSYN, frame: p.frameNumber) }
            } else if p.maximumSegmentSize != 0 {
                add(.mssOnNonSYN, frame: p.frameNumber)
            }
            if p.windowScale > 14 { add(.windowScaleTooLarge, frame: p.frameNumber) }
        }
    }

    /// Runs the sequence analysis and adds one item per flag, as tshark's expert tap counts them
    /// (a fast or spurious retransmission is also a retransmission).
    mutating func observeSequence(_ p: DecodedPacket, flow: FlowRef) {
        let analysis = sequence.analyze(p, flow: flow)
        let a = analysis.flags
        currentAnalysis = analysis
        tally(p, analysis, flow: flow)
        guard !a.isEmpty else { return }
        if a.contains(.reusedPorts) && !p.tcpFlags.contains(.ack) {
            // A new conversation: its closing notes start over.
            let key = ConversationKey(Endpoint(p.ipSource, p.sourcePort), Endpoint(p.ipDestination, p.destinationPort))
            if let i = closing.index(of: key) { closing.values[i] = 0 }
        }
        for (flag, _) in TCPAnalysisFlags.fieldNames where a.contains(flag) {
            switch flag {
            case .duplicateACK: add(.duplicateACK(analysis.duplicateACKNumber), frame: p.frameNumber)
            case .fastRetransmission, .spuriousRetransmission:
                add(.analysis(flag), frame: p.frameNumber)
                add(.analysis(.retransmission), frame: p.frameNumber)
            default: add(.analysis(flag), frame: p.frameNumber)
            }
        }
    }

    /// D-SACK (RFC 2883): the first SACK block lies below the cumulative ACK, or inside the second block.
    mutating func observeSACK(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) {
        guard p.sackBlocks > 0, p.tcpFlags.contains(.ack) else { return }
        let start = p.payloadOffset - p.tcpHeaderLength
        guard start >= 0, p.payloadOffset <= bytes.count else { return }
        var offset = start + 20
        while offset < p.payloadOffset {
            let kind = bytes[offset]
            if kind == 0 { return }
            if kind == 1 { offset += 1; continue }
            guard offset + 1 < p.payloadOffset else { return }
            let length = Int(bytes[offset + 1])
            guard length >= 2, offset + length <= p.payloadOffset else { return }
            if kind == 5 && length >= 10 {
                let left = TCPSequenceNumber(bytes.loadBigEndian(UInt32.self, at: offset + 2))
                let right = TCPSequenceNumber(bytes.loadBigEndian(UInt32.self, at: offset + 6))
                let ack = TCPSequenceNumber(p.acknowledgmentNumber)
                var duplicate = left < ack
                if !duplicate && length >= 18 {
                    let left2 = TCPSequenceNumber(bytes.loadBigEndian(UInt32.self, at: offset + 10))
                    let right2 = TCPSequenceNumber(bytes.loadBigEndian(UInt32.self, at: offset + 14))
                    duplicate = left2 <= left && right <= right2
                }
                if duplicate { add(.duplicateSACK, frame: p.frameNumber) }
                return
            }
            offset += length
        }
    }

    /// IPv4 items: a TTL below 5 towards a unicast address ("Time To Live" only N), as packet-ip.c
    /// raises it (not for multicast destinations, nor PIM).
    mutating func observeIP(_ p: DecodedPacket) {
        guard p.ipVersion == 4, p.stack.contains(.ip) else { return }
        let destination = p.ipDestination.ipv4Value
        let multicast = destination >> 28 == 0xE
        if !multicast && p.timeToLive < 5 && p.transport.rawValue != 103 {
            add(.lowTimeToLive(p.timeToLive), frame: p.frameNumber)
        }
    }

    static func describeAnalysis(_ flag: TCPAnalysisFlags) -> (ExpertSeverity, String) {
        switch flag {
        case .retransmission: (.note, "This frame is a (suspected) retransmission")
        case .fastRetransmission: (.note, "This frame is a (suspected) fast retransmission")
        case .spuriousRetransmission: (.note, "This frame is a (suspected) spurious retransmission")
        case .outOfOrder: (.warning, "This frame is a (suspected) out-of-order segment")
        case .lostSegment: (.warning, "Previous segment(s) not captured (common at capture start)")
        case .ackedUnseenSegment: (.warning, "ACKed segment that wasn't captured (common at capture start)")
        case .zeroWindow: (.warning, "TCP Zero Window segment")
        case .zeroWindowProbe: (.note, "TCP Zero Window Probe")
        case .zeroWindowProbeACK: (.note, "ACK to a TCP Zero Window Probe")
        case .windowFull: (.warning, "TCP window specified by the receiver is now completely full")
        case .windowUpdate: (.chat, "TCP window update")
        case .keepAlive: (.note, "TCP keep-alive segment")
        case .keepAliveACK: (.note, "ACK to a TCP keep-alive segment")
        case .reusedPorts: (.note, "A new tcp session is started with the same ports as an earlier session in this trace")
        default: (.note, "Duplicate ACK")
        }
    }
}

/// Per TCP stream: what the report's reading of the expert items needs (fixed size).
struct TCPTally {
    /// The stream's endpoints, normalised (streams on reused ports are added up in the report).
    var key: ConversationKey
    // Stored in 32 bits and read as Int (64 bytes a stream instead of 80); a count past
    // 4,294,967,295 sticks there, like `DirectionCounters`.
    private var _dataSegments: UInt32 = 0, _retransmissions: UInt32 = 0
    private var _zeroWindowsFromA: UInt32 = 0, _zeroWindowsFromB: UInt32 = 0
    init(key: ConversationKey) { self.key = key }
    var dataSegments: Int {
        get { Int(_dataSegments) }
        set { _dataSegments = UInt32(clamping: newValue) }
    }
    var retransmissions: Int {
        get { Int(_retransmissions) }
        set { _retransmissions = UInt32(clamping: newValue) }
    }
    /// Zero-window segments sent by the key's `a` and `b` endpoints.
    var zeroWindowsFromA: Int {
        get { Int(_zeroWindowsFromA) }
        set { _zeroWindowsFromA = UInt32(clamping: newValue) }
    }
    var zeroWindowsFromB: Int {
        get { Int(_zeroWindowsFromB) }
        set { _zeroWindowsFromB = UInt32(clamping: newValue) }
    }
}

/// One TCP conversation's retransmission and zero-window counts, for the report.
public struct TCPConversationHealth: Sendable, Equatable {
    public var a: Endpoint, b: Endpoint
    /// Segments carrying data (or SYN/FIN), and how many of them were retransmissions of any kind.
    public var dataSegments: Int, retransmissions: Int
    public var zeroWindowsFromA: Int, zeroWindowsFromB: Int
    /// Retransmissions per data segment (0…1).
    public var retransmissionRate: Double { dataSegments == 0 ? 0 : Double(retransmissions) / Double(dataSegments) }
}

extension ExpertPass {
    mutating func tally(_ p: DecodedPacket, _ analysis: TCPSegmentAnalysis, flow: FlowRef) {
        guard flow.stream >= 0 else { return }       // past the conversation table's cap
        let s = Endpoint(p.ipSource, p.sourcePort)
        let slot = Int(flow.stream)
        while tallies.count <= slot {
            tallies.appendGrowingToLimit(
                TCPTally(key: ConversationKey(s, Endpoint(p.ipDestination, p.destinationPort))),
                limit: ConversationLimits.defaultCapacity)
        }
        if p.payloadWireLength > 0 || p.tcpFlags.contains(.syn) || p.tcpFlags.contains(.fin) { tallies[slot].dataSegments += 1 }
        let resent: TCPAnalysisFlags = [.retransmission, .fastRetransmission, .spuriousRetransmission]
        if !analysis.flags.isDisjoint(with: resent) { tallies[slot].retransmissions += 1 }
        if analysis.flags.contains(.zeroWindow) {
            if s == tallies[slot].key.a { tallies[slot].zeroWindowsFromA += 1 } else { tallies[slot].zeroWindowsFromB += 1 }
        }
    }

    /// Conversations with retransmissions or zero windows, worst first (at most `limit`).
    func conversationHealth(limit: Int = 20) -> [TCPConversationHealth] {
        // One entry per address/port pair: the streams of a pair whose ports were reused add up.
        var pairs = FlowMap<TCPTally>()
        for t in tallies where t.retransmissions > 0 || t.zeroWindowsFromA + t.zeroWindowsFromB > 0 {
            _ = pairs.index(of: t.key) { TCPTally(key: t.key) }
        }
        guard pairs.count > 0 else { return [] }
        for t in tallies {
            guard let i = pairs.index(of: t.key) else { continue }
            pairs.values[i].dataSegments += t.dataSegments; pairs.values[i].retransmissions += t.retransmissions
            pairs.values[i].zeroWindowsFromA += t.zeroWindowsFromA; pairs.values[i].zeroWindowsFromB += t.zeroWindowsFromB
        }
        return pairs.values.map { t in
            TCPConversationHealth(a: t.key.a, b: t.key.b, dataSegments: t.dataSegments, retransmissions: t.retransmissions,
                                  zeroWindowsFromA: t.zeroWindowsFromA, zeroWindowsFromB: t.zeroWindowsFromB)
        }
        .sorted { l, r in
            if l.retransmissions != r.retransmissions { return l.retransmissions > r.retransmissions }
            let lz = l.zeroWindowsFromA + l.zeroWindowsFromB, rz = r.zeroWindowsFromA + r.zeroWindowsFromB
            if lz != rz { return lz > rz }
            return l.a != r.a ? l.a < r.a : l.b < r.b
        }
        .prefix(limit).map { $0 }
    }
}
