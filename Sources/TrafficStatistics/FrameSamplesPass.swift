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

/// Keeps the frames a finding's evidence starts with, before any detector has run: frame 1, the
/// first `framesPerSource` frames each source address sends, the first frame of each direction of
/// each TCP, UDP or IP conversation (the probe and its SYN-ACK or RST), the first
/// `payloadFramesPerDirection` data-carrying frames of each direction (a service probe, a login and
/// its password line), and the first ARP frame of each sender MAC, address
/// and operation (a spoofed claim), and the first frame of each distinct TCP flag combination (an
/// evasion probe such as SYN+FIN). Each reason has its own budget, so a 1000-port scan early in the
/// capture cannot crowd out a later finding's first frames. Memory is bounded: at most `framesKept`
/// samples of `bytesKept` bytes, and the tables that remember what was kept hold one key per sample.
public struct FrameSamplesPass {
    /// Samples kept in all (the sum of the budgets below, plus frame 1).
    public static let framesKept = sourceBudget + directionBudget + payloadBudget + arpBudget + flagsBudget + 1
    /// Frames kept from each source address (the first ones it sends).
    public static let framesPerSource = 3
    /// Samples kept because they are one of a source's first frames.
    public static let sourceBudget = 384
    /// Samples kept because they open one direction of a conversation.
    public static let directionBudget = 512
    /// Data-carrying frames kept from each direction of a conversation (the first ones).
    public static let payloadFramesPerDirection = 3
    /// Samples kept because they are among the first data-carrying frames of one direction.
    public static let payloadBudget = 192
    /// Samples kept because they are the first ARP frame of a sender MAC, address and operation.
    public static let arpBudget = 31
    /// Samples kept because they are the first frame with their exact TCP flags.
    public static let flagsBudget = 64
    /// Captured bytes kept of each sample.
    public static let bytesKept = 512

    /// One ARP claim: sender MAC, sender address and operation (fixed-size: hashed without allocation).
    struct ARPClaim: Hashable { var mac: MACAddress, address: IPAddress, operation: UInt16 }

    var samples: [FrameSample] = []
    var framesFromSource: [IPAddress: Int] = [:]
    var directions = Set<ConversationKey>()
    var payloadFrames: [ConversationKey: Int] = [:]
    var arpClaims = Set<ARPClaim>()
    /// Whether a frame with these TCP flags (12 bits) was seen: a fixed table, no hashing per packet.
    var flagsSeen = [Bool](repeating: false, count: 4096)
    var sourceKept = 0, arpKept = 0, payloadKept = 0, flagsKept = 0
    var last: ConversationKey?
    /// Data-carrying frames of `last` seen so far (up to `payloadFramesPerDirection`).
    var lastPayloadFrames = 0

    public init() {}

    @inline(__always)
    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) {
        guard p.ipVersion != 0 else {
            if p.frameNumber == 1 {
                keep(p, bytes, flow)
            } else if p.arpOperation != 0 && arpKept < Self.arpBudget,
                arpClaims.insert(ARPClaim(mac: p.arpSenderMAC, address: p.arpSenderIP, operation: p.arpOperation)).inserted
            {
                arpKept += 1
                keep(p, bytes, flow)
            }
            return
        }
        let ported = p.isTCP || p.isUDP
        let key = ConversationKey(
            from: Endpoint(p.ipSource, ported ? p.sourcePort : 0),
            to: Endpoint(p.ipDestination, ported ? p.destinationPort : 0))
        let hasPayload = p.payloadLength > 0
        var wanted = p.frameNumber == 1
        if p.isTCP && flagsKept < Self.flagsBudget {
            let flags = Int(p.tcpFlags.rawValue & 0xFFF)
            if !flagsSeen[flags] {
                flagsSeen[flags] = true
                flagsKept += 1
                wanted = true
            }
        }
        // Consecutive frames of one direction are the common case: skip the hashing then, unless
        // this is the direction's first data.
        let payloadWanted = hasPayload && payloadKept < Self.payloadBudget
        if key == last && !wanted && (!payloadWanted || lastPayloadFrames >= Self.payloadFramesPerDirection) { return }
        if key != last {
            last = key
            // Once the payload budget is spent the count is never read again: no lookup (with many
            // interleaved flows this was a hash per frame).
            lastPayloadFrames = payloadKept < Self.payloadBudget ? payloadFrames[key, default: 0] : 0
            if directions.count < Self.directionBudget && directions.insert(key).inserted { wanted = true }
        }
        if payloadWanted && lastPayloadFrames < Self.payloadFramesPerDirection {
            lastPayloadFrames += 1
            payloadFrames[key] = lastPayloadFrames
            payloadKept += 1
            wanted = true
        }
        if sourceKept < Self.sourceBudget {
            let sent = framesFromSource[p.ipSource, default: 0]
            if sent < Self.framesPerSource {
                framesFromSource[p.ipSource] = sent + 1
                sourceKept += 1
                wanted = true
            }
        }
        if wanted { keep(p, bytes, flow) }
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
