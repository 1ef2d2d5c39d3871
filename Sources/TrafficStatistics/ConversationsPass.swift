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
        var flow = FlowRef()
        if p.isTCP {
            flow = tables.tcp.countTransport(source: Endpoint(p.ipSource, p.sourcePort),
                                             destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
        } else if p.isUDP {
            flow = tables.udp.countTransport(source: Endpoint(p.ipSource, p.sourcePort),
                                             destination: Endpoint(p.ipDestination, p.destinationPort), packet: p)
        }
        if p.ipVersion == 4 {
            if p.isTCP { Self.countAddresses(&tables.ipv4, linking: &tables.tcp, s, d, p, flow) }
            else if p.isUDP { Self.countAddresses(&tables.ipv4, linking: &tables.udp, s, d, p, flow) }
            else { tables.ipv4.count(source: s, destination: d, packet: p) }
        } else if !p.isUnreassembledFragment {
            // Wireshark taps ipv6 conversations only once a fragmented datagram is reassembled.
            if p.isTCP { Self.countAddresses(&tables.ipv6, linking: &tables.tcp, s, d, p, flow) }
            else if p.isUDP { Self.countAddresses(&tables.ipv6, linking: &tables.udp, s, d, p, flow) }
            else { tables.ipv6.count(source: s, destination: d, packet: p) }
        }
        return flow
    }

    /// Counts a TCP/UDP frame in an IP table: straight into the row its stream remembered from its
    /// first frame, or by lookup (then remembered).
    @inline(__always)
    static func countAddresses(_ table: inout AddressConversationTable, linking transport: inout ConversationTable,
                               _ s: Endpoint, _ d: Endpoint, _ p: DecodedPacket, _ flow: FlowRef) {
        guard flow.stream >= 0 else { table.count(source: s, destination: d, packet: p); return }
        let i = Int(flow.stream)
        let linked = transport.rows[i].ipRow
        if linked >= 0 {
            let relation = transport.rows[i].ipRelation
            table.touch(Int(linked), forward: relation == 2 || (relation == 0) == flow.forward, packet: p)
            return
        }
        guard let (r, forward) = table.row(source: s, destination: d, packet: p) else { return }
        table.touch(r, forward: forward, packet: p)
        transport.rows[i].ipRow = Int32(r)
        transport.rows[i].ipRelation = s == d ? 2 : forward == flow.forward ? 0 : 1
    }

    public func finish() -> ConversationTables { tables }
}
