/// The head of an HTTP/1.x message (RFC 9112): start line and header fields, up to the empty line.
/// Valid only inside the record closure; reads the bytes in place (no copy, no allocation).
///
/// It answers what TCP reassembly needs: where the head ends, how the body's length is known
/// (Content-Length, chunked, or until the connection closes), and which protocol Wireshark shows for
/// the body's media type.
public struct HTTPMessageHeadView {
    /// How the body's end is found.
    public enum BodyLength: Equatable, Sendable {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    /// Bytes of the head, the final CRLF CRLF included.
    public let headLength: Int
    public let body: BodyLength
    /// The node Wireshark's hierarchy shows for the body (`data-text-lines`, `png`, `media`…), or
    /// `.none`; `json` bodies also show `data-text-lines` (see `bodyProtocols`).
    public let bodyProtocol: ProtocolID

    /// Parses the head at the start of `bytes`; nil when the payload does not start with an HTTP
    /// start line or the head does not end inside `bytes`.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        guard ApplicationClassifier.startsWithHTTP(bytes), let end = Self.find(bytes, "\r\n\r\n") else { return nil }
        headLength = end + 4
        let isResponse = Self.hasPrefix(bytes, at: 0, "HTTP/")
        var status = 0
        if isResponse, bytes.count >= 12 {
            for i in 9 ..< 12 {
                let d = bytes.byte(i)
                guard d >= 0x30 && d <= 0x39 else { status = 0; break }
                status = status * 10 + Int(d - 0x30)
            }
        }
        var contentLength: Int?
        var chunked = false
        var media = ProtocolID.none
        var sawType = false
        // Header lines: from the first CRLF to the empty line.
        var line = (Self.find(bytes, "\r\n") ?? end) + 2
        while line < end {
            let next = Self.find(bytes, "\r\n", from: line) ?? end
            if Self.hasPrefixIgnoringCase(bytes, at: line, "content-length:") {
                contentLength = Self.integer(bytes, from: line + 15, to: next)
            } else if Self.hasPrefixIgnoringCase(bytes, at: line, "transfer-encoding:") {
                chunked = Self.contains(bytes, from: line + 18, to: next, "chunked")
            } else if Self.hasPrefixIgnoringCase(bytes, at: line, "content-type:") {
                sawType = true
                media = Self.mediaProtocol(bytes, from: line + 13, to: next)
            }
            line = next + 2
        }
        if isResponse && (status / 100 == 1 || status == 204 || status == 304) {
            body = .none
        } else if chunked {
            body = .chunked
        } else if let contentLength {
            body = contentLength > 0 ? .length(contentLength) : .none
        } else {
            body = isResponse ? .untilClose : .none
        }
        // A body without a Content-Type is `data` inside the http tree: no node of its own.
        bodyProtocol = body == .none || !sawType ? .none : media
    }

    /// The nodes the body adds after `http`, in order.
    public var bodyProtocols: (ProtocolID, ProtocolID) {
        bodyProtocol == .json ? (.json, .dataTextLines) : (bodyProtocol, .none)
    }

    /// Wireshark 4.0's media-type table, as far as the corpus shows it.
    static func mediaProtocol(_ b: UnsafeRawBufferPointer, from start: Int, to end: Int) -> ProtocolID {
        var s = start
        while s < end && (b.byte(s) == 0x20 || b.byte(s) == 0x09) { s += 1 }
        func starts(_ text: StaticString) -> Bool { hasPrefixIgnoringCase(b, at: s, text, limit: end) }
        if starts("image/png") { return .png }
        if starts("image/jpeg") { return .imageJFIF }
        if starts("image/gif") { return .imageGIF }
        if starts("application/json") { return .json }
        if starts("text/xml") || starts("application/xml") { return .xml }
        if starts("application/x-www-form-urlencoded") { return .urlencodedForm }
        if starts("text/") || starts("application/x-javascript") { return .dataTextLines }
        return .media
    }

    // MARK: byte helpers (ASCII, in place)

    public static func find(_ b: UnsafeRawBufferPointer, _ needle: StaticString, from start: Int = 0) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard n > 0, b.count >= n else { return nil }
        let p = needle.utf8Start
        var i = start
        while i + n <= b.count {
            if b.byte(i) == p[0] {
                var j = 1
                while j < n && b.byte(i + j) == p[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }

    public static func hasPrefix(_ b: UnsafeRawBufferPointer, at o: Int, _ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount, p = text.utf8Start
        guard o + n <= b.count else { return false }
        for j in 0 ..< n where b.byte(o + j) != p[j] { return false }
        return true
    }

    static func hasPrefixIgnoringCase(_ b: UnsafeRawBufferPointer, at o: Int, _ text: StaticString, limit: Int? = nil) -> Bool {
        let n = text.utf8CodeUnitCount, p = text.utf8Start
        guard o + n <= min(limit ?? b.count, b.count) else { return false }
        for j in 0 ..< n {
            var c = b.byte(o + j)
            if c >= 0x41 && c <= 0x5A { c += 0x20 }
            if c != p[j] { return false }
        }
        return true
    }

    static func contains(_ b: UnsafeRawBufferPointer, from start: Int, to end: Int, _ text: StaticString) -> Bool {
        var i = start
        while i < end {
            if hasPrefixIgnoringCase(b, at: i, text, limit: end) { return true }
            i += 1
        }
        return false
    }

    static func integer(_ b: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        var i = start, value = 0, digits = 0
        while i < end && (b.byte(i) == 0x20 || b.byte(i) == 0x09) { i += 1 }
        while i < end, b.byte(i) >= 0x30 && b.byte(i) <= 0x39 {
            guard value < Int.max / 10 - 10 else { return nil }
            value = value * 10 + Int(b.byte(i) - 0x30); digits += 1; i += 1
        }
        return digits > 0 ? value : nil
    }
}
