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

    @inline(__always)
    public mutating func observe(_ p: DecodedPacket) {
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
