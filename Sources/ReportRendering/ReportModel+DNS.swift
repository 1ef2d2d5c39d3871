import Support

extension ReportModel {
    /// The DNS section (issue 15): what was asked and answered, per client, and names that look machine-made.
    /// Names are capture-derived text: printable ASCII from `DNSRecordReader`, escaped where rendered,
    /// and cut to their registered domain under `--redact payload`/`all`.
    public struct DNSSection: Sendable {
        /// One question name and type.
        public struct NameRow: Sendable {
            public var name: String, type: String
            public var queries: Int, responses: Int
            /// The most frequent RCODE of the responses (`NoError`, `NXDomain`, …), or `no response`.
            public var rcode: String
            public var nxdomain: Int
            /// Distinct answer values (a few), and how many answer records there were.
            public var answers: [String]
            public var answerRecords: Int
            public var minimumTTL: Int?
            public var clients: [String]
            public var dgaScore: Double
            /// The first query frames (then response frames), and the display filter for the name.
            public var frames: [Int]
            public var filter: String
            public init(
                name: String, type: String, queries: Int, responses: Int, rcode: String, nxdomain: Int, answers: [String],
                answerRecords: Int, minimumTTL: Int?, clients: [String], dgaScore: Double, frames: [Int], filter: String
            ) {
                self.name = name
                self.type = type
                self.queries = queries
                self.responses = responses
                self.rcode = rcode
                self.nxdomain = nxdomain
                self.answers = answers
                self.answerRecords = answerRecords
                self.minimumTTL = minimumTTL
                self.clients = clients
                self.dgaScore = dgaScore
                self.frames = frames
                self.filter = filter
            }
        }
        /// One client.
        public struct ClientRow: Sendable {
            public var client: String
            public var queries: Int, responses: Int, nxdomain: Int, distinctNames: Int
            public var servers: [String]
            /// True when the client asked a server on a port other than 53.
            public var nonStandardPort: Bool
            public var filter: String
            public init(
                client: String, queries: Int, responses: Int, nxdomain: Int, distinctNames: Int, servers: [String],
                nonStandardPort: Bool, filter: String
            ) {
                self.client = client
                self.queries = queries
                self.responses = responses
                self.nxdomain = nxdomain
                self.distinctNames = distinctNames
                self.servers = servers
                self.nonStandardPort = nonStandardPort
                self.filter = filter
            }
        }
        /// Exact totals.
        public var queries = 0, responses = 0, nxdomain = 0, paired = 0, unanswered = 0, overTCP = 0
        /// Rows shown (top N by queries) and how many exist.
        public var names: [NameRow] = []
        public var namesTotal = 0
        public var clients: [ClientRow] = []
        public var clientsTotal = 0
        /// Names whose DGA score is at least `DNSSection.suspiciousScore`, highest first, and how many.
        public var suspicious: [NameRow] = []
        public var suspiciousTotal = 0
        /// True when names were cut to their registered domain (`--redact payload`/`all`).
        public var namesRedacted = false
        public static let rowsShown = 25
        public static let suspiciousScore = 0.6
        public init() {}
    }
}

extension ReportModel.DNSSection {
    /// The `dns` member of the JSON report (docs/report-json.md).
    public func json() -> JSONValue {
        func row(_ r: NameRow) -> JSONValue {
            .object([
                ("name", .string(r.name)), ("type", .string(r.type)), ("queries", .int(r.queries)), ("responses", .int(r.responses)),
                ("rcode", .string(r.rcode)), ("nxdomain", .int(r.nxdomain)), ("answers", .array(r.answers.map(JSONValue.string))),
                ("answerRecords", .int(r.answerRecords)), ("minimumTTL", .optional(r.minimumTTL)),
                ("clients", .array(r.clients.map(JSONValue.string))), ("dgaScore", .double(r.dgaScore)),
                ("frames", .array(r.frames.map(JSONValue.int))), ("displayFilter", .string(r.filter)),
            ])
        }
        return .object([
            ("queries", .int(queries)), ("responses", .int(responses)), ("nxdomain", .int(nxdomain)), ("paired", .int(paired)),
            ("unanswered", .int(unanswered)), ("overTCP", .int(overTCP)), ("namesRedacted", .bool(namesRedacted)),
            ("namesTotal", .int(namesTotal)), ("names", .array(names.map(row))),
            ("clientsTotal", .int(clientsTotal)),
            (
                "clients",
                .array(
                    clients.map {
                        .object([
                            ("client", .string($0.client)), ("queries", .int($0.queries)), ("responses", .int($0.responses)),
                            ("nxdomain", .int($0.nxdomain)), ("distinctNames", .int($0.distinctNames)),
                            ("servers", .array($0.servers.map(JSONValue.string))), ("nonStandardPort", .bool($0.nonStandardPort)),
                            ("displayFilter", .string($0.filter)),
                        ])
                    })
            ),
            ("suspiciousTotal", .int(suspiciousTotal)), ("suspicious", .array(suspicious.map(row))),
        ])
    }
}
