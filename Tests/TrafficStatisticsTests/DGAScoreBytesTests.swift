#if canImport(Glibc)
import Glibc
#endif
@testable import TrafficStatistics
import Testing

/// `DGAScore.score` as it was before the byte path (Character labels, a heap histogram): the
/// reference the byte path must equal exactly.
private func referenceScore(_ name: String) -> Double {
    let labels = name.split(separator: ".")
    guard !name.hasSuffix(".arpa"), labels.count >= 2 else { return 0 }
    let last = labels[labels.count - 1], second = labels[labels.count - 2]
    let label = labels.count >= 3 && last.count == 2 && second.count <= 3 ? labels[labels.count - 3] : second
    guard label.utf8.count >= 6 else { return 0 }
    var bins = [Int](repeating: 0, count: 256)
    var run = 0, longestRun = 0, digits = 0
    for c in label.utf8 {
        bins[Int(c)] += 1
        if c >= 48 && c <= 57 { digits += 1 }
        let isConsonant = c >= 97 && c <= 122 && !"aeiouy".utf8.contains(c)
        run = isConsonant ? run + 1 : 0
        longestRun = max(longestRun, run)
    }
    let n = Double(label.utf8.count)
    var entropy = 0.0
    for b in bins where b > 0 {
        let q = Double(b) / n
        entropy -= q * log2(q)
    }
    func clamp(_ x: Double) -> Double { min(1, max(0, x)) }
    return 0.35 * clamp((entropy - 2.5) / 1.5) + 0.25 * clamp((n - 8) / 12) + 0.25 * clamp(Double(longestRun - 3) / 4)
        + 0.15 * clamp(Double(digits) / n / 0.3)
}

/// The byte path of the DGA score gives bit for bit the score of the Character path, on names
/// with empty labels, `co.uk`-like suffixes, reverse names, digits, consonant runs and odd bytes.
@Test func dgaScoreOnBytesEqualsTheCharacterPath() {
    let pieces = [
        "xkqjwzrtplm", "google", "a", "ab", "abc", "co", "uk", "com", "org", "net", ".", "..", "-", "_", "0", "123456", "xn--",
        "bcdfghjklmnp", "aeiouy", "in-addr", "arpa", "ARPA", "Z", "é", "\r\n", "\t", " ",
    ]
    var state: UInt64 = 7
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    var scored = 0
    for _ in 0 ..< 30_000 {
        let name = (0 ..< Int(next() % 9)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
        let score = DGAScore.score(name), reference = referenceScore(name)
        if reference > 0 { scored += 1 }
        #expect(score.bitPattern == reference.bitPattern, "\(name.debugDescription): \(score) vs \(reference)")
    }
    #expect(scored > 1_000)
    for name in ["", ".", "a.b", "xkqjwzrtplm.com", "xkqjwzrtplm.co.uk", "1.2.3.4.in-addr.arpa", ".xkqjwzrtplm.com.", "x..y.com"] {
        #expect(DGAScore.score(name).bitPattern == referenceScore(name).bitPattern, "\(name.debugDescription)")
    }
}
