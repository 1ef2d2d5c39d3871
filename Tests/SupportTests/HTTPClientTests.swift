import Support
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A one-shot HTTP server on 127.0.0.1 (an ephemeral port) that keeps the request it read and
/// answers with `reply`.
final class OneShotServer: @unchecked Sendable {
    let fd: Int32
    let port: UInt16
    private let monitor = Monitor()
    private var received: [UInt8] = []
    private var thread: ThreadHandle?

    init(reply: [UInt8]) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        listen(listener, 1)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        fd = listener
        port = UInt16(bigEndian: address.sin_port)
        thread = Threads.spawn { [self] in
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 65536)
            var got: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                got += buffer[0 ..< n]
                let text = String(decoding: got, as: UTF8.self)
                if let end = text.firstRange(of: "\r\n\r\n") {
                    let head = text[..<end.lowerBound].lowercased()
                    let length =
                        head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).drop { $0 == " " }) } ?? 0
                    if got.count >= text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) + length { break }
                }
            }
            monitor.locked { received = got }
            _ = FileIO.writeAll(client, reply)
            close(client)
        }
    }

    /// The raw request, after the server answered.
    func request() -> String {
        shutdown(fd, Int32(SHUT_RDWR))  // wakes an accept nobody connects to
        thread?.join(); thread = nil
        close(fd)
        return monitor.locked { String(decoding: received, as: UTF8.self) }
    }
}

@Test func theClientSendsOneHTTP11RequestAndReadsAChunkedAnswer() throws {
    let reply =
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "7\r\n{\"id\":4\r\n1\r\n}\r\n0\r\n\r\n"
    let server = OneShotServer(reply: Array(reply.utf8))
    let endpoint = try HTTPEndpoint("http://127.0.0.1:\(server.port)/redmine")
    let response = try HTTPClient.send(
        HTTPRequest(method: "POST", path: "/issues.json", headers: [("X-Redmine-API-Key", "k")], body: Array("{}".utf8)), to: endpoint,
        timeoutSeconds: 5)
    #expect(response.status == 201)
    #expect(response.text == "{\"id\":4}")
    let request = server.request()
    #expect(
        request.hasPrefix(
            "POST /redmine/issues.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close\r\nContent-Length: 2\r\n"))
    #expect(request.hasSuffix("\r\n\r\n{}"))
}

@Test func aRefusedConnectionIsOneLine() throws {
    let server = OneShotServer(reply: [])
    let port = server.port
    _ = server.request()  // closed: nothing listens there any more
    #expect(throws: HTTPError.self) {
        try HTTPClient.send(HTTPRequest(method: "GET", path: "/"), to: try HTTPEndpoint("http://127.0.0.1:\(port)"), timeoutSeconds: 2)
    }
}

@Test func multipartBodiesFollowRFC7578() {
    var body = MultipartBody(boundary: "B")
    body.addField(name: "ticket", value: "{}", contentType: "application/json")
    body.addFile(name: "file", fileName: "a\"b.html", contentType: "text/html", data: Array("<p>".utf8))
    #expect(
        String(decoding: body.finished(), as: UTF8.self) == """
            --B\r\nContent-Disposition: form-data; name="ticket"\r\nContent-Type: application/json\r\n\r\n{}\r\n\
            --B\r\nContent-Disposition: form-data; name="file"; filename="a_b.html"\r\nContent-Type: text/html\r\n\r\n<p>\r\n--B--\r\n
            """)
}
