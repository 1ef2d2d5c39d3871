/// A 48-bit IEEE MAC address, kept in the low bits of a `UInt64` (fixed-size: hashing without allocation).
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue & 0xFFFF_FFFF_FFFF }
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        rawValue = UInt64(bytes.loadBigEndian(UInt32.self, at: offset)) << 16
            | UInt64(bytes.loadBigEndian(UInt16.self, at: offset + 4))
    }
    public static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
    public var isBroadcast: Bool { rawValue == 0xFFFF_FFFF_FFFF }
    public var isMulticast: Bool { (rawValue >> 40) & 1 == 1 }
    /// Lower-case `aa:bb:cc:dd:ee:ff`.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(17)
        for i in stride(from: 40, through: 0, by: -8) {
            let b = Int((rawValue >> UInt64(i)) & 0xFF)
            if i != 40 { out.append(UInt8(ascii: ":")) }
            out.append(hex[b >> 4]); out.append(hex[b & 15])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
