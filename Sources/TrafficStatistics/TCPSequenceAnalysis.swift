import PacketDecoding

/// Wireshark's TCP sequence analysis (`tcp_analyze_sequence_number()` in packet-tcp.c, Wireshark 4.0, with
/// its default preferences), per conversation and per direction, in one pass.
///
/// The rules, in the order Wireshark applies them (a `goto` there is an early `return` of that stage here):
/// zero-window probe; zero window; previous segment not captured; keep-alive; window update; window full;
/// keep-alive ACK; zero-window-probe ACK; duplicate ACK; ACKed unseen segment; then, for a segment that
/// carries data (or SYN/FIN) below the next expected sequence number: fast retransmission (≥ 2 duplicate
/// ACKs in the reverse direction for this sequence number, within 20 ms of the last one), out-of-order
/// (within the handshake's RTT of the highest segment, or 3 ms without a handshake), spurious
/// retransmission (already ACKed), else retransmission. A SYN on a conversation whose first sequence
/// number differs starts a new conversation ("reused ports"); with the same number it is a retransmission.
///
/// Sequence numbers are absolute, as Wireshark compares them; zero means "not seen yet" as there.
public struct TCPSequenceAnalysis {
    /// State per TCP stream, indexed by the conversation table's stream number (`FlowRef.stream`):
    /// a new stream on reused ports starts with fresh state, as in Wireshark.
    var streams: [TCPStreamState] = []

    /// Out-of-order threshold without a handshake: 3 ms, in nanoseconds.
    static let outOfOrderDefault: Int64 = 3_000_000
    /// A fast retransmission follows the last duplicate ACK within 20 ms, in nanoseconds.
    static let fastRetransmissionWindow: Int64 = 20_000_000

    public init() {}

    /// Analyses one TCP segment of stream `flow` (from the conversation table); call for every decoded
    /// TCP packet in capture order. A frame without a stream (past the table's cap) is not analysed.
    public mutating func analyze(_ p: DecodedPacket, flow: FlowRef) -> TCPSegmentAnalysis {
        var result = TCPSegmentAnalysis()
        guard p.isTCP, flow.stream >= 0 else { return result }
        let slot = Int(flow.stream)
        // Streams are numbered in order; reserved up to the conversation cap (no doubling copy).
        while streams.count <= slot { streams.appendGrowingToLimit(TCPStreamState(), limit: ConversationLimits.defaultCapacity) }
        let forward = flow.forward
        var stream = streams[slot]
        let flags = p.tcpFlags
        let seq = TCPSequenceNumber(p.sequenceNumber)

        // A SYN with another initial sequence number on known ports: the table started a new stream.
        if flow.reusedPorts { result.flags.insert(.reusedPorts) }
        if flags.contains(.syn) && !flags.contains(.ack) {
            let fwd = forward ? stream.a : stream.b
            if fwd.baseSequenceSet {
                // (The table starts a new stream on the same condition, so this state is fresh then;
                // kept so the analysis stands on its own.)
                if seq != fwd.baseSequence {
                    stream = TCPStreamState()
                    result.flags.insert(.reusedPorts)
                } else {
                    // A SYN retransmission: restore the flow's expectation (RST may carry the ACKed sequence).
                    if forward { stream.a.nextSequence = stream.a.maxSequenceToBeACKed } else {
                        stream.b.nextSequence = stream.b.maxSequenceToBeACKed
                    }
                }
            }
        }
        // A SYN+ACK with another initial sequence number is flagged too, on the same conversation.
        if flags.contains(.syn) && flags.contains(.ack) {
            let fwd = forward ? stream.a : stream.b
            if fwd.baseSequenceSet && seq != fwd.baseSequence { result.flags.insert(.reusedPorts) }
        }
        if flags.contains(.syn) && !flags.contains(.ack) { stream.lastSYNTime = p.timestamp }
        if flags.intersection([.syn, .ack]) == .ack && stream.lastSYNTime != 0 && stream.firstRTT == 0 {
            stream.firstRTT = p.timestamp - stream.lastSYNTime
        }

        if forward {
            Self.analyze(p, fwd: &stream.a, rev: &stream.b, firstRTT: stream.firstRTT, into: &result)
        } else {
            Self.analyze(p, fwd: &stream.b, rev: &stream.a, firstRTT: stream.firstRTT, into: &result)
        }
        streams[slot] = stream
        return result
    }

    /// The segment length Wireshark uses: TCP payload by the IP lengths (not the captured bytes).
    static func segmentLength(_ p: DecodedPacket) -> UInt32 { UInt32(clamping: max(0, p.payloadWireLength)) }

