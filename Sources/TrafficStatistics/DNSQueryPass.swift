#if canImport(Glibc)
import Glibc
#endif
import PacketDecoding

/// DNS names asked per client and registered domain: how many, how long, how random, which types.
public struct DNSQueryStatistics: Sendable {
    /// A client and a hash of a registered domain: the fixed-size key of the per-domain table.
    public struct DomainKey: Hashable, Sendable { public var client: IPAddress; public var domainHash: UInt64 }
    /// What one client asked under one registered domain.
    public struct Domain: Sendable {
        public var client: IPAddress
        /// The registered domain (`example.com`, `example.co.uk`), lower case, printable ASCII only.
        public var domain: String
        /// The first resolver asked.
        public var resolver: IPAddress
        public var queries = Sighting()
        public var responses = 0
        /// Hashes of the distinct names asked (capped at `DNSQueryPass.namesKept`).
        public var uniqueNames: Set<UInt64> = []
        /// Queries with labels below the registered domain, their total characters and entropy (bits/char).
        public var subdomainQueries = 0
        public var subdomainCharacters = 0
        public var entropySum = 0.0
        public var longestLabel = 0
        public var txt = 0, null = 0, cname = 0, mx = 0, any = 0
        /// A few names asked, for the report (printable ASCII, cut).
        public var examples: [String] = []
        public var averageSubdomainLength: Double { subdomainQueries == 0 ? 0 : Double(subdomainCharacters) / Double(subdomainQueries) }
        public var averageEntropy: Double { subdomainQueries == 0 ? 0 : entropySum / Double(subdomainQueries) }
    }
    public var domains: [Domain] = []
    public var queries = 0
    /// Questions with answers, per client counts and pairing (issue 15).
    public var evidence = DNSEvidence()
    /// DNS messages on UDP ports other than 53 (and mDNS, LLMNR, NetBIOS), per client, server and port
    /// (first `DNSQueryPass.offPortKept`; the rest counted in `offPortDropped`).
    public var offPort: [OffPortDNS] = []
    public var offPortDropped = 0
    /// Lookups per client and name over time, for DNS beaconing (issue 15).
    public var nameSeries = DNSNameSeries()
    public init() {}
}

/// DNS spoken on a UDP or TCP port that is not DNS's: what one client asked one server there.
public struct OffPortDNS: Sendable {
    public var client: IPAddress
    public var server: IPAddress
    /// The server's port.
    public var port: UInt16
    /// The messages came over TCP (each with its two-byte length prefix), not UDP.
    public var isTCP = false
    public var queries = Sighting()
    public var responses = Sighting()
    /// The first few names asked (printable ASCII).
    public var names: [String] = []
    public init(client: IPAddress, server: IPAddress, port: UInt16, isTCP: Bool = false) {
        self.client = client; self.server = server; self.port = port; self.isTCP = isTCP
    }
}

