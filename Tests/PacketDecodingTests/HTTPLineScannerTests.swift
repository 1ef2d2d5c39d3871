@testable import PacketDecoding
import Testing

@Test func firstBytePrecheckMatchesThePrefixes() {
    let firsts = Set(HTTPLineScanner.prefixes.compactMap(\.first))
    for byte in UInt8.min ... UInt8.max { #expect(HTTPLineScanner.mayStartPrefix(byte) == firsts.contains(byte), "byte \(byte)") }
}

@Test func startsMessageKnowsMethodsAndStatusLinesOnly() {
    for text in ["GET / HTTP/1.1", "M-SEARCH * HTTP/1.1", "HTTP/1.1 200 OK", "UNSUBSCRIBE x"] {
        Array(text.utf8).withUnsafeBytes { #expect(HTTPLineScanner.startsMessage($0), "\(text)") }
    }
    for text in ["", "G", "GET/", "get / HTTP/1.1", "\u{16}\u{03}\u{01}", "HTTP/2 200"] {
        Array(text.utf8).withUnsafeBytes { #expect(!HTTPLineScanner.startsMessage($0), "\(text)") }
    }
}
