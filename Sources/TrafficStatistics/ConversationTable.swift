import PacketDecoding

/// A conversation table keyed by a normalised key, rows in order of first appearance.
///
/// Memory grows with conversations; beyond `capacity` new conversations are counted in the totals
/// but not kept (the report states the cap when it bites).
public struct ConversationTable: Sendable {
    public internal(set) var rows: [Conversation] = []
    var index = FlowMap<Int32>()
    /// The last key looked up and its row: consecutive frames mostly belong to the same conversation
    /// (always so for the Ethernet pair of a link), and a hit costs one comparison instead of a probe.
    var lastKey = ConversationKey(from: Endpoint(.unspecified), to: Endpoint(.unspecified))
    var lastRow: Int32 = -1
    /// Frames and conversations that did not fit under the cap.
    public private(set) var droppedConversations = 0
    public private(set) var droppedFrames = 0
    public let capacity: Int

    /// The default cap: 100,000 rows per table (the largest real capture in the corpus has 4,465).
    /// With all five tables full a report stays near 1 GiB peak RSS instead of growing with the
    /// capture (2M spoofed flows used 7.9 GiB uncapped; docs/robustness.md).
    public static let defaultCapacity = 100_000

    public init(capacity: Int = ConversationTable.defaultCapacity) { self.capacity = capacity }

    /// Finds or creates the row for `source -> destination`; returns its index and whether the
    /// frame goes A->B. Returns nil when the table is full.
    @inline(__always)
    mutating func row(source: Endpoint, destination: Endpoint, packet: DecodedPacket) -> (Int, Bool)? {
        let key = ConversationKey(source, destination)
        if lastRow >= 0 && key == lastKey {
            let r = Int(lastRow)
            return (r, rows[r].a == source)
        }
        if let slot = index.index(of: key) {
            let i = index.values[slot]
            lastKey = key; lastRow = i
            let r = Int(i)
            return (r, rows[r].a == source)
        }
        guard rows.count < capacity else { droppedConversations += 1; droppedFrames += 1; return nil }
        let stream = rows.count
        index.set(key, Int32(stream))
        lastKey = key; lastRow = Int32(stream)
        rows.append(Conversation(a: source, b: destination, stream: stream,
                                 firstTimestamp: packet.timestamp, lastTimestamp: packet.timestamp,
                                 firstFrame: packet.frameNumber, lastFrame: packet.frameNumber))
        return (stream, true)
    }

    /// Counts a frame between two endpoints (address-only tables).
    @inline(__always)
    mutating func count(source: Endpoint, destination: Endpoint, packet: DecodedPacket) {
        guard let (r, forward) = row(source: source, destination: destination, packet: packet) else { return }
        touch(r, forward: forward, packet: packet)
    }

    @inline(__always)
    mutating func touch(_ r: Int, forward: Bool, packet: DecodedPacket) {
        if forward { rows[r].aToB.frames += 1; rows[r].aToB.bytes += packet.wireLength } else {
            rows[r].bToA.frames += 1; rows[r].bToA.bytes += packet.wireLength
        }
        if packet.timestamp > rows[r].lastTimestamp { rows[r].lastTimestamp = packet.timestamp }
        if packet.timestamp < rows[r].firstTimestamp { rows[r].firstTimestamp = packet.timestamp }
        rows[r].lastFrame = packet.frameNumber
    }

    /// Appends a new row for the key (a new `tcp.stream`/`udp.stream` on a reused address/port pair).
    mutating func newRow(source: Endpoint, destination: Endpoint, packet: DecodedPacket) -> (Int, Bool)? {
        guard rows.count < capacity else { droppedConversations += 1; droppedFrames += 1; return nil }
        let stream = rows.count
        index.set(ConversationKey(source, destination), Int32(stream))
        lastKey = ConversationKey(source, destination); lastRow = Int32(stream)
        rows.append(Conversation(a: source, b: destination, stream: stream,
                                 firstTimestamp: packet.timestamp, lastTimestamp: packet.timestamp,
                                 firstFrame: packet.frameNumber, lastFrame: packet.frameNumber))
        return (stream, true)
    }


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

    /// Counts a TCP or UDP frame with its per-direction detail.
    @inline(__always)
    mutating func countTransport(source: Endpoint, destination: Endpoint, packet: DecodedPacket) {
        guard var (r, forward) = row(source: source, destination: destination, packet: packet) else { return }
        if packet.transport == .tcp ? startsNewTCPStream(r, forward: forward, packet) : rows[r].splitBeforeNextFrame {
            guard let fresh = newRow(source: source, destination: destination, packet: packet) else { return }
            if packet.transport == .udp { rows[fresh.0].isSNMPConversation = true }
            (r, forward) = fresh
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
        if forward { Self.detail(&rows[r].aToB, packet) } else { Self.detail(&rows[r].bToA, packet) }
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
