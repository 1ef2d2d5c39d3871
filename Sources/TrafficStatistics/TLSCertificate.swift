import PacketDecoding
import Support

/// The fields of one X.509 certificate (DER, RFC 5280) that the report and the TLS detector read.
/// Parsed by a small bounds-checked DER reader: a certificate that does not parse keeps only its
/// fingerprints (`parsed == false`). Name values are the raw bytes as sent (hostile input).
public struct TLSCertificate: Sendable, Equatable {
    /// SHA-1 and SHA-256 of the DER bytes, lower-case hex (Wireshark's `x509af` fingerprint fields).
    public var sha1 = ""
    public var sha256 = ""
    /// Length of the DER encoding in bytes.
    public var length = 0
    /// False when the DER did not parse as a certificate (the fields below are then empty).
    public var parsed = false
    /// Subject and issuer commonName (2.5.4.3) and organizationName (2.5.4.10), first of each.
    public var subjectCommonName: [UInt8]?
    public var subjectOrganization: [UInt8]?
    public var issuerCommonName: [UInt8]?
    public var issuerOrganization: [UInt8]?
    /// subjectAltName dNSName entries, raw, and iPAddress entries.
    public var dnsNames: [[UInt8]] = []
    public var ipAddresses: [IPAddress] = []
    /// Validity, seconds since the epoch (nil: the time did not parse).
    public var notBefore: Int64?
    public var notAfter: Int64?
    /// The subject Name equals the issuer Name byte for byte (the signature is not verified).
    public var selfSigned = false
    /// "RSA", "EC", "Ed25519", "Ed448", "DSA", or the dotted OID of another algorithm.
    public var publicKeyAlgorithm = ""
    /// Key size in bits: RSA modulus length, EC curve size; nil when unknown.
    public var publicKeyBits: Int?
    /// The named curve of an EC key ("P-256", "P-384", "P-521"), or its dotted OID.
    public var curve: String?

    /// Parses a DER certificate; never fails (fingerprints always present).
    public init(der: ArraySlice<UInt8>) {
        let bytes = Array(der)
        length = bytes.count
        sha1 = Digest.hex(Digest.sha1(bytes: bytes))
        sha256 = Digest.sha256(bytes: bytes)
        parsed = parse(bytes[...])
    }

    /// The subject as a report names it: its commonName, else its organizationName (UTF-8, invalid bytes replaced).
    public var subjectName: String? { (subjectCommonName ?? subjectOrganization).map { String(decoding: $0, as: UTF8.self) } }

    /// The issuer as a report names it: its commonName, else its organizationName.
    public var issuerName: String? { (issuerCommonName ?? issuerOrganization).map { String(decoding: $0, as: UTF8.self) } }

    /// Whether `time` (seconds since the epoch) is after notAfter.
    public func isExpired(at time: Int64) -> Bool { notAfter.map { time > $0 } ?? false }

    /// Whether `time` (seconds since the epoch) is before notBefore.
    public func isNotYetValid(at time: Int64) -> Bool { notBefore.map { time < $0 } ?? false }

    private mutating func parse(_ der: ArraySlice<UInt8>) -> Bool {
        var outer = DERReader(der)
        guard let certificate = outer.read(tag: 0x30) else { return false }
        var c = DERReader(certificate)
        guard let tbs = c.read(tag: 0x30) else { return false }
        var t = DERReader(tbs)
        if t.peekTag == 0xa0 { _ = t.read() }  // [0] version
        guard t.read(tag: 0x02) != nil, t.read(tag: 0x30) != nil,  // serialNumber, signature
            let issuer = t.read(tag: 0x30), let validity = t.read(tag: 0x30), let subject = t.read(tag: 0x30),
            let keyInfo = t.read(tag: 0x30)
        else { return false }
        (issuerCommonName, issuerOrganization) = Self.names(issuer)
        (subjectCommonName, subjectOrganization) = Self.names(subject)
        selfSigned = Array(issuer) == Array(subject)
        var v = DERReader(validity)
        if let (tag, value) = v.read() { notBefore = Self.time(tag: tag, value) }
        if let (tag, value) = v.read() { notAfter = Self.time(tag: tag, value) }
        readKey(keyInfo)
        while let (tag, value) = t.read() {
            guard tag == 0xa3 else { continue }  // [3] extensions
            var e = DERReader(value)
            guard let list = e.read(tag: 0x30) else { break }
            var l = DERReader(list)
            while let ext = l.read(tag: 0x30) {
                var x = DERReader(ext)
                guard let oid = x.read(tag: 0x06) else { continue }
                if x.peekTag == 0x01 { _ = x.read() }  // critical
                guard Array(oid) == [0x55, 0x1d, 0x11], let value = x.read(tag: 0x04) else { continue }
                readAltNames(value)
            }
        }
        return true
    }

