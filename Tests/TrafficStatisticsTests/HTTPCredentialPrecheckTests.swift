@testable import TrafficStatistics
import Testing

/// The byte pre-check in front of the HTTP login reading: every request the text checks could read
/// as a login passes it (any case of the header name, anywhere in the bytes, a POST at the start),
/// and ordinary requests stop there.
@Test func httpCredentialPrecheckKeepsEveryRequestTheTextChecksRead() {
    func check(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { CredentialPass.mayCarryHTTPCredentials($0) } }
    #expect(check("GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Basic Ym9iOnNlY3JldA==\r\n\r\n"))
    #expect(check("GET / HTTP/1.1\r\nAUTHORIZATION: Basic eA==\r\n\r\n"))
    #expect(check("GET / HTTP/1.1\r\naUtHoRiZaTiOn:Basic eA==\r\n\r\n"))
    #expect(check("POST /login HTTP/1.1\r\nHost: a\r\n\r\nuser=bob&pass=x"))
    #expect(check("authorization:"))
    #expect(!check("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\n\r\n"))
    #expect(!check("GET / HTTP/1.1\r\nAuthorisation: Basic eA==\r\n\r\n"))
    #expect(!check("PUT /login HTTP/1.1\r\n\r\npass=x"))
    #expect(!check("post /login HTTP/1.1\r\n\r\npass=x"))  // the text check wants "POST " too
    #expect(!check("authorization"))
    #expect(!check(""))
}
