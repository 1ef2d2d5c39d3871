/// What the web attack detector measured for one client (`Finding.attackers`) and web server
/// (`Finding.targets`, its ports in `Finding.targetedPorts`): the requests carrying each attack
/// class and how the server answered them, the attack tool its User-Agent named, the paths it
/// walked, and a few example requests (targets masked by `CredentialMask`).
public struct WebAttackFacts: Sendable, Equatable {
    /// Answers to a set of requests by status class; `unanswered` got none in the capture.
    public struct Answers: Sendable, Equatable {
        public var success = 0, redirect = 0, clientError = 0, serverError = 0, unanswered = 0
        public init() {}
    }

    /// The requests of one attack class (`.sqlInjection`, `.pathTraversal`, `.commandInjection`,
    /// `.crossSiteScripting`).
    public struct ClassCount: Sendable, Equatable {
        public var technique: Technique
        public var requests = 0
        public var answers = Answers()
        public init(technique: Technique) { self.technique = technique }
    }

    /// One request shown as an example.
    public struct Example: Sendable, Equatable {
        public var frame = 0
        /// The attack classes it carried (empty: a tool's request without a payload).
        public var techniques: [Technique] = []
        /// Method and target as sent, passwords masked; withheld ("[redacted]") under `--redact payload`.
        public var method = "", target = ""
        /// The answer's status code; nil when none was seen.
        public var status: Int?
        public init() {}
    }

    /// Every request the client sent the server, and how they were answered.
    public var requests = 0
    public var answers = Answers()
    /// Distinct paths asked for (counted up to a cap: `pathsCapped`), and 404 answers.
    public var distinctPaths = 0
    public var pathsCapped = false
    public var notFound = 0
    /// Requests carrying any attack class, and their answers.
    public var attackRequests = 0
    public var attackAnswers = Answers()
    public var classes: [ClassCount] = []
    /// The attack or scanning tool the User-Agent named (nil: none), and its requests.
    public var tool: String?
    public var toolRequests = 0
    /// Requests from a generic scripting client (curl, python-requests, Go-http-client, …).
    public var genericClientRequests = 0
    /// The client walked many paths, most of them missing (wordlist content discovery).
    public var contentDiscovery = false
    /// The first User-Agent and Host header; withheld under `--redact payload`.
    public var userAgent: String?
    public var host: String?
    public var examples: [Example] = []
    public init() {}
}
