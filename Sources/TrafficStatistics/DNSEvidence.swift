#if canImport(Glibc)
import Glibc
#endif
import PacketDecoding

/// The DNS evidence table: questions with their answers, per client counts, query/response pairing
/// (by id, client and server) and a DGA suspicion score per name. Bounded: exact totals, rows capped.
public struct DNSEvidence: Sendable {
    /// One question name and type, over the whole capture.
    public struct Name: Sendable {
        public var name: String
        public var type: UInt16
        public var queries = Sighting()
        public var responses = Sighting()
        /// Responses by RCODE (index 0…15).
        public var rcodes = [Int](repeating: 0, count: 16)
        /// Distinct answer values (first `DNSEvidence.answersKept`), and how many answer records were seen.
        public var answers: [String] = []
        public var answerRecords = 0
        /// The smallest answer TTL, seconds; nil without answers.
        public var minimumTTL: UInt32?
        /// Distinct clients that asked (first `DNSEvidence.clientsKept`).
        public var clients: [IPAddress] = []
        /// The DGA suspicion score of the registered label, 0…1 (see `DGAScore`).
        public var dgaScore = 0.0
        /// The most frequent RCODE among responses; nil without responses.
        public var rcode: Int? { responses.count == 0 ? nil : rcodes.indices.max { rcodes[$0] < rcodes[$1] } }
    }
    /// What one client asked and was told.
    public struct Client: Sendable {
        public var client: IPAddress
        public var queries = 0, responses = 0, nxdomain = 0
        /// Distinct names asked (counted up to `DNSEvidence.clientNamesKept`).
        public var distinctNames = 0
        /// Servers asked (first 4), and whether any was on a port other than 53.
        public var servers: [IPAddress] = []
        public var nonStandardPort = false
    }
    public var names: [Name] = []
    public var clients: [Client] = []
    /// Exact totals over all DNS messages, also those past the row caps.
    public var queries = 0, responses = 0, nxdomain = 0, overTCP = 0
    /// Responses paired with a query of the same id, client and server; queries never answered.
    public var paired = 0
    public var unanswered: Int { max(0, queries - paired) }
    /// Distinct names (and types) not kept as rows because the table was full.
    public var namesDropped = 0
    public static let namesKept = 20_000, answersKept = 4, clientsKept = 8, clientNamesKept = 4096, pendingKept = 65_536
    public init() {}
}

/// Scores how machine-made a domain's registered label looks (`xkqjwzrtplm` in `xkqjwzrtplm.com`).
/// Rule (documented in docs/detections.md): reverse names (`.arpa`) and labels shorter than 6 characters
/// score 0; otherwise
/// 0.35·clamp((H − 2.5)/1.5) + 0.25·clamp((L − 8)/12) + 0.25·clamp((C − 3)/4) + 0.15·clamp(D/0.3),
/// H the Shannon entropy (bits/char), L the length, C the longest consonant run, D the digit ratio.
public enum DGAScore {
    /// The label left of the public suffix: two labels from the end, three under `co.uk`-like suffixes.
    public static func registeredLabel(_ name: String) -> Substring? {
        let labels = name.split(separator: ".")
        guard labels.count >= 2 else { return nil }
        let last = labels[labels.count - 1], second = labels[labels.count - 2]
        if labels.count >= 3 && last.count == 2 && second.count <= 3 { return labels[labels.count - 3] }
        return second
    }

