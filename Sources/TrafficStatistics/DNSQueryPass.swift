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
    public init() {}
}

/// Reads the question of DNS messages on port 53 (UDP, and TCP segments that start a message).
/// Only DNS packets are parsed; state is one row per client and registered domain.
public struct DNSQueryPass {
    public static let namesKept = 8192
    public static let domainsKept = 50_000
    var stats = DNSQueryStatistics()
    var index: [DNSQueryStatistics.DomainKey: Int] = [:]
    var evidence = DNSEvidenceBuilder()
    public init() {}

    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer) {
        guard (p.isUDP || p.isTCP) && (p.sourcePort == 53 || p.destinationPort == 53), p.payloadLength > 12 else { return }
        var message = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        if p.isTCP { message = message.bytes(from: 2) }
        guard message.count > 12 else { return }
        let flags = message.loadBigEndian(UInt16.self, at: 2)
        let isResponse = flags & 0x8000 != 0
        guard flags & 0x7800 == 0, message.loadBigEndian(UInt16.self, at: 4) >= 1 else { return }   // standard query, a question
        evidence.observe(message, p)
        // Pass 1: label offsets.
        var labels = 0, offset = 12, total = 0
        while offset < message.count {
            let length = Int(message.byte(offset))
            if length == 0 || length > 63 { break }
            guard offset + 1 + length <= message.count, total + length + 1 <= 255 else { return }
            labels += 1; total += length + 1; offset += 1 + length
        }
        guard offset < message.count, message.byte(offset) == 0, labels >= 2 else { return }
        let nameEnd = offset
        let qtype: UInt16 = nameEnd + 3 <= message.count ? message.loadBigEndian(UInt16.self, at: nameEnd + 1) : 0
        // Registered domain: the last two labels, three under short second-level labels (co.uk, com.au).
        var registeredLabels = 2
        if labels >= 3 {
            var o = 12, i = 0, lastLength = 0, secondLength = 0
            while i < labels { let l = Int(message.byte(o)); if i == labels - 2 { secondLength = l }; if i == labels - 1 { lastLength = l }; o += 1 + l; i += 1 }
            if lastLength == 2 && secondLength <= 3 { registeredLabels = 3 }
        }
        let subLabels = labels - registeredLabels
        // Pass 2: hashes, lengths, entropy.
        var nameHash: UInt64 = 0xcbf2_9ce4_8422_2325, domainHash: UInt64 = 0xcbf2_9ce4_8422_2325
        var subChars = 0, longest = 0
        var entropy = 0.0
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { bins in
            bins.initialize(repeating: 0)
            var o = 12
            for i in 0 ..< labels {
                let l = Int(message.byte(o))
                if i < subLabels { longest = max(longest, l) }
                for k in 1 ... l {
                    var c = message.byte(o + k)
                    if c >= 65 && c <= 90 { c += 32 }
                    nameHash = (nameHash ^ UInt64(c)) &* 0x100_0000_01b3
                    if i >= subLabels { domainHash = (domainHash ^ UInt64(c)) &* 0x100_0000_01b3 }
                    if i < subLabels { bins[Int(c)] &+= 1; subChars += 1 }
                }
                nameHash = (nameHash ^ 46) &* 0x100_0000_01b3
                if i >= subLabels { domainHash = (domainHash ^ 46) &* 0x100_0000_01b3 }
                o += 1 + l
            }
            if subChars > 0 {
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
            stats.domains.append(.init(client: client, domain: Self.text(message, labelsFrom: subLabels, count: labels),
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
            stats.domains[row].examples.append(Self.text(message, labelsFrom: 0, count: labels))
        }
    }

    /// Labels `from..<count` of the question name as dotted text (printable ASCII; others as `?`).
    static func text(_ message: UnsafeRawBufferPointer, labelsFrom first: Int, count: Int) -> String {
        var out = [UInt8]()
        var o = 12
        for i in 0 ..< count {
            let l = Int(message.byte(o))
            if i >= first {
                if !out.isEmpty { out.append(46) }
                for k in 1 ... l {
                    var c = message.byte(o + k)
                    if c >= 65 && c <= 90 { c += 32 }
                    out.append(c > 32 && c < 127 ? c : 63)
                }
            }
            o += 1 + l
        }
        if out.count > 120 { out = Array(out.prefix(117)) + Array("...".utf8) }
        return String(decoding: out, as: UTF8.self)
    }

    public func finish() -> DNSQueryStatistics {
        var result = stats
        result.evidence = evidence.table
        return result
    }
}
