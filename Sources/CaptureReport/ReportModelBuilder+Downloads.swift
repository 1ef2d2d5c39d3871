import ThreatFindings

extension ReportModelBuilder {
    /// Under `--redact payload`/`all`, a suspicious download's host, URL, file name, Content-Type and
    /// user agent are withheld like the HTTP table's fields, and so are its URL and file-name
    /// indicators (addresses and digests stay: they name no one's content).
    static func redactDownloadNames(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            guard case var .suspiciousDownload(x) = f.facts else { return f }
            var f = f
            x.downloads = x.downloads.map { d in
                var d = d
                for k in [\SuspiciousDownloadFacts.Download.host, \.url, \.fileName, \.contentType, \.userAgent]
                where !d[keyPath: k].isEmpty {
                    d[keyPath: k] = withheld
                }
                return d
            }
            f.facts = .suspiciousDownload(x)
            f.indicators = f.indicators.filter { $0.kind != .url && $0.kind != .fileName }
            return f
        }
    }
}
