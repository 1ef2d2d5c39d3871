import PacketDecoding

/// All conversation tables of one capture.
public struct ConversationTables: Sendable {
    public var ethernet: AddressConversationTable
    public var ipv4: AddressConversationTable
    public var ipv6: AddressConversationTable
    public var tcp: ConversationTable
    public var udp: ConversationTable
}

/// Fills the eth, ipv4, ipv6, tcp and udp conversation tables in one pass.
public struct ConversationsPass {
    var tables = ConversationTables(ethernet: .init(), ipv4: .init(), ipv6: .init(), tcp: .init(), udp: .init())
    public init() {}

    /// Counts the frame in every table it belongs to; returns its TCP/UDP stream (for the passes
    /// that keep state per stream).
    @inline(__always) @discardableResult
    public mutating func observe(_ p: DecodedPacket) -> FlowRef {
        if p.hasEthernet {
            let s = Endpoint(IPAddress(ipv6High: 0, low: p.ethernetSource.rawValue))
            let d = Endpoint(IPAddress(ipv6High: 0, low: p.ethernetDestination.rawValue))
            if let (r, forward) = tables.ethernet.row(source: s, destination: d, packet: p) {
                tables.ethernet.touch(r, forward: forward, packet: p)
            }
        }
        guard p.ipVersion != 0 else { return FlowRef() }

        let s = Endpoint(p.ipSource), d = Endpoint(p.ipDestination)
        if p.ipVersion == 4 { tables.ipv4.count(source: s, destination: d, packet: p) } else if !p.isUnreassembledFragment {
            // Wireshark taps ipv6 conversations only once a fragmented datagram is reassembled.
            tables.ipv6.count(source: s, destination: d, packet: p)
        }
        if p.isTCP {
            return tables.tcp.countTransport(source: Endpoint(p.ipSource, p.sourcePort),
                                             destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
        } else if p.isUDP {
            return tables.udp.countTransport(source: Endpoint(p.ipSource, p.sourcePort),
                                             destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
        }
        return FlowRef()
    }

    public func finish() -> ConversationTables { tables }
}
