import Support

extension ReportModel {
    /// The HTTP section (issue 15): HTTP/1.x transactions over TCP and the files their bodies carried.
    /// Every string that comes from the capture (hosts, targets, user agents, content types, file
    /// names) is table text, escaped where rendered; targets have their credential fields masked
    /// (`CredentialMask.maskedFields`); under `--redact payload`/`all` they are withheld.
    public struct HTTPSection: Sendable {
        /// One request and its response.
        public struct TransactionRow: Sendable {
            /// Frames that completed the request (0: not captured) and the response (nil: none).
            public var requestFrame: Int, responseFrame: Int?
            /// ISO 8601 time of the first message.
            public var time: String
            public var client: String, server: String
            public var method: String, host: String, target: String, userAgent: String
            public var requestContentType: String
            public var requestBodySize: Int
            public var statusCode: Int?
            public var responseContentType: String
            public var responseBodySize: Int
            /// The request carried Authorization (never shown).
            public var hasAuthorization: Bool
            public var filter: String
            /// A row with every column.
            public init(
                requestFrame: Int, responseFrame: Int?, time: String, client: String, server: String, method: String, host: String,
                target: String, userAgent: String, requestContentType: String, requestBodySize: Int, statusCode: Int?,
                responseContentType: String, responseBodySize: Int, hasAuthorization: Bool, filter: String
            ) {
                self.requestFrame = requestFrame
                self.responseFrame = responseFrame
                self.time = time
                self.client = client
                self.server = server
                self.method = method
                self.host = host
                self.target = target
                self.userAgent = userAgent
                self.requestContentType = requestContentType
                self.requestBodySize = requestBodySize
                self.statusCode = statusCode
                self.responseContentType = responseContentType
                self.responseBodySize = responseBodySize
                self.hasAuthorization = hasAuthorization
                self.filter = filter
            }
        }
        /// One body carried over HTTP (a download, or an upload when `upload`).
        public struct FileRow: Sendable {
            public var frame: Int
            public var upload: Bool
            public var fileName: String, host: String, contentType: String
            /// Bytes as sent, and decoded (gzip/deflate Content-Encoding) when it was.
            public var size: Int, decodedSize: Int?
            /// The type by magic bytes (`pe`, `pdf`, …) and whether the name's extension says otherwise.
            public var magic: String
            public var typeMismatch: Bool
            /// Digests of the object; empty when the body was incomplete.
            public var sha256: String, md5: String
            public var complete: Bool
            public var filter: String
            /// `--extract-files`: where the object was written, relative to DIR; nil when it was not
            /// (or extraction is off).
            public var extractedPath: String?
            /// A mail attachment's protocol (`smtp`, `pop`) and the mail client's address; nil for HTTP and FTP rows.
            public var mailProtocol: String?
            public var mailClient = ""
            /// A row with every column.
            public init(
                frame: Int, upload: Bool, fileName: String, host: String, contentType: String, size: Int, decodedSize: Int?, magic: String,
                typeMismatch: Bool, sha256: String, md5: String, complete: Bool, filter: String
            ) {
                self.frame = frame
                self.upload = upload
                self.fileName = fileName
                self.host = host
                self.contentType = contentType
                self.size = size
                self.decodedSize = decodedSize
                self.magic = magic
                self.typeMismatch = typeMismatch
                self.sha256 = sha256
                self.md5 = md5
                self.complete = complete
                self.filter = filter
            }
        }
        /// Exact totals.
        public var requests = 0, responses = 0, unansweredRequests = 0, unpairedResponses = 0, incompleteMessages = 0
        /// Requests by method and responses by status code, most frequent first.
        public var methods: [(String, Int)] = []
        public var statusCodes: [(Int, Int)] = []
        /// The transactions kept by the analysis (its first `AnalysisOptions.httpTransactionsKept`) and how many there were.
        public var transactions: [TransactionRow] = []
        public var transactionsTotal = 0
        /// The bodies of the kept transactions.
        public var files: [FileRow] = []
        /// True when hosts, targets, user agents and file names are withheld (`--redact payload`/`all`).
        public var fieldsRedacted = false
        /// What `--extract-files` wrote: the capture's folder inside DIR and the counts; nil when off.
        public struct Extraction: Sendable, Equatable {
            public var folder = ""
            public var written = 0, skippedOpen = 0, skippedLarge = 0, skippedIncomplete = 0, failed = 0
            public var firstError: String?
            public init() {}
        }
        public var extraction: Extraction?
        /// Mail read over SMTP and POP3 (nil when none): messages to their end line, messages cut
        /// short, and attachments (every one, the files rows keep the first `MailAttachmentPass.attachmentsKept`).
        public struct Mail: Sendable, Equatable {
            public var messages = 0, incompleteMessages = 0, attachmentsTotal = 0
            public init() {}
        }
        public var mail: Mail?
        /// Rows the Markdown and HTML tables show (the JSON has every kept row).
        public static let rowsShown = 50
        public init() {}
    }
}

