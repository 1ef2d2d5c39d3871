import PacketDecoding

/// A piece of one TCP direction's byte stream, in order: what a segment adds after the bytes the
/// direction already delivered. Valid only inside the packet callback.
public struct TCPChunk {
    /// `2 * tcp.stream` for the direction from the conversation's A to B, `+ 1` back.
    public var slot: Int
    /// The segment's payload bytes that are new (captured bytes only).
    public var bytes: UnsafeRawBufferPointer
    /// Bytes of the stream are missing before this chunk (not captured, or the segment jumped ahead).
    public var gapBefore: Bool
    /// The segment carried more bytes on the wire than were captured (snap length): bytes are
    /// missing after this chunk.
    public var truncated: Bool
    /// The first chunk of its direction since the stream (re)started.
    public var first: Bool
    /// The frame that carried it and its time (nanoseconds since the epoch).
    public var frame: Int
    public var timestamp: Int64

    /// The TCP stream (`tcp.stream`) and whether the chunk flows from A to B.
    public var stream: Int { slot >> 1 }
    public var forward: Bool { slot & 1 == 0 }
}

/// The one place TCP payload is put in order for the passes that read application bytes (HTTP,
/// TLS, files): per stream direction, the next expected sequence number. A segment wholly before it
/// (a retransmission) adds nothing; one that overlaps it adds only its new tail; one past it is
/// delivered with `gapBefore` (segments are not buffered for later: like Wireshark with
/// `tcp.reassemble_out_of_order` off, a reader resynchronises after a gap). State is 8 bytes per
/// direction, indexed by the conversation table's stream number; streams past its cap get none.
public struct TCPByteStreams {
    struct Direction {
        var next: UInt32 = 0
        var started = false
        var delivered = false
    }
    var directions: [Direction] = []

    public init() {}

    /// What `p` adds to its direction's byte stream, or nil when it adds nothing (no payload, a
    /// retransmission, not TCP, or a stream without a number).
    @inline(__always)
    public mutating func newBytes(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) -> TCPChunk? {
        guard p.isTCP, flow.stream >= 0 else { return nil }
        let slot = 2 * Int(flow.stream) + (flow.forward ? 0 : 1)
        if directions.count <= slot | 1 {
            directions.reserveFlowCapacity(limit: 2 * ConversationLimits.defaultCapacity, adding: (slot | 1) + 1 - directions.count)
            directions.append(contentsOf: repeatElement(Direction(), count: (slot | 1) + 1 - directions.count))
        }
        var d = directions[slot]
        defer { directions[slot] = d }
        let syn = p.tcpFlags.contains(.syn)
        // A SYN's own payload (TCP Fast Open) starts one past its sequence number.
        let sequence = p.sequenceNumber &+ (syn ? 1 : 0)
        if syn { d = Direction(next: sequence, started: true, delivered: false) }
        let wireLength = p.payloadWireLength
        guard wireLength > 0 else { return nil }
        var skip = 0
        var gap = false
        if !d.started {
            // The capture began mid-stream: the first segment seen starts it.
            d.started = true
            d.next = sequence
        } else {
            let ahead = Int32(bitPattern: sequence &- d.next)
            if ahead > 0 {
                gap = true
            } else if ahead < 0 {
                skip = Int(-Int64(ahead))
                if skip >= wireLength { return nil }
            }
        }
        let first = !d.delivered
        d.delivered = true
        d.next = sequence &+ UInt32(truncatingIfNeeded: wireLength)
        let captured = max(0, min(p.payloadLength, bytes.count - p.payloadOffset))
        let start = min(skip, captured)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[(p.payloadOffset + start) ..< (p.payloadOffset + captured)])
        return TCPChunk(
            slot: slot, bytes: slice, gapBefore: gap, truncated: captured < wireLength,
            first: first, frame: p.frameNumber, timestamp: p.timestamp)
    }
}