/// Reads the question of DNS messages on port 53 (UDP, and TCP segments that start a message).
/// Only DNS packets are parsed; state is one row per client and registered domain.
public struct DNSQueryPass {
    public static let namesKept = 8192
    public static let domainsKept = 50_000
    var stats = DNSQueryStatistics()
    var index: [DNSQueryStatistics.DomainKey: Int] = [:]
    var evidence = DNSEvidenceBuilder()
    var offPortIndex: [OffPortKey: Int] = [:]
    var tcpMessages = DNSTCPMessages()
    /// Rows of the off-port table.
    public static let offPortKept = 1000
    /// Ports where DNS-format messages are normal between internal hosts: mDNS, LLMNR, NetBIOS name service.
    static let dnsFormatPorts: Set<UInt16> = [53, 137, 5353, 5355]
    struct OffPortKey: Hashable { var client: IPAddress; var server: IPAddress; var port: UInt16; var isTCP: Bool }
    public init() {}

    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer) {
        if (p.isUDP || p.isTCP) && p.sourcePort != 53 && p.destinationPort != 53 {
            observeOffPort(p, bytes: bytes)
            return
        }
        guard (p.isUDP || p.isTCP) && (p.sourcePort == 53 || p.destinationPort == 53), p.payloadLength > 0 else { return }
        let payload = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        if p.isTCP {
            if let whole = tcpMessages.take(p, payload) { whole.withUnsafeBytes { observeMessage(p, $0) } }
            guard payload.count >= 2 + 12, Int(payload.loadBigEndian(UInt16.self, at: 0)) + 2 <= payload.count else { return }
            observeMessage(p, payload.bytes(from: 2))
            return
        }
        observeMessage(p, payload)
    }

    /// One whole DNS message (UDP payload, or a TCP message without its length prefix). Its question
    /// is read once (`DNSRecordReader.readName`) and shared by the evidence table, the name series
    /// and the per-domain rows below.
    mutating func observeMessage(_ p: DecodedPacket, _ message: UnsafeRawBufferPointer) {
        guard message.count > 12 else { return }
        let flags = message.loadBigEndian(UInt16.self, at: 2)
        let isResponse = flags & 0x8000 != 0
        guard flags & 0x7800 == 0, message.loadBigEndian(UInt16.self, at: 4) >= 1 else { return }   // standard query, a question
        let reader = DNSRecordReader(message)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DNSRecordReader.nameBytesKept + DNSRecordReader.labelsKept) { scratch in
            guard let base = scratch.baseAddress else { return }
            let lengths = base + DNSRecordReader.nameBytesKept
            let read = reader.readName(at: 12, into: base, labelLengths: lengths)
            let bytes = UnsafeBufferPointer(start: base, count: read?.count ?? 0)
            // The evidence's question: the name as text and its type, when the 4 bytes after it are there.
            if let read, read.end + 4 <= message.count {
                let name = read.count == 0 ? "<root>" : DNSRecordReader.text(bytes)
                evidence.observe(
                    message, p, question: .init(name: name, type: message.loadBigEndian(UInt16.self, at: read.end), end: read.end + 4))
            }
            // The per-domain rows read names in place (no compression) of two labels or more.
            guard let read, !read.compressed, read.labels >= 2 else { return }
            observeDomain(p, message, isResponse: isResponse, read, bytes, lengths)
        }
    }

    /// The per-domain row of the question `name` (its bytes and label lengths from `readName`).
    private mutating func observeDomain(
        _ p: DecodedPacket, _ message: UnsafeRawBufferPointer, isResponse: Bool, _ name: DNSRecordReader.NameBytes,
        _ bytes: UnsafeBufferPointer<UInt8>, _ lengths: UnsafeMutablePointer<UInt8>
    ) {
        let labels = name.labels, nameEnd = name.end - 1
        let qtype: UInt16 = nameEnd + 3 <= message.count ? message.loadBigEndian(UInt16.self, at: nameEnd + 1) : 0
        // Registered domain: the last two labels, three under short second-level labels (co.uk, com.au).
        var registeredLabels = 2
        if labels >= 3 && lengths[labels - 1] == 2 && lengths[labels - 2] <= 3 { registeredLabels = 3 }
        let subLabels = labels - registeredLabels
        // Hashes (each label followed by a dot), lengths and entropy of the labels below the registered domain.
        var nameHash: UInt64 = 0xcbf2_9ce4_8422_2325, domainHash: UInt64 = 0xcbf2_9ce4_8422_2325
        var subChars = 0, longest = 0
        var entropy = 0.0
        var registeredStart = 0
        for i in 0 ..< subLabels { registeredStart += Int(lengths[i]) + 1 }
        for c in bytes { nameHash = (nameHash ^ UInt64(c)) &* 0x100_0000_01b3 }
        nameHash = (nameHash ^ 46) &* 0x100_0000_01b3
        for c in bytes[registeredStart...] { domainHash = (domainHash ^ UInt64(c)) &* 0x100_0000_01b3 }
        domainHash = (domainHash ^ 46) &* 0x100_0000_01b3
        if subLabels > 0 {
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { bins in
                bins.initialize(repeating: 0)
                var o = 0
                for i in 0 ..< subLabels {
                    let l = Int(lengths[i])
                    longest = max(longest, l)
                    for k in o ..< o + l { bins[Int(bytes[k])] &+= 1 }
                    subChars += l
                    o += l + 1
                }
                let n = Double(subChars)
                for b in 0 ..< 256 where bins[b] > 0 { let q = Double(bins[b]) / n; entropy -= q * log2(q) }
            }
        }
        let client = isResponse ? p.ipDestination : p.ipSource
        let key = DNSQueryStatistics.DomainKey(client: client, domainHash: domainHash)
        let row: Int
        if let existing = index[key] { row = existing } else {
            guard stats.domains.count < Self.domainsKept else { return }
            row = stats.domains.count; index[key] = row
            stats.domains.append(
                .init(
                    client: client, domain: Self.text(UnsafeBufferPointer(rebasing: bytes[registeredStart...])),
                    resolver: isResponse ? p.ipSource : p.ipDestination))
        }
        if isResponse { stats.domains[row].responses += 1; return }
        stats.queries += 1
        stats.domains[row].queries.note(p)
        let fresh = stats.domains[row].uniqueNames.count < Self.namesKept && stats.domains[row].uniqueNames.insert(nameHash).inserted
        if subLabels > 0 {
            stats.domains[row].subdomainQueries += 1
            stats.domains[row].subdomainCharacters += subChars
            stats.domains[row].entropySum += entropy
            stats.domains[row].longestLabel = max(stats.domains[row].longestLabel, longest)
        }
        switch qtype {
        case 16: stats.domains[row].txt += 1
        case 10: stats.domains[row].null += 1
        case 5: stats.domains[row].cname += 1
        case 15: stats.domains[row].mx += 1
        case 255: stats.domains[row].any += 1
        default: break
        }
        if fresh && stats.domains[row].examples.count < 3 && subLabels > 0 {
            stats.domains[row].examples.append(Self.text(bytes))
        }
    }

    /// A UDP datagram on another port that parses strictly as one DNS query or response (one IN
    /// question of a common type, a host-name-like name, every record read to the message's end), or
    /// a TCP segment that carries exactly one such message behind its two-byte length prefix.
    mutating func observeOffPort(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer) {
        // mDNS, LLMNR and NetBIOS speak DNS's format inside the site; across its edge they are DNS off its port.
        let local = p.ipSource.isInternal && p.ipDestination.isInternal
        let prefix = p.isTCP ? 2 : 0
        guard p.payloadLength >= 17 + prefix, p.payloadLength <= (p.isTCP ? 4098 : 1232), !p.ipDestination.isMulticastOrBroadcast,
            !local || (!Self.isDNSFormatPort(p.sourcePort) && !Self.isDNSFormatPort(p.destinationPort))
        else { return }
        var message = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        guard message.count == p.payloadLength else { return }
        if p.isTCP {
            // The length prefix must name exactly the rest of the segment (a cheap reject for other TCP data).
            guard Int(message.loadBigEndian(UInt16.self, at: 0)) == p.payloadLength - 2 else { return }
            message = message.bytes(from: 2)
        }
        guard let question = Self.strictQuestion(message) else { return }
        let isResponse = message.byte(2) & 0x80 != 0
        let key = OffPortKey(
            client: isResponse ? p.ipDestination : p.ipSource, server: isResponse ? p.ipSource : p.ipDestination,
            port: isResponse ? p.sourcePort : p.destinationPort, isTCP: p.isTCP)
        let row: Int
        if let existing = offPortIndex[key] {
            row = existing
        } else {
            guard stats.offPort.count < Self.offPortKept else { stats.offPortDropped += 1; return }
            row = stats.offPort.count; offPortIndex[key] = row
            stats.offPort.append(.init(client: key.client, server: key.server, port: key.port, isTCP: key.isTCP))
        }
        if isResponse { stats.offPort[row].responses.note(p); return }
        stats.offPort[row].queries.note(p)
        if stats.offPort[row].names.count < 3 && !stats.offPort[row].names.contains(question) { stats.offPort[row].names.append(question) }
    }

    /// The question name of `message` when the whole message is a well-formed DNS query or response.
    static func strictQuestion(_ message: UnsafeRawBufferPointer) -> String? {
        guard message.count >= 17 else { return nil }
        let flags = message.loadBigEndian(UInt16.self, at: 2)
        let questions = message.loadBigEndian(UInt16.self, at: 4), answers = Int(message.loadBigEndian(UInt16.self, at: 6))
        let authorities = Int(message.loadBigEndian(UInt16.self, at: 8)), additional = Int(message.loadBigEndian(UInt16.self, at: 10))
        let isResponse = flags & 0x8000 != 0
        // Standard query, Z bit clear, RCODE 0…5, exactly one question; a query carries at most an OPT record.
        guard flags & 0x7840 == 0, flags & 0x000F <= 5, questions == 1 else { return nil }
        if !isResponse && (answers != 0 || authorities != 0 || additional > 1 || flags & 0x000F != 0) { return nil }
        guard answers + authorities + additional <= 64 else { return nil }
        let reader = DNSRecordReader(message)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DNSRecordReader.nameBytesKept) { scratch -> String? in
            // The question's name sits in place (a compression pointer there points nowhere earlier),
            // class IN, a common type, a host-name-like name of two labels or more.
            guard let base = scratch.baseAddress, let name = reader.readName(at: 12, into: base), !name.compressed,
                name.end + 4 <= message.count, message.loadBigEndian(UInt16.self, at: name.end + 2) == 1,
                Self.isCommonQuestionType(message.loadBigEndian(UInt16.self, at: name.end))
            else { return nil }
            let bytes = UnsafeBufferPointer(start: base, count: name.count)
            guard bytes.contains(46),
                bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 })
            else { return nil }
            var offset = name.end + 4
            for _ in 0 ..< answers + authorities + additional {
                guard let record = reader.recordHeader(at: offset) else { return nil }
                offset = record.end
            }
            return offset == message.count ? String(decoding: bytes, as: UTF8.self) : nil
        }
    }

    /// The question types a strict off-port message may ask: A, NS, CNAME, SOA, NULL, PTR, MX, TXT,
    /// AAAA, SRV, NAPTR, SVCB, HTTPS, ANY.
    static func isCommonQuestionType(_ type: UInt16) -> Bool {
        switch type {
        case 1, 2, 5, 6, 10, 12, 15, 16, 28, 33, 35, 64, 65, 255: return true
        default: return false
        }
    }

    /// Ports where DNS-format messages are normal between internal hosts (`dnsFormatPorts`), without a set lookup.
    static func isDNSFormatPort(_ port: UInt16) -> Bool { port == 53 || port == 137 || port == 5353 || port == 5355 }

    /// Name bytes from `readName` as dotted text (printable ASCII; others as `?`), cut at 120 characters.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 120 else { return DNSRecordReader.text(bytes) }
        return DNSRecordReader.text(UnsafeBufferPointer(rebasing: bytes[..<117])) + "..."
    }

    public func finish() -> DNSQueryStatistics {
        var result = stats
        result.evidence = evidence.table
        result.nameSeries = evidence.nameSeries.table
        return result
    }
}
