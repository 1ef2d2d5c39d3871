import Support

/// The fields of a TLS ClientHello or ServerHello that the report and the fingerprints read, parsed
/// from the handshake message body (after its 4-byte header). Every length is checked against the
/// bytes present: a hello that does not fit is rejected whole.
public struct TLSHello: Sendable, Equatable {
    /// `legacy_version` of the hello (0x0303 for TLS 1.2 and 1.3).
    public var version: UInt16 = 0
    /// Offered cipher suites (ClientHello, in order, GREASE kept) or the one selected (ServerHello).
    public var ciphers: [UInt16] = []
    /// Extension types in order, GREASE kept.
    public var extensions: [UInt16] = []
    /// supported_groups (ClientHello), in order.
    public var groups: [UInt16] = []
    /// ec_point_formats, in order.
    public var pointFormats: [UInt8] = []
    /// signature_algorithms, in order.
    public var signatureAlgorithms: [UInt16] = []
    /// supported_versions: offered (ClientHello) or the one selected (ServerHello).
    public var supportedVersions: [UInt16] = []
    /// server_name (host_name entry), raw bytes as sent (may be anything: hostile input).
    public var serverName: [UInt8]?
    /// application_layer_protocol_negotiation protocol names, raw bytes.
    public var alpn: [[UInt8]] = []

    /// Parses a ClientHello (`client == true`) or ServerHello body; nil when it is cut or inconsistent.
    public init?(body: ArraySlice<UInt8>, client: Bool) {
        var r = TLSByteReader(body)
        guard let version = r.u16(), r.skip(32), let sessionLength = r.u8(), r.skip(Int(sessionLength)) else { return nil }
        self.version = version
        if client {
            guard let cipherBytes = r.vector(lengthBytes: 2), cipherBytes.count % 2 == 0,
                r.vector(lengthBytes: 1) != nil
            else { return nil }
            ciphers = TLSByteReader.u16List(cipherBytes)
        } else {
            guard let cipher = r.u16(), r.skip(1) else { return nil }
            ciphers = [cipher]
        }
        guard r.remaining > 0 else { return }
        guard let extensionBytes = r.vector(lengthBytes: 2) else { return nil }
        var e = TLSByteReader(extensionBytes)
        while e.remaining > 0 {
            guard let type = e.u16(), let data = e.vector(lengthBytes: 2) else { return nil }
            extensions.append(type)
            parseExtension(type, data, client: client)
        }
    }

    private mutating func parseExtension(_ type: UInt16, _ data: ArraySlice<UInt8>, client: Bool) {
        var d = TLSByteReader(data)
        switch type {
        case 0:  // server_name
            guard client, let list = d.vector(lengthBytes: 2) else { return }
            var l = TLSByteReader(list)
            while l.remaining > 0 {
                guard let nameType = l.u8(), let name = l.vector(lengthBytes: 2) else { return }
                if nameType == 0, serverName == nil { serverName = Array(name) }
            }
        case 10:  // supported_groups
            if let list = d.vector(lengthBytes: 2) { groups = TLSByteReader.u16List(list) }
        case 11:  // ec_point_formats
            if let list = d.vector(lengthBytes: 1) { pointFormats = Array(list) }
        case 13:  // signature_algorithms
            if let list = d.vector(lengthBytes: 2) { signatureAlgorithms = TLSByteReader.u16List(list) }
        case 16:  // application_layer_protocol_negotiation
            guard let list = d.vector(lengthBytes: 2) else { return }
            var l = TLSByteReader(list)
            while l.remaining > 0 {
                guard let name = l.vector(lengthBytes: 1) else { return }
                alpn.append(Array(name))
            }
        case 43:  // supported_versions
            if client {
                if let list = d.vector(lengthBytes: 1) { supportedVersions = TLSByteReader.u16List(list) }
            } else if let selected = d.u16() {
                supportedVersions = [selected]
            }
        default: return
        }
    }

    /// RFC 8701 GREASE values (0x0a0a, 0x1a1a, … 0xfafa): left out of every fingerprint.
    public static func isGREASE(_ value: UInt16) -> Bool { value & 0x0f0f == 0x0a0a && value & 0xff == value >> 8 }

    /// The JA3 string as Wireshark's `tls.handshake.ja3_full` builds it:
    /// `version,ciphers,extensions,groups,point formats`, decimal, `-` between, GREASE left out.
    public var ja3Full: String {
        func list(_ values: [UInt16]) -> String { values.filter { !Self.isGREASE($0) }.map(String.init).joined(separator: "-") }
        return "\(version),\(list(ciphers)),\(list(extensions)),\(list(groups)),"
            + pointFormats.map(String.init).joined(separator: "-")
    }

