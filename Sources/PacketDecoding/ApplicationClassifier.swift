/// Recognises the application protocol of a transport payload the way Wireshark's port tables and
/// first-byte checks would (lower port first), without copying the payload.
public enum ApplicationClassifier {
    public static func classify(tcp: Bool, _ sourcePort: UInt16, _ destinationPort: UInt16, _ payload: UnsafeRawBufferPointer) -> ProtocolID {
        let low = min(sourcePort, destinationPort), high = max(sourcePort, destinationPort)
        for port in [low, high] {
            let id = tcp ? tcpProtocol(port, payload) : udpProtocol(port, payload)
            if id != .none { return id }
        }
        if !tcp && isConnectionlessDCERPC(payload) { return .dcerpc }
        if tcp && looksLikeTLSRecord(payload) { return .tls }   // Wireshark's TLS heuristic (on by default)
        if tcp && startsWithHTTP(payload) { return .http }
        return .data
    }

    static func tcpProtocol(_ port: UInt16, _ payload: UnsafeRawBufferPointer) -> ProtocolID {
        switch port {
        case 80, 8080, 3128, 8000, 8008, 8088: return .http
        case 443, 8443, 993, 995, 465:
            if payload.count >= 2, (20 ... 23).contains(payload.byte(0)), payload.byte(1) == 3 { return .tls }
            return .none
        case 22: return .ssh
        case 21: return .ftp
        case 23: return .telnet
        case 25, 587: return .smtp
        case 110: return .pop
        case 143: return .imap
        case 139, 445: return .nbss
        case 53: return .dns
        case 1723: return .pptp
        case 389: return .ldap
        case 6379: return .resp
        case 5900, 5901: return .vnc
        case 43: return .whois
        case 7000: return .gryphon
        default: return .none
        }
    }

    static func udpProtocol(_ port: UInt16, _ payload: UnsafeRawBufferPointer) -> ProtocolID {
        switch port {
        case 53: .dns
        case 5353: .mdns
        case 5355: .llmnr
        case 137: .nbns
        case 67, 68: .dhcp
        case 546, 547: .dhcpv6
        case 123: .ntp
        // Wireshark's SNMP dissector rejects a datagram whose first BER element is not a SEQUENCE (0x30):
        // the other port, then `data`, gets it.
        case 161, 162: payload.count > 0 && payload.byte(0) == 0x30 ? .snmp : .none
        case 514: .syslog
        case 1900: .ssdp
        case 69: .tftp
        case 17500: .dbLSPDisc
        case 135: .dcerpc
        case 500: .isakmp
        default: .none
        }
    }

    /// A TLS record header: content type 20-23, version 3.0-3.4, a length TLS allows (2^14 + 2048).
    public static func looksLikeTLSRecord(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 5, (20 ... 23).contains(payload.byte(0)), payload.byte(1) == 3, payload.byte(2) <= 4 else { return false }
        let length = Int(payload.loadBigEndian(UInt16.self, at: 3))
        return length > 0 && length <= 18_432
    }

    /// DCE/RPC over UDP (connectionless, C706 ch. 12), Wireshark's heuristic: version 4, a packet type
    /// up to 10, and the 80-byte header present.
    static func isConnectionlessDCERPC(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 80 && payload.byte(0) == 4 && payload.byte(1) <= 10
    }

    static let methods: [[UInt8]] = ["GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "TRACE ", "PATCH ", "HTTP/1."]
        .map { Array($0.utf8) }

    /// True when the payload starts with an HTTP request method or a status line.
    public static func startsWithHTTP(_ payload: UnsafeRawBufferPointer) -> Bool {
        for method in methods where payload.count >= method.count {
            var match = true
            for i in 0 ..< method.count where payload.byte(i) != method[i] { match = false; break }
            if match { return true }
        }
        return false
    }

    /// An HTTP message in one segment whose `Content-Type` is `text/…` and whose body is not empty:
    /// Wireshark shows the body as "Line-based text data" (`data-text-lines`).
    public static func isTextualHTTPBody(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard startsWithHTTP(payload) else { return false }
        // In place over the bytes (this runs for every HTTP segment): no copy, no String.
        guard let end = HTTPMessageHeadView.find(payload, "\r\n\r\n"), end + 4 < payload.count else { return false }
        return HTTPMessageHeadView.contains(payload, from: 0, to: end, "\r\ncontent-type: text/")
            || HTTPMessageHeadView.contains(payload, from: 0, to: end, "\r\ncontent-type:text/")
    }
}