    static func analyze(_ p: DecodedPacket, fwd: inout TCPFlowState, rev: inout TCPFlowState, firstRTT: Int64,
                        into result: inout TCPSegmentAnalysis) {
        let flags = p.tcpFlags
        let seq = TCPSequenceNumber(p.sequenceNumber), ack = TCPSequenceNumber(p.acknowledgmentNumber)
        let seglen = segmentLength(p)
        let now = p.timestamp
        let synFinRst = !flags.intersection([.syn, .fin, .rst]).isEmpty

        // Window scaling: learnt from the handshake, applied to every non-SYN window.
        if flags.contains(.syn) {
            if p.windowScale >= 0 { fwd.windowScale = min(p.windowScale, 14) }
            if fwd.windowScale == -1 {
                fwd.windowScale = -2; rev.windowScale = -2
            } else if flags.contains(.ack) && rev.windowScale == -2 {
                fwd.windowScale = -2
            }
        }
        var window = UInt32(p.windowSize)
        if !flags.contains(.syn) && fwd.windowScale >= 0 { window <<= UInt32(fwd.windowScale) }

        if !fwd.baseSequenceSet {
            fwd.baseSequence = flags.contains(.syn) ? seq : seq - 1
            fwd.baseSequenceSet = true
        }
        if !rev.baseSequenceSet && flags.contains(.ack) {
            rev.baseSequence = ack - 1
            rev.baseSequenceSet = true
        }

        var a = result.flags
        stages: do {
            // Zero-window probe: exactly one byte at the next expected sequence number into a zero window.
            if seglen == 1 && seq == fwd.nextSequence && rev.window == 0 {
                a.insert(.zeroWindowProbe)
                break stages
            }
            if window == 0 && !synFinRst { a.insert(.zeroWindow) }
            // Previous segment(s) not captured.
            if !fwd.nextSequence.isZero && seq > fwd.nextSequence && !flags.contains(.rst) {
                a.insert(.lostSegment)
            }
            // Keep-alive: 0 or 1 byte starting one byte before the next expected sequence number.
            if seglen <= 1 && seq == fwd.nextSequence - 1 && !synFinRst { a.insert(.keepAlive) }
            // Window update: no data, same SEQ/ACK, new window.
            if seglen == 0 && window != 0 && window != fwd.window && seq == fwd.nextSequence && ack == fwd.lastACK
                && !synFinRst {
                a.insert(.windowUpdate)
            }
            // Window full: data up to the right edge of the receiver's advertised window.
            if seglen > 0 && rev.windowScale != -1 && seq + seglen == rev.lastACK + rev.window && !synFinRst {
                a.insert(.windowFull)
            }
            let repeatsLast = seglen == 0 && window == fwd.window && seq == fwd.nextSequence && ack == fwd.lastACK
                && !synFinRst
            if repeatsLast && window != 0 && rev.lastSegmentFlags.contains(.keepAlive) {
                a.insert(.keepAliveACK)
                break stages
            }
            if seglen == 0 && window == 0 && window == fwd.window && seq == fwd.nextSequence
                && (ack == fwd.lastACK || ack == fwd.lastACK + 1) && rev.lastSegmentFlags.contains(.zeroWindowProbe)
                && !synFinRst {
                a.insert(.zeroWindowProbeACK)
                break stages
            }
            if repeatsLast && window != 0 {
                fwd.duplicateACKCount += 1
                a.insert(.duplicateACK)
                result.duplicateACKNumber = fwd.duplicateACKCount
            }
        }
        let previousACK = fwd.lastACK
        if ack != fwd.lastACK { fwd.duplicateACKCount = 0 }

        // ACKed segment that wasn't captured (once per new ACK number: a repeated ACK is not flagged again,
        // which is what tshark 4.0 shows on the corpus).
        if !rev.maxSequenceToBeACKed.isZero && ack > rev.maxSequenceToBeACKed && flags.contains(.ack)
            && ack != previousACK {
            if !(ack == rev.maxSequenceToBeACKed + 1 && rev.lastSegmentFlags.contains(.zeroWindowProbe)) {
                a.insert(.ackedUnseenSegment)
                rev.maxSequenceToBeACKed = rev.nextSequence
            }
        }

        // Retransmission / fast retransmission / out-of-order / spurious retransmission.
        if (seglen > 0 || flags.contains(.syn) || flags.contains(.fin)) && !a.contains(.keepAlive) {
            var notAdvanced = !fwd.nextSequence.isZero && seq < fwd.nextSequence
            // One byte less than expected with new data: the previous segment was a zero-window probe.
            if seglen > 1 && fwd.nextSequence - 1 == seq { notAdvanced = false }
            // Where this segment ends (SYN and FIN count one).
            let segmentEnd = seq + seglen + (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0)
            classify: do {
                if notAdvanced && rev.duplicateACKCount >= 2 && rev.lastACK == seq
                    && now - rev.lastACKTime < fastRetransmissionWindow {
                    a.insert(.fastRetransmission)
                    break classify
                }
                let threshold = firstRTT == 0 ? outOfOrderDefault : firstRTT
                if notAdvanced && now - fwd.nextSequenceTime < threshold && fwd.nextSequence != segmentEnd {
                    a.insert(.outOfOrder)
                    break classify
                }
                if seglen > 0 && !rev.lastACK.isZero && seq + seglen <= rev.lastACK {
                    a.insert(.spuriousRetransmission)
                    break classify
                }
                if notAdvanced { a.insert(.retransmission) }
            }
        }

        var nextSequence = seq + seglen
        if flags.contains(.syn) || flags.contains(.fin) { nextSequence = nextSequence + 1 }
        if nextSequence > fwd.nextSequence || fwd.nextSequence.isZero, !a.contains(.zeroWindowProbe) {
            fwd.nextSequence = nextSequence
            fwd.nextSequenceTime = now
        }
        if seq == fwd.maxSequenceToBeACKed || fwd.maxSequenceToBeACKed.isZero, !a.contains(.zeroWindowProbe) {
            fwd.maxSequenceToBeACKed = fwd.nextSequence
        }
        fwd.window = window
        fwd.lastACK = ack
        fwd.lastACKTime = now
        fwd.lastSegmentFlags = a
        result.flags = a
    }
}
