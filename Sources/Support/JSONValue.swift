/// A JSON document with ordered keys, so reports are byte-identical run to run and keys follow the
/// contract's order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An array of one-line objects made while writing (tables of up to 100,000 rows: never all in
    /// memory as text, no value tree per row); the same bytes as `.array` of scalar `.object`s.
    case rows(count: Int, write: @Sendable (Int, inout JSONRowWriter) -> Void)

    public static func == (l: JSONValue, r: JSONValue) -> Bool { l.serialized() == r.serialized() }

    public static func optional(_ v: Int?) -> JSONValue { v.map(JSONValue.int) ?? .null }
    public static func optional(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
    public static func optional(_ v: Double?) -> JSONValue { v.map(JSONValue.double) ?? .null }

    /// Pretty-printed with two-space indentation and a final newline. Objects whose values are all
    /// scalars (table rows) stay on one line, so tens of thousands of conversation rows read as a table
    /// and serialise fast.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes (what report files are written from).
    public func serializedBytes() -> [UInt8] {
        var out = ByteSink()
        write(to: &out)
        return out.bytes
    }

    /// The document and its final newline, into a sink (which may stream to a file).
    public func write(to out: inout ByteSink) {
        write(&out, indent: 0)
        out.append(0x0A)
    }

    var isScalar: Bool {
        switch self {
        case .array, .object, .rows: false
        default: true
        }
    }

    /// Writes into a byte sink: one linear pass without intermediate strings.
    func write(_ out: inout ByteSink, indent: Int) {
        switch self {
        case .null: out.append(Self.nullBytes)
        case let .bool(b): out.append(b ? Self.trueBytes : Self.falseBytes)
        case let .int(i): Self.appendInteger(i, to: &out)
        case let .double(d): Self.appendNumber(d, to: &out)
        case let .string(s): Self.quote(s, into: &out)
        case let .rows(count, write):
            if count == 0 { out.append(0x5B); out.append(0x5D); return }
            out.append(0x5B); out.append(0x0A)
            var row = JSONRowWriter(sink: out)
            out = ByteSink()
            for i in 0 ..< count {
                row.spaces(indent + 2)
                row.begin()
                write(i, &row)
                row.put(0x7D)
                if i + 1 < count { row.put(0x2C) }
                row.put(0x0A)
            }
            out = row.finish()
            out.spaces(indent)
            out.append(0x5D)
        case let .array(items):
            if items.isEmpty { out.append(0x5B); out.append(0x5D); return }
            if items.count <= 16 && items.allSatisfy({ if case .int = $0 { true } else { false } }) {
                out.append(0x5B)
                for i in items.indices {
                    if i > 0 { out.append(0x2C); out.append(0x20) }
                    items[i].write(&out, indent: indent)
                }
                out.append(0x5D)
                return
            }
            out.append(0x5B); out.append(0x0A)
            for i in items.indices {
                out.spaces(indent + 2)
                items[i].write(&out, indent: indent + 2)
                if i + 1 < items.count { out.append(0x2C) }
                out.append(0x0A)
            }
            out.spaces(indent)
            out.append(0x5D)
        case let .object(pairs):
            if pairs.isEmpty { out.append(0x7B); out.append(0x7D); return }
            if pairs.allSatisfy({ $0.1.isScalar }) {
                out.append(0x7B)
                for i in pairs.indices {
                    if i > 0 { out.append(0x2C); out.append(0x20) }
                    Self.quote(pairs[i].0, into: &out)
                    out.append(0x3A); out.append(0x20)
                    pairs[i].1.write(&out, indent: indent)
                }
                out.append(0x7D)
                return
            }
            out.append(0x7B); out.append(0x0A)
            for i in pairs.indices {
                out.spaces(indent + 2)
                Self.quote(pairs[i].0, into: &out)
                out.append(0x3A); out.append(0x20)
                pairs[i].1.write(&out, indent: indent + 2)
                if i + 1 < pairs.count { out.append(0x2C) }
                out.append(0x0A)
            }
            out.spaces(indent)
            out.append(0x7D)
        }
    }

    static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)
    static let hexDigits = Array("0123456789abcdef".utf8)
    static let lineSeparatorPrefix = Array("\\u202".utf8)

    static func appendInteger(_ value: Int, to out: inout ByteSink) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumIntegerLength) { buffer in
            let n = writeInteger(value, at: buffer.baseAddress!)
            out.append(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
        }
    }

    /// Bytes `writeInteger` may write: a sign and 19 digits.
    static let maximumIntegerLength = 20

    /// Writes `value` in decimal at `p` (room for `maximumIntegerLength` bytes); returns the length.
    @inline(__always)
    static func writeInteger(_ value: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = value.magnitude, length = value < 0 ? 1 : 0
        if value < 0 { p[0] = 0x2D }
        var m = n
        repeat { length += 1; m /= 10 } while m > 0
        var i = length - 1
        repeat { p[i] = UInt8(truncatingIfNeeded: n % 10) + 0x30; n /= 10; i -= 1 } while n > 0
        return length
    }

    /// The integer a finite double is written as (no fraction, below 1e15), or nil when it is written
    /// as its shortest round-trip text.
    @inline(__always)
    static func integralValue(_ d: Double) -> Int? { d == d.rounded() && abs(d) < 1e15 ? Int(Int64(d)) : nil }

    /// Shortest text that reads back as the same double; integers without a fraction; no NaN/inf.
    static func number(_ d: Double) -> String {
        var out = ByteSink()
        appendNumber(d, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `number(d)` appended to a sink without an intermediate array.
    static func appendNumber(_ d: Double, to out: inout ByteSink) {
        guard d.isFinite else { out.append(Self.nullBytes); return }
        if let i = integralValue(d) { appendInteger(i, to: &out); return }
        for b in d.description.utf8 { out.append(b == 0x65 ? 0x45 : b) }   // "e" -> "E"
    }

    /// JSON string escaping: quotes, backslash, every control character, and U+2028/2029.
    static func quote(_ s: String, into out: inout ByteSink) {
        out.append(0x22)
        var utf8 = s.utf8.makeIterator()
        var pending: [UInt8] = []
        while let b = utf8.next() {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x00 ..< 0x20, 0x7F:
                out.append(0x5C); out.append(0x75); out.append(0x30); out.append(0x30)
                out.append(Self.hexDigits[Int(b >> 4)]); out.append(Self.hexDigits[Int(b & 15)])
            case 0xE2:
                // U+2028/U+2029 (E2 80 A8/A9) are escaped: some JSON consumers treat them as line ends.
                pending.removeAll(keepingCapacity: true)
                pending.append(b)
                if let b1 = utf8.next() { pending.append(b1) }
                if pending.count == 2, pending[1] == 0x80, let b2 = utf8.next() {
                    if b2 == 0xA8 || b2 == 0xA9 {
                        out.append(Self.lineSeparatorPrefix); out.append(b2 == 0xA8 ? 0x38 : 0x39)
                        continue
                    }
                    pending.append(b2)
                }
                out.append(pending)
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}

/// Writes the fields of one table row as a one-line JSON object (`{"key": value, ...}`), the same
/// bytes `.object` of scalars gives. Rows are assembled in a fixed scratch buffer and moved to the
/// sink in 64 KiB pieces: a byte costs a store instead of an array append.
public struct JSONRowWriter {
    private var sink: ByteSink
    private let scratch: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var first = true
    static let capacity = 1 << 16
    /// Room every row needs before its next field is written (longest key, number or punctuation).
    static let margin = 128

    init(sink: ByteSink) {
        self.sink = sink
        scratch = .allocate(capacity: Self.capacity)
    }

    /// Moves what is left to the sink and returns it; the writer must not be used afterwards.
    mutating func finish() -> ByteSink {
        spill()
        scratch.deallocate()
        return sink
    }

    private mutating func spill() {
        sink.append(UnsafeRawBufferPointer(start: scratch, count: used))
        used = 0
    }

    @inline(__always) private mutating func room(_ n: Int) { if used + n > Self.capacity { spill() } }
    @inline(__always) mutating func put(_ b: UInt8) { room(1); scratch[used] = b; used += 1 }
    mutating func spaces(_ n: Int) { room(n); for _ in 0 ..< n { scratch[used] = 0x20; used += 1 } }

    mutating func begin() { put(0x7B); first = true }

    @inline(__always) private mutating func key(_ name: StaticString) {
        room(name.utf8CodeUnitCount + 6)
        if !first { scratch[used] = 0x2C; scratch[used + 1] = 0x20; used += 2 }
        first = false
        scratch[used] = 0x22; used += 1
        (scratch + used).update(from: name.utf8Start, count: name.utf8CodeUnitCount)
        used += name.utf8CodeUnitCount
        scratch[used] = 0x22; scratch[used + 1] = 0x3A; scratch[used + 2] = 0x20; used += 3
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        integer(value)
    }

    private mutating func integer(_ value: Int) {
        room(JSONValue.maximumIntegerLength)
        used += JSONValue.writeInteger(value, at: scratch + used)
    }

    /// `JSONValue.appendNumber`'s text: integral values without a fraction, others shortest round-trip.
    public mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        guard value.isFinite else { for b in JSONValue.nullBytes { put(b) }; return }
        if let i = JSONValue.integralValue(value) { integer(i); return }
        room(32)
        for b in value.description.utf8 { scratch[used] = b == 0x65 ? 0x45 : b; used += 1 }   // "e" -> "E"
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        var value = value
        let plain = value.withUTF8 { text -> Bool in
            // Printable ASCII without a quote or backslash needs no escaping: copied as it is.
            guard text.count > 0, text.count + 2 <= Self.capacity - Self.margin,
                  text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) else { return false }
            room(text.count + 2)
            scratch[used] = 0x22; used += 1
            (scratch + used).update(from: text.baseAddress!, count: text.count)
            used += text.count
            scratch[used] = 0x22; used += 1
            return true
        }
        if !plain {
            spill()
            JSONValue.quote(value, into: &sink)
        }
    }
}
