import PacketDecoding

/// Protocol Hierarchy Statistics (`tshark -z io,phs`): one node per protocol path.
public struct ProtocolHierarchy: Sendable {
    /// One protocol path (`eth:ip:tcp:http`) with the frames and bytes that carried it.
    public struct Node: Sendable {
        public var path: [ProtocolID]
        public var frames: Int
        public var bytes: Int
    }
    /// Depth-first, children in order of first appearance (as tshark prints them).
    public var nodes: [Node]
}
