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
        public init(name: String, type: UInt16, end: Int) { self.name = name; self.type = type; self.end = end }
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

    /// A name read as bytes (`readName`): where it ends and how it is built.
    public struct NameBytes {
        /// Bytes written: each label's bytes lower-cased (A-Z only, nothing else mapped), a dot between labels.
        public var count: Int
        /// The offset after the name in place.
        public var end: Int
        public var labels: Int
        /// A compression pointer was followed (the name is not all in place).
        public var compressed: Bool
    }

    /// A resource record's fixed fields and where its data is, without its owner name as text.
    public struct RecordHeader {
        public var type: UInt16
        public var ttl: UInt32
        /// The offset and length of the record's data (RDATA).
        public var data: Int, length: Int
        /// The offset after the record.
        public var end: Int
    }

    /// Bytes `readName` may write: `nameLimit` octets on the wire hold at most this many.
    public static let nameBytesKept = 256
    /// Labels `readName` may report (every label takes at least two of the 255 octets).
    public static let labelsKept = 128

    public init(_ message: UnsafeRawBufferPointer) { self.message = message }

    /// Reads the name at `offset`, following at most 16 compression pointers: the one name reader of
    /// the DNS passes (the text forms below are made from its bytes).
    /// - Parameters:
    ///   - out: `nameBytesKept` bytes for the name's bytes (see `NameBytes.count`), or nil.
    ///   - labelLengths: `labelsKept` bytes for the length of each label in order, or nil.
    /// - Returns: nil when the name is malformed (runs off the message, a label over 63 octets or an
    ///   unknown label type, more than `nameLimit` octets, too many pointers).
    public func readName(
        at offset: Int, into out: UnsafeMutablePointer<UInt8>? = nil, labelLengths: UnsafeMutablePointer<UInt8>? = nil
    ) -> NameBytes? {
        var o = offset, end = -1, jumps = 0, total = 0, count = 0, labels = 0
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
            labelLengths?[labels] = UInt8(length)
            labels += 1
            if let out {
                if count > 0 { out[count] = 46; count += 1 }
                for k in 1 ... length {
                    let c = message.byte(o + k)
                    out[count] = c >= 65 && c <= 90 ? c + 32 : c
                    count += 1
                }
            }
            o += 1 + length
        }
        return NameBytes(count: count, end: end, labels: labels, compressed: jumps > 0)
    }

    /// The text form of name bytes from `readName`: bytes outside printable ASCII read as `?`.
    public static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { text in
            for (i, c) in bytes.enumerated() { text[i] = c > 32 && c < 127 ? c : 63 }
            return bytes.count
        }
    }

    /// The name at `offset` and the offset after it in place; follows at most 16 compression pointers.
    public func name(at offset: Int) -> (text: String, end: Int)? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.nameBytesKept) { out in
            guard let name = readName(at: offset, into: out.baseAddress) else { return nil }
            return (name.count == 0 ? "<root>" : Self.text(UnsafeBufferPointer(rebasing: out[..<name.count])), name.end)
        }
    }

    /// The question at `offset`.
    public func question(at offset: Int) -> Question? {
        guard let (name, end) = name(at: offset), end + 4 <= message.count else { return nil }
        return Question(name: name, type: message.loadBigEndian(UInt16.self, at: end), end: end + 4)
    }

    /// The resource record at `offset`.
    public func record(at offset: Int) -> Record? {
        guard let header = recordHeader(at: offset), let (name, _) = name(at: offset) else { return nil }
        return Record(name: name, type: header.type, ttl: header.ttl, value: value(of: header), end: header.end)
    }

    /// The resource record at `offset` without its owner name as text (nil exactly when `record(at:)` is).
    public func recordHeader(at offset: Int) -> RecordHeader? {
        guard let name = readName(at: offset), name.end + 10 <= message.count else { return nil }
        let end = name.end
        let length = Int(message.loadBigEndian(UInt16.self, at: end + 8))
        let data = end + 10
        guard data + length <= message.count else { return nil }
        return RecordHeader(
            type: message.loadBigEndian(UInt16.self, at: end), ttl: message.loadBigEndian(UInt32.self, at: end + 4), data: data,
            length: length, end: data + length)
    }

    /// A record's data as text (`Record.value`).
    public func value(of header: RecordHeader) -> String { value(type: header.type, at: header.data, length: header.length) }

    func value(type: UInt16, at data: Int, length: Int) -> String {
        switch type {
        case 1 where length == 4:
            return IPAddress(ipv4: message.loadBigEndian(UInt32.self, at: data)).description
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
