import PacketDecoding

/// An address and port (port 0 for address-only tables). Fixed-size: hashing without allocation.
public struct Endpoint: Hashable, Comparable, Sendable {
    public var address: IPAddress
    public var port: UInt16
    public init(_ address: IPAddress, _ port: UInt16 = 0) { self.address = address; self.port = port }
    public static func < (l: Self, r: Self) -> Bool { l.address != r.address ? l.address < r.address : l.port < r.port }

    /// Address and port mixed into one word (see `IPAddress.hashWord`).
    @inline(__always)
    public var hashWord: UInt64 { address.hashWord &* 0xFF51_AFD7_ED55_8CCD ^ UInt64(port) }
    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hashWord) }
}

/// A conversation key, direction-normalised once (`a <= b`).
public struct ConversationKey: Hashable, Sendable {
    public var a: Endpoint, b: Endpoint
    public init(_ x: Endpoint, _ y: Endpoint) { (a, b) = x <= y ? (x, y) : (y, x) }
    /// A key for one direction (source `a`, destination `b`), not normalised.
    public init(from source: Endpoint, to destination: Endpoint) { a = source; b = destination }

    /// Both endpoints in one word: one hasher round per lookup on the packet path.
    @inline(__always)
    public func hash(into hasher: inout Hasher) {
        hasher.combine(a.hashWord &* 0xC4CE_B9FE_1A85_EC53 ^ b.hashWord)
    }
}
