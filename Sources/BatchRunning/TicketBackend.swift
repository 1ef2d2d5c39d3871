import Support
#if canImport(Glibc)
import Glibc
#endif

/// The trackers `pcap-report ticket` can open tickets in.
public enum TicketTracker: String, Sendable, CaseIterable {
    case redmine, jira, gitlab, webhook
}

/// One file attached to a ticket.
public struct TicketAttachment: Sendable {
    public var fileName: String
    public var contentType: String
    public var data: [UInt8]
    public init(fileName: String, contentType: String, data: [UInt8]) {
        self.fileName = fileName; self.contentType = contentType; self.data = data
    }
}

/// What a ticket says: its title, its body (the ticket summary edition), the capture it is about
/// and the report files to attach.
public struct TicketContent: Sendable {
    public var name: String
    public var title: String
    public var body: String
    public var severity: String
    public var attachments: [TicketAttachment]
    public init(name: String, title: String, body: String, severity: String, attachments: [TicketAttachment]) {
        self.name = name; self.title = title; self.body = body; self.severity = severity; self.attachments = attachments
    }
}

/// Where tickets go and with which credential: the tracker kind, its address, the project
/// (Redmine identifier, Jira key, GitLab id or path) and the API token. The token is never
/// printed: `description` and every error leave it out, and `masked` removes it from any text.
public struct TicketTarget: Sendable {
    public var tracker: TicketTracker
    public var endpoint: HTTPEndpoint
    public var project: String
    var token: String
    /// Jira issue type for new issues.
    public var issueType = "Task"

    public init(tracker: TicketTracker, endpoint: HTTPEndpoint, project: String, token: String) {
        self.tracker = tracker; self.endpoint = endpoint; self.project = project; self.token = token
    }

    /// `text` with the token replaced by the credential mask.
    public func masked(_ text: String) -> String {
        token.isEmpty ? text : text.replacingAll(token, with: CredentialMask.maskText)
    }

    /// The token from `PCAP_REPORT_TICKET_TOKEN`, or from `file` (which must be a regular file
    /// readable by its owner only: mode 0600 or 0400). Throws a one-line reason.
    public static func token(file: String?, environment: [String: String]) throws(HTTPError) -> String {
        if let file {
            var info = stat()
            guard stat(file, &info) == 0 else { throw HTTPError("credentials file \(file): \(String(cString: strerror(errno)))") }
            let mode = info.st_mode & 0o777
            guard (info.st_mode & S_IFMT) == S_IFREG, mode == 0o600 || mode == 0o400 else {
                throw HTTPError("credentials file \(file) has mode \(String(mode, radix: 8)): make it 0600 (chmod 600)")
            }
            guard let text = FileIO.readText(file, maximumBytes: 64 << 10) else {
                throw HTTPError("credentials file \(file) is unreadable")
            }
            let token = String(text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first ?? "")
            if token.isEmpty { throw HTTPError("credentials file \(file) is empty") }
            return token
        }
        if let token = environment["PCAP_REPORT_TICKET_TOKEN"], !token.isEmpty { return token }
        throw HTTPError("no tracker credential: set PCAP_REPORT_TICKET_TOKEN or pass --credentials-file (mode 0600)")
    }
}

/// Opens or updates one ticket per capture in a tracker, through `send` (the HTTP client in a
/// run, a recorder in tests). Transient failures (connection errors, 429, 5xx) are retried with a
/// bounded backoff; anything else fails at once with one line.
public struct TicketBackend: Sendable {
    /// Sends one request and returns the answer (or a one-line error).
    public typealias Send = @Sendable (HTTPRequest) throws(HTTPError) -> HTTPResponse

    public var target: TicketTarget
    public var send: Send
    /// Attempts per request (first try included) and the first backoff; each retry doubles it.
    public var attempts = 3
    public var backoffMilliseconds = 500

    public init(target: TicketTarget, send: Send? = nil, timeoutSeconds: Int = 30) {
        self.target = target
        let endpoint = target.endpoint
        if let send {
            self.send = send
        } else {
            self.send = { (request: HTTPRequest) throws(HTTPError) -> HTTPResponse in
                try HTTPClient.send(request, to: endpoint, timeoutSeconds: timeoutSeconds)
            }
        }
    }

    /// Opens a ticket (`existing` nil) or adds a note with the new reports to `existing`, and
    /// returns the ticket id. An `existing` ticket the tracker no longer knows (404) is opened anew.
    public func file(_ content: TicketContent, existing: String?) throws(HTTPError) -> String {
        switch target.tracker {
        case .redmine: return try redmine(content, existing: existing)
        case .jira: return try jira(content, existing: existing)
        case .gitlab: return try gitlab(content, existing: existing)
        case .webhook: return try webhook(content, existing: existing)
        }
    }

    // MARK: Redmine (https://www.redmine.org/projects/redmine/wiki/Rest_api)

