import PacketDecoding
import ReportRendering
import Support
import TrafficStatistics

extension ReportModelBuilder {
    /// What a withheld capture string shows under `--redact payload`/`all`.
    static let withheld = "[redacted]"

    /// The HTTP section; nil when the capture has no HTTP over TCP.
    static func httpSection(_ s: TrafficSummary, withholdFields: Bool, digits: Int) -> ReportModel.HTTPSection? {
        let h = s.http
        let m = s.mail
        var section = ReportModel.HTTPSection()
        guard h.requests + h.responses + h.transactions.count + s.ftp.transfers.count + m.attachments.count + m.messages > 0 else {
            return nil
        }
        if m.messages + m.incompleteMessages + m.attachments.count > 0 {
            var mail = ReportModel.HTTPSection.Mail()
            mail.messages = m.messages; mail.incompleteMessages = m.incompleteMessages
            mail.attachmentsTotal = m.attachments.count + m.attachmentsDropped
            section.mail = mail
        }
        section.requests = h.requests; section.responses = h.responses
        section.unansweredRequests = h.unansweredRequests; section.unpairedResponses = h.unpairedResponses
        section.incompleteMessages = h.incompleteMessages
        section.methods = h.methods.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
        section.statusCodes = h.statusCodes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { ($0.key, $0.value) }
        section.transactionsTotal = h.transactions.count + h.transactionsDropped
        section.fieldsRedacted = withholdFields
        func field(_ text: String) -> String { withholdFields && !text.isEmpty ? withheld : text }
        func endpoint(_ a: IPAddress, _ port: UInt16) -> String { a.isIPv6 ? "[\(a)]:\(port)" : "\(a):\(port)" }
        func frames(_ t: HTTPActivity.Transaction) -> [Int] { [t.requestFrame, t.responseFrame ?? 0].filter { $0 > 0 } }
        func filter(_ frames: [Int]) -> String {
            frames.count == 1 ? "frame.number == \(frames[0])" : "frame.number in {\(frames.map(String.init).joined(separator: " "))}"
        }
        for t in h.transactions {
            section.transactions.append(
                .init(
                    requestFrame: t.requestFrame, responseFrame: t.responseFrame, time: TimeFormat.iso8601(t.timestamp, digits: digits),
                    client: endpoint(t.client, t.clientPort), server: endpoint(t.server, t.serverPort), method: t.method,
                    host: field(t.host), target: field(CredentialMask.maskedFields(t.target)), userAgent: field(t.userAgent),
                    requestContentType: t.requestContentType, requestBodySize: t.requestBody?.size ?? 0, statusCode: t.statusCode,
                    responseContentType: t.responseContentType, responseBodySize: t.responseBody?.size ?? 0,
                    hasAuthorization: t.hasAuthorization, filter: filter(frames(t))))
            for (body, upload) in [(t.responseBody, false), (t.requestBody, true)] {
                guard let body, body.size > 0 else { continue }
                let frame = upload ? t.requestFrame : t.responseFrame ?? 0
                section.files.append(
                    .init(
                        frame: frame, upload: upload, fileName: field(upload ? "" : CredentialMask.maskedFields(t.fileName)),
                        host: field(t.host), contentType: upload ? t.requestContentType : t.responseContentType, size: body.size,
                        decodedSize: body.decodedSize, magic: body.magic.rawValue, typeMismatch: !upload && t.fileTypeMismatch,
                        sha256: body.sha256, md5: body.md5, complete: body.complete, filter: frame > 0 ? filter([frame]) : "http"))
                section.files[section.files.count - 1].extractedPath = body.extractedPath.map(field)
            }
        }
        section.extraction = h.extraction.map(extractionSummary)
        section.files += ftpFiles(s.ftp, field: field)
        section.files += mailFiles(s.mail, field: field)
        if section.extraction == nil { section.extraction = s.mail.extraction.map(extractionSummary) }
        return section
    }
}

extension ReportModelBuilder {
    /// The report's account of `--extract-files` for one capture.
    static func extractionSummary(_ x: FileExtractionSummary) -> ReportModel.HTTPSection.Extraction {
        var e = ReportModel.HTTPSection.Extraction()
        e.folder = x.folder; e.written = x.written; e.skippedOpen = x.skippedOpen; e.skippedLarge = x.skippedLarge
        e.skippedIncomplete = x.skippedIncomplete; e.failed = x.failed; e.firstError = x.firstError
        return e
    }
}

extension ReportModelBuilder {
    /// Files carried over FTP data connections, as rows of the files table: the host is the FTP
    /// server, the content type names the command (`FTP RETR`), the filter selects the data connection.
    static func ftpFiles(_ ftp: FTPTransfers, field: (String) -> String) -> [ReportModel.HTTPSection.FileRow] {
        ftp.transfers.map { t in
            ReportModel.HTTPSection.FileRow(
                frame: t.firstFrame, upload: t.upload, fileName: field(t.fileName), host: "\(t.server)",
                contentType: t.command.isEmpty ? "FTP data" : "FTP \(t.command)", size: t.size, decodedSize: nil, magic: t.magic.rawValue,
                typeMismatch: !t.upload && t.size > 0 && t.magic.mismatches(name: t.fileName), sha256: t.sha256, md5: t.md5,
                complete: t.complete, filter: "tcp.stream == \(t.dataStream)")
        }
    }
}

extension ReportModelBuilder {
    /// Attachments of mail carried over SMTP and POP3, as rows of the files table: the host is the
    /// mail server, the content type the part's, the direction `upload` for SMTP (the client sent it)
    /// and `download` for POP3; the filter selects the mail connection.
    static func mailFiles(_ mail: MailAttachments, field: (String) -> String) -> [ReportModel.HTTPSection.FileRow] {
        mail.attachments.map { a in
            var row = ReportModel.HTTPSection.FileRow(
                frame: a.lastFrame, upload: a.protocolName == "smtp", fileName: field(a.fileName), host: "\(a.server)",
                contentType: a.contentType, size: a.size, decodedSize: nil, magic: a.magic.rawValue, typeMismatch: a.typeMismatch,
                sha256: a.sha256, md5: a.md5, complete: a.complete, filter: "tcp.stream == \(a.stream)")
            row.mailProtocol = a.protocolName
            row.mailClient = "\(a.client)"
            row.extractedPath = a.extractedPath.map(field)
            return row
        }
    }
}
