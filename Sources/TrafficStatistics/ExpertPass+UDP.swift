import PacketDecoding

/// What identifies one DNS transaction: the UDP conversation and the message ID.
struct DNSTransactionKey: Hashable {
    var conversation: ConversationKey
    var identification: UInt16
    /// One mixed word (one hasher round per DNS message instead of one per field).
    func hash(into hasher: inout Hasher) { hasher.combine(conversation.hashWord ^ UInt64(identification) << 7) }
}

/// The frames of one DNS transaction (0: not seen).
struct DNSTransaction {
    var requestFrame = 0
    var requestTime: Int64 = 0
    var responseFrame = 0
}

/// UDP items: DNS/mDNS/LLMNR retransmissions, the traceroute hint, and link-layer source checks.
extension ExpertPass {
    /// Transactions kept at most; past that the table starts over (memory stays bounded on floods).
    static let dnsTransactionsKept = 100_000
    /// A query repeated within this time (Wireshark's `dns.retransmission_timer`, 5 s) is a retransmission.
    static let dnsRetransmissionTimer: Int64 = 5_000_000_000

    /// DNS over UDP: a query with the ID of an unanswered query of the same conversation is a
    /// "DNS query retransmission"; a second response to a transaction a "DNS response retransmission".
    mutating func observeDNS(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer) {
        guard p.isUDP, !p.isFragment, p.application == .dns || p.application == .mdns || p.application == .llmnr,
              p.payloadOffset <= bytes.count else { return }
        let payload = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        guard let message = try? DNSMessageView(validating: payload) else { return }
        let key = DNSTransactionKey(conversation: ConversationKey(Endpoint(p.ipSource, p.sourcePort),
                                                                  Endpoint(p.ipDestination, p.destinationPort)),
                                    identification: message.identification)
        let family: DNSFamily = p.application == .mdns ? .mdns : p.application == .llmnr ? .llmnr : .dns
        if dnsTransactions.count >= Self.dnsTransactionsKept { dnsTransactions.removeAll(keepingCapacity: true) }
        var transaction = dnsTransactions[key] ?? DNSTransaction()
        if !message.isResponse {
            if transaction.requestFrame != 0 && transaction.responseFrame == 0
                && p.timestamp - transaction.requestTime < Self.dnsRetransmissionTimer {
                add(.dnsQueryRetransmission(family, original: transaction.requestFrame), frame: p.frameNumber)
            } else {
                transaction = DNSTransaction(requestFrame: p.frameNumber, requestTime: p.timestamp)
            }
        } else if transaction.responseFrame != 0 {
            add(.dnsResponseRetransmission(family, original: transaction.responseFrame), frame: p.frameNumber)
        } else {
            transaction.responseFrame = p.frameNumber
        }
        dnsTransactions[key] = transaction
    }

    /// UDP to or from a port in traceroute's range (33435…33534): "Possible traceroute: hop #h, attempt #a",
    /// three probes per hop.
    mutating func observeTraceroute(_ p: DecodedPacket) {
        guard p.isUDP else { return }
        let range: ClosedRange<UInt16> = 33435 ... 33534
        let port = range.contains(p.destinationPort) ? p.destinationPort : range.contains(p.sourcePort) ? p.sourcePort : 0
        guard port != 0 else { return }
        let offset = Int(port - 33435)
        add(.traceroute(hop: UInt8(offset / 3 + 1), attempt: UInt8(offset % 3 + 1)), frame: p.frameNumber)
    }

    /// A group (multicast) address as Ethernet source: "Source MAC must not be a group address".
    mutating func observeEthernet(_ p: DecodedPacket) {
        guard p.hasEthernet, p.ethernetSource.rawValue >> 40 & 0x01 != 0 else { return }
        add(.groupSourceMAC, frame: p.frameNumber)
    }
}

/// Which dissector owns a DNS-format message, as tshark names the protocol.
enum DNSFamily: Hashable {
    case dns, mdns, llmnr
    var protocolName: String {
        switch self { case .dns: "DNS"; case .mdns: "mDNS"; case .llmnr: "LLMNR" }
    }
}

extension ExpertPass {
    /// RFC 4884: an ICMPv4 Destination Unreachable / Time Exceeded / Parameter Problem whose length field
    /// (32-bit words of original datagram) claims more bytes than the message carries. Wireshark reads that
    /// many bytes and throws: "Malformed Packet (Exception occurred)" under ICMP.
    mutating func observeICMP(_ p: DecodedPacket) {
        guard p.transport == .icmp, p.isICMP, !p.isMalformed, [3, 11, 12].contains(p.icmpType),
              p.capturedLength == p.wireLength else { return }
        let words = Int(p.icmpIdentifier & 0xFF)
        if words > 0 && words * 4 > p.payloadWireLength { add(.malformed(.icmp), frame: p.frameNumber) }
    }
}
