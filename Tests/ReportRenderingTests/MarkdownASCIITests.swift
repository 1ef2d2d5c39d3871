@testable import ReportRendering
import Testing

/// A deterministic stream of printable-ASCII strings rich in what the Markdown rules look at:
/// schemes in either case, `www.`, dots, digits before `.`/`)`, block markers, underscores between
/// word characters and every special character.
private struct TextSampler {
    var state: UInt64
    static let pieces = [
        "http://", "HTTPS://", "hTtP://", "ftp://", "FTP://", "www.", "WWW.", ".", "..", ". ", "_", "a_b", "1.", "12)", "3. ",
        "#", "+", "-", "=", " ", "  ", "x", "Z", "9", "/", "?", ":", "\\", "\"", "'", "<", ">", "(", ")", "[", "]", "|", "`", "*",
        "~", "&", "!", "evil", "example", "com", "-x", "@", "%", "\t", "é", "\u{200B}", "\r\n",
    ]

    /// The next pseudo-random number (SplitMix64).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A string of up to 11 pieces.
    mutating func text() -> String {
        let count = Int(next() % 12)
        return (0 ..< count).map { _ in Self.pieces[Int(next() % UInt64(Self.pieces.count))] }.joined()
    }
}

/// `defanged` as it was: text without a dot unchanged, else the Character path.
private func reference(_ text: String) -> String { text.contains(".") ? MarkdownText.defangedCharacters(text) : text }

/// The byte path for printable ASCII gives exactly what the Character path gives (it replaced it
/// for speed; any difference would change a report).
@Test func asciiMarkdownPathMatchesTheCharacterPath() {
    var sampler = TextSampler(state: 19)
    var ascii = 0
    for _ in 0 ..< 40_000 {
        let text = sampler.text()
        if MarkdownText.isPrintableASCII(text) { ascii += 1 }
        #expect(MarkdownText.inline(text) == MarkdownText.inlineCharacters(text), "inline of \(text.debugDescription)")
        #expect(MarkdownText.defanged(text) == reference(text), "defanged of \(text.debugDescription)")
    }
    #expect(ascii > 10_000)
    for text in ["", " ", "   #x", "1.", "1. x", "12)", "1.2", "www.", "http://", "http://.", "http://a..b", "a.b", "_a_", "x_y_z"] {
        #expect(MarkdownText.inline(text) == MarkdownText.inlineCharacters(text), "inline of \(text.debugDescription)")
        #expect(MarkdownText.defanged(text) == reference(text), "defanged of \(text.debugDescription)")
    }
}
