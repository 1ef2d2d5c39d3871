import TrafficStatistics

/// HTTP form guessing (hydra `http-get-form`/`http-post-form`) read from every request to a login
/// URL: `BruteForceFacts.form`.
public struct FormGuessingFacts: Sendable, Equatable {
    /// The busiest login URL (`http://host/path`, no query) and its method; withheld under `--redact payload`.
    public var url = ""
    public var method = ""
    /// Login URLs of the client on this server and port.
    public var urls = 1
    /// Requests carrying a password field (every login URL); `capped` when a count of distinct
    /// values stopped at its cap (passwords are counted by hash, never kept).
    public var attempts = 0
    /// Attempts at the busiest URL, and the distinct user names and passwords tried there.
    public var busiestAttempts = 0
    public var distinctUsers = 0, distinctPasswords = 0
    public var capped = false
    /// Answers read as rejections (a 4xx/5xx, or a page saying incorrect/invalid/failed) and as
    /// successes (an answer that differs from the usual one: status, redirect, cookie or size).
    public var rejected = 0, accepted = 0
    /// The successful guess: the user (withheld under `--redact payload`), its request and answer
    /// frames, and how the answer differed ("302 to /index.php, sets a cookie").
    public var successUser: String?
    public var successRequestFrame: Int?
    public var successFrame: Int?
    public var successAnswer: String?
    public init() {}
}

extension BruteForceDetector {
    /// Whether an answer kind reads as a rejection on its own.
    static func rejects(_ a: HTTPRequestEvidence.FormAnswer) -> Bool { a.saysRejected || a.status >= 400 }

    /// `a` differs from the usual answer `usual`: another status, redirect target or cookie, or a
    /// body more than 10 % (at least 32 bytes) longer or shorter.
    static func differs(_ a: HTTPRequestEvidence.FormAnswer, from usual: HTTPRequestEvidence.FormAnswer) -> Bool {
        a.status != usual.status || a.location != usual.location || a.setsCookie != usual.setsCookie
            || abs(a.size - usual.size) > max(32, usual.size / 10)
    }

    /// The form guessing of `client` at `server`:`port`, nil without form logins there.
    static func formGuessing(_ forms: [HTTPRequestEvidence.FormLogin]) -> FormGuessingFacts? {
        guard let busiest = forms.max(by: { $0.attempts < $1.attempts }), busiest.attempts > 0 else { return nil }
        var x = FormGuessingFacts()
        let scheme = busiest.port == 443 || busiest.port == 8443 ? "https" : "http"
        x.url = "\(scheme)://\(busiest.host.isEmpty ? "\(busiest.server)" : busiest.host)\(busiest.path)"
        x.method = busiest.method
        x.urls = forms.count
        x.busiestAttempts = busiest.attempts
        x.distinctUsers = busiest.distinctUsers; x.distinctPasswords = busiest.distinctPasswords
        for f in forms {
            x.attempts += f.attempts
            if f.distinctPasswords >= HTTPRequestEvidence.valuesCounted || f.distinctUsers >= HTTPRequestEvidence.valuesCounted {
                x.capped = true
            }
            // The usual answer is the most frequent one; an answer that rejects on its own is never a success.
            let usual = f.answers.max { $0.count != $1.count ? $0.count < $1.count : $0.requestFrame > $1.requestFrame }
            for a in f.answers {
                let success =
                    !rejects(a) && (usual.map { rejects($0) || differs(a, from: $0) } ?? false)
                    && a.count * 4 <= max(4, f.attempts)
                if success {
                    x.accepted += a.count
                    if x.successFrame == nil || a.responseFrame < x.successFrame ?? 0 {
                        x.successFrame = a.responseFrame; x.successRequestFrame = a.requestFrame
                        x.successUser = a.user.isEmpty ? nil : a.user
                        var how = "\(a.status)"
                        if !a.location.isEmpty { how += " to \(a.location)" }
                        if a.setsCookie { how += ", sets a cookie" }
                        how += ", \(a.size) bytes"
                        x.successAnswer = how
                    }
                } else {
                    x.rejected += a.count
                }
            }
            x.rejected += f.otherAnswers
        }
        return x
    }
}
