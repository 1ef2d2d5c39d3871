import PacketDecoding
import Support
import TrafficStatistics

/// Executables and scripts a client fetched over HTTP, from the HTTP pass's kept transactions
/// (its first `AnalysisOptions.httpTransactionsKept`) and the download candidates past them, and
/// those attached to mail over SMTP or POP3 (spearphishing, T1566.001): by their bytes (PE, ELF, Mach-O, PowerShell,
/// `#!`), by a script extension, by a double extension (`invoice.pdf.exe`), by a name that announces
/// another type than the bytes are, and by a Host header that is a bare IP address. One finding per
/// client and server. An executable from a named host over plain HTTP is how many vendors still ship
/// updates: alone it is an observation (info); a bare IP, a double extension, a disguised type or a
/// PowerShell payload make it a finding.
public struct SuspiciousDownloadDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    /// Downloads kept per finding (the finding counts every one).
    public static let downloadsKept = 10

    /// Extensions of files that Windows or a shell runs when opened.
    static let runnableExtensions: Set<String> = [
        "exe", "scr", "com", "pif", "cpl", "msi", "dll", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta",
        "lnk", "jar", "sh", "elf", "bin", "apk", "dmg", "app",
    ]
    /// Script extensions (a `.js` counts only when not served as JavaScript to a page).
    static let scriptExtensions: Set<String> = ["ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "bat", "cmd", "sh"]
    /// Extensions a lure puts before the real one.
    static let lureExtensions: Set<String> = [
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "csv", "jpg", "jpeg", "png", "gif", "mp3", "mp4", "avi",
        "zip", "rar", "htm", "html", "odt", "ods",
    ]
    /// Binary types whose disguise under another name matters.
    static let binaryTypes: Set<FileMagic> = [.pe, .elf, .machO, .zip, .officeOpenXML, .officeOLE, .rar, .sevenZip]

    /// The receiving host and the source of the files, and how they came (`http`, `smtp`, `pop`).
    struct PairKey: Hashable {
        var client: IPAddress
        var server: IPAddress
        var channel = "http"
    }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        var groups: [PairKey: [(SuspiciousDownloadFacts.Download, FindingSeverity)]] = [:]
        var order: [PairKey] = []
        // The kept rows, then the candidates past the row cap (HTTPActivity.downloadCandidates).
        for t in s.http.transactions + s.http.downloadCandidates {
            guard let d = Self.classify(t, minimumBytes: thresholds.minimumDownloadBytes) else { continue }
            let key = PairKey(client: t.client, server: t.server)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((d, Self.severity(d)))
        }
        for a in s.mail.attachments {
            guard let d = Self.classify(a, minimumBytes: thresholds.minimumAttachmentBytes) else { continue }
            // SMTP: the sending client is the source and the mail server receives; POP: the server delivers to the client.
            let key =
                a.protocolName == "pop"
                ? PairKey(client: a.client, server: a.server, channel: "pop") : PairKey(client: a.server, server: a.client, channel: "smtp")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((d, Self.mailSeverity(d)))
        }
        return order.compactMap { finding($0, groups[$0] ?? [], s) }
    }

    /// The mail attachment `a` as a delivered file, with its reasons; nil when nothing about it is
    /// suspicious (a PDF, an image or an Office document under its own name).
    static func classify(_ a: MailAttachments.Attachment, minimumBytes: Int) -> SuspiciousDownloadFacts.Download? {
        guard a.size >= minimumBytes else { return nil }
        let ext = FileMagic.fileExtension(a.fileName)
        var reasons: [SuspiciousDownloadFacts.Reason] = []
        if a.magic.isExecutable { reasons.append(.executable) }
        let scriptByName = ext.map { scriptExtensions.contains($0) } ?? false
        if a.magic == .powershell || a.magic == .script || (scriptByName && a.magic != .html) { reasons.append(.script) }
        if hasDoubleExtension(a.fileName) { reasons.append(.doubleExtension) }
        if ext != nil, binaryTypes.contains(a.magic), a.typeMismatch { reasons.append(.typeMismatch) }
        guard !reasons.isEmpty else { return nil }
        var d = SuspiciousDownloadFacts.Download()
        d.channel = a.protocolName
        d.stream = a.stream; d.requestFrame = a.firstFrame; d.responseFrame = a.lastFrame
        d.fileName = a.fileName; d.contentType = a.contentType
        d.magic = a.magic.rawValue; d.size = a.size; d.sha256 = a.sha256; d.md5 = a.md5
        d.reasons = reasons
        return d
    }

    /// A mail attachment: high for an executable or script behind a double extension or another
    /// type's name; medium for any other executable or script (mail is no way to ship software) and
    /// for another disguised file or double extension.
    static func mailSeverity(_ d: SuspiciousDownloadFacts.Download) -> FindingSeverity {
        let r = Set(d.reasons)
        let runnable = r.contains(.executable) || r.contains(.script)
        if runnable && (r.contains(.doubleExtension) || r.contains(.typeMismatch)) { return .high }
        return .medium
    }

    /// The download `t` carried, with its reasons; nil when nothing about it is suspicious.
    static func classify(_ t: HTTPActivity.Transaction, minimumBytes: Int) -> SuspiciousDownloadFacts.Download? {
        guard let body = t.responseBody, let status = t.statusCode, (200 ..< 300).contains(status) else { return nil }
        let size = body.decodedSize ?? body.size
        guard size >= minimumBytes else { return nil }
        let ext = FileMagic.fileExtension(t.fileName)
        let type = t.responseContentType.lowercased()
        let servedAsPageScript = type.contains("javascript") || type.contains("ecmascript")
        let scriptByName = ext.map { scriptExtensions.contains($0) && !($0.hasPrefix("js") && servedAsPageScript) } ?? false
        var reasons: [SuspiciousDownloadFacts.Reason] = []
        if body.magic.isExecutable { reasons.append(.executable) }
        if body.magic == .powershell || body.magic == .script || (scriptByName && body.magic != .html) { reasons.append(.script) }
        if hasDoubleExtension(t.fileName) { reasons.append(.doubleExtension) }
        if ext != nil, binaryTypes.contains(body.magic), t.fileTypeMismatch { reasons.append(.typeMismatch) }
        guard !reasons.isEmpty else { return nil }
        if bareIPHost(t.host) { reasons.append(.bareIPHost) }
        var d = SuspiciousDownloadFacts.Download()
        d.stream = t.stream; d.requestFrame = t.requestFrame; d.responseFrame = t.responseFrame ?? 0
        d.host = t.host
        let authority = t.host.isEmpty ? (t.server.isIPv6 ? "[\(t.server)]" : "\(t.server)") : t.host
        d.url = CredentialMask.maskedFields(t.target.hasPrefix("/") ? "http://\(authority)\(t.target)" : t.target)
        d.fileName = CredentialMask.maskedFields(t.fileName)
        d.contentType = t.responseContentType; d.userAgent = t.userAgent
        d.magic = body.magic.rawValue; d.size = size; d.sha256 = body.sha256; d.md5 = body.md5
        d.reasons = reasons
        d.browser = t.userAgent.hasPrefix("Mozilla/") && !t.userAgent.contains("PowerShell")
        return d
    }

    /// `invoice.pdf.exe`: a runnable last extension right after a document or media one.
    static func hasDoubleExtension(_ name: String) -> Bool {
        let parts = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !parts[0].isEmpty else { return false }
        return runnableExtensions.contains(String(last)) && lureExtensions.contains(String(parts[parts.count - 2]))
    }

    /// A Host header (port and IPv6 brackets removed) that is an IP address literal.
    static func bareIPHost(_ host: String) -> Bool {
        var h = Substring(host)
        if h.hasPrefix("["), let end = h.firstIndex(of: "]") {
            h = h[h.index(after: h.startIndex) ..< end]
        } else if h.filter({ $0 == ":" }).count == 1, let colon = h.firstIndex(of: ":") {
            h = h[..<colon]
        }
        // IPv6: hex digits, colons (two at least) and perhaps a dotted IPv4 tail.
        let ipv6 = h.filter { $0 == ":" }.count >= 2 && h.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        return !h.isEmpty && (IPAddress(String(h)) != nil || ipv6)
    }

    /// High: a runnable payload from a bare IP, behind a double extension or in disguise; medium:
    /// PowerShell, another disguised binary, a double extension over other bytes; info otherwise
    /// (an executable or script from a named host: an update is that too).
    static func severity(_ d: SuspiciousDownloadFacts.Download) -> FindingSeverity {
        let r = Set(d.reasons)
        let runnable = r.contains(.executable) || r.contains(.script)
        if runnable && (r.contains(.doubleExtension) || r.contains(.bareIPHost)) { return .high }
        if r.contains(.executable) && r.contains(.typeMismatch) { return .high }
        if d.magic == FileMagic.powershell.rawValue || r.contains(.typeMismatch) || r.contains(.doubleExtension) { return .medium }
        return .info
    }

    private func finding(_ key: PairKey, _ downloads: [(SuspiciousDownloadFacts.Download, FindingSeverity)], _ s: TrafficSummary)
        -> Finding?
    {
        guard let severity = downloads.map(\.1).max() else { return nil }
        var x = SuspiciousDownloadFacts()
        x.downloadTotal = downloads.count
        x.downloads = Array(downloads.prefix(Self.downloadsKept).map(\.0))
        let all = downloads.map(\.0)
        let reasons = Set(all.flatMap(\.reasons))
        let runnable = reasons.contains(.executable) || reasons.contains(.script)
        x.userExecution =
            reasons.contains(.doubleExtension) || (reasons.contains(.executable) && reasons.contains(.typeMismatch))
            || all.contains { $0.browser && ($0.reasons.contains(.executable) || $0.reasons.contains(.script)) }
        let streams = Array(Set(all.map(\.stream))).sorted()
        let rows = s.conversations.tcp.rows
        let known = streams.filter { $0 >= 0 && $0 < rows.count }.map { rows[$0] }
        let frames = all.flatMap { [$0.requestFrame, $0.responseFrame] }.filter { $0 > 0 }
        let mail = key.channel != "http"
        if mail { x.userExecution = runnable || reasons.contains(.typeMismatch) }
        let technique: Technique =
            mail
            ? .phishingAttachment
            : reasons.contains(.doubleExtension)
                ? .doubleExtension
                : reasons.contains(.typeMismatch)
                    ? .disguisedFileType
                    : reasons.contains(.bareIPHost)
                        ? .bareIPDownload : reasons.contains(.executable) ? .executableDownload : .scriptDownload
        var attack = mail ? ["T1566.001"] : ["T1105"]
        if x.userExecution { attack.append("T1204.002") }
        if reasons.contains(.doubleExtension) { attack.append("T1036.007") }
        if reasons.contains(.typeMismatch) { attack.append("T1036.008") }
        if all.contains(where: { $0.magic == FileMagic.powershell.rawValue || $0.fileName.lowercased().hasSuffix(".ps1") }) {
            attack.append("T1059.001")
        }
        var confidence: Double
        switch severity {
        case .high, .critical: confidence = 0.85
        case .medium: confidence = 0.7
        default: confidence = 0.5
        }
        if runnable && reasons.intersection([.doubleExtension, .typeMismatch, .bareIPHost]).count >= 2 { confidence += 0.1 }
        var indicators: [Indicator] = []
        func add(_ i: Indicator) { if !i.value.isEmpty && !indicators.contains(i) { indicators.append(i) } }
        add(Indicator(kind: key.server.isIPv6 ? .ipv6 : .ipv4, value: "\(key.server)", role: .payload))
        for (d, rated) in downloads where rated >= .medium {
            if !d.url.isEmpty { add(Indicator(kind: .url, value: d.url, role: .payload)) }
            add(Indicator(kind: .sha256, value: d.sha256, role: .payload))
            add(Indicator(kind: .md5, value: d.md5, role: .payload))
            add(Indicator(kind: .fileName, value: d.fileName, role: .payload))
        }
        let filter =
            streams.count == 1 ? "tcp.stream == \(streams[0])" : "tcp.stream in {\(streams.map(String.init).joined(separator: " "))}"
        var f = Finding(
            kind: .suspiciousDownload, technique: technique, severity: severity, confidence: PortScanDetector.round(min(0.95, confidence)),
            attackers: [key.server], targets: [key.client], ports: nil,
            targetedPorts: mail
                ? Array(Set(s.mail.attachments.filter { streams.contains($0.stream) }.map(\.serverPort))).sorted()
                : Array(Set((s.http.transactions + s.http.downloadCandidates).filter { streams.contains($0.stream) }.map(\.serverPort)))
                    .sorted(),
            firstFrame: known.map(\.firstFrame).min() ?? frames.min() ?? 0, lastFrame: known.map(\.lastFrame).max() ?? frames.max() ?? 0,
            start: known.map(\.firstTimestamp).min() ?? 0, end: known.map(\.lastTimestamp).max() ?? 0,
            packetCount: known.count == streams.count ? known.reduce(0) { $0 + $1.frames } : frames.count,
            evidenceFrames: Array(frames.sorted().prefix(4)), displayFilter: filter, attack: attack, facts: .suspiciousDownload(x),
            indicators: indicators)
        f.streams = streams
        return f
    }
}
