/// Finds the first line of an HTTP-style message (HTTP over TCP, SSDP over UDP): a request line with a
/// known method, or a status line. Valid only inside the record closure.
public enum HTTPLineScanner {
    /// Methods Wireshark's HTTP dissector accepts as a request line (RFC 9110, WebDAV, SSDP/UPnP), each
    /// followed by a space, plus the status-line prefix.
    static let prefixes: [[UInt8]] = [
        "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "TRACE ", "PATCH ",
        "PROPFIND ", "PROPPATCH ", "MKCOL ", "COPY ", "MOVE ", "LOCK ", "UNLOCK ", "SEARCH ",
        "NOTIFY ", "M-SEARCH ", "SUBSCRIBE ", "UNSUBSCRIBE ", "HTTP/1.",
    ].map { Array($0.utf8) }

    /// The length in bytes of the first line (without CR LF) when the payload starts with an HTTP request
    /// or status line terminated by CR LF within `limit` bytes; nil otherwise.
    public static func firstLineLength(_ payload: UnsafeRawBufferPointer, limit: Int = 4096) -> Int? {
        guard startsMessage(payload) else { return nil }
        var end = 0
        while end + 1 < payload.count && end < limit {
            if payload.byte(end) == 13 && payload.byte(end + 1) == 10 { return end }
            end += 1
        }
        return nil
    }

    /// True when the payload starts with a request method Wireshark accepts (WebDAV and UPnP ones
    /// included) followed by a space, or with a status line.
    public static func startsMessage(_ payload: UnsafeRawBufferPointer) -> Bool {
        // Most segments of other protocols are told by their first byte, before the 22 prefixes.
        guard let first = payload.first, mayStartPrefix(first) else { return false }
        return prefixes.contains { startsWith(payload, $0) }
    }

    /// The first byte of some prefix (G, P, H, D, O, C, T, M, L, U, S, N); a test keeps it equal to `prefixes`.
    static func mayStartPrefix(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x43, 0x44, 0x47, 0x48, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x53, 0x54, 0x55: return true
        default: return false
        }
    }

    static func startsWith(_ payload: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard payload.count >= prefix.count else { return false }
        for i in 0 ..< prefix.count where payload.byte(i) != prefix[i] { return false }
        return true
    }
}
