import PacketDecoding

/// Wireshark's TCP PDU reassembly as the protocol tree shows it: for each TCP segment, which
/// application protocols its frame carries given what came before on its stream (retransmissions end
/// at `tcp`; a PDU spanning segments is shown once, in the frame that completes it, followed by
/// `tcp.segments`). Kept per stream direction, indexed by the conversation table's stream number.
/// The protocol hierarchy counts the stacks this returns.
struct TCPPDUReassembly {
    /// One TCP direction as Wireshark's reassembly sees it.
    struct DirectionState {
        // Widest fields first, the small counters in bytes and the flags in one bit set: 32 bytes a
        // direction (two per TCP stream), which FlowStateSizeTests holds.
        /// Bytes still missing from it (when its length is known).
        var missing = 0
        /// Gryphon: the first bytes of a PDU header that is not complete yet (big-endian, in order).
        var headerBytes: UInt64 = 0
        /// Wireshark's `nextseq`: the next sequence number expected.
        var nextSequence: UInt32 = 0
        /// The application of the direction's PDUs (set by the first recognised segment).
        var application = ProtocolID.none
        /// The nodes the completing frame shows for it (before `tcp.segments`).
        var items: (ProtocolID, ProtocolID, ProtocolID) = (.none, .none, .none)
        /// The method of this direction's last request when it decides whether the answer has a body:
        /// 1 for HEAD, 2 for CONNECT, else 0.
        var lastMethod: UInt8 = 0
        /// Gryphon: how many of `headerBytes` are filled (0...8).
        var headerCount: UInt8 = 0
        /// SSH: 0 before the version line, 1 for clear-text binary packets, 2 once encrypted (after
        /// this direction's NEWKEYS, or for SSH-1).
        var sshPhase: UInt8 = 0
        /// The yes/no facts below, one bit each.
        private var flags: UInt16 = 0

        @inline(__always) private func flag(_ bit: UInt16) -> Bool { flags & bit != 0 }
        @inline(__always) private mutating func setFlag(_ bit: UInt16, _ on: Bool) {
            if on { flags |= bit } else { flags &= ~bit }
        }

        /// `nextSequence` holds a value.
        var hasNext: Bool {
            get { flag(1 << 0) }
            set { setFlag(1 << 0, newValue) }
        }
        /// A PDU started in an earlier segment and is not complete yet.
        var inPDU: Bool {
            get { flag(1 << 1) }
            set { setFlag(1 << 1, newValue) }
        }
        /// The pending PDU lasts until the direction's FIN (an HTTP body without a length, a whois answer).
        var untilFIN: Bool {
            get { flag(1 << 2) }
            set { setFlag(1 << 2, newValue) }
        }
        /// The pending PDU is a chunked HTTP body.
        var chunked: Bool {
            get { flag(1 << 3) }
            set { setFlag(1 << 3, newValue) }
        }
        /// The pending PDU's HTTP head is not complete yet.
        var headPending: Bool {
            get { flag(1 << 4) }
            set { setFlag(1 << 4, newValue) }
        }
        /// An HTTP message head was seen in this direction.
        var sawHTTPHead: Bool {
            get { flag(1 << 5) }
            set { setFlag(1 << 5, newValue) }
        }
        /// The pending PDU started with an HTTP head.
        var heldHead: Bool {
            get { flag(1 << 6) }
            set { setFlag(1 << 6, newValue) }
        }
        /// An HTTP request was seen in this direction (`packet-http.c`'s `conv_data->request_uri`:
        /// from then on the connection is known to be HTTP).
        var sawHTTPRequest: Bool {
            get { flag(1 << 7) }
            set { setFlag(1 << 7, newValue) }
        }
        /// HTTP data without a line end held for desegmentation (`packet-http.c` asks for one more
        /// segment until the first line is complete).
        var lineSearch: Bool {
            get { flag(1 << 8) }
            set { setFlag(1 << 8, newValue) }
        }
        /// The held bytes hold a colon.
        var heldColon: Bool {
            get { flag(1 << 9) }
            set { setFlag(1 << 9, newValue) }
        }
        /// The held bytes end with a CR (a line end once any byte follows it).
        var heldCR: Bool {
            get { flag(1 << 10) }
            set { setFlag(1 << 10, newValue) }
        }
    }
    /// Per TCP stream (`FlowRef.stream`), two directions: `2 * stream` from A to B, `2 * stream + 1`
    /// back (a new stream on reused ports starts fresh, as its SYN would reset the direction anyway).
    var directions: [DirectionState] = []

