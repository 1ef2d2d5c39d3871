import Support
import Testing

@Test func streamingDigestEqualsOneShot() {
    let d = StreamingDigest(.md5)
    for piece in ["ab", "", "c"] { Array(piece.utf8).withUnsafeBytes { d.update($0) } }
    #expect(d.finish() == Digest.md5(text: "abc"))
    #expect(d.finish() == "", "a second finish has nothing left")
}
