#if canImport(Glibc)
import Glibc
#endif

/// An `http://host[:port][/base]` address a ticket tracker listens on. Only plain HTTP: the
/// package links no TLS library (see docs/nightly.md, "Tickets": put an `https` tracker behind a
/// local TLS-terminating proxy such as stunnel).
public struct HTTPEndpoint: Sendable, Equatable {
    public var host: String
    public var port: UInt16
    /// Path prefix without a trailing slash ("" at the root).
    public var basePath: String

    /// Parses `http://host[:port][/base]`; throws a one-line reason for anything else.
    public init(_ url: String) throws(HTTPError) {
        if url.hasPrefix("https://") {
            throw HTTPError("https is not supported (no TLS library is linked): use http:// to a local TLS proxy")
        }
        guard url.hasPrefix("http://") else { throw HTTPError("tracker URL must start with http://") }
        let rest = url.dropFirst("http://".count)
        let hostPort = rest.prefix { $0 != "/" }
        var base = String(rest.dropFirst(hostPort.count))
        while base.hasSuffix("/") { base.removeLast() }
        basePath = base
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasPrefix("[") || hostPort[..<colon].hasSuffix("]") {
            guard let p = UInt16(hostPort[hostPort.index(after: colon)...]) else { throw HTTPError("bad port in tracker URL") }
            host = String(hostPort[..<colon]); port = p
        } else {
            host = String(hostPort); port = 80
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { throw HTTPError("tracker URL has no host") }
    }
}

/// A failed HTTP exchange, as one line (never containing a credential).
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One HTTP/1.1 request: method, path (with query), headers and body.
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public init(method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method; self.path = path; self.headers = headers; self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// A response: status code, headers and the (de-chunked) body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status; self.headers = headers; self.body = body
    }
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A `multipart/form-data` body builder (RFC 7578): file parts and field parts.
public struct MultipartBody: Sendable {
    public let boundary: String
    public private(set) var bytes: [UInt8] = []

    public init(boundary: String = "pcap-report-7c1f0d5e9b") { self.boundary = boundary }

    public var contentType: String { "multipart/form-data; boundary=" + boundary }

    public mutating func addField(name: String, value: String, contentType: String? = nil) {
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        bytes += Array((head + "\r\n").utf8) + Array(value.utf8) + Array("\r\n".utf8)
    }

    public mutating func addFile(name: String, fileName: String, contentType: String, data: [UInt8]) {
        let head =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; "
            + "filename=\"\(Self.quoted(fileName))\"\r\nContent-Type: \(contentType)\r\n\r\n"
        bytes += Array(head.utf8) + data + Array("\r\n".utf8)
    }

    /// The body with its closing delimiter.
    public func finished() -> [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }

    static func quoted(_ s: String) -> String { String(s.map { $0 == "\"" || $0 == "\r" || $0 == "\n" ? "_" : $0 }) }
}

/// A minimal blocking HTTP/1.1 client over a POSIX socket (`Connection: close`, one request per
/// connection), with a send/receive timeout and a bounded response size. The package uses no
/// Foundation, so no URLSession; this is the one place that opens a network socket.
public enum HTTPClient {
    /// Largest response body kept (tracker answers are small JSON).
    public static let maximumResponseBytes = 8 << 20

    public static func send(_ request: HTTPRequest, to endpoint: HTTPEndpoint, timeoutSeconds: Int = 30) throws(HTTPError) -> HTTPResponse {
        let fd = try connect(endpoint, timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        var head = "\(request.method) \(endpoint.basePath)\(request.path) HTTP/1.1\r\n"
        head += "Host: \(endpoint.host):\(endpoint.port)\r\nConnection: close\r\n"
        head += "Content-Length: \(request.body.count)\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        guard FileIO.writeAll(fd, Array(head.utf8) + request.body) == nil else {
            throw HTTPError("\(request.method) \(request.path): send failed: \(String(cString: strerror(errno)))")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count <= maximumResponseBytes {
            let n = buffer.withUnsafeMutableBytes { FileIO.read(fd, into: $0.baseAddress, count: $0.count) }
            if n == 0 { break }
            if n < 0 {
                let reason =
                    errno == EAGAIN || errno == EWOULDBLOCK ? "timed out after \(timeoutSeconds) s" : String(cString: strerror(errno))
                throw HTTPError("\(request.method) \(request.path): receive failed: \(reason)")
            }
            received += buffer[0 ..< n]
        }
        return try parse(received, request: request)
    }

    static func connect(_ endpoint: HTTPEndpoint, timeoutSeconds: Int) throws(HTTPError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard rc == 0, let first = list else { throw HTTPError("cannot resolve \(endpoint.host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            node = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastError = String(cString: strerror(errno)); continue }
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw HTTPError("cannot connect to \(endpoint.host):\(endpoint.port): \(lastError)")
    }

    static func parse(_ bytes: [UInt8], request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.dropLast(3).first(where: { Array(bytes[$0 ..< $0 + 4]) == separator }) else {
            throw HTTPError("\(request.method) \(request.path): malformed response (\(bytes.count) bytes)")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw HTTPError("\(request.method) \(request.path): malformed status line")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
        }
        var body = Array(bytes[(end + 4)...])
        let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }
        if chunked { body = dechunk(body) }
        if let length = headers.first(where: { $0.0.lowercased() == "content-length" }).flatMap({ Int($0.1) }), !chunked,
            length < body.count
        {
            body = Array(body[..<length])
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = (i ..< bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: bytes[i ..< lineEnd], as: UTF8.self).prefix { $0 != ";" }
            guard let size = Int(sizeText.trimmingSpaces, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { out += bytes[start...]; break }
            out += bytes[start ..< start + size]
            i = start + size + 2
        }
        return out
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