    /// What the last segment did with HTTP message heads, for the expert's request/response lines:
    /// `packet-http.c` raises the line's chat item when the message is dissected, so in the frame that
    /// completes it, and never for a message whose reassembly does not complete.
    struct HTTPHeadEvent {
        /// The reassembly decided this segment (false: a segment it does not follow, such as one past
        /// the conversation table's cap).
        var decided = false
        /// A head starting in this segment is dissected in it.
        var headNow = false
        /// A head starting in this segment waits for later segments.
        var headHeld = false
        /// A held head's message completes in this segment.
        var completedHeld = false
        /// Data that starts no message is dissected as HTTP from this segment's start (its header-like
        /// lines are checked as headers).
        var continuationNow = false
        /// The stream direction (`2 * stream`, plus 1 from B to A).
        var slot = 0
    }
    var httpEvent = HTTPHeadEvent()

    /// The frame's protocols as Wireshark's tree shows them, given what came before on its TCP stream.
    ///
    /// - Retransmitted and out-of-order segments (payload starting before the direction's next expected
    ///   sequence number) are not handed to any dissector (`tcp.no_subdissector_on_error`): they end at `tcp`.
    /// - HTTP, TLS and DNS PDUs that span segments are dissected once, in the frame that completes them
    ///   (`tcp.desegment_tcp_streams`): earlier frames end at `tcp` (TLS still shows `tls` in the frame
    ///   where a record starts), and the completing frame shows the PDU's nodes then `tcp.segments`.
    @inline(__always)
    mutating func stackSeenByWireshark(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) -> ProtocolStack {
        httpEvent = HTTPHeadEvent()
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
        httpEvent.decided = true; httpEvent.slot = slot
        if st.hasNext {
            let before = Int32(bitPattern: p.sequenceNumber &- st.nextSequence) < 0
            // Bytes missing before this segment: a PDU pending across the gap is abandoned, and this
            // segment is dissected as the start of a new one.
            if Int32(bitPattern: p.sequenceNumber &- st.nextSequence) > 0 && length > 0 {
                st.inPDU = false; st.untilFIN = false; st.chunked = false; st.headPending = false; st.headerCount = 0;
                st.lineSearch = false; st.heldHead = false
            }
            let keepAlive = length <= 1 && p.sequenceNumber == st.nextSequence &- 1
            if Int32(bitPattern: end &- st.nextSequence) > 0 { st.nextSequence = end }
            if length > 0 && before && !keepAlive { return p.stack.prefix(through: .tcp) }
        } else {
            st.nextSequence = end; st.hasNext = true
        }
        // A RST's data is its reset cause text, whatever the stream carried before: no dissector.
        guard !f.contains(.rst) else { return p.stack.prefix(through: .tcp) }
        guard p.payloadOffset + p.payloadLength <= bytes.count else { return p.stack }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[p.payloadOffset ..< p.payloadOffset + p.payloadLength])
        // The peer's state matters only to HTTP continuation data: looked up only then.
        let mayBeHTTP = p.application == .http || ((p.application == .data || p.application == .none) && st.application == .http)
        let peerSawRequest = mayBeHTTP && directions[reverse].sawHTTPRequest
        let peerMethod = mayBeHTTP ? directions[reverse].lastMethod : 0
        if p.payloadLength < p.payloadWireLength {
            // A segment cut by the snaplen cannot be reassembled (`packet-tcp.c` clears `can_desegment`):
            // a PDU pending before it never completes. HTTP still dissects its captured bytes on their
            // own, and its data dissector, reading the whole segment, runs past them (`_ws.short`);
            // other protocols end at `tcp` (no capture checked shows otherwise).
            guard p.payloadLength > 0 else { return p.stack.prefix(through: .tcp) }
            st.inPDU = false; st.untilFIN = false; st.chunked = false; st.headPending = false; st.headerCount = 0
            st.lineSearch = false; st.heldHead = false
            var out = p.stack.prefix(through: .tcp)
            // A head is dissected there too (its line's chat item); its nodes are not modelled.
            if mayBeHTTP && ApplicationClassifier.startsWithHTTP(payload) { httpEvent.headNow = true }
            if mayBeHTTP && !ApplicationClassifier.startsWithHTTP(payload)
                && Self.httpContinuation(payload, &st, peerSawRequest: peerSawRequest, canHold: false, event: &httpEvent) == .shown
            {
                out.append(.http); out.append(.short)
            }
            return out
        }
        return Self.reassemble(p, payload, &st, peerSawRequest: peerSawRequest, peerMethod: peerMethod, event: &httpEvent)
    }

    /// What `packet-http.c` (`dissect_http_message`) does with data at a message boundary that does not
    /// start a request or response.
    enum HTTPContinuation { case shown, notHTTP, held }

    /// - A leading CRLF is skipped (RFC 2616's robustness rule).
    /// - A first byte that is not printable ASCII: "Continuation" (`http`) once a request was seen on
    ///   the connection, otherwise nothing.
    /// - No line end (LF, or a CR with a byte after it): the segment is held for desegmentation until a
    ///   later one completes the first line (`held`, when the segment can be reassembled).
    /// - Otherwise `http` when a request was seen on the connection, or when the first line looks like a
    ///   header (a colon) or is empty; else nothing.
    /// - A first line that `is_http_request_or_reply` accepts (a method of its longer list, WebDAV's
    ///   `PROPFIND` and the like, that our classifier does not know) is shown as `http` too.
    static func httpContinuation(
        _ data: UnsafeRawBufferPointer, _ st: inout DirectionState, peerSawRequest: Bool,
        canHold: Bool, event: inout HTTPHeadEvent
    ) -> HTTPContinuation {
        let seen = st.sawHTTPRequest || peerSawRequest
        var o = 0
        if data.count > 3 && data.byte(0) == 0x0D && data.byte(1) == 0x0A { o = 2 }
        guard o < data.count else { return seen ? .shown : .notHTTP }
        let first = data.byte(o)
        guard first >= 0x20 && first < 0x7F else { return seen ? .shown : .notHTTP }
        var i = o, colon = false
        while i < data.count {
            let b = data.byte(i)
            if b == 0x0A || (b == 0x0D && i + 1 < data.count) { break }
            if b == 0x3A { colon = true }
            i += 1
        }
        let start = startLine(data, from: o, to: i)
        if start == .request { st.sawHTTPRequest = true }
        if i == data.count && canHold { return .held }
        // A start line our head parser did not take (a method only Wireshark's list has): the message
        // is dissected here, with its line's chat item.
        if start != .other && o == 0 { event.headNow = true }
        let shown = seen || colon || i == o || start != .other
        if shown && start == .other { event.continuationNow = true }
        return shown ? .shown : .notHTTP
    }

    enum StartLine { case request, response, other }

    /// `packet-http.c`'s `is_http_request_or_reply` on the line `data[from ..< to]`: an optional `M-`
    /// prefix (RFC 2774), then `HTTP/` or `ICY` (a response) or one of its methods before the first space.
    static func startLine(_ data: UnsafeRawBufferPointer, from: Int, to: Int) -> StartLine {
        var o = from
        if to - o >= 2 && data.byte(o) == 0x4D && data.byte(o + 1) == 0x2D { o += 2 }
        if HTTPMessageHeadView.hasPrefix(data, at: o, "HTTP/") && to - o >= 5 { return .response }
        if HTTPMessageHeadView.hasPrefix(data, at: o, "ICY") && to - o >= 3 { return .response }
        var e = o
        while e < to && data.byte(e) != 0x20 { e += 1 }
        let n = e - o
        guard n >= 3 && n <= 16 else { return .other }
        var token = [UInt8](repeating: 0, count: n)
        for k in 0 ..< n { token[k] = data.byte(o + k) }
        return httpMethods.contains(token) ? .request : .other
    }

    /// The request (and GENA notification) methods `is_http_request_or_reply` accepts in Wireshark 4.0.
    static let httpMethods: Set<[UInt8]> = Set(
        [
            "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "PATCH",
            "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT",
            "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND",
            "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "RPC_CONNECT", "RPC_IN_DATA", "UNSUBSCRIBE",
            "RPC_OUT_DATA", "VERSION-CONTROL", "BASELINE-CONTROL", "SSTP_DUPLEX_POST",
        ].map { Array($0.utf8) })

    @inline(__always)
    static func append(_ items: (ProtocolID, ProtocolID, ProtocolID), to out: inout ProtocolStack) {
        if items.0 != .none { out.append(items.0) }     // a tuple, not an array: no allocation per frame
        if items.1 != .none { out.append(items.1) }
        if items.2 != .none { out.append(items.2) }
    }

    static func reassemble(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ st: inout DirectionState,
        peerSawRequest: Bool, peerMethod: UInt8, event: inout HTTPHeadEvent
    ) -> ProtocolStack {
        var out = p.stack.prefix(through: .tcp)
        var offset = 0
        let count = payload.count
        if st.inPDU {
            var done = -1                          // where the PDU ends in this segment, if it does
            if st.lineSearch {
                // The held first line completes with this segment's first line end; the reassembled data
                // is dissected as one continuation, which takes the whole segment.
                var i = 0
                if !st.heldCR {
                    while i < count {
                        let b = payload.byte(i)
                        if b == 0x0A || (b == 0x0D && i + 1 < count) { break }
                        if b == 0x3A { st.heldColon = true }
                        i += 1
                    }
                }
                guard i < count else {
                    st.heldCR = count > 0 && payload.byte(count - 1) == 0x0D
                    return out
                }
                let shown = st.sawHTTPRequest || peerSawRequest || st.heldColon
                st.items = (shown ? .http : .none, .none, .none)
                st.lineSearch = false
                done = count
            } else if st.untilFIN {
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
            st.inPDU = false; st.untilFIN = false; st.chunked = false; st.headPending = false; st.lineSearch = false
            if st.heldHead { event.completedHeld = true; st.heldHead = false }
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
                    if offset == 0 { st.heldHead = true; event.headHeld = true }
                    return out
                }
                var startEvent = HTTPHeadEvent()
                let outcome = httpContinuation(rest, &st, peerSawRequest: peerSawRequest, canHold: true, event: &startEvent)
                if offset == 0 && startEvent.headNow { event.headNow = true }
                if offset == 0 && startEvent.continuationNow { event.continuationNow = true }
                switch outcome {
                case .shown: out.append(.http)
                case .notHTTP: break
                case .held:
                    st.inPDU = true; st.lineSearch = true; st.heldCR = rest.byte(rest.count - 1) == 0x0D
                    st.heldColon = HTTPMessageHeadView.find(rest, ":") != nil
                }
                return out
            }
            st.sawHTTPHead = true
            let isResponse = HTTPMessageHeadView.hasPrefix(rest, at: 0, "HTTP/")
            if !isResponse {
                st.sawHTTPRequest = true
                st.lastMethod =
                    HTTPMessageHeadView.hasPrefix(rest, at: 0, "HEAD ")
                    ? 1
                    : HTTPMessageHeadView.hasPrefix(rest, at: 0, "CONNECT ") ? 2 : 0
            }
            // packet-http.c: no body follows the answer to a HEAD request, nor a 2xx answer to CONNECT.
            var body = head.body
            if isResponse && (peerMethod == 1 || (peerMethod == 2 && rest.count > 9 && rest.byte(9) == 0x32)) { body = .none }
            var (b1, b2) = head.bodyProtocols
            // An HTML body that opens with an XML declaration (XHTML) is shown as `xml`.
            if b1 == .dataTextLines && HTTPMessageHeadView.hasPrefix(rest, at: head.headLength, "<?xml") { (b1, b2) = (.xml, .none) }
            let items = (ProtocolID.http, b1, b2)
            let available = rest.count - head.headLength
            defer {
                // Only a head at the start of the segment is the one the expert's line scanner reads.
                if offset == 0 {
                    if st.inPDU { st.heldHead = true; event.headHeld = true } else { event.headNow = true }
                }
            }
            switch body {
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
