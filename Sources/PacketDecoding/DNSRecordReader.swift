/// Reads the question and resource records of a DNS message (RFC 1035 §4.1.2–4.1.4, §4.1.4 compression),
/// for the DNS evidence table. Every read is bounds-checked; a malformed name or record reads as `nil`.
/// Valid only while `message` is.
public struct DNSRecordReader {
    /// The whole DNS message, from the 12-byte header on.
    public let message: UnsafeRawBufferPointer
    /// Names longer than this (RFC 1035 §2.3.4: 255 octets) are malformed.
    public static let nameLimit = 255

    /// A question (RFC 1035 §4.1.2).
    public struct Question {
        /// Dotted, lower case; bytes outside printable ASCII read as `?`.
        public var name: String
        public var type: UInt16
        /// The offset after the question.
        public var end: Int
    }

    /// A resource record (RFC 1035 §4.1.3) with its data as text.
    public struct Record {
        public var name: String
        public var type: UInt16
        public var ttl: UInt32
        /// A/AAAA addresses, CNAME/NS/PTR targets, `MX pref host`, TXT strings (cut), else `N bytes`.
        public var value: String
        /// The offset after the record.
        public var end: Int
    }

    public init(_ message: UnsafeRawBufferPointer) { self.message = message }

    /// The name at `offset` and the offset after it in place; follows at most 16 compression pointers.
    public func name(at offset: Int) -> (text: String, end: Int)? {
        var out = [UInt8](), o = offset, end = -1, jumps = 0, total = 0
        while true {
            guard o < message.count else { return nil }
            let length = Int(message.byte(o))
            if length == 0 { if end < 0 { end = o + 1 }; break }
            if length & 0xC0 == 0xC0 {
                guard o + 1 < message.count, jumps < 16 else { return nil }
                if end < 0 { end = o + 2 }
                o = (length & 0x3F) << 8 | Int(message.byte(o + 1)); jumps += 1
                continue
            }
            guard length <= 63, o + 1 + length <= message.count else { return nil }
            total += length + 1
            guard total <= Self.nameLimit else { return nil }
            if !out.isEmpty { out.append(46) }
            for k in 1 ... length {
                var c = message.byte(o + k)
                if c >= 65 && c <= 90 { c += 32 }
                out.append(c > 32 && c < 127 ? c : 63)
            }
            o += 1 + length
        }
        return (out.isEmpty ? "<root>" : String(decoding: out, as: UTF8.self), end)
    }

    /// The question at `offset`.
    public func question(at offset: Int) -> Question? {
        guard let (name, end) = name(at: offset), end + 4 <= message.count else { return nil }
        return Question(name: name, type: message.loadBigEndian(UInt16.self, at: end), end: end + 4)
    }

    /// The resource record at `offset`.
    public func record(at offset: Int) -> Record? {
        guard let (name, end) = name(at: offset), end + 10 <= message.count else { return nil }
        let type = message.loadBigEndian(UInt16.self, at: end)
        let ttl = message.loadBigEndian(UInt32.self, at: end + 4)
        let length = Int(message.loadBigEndian(UInt16.self, at: end + 8))
        let data = end + 10
        guard data + length <= message.count else { return nil }
        return Record(name: name, type: type, ttl: ttl, value: value(type: type, at: data, length: length), end: data + length)
    }

    func value(type: UInt16, at data: Int, length: Int) -> String {
        switch type {
        case 1 where length == 4:
            return (0 ..< 4).map { String(message.byte(data + $0)) }.joined(separator: ".")
        case 28 where length == 16:
            let high = message.loadBigEndian(UInt64.self, at: data), low = message.loadBigEndian(UInt64.self, at: data + 8)
            return IPAddress(ipv6High: high, low: low).description
        case 2, 5, 12:
            return name(at: data)?.text ?? "\(length) bytes"
        case 15 where length > 2:
            return "\(message.loadBigEndian(UInt16.self, at: data)) " + (name(at: data + 2)?.text ?? "?")
        case 16:
            var out = [UInt8](), o = data
            while o < data + length {
                let l = Int(message.byte(o))
                guard o + 1 + l <= data + length else { break }
                for k in 0 ..< l { let c = message.byte(o + 1 + k); out.append(c >= 32 && c < 127 ? c : 63) }
                o += 1 + l
            }
            if out.count > 100 { out = Array(out.prefix(97)) + Array("...".utf8) }
            return String(decoding: out, as: UTF8.self)
        default:
            return "\(length) bytes"
        }
    }
}