    func redmine(_ content: TicketContent, existing: String?) throws(HTTPError) -> String {
        var uploads: [JSONValue] = []
        for file in content.attachments {
            let response = try exchange(
                HTTPRequest(
                    method: "POST", path: "/uploads.json?filename=" + Self.percentEncoded(file.fileName),
                    headers: redmineHeaders(contentType: "application/octet-stream"), body: file.data), expect: [201])
            guard let token = json(response)?["upload"]?["token"]?.stringValue else { throw unexpected(response, "upload token") }
            uploads.append(
                .object([
                    ("token", .string(token)), ("filename", .string(file.fileName)), ("content_type", .string(file.contentType)),
                ]))
        }
        if let existing {
            let issue = JSONValue.object([("notes", .string(content.body)), ("uploads", .array(uploads))])
            let response = try exchange(
                HTTPRequest(
                    method: "PUT", path: "/issues/\(Self.percentEncoded(existing)).json",
                    headers: redmineHeaders(contentType: "application/json"),
                    body: Array(JSONValue.object([("issue", issue)]).serialized().utf8)), expect: [200, 204, 404])
            if response.status != 404 { return existing }
        }
        let issue = JSONValue.object([
            ("project_id", .string(target.project)), ("subject", .string(content.title)),
            ("description", .string(content.body)), ("uploads", .array(uploads)),
        ])
        let response = try exchange(
            HTTPRequest(
                method: "POST", path: "/issues.json", headers: redmineHeaders(contentType: "application/json"),
                body: Array(JSONValue.object([("issue", issue)]).serialized().utf8)), expect: [201])
        guard let id = json(response)?["issue"]?["id"]?.intValue else { throw unexpected(response, "issue id") }
        return String(id)
    }

    func redmineHeaders(contentType: String) -> [(String, String)] {
        [("Content-Type", contentType), ("X-Redmine-API-Key", target.token), ("Accept", "application/json")]
    }

    // MARK: Jira (REST v2: /rest/api/2/issue, /rest/api/2/issue/{id}/attachments)

    func jira(_ content: TicketContent, existing: String?) throws(HTTPError) -> String {
        var key = existing
        if let existing {
            let body = JSONValue.object([("body", .string(content.body))])
            let response = try exchange(
                HTTPRequest(
                    method: "POST", path: "/rest/api/2/issue/\(Self.percentEncoded(existing))/comment",
                    headers: jiraHeaders(contentType: "application/json"), body: Array(body.serialized().utf8)), expect: [201, 404])
            if response.status == 404 { key = nil }
        }
        if key == nil {
            let fields = JSONValue.object([
                ("project", .object([("key", .string(target.project))])), ("summary", .string(content.title)),
                ("description", .string(content.body)), ("issuetype", .object([("name", .string(target.issueType))])),
                ("labels", .array([.string("pcap-report"), .string("severity-" + content.severity)])),
            ])
            let response = try exchange(
                HTTPRequest(
                    method: "POST", path: "/rest/api/2/issue", headers: jiraHeaders(contentType: "application/json"),
                    body: Array(JSONValue.object([("fields", fields)]).serialized().utf8)), expect: [201])
            guard let created = json(response)?["key"]?.stringValue else { throw unexpected(response, "issue key") }
            key = created
        }
        guard let key else { throw HTTPError("jira: no issue key") }
        if !content.attachments.isEmpty {
            var multipart = MultipartBody()
            for file in content.attachments {
                multipart.addFile(name: "file", fileName: file.fileName, contentType: file.contentType, data: file.data)
            }
            var headers = jiraHeaders(contentType: multipart.contentType)
            headers.append(("X-Atlassian-Token", "no-check"))
            _ = try exchange(
                HTTPRequest(
                    method: "POST", path: "/rest/api/2/issue/\(Self.percentEncoded(key))/attachments", headers: headers,
                    body: multipart.finished()), expect: [200])
        }
        return key
    }

    /// A token with a colon is `email:api-token` (Jira Cloud, Basic); otherwise a personal access token (Bearer).
    func jiraHeaders(contentType: String) -> [(String, String)] {
        let authorization = target.token.contains(":") ? "Basic " + Self.base64(Array(target.token.utf8)) : "Bearer " + target.token
        return [("Content-Type", contentType), ("Authorization", authorization), ("Accept", "application/json")]
    }

    // MARK: GitLab (POST /projects/:id/uploads, /projects/:id/issues, /issues/:iid/notes)