    /// JA3: MD5 of `ja3Full` (`tls.handshake.ja3`).
    public var ja3: String { Digest.md5(text: ja3Full) }

    /// The JA3S string of a ServerHello (`tls.handshake.ja3s_full`): `version,cipher,extensions`.
    public var ja3sFull: String {
        let exts = extensions.filter { !Self.isGREASE($0) }.map(String.init).joined(separator: "-")
        return "\(version),\(ciphers.first.map(String.init) ?? ""),\(exts)"
    }

    /// JA3S: MD5 of `ja3sFull` (`tls.handshake.ja3s`).
    public var ja3s: String { Digest.md5(text: ja3sFull) }

    /// The version the hello offers at most (ClientHello) or selected (ServerHello): the highest
    /// non-GREASE supported_versions entry when present, else `legacy_version`.
    public var effectiveVersion: UInt16 {
        supportedVersions.filter { !Self.isGREASE($0) }.max() ?? version
    }

    /// JA4 (FoxIO spec) of a ClientHello over TCP: `t13d1516h2_<ciphers>_<extensions+sigalgs>`.
    public var ja4: String {
        let versionCode: String
        switch effectiveVersion {
        case 0x0304: versionCode = "13"
        case 0x0303: versionCode = "12"
        case 0x0302: versionCode = "11"
        case 0x0301: versionCode = "10"
        case 0x0300: versionCode = "s3"
        case 0x0002: versionCode = "s2"
        default: versionCode = "00"
        }
        let cipherList = ciphers.filter { !Self.isGREASE($0) }
        let extensionList = extensions.filter { !Self.isGREASE($0) }
        func count(_ n: Int) -> String { n >= 10 ? String(min(n, 99)) : "0\(n)" }
        var alpnCode = "00"
        if let first = alpn.first, let a = first.first, let z = first.last {
            func alnum(_ c: UInt8) -> Bool { (48 ... 57).contains(c) || (65 ... 90).contains(c) || (97 ... 122).contains(c) }
            if alnum(a), alnum(z) {
                alpnCode = String(decoding: [a, z], as: UTF8.self)
            } else {
                let hexA = Digest.hex([a]), hexZ = Digest.hex([z])
                alpnCode = String(hexA.prefix(1)) + String(hexZ.suffix(1))
            }
        }
        func hex4(_ v: UInt16) -> String { Digest.hex([UInt8(v >> 8), UInt8(v & 0xff)]) }
        func truncatedHash(_ text: String) -> String { text.isEmpty ? "000000000000" : String(Digest.sha256(text: text).prefix(12)) }
        let cipherText = cipherList.map(hex4).sorted().joined(separator: ",")
        var extensionText = extensionList.filter { $0 != 0 && $0 != 16 }.map(hex4).sorted().joined(separator: ",")
        let signatures = signatureAlgorithms.filter { !Self.isGREASE($0) }
        if !signatures.isEmpty { extensionText += "_" + signatures.map(hex4).joined(separator: ",") }
        let a =
            "t" + versionCode + (extensions.contains(0) ? "d" : "i") + count(cipherList.count)
            + count(extensionList.count) + alpnCode
        return a + "_" + truncatedHash(cipherText) + "_" + truncatedHash(extensionText)
    }
}

/// A bounds-checked reader over a TLS byte vector: every read returns nil when the bytes are not there.
struct TLSByteReader {
    var bytes: ArraySlice<UInt8>
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    var remaining: Int { bytes.count }

    mutating func u8() -> UInt8? {
        guard let b = bytes.first else { return nil }
        bytes = bytes.dropFirst()
        return b
    }

    mutating func u16() -> UInt16? {
        guard bytes.count >= 2 else { return nil }
        let i = bytes.startIndex
        defer { bytes = bytes.dropFirst(2) }
        return UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
    }

    mutating func skip(_ n: Int) -> Bool {
        guard bytes.count >= n else { return false }
        bytes = bytes.dropFirst(n)
        return true
    }

    /// A vector with a 1-, 2- or 3-byte big-endian length prefix.
    mutating func vector(lengthBytes: Int) -> ArraySlice<UInt8>? {
        guard bytes.count >= lengthBytes else { return nil }
        var length = 0
        for k in 0 ..< lengthBytes { length = length << 8 | Int(bytes[bytes.startIndex + k]) }
        guard bytes.count - lengthBytes >= length else { return nil }
        let start = bytes.startIndex + lengthBytes
        let result = bytes[start ..< start + length]
        bytes = bytes[(start + length)...]
        return result
    }

    static func u16List(_ bytes: ArraySlice<UInt8>) -> [UInt16] {
        var r = TLSByteReader(bytes)
        var out: [UInt16] = []
        while let v = r.u16() { out.append(v) }
        return out
    }
}
