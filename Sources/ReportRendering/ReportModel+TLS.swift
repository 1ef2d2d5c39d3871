import Support

extension ReportModel {
    /// The TLS section (issue 15): one row per handshake (TCP stream) and one per distinct server
    /// certificate. Server names, subjects and issuers are capture-derived text, escaped where
    /// rendered and withheld under `--redact payload`/`all`.
    public struct TLSSection: Sendable {
        /// One TLS handshake (the first ClientHello, ServerHello and Certificate of a TCP stream).
        public struct HandshakeRow: Sendable {
            public var stream: Int
            public var client: String, server: String
            /// server_name, or "" when none was sent.
            public var serverName: String
            /// Highest version offered and version selected ("TLS 1.3"), "" when the hello is missing.
            public var offered: String, selected: String
            /// Selected cipher suite name (IANA / Wireshark spelling, or hex).
            public var cipher: String
            /// ALPN protocols offered (client) and selected (server).
            public var alpn: [String], alpnSelected: String
            public var ja3: String, ja3s: String, ja4: String
            /// SHA-256 of the leaf certificate, or nil (none seen; `certificateEncrypted` in TLS 1.3).
            public var leafSHA256: String?
            /// The server selected TLS 1.3, so the certificate was encrypted and not read.
            public var certificateEncrypted: Bool
            public var frames: [Int]
            public var filter: String
            /// A row with every field given.
            public init(
                stream: Int, client: String, server: String, serverName: String, offered: String, selected: String,
                cipher: String, alpn: [String], alpnSelected: String, ja3: String, ja3s: String, ja4: String,
                leafSHA256: String?, certificateEncrypted: Bool, frames: [Int], filter: String
            ) {
                self.stream = stream
                self.client = client
                self.server = server
                self.serverName = serverName
                self.offered = offered
                self.selected = selected
                self.cipher = cipher
                self.alpn = alpn
                self.alpnSelected = alpnSelected
                self.ja3 = ja3
                self.ja3s = ja3s
                self.ja4 = ja4
                self.leafSHA256 = leafSHA256
                self.certificateEncrypted = certificateEncrypted
                self.frames = frames
                self.filter = filter
            }
        }
        /// One distinct certificate (by SHA-256) sent by a server.
        public struct CertificateRow: Sendable {
            public var subject: String, issuer: String
            public var dnsNames: [String]
            /// ISO 8601 validity bounds ("" when they did not parse).
            public var notBefore: String, notAfter: String
            public var selfSigned: Bool, expired: Bool, notYetValid: Bool
            /// "RSA 2048", "EC P-256", …
            public var key: String
            public var sha1: String, sha256: String
            /// Position in its chain (0: leaf), servers that sent it, frames of the Certificate messages.
            public var chainPosition: Int
            public var servers: [String]
            public var frames: [Int]
            public var filter: String
            /// A row with every field given.
            public init(
                subject: String, issuer: String, dnsNames: [String], notBefore: String, notAfter: String, selfSigned: Bool,
                expired: Bool, notYetValid: Bool, key: String, sha1: String, sha256: String, chainPosition: Int,
                servers: [String], frames: [Int], filter: String
            ) {
                self.subject = subject
                self.issuer = issuer
                self.dnsNames = dnsNames
                self.notBefore = notBefore
                self.notAfter = notAfter
                self.selfSigned = selfSigned
                self.expired = expired
                self.notYetValid = notYetValid
                self.key = key
                self.sha1 = sha1
                self.sha256 = sha256
                self.chainPosition = chainPosition
                self.servers = servers
                self.frames = frames
                self.filter = filter
            }
        }
        /// Exact totals: ClientHellos, ServerHellos, Certificate messages, TLS 1.3 handshakes (certificate encrypted).
        public var clientHellos = 0, serverHellos = 0, certificateMessages = 0, encryptedCertificates = 0
        /// Rows shown (first handshakes by stream) and how many exist.
        public var handshakes: [HandshakeRow] = []
        public var handshakesTotal = 0
        public var certificates: [CertificateRow] = []
        public var certificatesTotal = 0
        /// True when server names, subjects, issuers and SANs are withheld (`--redact payload`/`all`).
        public var namesRedacted = false
        public static let rowsShown = 25
        public init() {}
    }
}

extension ReportModel.TLSSection {
    /// The `tls` member of the JSON report (docs/report-json.md).
    public func json() -> JSONValue {
        func strings(_ s: [String]) -> JSONValue { .array(s.map(JSONValue.string)) }
        func frames(_ f: [Int]) -> JSONValue { .array(f.map(JSONValue.int)) }
        return .object([
            ("clientHellos", .int(clientHellos)), ("serverHellos", .int(serverHellos)),
            ("certificateMessages", .int(certificateMessages)), ("encryptedCertificates", .int(encryptedCertificates)),
            ("namesRedacted", .bool(namesRedacted)), ("handshakesTotal", .int(handshakesTotal)),
            (
                "handshakes",
                .array(
                    handshakes.map { h in
                        .object([
                            ("stream", .int(h.stream)), ("client", .string(h.client)), ("server", .string(h.server)),
                            ("serverName", .string(h.serverName)), ("offeredVersion", .string(h.offered)),
                            ("selectedVersion", .string(h.selected)), ("cipher", .string(h.cipher)), ("alpn", strings(h.alpn)),
                            ("alpnSelected", .string(h.alpnSelected)), ("ja3", .string(h.ja3)), ("ja3s", .string(h.ja3s)),
                            ("ja4", .string(h.ja4)), ("leafSHA256", h.leafSHA256.map(JSONValue.string) ?? .null),
                            ("certificateEncrypted", .bool(h.certificateEncrypted)), ("frames", frames(h.frames)),
                            ("displayFilter", .string(h.filter)),
                        ])
                    })
            ),
            ("certificatesTotal", .int(certificatesTotal)),
            (
                "certificates",
                .array(
                    certificates.map { c in
                        .object([
                            ("subject", .string(c.subject)), ("issuer", .string(c.issuer)), ("dnsNames", strings(c.dnsNames)),
                            ("notBefore", .string(c.notBefore)), ("notAfter", .string(c.notAfter)),
                            ("selfSigned", .bool(c.selfSigned)), ("expired", .bool(c.expired)),
                            ("notYetValid", .bool(c.notYetValid)), ("key", .string(c.key)), ("sha1", .string(c.sha1)),
                            ("sha256", .string(c.sha256)), ("chainPosition", .int(c.chainPosition)),
                            ("servers", strings(c.servers)), ("frames", frames(c.frames)), ("displayFilter", .string(c.filter)),
                        ])
                    })
            ),
        ])
    }
}
