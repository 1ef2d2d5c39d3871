import PacketDecoding

/// The TCP or UDP conversation a frame belongs to, as its conversation table numbers it
/// (`tcp.stream` / `udp.stream`). Passes that keep per-stream state index it by `stream` instead of
/// hashing the frame's endpoints again.
public struct FlowRef: Sendable, Equatable {
    /// The row in the frame's transport table; -1 when it has none (not TCP/UDP, or past the cap).
    public var stream: Int32 = -1
    /// The frame goes from the row's A (the first frame's source) to B.
    public var forward = true
    /// A TCP SYN with a new initial sequence number started this stream on an address/port pair an
    /// earlier stream used (Wireshark: "A new tcp session is started with the same ports").
    public var reusedPorts = false
    public init(stream: Int32 = -1, forward: Bool = true, reusedPorts: Bool = false) {
        self.stream = stream; self.forward = forward; self.reusedPorts = reusedPorts
    }
}

/// The cap on rows per conversation table (and the bound other per-flow state uses).
public enum ConversationLimits {
    /// 100,000 rows per table (the largest real capture in the corpus has 4,465). With all five
    /// tables full a report stays near 1 GiB peak RSS instead of growing with the capture (2M
    /// spoofed flows used 7.9 GiB uncapped; docs/robustness.md).
    public static let defaultCapacity = 100_000
}

/// The TCP and UDP tables: rows with per-direction detail.
public typealias ConversationTable = FlowTable<Conversation>
/// The Ethernet and IP tables: rows with counts only.
public typealias AddressConversationTable = FlowTable<AddressConversation>

/// A conversation table keyed by a normalised endpoint pair, rows in order of first appearance.
///
/// Memory grows with conversations; beyond `capacity` new conversations are counted in the totals
/// but not kept (the report states the cap when it bites). The index holds row numbers only: a slot
/// is matched against its row's own endpoints, so no key is stored twice.
public struct FlowTable<Row: ConversationRecord>: Sendable {
    public internal(set) var rows: [Row] = []
    /// Open-addressing slots: 0 empty, otherwise row index + 1 (the newest row of the key).
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    private var mask = 63
    /// Keys with a slot (rows of a reused key share one).
    private var keyCount = 0
    /// The last key looked up and its row: consecutive frames mostly belong to the same conversation
    /// (always so for the Ethernet pair of a link), and a hit costs one comparison instead of a probe.
    var lastKey = ConversationKey(from: Endpoint(.unspecified), to: Endpoint(.unspecified))
    var lastRow: Int32 = -1
    /// Frames and conversations that did not fit under the cap.
    public private(set) var droppedConversations = 0
    public private(set) var droppedFrames = 0
    public let capacity: Int

    public static var defaultCapacity: Int { ConversationLimits.defaultCapacity }

    public init(capacity: Int = ConversationLimits.defaultCapacity) { self.capacity = capacity }

    @inline(__always)
    static func hash(_ key: ConversationKey) -> Int { FlowMap<Int32>.hash(key) }

