/// The measurements of password guessing against one login service (the login protocol or service
/// is `Finding.technique`, the port `Finding.targetedPorts`).
public struct BruteForceFacts: Sendable, Equatable {
    /// Login attempts: connections or login commands, whichever is more.
    public var attempts = 0
    /// Seconds from the first attempt to the last.
    public var duration = 0.0
    /// Separate TCP connections, and the payload bytes the client sent on each, on average.
    public var connections = 0, averageClientBytes = 0
    /// Logins read in clear text: one per `USER`+`PASS` pair, `APOP`, `AUTH PLAIN` or IMAP `LOGIN`
    /// (not one per command line).
    public var loginCommands = 0
    /// Logins the server rejected and accepted, read from its answers.
    public var rejected = 0, accepted = 0
    /// The service is encrypted (ssh, rdp, port 443): its answers cannot be read.
    public var encrypted = false
    /// HTTP form guessing read from every request to the login URL (nil: no form logins).
    public var form: FormGuessingFacts?
    public init() {}
}
