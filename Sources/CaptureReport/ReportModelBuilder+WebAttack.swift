import ThreatFindings

extension ReportModelBuilder {
    /// Under `--redact payload`/`all`, form guessing keeps its counts but not its login URL and user;
    /// web attack findings keep their counts and answers but not what
    /// the requests carried: example targets, the User-Agent and Host, and the URL and User-Agent
    /// indicators are withheld (the request text is the payload).
    static func redactWebAttacks(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            if case var .bruteForce(x) = f.facts, var form = x.form {
                var f = f
                form.url = "[redacted]"
                form.successUser = form.successUser.map { _ in "[redacted]" }
                x.form = form
                f.facts = .bruteForce(x)
                return f
            }
            guard case var .webAttack(x) = f.facts else { return f }
            var f = f
            x.examples = x.examples.map { e in
                var e = e
                e.target = "[redacted]"
                return e
            }
            x.userAgent = x.userAgent.map { _ in "[redacted]" }
            x.host = x.host.map { _ in "[redacted]" }
            f.facts = .webAttack(x)
            f.indicators = f.indicators.filter { $0.kind != .url && $0.kind != .userAgent }
            return f
        }
    }
}
