import PacketDecoding

/// Builds the hierarchy in one pass: a trie of (parent, protocol) -> node index.
public struct ProtocolHierarchyPass {
    struct Edge: Hashable { var parent: Int32; var id: ProtocolID }
    var children: [Edge: Int32] = [:]
    var frames: [Int] = []
    var bytes: [Int] = []
    var ids: [ProtocolID] = []
    var parents: [Int32] = []
    /// Recently seen stacks and their node paths, direct-mapped by a hash of the stack: a frame's path
    /// is found with one comparison instead of a dictionary lookup per protocol of the stack.
    static let cacheSlots = 64
    var cachedStacks = [ProtocolStack](repeating: ProtocolStack(), count: cacheSlots)
    var cachedPaths = [Int32](repeating: 0, count: cacheSlots * ProtocolStack.capacity)
    /// Which protocols Wireshark shows for each TCP segment, given the stream so far.
    var reassembly = TCPPDUReassembly()
    /// Which UDP datagrams Wireshark shows as TFTP by conversation rather than by port.
    var tftp = TFTPConversations()
    /// Which POP/SMTP frames complete a mail message (`imf`).
    var mail = MailMessageReassembly()
    public init() {}

    /// What the last observed TCP segment did with HTTP message heads (for `ExpertPass`).
    var httpEvent: TCPPDUReassembly.HTTPHeadEvent { reassembly.httpEvent }

    @inline(__always)
    /// - Parameter flow: the frame's TCP/UDP stream, as `ConversationsPass.observe` returned it.
    public mutating func observe(
        _ packet: DecodedPacket, bytes frameBytes: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        flow: FlowRef
    ) {
        var stack = tftp.stack(packet, reassembly.stackSeenByWireshark(packet, bytes: frameBytes, flow: flow))
        if stack.last == .pop || stack.last == .smtp, packet.payloadOffset + packet.payloadLength <= frameBytes.count {
            let payload = UnsafeRawBufferPointer(rebasing: frameBytes[packet.payloadOffset ..< packet.payloadOffset + packet.payloadLength])
            stack = mail.stack(packet, stack, payload: payload, stream: flow.stream)
        }
        let slot = stack.cacheSlot(Self.cacheSlots)
        let base = slot * ProtocolStack.capacity
        if stack.count > 0 && cachedStacks[slot] == stack {
            for i in 0 ..< stack.count {
                let n = Int(cachedPaths[base + i])
                frames[n] += 1; bytes[n] += packet.wireLength
            }
            return
        }
        var parent: Int32 = -1
        for i in 0 ..< stack.count {
            let edge = Edge(parent: parent, id: stack[i])
            let node: Int32
            if let existing = children[edge] {
                node = existing
            } else {
                node = Int32(frames.count)
                children[edge] = node
                frames.append(0); bytes.append(0); ids.append(edge.id); parents.append(parent)
            }
            frames[Int(node)] += 1; bytes[Int(node)] += packet.wireLength
            cachedPaths[base + i] = node
            parent = node
        }
        cachedStacks[slot] = stack
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
