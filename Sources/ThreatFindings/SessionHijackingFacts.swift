import PacketDecoding

/// One client's use of a hijacked session cookie: its requests with the cookie, the first and last
/// of them (frames, nanoseconds since the epoch).
public struct SessionCookieUse: Sendable, Equatable {
    public var client: IPAddress
    public var requests = 0
    public var firstFrame = 0, lastFrame = 0
    public var firstTime: Int64 = 0, lastTime: Int64 = 0
    /// For an intruder: the first frame in which it sent the server its own, different value of the
    /// same cookie before switching to the victim's (nil when it had none).
    public var ownSessionFrame: Int?
    /// A use by `client`.
    public init(client: IPAddress) { self.client = client }
}

/// The measurements of a session hijacking: a web session cookie (`cookieNames`, never its value:
/// a SHA-256 prefix of it) that the victim (`victim`, the first client to send it) used and a second
/// client sent too, to the same server (`server`, `serverPort`). The attackers are
/// `Finding.attackers`; the victim and the server `Finding.targets`.
public struct SessionHijackingFacts: Sendable, Equatable {
    public var server = IPAddress.unspecified
    public var serverPort: UInt16 = 0
    /// The session cookies' names, and the first 12 hex digits of each value's SHA-256, in the same order.
    public var cookieNames: [String] = []
    public var valueDigests: [String] = []
    /// The victim's use, and the frame of the response that set the cookie for it (nil when not seen).
    public var victim = SessionCookieUse(client: .unspecified)
    public var victimIssuedFrame: Int?
    /// The other clients' uses, first first.
    public var intruders: [SessionCookieUse] = []
    /// The victim sent the cookie again after an intruder first did (both used it at once); when
    /// false, the intruder began within `sessionHandoverWindowSeconds` of the victim's last use.
    public var concurrent = false
    /// An intruder had its own session with the server first and switched to the victim's cookie
    /// (`SessionCookieUse.ownSessionFrame`): no device changing address does that.
    public var switchedSession: Bool { intruders.contains { $0.ownSessionFrame != nil } }
    /// Seconds from the victim's last use to the first intruder's first use (negative when they overlap).
    public var gapSeconds = 0.0
    /// Requests with the cookie from further clients past the table's cap.
    public var otherClientRequests = 0
    public init() {}
}
