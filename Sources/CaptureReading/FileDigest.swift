import CCrypto

/// SHA-256 and SHA-1 of a byte stream, updated chunk by chunk (OpenSSL's libcrypto, which uses the
/// CPU's SHA instructions where present: hashing must not cost more than reading).
final class FileDigest {
    private let sha256 = EVP_MD_CTX_new()
    private let sha1 = EVP_MD_CTX_new()

    init() {
        EVP_DigestInit_ex(sha256, EVP_sha256(), nil)
        EVP_DigestInit_ex(sha1, EVP_sha1(), nil)
    }
    deinit { EVP_MD_CTX_free(sha256); EVP_MD_CTX_free(sha1) }

    /// The corresponding C function is `EVP_DigestUpdate`.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(sha256, base, bytes.count)
        EVP_DigestUpdate(sha1, base, bytes.count)
    }

    /// Lower-case hex digests; the contexts are finished and must not be updated again.
    func finish() -> (sha256: String, sha1: String) {
        (Self.hex(sha256, length: 32), Self.hex(sha1, length: 20))
    }

    private static func hex(_ context: OpaquePointer?, length: Int) -> String {
        var out = [UInt8](repeating: 0, count: 64)
        var size: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &size)
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in out.prefix(Int(size)) { text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 15)]) }
        return String(decoding: text, as: UTF8.self)
    }
}