    func gitlab(_ content: TicketContent, existing: String?) throws(HTTPError) -> String {
        let project = "/api/v4/projects/" + Self.percentEncoded(target.project)
        var links: [String] = []
        for file in content.attachments {
            var multipart = MultipartBody()
            multipart.addFile(name: "file", fileName: file.fileName, contentType: file.contentType, data: file.data)
            let response = try exchange(
                HTTPRequest(
                    method: "POST", path: project + "/uploads",
                    headers: [("Content-Type", multipart.contentType), ("PRIVATE-TOKEN", target.token)], body: multipart.finished()),
                expect: [200, 201])
            guard let markdown = json(response)?["markdown"]?.stringValue else { throw unexpected(response, "upload markdown") }
            links.append("- " + markdown)
        }
        let text = content.body + (links.isEmpty ? "" : "\n\n**Reports**\n\n" + links.joined(separator: "\n") + "\n")
        if let existing {
            let response = try exchange(
                HTTPRequest(
                    method: "POST", path: project + "/issues/\(Self.percentEncoded(existing))/notes",
                    headers: [("Content-Type", "application/json"), ("PRIVATE-TOKEN", target.token)],
                    body: Array(JSONValue.object([("body", .string(text))]).serialized().utf8)), expect: [201, 404])
            if response.status != 404 { return existing }
        }
        let issue = JSONValue.object([
            ("title", .string(content.title)), ("description", .string(text)),
            ("labels", .string("pcap-report,severity::" + content.severity)),
        ])
        let response = try exchange(
            HTTPRequest(
                method: "POST", path: project + "/issues",
                headers: [("Content-Type", "application/json"), ("PRIVATE-TOKEN", target.token)],
                body: Array(issue.serialized().utf8)), expect: [201])
        guard let iid = json(response)?["iid"]?.intValue else { throw unexpected(response, "issue iid") }
        return String(iid)
    }

    // MARK: Generic webhook (one multipart POST: a JSON part and the files)

    func webhook(_ content: TicketContent, existing: String?) throws(HTTPError) -> String {
        var pairs: [(String, JSONValue)] = [
            ("event", .string(existing == nil ? "ticket.open" : "ticket.update")), ("capture", .string(content.name)),
            ("title", .string(content.title)), ("severity", .string(content.severity)), ("body", .string(content.body)),
        ]
        if let existing { pairs.append(("ticket", .string(existing))) }
        var multipart = MultipartBody()
        multipart.addField(name: "ticket", value: JSONValue.object(pairs).serialized(), contentType: "application/json")
        for file in content.attachments {
            multipart.addFile(name: "attachment", fileName: file.fileName, contentType: file.contentType, data: file.data)
        }
        var headers = [("Content-Type", multipart.contentType)]
        if !target.token.isEmpty { headers.append(("Authorization", "Bearer " + target.token)) }
        let response = try exchange(
            HTTPRequest(method: "POST", path: "", headers: headers, body: multipart.finished()),
            expect: [200, 201, 202, 204])
        if let id = json(response)?["id"] {
            if let s = id.stringValue { return s }
            if let i = id.intValue { return String(i) }
        }
        return existing ?? content.name
    }

    // MARK: Exchange

    /// Sends `request`, retrying transient failures; a status outside `expect` is one error line.
    func exchange(_ request: HTTPRequest, expect: Set<Int>) throws(HTTPError) -> HTTPResponse {
        var delay = backoffMilliseconds
        var attempt = 1
        while true {
            let failure: HTTPError
            do throws(HTTPError) {
                let response = try send(request)
                if expect.contains(response.status) { return response }
                let error = HTTPError(
                    "\(target.tracker.rawValue): \(request.method) \(request.path) answered \(response.status)"
                        + Self.snippet(response))
                guard response.status == 429 || response.status >= 500 else { throw error }
                failure = error
            } catch {
                if !Self.isTransient(error) || attempt >= attempts { throw HTTPError(target.masked(error.description)) }
                failure = error
            }
            if attempt >= attempts { throw HTTPError(target.masked(failure.description) + " (after \(attempts) attempts)") }
            attempt += 1
            usleep(UInt32(delay) * 1000)
            delay = min(delay * 2, 10_000)
        }
    }

    static func isTransient(_ error: HTTPError) -> Bool {
        !error.description.contains(" answered 4")
    }

    static func snippet(_ response: HTTPResponse) -> String {
        let text = response.text.escapingControlCharacters
        return text.isEmpty ? "" : ": " + String(text.prefix(160))
    }

    func json(_ response: HTTPResponse) -> JSONValue? { try? JSONReader.parse(response.text) }

    func unexpected(_ response: HTTPResponse, _ what: String) -> HTTPError {
        HTTPError(target.masked("\(target.tracker.rawValue): answer without \(what) (status \(response.status))" + Self.snippet(response)))
    }

    static func percentEncoded(_ s: String) -> String { s.percentEncoded }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i]), b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0, b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[((b0 & 3) << 4) | (b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            out.append(i + 2 < bytes.count ? alphabet[b2 & 63] : "=")
            i += 3
        }
        return out
    }
}

extension String {
    fileprivate func replacingAll(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: needle) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
