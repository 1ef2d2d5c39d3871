import PacketDecoding

/// The service a TCP stream's first bytes show it speaks, whatever its port: an SSH banner, a TLS
/// record, HTTP, an FTP/SMTP/POP/IMAP/VNC greeting, other printable lines, or other bytes.
public enum ContentService: UInt8, Sendable {
    /// No payload seen yet.
    case unknown = 0
    case ssh, tls, http, ftp, smtp, pop, imap, vnc
    /// Printable lines that match no greeting or request above.
    case text
    /// Bytes that are neither printable lines nor one of the above.
    case binary
}

/// nmap's service/version detection probes (`nmap-service-probes`), recognised by their first
/// bytes. `nmap -sV` sends each on a connection of its own to a port its earlier probes did not name.
public enum VersionProbe: UInt8, Sendable, CaseIterable {
    case genericLines = 1
    case getRequest, httpOptions, rtspRequest, rpcCheck, dnsVersionBindReqTCP, dnsStatusRequestTCP, help
    case sslSessionReq, terminalServerCookie, tlsSessionReq, smbProgNeg, x11Probe, fourOhFourRequest, lpdString
    case ldapSearchReq, ldapBindReq, sipOptions, terminalServer, javaRMI, kerberos

    /// The probe's name in `nmap-service-probes`.
    public var name: String {
        switch self {
        case .genericLines: "GenericLines"
        case .getRequest: "GetRequest"
        case .httpOptions: "HTTPOptions"
        case .rtspRequest: "RTSPRequest"
        case .rpcCheck: "RPCCheck"
        case .dnsVersionBindReqTCP: "DNSVersionBindReqTCP"
        case .dnsStatusRequestTCP: "DNSStatusRequestTCP"
        case .help: "Help"
        case .sslSessionReq: "SSLSessionReq"
        case .terminalServerCookie: "TerminalServerCookie"
        case .tlsSessionReq: "TLSSessionReq"
        case .smbProgNeg: "SMBProgNeg"
        case .x11Probe: "X11Probe"
        case .fourOhFourRequest: "FourOhFourRequest"
        case .lpdString: "LPDString"
        case .ldapSearchReq: "LDAPSearchReq"
        case .ldapBindReq: "LDAPBindReq"
        case .sipOptions: "SIPOptions"
        case .terminalServer: "TerminalServer"
        case .javaRMI: "JavaRMI"
        case .kerberos: "Kerberos"
        }
    }

    /// The probe's first bytes, and whether the payload must be exactly those bytes.
    var signature: (bytes: [UInt8], exact: Bool) {
        func b(_ s: String) -> [UInt8] { Array(s.utf8) }
        switch self {
        case .genericLines: return (b("\r\n\r\n"), true)
        case .getRequest: return (b("GET / HTTP/1.0\r\n\r\n"), true)
        case .httpOptions: return (b("OPTIONS / HTTP/1.0\r\n\r\n"), true)
        case .rtspRequest: return (b("OPTIONS / RTSP/1.0\r\n\r\n"), true)
        case .rpcCheck: return ([0x80, 0, 0, 0x28, 0x72, 0xFE, 0x1D, 0x13], false)
        case .dnsVersionBindReqTCP: return ([0, 0x1E, 0, 0x06, 0x01, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0x07] + b("version"), false)
        case .dnsStatusRequestTCP: return ([0, 0x0C, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0], true)
        case .help: return (b("HELP\r\n"), true)
        case .sslSessionReq: return ([0x16, 0x03, 0, 0, 0x53, 0x01, 0, 0, 0x4F, 0x03, 0], false)
        case .terminalServerCookie: return ([0x03, 0, 0, 0x2A, 0x25, 0xE0, 0, 0, 0, 0, 0] + b("Cookie: mstshash=nmap"), false)
        case .tlsSessionReq: return ([0x16, 0x03, 0, 0, 0x69, 0x01, 0, 0, 0x65, 0x03, 0x03], false)
        case .smbProgNeg: return ([0, 0, 0, 0xA4, 0xFF, 0x53, 0x4D, 0x42, 0x72], false)
        case .x11Probe: return ([0x6C, 0, 0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0], true)
        case .fourOhFourRequest: return (b("GET /nice%20ports%2C/Tri%6Eity.txt%2ebak HTTP/1.0"), false)
        case .lpdString: return ([0x01] + b("default\n"), true)
        case .ldapSearchReq: return ([0x30, 0x84, 0, 0, 0, 0x2D, 0x02, 0x01, 0x07, 0x63], false)
        case .ldapBindReq: return ([0x30, 0x0C, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x02, 0x04, 0, 0x80, 0], true)
        case .sipOptions: return (b("OPTIONS sip:nm SIP/2.0\r\n"), false)
        case .terminalServer: return ([0x03, 0, 0, 0x0B, 0x06, 0xE0, 0, 0, 0, 0, 0], true)
        case .javaRMI: return (b("JRMI") + [0, 0x02, 0x4B], true)
        case .kerberos: return ([0, 0, 0, 0x71, 0x6A, 0x81, 0x6E, 0x30, 0x81, 0x6B], false)
        }
    }

    static let signatures: [(VersionProbe, [UInt8], Bool)] = allCases.map { ($0, $0.signature.bytes, $0.signature.exact) }