    /// The score of `name`'s registered label.
    public static func score(_ name: String) -> Double {
        if let byBytes = scoreOfBytes(name) { return byBytes }
        guard !name.hasSuffix(".arpa"), let label = registeredLabel(name), label.utf8.count >= 6 else { return 0 }
        var bins = [Int](repeating: 0, count: 256)
        var run = 0, longestRun = 0, digits = 0
        for c in label.utf8 {
            bins[Int(c)] += 1
            if c >= 48 && c <= 57 { digits += 1 }
            let isConsonant = c >= 97 && c <= 122 && !"aeiouy".utf8.contains(c)
            run = isConsonant ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let n = Double(label.utf8.count)
        var entropy = 0.0
        for b in bins where b > 0 { let q = Double(b) / n; entropy -= q * log2(q) }
        func clamp(_ x: Double) -> Double { min(1, max(0, x)) }
        return 0.35 * clamp((entropy - 2.5) / 1.5) + 0.25 * clamp((n - 8) / 12) + 0.25 * clamp(Double(longestRun - 3) / 4)
            + 0.15 * clamp(Double(digits) / n / 0.3)
    }
}

/// Fills `DNSEvidence` from whole DNS messages; owned by `DNSQueryPass`.
struct DNSEvidenceBuilder {
    struct NameKey: Hashable { var name: String; var type: UInt16 }
    struct PendingKey: Hashable { var id: UInt16; var client: IPAddress; var server: IPAddress }
    var table = DNSEvidence()
    var nameIndex: [NameKey: Int] = [:]
    var clientIndex: [IPAddress: Int] = [:]
    var clientNames: [IPAddress: Set<Int>] = [:]
    var pending: [PendingKey: Int] = [:]
    var nameSeries = DNSNameSeriesBuilder()

    /// One DNS message whose question `DNSQueryPass` has read (the first question's name, type and end).
    mutating func observe(_ message: UnsafeRawBufferPointer, _ p: DecodedPacket, question: DNSRecordReader.Question) {
        guard let header = try? DNSMessageView(validating: message), header.questionCount >= 1 else { return }
        let reader = DNSRecordReader(message)
        let isResponse = header.isResponse
        let client = isResponse ? p.ipDestination : p.ipSource, server = isResponse ? p.ipSource : p.ipDestination
        let serverPort = isResponse ? p.sourcePort : p.destinationPort
        if p.isTCP { table.overTCP += 1 }
        let key = NameKey(name: question.name, type: question.type)
        var row = nameIndex[key]
        if row == nil {
            if table.names.count < DNSEvidence.namesKept {
                row = table.names.count; nameIndex[key] = row
                table.names.append(.init(name: question.name, type: question.type, dgaScore: DGAScore.score(question.name)))
            } else {
                table.namesDropped += 1
            }
        }
        let c: Int
        if let existing = clientIndex[client] {
            c = existing
        } else {
            c = table.clients.count; clientIndex[client] = c; table.clients.append(.init(client: client))
        }
        if serverPort != 53 { table.clients[c].nonStandardPort = true }
        if table.clients[c].servers.count < 4 && !table.clients[c].servers.contains(server) { table.clients[c].servers.append(server) }
        let pendingKey = PendingKey(id: header.identification, client: client, server: server)
        if !isResponse {
            table.queries += 1
            table.clients[c].queries += 1
            if clientNames[client, default: []].count < DNSEvidence.clientNamesKept,
                clientNames[client, default: []].insert(key.hashValue).inserted
            {
                table.clients[c].distinctNames += 1
            }
            if pending.count < DNSEvidence.pendingKept { pending[pendingKey] = p.frameNumber }
            nameSeries.noteQuery(client: client, server: server, name: question.name, p, size: message.count)
            if let row { table.names[row].queries.note(p); Self.addClient(client, to: &table.names[row]) }
            return
        }
        table.responses += 1
        table.clients[c].responses += 1
        if pending.removeValue(forKey: pendingKey) != nil { table.paired += 1 }
        let rcode = Int(header.responseCode)
        if rcode == 3 { table.nxdomain += 1; table.clients[c].nxdomain += 1 }
        guard let row else { return }
        table.names[row].responses.note(p)
        table.names[row].rcodes[rcode] += 1
        var offset = question.end
        for _ in 0 ..< header.answerCount {
            // The owner name is not kept: only its end is read, and the value is made while rows are free.
            guard let record = reader.recordHeader(at: offset) else { break }
            offset = record.end
            table.names[row].answerRecords += 1
            table.names[row].minimumTTL = min(table.names[row].minimumTTL ?? record.ttl, record.ttl)
            if table.names[row].answers.count < DNSEvidence.answersKept {
                let value = reader.value(of: record)
                if !table.names[row].answers.contains(value) { table.names[row].answers.append(value) }
            }
        }
    }

    static func addClient(_ client: IPAddress, to name: inout DNSEvidence.Name) {
        if name.clients.count < DNSEvidence.clientsKept && !name.clients.contains(client) { name.clients.append(client) }
    }
}
