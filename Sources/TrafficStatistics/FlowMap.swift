/// A hash map from conversation keys to values, stored densely in insertion order.
///
/// Every TCP/UDP packet looks its flow up in several tables; Swift's `Dictionary` hashes each key
/// with SipHash (~200 instructions). Flow keys are fixed-size words, so an open-addressing index
/// with a multiply-xorshift hash costs a few dozen instructions, and values live in one dense array
/// that callers mutate in place through the slot number (no second lookup to store a change).
public struct FlowMap<Value> {
    public private(set) var keys: [ConversationKey] = []
    public var values: [Value] = []
    /// Open-addressing slots: 0 empty, otherwise dense index + 1.
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    private var mask = 63

    public init() {}

    public var count: Int { keys.count }

    @inline(__always)
    static func hash(_ key: ConversationKey) -> Int {
        var h = key.a.hashWord &* 0x9E37_79B9_7F4A_7C15 ^ key.b.hashWord
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The dense index of `key`, or nil.
    @inline(__always)
    public func index(of key: ConversationKey) -> Int? {
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
    public mutating func index(of key: ConversationKey, inserting make: () -> Value) -> Int {
        var i = Self.hash(key) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if keys[Int(s) - 1] == key { return Int(s) - 1 }
            i = (i + 1) & mask
        }
        keys.append(key)
        values.append(make())
        slots[i] = Int32(truncatingIfNeeded: keys.count)
        if keys.count * 2 > mask { grow() }
        return keys.count - 1
    }

    /// Stores `value` for `key` (inserting or replacing).
    @inline(__always)
    public mutating func set(_ key: ConversationKey, _ value: Value) {
        let i = index(of: key) { value }
        values[i] = value
    }

    public subscript(key: ConversationKey) -> Value? {
        index(of: key).map { values[$0] }
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

extension FlowMap: Sendable where Value: Sendable {}
