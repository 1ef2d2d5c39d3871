import PacketDecoding

/// What every HTTP request of the capture showed about web attacks, per client and server: exact
/// counts of the requests carrying each attack class (`WebAttackPatterns`) and of the answers the
/// server gave them, attack-tool User-Agents, distinct paths, and per login URL the form logins
/// (attempts, distinct users and passwords counted by hash, the kinds of answer). The transaction
/// table keeps only its first rows; this sees every request. Bounded: `pairsKept` client/server
/// pairs and `formsKept` login URLs (the rest counted), a few frames and examples each.
public struct HTTPRequestEvidence: Sendable {
    public static let pairsKept = 4096, formsKept = 256
    /// Examples and evidence frames kept per class (and for tool requests).
    public static let examplesKept = 5, framesKept = 6
    /// Distinct paths counted per pair, distinct users and passwords per login URL.
    public static let pathsCounted = 512, valuesCounted = 4096
    /// Kinds of answer kept per login URL, streams waiting for answers, requests waiting per stream.
    public static let answerKindsKept = 16, streamsWaiting = 16_384, waitingPerStream = 64
    /// Characters of a request target kept in an example.
    public static let exampleTargetKept = 300

    /// Answers by status class; requests without one are the rest.
    public struct Answers: Sendable, Equatable {
        public var success = 0, redirect = 0, clientError = 0, serverError = 0, other = 0
        /// Every answer counted.
        public var total: Int { success + redirect + clientError + serverError + other }
        mutating func add(_ status: Int) {
            switch status / 100 {
            case 2: success += 1
            case 3: redirect += 1
            case 4: clientError += 1
            case 5: serverError += 1
            default: other += 1
            }
        }
        public init() {}
    }

    /// One request shown as an example (its target as sent, not masked: the report masks it).
    public struct Example: Sendable, Equatable {
        public var frame = 0
        public var method = "", target = ""
        /// The classes it carried (empty for a tool's request without a payload).
        public var classes: [WebAttackClass] = []
        /// The answer's status code and frame; nil when none was seen.
        public var status: Int?
        public var responseFrame: Int?
        public init() {}
    }

    /// The requests of one pair that carried one attack class.
    public struct ClassEvidence: Sendable, Equatable {
        public var requests = 0
        public var answers = Answers()
        public var frames: [Int] = []
        public var examples: [Example] = []
        public init() {}
    }

    /// Everything one client asked one server.
    public struct Pair: Sendable {
        public var client: IPAddress, server: IPAddress
        /// Server ports (first 8).
        public var ports: [UInt16] = []
        public var requests = 0
        public var answers = Answers()
        /// Answers 404 (a scanner's wordlist misses).
        public var notFound = 0
        public var firstFrame = 0, lastFrame = 0
        public var firstTime: Int64 = 0, lastTime: Int64 = 0
        /// Distinct paths (query excluded), counted up to `pathsCounted`.
        public var distinctPaths = 0
        /// Requests per attack class.
        public var classes: [WebAttackClass: ClassEvidence] = [:]
        /// The attack tool its User-Agent named (the first seen), its requests, frames and examples.
        public var tool = ""
        public var toolRequests = 0
        public var toolFrames: [Int] = []
        public var toolExamples: [Example] = []
        /// Requests from a generic scripting client (curl, python-requests, Go-http-client, …).
        public var genericClientRequests = 0
        /// The first User-Agent seen (capped).
        public var userAgent = ""
        /// The Host header of its first request.
        public var host = ""
        var pathHashes = Set<UInt64>()
        /// Requests carrying any attack class.
        public var attackRequests = 0
        public var attackAnswers = Answers()
        init(client: IPAddress, server: IPAddress) { self.client = client; self.server = server }
    }

    /// One kind of answer to a login form: what tells a success from a rejection.
    public struct FormAnswer: Sendable, Equatable {
        public var status = 0
        /// The Location of a redirect (path only, capped), "" for none.
        public var location = ""
        public var setsCookie = false
        /// Body bytes as sent.
        public var size = 0
        /// The answer page (its first bytes) said the login failed.
        public var saysRejected = false
        /// Answers of this kind, and the first one's request and answer frames and user.
        public var count = 0
        public var requestFrame = 0, responseFrame = 0
        public var user = ""
        public init() {}
    }

