import Support
import ThreatFindings

extension FindingWording {
    /// A session cookie as the report shows it: its name and a SHA-256 prefix of its value, never the value.
    static func sessionCookie(_ name: String, _ digest: String) -> String { "\(name) (value SHA-256 \(digest)…)" }

    static func sessionHijacking(_ x: SessionHijackingFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let victim = x.victim.client, server = "\(x.server) port \(x.serverPort)"
        let cookies = zip(x.cookieNames, x.valueDigests).map { sessionCookie($0, $1) }.joined(separator: " and ")
        let intruders = list(x.intruders.map(\.client))
        let when =
            x.concurrent
            ? "while \(victim) was still using it"
            : "\(seconds(max(0, x.gapSeconds))) after \(victim) last used it"
        var details = [
            "\(victim) sent the session cookie \(cookies) to \(server) in \(x.victim.requests) request\(s(x.victim.requests)) "
                + "(frames \(x.victim.firstFrame) to \(x.victim.lastFrame))"
                + (x.victimIssuedFrame.map { "; the server set it for \(victim) in frame \($0)" } ?? "") + "."
        ]
        for i in x.intruders {
            details.append(
                "\(i.client) sent the same cookie value in \(i.requests) request\(s(i.requests)) (first in frame \(i.firstFrame)) "
                    + "without the server ever setting it for \(i.client): it replayed \(victim)'s session."
                    + (i.ownSessionFrame.map {
                        " Before that it used its own, different \(x.cookieNames.first ?? "session") value with the server (from frame \($0)) "
                            + "and then switched to the victim's: a device changing address keeps its own session."
                    } ?? ""))
        }
        details.append(
            x.concurrent || x.switchedSession
                ? (x.concurrent
                    ? "\(victim) kept sending the cookie after \(intruders) began (its last use is frame \(x.victim.lastFrame)): "
                        + "two hosts used one login session at once, which a browser behind one address never does."
                    : "\(intruders) began \(seconds(max(0, x.gapSeconds))) after \(victim)'s last use, within the "
                        + "\(seconds(t.sessionHandoverWindowSeconds)) window, after its own session with the server.")
                : "\(intruders) began \(seconds(max(0, x.gapSeconds))) after \(victim)'s last use, within the "
                    + "\(seconds(t.sessionHandoverWindowSeconds)) window: a stolen session, or the same user's device "
                    + "changing address (check the user agents and the user).")
        details.append(
            "The cookie value is not shown (only a SHA-256 prefix); the display filter matches the cookie's name, the server and the clients."
        )
        if x.otherClientRequests > 0 {
            details.append(
                "\(NumberFormat.grouped(x.otherClientRequests)) more requests with the cookie came from clients past the table's cap.")
        }
        return FindingWords(
            summary: "Session hijacking: \(intruders) used \(victim)'s session cookie \(cookies) on \(server) \(when).",
            details: details,
            confidenceReason: x.concurrent
                ? "The same session cookie value came from \(x.intruders.count + 1) addresses, interleaved in time, "
                    + "and the server never handed it to \(intruders)."
                : x.switchedSession
                    ? "The same session cookie value came from a second address within \(seconds(t.sessionHandoverWindowSeconds)) "
                        + "of the first's last use, and that address had used its own session with the server before."
                    : "The same session cookie value came from a second address within \(seconds(t.sessionHandoverWindowSeconds)) "
                        + "of the first's last use, not interleaved: a device changing address cannot be ruled out.")
    }
}