    /// The slot of `key` (normalised), or of the empty slot where it would go.
    @inline(__always)
    private func slot(of key: ConversationKey) -> (slot: Int, row: Int?) {
        var i = Self.hash(key) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (i, nil) }
            let r = Int(s) - 1
            let a = rows[r].a, b = rows[r].b
            if (a == key.a && b == key.b) || (a == key.b && b == key.a) { return (i, r) }
            i = (i + 1) & mask
        }
    }

    /// Finds or creates the row for `source -> destination`; returns its index and whether the
    /// frame goes A->B. Returns nil when the table is full.
    @inline(__always)
    mutating func row(source: Endpoint, destination: Endpoint, packet: DecodedPacket) -> (Int, Bool)? {
        let key = ConversationKey(source, destination)
        if lastRow >= 0 && key == lastKey {
            let r = Int(lastRow)
            return (r, rows[r].a == source)
        }
        let found = slot(of: key)
        if let r = found.row {
            lastKey = key; lastRow = Int32(r)
            return (r, rows[r].a == source)
        }
        return append(source: source, destination: destination, packet: packet, slot: found.slot, reused: false)
    }

    /// Adds a row at `slot` (empty for a new key, or the key's slot when the key is reused).
    private mutating func append(source: Endpoint, destination: Endpoint, packet: DecodedPacket, slot: Int, reused: Bool) -> (Int, Bool)? {
        guard rows.count < capacity else { droppedConversations += 1; droppedFrames += 1; return nil }
        let stream = rows.count
        rows.appendGrowingToLimit(
            Row(
                a: source, b: destination, stream: stream,
                firstTimestamp: packet.timestamp, lastTimestamp: packet.timestamp,
                firstFrame: packet.frameNumber, lastFrame: packet.frameNumber), limit: capacity)
        slots[slot] = Int32(truncatingIfNeeded: stream + 1)
        lastKey = ConversationKey(source, destination); lastRow = Int32(stream)
        if !reused {
            keyCount += 1
            if keyCount * 2 > mask { grow() }
        }
        return (stream, true)
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var fresh = [Int32](repeating: 0, count: size)
        let newMask = size - 1
        for s in slots where s != 0 {
            let r = Int(s) - 1
            var i = Self.hash(ConversationKey(rows[r].a, rows[r].b)) & newMask
            while fresh[i] != 0 { i = (i + 1) & newMask }
            fresh[i] = s
        }
        slots = fresh
        mask = newMask
    }

    /// Counts a frame between two endpoints (address-only tables).
    @inline(__always)
    mutating func count(source: Endpoint, destination: Endpoint, packet: DecodedPacket) {
        guard let (r, forward) = row(source: source, destination: destination, packet: packet) else { return }
        touch(r, forward: forward, packet: packet)
    }

    @inline(__always)
    mutating func touch(_ r: Int, forward: Bool, packet: DecodedPacket) {
        rows[r].countFrame(forward: forward, bytes: packet.wireLength)
        if packet.timestamp > rows[r].lastTimestamp { rows[r].lastTimestamp = packet.timestamp }
        if packet.timestamp < rows[r].firstTimestamp { rows[r].firstTimestamp = packet.timestamp }
        rows[r].lastFrame = packet.frameNumber
    }

    /// Appends a new row for the key (a new `tcp.stream`/`udp.stream` on a reused address/port pair);
    /// the key's slot then names the new row.
    mutating func newRow(source: Endpoint, destination: Endpoint, packet: DecodedPacket) -> (Int, Bool)? {
        let found = slot(of: ConversationKey(source, destination))
        return append(source: source, destination: destination, packet: packet, slot: found.slot, reused: found.row != nil)
    }
}

extension FlowTable where Row == Conversation {
    /// Wireshark (packet-tcp.c) starts a new conversation when a SYN without ACK arrives on a known
    /// port pair whose sending direction already has a base sequence number and the SYN's sequence
    /// number differs from it (a retransmitted SYN keeps its stream). A direction's base is its SYN's
    /// sequence number (or the first sequence number seen minus one), or the peer's first ACK number
    /// minus one.
    @inline(__always)
    func startsNewTCPStream(_ r: Int, forward: Bool, _ p: DecodedPacket) -> Bool {
        guard p.tcpFlags.contains(.syn) && !p.tcpFlags.contains(.ack) else { return false }
        let row = rows[r]
        let (has, base) = forward ? (row.hasBaseAtoB, row.baseSequenceAtoB) : (row.hasBaseBtoA, row.baseSequenceBtoA)
        return has && p.sequenceNumber != base
    }

