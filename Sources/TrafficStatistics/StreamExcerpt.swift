import PacketDecoding

/// What Follow TCP/UDP Stream shows of one stream: payload in order, both directions, bounded.
public struct StreamExcerpt: Sendable {
    /// One captured payload segment, in stream order.
    public struct Segment: Sendable {
        /// True when node A (the sender of the first captured segment) sent it.
        public var fromA: Bool
        public var frame: Int
        public var bytes: [UInt8]
    }
    public var transport: IPProtocol
    public var stream: Int
    public var nodeA: Endpoint
    public var nodeB: Endpoint
    /// The first frames of the stream (at most `StreamsPass.framesKept`).
    public var frames: [Int]
    public var frameCount: Int
    public var payloadBytesAToB: Int
    public var payloadBytesBToA: Int
    public var segments: [Segment]
    /// Payload bytes seen but not kept (beyond the excerpt limit).
    public var bytesNotKept: Int
}

/// Keeps Follow-stream excerpts for the first streams of the capture, bounded in count and size.
public struct StreamsPass {
    public static let streamsKept = 256
    public static let bytesKeptPerStream = 2048
    public static let framesKept = 32

    struct State {
        var excerpt: StreamExcerpt
        var nextSequenceAToB: UInt32?
        var nextSequenceBToA: UInt32?
        var keptBytes = 0
    }
    /// The state slot of each kept stream, by stream number (`FlowRef.stream`).
    var tcpSlots: [Int] = [], udpSlots: [Int] = []
    var states: [State] = []

    public init() {}

    /// - Parameter flow: the frame's stream as the conversation table numbers it, so an excerpt's
    ///   `tcp.stream eq N` is the stream Wireshark follows (a pair whose ports are reused has two).
    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) {
        guard p.isTCP || p.isUDP, flow.stream >= 0 else { return }
        let tcp = p.isTCP
        let stream = Int(flow.stream)
        // Past the kept streams nothing is remembered (100k half-open streams must not grow this).
        guard stream < Self.streamsKept else { return }
        if stream >= (tcp ? tcpSlots.count : udpSlots.count) {
            // Streams are numbered in order of appearance: this frame opens the next one.
            let s = Endpoint(p.ipSource, p.sourcePort), d = Endpoint(p.ipDestination, p.destinationPort)
            let slot = states.count
            states.append(State(excerpt: StreamExcerpt(
                transport: tcp ? .tcp : .udp, stream: stream, nodeA: s, nodeB: d, frames: [], frameCount: 0,
                payloadBytesAToB: 0, payloadBytesBToA: 0, segments: [], bytesNotKept: 0)))
            if tcp {
                while tcpSlots.count < stream { tcpSlots.append(-1) }
                tcpSlots.append(slot)
            } else {
                while udpSlots.count < stream { udpSlots.append(-1) }
                udpSlots.append(slot)
            }
        }
        let slot = tcp ? tcpSlots[stream] : udpSlots[stream]
        guard slot >= 0 else { return }
        let fromA = flow.forward
        states[slot].excerpt.frameCount += 1
        if states[slot].excerpt.frames.count < Self.framesKept { states[slot].excerpt.frames.append(p.frameNumber) }
        var length = p.payloadLength
        guard length > 0 else {
            if tcp && p.tcpFlags.contains(.syn) {
                let next = p.sequenceNumber &+ 1
                if fromA { states[slot].nextSequenceAToB = next } else { states[slot].nextSequenceBToA = next }
            }
            return
        }
        if tcp {
            // Skip retransmitted bytes (Follow Stream shows each byte once).
            let expected = fromA ? states[slot].nextSequenceAToB : states[slot].nextSequenceBToA
            var skip = 0
            if let expected {
                let behind = Int32(bitPattern: expected &- p.sequenceNumber)
                if behind > 0 { skip = min(Int(behind), length) }
            }
            let end = p.sequenceNumber &+ UInt32(truncatingIfNeeded: length)
            if expected == nil || Int32(bitPattern: end &- (expected ?? 0)) > 0 {
                if fromA { states[slot].nextSequenceAToB = end } else { states[slot].nextSequenceBToA = end }
            }
            length -= skip
            guard length > 0 else { return }
            append(slot, fromA: fromA, frame: p.frameNumber, bytes.bytes(from: p.payloadOffset + skip).bytes(upTo: length))
        } else {
            append(slot, fromA: fromA, frame: p.frameNumber, bytes.bytes(from: p.payloadOffset).bytes(upTo: length))
        }
    }

    mutating func append(_ slot: Int, fromA: Bool, frame: Int, _ payload: UnsafeRawBufferPointer) {
        if fromA { states[slot].excerpt.payloadBytesAToB += payload.count } else { states[slot].excerpt.payloadBytesBToA += payload.count }
        let room = Self.bytesKeptPerStream - states[slot].keptBytes
        let keep = min(room, payload.count)
        states[slot].excerpt.bytesNotKept += payload.count - keep
        guard keep > 0 else { return }
        states[slot].keptBytes += keep
        let bytes = Array(payload.bytes(upTo: keep))
        if let last = states[slot].excerpt.segments.last, last.fromA == fromA {
            states[slot].excerpt.segments[states[slot].excerpt.segments.count - 1].bytes.append(contentsOf: bytes)
        } else {
            states[slot].excerpt.segments.append(.init(fromA: fromA, frame: frame, bytes: bytes))
        }
    }

    public func finish() -> [StreamExcerpt] { states.map(\.excerpt) }
}