    /// Logins to one form (client, server, port, method and path).
    public struct FormLogin: Sendable {
        public var client: IPAddress, server: IPAddress
        public var port: UInt16
        public var method = "", host = "", path = ""
        public var attempts = 0
        /// Distinct user names and passwords (passwords by hash only), counted up to `valuesCounted`.
        public var distinctUsers = 0, distinctPasswords = 0
        public var firstFrame = 0, lastFrame = 0
        public var firstTime: Int64 = 0, lastTime: Int64 = 0
        /// The answers seen, by kind (first `answerKindsKept` kinds; the rest in `otherAnswers`).
        public var answers: [FormAnswer] = []
        public var otherAnswers = 0
        /// The first frames of the attempts.
        public var frames: [Int] = []
        var users = Set<UInt64>(), passwords = Set<UInt64>()
        init(client: IPAddress, server: IPAddress, port: UInt16) { self.client = client; self.server = server; self.port = port }
    }

    public var pairs: [Pair] = []
    public var forms: [FormLogin] = []
    /// Requests seen, and the pairs and login URLs past the caps (their requests not counted).
    public var requests = 0
    public var pairsDropped = 0, formsDropped = 0
    /// Where each pair and login URL is in `pairs` and `forms`; the requests waiting per stream.
    var pairIndex: [PairKey: Int] = [:]
    var formIndex: [FormKey: Int] = [:]
    var waiting: [Int: [Waiting]] = [:]

    /// A client and server.
    struct PairKey: Hashable { var client: IPAddress; var server: IPAddress }
    /// A login URL of one client: server, port, method and path.
    struct FormKey: Hashable {
        var client: IPAddress, server: IPAddress
        var port: UInt16
        var method: String, path: String
    }

    /// A request waiting for its answer: what the answer updates.
    struct Waiting {
        var pair: Int?
        var classes: [WebAttackClass] = []
        var examples: [(WebAttackClass?, Int)] = []
        var form: Int?
        var user = ""
        var frame = 0
    }

    /// One message head as the HTTP pass read it, completed by its body's first bytes.
    public struct Message: Sendable {
        var isRequest = true
        var stream = 0, frame = 0
        var timestamp: Int64 = 0
        var client = IPAddress.unspecified, server = IPAddress.unspecified
        var serverPort: UInt16 = 0
        var method = "", target = "", host = "", userAgent = "", contentType = ""
        var status = 0
        var location = ""
        var setsCookie = false
    }

    public init() {}

    /// The message head `head` (its fields already read into `fields`) of `chunk`'s direction.
    static func message(_ head: [UInt8], _ fields: HeadFields, _ chunk: TCPChunk, _ packet: DecodedPacket) -> Message {
        var m = Message()
        m.isRequest = !fields.isResponse
        m.stream = chunk.stream; m.frame = chunk.frame; m.timestamp = chunk.timestamp
        m.client = m.isRequest ? packet.ipSource : packet.ipDestination
        m.server = m.isRequest ? packet.ipDestination : packet.ipSource
        m.serverPort = m.isRequest ? packet.destinationPort : packet.sourcePort
        m.method = fields.method; m.target = fields.target; m.status = fields.status
        m.host = fields.value("host"); m.userAgent = fields.value("user-agent"); m.contentType = fields.value("content-type")
        if m.isRequest { return m }
        // Location and Set-Cookie, read here (the transaction table keeps neither).
        for line in head.split(separator: 10) {
            let lower = line.prefix(12).map { (0x41 ... 0x5A).contains($0) ? $0 + 32 : $0 }
            if lower.starts(with: Array("set-cookie:".utf8)) { m.setsCookie = true }
            if lower.starts(with: Array("location:".utf8)) {
                var value = line.dropFirst(9)
                while let f = value.first, f == 0x20 || f == 0x09 { value = value.dropFirst() }
                while let l = value.last, l == 0x0D || l == 0x20 { value = value.dropLast() }
                var text = Array(value.prefix(200))
                if let q = text.firstIndex(of: 0x3F) { text = Array(text[..<q]) }
                m.location = String(decoding: text, as: UTF8.self)
            }
        }
        return m
    }

