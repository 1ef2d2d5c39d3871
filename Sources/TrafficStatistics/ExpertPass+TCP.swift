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
    mutating func observeSequence(_ p: DecodedPacket) {
        let analysis = sequence.analyze(p)
        let a = analysis.flags
        guard !a.isEmpty else { return }
        lastAnalysis = analysis
        if a.contains(.reusedPorts) && !p.tcpFlags.contains(.ack) {
            // A new conversation: its closing notes start over.
            closing[ConversationKey(Endpoint(p.ipSource, p.sourcePort), Endpoint(p.ipDestination, p.destinationPort))] = nil
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
