import PacketDecoding

/// An address and port (port 0 for address-only tables). Fixed-size: hashing without allocation.
public struct Endpoint: Hashable, Comparable, Sendable {
    public var address: IPAddress
    public var port: UInt16
    public init(_ address: IPAddress, _ port: UInt16 = 0) { self.address = address; self.port = port }
    public static func < (l: Self, r: Self) -> Bool { l.address != r.address ? l.address < r.address : l.port < r.port }
}

/// A conversation key, direction-normalised once (`a <= b`).
public struct ConversationKey: Hashable, Sendable {
    public var a: Endpoint, b: Endpoint
    public init(_ x: Endpoint, _ y: Endpoint) { (a, b) = x <= y ? (x, y) : (y, x) }
}
