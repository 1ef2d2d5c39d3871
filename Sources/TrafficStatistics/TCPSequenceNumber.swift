/// A TCP sequence or acknowledgment number: 32 bits that wrap, ordered as RFC 1982 serial numbers.
///
/// The only place where wrapping arithmetic (`&+`, `&-`) is allowed: wraparound is the meaning here.
public struct TCPSequenceNumber: Hashable, Sendable, Comparable {
    public var rawValue: UInt32
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Serial-number order: `l < r` when `r` is less than 2^31 ahead of `l`.
    public static func < (l: Self, r: Self) -> Bool { Int32(bitPattern: l.rawValue &- r.rawValue) < 0 }
    /// `self` advanced by `count` bytes (wraps).
    public static func + (l: Self, count: UInt32) -> Self { Self(l.rawValue &+ count) }
    /// `self` moved back by `count` bytes (wraps).
    public static func - (l: Self, count: UInt32) -> Self { Self(l.rawValue &- count) }
    /// Wireshark treats a zero sequence number as "not seen yet".
    public var isZero: Bool { rawValue == 0 }
}