    /// The probe `payload` (a client's first segment) is, if any.
    public static func recognise(_ payload: UnsafeRawBufferPointer) -> VersionProbe? {
        for (probe, bytes, exact) in signatures where payload.count >= bytes.count && (!exact || payload.count == bytes.count) {
            var match = true
            for i in bytes.indices where payload.byte(i) != bytes[i] { match = false; break }
            if match { return probe }
        }
        return nil
    }
}

/// Per TCP stream: the service its first bytes identify and the nmap version probe that opened it.
public struct StreamContent: Sendable {
    /// Per `tcp.stream`: the low four bits the server's first payload, the high four the client's.
    var sides: [UInt8] = []
    /// Per `tcp.stream`: the `VersionProbe` of the client's first payload (0 when none).
    var probes: [UInt8] = []
    public init() {}

    /// The service the stream's bytes identify: from the server's first payload (its greeting or
    /// answer), else from the client's.
    public func service(ofStream stream: Int) -> ContentService {
        guard stream >= 0 && stream < sides.count else { return .unknown }
        let server = sides[stream] & 0x0F, client = sides[stream] >> 4
        return ContentService(rawValue: server != 0 ? server : client) ?? .unknown
    }

    /// The nmap version probe the client's first payload on `stream` was, if it was one.
    public func versionProbe(ofStream stream: Int) -> VersionProbe? {
        guard stream >= 0 && stream < probes.count else { return nil }
        return VersionProbe(rawValue: probes[stream])
    }
}

/// Reads the first payload of each direction of every TCP stream (one classification per side, so
/// bulk data costs an array read): what the service speaks, and whether the client's first bytes are
/// one of nmap's version probes. State is two bytes per stream.
public struct StreamContentPass {
    var content = StreamContent()
    public init() {}

    @inline(__always)
    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, flow: FlowRef) {
        guard p.isTCP, p.payloadLength > 0, flow.stream >= 0 else { return }
        let stream = Int(flow.stream)
        if stream >= content.sides.count {
            let missing = stream + 1 - content.sides.count
            content.sides.append(contentsOf: repeatElement(0, count: missing))
            content.probes.append(contentsOf: repeatElement(0, count: missing))
        }
        let shift: UInt8 = flow.forward ? 4 : 0
        guard (content.sides[stream] >> shift) & 0x0F == 0 else { return }
        let payload = bytes.bytes(from: p.payloadOffset).bytes(upTo: min(p.payloadLength, 256))
        let service = flow.forward ? Self.clientService(payload) : Self.serverService(payload, greeting: content.sides[stream] >> 4 == 0)
        content.sides[stream] |= service.rawValue << shift
        if flow.forward { content.probes[stream] = VersionProbe.recognise(payload)?.rawValue ?? 0 }
    }

    /// What a server's first bytes say: its banner, or its answer to the client. Greetings (FTP, SMTP,
    /// POP, IMAP, VNC) count only when the server spoke first: Redis answers `+OK` too.
    static func serverService(_ payload: UnsafeRawBufferPointer, greeting: Bool) -> ContentService {
        if starts(payload, "SSH-") { return .ssh }
        if ApplicationClassifier.looksLikeTLSRecord(payload) { return .tls }
        if starts(payload, "HTTP/") { return .http }
        guard greeting else { return isText(payload) ? .text : .binary }
        if starts(payload, "RFB ") { return .vnc }
        if starts(payload, "+OK") { return .pop }
        if starts(payload, "* OK") || starts(payload, "* PREAUTH") { return .imap }
        if starts(payload, "220") && payload.count > 3 && (payload.byte(3) == 32 || payload.byte(3) == 45) {
            let line = firstLine(payload)
            if line.contains("ftp") { return .ftp }
            if line.contains("smtp") || line.contains("mail") { return .smtp }
        }
        return isText(payload) ? .text : .binary
    }

    /// What a client's first bytes say, when the server has not spoken first.
    static func clientService(_ payload: UnsafeRawBufferPointer) -> ContentService {
        if starts(payload, "SSH-") { return .ssh }
        if ApplicationClassifier.looksLikeTLSRecord(payload) { return .tls }
        if ApplicationClassifier.startsWithHTTP(payload) { return .http }
        return isText(payload) ? .text : .binary
    }

    static func starts(_ payload: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard payload.count >= n else { return false }
        let s = prefix.utf8Start
        for i in 0 ..< n where payload.byte(i) != s[i] { return false }
        return true
    }

    /// The first line, lower-cased (at most 128 bytes).
    static func firstLine(_ payload: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        for i in 0 ..< min(payload.count, 128) {
            let c = payload.byte(i)
            if c == 13 || c == 10 { break }
            out.append(c >= 65 && c <= 90 ? c + 32 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Printable ASCII, tabs and line ends only (the first 64 bytes).
    static func isText(_ payload: UnsafeRawBufferPointer) -> Bool {
        for i in 0 ..< min(payload.count, 64) {
            let c = payload.byte(i)
            if !(c >= 32 && c < 127) && c != 9 && c != 10 && c != 13 { return false }
        }
        return true
    }

    public func finish() -> StreamContent { content }
}
