import Support
import ThreatFindings

extension FindingWording {
    /// A download's reasons in words ("an executable (pe)", "from a bare IP address").
    static func downloadReasons(_ d: SuspiciousDownloadFacts.Download) -> [String] {
        d.reasons.map { r in
            switch r {
            case .executable: "an executable (\(d.magic))"
            case .script: "a script (\(d.magic == "powershell" ? "PowerShell" : d.magic))"
            case .doubleExtension: "a double extension hiding the real type"
            case .typeMismatch: "a name announcing another type than its bytes (\(d.magic))"
            case .bareIPHost: "from a bare IP address"
            }
        }
    }

    static func suspiciousDownload(_ x: SuspiciousDownloadFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        if f.technique == .phishingAttachment { return mailAttachment(x, f, t) }
        let client = f.targets.first ?? .unspecified, server = f.attackers.first ?? .unspecified
        let first = x.downloads.first
        let name = first.map { $0.fileName.isEmpty ? $0.url : $0.fileName } ?? "?"
        let more = x.downloadTotal > 1 ? " and \(x.downloadTotal - 1) more" : ""
        var details: [String] = []
        for d in x.downloads {
            let digest = d.sha256.isEmpty ? "incomplete in the capture (no digest)" : "SHA-256 \(d.sha256), MD5 \(d.md5)"
            details.append(
                "\(d.url) (file name \(d.fileName.isEmpty ? "(none)" : d.fileName), served as \(d.contentType.isEmpty ? "(no Content-Type)" : d.contentType)): "
                    + "\(NumberFormat.grouped(d.size)) bytes of type \(d.magic) by its first bytes, \(digest); "
                    + "request frame \(d.requestFrame), response frame \(d.responseFrame), tcp.stream \(d.stream); "
                    + "fetched by \(d.userAgent.isEmpty ? "(no User-Agent)" : d.userAgent). Suspicious: "
                    + downloadReasons(d).joined(separator: ", ") + ".")
        }
        if x.downloadTotal > x.downloads.count {
            details.append(
                "\(x.downloadTotal - x.downloads.count) more suspicious download\(s(x.downloadTotal - x.downloads.count)) not listed.")
        }
        details.append(
            x.userExecution
                ? "The file was dressed up for a person (a double extension, a disguised type, or fetched by a browser): "
                    + "it was likely opened (ATT&CK T1204.002, user execution). Check the host for it and its children."
                : "A program, not a person, fetched it (no browser user agent): a script or an implant bringing in its next stage "
                    + "(ATT&CK T1105, ingress tool transfer), or an updater; confirm which process made the request.")
        if f.severity == .info {
            details.append(
                "An executable or script from a named host with nothing else odd is how many vendors ship updates over HTTP: an observation, not an alarm."
            )
        }
        return FindingWords(
            summary: "\(client) downloaded \(name)\(more) from \(server) over HTTP: "
                + (first.map { downloadReasons($0).joined(separator: ", ") } ?? "") + ".",
            details: details,
            confidenceReason: "Types come from the bodies' first bytes, not their names or Content-Type; "
                + "high for an executable or script from a bare IP, behind a double extension, or an executable under another type's name; "
                + "medium for PowerShell or another disguised binary; bodies under \(t.minimumDownloadBytes) bytes and non-2xx answers are ignored."
        )
    }

    /// Files attached to mail (SMTP, POP3): the sender (or delivering server), the receiver, each attachment.
    static func mailAttachment(_ x: SuspiciousDownloadFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let receiver = f.targets.first ?? .unspecified, source = f.attackers.first ?? .unspecified
        let first = x.downloads.first
        let pop = first?.channel == "pop"
        let name = first.map { $0.fileName.isEmpty ? "an unnamed attachment" : $0.fileName } ?? "?"
        let more = x.downloadTotal > 1 ? " and \(x.downloadTotal - 1) more" : ""
        var details: [String] = []
        for d in x.downloads {
            let digest = d.sha256.isEmpty ? "incomplete in the capture (no digest)" : "SHA-256 \(d.sha256), MD5 \(d.md5)"
            details.append(
                "Attachment \(d.fileName.isEmpty ? "(no name)" : d.fileName) (declared as \(d.contentType.isEmpty ? "(no Content-Type)" : d.contentType)): "
                    + "\(NumberFormat.grouped(d.size)) bytes once decoded, of type \(d.magic) by its first bytes, \(digest); "
                    + "frames \(d.requestFrame)–\(d.responseFrame), tcp.stream \(d.stream) (\(d.channel == "pop" ? "POP3" : "SMTP")). Suspicious: "
                    + downloadReasons(d).joined(separator: ", ") + ".")
        }
        if x.downloadTotal > x.downloads.count {
            details.append(
                "\(x.downloadTotal - x.downloads.count) more suspicious attachment\(s(x.downloadTotal - x.downloads.count)) not listed.")
        }
        details.append(
            "Executables, scripts and files dressed as another type are how phishing mail delivers malware (ATT&CK T1566.001, "
                + "spearphishing attachment)"
                + (x.userExecution ? "; the recipient is meant to open it (T1204.002, user execution)." : ".")
                + " Find the message in the mailboxes by the digests, and check whether anyone opened the attachment.")
        let how =
            pop
            ? "\(receiver) fetched mail from \(source) (POP3) carrying \(name)\(more)"
            : "\(source) sent \(name)\(more) by mail (SMTP) to \(receiver)"
        return FindingWords(
            summary: how + ": " + (first.map { downloadReasons($0).joined(separator: ", ") } ?? "") + ".",
            details: details,
            confidenceReason: "Types come from the decoded attachments' first bytes, not their names or Content-Type; "
                + "high for an executable or script behind a double extension or another type's name, medium for any other executable, "
                + "script or disguised file; attachments under \(t.minimumAttachmentBytes) bytes are ignored."
        )
    }
}
