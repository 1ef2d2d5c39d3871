import Support

extension ReportViewModel {
    /// The HTTP section's values: every capture-derived string is a `.text` cell, escaped by the block.
    mutating func http(_ m: ReportModel) -> [String: Any]? {
        guard let h = m.http else { return nil }
        func more(_ shown: Int, _ total: Int, _ what: String) -> String? {
            total > shown
                ? "First \(shown) of \(NumberFormat.grouped(total)) \(what); \(NumberFormat.grouped(total - shown)) more in the JSON report."
                : nil
        }
        func size(_ n: Int) -> ReportBlock.Cell { n > 0 ? .number(n) : .label("") }
        // Long targets are cut in the tables (the JSON has them whole).
        func cut(_ text: String) -> String { text.count > 160 ? String(text.prefix(160)) + "…" : text }
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(NumberFormat.grouped(n)) \(n == 1 ? one : many)" }
        var totals = "\(count(h.requests, "request", "requests")) and \(count(h.responses, "response", "responses")) over TCP"
        if !h.methods.isEmpty { totals += " (" + h.methods.map { "\($0.0) \(NumberFormat.grouped($0.1))" }.joined(separator: ", ") + ")" }
        totals += "; status codes: "
        totals += h.statusCodes.isEmpty ? "none" : h.statusCodes.map { "\($0.0) × \(NumberFormat.grouped($0.1))" }.joined(separator: ", ")
        totals += ". \(count(h.unansweredRequests, "request", "requests")) without a response,"
        totals += " \(count(h.unpairedResponses, "response", "responses")) without their request,"
        totals += " \(count(h.incompleteMessages, "message", "messages")) cut short."
        if h.fieldsRedacted { totals += " Hosts, targets, user agents and file names are withheld (`--redact`)." }
        let shown = h.transactions.prefix(ReportModel.HTTPSection.rowsShown)
        let transactions = shown.map { t -> [ReportBlock.Cell] in
            [
                .label(t.requestFrame > 0 ? String(t.requestFrame) : ""), .label(t.responseFrame.map(String.init) ?? ""),
                .label(t.time), .text(t.client), .text(t.server), .text(t.method), .text(t.host),
                .text(cut(t.target) + (t.hasAuthorization ? " (with Authorization)" : "")), .text(cut(t.userAgent)),
                .label(t.statusCode.map(String.init) ?? ""), .text(t.responseContentType), size(t.requestBodySize),
                size(t.responseBodySize), .text(t.filter),
            ]
        }
        let files = h.files.prefix(ReportModel.HTTPSection.rowsShown).map { f -> [ReportBlock.Cell] in
            [
                .label(f.frame > 0 ? String(f.frame) : ""), .label(f.upload ? "upload" : "download"), .text(f.fileName), .text(f.host),
                .text(f.contentType), .number(f.decodedSize ?? f.size), .label(f.magic + (f.typeMismatch ? " (name says otherwise)" : "")),
                .text(f.complete ? f.sha256 : "incomplete"), .text(f.complete ? f.md5 : ""), .text(f.filter),
            ] + (h.extraction == nil ? [] : [.text(f.extractedPath ?? "not written")])
        }
        // A capture with FTP transfers and no HTTP message: the section holds the files table only.
        let httpSeen = h.requests + h.responses > 0 || !h.transactions.isEmpty
        let ftpFiles = h.files.contains { $0.mailProtocol == nil && $0.contentType.hasPrefix("FTP ") }
        let httpFiles = h.files.contains { $0.mailProtocol == nil && !$0.contentType.hasPrefix("FTP ") }
        let smtpFiles = h.files.contains { $0.mailProtocol == "smtp" }, popFiles = h.files.contains { $0.mailProtocol == "pop" }
        if !httpSeen {
            let carriers = [ftpFiles ? "FTP data connections" : nil, smtpFiles || popFiles ? "mail (attachments)" : nil].compactMap { $0 }
            totals = "No HTTP message in this capture; the files below were carried over \(carriers.joined(separator: " and "))."
            if h.files.isEmpty { totals = "No HTTP message and no file in this capture." }
        }
        if let mail = h.mail {
            totals +=
                " Mail: \(count(mail.messages, "message", "messages")) read over SMTP or POP3 (\(count(mail.incompleteMessages, "more", "more")) cut short),"
                + " \(count(mail.attachmentsTotal, "attachment", "attachments"))."
        }
        let filesNote =
            httpSeen
            ? "Bodies of the transactions above: the type comes from their first bytes, not their name; gzip and deflate bodies "
                + "are decoded first, so the digests are those of the object (as Wireshark's Export Objects writes it)."
            : "The type comes from each file's first bytes, not its name."
        let header = [
            "Request", "Response", "Time", "Client", "Server", "Method", "Host", "Target", "User agent", "Status", "Content type",
            "Request bytes", "Response bytes", "Filter",
        ]
        let caption = more(shown.count, h.transactionsTotal, "transactions")
        // Only a shown table becomes a block (the HTML renderer keeps every block it is given).
        let transactionTable = httpSeen ? block(.table(header, transactions, numeric: [11, 12], caption: caption)) : ""
        return [
            "title": httpSeen ? "HTTP" : "Files",
            "totals": Self.t(totals),
            "filesNote": Self.t(filesNote),
            "transactions": transactionTable,
            "hasFiles": !h.files.isEmpty,
            "filesTitle": "Files carried over "
                + [httpFiles ? "HTTP" : nil, ftpFiles ? "FTP" : nil, smtpFiles ? "SMTP" : nil, popFiles ? "POP3" : nil].compactMap { $0 }
                .joined(separator: " and "),
            "files": block(
                .table(
                    ["Frame", "Direction", "File name", "Host", "Content type", "Bytes", "Type (magic)", "SHA-256", "MD5", "Filter"]
                        + (h.extraction == nil ? [] : ["Extracted to"]), files,
                    numeric: [5], caption: more(files.count, h.files.count, "files"))),
            "hasExtraction": h.extraction != nil,
            "extraction": h.extraction.map(Self.extractionText) ?? "",
        ]
    }
}

extension ReportViewModel {
    /// The sentence on `--extract-files`: how many bodies were written where (relative to DIR), and
    /// how many were not and why.
    static func extractionText(_ x: ReportModel.HTTPSection.Extraction) -> String {
        func n(_ v: Int) -> String { NumberFormat.grouped(v) }
        let left = [
            (x.skippedIncomplete, "cut short"), (x.skippedLarge, "over the size limit"), (x.skippedOpen, "over the open-file limit"),
            (x.failed, "failed to write"),
        ].filter { $0.0 > 0 }.map { "\(n($0.0)) \($0.1)" }
        let bodies = x.written == 1 ? "body" : "bodies"
        var text =
            "Extracted: \(n(x.written)) \(bodies) written to the folder \(x.folder) "
            + "of the extraction directory (mode 0600, the bytes as reassembled and decoded; --redact does not change them)"
        text += left.isEmpty ? "." : "; not written: " + left.joined(separator: ", ") + "."
        if let error = x.firstError { text += " First error: \(error)." }
        return t(text)
    }
}
