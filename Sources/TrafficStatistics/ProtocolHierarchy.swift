import PacketDecoding

/// Protocol Hierarchy Statistics (`tshark -z io,phs`): one node per protocol path.
public struct ProtocolHierarchy: Sendable {
    public struct Node: Sendable {
        public var path: [ProtocolID]
        public var frames: Int
        public var bytes: Int
    }
    /// Depth-first, children in order of first appearance (as tshark prints them).
    public var nodes: [Node]
}

/// Builds the hierarchy in one pass: a trie of (parent, protocol) -> node index.
public struct ProtocolHierarchyPass {
    struct Edge: Hashable { var parent: Int32; var id: ProtocolID }
    var children: [Edge: Int32] = [:]
    var frames: [Int] = []
    var bytes: [Int] = []
    var ids: [ProtocolID] = []
    var parents: [Int32] = []
    var lastStack = ProtocolStack()
    var lastPath: [Int32] = []
    public init() {}

    /// Per TCP direction: the next sequence number expected (Wireshark's `nextseq`).
    struct Direction: Hashable { var source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16 }
    var nextSequence: [Direction: UInt32] = [:]

    /// Wireshark (`tcp.no_subdissector_on_error`, on by default) does not hand a retransmitted or
    /// out-of-order segment's payload to any dissector: the frame ends at `tcp`. A segment is one when
    /// it carries payload that starts before the direction's next expected sequence number.
    @inline(__always)
    mutating func stackSeenByWireshark(_ p: DecodedPacket) -> ProtocolStack {
        guard p.isTCP else { return p.stack }
        let key = Direction(source: p.ipSource, destination: p.ipDestination, sourcePort: p.sourcePort, destinationPort: p.destinationPort)
        let length = UInt32(truncatingIfNeeded: p.payloadWireLength)
        let f = p.tcpFlags
        let end = p.sequenceNumber &+ length &+ (f.contains(.syn) ? 1 : 0) &+ (f.contains(.fin) ? 1 : 0)
        guard let expected = nextSequence[key], !f.contains(.syn) else { nextSequence[key] = end; return p.stack }
        let before = Int32(bitPattern: p.sequenceNumber &- expected) < 0
        if Int32(bitPattern: end &- expected) > 0 { nextSequence[key] = end }
        // A keep-alive (at most one byte, one before the expected number) is not a retransmission.
        let keepAlive = length <= 1 && p.sequenceNumber == expected &- 1
        return length > 0 && before && !keepAlive ? p.stack.prefix(through: .tcp) : p.stack
    }

    @inline(__always)
    public mutating func observe(_ packet: DecodedPacket) {
        var p = packet
        p.stack = stackSeenByWireshark(packet)
        // Consecutive frames often share a stack: reuse the node path (no hashing).
        if p.stack == lastStack && !lastPath.isEmpty {
            for n in lastPath { frames[Int(n)] += 1; bytes[Int(n)] += p.wireLength }
            return
        }
        lastPath.removeAll(keepingCapacity: true)
        var parent: Int32 = -1
        for i in 0 ..< p.stack.count {
            let edge = Edge(parent: parent, id: p.stack[i])
            let node: Int32
            if let existing = children[edge] { node = existing } else {
                node = Int32(frames.count)
                children[edge] = node
                frames.append(0); bytes.append(0); ids.append(edge.id); parents.append(parent)
            }
            frames[Int(node)] += 1; bytes[Int(node)] += p.wireLength
            lastPath.append(node)
            parent = node
        }
        lastStack = p.stack
    }

    public func finish() -> ProtocolHierarchy {
        var kids = [Int32: [Int32]]()
        for n in 0 ..< ids.count { kids[parents[n], default: []].append(Int32(n)) }
        var out = [ProtocolHierarchy.Node]()
        func visit(_ node: Int32, _ path: [ProtocolID]) {
            let here = path + [ids[Int(node)]]
            out.append(.init(path: here, frames: frames[Int(node)], bytes: bytes[Int(node)]))
            for c in kids[node] ?? [] { visit(c, here) }
        }
        for root in kids[-1] ?? [] { visit(root, []) }
        return ProtocolHierarchy(nodes: out)
    }
}
