import Testing

@testable import TrafficStatistics

@Test func onlyWholeWellFormedDNSMessagesCountOffPort() {
    // A query for example.com A IN, then the same with a trailing byte, then random bytes.
    let query: [UInt8] =
        [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 1, 0, 1]
    query.withUnsafeBytes { #expect(DNSQueryPass.strictQuestion($0) == "example.com") }
    (query + [0]).withUnsafeBytes { #expect(DNSQueryPass.strictQuestion($0) == nil) }
    var state: UInt64 = 42
    var accepted = 0
    for _ in 0 ..< 20_000 {
        let bytes = (0 ..< 60).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        bytes.withUnsafeBytes { if DNSQueryPass.strictQuestion($0) != nil { accepted += 1 } }
    }
    #expect(accepted == 0)
}