extension ReportModel.HTTPSection {
    /// The `http` member of the JSON report (docs/report-json.md).
    public func json() -> JSONValue { withExtraction(withMail(membersJSON())) }

    /// With mail in the capture: the `mail` member added (absent without it).
    func withMail(_ value: JSONValue) -> JSONValue {
        guard let mail, case .object(var members) = value else { return value }
        members.append(
            (
                "mail",
                .object([
                    ("messages", .int(mail.messages)), ("incompleteMessages", .int(mail.incompleteMessages)),
                    ("attachmentsTotal", .int(mail.attachmentsTotal)),
                ])
            ))
        return .object(members)
    }

    /// The members every report has.
    func membersJSON() -> JSONValue {
        .object([
            ("requests", .int(requests)), ("responses", .int(responses)), ("unansweredRequests", .int(unansweredRequests)),
            ("unpairedResponses", .int(unpairedResponses)), ("incompleteMessages", .int(incompleteMessages)),
            ("fieldsRedacted", .bool(fieldsRedacted)),
            ("methods", .object(methods.map { ($0.0, .int($0.1)) })),
            ("statusCodes", .object(statusCodes.map { (String($0.0), .int($0.1)) })),
            ("transactionsTotal", .int(transactionsTotal)),
            (
                "transactions",
                .array(
                    transactions.map { t in
                        .object([
                            ("requestFrame", .int(t.requestFrame)), ("responseFrame", .optional(t.responseFrame)),
                            ("time", .string(t.time)),
                            ("client", .string(t.client)), ("server", .string(t.server)), ("method", .string(t.method)),
                            ("host", .string(t.host)), ("target", .string(t.target)), ("userAgent", .string(t.userAgent)),
                            ("requestContentType", .string(t.requestContentType)), ("requestBodySize", .int(t.requestBodySize)),
                            ("statusCode", .optional(t.statusCode)), ("responseContentType", .string(t.responseContentType)),
                            ("responseBodySize", .int(t.responseBodySize)), ("hasAuthorization", .bool(t.hasAuthorization)),
                            ("displayFilter", .string(t.filter)),
                        ])
                    })
            ),
            (
                "files",
                .array(
                    files.map { f in
                        .object(
                            [
                                ("frame", .int(f.frame)), ("direction", .string(f.upload ? "upload" : "download")),
                                ("fileName", .string(f.fileName)), ("host", .string(f.host)), ("contentType", .string(f.contentType)),
                                ("size", .int(f.size)), ("decodedSize", .optional(f.decodedSize)), ("magic", .string(f.magic)),
                                ("typeMismatch", .bool(f.typeMismatch)), ("sha256", .string(f.sha256)), ("md5", .string(f.md5)),
                                ("complete", .bool(f.complete)), ("displayFilter", .string(f.filter)),
                            ] + (f.mailProtocol.map { [("protocol", .string($0)), ("client", .string(f.mailClient))] } ?? []))
                    })
            ),
        ])
    }
}

extension ReportModel.HTTPSection {
    /// With `--extract-files`: each file's `extractedPath` and the `extraction` member added (absent without it).
    func withExtraction(_ value: JSONValue) -> JSONValue {
        guard let extraction, case .object(var members) = value else { return value }
        for i in members.indices where members[i].0 == "files" {
            guard case .array(let rows) = members[i].1 else { continue }
            members[i].1 = .array(
                zip(rows, files).map { row, f in
                    guard case .object(let fields) = row else { return row }
                    return .object(fields + [("extractedPath", .optional(f.extractedPath))])
                })
        }
        members.append(("extraction", Self.json(extraction)))
        return .object(members)
    }

    /// The `http.extraction` member (present only with `--extract-files`; docs/report-json.md).
    static func json(_ x: Extraction) -> JSONValue {
        .object([
            ("folder", .string(x.folder)), ("written", .int(x.written)), ("skippedOpen", .int(x.skippedOpen)),
            ("skippedLarge", .int(x.skippedLarge)), ("skippedIncomplete", .int(x.skippedIncomplete)), ("failed", .int(x.failed)),
            ("firstError", .optional(x.firstError)),
        ])
    }
}
