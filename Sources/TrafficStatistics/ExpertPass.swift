import PacketDecoding
import Support

/// Expert information, first cut: the TCP connection items every scan produces, the closing notes,
/// HTTP request/response lines, Ethernet trailers and malformed packets, with Wireshark's texts.
///
/// Rows are keyed by a compact `ExpertKey` (no per-packet string); texts are built in `finish()`.
public struct ExpertPass {
    /// What identifies one aggregated row without building its text.
    enum ExpertKey: Hashable {
        case synRequest(port: UInt16)
        case synAcknowledge(port: UInt16)
        case reset
        case finish
        case closingInitiator
        case closingUndergoer
        case trailer
        case malformed(Layer)
        case httpLine(Int32)          // index into `httpLines`
        case analysis(TCPAnalysisFlags)   // one flag
        case duplicateACK(UInt32)
        case ackNonzeroWithoutACKFlag
        case urgentPointerWithoutURGFlag
        case mssOnNonSYN
        case mssMissingOnSYN
        case windowScaleTooLarge
        case duplicateSACK
        case ssdpLine(Int32)          // index into `httpLines`
        case lowTimeToLive(UInt8)
        case dnsQueryRetransmission(DNSFamily, original: Int)
        case dnsResponseRetransmission(DNSFamily, original: Int)
        case traceroute(hop: UInt8, attempt: UInt8)
        case groupSourceMAC
        case badChecksum(Layer, expected: UInt16)
        case sshHostSignature(decoded: Int, length: Int)
        case httpBadHeaderName
        case malformedTelnet
        case malformedNTP
    }
    struct Row { var key: ExpertKey; var count: Int; var firstFrame: Int; var frames: [Int] }

    static let framesKept = 64
    var rows: [Row] = []
    var index: [ExpertKey: Int] = [:]
    /// Distinct HTTP lines kept as their own rows; further ones share one row (a hostile capture can
    /// make every request line unique).
    static let httpLinesKept = 10_000
    var httpLines: [String] = []
    var httpLineIndex: [String: Int32] = [:]
    /// HTTP lines by a hash of their bytes, so a repeated request line costs no String (checked
    /// against the stored text on a hit).
    var httpLineHashes: [UInt64: Int32] = [:]
    /// The line of a message head whose reassembly is pending, by stream direction (at most one per
    /// direction: bounded by the conversation table).
    var heldHTTPLines: [Int: Int32] = [:]
    /// Per TCP conversation: which side sent the first FIN (1 = lower endpoint, 2 = higher), 0 none.
    /// An open-addressing `FlowMap` (one entry per closed conversation: no SipHash, no `Dictionary`
    /// buckets of 56-byte keys on flow-heavy captures); a reset stores 0.
    var closing = FlowMap<UInt8>()
    /// Wireshark's TCP sequence analysis, per conversation and direction.
    var sequence = TCPSequenceAnalysis()
    /// The analysis of the current TCP segment (empty for other packets).
    var currentAnalysis = TCPSegmentAnalysis()
    /// DNS transactions per UDP conversation and ID, for the retransmission items.
    var dnsTransactions: [DNSTransactionKey: DNSTransaction] = [:]
    /// Per TCP stream (`FlowRef.stream`): data segments, retransmissions, zero windows by side.
    var tallies: [TCPTally] = []
    /// SSH key exchanges, for the host-signature item.
    var ssh = SSHKeyExchangeTracker()

    var options = AnalysisOptions()
    /// Every (frame, row) pair, kept only with `options.expertFramesInDetail`.
    var occurrences: [(frame: Int32, row: Int32)] = []

    public init() {}
    public init(options: AnalysisOptions) { self.options = options }

    @inline(__always)
    mutating func add(_ key: ExpertKey, frame: Int) {
        let row: Int
        if let i = index[key] {
            rows[i].count += 1
            if rows[i].frames.count < Self.framesKept { rows[i].frames.append(frame) }
            row = i
        } else {
            row = rows.count
            index[key] = rows.count
            rows.append(Row(key: key, count: 1, firstFrame: frame, frames: [frame]))
        }
        if options.expertFramesInDetail { occurrences.append((Int32(clamping: frame), Int32(clamping: row))) }
    }