    /// Records the complete (or cut short) message `m` with its body's size and first bytes (the
    /// decoded ones of a gzip answer); nil: no body.
    mutating func record(_ m: Message, _ body: HTTPTransactionPass.BodyReader?) {
        let size = body?.sent.size ?? 0
        if m.isRequest {
            request(m, bodySize: size, bodyStart: body?.sent.sniffed ?? [])
        } else {
            answer(m, bodySize: size, bodyStart: body.map { $0.decoded?.sniffed ?? $0.sent.sniffed } ?? [])
        }
    }

    /// FNV-1a (64 bits): distinct values are counted by it, never kept.
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    private mutating func request(_ m: Message, bodySize: Int, bodyStart: [UInt8]) {
        requests += 1
        var w = Waiting(frame: m.frame)
        let target = Array(m.target.utf8)
        let question = target.firstIndex(of: 0x3F)
        let path = Array(target[..<(question ?? target.count)])
        let query = question.map { String(decoding: target[($0 + 1)...], as: UTF8.self) }
        let form = Self.isForm(contentType: m.contentType) && bodySize == bodyStart.count
        let body: [UInt8]? = form ? bodyStart : nil
        let key = PairKey(client: m.client, server: m.server)
        var index = pairIndex[key]
        if index == nil {
            if pairs.count < Self.pairsKept {
                pairs.append(Pair(client: m.client, server: m.server)); index = pairs.count - 1; pairIndex[key] = index
            } else {
                pairsDropped += 1
            }
        }
        if let index {
            var p = pairs[index]
            if p.requests == 0 { p.firstFrame = m.frame; p.firstTime = m.timestamp; p.host = String(m.host.prefix(200)) }
            p.requests += 1
            p.lastFrame = m.frame; p.lastTime = m.timestamp
            if !p.ports.contains(m.serverPort) && p.ports.count < 8 { p.ports.append(m.serverPort) }
            if p.userAgent.isEmpty { p.userAgent = String(m.userAgent.prefix(200)) }
            if p.pathHashes.count < Self.pathsCounted, p.pathHashes.insert(Self.hash(path)).inserted { p.distinctPaths += 1 }
            var example = Example()
            example.frame = m.frame; example.method = m.method
            example.target = String(m.target.prefix(Self.exampleTargetKept))
            let classes = WebAttackClass.allCases.filter(WebAttackPatterns.classes(target: m.target, body: body).contains)
            example.classes = classes
            w.classes = classes
            if !classes.isEmpty { p.attackRequests += 1 }
            for c in classes {
                var e = p.classes[c] ?? ClassEvidence()
                e.requests += 1
                if e.frames.count < Self.framesKept { e.frames.append(m.frame) }
                if e.examples.count < Self.examplesKept { e.examples.append(example); w.examples.append((c, e.examples.count - 1)) }
                p.classes[c] = e
            }
            if let tool = WebAttackPatterns.tool(userAgent: m.userAgent) {
                if p.tool.isEmpty { p.tool = tool }
                p.toolRequests += 1
                if p.toolFrames.count < Self.framesKept { p.toolFrames.append(m.frame) }
                if p.toolExamples.count < Self.examplesKept {
                    p.toolExamples.append(example); w.examples.append((nil, p.toolExamples.count - 1))
                }
            } else if WebAttackPatterns.isGenericClient(userAgent: m.userAgent) {
                p.genericClientRequests += 1
            }
            pairs[index] = p
            w.pair = index
        }
        if let login = WebAttackPatterns.login(query: query, body: body) {
            w.form = formAttempt(m, path: String(decoding: path.prefix(200), as: UTF8.self), login)
            w.user = String(login.user.prefix(64))
        }
        guard waiting[m.stream] != nil || waiting.count < Self.streamsWaiting else { return }
        var queue = waiting[m.stream] ?? []
        if queue.count < Self.waitingPerStream { queue.append(w) }
        waiting[m.stream] = queue
    }

