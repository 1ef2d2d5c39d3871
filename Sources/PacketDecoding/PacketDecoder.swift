/// Decodes one frame into a `DecodedPacket`, from the link layer up.
///
/// Every header is checked once by its view; the first `DecodeIssue` stops decoding and is stored in
/// the result with every layer decoded before it. Never traps, never allocates.
public enum PacketDecoder {
    /// - Parameters:
    ///   - bytes: the captured bytes (valid only for the duration of the call).
    ///   - wireLength: the frame's length on the wire, in bytes.
    ///   - hasComment: the capture file attaches a comment to this frame.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, linkType: LinkType, frameNumber: Int, timestamp: Int64, wireLength: Int,
        hasComment: Bool = false
    ) -> DecodedPacket {
        var fragments = IPFragmentTracker()
        return decode(bytes, linkType: linkType, frameNumber: frameNumber, timestamp: timestamp, wireLength: wireLength,
                      hasComment: hasComment, fragments: &fragments)
    }

    /// Decodes one frame, reassembling IP fragments across calls in `fragments` (Wireshark dissects a
    /// fragmented datagram's upper layers in the frame that completes it).
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, linkType: LinkType, frameNumber: Int, timestamp: Int64, wireLength: Int,
        hasComment: Bool = false, fragments f: inout IPFragmentTracker
    ) -> DecodedPacket {
        var packet = DecodedPacket()
        if hasComment { packet.stack.append(.packetComment) }   // Wireshark's tree: frame > pkt_comment > eth
        packet.frameNumber = frameNumber
        packet.timestamp = timestamp
        packet.capturedLength = bytes.count
        packet.wireLength = wireLength
        packet.linkType = linkType
        do {
            try decodeLink(bytes, linkType: linkType, into: &packet, &f)
        } catch {
            packet.issue = error
            if packet.isMalformed { packet.stack.append(.malformed) }
        }
        return packet
    }

    // MARK: link layer

    static func decodeLink(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        switch linkType {
        case .ethernet:
            p.stack.append(.eth)
            try decodeEthernet(bytes, into: &p, &f)
        case .null, .loop:
            p.stack.append(.null)
            guard bytes.count >= 4 else { throw .truncated(.loopback, needed: 4, available: bytes.count) }
            let big = bytes.loadBigEndian(UInt32.self, at: 0)
            let family = linkType == .loop ? big : (big > 0xFFFF ? big.byteSwapped : big)
            let rest = bytes.bytes(from: 4)
            switch family {
            case 2: try decodeIPv4(rest, base: 4, into: &p, &f)
            case 10, 24, 28, 30: try decodeIPv6(rest, base: 4, into: &p, &f)
            default: appendData(rest.count, into: &p)
            }
        case .ipv6:
            // LINKTYPE_IPV6: Wireshark's tree starts at ipv6 (no `raw` node).
            try decodeIPv6(bytes, base: 0, into: &p, &f)
        case .customBlock:
            appendData(bytes.count, into: &p)
        case .ieee80211Radiotap:
            p.stack.append(.radiotap)
            guard bytes.count >= 8 else { throw .truncated(.frame, needed: 8, available: bytes.count) }
            let length = Int(bytes.byte(2)) | Int(bytes.byte(3)) << 8        // little-endian
            guard length >= 8, bytes.count >= length else { throw .truncated(.frame, needed: max(length, 8), available: bytes.count) }
            p.stack.append(.wlanRadio)
            try decodeIEEE80211(bytes.bytes(from: length), base: length, into: &p, &f)
        case .raw, .rawDLT12, .rawDLT14, .ipv4:
            p.stack.append(.raw)
            guard bytes.count >= 1 else { throw .truncated(.ipv4, needed: 1, available: 0) }
            if bytes.byte(0) >> 4 == 6 { try decodeIPv6(bytes, base: 0, into: &p, &f) } else { try decodeIPv4(bytes, base: 0, into: &p, &f) }
        case .linuxSLL:
            p.stack.append(.sll)
            guard bytes.count >= 16 else { throw .truncated(.linuxSLL, needed: 16, available: bytes.count) }
            try decodeNetwork(EtherType(rawValue: bytes.loadBigEndian(UInt16.self, at: 14)), bytes.bytes(from: 16), base: 16, into: &p, &f)
        case .linuxSLL2:
            p.stack.append(.sll)
            guard bytes.count >= 20 else { throw .truncated(.linuxSLL2, needed: 20, available: bytes.count) }
            try decodeNetwork(EtherType(rawValue: bytes.loadBigEndian(UInt16.self, at: 0)), bytes.bytes(from: 20), base: 20, into: &p, &f)
        default:
            break
        }
    }

    /// IEEE 802.11 MAC header: frame control (type, subtype, To/From DS, Protected), then addresses;
    /// management frames are `wlan.mgt`, unprotected data frames carry LLC/SNAP.
    static func decodeIEEE80211(_ bytes: UnsafeRawBufferPointer, base: Int, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        p.stack.append(.wlan)
        guard bytes.count >= 2 else { throw .truncated(.frame, needed: 2, available: bytes.count) }
        let control = bytes.byte(0), flags = bytes.byte(1)
        let type = (control >> 2) & 3, subtype = control >> 4
        switch type {
        case 0:
            p.stack.append(.wlanMgt)
        case 2:
            if subtype & 0x4 != 0 { return }                      // Null data: no body
            var header = 24
            if flags & 0x03 == 0x03 { header += 6 }                // four addresses
            if subtype & 0x8 != 0 { header += 2 }                 // QoS control
            guard bytes.count >= header else { throw .truncated(.frame, needed: header, available: bytes.count) }
            let body = bytes.bytes(from: header)
            if flags & 0x40 != 0 { appendData(body.count, into: &p); return }   // protected: not decrypted
            if body.count >= 8 && body.byte(0) == 0xAA && body.byte(1) == 0xAA && body.byte(2) == 0x03 {
                p.stack.append(.llc)
                let type = EtherType(rawValue: body.loadBigEndian(UInt16.self, at: 6))
                if type == .eapol { p.stack.append(.eapol); return }
                try decodeNetwork(type, body.bytes(from: 8), base: base + header + 8, into: &p, &f)
            } else {
                appendData(body.count, into: &p)
            }
        default:
            break
        }
    }

    static func decodeEthernet(_ bytes: UnsafeRawBufferPointer, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        let ethernet = try EthernetHeaderView(validating: bytes)
        p.hasEthernet = true
        p.ethernetSource = ethernet.source
        p.ethernetDestination = ethernet.destination
        var type = ethernet.etherType
        var offset = EthernetHeaderView.length
        while type == .vlan || type == .qinq || type == .vlan9100 {
            p.stack.append(type == .qinq ? .ieee8021ad : .vlan)
            let tag = try VLANTagView(validating: bytes.bytes(from: offset))
            if p.vlanCount == 0 { p.outerVLANID = tag.identifier } else if p.vlanCount == 1 { p.innerVLANID = tag.identifier }
            p.vlanCount += 1
            type = tag.etherType
            offset += VLANTagView.length
        }
        p.etherType = type
        if type.rawValue <= 1500 {         // IEEE 802.3 length field: LLC follows
            p.stack.append(.llc)
            let llc = bytes.bytes(from: offset)
            guard llc.count >= 3 else { return }
            if llc.byte(0) == 0x42 && llc.byte(1) == 0x42 {
                p.stack.append(.stp)          // spanning tree BPDU
            } else if llc.byte(0) == 0xAA && llc.byte(1) == 0xAA && llc.count >= 8 && llc.byte(3) == 0 && llc.byte(4) == 0 && llc.byte(5) == 0 {
                // SNAP with an EtherType (OUI 00-00-00): the protocol follows directly under llc.
                try decodeNetwork(EtherType(rawValue: llc.loadBigEndian(UInt16.self, at: 6)), llc.bytes(from: 8),
                                  base: offset + 8, into: &p, &f)
            }
            return
        }
        try decodeNetwork(type, bytes.bytes(from: offset), base: offset, into: &p, &f)
    }

    static func decodeNetwork(_ type: EtherType, _ bytes: UnsafeRawBufferPointer, base: Int, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        p.etherType = type
        switch type {
        case .ipv4: try decodeIPv4(bytes, base: base, into: &p, &f)
        case .ipv6: try decodeIPv6(bytes, base: base, into: &p, &f)
        case .arp, .rarp:
            p.stack.append(.arp)
            let arp = try ARPPacketView(validating: bytes)
            p.isARP = true
            p.arpOperation = arp.operation
            if arp.isEthernetIPv4 {
                p.arpSenderMAC = arp.senderHardwareAddress; p.arpSenderIP = arp.senderProtocolAddress
                p.arpTargetMAC = arp.targetHardwareAddress; p.arpTargetIP = arp.targetProtocolAddress
            }
            noteTrailer(bytes.bytes(from: 8 + 2 * Int(bytes.byte(4)) + 2 * Int(bytes.byte(5))), into: &p)
        case .mplsUnicast, .mplsMulticast:
            p.stack.append(.mpls)
            var offset = 0
            while true {                 // 4-byte label stack entries up to the bottom-of-stack bit
                guard bytes.count >= offset + 4 else { throw .truncated(.ethernet, needed: offset + 4, available: bytes.count) }
                let bottom = bytes.byte(offset + 2) & 1 == 1
                offset += 4
                if bottom { break }
            }
            let rest = bytes.bytes(from: offset)
            switch rest.count > 0 ? rest.byte(0) >> 4 : 0 {
            case 4: try decodeIPv4(rest, base: base + offset, into: &p, &f)
            case 6: try decodeIPv6(rest, base: base + offset, into: &p, &f)
            default: appendData(rest.count, into: &p)
            }
        default:
            p.stack.append(.ethertype)
            appendData(bytes.count, into: &p)
        }
    }

    static func noteTrailer(_ trailer: UnsafeRawBufferPointer, into p: inout DecodedPacket) {
        guard p.hasEthernet, trailer.count > 0 else { return }
        p.trailerLength = trailer.count
        for i in 0 ..< trailer.count where trailer.byte(i) != 0 { p.trailerIsZero = false; break }
    }

    static func appendData(_ length: Int, into p: inout DecodedPacket) {
        if length > 0 { p.stack.append(.data) }
    }

    // MARK: network layer

    static func decodeIPv4(_ bytes: UnsafeRawBufferPointer, base: Int, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        p.stack.append(.ip)
        let ip = try IPv4HeaderView(validating: bytes)
        p.ipVersion = 4
        p.ipSource = ip.source; p.ipDestination = ip.destination
        p.timeToLive = ip.timeToLive
        p.ipIdentification = UInt32(ip.identification)
        p.ipHeaderLength = ip.headerLength
        p.ipTypeOfService = ip.typeOfService
        p.ipHeaderChecksum = ip.headerChecksum
        p.dontFragment = ip.dontFragment; p.moreFragments = ip.moreFragments; p.fragmentOffset = ip.fragmentOffset
        p.transport = ip.protocolNumber
        // Total length 0 (segmentation offload) or larger than captured: bounded by what is there.
        let total = ip.totalLength == 0 ? bytes.count : ip.totalLength
        p.ipTotalLength = total
        if total < bytes.count { noteTrailer(bytes.bytes(from: total), into: &p) }
        let payload = bytes.bytes(upTo: total).bytes(from: ip.headerLength)
        let payloadWire = total - ip.headerLength
        if p.isFragment {
            let done = f.add(source: ip.source, destination: ip.destination, identification: UInt32(ip.identification),
                             protocolNumber: ip.protocolNumber.rawValue, offset: p.fragmentOffset,
                             moreFragments: p.moreFragments, payload: payload, payloadWireLength: payloadWire)
            guard let (head, whole) = done else {
                p.isUnreassembledFragment = true
                appendData(payload.count, into: &p)
                return
            }
            // This fragment completes the datagram: its upper layers are dissected here, from the
            // kept head of the datagram, with the reassembled length on the wire.
            p.wireMoreFragments = p.moreFragments; p.wireFragmentOffset = p.fragmentOffset
            p.moreFragments = false; p.fragmentOffset = 0
            var issue: DecodeIssue?
            head.withUnsafeBytes { h in
                do { try decodeTransport(ip.protocolNumber, h, wireLength: whole, base: base + ip.headerLength, into: &p, &f) } catch let e as DecodeIssue { issue = e } catch {}
            }
            if let issue { throw issue }
            p.payloadOffset = 0; p.payloadLength = 0     // the payload is not in this frame's bytes
            return
        }
        try decodeTransport(ip.protocolNumber, payload, wireLength: payloadWire, base: base + ip.headerLength, into: &p, &f)
    }

    static func decodeIPv6(_ bytes: UnsafeRawBufferPointer, base: Int, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        p.stack.append(.ipv6)
        let ip = try IPv6HeaderView(validating: bytes)
        p.ipVersion = 6
        p.ipSource = ip.source; p.ipDestination = ip.destination
        p.timeToLive = ip.hopLimit
        p.ipTypeOfService = ip.trafficClass
        p.ipHeaderLength = IPv6HeaderView.length
        let total = IPv6HeaderView.length + ip.payloadLength
        p.ipTotalLength = total
        if total < bytes.count { noteTrailer(bytes.bytes(from: total), into: &p) }
        var next = ip.nextHeader
        var offset = IPv6HeaderView.length
        let bounded = bytes.bytes(upTo: total)
        // Extension headers: each names the next one; walk at most 8 of them.
        for _ in 0 ..< 8 {
            let id: ProtocolID
            switch next {
            case .hopByHop: id = .ipv6HopOpts
            case .routing: id = .ipv6Routing
            case .fragment: id = .ipv6Fragment
            case .destinationOptions: id = .ipv6DestOpts
            default: id = .none
            }
            if id == .none { break }
            // Wireshark 4.0 shows extension headers inside the ipv6 tree: no node of their own.
            let rest = bounded.bytes(from: offset)
            guard rest.count >= 8 else { throw .truncated(.ipv6Extension, needed: 8, available: rest.count) }
            let length = next == .fragment ? 8 : (Int(rest.byte(1)) + 1) * 8
            guard rest.count >= length else { throw .truncated(.ipv6Extension, needed: length, available: rest.count) }
            if next == .fragment {
                let field = rest.loadBigEndian(UInt16.self, at: 2)
                p.fragmentOffset = Int(field & 0xFFF8)
                p.moreFragments = field & 1 == 1
                p.ipIdentification = rest.loadBigEndian(UInt32.self, at: 4)
            }
            next = IPProtocol(rawValue: rest.byte(0))
            offset += length
        }
        p.ipHeaderLength = offset
        p.transport = next
        let payload = bounded.bytes(from: offset)
        let payloadWire = max(0, total - offset)
        if p.fragmentOffset > 0 || p.moreFragments {
            let done = f.add(source: ip.source, destination: ip.destination, identification: p.ipIdentification,
                             protocolNumber: next.rawValue, offset: p.fragmentOffset, moreFragments: p.moreFragments,
                             payload: payload, payloadWireLength: payloadWire)
            guard let (head, whole) = done else {
                p.isUnreassembledFragment = true
                appendData(payload.count, into: &p)
                return
            }
            p.wireMoreFragments = p.moreFragments; p.wireFragmentOffset = p.fragmentOffset
            p.moreFragments = false; p.fragmentOffset = 0
            var issue: DecodeIssue?
            head.withUnsafeBytes { h in
                do { try decodeTransport(next, h, wireLength: whole, base: base + offset, into: &p, &f) } catch let e as DecodeIssue { issue = e } catch {}
            }
            if let issue { throw issue }
            p.payloadOffset = 0; p.payloadLength = 0
            return
        }
        try decodeTransport(next, payload, wireLength: payloadWire, base: base + offset, into: &p, &f)
    }

    // MARK: transport layer

    static func decodeTransport(_ proto: IPProtocol, _ bytes: UnsafeRawBufferPointer, wireLength: Int, base: Int,
                                into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        // No payload at all (an IP-protocol scan's bare header): Wireshark adds no node for it.
        if bytes.count == 0 && wireLength <= 0 { return }
        switch proto {
        case .tcp:
            p.stack.append(.tcp)
            let tcp = try TCPHeaderView(validating: bytes)
            p.sourcePort = tcp.sourcePort; p.destinationPort = tcp.destinationPort
            p.tcpFlags = tcp.flags
            p.sequenceNumber = tcp.sequenceNumber; p.acknowledgmentNumber = tcp.acknowledgmentNumber
            p.windowSize = tcp.windowSize
            p.tcpHeaderLength = tcp.headerLength
            p.urgentPointer = tcp.urgentPointer
            p.transportChecksum = tcp.checksum
            try tcp.readOptions(into: &p)
            p.payloadOffset = base + tcp.headerLength
            p.payloadLength = max(0, bytes.count - tcp.headerLength)
            p.payloadWireLength = max(0, wireLength - tcp.headerLength)
            // A RST's data is shown as its "reset cause" text, never handed to a dissector (packet-tcp.c,
            // after RFC 1122 4.2.2.12): no application, so no node above `tcp` and no HTTP/SSH items.
            if p.payloadWireLength > 0 && p.fragmentOffset == 0 && !p.moreFragments && !tcp.flags.contains(.rst) {
                p.application = ApplicationClassifier.classify(tcp: true, p.sourcePort, p.destinationPort, bytes.bytes(from: tcp.headerLength))
                appendApplication(bytes.bytes(from: tcp.headerLength), into: &p)
            }
        case .udp:
            p.stack.append(.udp)
            let udp = try UDPHeaderView(validating: bytes)
            p.sourcePort = udp.sourcePort; p.destinationPort = udp.destinationPort
            p.udpLength = udp.length
            p.transportChecksum = udp.checksum
            guard udp.length >= 8 || p.isFragment else { throw .invalid(.udp, .lengthTooSmall) }
            let payloadWire = p.isFragment ? wireLength - 8 : min(udp.length, wireLength) - 8
            p.payloadOffset = base + 8
            p.payloadLength = max(0, min(bytes.count - 8, payloadWire))
            p.payloadWireLength = max(0, payloadWire)
            if p.payloadWireLength > 0 && !p.isFragment {
                let payload = bytes.bytes(from: 8).bytes(upTo: p.payloadLength)
                p.application = ApplicationClassifier.classify(tcp: false, p.sourcePort, p.destinationPort, payload)
                appendApplication(payload, into: &p)
                // An application dissector reading a datagram cut by the snaplen runs past the captured
                // bytes: Wireshark adds "[Packet size limited during capture]" (`_ws.short`).
                if p.capturedLength < p.wireLength && p.payloadLength < p.payloadWireLength
                    && p.application != .data && p.application != .none {
                    p.stack.append(.short)
                } else if p.application == .ntp && p.payloadWireLength < 48 {
                    p.stack.append(.malformed)             // an NTP message is at least 48 bytes
                }
            }
        case .icmp, .icmpv6:
            let layer: Layer = proto == .icmp ? .icmp : .icmpv6
            p.stack.append(proto == .icmp ? .icmp : .icmpv6)
            let icmp = try ICMPHeaderView(validating: bytes, layer: layer)
            p.icmpType = icmp.type; p.icmpCode = icmp.code
            p.icmpIdentifier = icmp.identifier; p.icmpSequence = icmp.sequenceNumber
            p.transportChecksum = icmp.checksum
            p.payloadOffset = base + ICMPHeaderView.length
            p.payloadLength = icmp.body.count
            p.payloadWireLength = max(0, wireLength - ICMPHeaderView.length)
            let isError = proto == .icmp ? [3, 4, 5, 11, 12].contains(icmp.type) : (1 ... 4).contains(icmp.type)
            // Echo data is a field of the icmp tree in Wireshark 4.0, not a `data` node.
            if isError {
                decodeQuoted(icmp.body, v6: proto == .icmpv6, into: &p)
                // RFC 4884: byte 5 gives the original datagram's length in 32-bit words. One that runs
                // past the message makes Wireshark's ICMP dissector throw ("[Malformed Packet: ICMP]").
                let words = Int(bytes.byte(5))
                if proto == .icmp && words > 0 && words * 4 > icmp.body.count { p.stack.append(.malformed) }
            }
        case .igmp:
            p.stack.append(.igmp)
        case .gre:
            p.stack.append(.gre)
            try decodeGRE(bytes, base: base, into: &p, &f)
        default:
            appendData(bytes.count, into: &p)
        }
    }

    /// The packet quoted in an ICMP error: addresses and ports for the analysis (never a new flow),
    /// and its protocols in the stack, as Wireshark's hierarchy shows them.
    static func decodeQuoted(_ bytes: UnsafeRawBufferPointer, v6: Bool, into p: inout DecodedPacket) {
        if !v6, let ip = try? IPv4HeaderView(validating: bytes) {
            p.hasQuoted = true
            p.quotedSource = ip.source; p.quotedDestination = ip.destination; p.quotedProtocol = ip.protocolNumber
            quotedTransport(ip.protocolNumber, bytes.bytes(from: ip.headerLength), into: &p)
        } else if v6, let ip = try? IPv6HeaderView(validating: bytes) {
            p.hasQuoted = true
            p.quotedSource = ip.source; p.quotedDestination = ip.destination; p.quotedProtocol = ip.nextHeader
            quotedTransport(ip.nextHeader, bytes.bytes(from: IPv6HeaderView.length), into: &p)
        }
    }

    static func quotedTransport(_ proto: IPProtocol, _ bytes: UnsafeRawBufferPointer, into p: inout DecodedPacket) {
        guard bytes.count >= 4 else { return }
        p.quotedSourcePort = bytes.loadBigEndian(UInt16.self, at: 0)
        p.quotedDestinationPort = bytes.loadBigEndian(UInt16.self, at: 2)
        // Wireshark 4.0's hierarchy shows no node for the quoted ip/udp/tcp headers (they sit inside the
        // icmp tree), but the quoted UDP payload does appear: as the application protocol recognised in
        // it, or as `data` when none is.
        if proto == .udp && bytes.count > 8 {
            let app = ApplicationClassifier.classify(tcp: false, p.quotedSourcePort, p.quotedDestinationPort, bytes.bytes(from: 8))
            if app != .none { p.stack.append(app) }
        }
    }

    /// GRE (RFC 2784/2890, and the enhanced GRE of PPTP, RFC 2637): optional checksum, key, sequence
    /// and acknowledgment words, then the payload named by the protocol type.
    static func decodeGRE(_ bytes: UnsafeRawBufferPointer, base: Int, into p: inout DecodedPacket, _ f: inout IPFragmentTracker) throws(DecodeIssue) {
        guard bytes.count >= 4 else { throw .truncated(.ipv4, needed: 4, available: bytes.count) }
        let flags = bytes.loadBigEndian(UInt16.self, at: 0)
        var length = 4
        if flags & 0x8000 != 0 { length += 4 }
        if flags & 0x2000 != 0 { length += 4 }
        if flags & 0x1000 != 0 { length += 4 }
        if flags & 0x0080 != 0 && flags & 0x7 == 1 { length += 4 }
        guard bytes.count >= length else { throw .truncated(.ipv4, needed: length, available: bytes.count) }
        let type = EtherType(rawValue: bytes.loadBigEndian(UInt16.self, at: 2))
        let rest = bytes.bytes(from: length)
        if type == .ppp {
            p.stack.append(.ppp)
            // PPP in HDLC-like framing may keep the FF 03 address/control bytes.
            var o = 0
            if rest.count >= 2 && rest.byte(0) == 0xFF && rest.byte(1) == 0x03 { o = 2 }
            guard rest.count >= o + 2 else { return }
            let protocolNumber = rest.loadBigEndian(UInt16.self, at: o)
            switch protocolNumber {
            case 0xC021: p.stack.append(.lcp)
            case 0x0021: try decodeIPv4(rest.bytes(from: o + 2), base: base + length + o + 2, into: &p, &f)
            case 0x0057: try decodeIPv6(rest.bytes(from: o + 2), base: base + length + o + 2, into: &p, &f)
            default: appendData(rest.count - o - 2, into: &p)
            }
        } else if type == .ipv4 || type == .ipv6 {
            try decodeNetwork(type, rest, base: base + length, into: &p, &f)
        } else {
            appendData(rest.count, into: &p)
        }
    }

    static func appendApplication(_ payload: UnsafeRawBufferPointer, into p: inout DecodedPacket) {
        let app = p.application
        if app == .none { return }
        p.stack.append(app)
        if app == .http && ApplicationClassifier.isTextualHTTPBody(payload) { p.stack.append(.dataTextLines) }
        if app == .ftp { p.stack.append(.ftpCurrentWorkingDirectory) }  // packet-ftp.c: on every FTP frame
        if app == .telnet && p.payloadLength == p.payloadWireLength && telnetCommandRunsPastEnd(payload) {
            p.stack.append(.malformed)
        }
    }

    /// `packet-telnet.c` reads a command's bytes without checking they are there (the dissector does
    /// not desegment): a segment that ends with IAC, with IAC WILL/WONT/DO/DONT or IAC SB before their
    /// option byte, or with an IAC inside a subnegotiation, makes it throw ("Malformed Packet").
    static func telnetCommandRunsPastEnd(_ data: UnsafeRawBufferPointer) -> Bool {
        let n = data.count
        var i = 0
        while i < n {
            guard data.byte(i) == 0xFF else { i += 1; continue }
            guard i + 1 < n else { return true }
            let command = data.byte(i + 1)
            switch command {
            case 0xFB ... 0xFE:  // WILL, WONT, DO, DONT: an option byte follows
                guard i + 2 < n else { return true }
                i += 3
            case 0xFA:  // SB: the option, then data up to IAC SE
                guard i + 2 < n else { return true }
                var j = i + 3
                while j < n {
                    if data.byte(j) == 0xFF {
                        guard j + 1 < n else { return true }
                        if data.byte(j + 1) == 0xF0 { break }
                        j += 2
                    } else {
                        j += 1
                    }
                }
                i = j + 2
            default:
                i += 2
            }
        }
        return false
    }
}