    /// - Parameter bytes: the frame's bytes (valid only during the call), for the HTTP line.
    /// - Parameter flow: the frame's TCP/UDP stream, as `ConversationsPass.observe` returned it.
    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) {
        observe(p, bytes: bytes, flow: flow, http: nil)
    }

    /// - Parameter http: what the hierarchy's TCP reassembly did with this segment's HTTP heads; the
    ///   request/response line is then counted in the frame that completes its message, and not at all
    ///   for a message that never completes (nil: counted in the frame where the line starts).
    mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef, http: TCPPDUReassembly.HTTPHeadEvent?) {
        if p.hasEthernet && p.trailerLength > 0 && !p.trailerIsZero && Self.paddingIsNotZeros(p, bytes) {
            add(.trailer, frame: p.frameNumber)
        }
        if p.isTCP {
            let f = p.tcpFlags
            observeTCPHeader(p)
            observeSequence(p, flow: flow)
            if f.contains(.syn) {
                if f.contains(.ack) { add(.synAcknowledge(port: p.sourcePort), frame: p.frameNumber) } else {
                    add(.synRequest(port: p.destinationPort), frame: p.frameNumber)
                }
            }
            if f.contains(.fin) {
                add(.finish, frame: p.frameNumber)
                let s = Endpoint(p.ipSource, p.sourcePort), d = Endpoint(p.ipDestination, p.destinationPort)
                let key = ConversationKey(s, d)
                // Wireshark 4.0: a FIN initiates the closing unless the other side already did (then it
                // undergoes it); every FIN counts, retransmitted ones included.
                let side: UInt8 = s == key.a ? 1 : 2, other: UInt8 = side == 1 ? 2 : 1
                let i = closing.index(of: key) { 0 }
                let initiators = closing.values[i]
                if initiators & other == 0 {
                    closing.values[i] = initiators | side; add(.closingInitiator, frame: p.frameNumber)
                } else {
                    add(.closingUndergoer, frame: p.frameNumber)
                }
            }
            if f.contains(.rst) { add(.reset, frame: p.frameNumber) }
            // tcp.no_subdissector_on_error (TRUE by default): retransmitted and out-of-order segments
            // are not handed to HTTP, so they raise no request/response line.
            let resent: TCPAnalysisFlags = [.retransmission, .fastRetransmission, .spuriousRetransmission, .outOfOrder]
            if let http, http.decided {
                if http.completedHeld, let id = heldHTTPLines.removeValue(forKey: http.slot) {
                    add(.httpLine(id), frame: p.frameNumber)
                }
                if http.continuationNow && currentAnalysis.flags.isDisjoint(with: resent) { observeHTTPContinuation(p, bytes) }
                if (http.headNow || http.headHeld) && p.payloadLength > 0 && currentAnalysis.flags.isDisjoint(with: resent),
                    let id = httpLineID(p, bytes)
                {
                    if http.headNow { add(.httpLine(id), frame: p.frameNumber) } else { heldHTTPLines[http.slot] = id }
                }
            } else if p.application == .http && p.payloadLength > 0 && currentAnalysis.flags.isDisjoint(with: resent) {
                observeHTTP(p, bytes)
            }
            if p.application == .telnet && p.stack.last == .malformed && currentAnalysis.flags.isDisjoint(with: resent) {
                add(.malformedTelnet, frame: p.frameNumber)
            }
            if p.application == .ssh && p.payloadLength > 0 && currentAnalysis.flags.isDisjoint(with: resent) {
                observeSSH(p, bytes, flow: flow)
            }
            observeSACK(p, bytes)
        }
        observeEthernet(p)
        if options.checksumChecks { observeChecksums(p, bytes) }
        observeIP(p)
        observeTraceroute(p)
        observeDNS(p, bytes)
        // An NTP datagram shorter than its 48-byte header makes packet-ntp.c throw (the decoder marks it).
        if p.isUDP && p.application == .ntp && p.stack.last == .malformed { add(.malformedNTP, frame: p.frameNumber) }
        observeICMP(p)
        if p.isUDP && p.application == .ssdp && p.payloadLength > 0 { observeHTTP(p, bytes) }
        if p.isMalformed, let issue = p.issue { add(.malformed(issue.layer), frame: p.frameNumber) }
    }

    mutating func observeHTTP(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) {
        guard let id = httpLineID(p, bytes) else { return }
        add(p.isUDP ? .ssdpLine(id) : .httpLine(id), frame: p.frameNumber)
    }

    /// HTTP data dissected on its own that starts no message: `packet-http.c` still reads it a line at
    /// a time while the lines look like headers (a colon; an empty line or a line without one ends the
    /// loop), and a header whose name is empty or has a character outside RFC 7230's `tchar` (as its
    /// `is_token_char` spells it) raises "Illegal characters found in header name".
    mutating func observeHTTPContinuation(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) {
        let data = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        var o = data.count > 3 && data.byte(0) == 0x0D && data.byte(1) == 0x0A ? 2 : 0
        var lines = 0
        while o < data.count && lines < 4096 {
            lines += 1
            var e = o, colon = -1
            while e < data.count && data.byte(e) != 0x0A && data.byte(e) != 0x0D {
                if colon < 0 && data.byte(e) == 0x3A { colon = e }
                e += 1
            }
            guard e > o, colon >= 0 else { return }  // an empty line, or one that is no header
            var valid = colon > o
            for i in o ..< colon where !Self.isTokenCharacter(data.byte(i)) { valid = false; break }
            if !valid { add(.httpBadHeaderName, frame: p.frameNumber) }
            // The line ends with CR LF, CR or LF.
            if e < data.count && data.byte(e) == 0x0D && e + 1 < data.count && data.byte(e + 1) == 0x0A { e += 1 }
            o = e + 1
        }
    }

    /// `packet-http.c`'s `is_token_char`: letters, digits and ``!#$%&\:*+-.^_`|~``.
    static func isTokenCharacter(_ c: UInt8) -> Bool {
        switch c {
        case 0x30 ... 0x39, 0x41 ... 0x5A, 0x61 ... 0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x5C, 0x3A, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// The row of the HTTP/SSDP line that starts the payload (nil: no line there).
    mutating func httpLineID(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        let payload = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        guard let end = HTTPLineScanner.firstLineLength(payload) else { return nil }
        let raw = payload.bytes(upTo: end)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325           // FNV-1a over the line's bytes
        for b in raw { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let id: Int32
        if let known = httpLineHashes[hash], Self.sameLine(httpLines[Int(known)], raw) { id = known } else {
            // Wireshark formats expert texts in a 240-byte label buffer: at most 239 characters survive.
            // Passwords in the request line (`?password=`) are masked first, so guesses that differ
            // only in the password share one row (a masked line never equals its raw bytes, so the
            // hash shortcut misses for it and the lookup by text finds the row).
            let line = String((String(decoding: CredentialMask.masked([UInt8](raw)), as: UTF8.self) + "\\r\\n").prefix(239))
            if let existing = httpLineIndex[line] { id = existing } else if httpLines.count >= Self.httpLinesKept {
                id = -1         // one row for every further distinct line: memory stays bounded
            } else {
                id = Int32(httpLines.count); httpLines.append(line); httpLineIndex[line] = id
            }
            if id >= 0 && httpLineHashes[hash] == nil { httpLineHashes[hash] = id }
        }
        return id
    }

    /// True when `text` is the stored form of `raw` (its bytes plus the `\\r\\n` suffix, uncut).
    static func sameLine(_ text: String, _ raw: UnsafeRawBufferPointer) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == raw.count + 4 else { return false }
        var i = utf8.startIndex
        for b in raw {
            if utf8[i] != b { return false }
            i = utf8.index(after: i)
        }
        return true
    }

    public func finish() -> ExpertInformation {
        let items = rows.map { row -> ExpertItem in
            let (severity, group, proto, summary) = describe(row.key)
            return ExpertItem(severity: severity, group: group, protocolName: proto, summary: summary,
                              count: row.count, firstFrame: row.firstFrame, frames: row.frames)
        }
        // tshark lists by severity, each in order of first occurrence (stable sort keeps it).
        let order = items.indices.sorted { l, r in
            items[l].severity != items[r].severity ? items[l].severity < items[r].severity : l < r
        }
        var information = ExpertInformation(items: order.map { items[$0] })
        information.detailed = options.expertFramesInDetail
        information.tcpHealth = conversationHealth()
        if options.expertFramesInDetail {
            var position = [Int](repeating: 0, count: order.count)
            for (newIndex, oldIndex) in order.enumerated() { position[oldIndex] = newIndex }
            information.perPacket = occurrences.map { ExpertOccurrence(frame: Int($0.frame), item: position[Int($0.row)]) }
        }
        return information
    }

    func describe(_ key: ExpertKey) -> (ExpertSeverity, ExpertGroup, String, String) {
        switch key {
        case let .synRequest(port): (.chat, .sequence, "TCP", "Connection establish request (SYN): server port \(port)")
        case let .synAcknowledge(port): (.chat, .sequence, "TCP", "Connection establish acknowledge (SYN+ACK): server port \(port)")
        case .reset: (.warning, .sequence, "TCP", "Connection reset (RST)")
        case .finish: (.chat, .sequence, "TCP", "Connection finish (FIN)")
        case .closingInitiator: (.note, .sequence, "TCP", "This frame initiates the connection closing")
        case .closingUndergoer: (.note, .sequence, "TCP", "This frame undergoes the connection closing")
        case .trailer: (.note, .protocolAnomaly, "Ethertype",
                        "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.")
        case let .malformed(layer): (.error, .malformed, Self.protocolName(layer), "Malformed Packet (Exception occurred)")
        case let .httpLine(id): (.chat, .sequence, "HTTP", httpLineText(id))
        case .httpBadHeaderName: (.warning, .protocolAnomaly, "HTTP", "Illegal characters found in header name")
        case .malformedTelnet: (.error, .malformed, "TELNET", "Malformed Packet (Exception occurred)")
        case .malformedNTP: (.error, .malformed, "NTP", "Malformed Packet (Exception occurred)")
        case let .ssdpLine(id): (.chat, .sequence, "SSDP", httpLineText(id))
        case let .analysis(flag):
            { let (severity, text) = Self.describeAnalysis(flag); return (severity, .sequence, "TCP", text) }()
        case let .duplicateACK(n): (.note, .sequence, "TCP", "Duplicate ACK (#\(n))")
        case .ackNonzeroWithoutACKFlag:
            (.note, .protocolAnomaly, "TCP", "The acknowledgment number field is nonzero while the ACK flag is not set")
        case .urgentPointerWithoutURGFlag:
            (.note, .protocolAnomaly, "TCP", "The urgent pointer field is nonzero while the URG flag is not set")
        case .mssOnNonSYN: (.warning, .protocolAnomaly, "TCP", "The non-SYN packet does contain a MSS option")
        case .mssMissingOnSYN: (.note, .protocolAnomaly, "TCP", "The SYN packet does not contain a MSS option")
        case .windowScaleTooLarge: (.warning, .protocolAnomaly, "TCP", "Window scale shift exceeds 14")
        case .duplicateSACK: (.warning, .sequence, "TCP", "D-SACK Sequence")
        case let .lowTimeToLive(ttl): (.note, .sequence, "IPv4", "\"Time To Live\" only \(ttl)")
        case let .dnsQueryRetransmission(family, original):
            (.warning, .protocolAnomaly, family.protocolName, "DNS query retransmission. Original request in frame \(original)")
        case let .dnsResponseRetransmission(family, original):
            (.warning, .protocolAnomaly, family.protocolName, "DNS response retransmission. Original response in frame \(original)")
        case let .traceroute(hop, attempt): (.chat, .sequence, "UDP", "Possible traceroute: hop #\(hop), attempt #\(attempt)")
        case let .badChecksum(layer, expected):
            (.error, .checksum, Self.protocolName(layer), "Bad checksum [should be 0x\(Self.hex4(expected))]")
        case let .sshHostSignature(decoded, length):
            (.warning, .protocolAnomaly, "SSH", "Decoded \(decoded) bytes, but packet legnth is \(length) bytes")
        case .groupSourceMAC:
            (.warning, .protocolAnomaly, "Ethernet", "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)")
        }
    }

    /// Wireshark assumes padding only in a frame of at least 60 bytes whose packet is shorter than that:
    /// the padding is the first `60 - (frame - trailer)` trailer bytes. Non-zero padding raises the note;
    /// bytes past the padding (an FCS, a tap's trailer) and trailers of short frames do not.
    static func paddingIsNotZeros(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard p.wireLength >= 60, p.capturedLength == p.wireLength, p.trailerLength <= bytes.count else { return false }
        let packetEnd = p.wireLength - p.trailerLength
        guard packetEnd < 60 else { return false }
        let padding = min(60 - packetEnd, p.trailerLength)
        let start = bytes.count - p.trailerLength
        for i in start ..< start + padding where bytes[i] != 0 { return true }
        return false
    }

    /// Four lower-case hex digits, as Wireshark prints a 16-bit checksum.
    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A kept HTTP/SSDP line, or the shared row for lines beyond `httpLinesKept`.
    func httpLineText(_ id: Int32) -> String {
        id >= 0 && Int(id) < httpLines.count ? httpLines[Int(id)]
            : "Further distinct HTTP lines (only the first \(Self.httpLinesKept) distinct lines are listed)"
    }

    static func protocolName(_ layer: Layer) -> String {
        switch layer {
        case .frame: "Frame"; case .ethernet: "Ethernet"; case .vlan: "802.1Q"; case .linuxSLL, .linuxSLL2: "SLL"
        case .loopback: "NULL"; case .arp: "ARP"; case .ipv4: "IPv4"; case .ipv6, .ipv6Extension: "IPv6"
        case .tcp: "TCP"; case .udp: "UDP"; case .icmp: "ICMP"; case .icmpv6: "ICMPv6"
        }
    }
}
