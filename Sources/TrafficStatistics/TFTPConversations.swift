import PacketDecoding

/// Wireshark's TFTP conversations (`packet-tftp.c`, `dissect_tftp`), as the protocol hierarchy shows them.
///
/// A datagram with a payload to UDP port 69 opens a conversation from its source address and port to its destination
/// address and *any* port, with the TFTP dissector: the server answers from a new port. Every later
/// datagram between those two ends (either way, any server port until the server's first answer binds
/// it) is TFTP whatever its ports, because UDP tries conversations before port numbers. An nmap `-sU`
/// scan that sends its TFTP probe first from one source port therefore shows every later probe from that
/// port as `tftp`, and so do the ICMP errors quoting them (the quoted UDP header is looked up the same way).
///
/// Bounded: at most `capacity` conversations are kept (the first ones seen); past that, frames keep the
/// protocol their ports give.
struct TFTPConversations {
    /// The client end and the server address; fixed-size key (hashing without allocation).
    struct Key: Hashable {
        var client: IPAddress, server: IPAddress
        var clientPort: UInt16
    }
    static let capacity = 4096
    /// Server port the conversation is bound to (0 while any port matches).
    var conversations: [Key: UInt16] = [:]

    /// The frame's stack with its UDP payload's protocol replaced by `tftp` when the datagram (or the
    /// UDP datagram an ICMP error quotes) belongs to a TFTP conversation; otherwise `stack` unchanged.
    @inline(__always)
    mutating func stack(_ p: DecodedPacket, _ stack: ProtocolStack) -> ProtocolStack {
        if p.isUDP && !p.isFragment {
            return apply(p.ipSource, p.sourcePort, p.ipDestination, p.destinationPort, after: .udp, stack)
        }
        if p.hasQuoted && p.quotedProtocol == .udp && (p.transport == .icmp || p.transport == .icmpv6) {
            return apply(
                p.quotedSource, p.quotedSourcePort, p.quotedDestination, p.quotedDestinationPort,
                after: p.transport == .icmp ? .icmp : .icmpv6, stack)
        }
        return stack
    }

    @inline(__always)
    mutating func apply(
        _ source: IPAddress, _ sourcePort: UInt16, _ destination: IPAddress, _ destinationPort: UInt16,
        after transport: ProtocolID, _ stack: ProtocolStack
    ) -> ProtocolStack {
        // Only a datagram with a payload reaches the TFTP dissector (an empty probe to port 69 opens nothing).
        if destinationPort == 69 && stack.last != transport {
            let key = Key(client: source, server: destination, clientPort: sourcePort)
            // A new request opens a new conversation (an existing one of this client end starts over).
            if conversations[key] != nil || conversations.count < Self.capacity { conversations[key] = 0 }
            return stack
        }
        if conversations.isEmpty { return stack }
        let outbound = Key(client: source, server: destination, clientPort: sourcePort)
        if let bound = conversations[outbound], bound == 0 || bound == destinationPort {
            return Self.replacing(stack, after: transport)
        }
        let inbound = Key(client: destination, server: source, clientPort: destinationPort)
        if let bound = conversations[inbound], bound == 0 || bound == sourcePort {
            if bound == 0 { conversations[inbound] = sourcePort }  // the server's first answer binds its port
            return Self.replacing(stack, after: transport)
        }
        return stack
    }

    /// `stack` up to `transport`, then `tftp` in place of the payload's protocol (kept as is when the
    /// frame shows nothing above the transport, or only `_ws.malformed` / `_ws.short` items).
    static func replacing(_ stack: ProtocolStack, after transport: ProtocolID) -> ProtocolStack {
        var out = ProtocolStack()
        var i = 0
        while i < stack.count {
            out.append(stack[i])
            i += 1
            if stack[i - 1] == transport { break }
        }
        guard i < stack.count, stack[i] != .malformed, stack[i] != .short else { return stack }
        out.append(.tftp)
        // An ICMP error's own malformed quote stays; the replaced dissector's items go, `_ws.short` too
        // (TFTP reads no further than the captured bytes: the nmap -sU recording's cut DHCP probe shows none).
        for j in (i + 1) ..< stack.count where stack[j] == .malformed && transport != .udp { out.append(.malformed) }
        return out
    }
}
