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

    public static func == (l: JSONValue, r: JSONValue) -> Bool { l.serialized() == r.serialized() }

    static func optional(_ v: Int?) -> JSONValue { v.map(JSONValue.int) ?? .null }
    static func optional(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
    static func optional(_ v: Double?) -> JSONValue { v.map(JSONValue.double) ?? .null }

    /// Pretty-printed with two-space indentation and a final newline.
    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(&out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes into a byte buffer: reports with tens of thousands of conversation rows serialise in
    /// one linear pass without intermediate strings.
    func write(_ out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: Self.nullBytes)
        case let .bool(b): out.append(contentsOf: b ? Self.trueBytes : Self.falseBytes)
        case let .int(i): Self.appendInteger(i, to: &out)
        case let .double(d): out.append(contentsOf: Self.number(d).utf8)
        case let .string(s): Self.quote(s, into: &out)
        case let .array(items):
            if items.isEmpty { out.append(0x5B); out.append(0x5D); return }
            out.append(0x5B); out.append(0x0A)
            for (i, item) in items.enumerated() {
                Self.spaces(indent + 2, &out)
                item.write(&out, indent: indent + 2)
                if i + 1 < items.count { out.append(0x2C) }
                out.append(0x0A)
            }
            Self.spaces(indent, &out)
            out.append(0x5D)
        case let .object(pairs):
            if pairs.isEmpty { out.append(0x7B); out.append(0x7D); return }
            out.append(0x7B); out.append(0x0A)
            for (i, (key, value)) in pairs.enumerated() {
                Self.spaces(indent + 2, &out)
                Self.quote(key, into: &out)
                out.append(0x3A); out.append(0x20)
                value.write(&out, indent: indent + 2)
                if i + 1 < pairs.count { out.append(0x2C) }
                out.append(0x0A)
            }
            Self.spaces(indent, &out)
            out.append(0x7D)
        }
    }

    static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    @inline(__always)
    static func spaces(_ n: Int, _ out: inout [UInt8]) {
        for _ in 0 ..< n { out.append(0x20) }
    }

    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value == 0 { out.append(0x30); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 { buffer[count] = UInt8(n % 10) + 0x30; n /= 10; count += 1 }
            if value < 0 { out.append(0x2D) }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Shortest text that reads back as the same double; integers without a fraction; no NaN/inf.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        let text = "\(d)"
        return text.contains("e") ? text.replacingOccurrences(of: "e", with: "E") : text
    }

    /// JSON string escaping: quotes, backslash, every control character, and U+2028/2029.
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        let hex = Array("0123456789abcdef".utf8)
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
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            case 0xE2:
                // U+2028/U+2029 (E2 80 A8/A9) are escaped: some JSON consumers treat them as line ends.
                pending.removeAll(keepingCapacity: true)
                pending.append(b)
                if let b1 = utf8.next() { pending.append(b1) }
                if pending.count == 2, pending[1] == 0x80, let b2 = utf8.next() {
                    if b2 == 0xA8 || b2 == 0xA9 {
                        out.append(contentsOf: Array("\\u202".utf8)); out.append(b2 == 0xA8 ? 0x38 : 0x39)
                        continue
                    }
                    pending.append(b2)
                }
                out.append(contentsOf: pending)
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
