import PacketDecoding
import Support

/// A decoded frame and a bounded copy of its bytes, kept so the report can show it the way
/// Wireshark's packet details and bytes panes do.
public struct FrameSample: Sendable {
    public var packet: DecodedPacket
    /// The first `FrameSamplesPass.bytesKept` captured bytes, credentials in the payload overwritten
    /// with `*` (`CredentialMask.maskKeepingLength`).
    public var bytes: [UInt8]
    /// The frame's `tcp.stream` or `udp.stream` number; nil for other frames (and for flows past
    /// the conversation table's capacity).
    public var stream: Int?
}

/// Keeps the first frame of each new TCP, UDP or IP conversation (and frame 1), up to
/// `framesKept` frames: the frames a finding's evidence usually starts with (the first probe, the
/// first packet of a flood or a sweep). Memory is bounded: `framesKept × bytesKept` bytes at most.
public struct FrameSamplesPass {
    public static let framesKept = 64
    public static let bytesKept = 512

    var samples: [FrameSample] = []
    var seen = Set<ConversationKey>()
    var last: ConversationKey?

    public init() {}

    @inline(__always)
    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) {
        guard samples.count < Self.framesKept else { return }
        guard p.ipVersion != 0 else {
            if p.frameNumber == 1 { keep(p, bytes, flow) }
            return
        }
        let ported = p.isTCP || p.isUDP
        let key = ConversationKey(Endpoint(p.ipSource, ported ? p.sourcePort : 0),
                                  Endpoint(p.ipDestination, ported ? p.destinationPort : 0))
        // Consecutive frames of one conversation are the common case: skip the hash then.
        if key == last && p.frameNumber != 1 { return }
        last = key
        if seen.insert(key).inserted || p.frameNumber == 1 { keep(p, bytes, flow) }
    }

    mutating func keep(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer, _ flow: FlowRef) {
        let stream = (p.isTCP || p.isUDP) && flow.stream >= 0 ? Int(flow.stream) : nil
        samples.append(FrameSample(packet: p, bytes: Self.shownBytes(p, bytes, limit: Self.bytesKept), stream: stream))
    }

    public func finish() -> [FrameSample] { samples }

    /// A copy of a frame's first `limit` bytes as a packet pane may show them: credentials in the
    /// payload overwritten with `*`, byte for byte, so offsets and lengths stay those of the wire.
    /// - Parameters:
    ///   - p: the decoded frame (its payload offset and length, in bytes).
    ///   - bytes: the frame's bytes, valid only during the call.
    ///   - limit: the most bytes kept.
    static func shownBytes(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer, limit: Int) -> [UInt8] {
        var kept = [UInt8](bytes.bytes(upTo: min(limit, bytes.count)))
        if p.payloadLength > 0 { CredentialMask.maskKeepingLength(&kept, in: p.payloadOffset ..< p.payloadOffset + p.payloadLength) }
        return kept
    }
}