    @inline(__always)
    mutating func trackSequence(_ r: Int, forward: Bool, _ p: DecodedPacket) {
        let f = p.tcpFlags
        let own = f.contains(.syn) ? p.sequenceNumber : p.sequenceNumber &- 1
        if forward {
            if !rows[r].hasBaseAtoB { rows[r].baseSequenceAtoB = own; rows[r].hasBaseAtoB = true }
            if f.contains(.ack) && !rows[r].hasBaseBtoA { rows[r].baseSequenceBtoA = p.acknowledgmentNumber &- 1; rows[r].hasBaseBtoA = true }
        } else {
            if !rows[r].hasBaseBtoA { rows[r].baseSequenceBtoA = own; rows[r].hasBaseBtoA = true }
            if f.contains(.ack) && !rows[r].hasBaseAtoB { rows[r].baseSequenceAtoB = p.acknowledgmentNumber &- 1; rows[r].hasBaseAtoB = true }
        }
    }

    /// Counts a TCP or UDP frame with its per-direction detail; returns the frame's stream.
    @inline(__always) @discardableResult
    mutating func countTransport(source: Endpoint, destination: Endpoint, packet: DecodedPacket) -> FlowRef {
        guard var (r, forward) = row(source: source, destination: destination, packet: packet) else { return FlowRef() }
        var reused = false
        if packet.transport == .tcp ? startsNewTCPStream(r, forward: forward, packet) : rows[r].splitBeforeNextFrame {
            guard let fresh = newRow(source: source, destination: destination, packet: packet) else { return FlowRef() }
            if packet.transport == .udp { rows[fresh.0].isSNMPConversation = true }
            (r, forward) = fresh
            reused = packet.transport == .tcp
        }
        // Wireshark's SNMP dissector, on a request to port 161, creates a conversation of its own for
        // the address/port pair (so that replies from any port decode as SNMP); UDP finds that newer
        // conversation for the pair's next frame (a reply, a retry, or an ICMP error quoting it) and
        // gives it a new `udp.stream`.
        if packet.transport == .udp && packet.destinationPort == 161 && packet.application == .snmp
            && !rows[r].isSNMPConversation {
            rows[r].splitBeforeNextFrame = true
        }
        if packet.transport == .tcp { trackSequence(r, forward: forward, packet) }
        touch(r, forward: forward, packet: packet)
        if forward {
            if rows[r].aToB.syn == 0 && packet.transport == .tcp && packet.tcpFlags.contains(.syn) && !packet.tcpFlags.contains(.ack) {
                rows[r].kernelSYN = packet.sackPermitted || packet.hasTimestamps || packet.windowScale >= 0
            }
            Self.detail(&rows[r].aToB, packet)
        } else {
            Self.detail(&rows[r].bToA, packet)
        }
        return FlowRef(stream: Int32(r), forward: forward, reusedPorts: reused)
    }

    @inline(__always)
    static func detail(_ d: inout DirectionCounters, _ p: DecodedPacket) {
        if p.payloadWireLength > 0 {
            d.payloadBytes += p.payloadWireLength; d.payloadFrames += 1
            if d.firstPayloadFrame == 0 { d.firstPayloadFrame = p.frameNumber }
        }
        guard p.transport == .tcp else { return }
        let f = p.tcpFlags
        if d.flagsSeen.isEmpty && d.frames == 1 { d.firstFlags = f }
        d.flagsSeen.formUnion(f)
        if f.contains(.syn) {
            if f.contains(.ack) { d.synAck += 1; if d.firstSynAckFrame == 0 { d.firstSynAckFrame = p.frameNumber } } else {
                d.syn += 1; if d.firstSynFrame == 0 { d.firstSynFrame = p.frameNumber }
            }
        }
        if f.contains(.rst) { d.rst += 1; if d.firstRstFrame == 0 { d.firstRstFrame = p.frameNumber } }
        if f.contains(.fin) { d.fin += 1 }
        if f.controlBits == .ack && p.payloadWireLength == 0 { d.pureAck += 1 }
    }
}
