import PacketDecoding

/// Wireshark's TCP PDU reassembly as the protocol tree shows it: for each TCP segment, which
/// application protocols its frame carries given what came before on its stream (retransmissions end
/// at `tcp`; a PDU spanning segments is shown once, in the frame that completes it, followed by
/// `tcp.segments`). Kept per stream direction, indexed by the conversation table's stream number.
/// The protocol hierarchy counts the stacks this returns.
struct TCPPDUReassembly {
    /// One TCP direction as Wireshark's reassembly sees it.
    struct DirectionState {
        // Widest fields first and the small counters in bytes: 32 bytes a direction instead of 48
        // (two per TCP stream).
        /// Bytes still missing from it (when its length is known).
        var missing = 0
        /// Gryphon: the first bytes of a PDU header that is not complete yet (big-endian, in order).
        var headerBytes: UInt64 = 0
        /// Wireshark's `nextseq`: the next sequence number expected.
        var nextSequence: UInt32 = 0
        var hasNext = false
        /// The application of the direction's PDUs (set by the first recognised segment).
        var application = ProtocolID.none
        /// A PDU started in an earlier segment and is not complete yet.
        var inPDU = false
        var untilFIN = false, chunked = false, headPending = false
        /// The nodes the completing frame shows for it (before `tcp.segments`).
        var items: (ProtocolID, ProtocolID, ProtocolID) = (.none, .none, .none)
        /// An HTTP message head was seen in this direction.
        var sawHTTPHead = false
        /// Gryphon: how many of `headerBytes` are filled (0...8).
        var headerCount: UInt8 = 0
        /// SSH: 0 before the version line, 1 for clear-text binary packets, 2 once encrypted (after
        /// this direction's NEWKEYS, or for SSH-1).
        var sshPhase: UInt8 = 0
    }
    /// Per TCP stream (`FlowRef.stream`), two directions: `2 * stream` from A to B, `2 * stream + 1`
    /// back (a new stream on reused ports starts fresh, as its SYN would reset the direction anyway).
    var directions: [DirectionState] = []