    /// The Content-Type names a URL-encoded form (case-insensitive); ASCII on its bytes, other text
    /// by Characters as before.
    static func isForm(contentType: String) -> Bool {
        guard contentType.utf8.allSatisfy({ $0 < 0x80 }) else { return contentType.lowercased().contains("x-www-form-urlencoded") }
        return WebAttackPatterns.contains(WebAttackPatterns.asciiLowercased(contentType), formType)
    }
    static let formType = Array("x-www-form-urlencoded".utf8)

    private mutating func formAttempt(_ m: Message, path: String, _ login: (user: String, password: [UInt8])) -> Int? {
        let key = FormKey(client: m.client, server: m.server, port: m.serverPort, method: m.method, path: path)
        var index = formIndex[key]
        if index == nil {
            guard forms.count < Self.formsKept else { formsDropped += 1; return nil }
            var f = FormLogin(client: m.client, server: m.server, port: m.serverPort)
            f.method = m.method; f.path = path; f.host = String(m.host.prefix(200))
            f.firstFrame = m.frame; f.firstTime = m.timestamp
            forms.append(f); index = forms.count - 1; formIndex[key] = index
        }
        guard let index else { return nil }
        var f = forms[index]
        f.attempts += 1
        f.lastFrame = m.frame; f.lastTime = m.timestamp
        if f.frames.count < Self.framesKept { f.frames.append(m.frame) }
        if f.users.count < Self.valuesCounted, f.users.insert(Self.hash(login.user.utf8)).inserted { f.distinctUsers += 1 }
        if f.passwords.count < Self.valuesCounted, f.passwords.insert(Self.hash(login.password)).inserted { f.distinctPasswords += 1 }
        forms[index] = f
        return index
    }

    private mutating func answer(_ m: Message, bodySize: Int, bodyStart: [UInt8]) {
        guard var queue = waiting[m.stream], !queue.isEmpty, m.status / 100 != 1 else { return }
        let w = queue.removeFirst()
        waiting[m.stream] = queue.isEmpty ? nil : queue
        if let index = w.pair {
            var p = pairs[index]
            p.answers.add(m.status)
            if m.status == 404 { p.notFound += 1 }
            if !w.classes.isEmpty { p.attackAnswers.add(m.status) }
            for c in w.classes { p.classes[c]?.answers.add(m.status) }
            for (c, i) in w.examples {
                if let c {
                    p.classes[c]?.examples[i].status = m.status; p.classes[c]?.examples[i].responseFrame = m.frame
                } else {
                    p.toolExamples[i].status = m.status; p.toolExamples[i].responseFrame = m.frame
                }
            }
            pairs[index] = p
        }
        if let index = w.form {
            var a = FormAnswer()
            a.status = m.status; a.location = m.location; a.setsCookie = m.setsCookie; a.size = bodySize
            a.saysRejected = WebAttackPatterns.saysRejected(bodyStart)
            var f = forms[index]
            if let k = f.answers.firstIndex(where: {
                $0.status == a.status && $0.location == a.location && $0.setsCookie == a.setsCookie && $0.size == a.size
                    && $0.saysRejected == a.saysRejected
            }) {
                f.answers[k].count += 1
            } else if f.answers.count < Self.answerKindsKept {
                a.count = 1; a.requestFrame = w.frame; a.responseFrame = m.frame; a.user = w.user
                f.answers.append(a)
            } else {
                f.otherAnswers += 1
            }
            forms[index] = f
        }
    }

    /// The evidence without the working state (hash sets, the answer queues).
    public mutating func finish() -> HTTPRequestEvidence {
        waiting = [:]; pairIndex = [:]; formIndex = [:]
        for i in pairs.indices { pairs[i].pathHashes = [] }
        for i in forms.indices { forms[i].users = []; forms[i].passwords = [] }
        return self
    }
}