    private mutating func readAltNames(_ value: ArraySlice<UInt8>) {
        var s = DERReader(value)
        guard let names = s.read(tag: 0x30) else { return }
        var n = DERReader(names)
        while let (tag, name) = n.read() {
            if tag == 0x82, dnsNames.count < Self.altNamesKept {
                dnsNames.append(Array(name))
            } else if tag == 0x87, ipAddresses.count < Self.altNamesKept {
                let b = Array(name)
                if b.count == 4 {
                    ipAddresses.append(IPAddress(ipv4: b.reduce(0) { $0 << 8 | UInt32($1) }))
                } else if b.count == 16 {
                    let high = b[0 ..< 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    let low = b[8 ..< 16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    ipAddresses.append(IPAddress(ipv6High: high, low: low))
                }
            }
        }
    }

    /// At most this many dNSName and iPAddress entries are kept per certificate.
    public static let altNamesKept = 64

    private mutating func readKey(_ keyInfo: ArraySlice<UInt8>) {
        var k = DERReader(keyInfo)
        guard let algorithm = k.read(tag: 0x30), let key = k.read(tag: 0x03) else { return }
        var a = DERReader(algorithm)
        guard let oid = a.read(tag: 0x06) else { return }
        let parameter = a.read(tag: 0x06).map(Array.init)
        switch Array(oid) {
        case [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]:
            publicKeyAlgorithm = "RSA"
            // BIT STRING: unused-bits byte, then RSAPublicKey ::= SEQUENCE { modulus, exponent }.
            var b = DERReader(key.dropFirst())
            guard let sequence = b.read(tag: 0x30) else { return }
            var s = DERReader(sequence)
            guard let modulus = s.read(tag: 0x02) else { return }
            let digits = modulus.drop { $0 == 0 }
            guard let top = digits.first else { return }
            publicKeyBits = (digits.count - 1) * 8 + (8 - top.leadingZeroBitCount)
        case [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]:
            publicKeyAlgorithm = "EC"
            switch parameter {
            case [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]?: (curve, publicKeyBits) = ("P-256", 256)
            case [0x2b, 0x81, 0x04, 0x00, 0x22]?: (curve, publicKeyBits) = ("P-384", 384)
            case [0x2b, 0x81, 0x04, 0x00, 0x23]?: (curve, publicKeyBits) = ("P-521", 521)
            case let other?: curve = Self.dotted(other[...])
            case nil: break
            }
        case [0x2b, 0x65, 0x70]: (publicKeyAlgorithm, publicKeyBits) = ("Ed25519", 256)
        case [0x2b, 0x65, 0x71]: (publicKeyAlgorithm, publicKeyBits) = ("Ed448", 456)
        case [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]: publicKeyAlgorithm = "DSA"
        default: publicKeyAlgorithm = Self.dotted(oid)
        }
    }

    /// The first commonName and organizationName of a Name (SEQUENCE OF SET OF AttributeTypeAndValue).
    static func names(_ name: ArraySlice<UInt8>) -> (commonName: [UInt8]?, organization: [UInt8]?) {
        var commonName: [UInt8]?, organization: [UInt8]?
        var n = DERReader(name)
        while let set = n.read(tag: 0x31) {
            var s = DERReader(set)
            while let attribute = s.read(tag: 0x30) {
                var a = DERReader(attribute)
                guard let oid = a.read(tag: 0x06), let (_, value) = a.read() else { continue }
                if Array(oid) == [0x55, 0x04, 0x03], commonName == nil { commonName = Array(value) }
                if Array(oid) == [0x55, 0x04, 0x0a], organization == nil { organization = Array(value) }
            }
        }
        return (commonName, organization)
    }

    /// UTCTime (0x17, YYMMDDHHMMSSZ, years 50-99 are 19xx) or GeneralizedTime (0x18,
    /// YYYYMMDDHHMMSSZ) as seconds since the epoch; nil for any other form.
    static func time(tag: UInt8, _ value: ArraySlice<UInt8>) -> Int64? {
        let text = Array(value)
        guard text.last == UInt8(ascii: "Z"), text.dropLast().allSatisfy({ (48 ... 57).contains($0) }) else { return nil }
        let digits = text.dropLast().map { Int64($0 - 48) }
        func number(_ from: Int, _ count: Int) -> Int64 { digits[from ..< from + count].reduce(0) { $0 * 10 + $1 } }
        var year: Int64, rest: Int
        if tag == 0x17, digits.count == 12 {
            year = number(0, 2)
            year += year >= 50 ? 1900 : 2000
            rest = 2
        } else if tag == 0x18, digits.count == 14 {
            year = number(0, 4)
            rest = 4
        } else {
            return nil
        }
        let month = number(rest, 2), day = number(rest + 2, 2)
        let hour = number(rest + 4, 2), minute = number(rest + 6, 2), second = number(rest + 8, 2)
        guard (1 ... 12).contains(month), (1 ... 31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        // Days from civil (H. Hinnant), proleptic Gregorian.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Dotted text of an OBJECT IDENTIFIER's content bytes.
    static func dotted(_ oid: ArraySlice<UInt8>) -> String {
        var parts: [String] = []
        var value: UInt64 = 0
        for byte in oid {
            guard value < 1 << 56 else { return "?" }
            value = value << 7 | UInt64(byte & 0x7f)
            guard byte & 0x80 == 0 else { continue }
            if parts.isEmpty {
                let first = min(value / 40, 2)
                parts += [String(first), String(value - first * 40)]
            } else {
                parts.append(String(value))
            }
            value = 0
        }
        return parts.joined(separator: ".")
    }
}

/// A bounds-checked DER reader: definite lengths up to 4 bytes, single-byte tags.
struct DERReader {
    var bytes: ArraySlice<UInt8>
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// The tag of the next element, nil at the end.
    var peekTag: UInt8? { bytes.first }

    /// Reads the next element: its tag and content; nil (and the reader emptied) when it is cut.
    mutating func read() -> (UInt8, ArraySlice<UInt8>)? {
        guard bytes.count >= 2 else { bytes = []; return nil }
        let start = bytes.startIndex
        let tag = bytes[start], first = bytes[start + 1]
        var length = Int(first), header = 2
        if first & 0x80 != 0 {
            let count = Int(first & 0x7f)
            guard (1 ... 4).contains(count), bytes.count >= 2 + count else { bytes = []; return nil }
            length = 0
            for k in 0 ..< count { length = length << 8 | Int(bytes[start + 2 + k]) }
            header += count
        }
        guard bytes.count - header >= length else { bytes = []; return nil }
        let content = bytes[(start + header) ..< (start + header + length)]
        bytes = bytes[(start + header + length)...]
        return (tag, content)
    }

    /// Reads the next element when it has `tag`; nil otherwise (nothing consumed on a tag mismatch).
    mutating func read(tag: UInt8) -> ArraySlice<UInt8>? {
        guard peekTag == tag, let (_, content) = read() else { return nil }
        return content
    }
}