    /// The frame's protocols as Wireshark's tree shows them, given what came before on its TCP stream.
    ///
    /// - Retransmitted and out-of-order segments (payload starting before the direction's next expected
    ///   sequence number) are not handed to any dissector (`tcp.no_subdissector_on_error`): they end at `tcp`.
    /// - HTTP, TLS and DNS PDUs that span segments are dissected once, in the frame that completes them
    ///   (`tcp.desegment_tcp_streams`): earlier frames end at `tcp` (TLS still shows `tls` in the frame
    ///   where a record starts), and the completing frame shows the PDU's nodes then `tcp.segments`.
    @inline(__always)
    mutating func stackSeenByWireshark(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) -> ProtocolStack {
        guard p.isTCP else { return p.stack }
        // Past the conversation table's cap a stream has no number: its frames keep their own stack,
        // without reassembly across segments.
        guard flow.stream >= 0 else { return p.stack }
        let slot = 2 * Int(flow.stream) + (flow.forward ? 0 : 1), reverse = slot ^ 1
        while directions.count <= slot | 1 {
            directions.appendGrowingToLimit(DirectionState(), limit: 2 * ConversationLimits.defaultCapacity)
        }
        let length = UInt32(truncatingIfNeeded: p.payloadWireLength)
        let f = p.tcpFlags
        let end = p.sequenceNumber &+ length &+ (f.contains(.syn) ? 1 : 0) &+ (f.contains(.fin) ? 1 : 0)
        var st = directions[slot]
        if f.contains(.syn) { st = DirectionState() }
        defer { directions[slot] = st }
        if st.hasNext {
            let before = Int32(bitPattern: p.sequenceNumber &- st.nextSequence) < 0
            // Bytes missing before this segment: a PDU pending across the gap is abandoned, and this
            // segment is dissected as the start of a new one.
            if Int32(bitPattern: p.sequenceNumber &- st.nextSequence) > 0 && length > 0 {
                st.inPDU = false; st.untilFIN = false; st.chunked = false; st.headPending = false; st.headerCount = 0
            }
            let keepAlive = length <= 1 && p.sequenceNumber == st.nextSequence &- 1
            if Int32(bitPattern: end &- st.nextSequence) > 0 { st.nextSequence = end }
            if length > 0 && before && !keepAlive { return p.stack.prefix(through: .tcp) }
        } else {
            st.nextSequence = end; st.hasNext = true
        }
        // A segment cut by the snaplen is not handed to any dissector (it cannot be reassembled), nor
        // is a RST's data (its reset cause text, whatever the stream carried before).
        guard p.payloadLength == p.payloadWireLength, !f.contains(.rst) else { return p.stack.prefix(through: .tcp) }
        guard p.payloadOffset + p.payloadLength <= bytes.count else { return p.stack }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[p.payloadOffset ..< p.payloadOffset + p.payloadLength])
        // The peer's state matters only to HTTP continuation data: looked up only then.
        let mayBeHTTP = p.application == .http || ((p.application == .data || p.application == .none) && st.application == .http)
        let peerSawHTTPHead = mayBeHTTP && directions[reverse].sawHTTPHead
        return Self.reassemble(p, payload, &st, peerSawHTTPHead: peerSawHTTPHead)
    }

    @inline(__always)
    static func append(_ items: (ProtocolID, ProtocolID, ProtocolID), to out: inout ProtocolStack) {
        if items.0 != .none { out.append(items.0) }     // a tuple, not an array: no allocation per frame
        if items.1 != .none { out.append(items.1) }
        if items.2 != .none { out.append(items.2) }
    }

    static func reassemble(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ st: inout DirectionState,
                           peerSawHTTPHead: Bool) -> ProtocolStack {
        var out = p.stack.prefix(through: .tcp)
        var offset = 0
        let count = payload.count
        if st.inPDU {
            var done = -1                          // where the PDU ends in this segment, if it does
            if st.untilFIN {
                if p.tcpFlags.contains(.fin) { done = count }
            } else if st.headPending {
                if let e = HTTPMessageHeadView.find(payload, "\r\n\r\n") { done = e + 4 }
            } else if st.chunked {
                if HTTPMessageHeadView.hasPrefix(payload, at: 0, "0\r\n\r\n") { done = 5 }
                else if let e = HTTPMessageHeadView.find(payload, "\r\n0\r\n\r\n") { done = e + 7 }
            } else if st.headerCount > 0 {
                // A fixed-size header still incomplete: take bytes until it is, then learn the length.
                var used = 0
                while st.headerCount < 8 && used < count {
                    st.headerBytes = st.headerBytes << 8 | UInt64(payload.byte(used)); st.headerCount += 1; used += 1
                }
                if st.headerCount < 8 { return out }
                let data = Int((st.headerBytes >> 16) & 0xFFFF)
                st.headerCount = 0
                let rest = ((data + 3) & ~3)
                if count - used >= rest { done = used + rest } else { st.missing = rest - (count - used); return out }
            } else if count >= st.missing {
                done = st.missing
            } else {
                st.missing -= count
            }
            guard done >= 0 else { return out }
            if st.untilFIN && st.items.0 == .whois {
                out.append(.tcpSegments); out.append(.whois)      // whois: the segments item comes first
            } else {
                append(st.items, to: &out)
                out.append(.tcpSegments)
            }
            st.inPDU = false; st.untilFIN = false; st.chunked = false; st.headPending = false
            offset = done
        }
        guard offset < count else { return out }
        var app = p.application
        if app == .data || app == .none { app = st.application }
        switch app {
        case .http:
            st.application = .http
            let rest = UnsafeRawBufferPointer(rebasing: payload[offset...])
            guard let head = HTTPMessageHeadView(rest) else {
                if ApplicationClassifier.startsWithHTTP(rest) {     // a head that continues in the next segment
                    st.inPDU = true; st.headPending = true; st.items = (.http, .none, .none)
                    return out
                }
                // Continuation data is shown as `http`, except on a connection where no HTTP message
                // was seen yet and the segment holds no line end (the corpus: a capture that starts in
                // the middle of a response body shows those segments as bare `tcp`).
                guard st.sawHTTPHead || peerSawHTTPHead || HTTPMessageHeadView.find(rest, "\r\n") != nil else { return out }
                out.append(.http)
                return out
            }
            st.sawHTTPHead = true
            var (b1, b2) = head.bodyProtocols
            // An HTML body that opens with an XML declaration (XHTML) is shown as `xml`.
            if b1 == .dataTextLines && HTTPMessageHeadView.hasPrefix(rest, at: head.headLength, "<?xml") { (b1, b2) = (.xml, .none) }
            let items = (ProtocolID.http, b1, b2)
            let available = rest.count - head.headLength
            switch head.body {
            case .none:
                append((.http, .none, .none), to: &out)
            case let .length(n):
                if n <= available { append(items, to: &out) } else {
                    st.inPDU = true; st.missing = n - available; st.items = items
                }
            case .chunked:
                let body = UnsafeRawBufferPointer(rebasing: rest[head.headLength...])
                if HTTPMessageHeadView.hasPrefix(body, at: 0, "0\r\n\r\n") || HTTPMessageHeadView.find(body, "\r\n0\r\n\r\n") != nil {
                    append(items, to: &out)
                } else {
                    st.inPDU = true; st.chunked = true; st.items = items
                }
            case .untilClose:
                if p.tcpFlags.contains(.fin) { append(items, to: &out) } else {
                    st.inPDU = true; st.untilFIN = true; st.items = items
                }
            }
        case .tls:
            st.application = .tls
            // Records: type, version (3.x), 16-bit length. The tls node appears in every frame where
            // a record starts; a record that runs on completes in a later frame.
            var o = offset
            var started = false
            while o < count {
                guard count - o >= 5 else {
                    st.inPDU = true; st.missing = 5 - (count - o); st.items = (.tls, .none, .none); started = true; break
                }
                let type = payload.byte(o), major = payload.byte(o + 1)
                guard (20 ... 24).contains(type), major == 3 else { started = true; break }
                started = true
                let record = 5 + Int(payload.loadBigEndian(UInt16.self, at: o + 3))
                if o + record <= count { o += record } else {
                    st.inPDU = true; st.missing = o + record - count; st.items = (.tls, .none, .none); break
                }
            }
            if started { out.append(.tls) }
        case .dns:
            st.application = .dns
            // DNS over TCP: a 16-bit length before each message (Wireshark's tcp_dissect_pdus shows a
            // message only once it is complete).
            var o = offset
            while o < count {
                guard count - o >= 2 else { st.inPDU = true; st.missing = 2 - (count - o); st.items = (.dns, .none, .none); break }
                let message = 2 + Int(payload.loadBigEndian(UInt16.self, at: o))
                if o + message <= count { out.append(.dns); o += message } else {
                    st.inPDU = true; st.missing = o + message - count; st.items = (.dns, .none, .none); break
                }
            }
        case .ldap:
            st.application = .ldap
            // LDAP messages are BER SEQUENCEs (0x30, then a short or long definite length); Wireshark
            // shows one ldap node per dissector call, once a message is complete.
            var o = offset
            var shown = false
            while o < count {
                guard payload.byte(o) == 0x30, count - o >= 2 else { if !shown { out.append(.ldap) }; return out }
                let first = payload.byte(o + 1)
                var header = 2, length = Int(first)
                if first & 0x80 != 0 {
                    let n = Int(first & 0x7F)
                    guard n >= 1 && n <= 4 else { if !shown { out.append(.ldap) }; return out }
                    guard count - o >= 2 + n else { st.inPDU = true; st.missing = 2 + n - (count - o); st.items = (.ldap, .none, .none); return out }
                    length = 0
                    for i in 0 ..< n { length = length << 8 | Int(payload.byte(o + 2 + i)) }
                    header = 2 + n
                }
                let message = header + length
                if o + message <= count {
                    if !shown { out.append(.ldap); shown = true }
                    o += message
                } else {
                    st.inPDU = true; st.missing = o + message - count; st.items = (.ldap, .none, .none); break
                }
            }
        case .gryphon:
            // Gryphon (TCP 7000): 8-byte header whose bytes 4-5 give the data length, padded to 4.
            st.application = .gryphon
            var o = offset
            while o < count {
                guard count - o >= 8 else {
                    st.inPDU = true; st.items = (.gryphon, .none, .none)
                    st.headerBytes = 0; st.headerCount = 0
                    for i in o ..< count { st.headerBytes = st.headerBytes << 8 | UInt64(payload.byte(i)); st.headerCount += 1 }
                    break
                }
                let data = Int(payload.loadBigEndian(UInt16.self, at: o + 4))
                let message = 8 + (data + 3) & ~3
                if o + message <= count { if o == offset { out.append(.gryphon) }; o += message } else {
                    st.inPDU = true; st.missing = o + message - count; st.items = (.gryphon, .none, .none); break
                }
            }
        case .ssh:
            // SSH (RFC 4253): a version line, then binary packets (32-bit length first) in clear text
            // until NEWKEYS (message 21); after that each segment is shown as encrypted `ssh`. The ssh
            // node appears in every frame where the dissector is called, even for an incomplete packet.
            st.application = .ssh
            var o = offset
            if st.sshPhase == 0 {
                guard HTTPMessageHeadView.hasPrefix(payload, at: o, "SSH-") else { out.append(.ssh); return out }
                st.sshPhase = HTTPMessageHeadView.hasPrefix(payload, at: o, "SSH-1.") && !HTTPMessageHeadView.hasPrefix(payload, at: o, "SSH-1.99") ? 2 : 1
                guard let lineEnd = HTTPMessageHeadView.find(payload, "\n", from: o) else { out.append(.ssh); return out }
                o = lineEnd + 1
            }
            while st.sshPhase == 1 && o < count {
                guard count - o >= 6 else { st.sshPhase = 2; break }
                let length = Int(payload.loadBigEndian(UInt32.self, at: o))
                guard length >= 2 && length <= 35_000 else { st.sshPhase = 2; break }
                let packet = 4 + length
                if o + packet <= count {
                    if payload.byte(o + 5) == 21 { st.sshPhase = 2 }      // NEWKEYS: encrypted from here
                    o += packet
                } else {
                    st.inPDU = true; st.missing = o + packet - count; st.items = (.ssh, .none, .none)
                    if payload.byte(o + 5) == 21 { st.sshPhase = 2 }
                    break
                }
            }
            out.append(.ssh)
        case .whois:
            st.application = .whois
            if p.destinationPort == 43 { out.append(.whois) } else if p.tcpFlags.contains(.fin) {
                out.append(.whois)
            } else {
                // The answer runs until the server closes the connection.
                st.inPDU = true; st.untilFIN = true; st.items = (.whois, .none, .none)
            }
        default:
            return offset == 0 ? p.stack : out
        }
        return out
    }
}
