import PacketDecoding

/// A key that mixes itself into one word for hashing (addresses, address pairs, flow keys).
public protocol WordHashable: Hashable, Sendable {
    var hashWord: UInt64 { get }
}

extension IPAddress: WordHashable {}
extension Endpoint: WordHashable {}

extension ConversationKey: WordHashable {
    @inline(__always)
    public var hashWord: UInt64 { a.hashWord &* 0x9E37_79B9_7F4A_7C15 ^ b.hashWord }
}

/// A hash map from fixed-size keys to values, stored densely in insertion order.
///
/// Every packet looks its flow and hosts up in several tables; Swift's `Dictionary` hashes each key
/// with SipHash (~200 instructions). These keys are a few words, so an open-addressing index with a
/// multiply-xorshift hash of the key's `hashWord` costs a few dozen instructions, and values live in
/// one dense array that callers mutate in place through the slot number (no second lookup to store a
/// change). Iterating gives `(key, value)` in insertion order.
public struct WordHashMap<Key: WordHashable, Value>: Sequence {
    public private(set) var keys: [Key] = []
    public var values: [Value] = []
    /// Open-addressing slots: 0 empty, otherwise dense index + 1.
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    private var mask = 63
    /// The bound the owner keeps the map within (0: none known): past a few thousand entries the
    /// dense arrays reserve it at once instead of doubling (see `Array.appendGrowingToLimit`).
    public var reserveLimit = 0

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    @inline(__always)
    static func hash(_ key: Key) -> Int {
        var h = key.hashWord
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The dense index of `key`, or nil.
    @inline(__always)
    public func index(of key: Key) -> Int? {
        var i = Self.hash(key) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if keys[Int(s) - 1] == key { return Int(s) - 1 }
            i = (i + 1) & mask
        }
    }

    /// The dense index of `key`, inserting `make()` first when absent.
    @inline(__always)
    public mutating func index(of key: Key, inserting make: () -> Value) -> Int {
        var i = Self.hash(key) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if keys[Int(s) - 1] == key { return Int(s) - 1 }
            i = (i + 1) & mask
        }
        keys.appendGrowingToLimit(key, limit: reserveLimit)
        values.appendGrowingToLimit(make(), limit: reserveLimit)
        slots[i] = Int32(truncatingIfNeeded: keys.count)
        if keys.count * 2 > mask { grow() }
        return keys.count - 1
    }

    /// Stores `value` for `key` (inserting or replacing).
    @inline(__always)
    public mutating func set(_ key: Key, _ value: Value) {
        let i = index(of: key) { value }
        values[i] = value
    }

    public subscript(key: Key) -> Value? {
        index(of: key).map { values[$0] }
    }

    public func makeIterator() -> AnyIterator<(key: Key, value: Value)> {
        var i = 0
        let keys = keys, values = values
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (keys[i], values[i])
        }
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for (n, key) in keys.enumerated() {
            var i = Self.hash(key) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(truncatingIfNeeded: n + 1)
        }
    }
}

extension WordHashMap: Sendable where Value: Sendable {}

/// Per-flow maps, keyed by a conversation key.
public typealias FlowMap<Value> = WordHashMap<ConversationKey, Value>
