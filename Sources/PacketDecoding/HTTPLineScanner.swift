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
        guard prefixes.contains(where: { startsWith(payload, $0) }) else { return nil }
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
        prefixes.contains { startsWith(payload, $0) }
    }

    static func startsWith(_ payload: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard payload.count >= prefix.count else { return false }
        for i in 0 ..< prefix.count where payload.byte(i) != prefix[i] { return false }
        return true
    }
}
