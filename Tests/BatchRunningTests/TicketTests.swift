@testable import BatchRunning
import ReportRendering
import Support
import TestSupport
import Testing
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

/// Requests a backend sent, answered from a script: the request shapes of the trackers' public
/// API documentation (Redmine REST, Jira REST v2, GitLab issues/uploads, a generic webhook).
final class RecordingTracker: @unchecked Sendable {
    private let monitor = Monitor()
    private var recorded: [HTTPRequest] = []
    let answer: @Sendable (HTTPRequest, Int) -> HTTPResponse

    init(answer: @escaping @Sendable (HTTPRequest, Int) -> HTTPResponse) { self.answer = answer }

    var requests: [HTTPRequest] { monitor.locked { recorded } }

    func backend(_ tracker: TicketTracker, project: String = "SOC", token: String = "s3cret-token-42") throws -> TicketBackend {
        let target = TicketTarget(tracker: tracker, endpoint: try HTTPEndpoint("http://127.0.0.1:9/base"), project: project, token: token)
        var backend = TicketBackend(
            target: target,
            send: { [self] (request: HTTPRequest) throws(HTTPError) -> HTTPResponse in
                let n = monitor.locked {
                    recorded.append(request); return recorded.count
                }
                return answer(request, n)
            })
        backend.backoffMilliseconds = 1
        return backend
    }

    static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }
}

/// An output folder with one high-severity capture (the walkthrough scan) and one benign one, and a stand-in PDF
/// (the PDF edition is another change: any bytes named `<name>.pdf` are attached).
func reportedFolder() throws -> String {
    let root = TemporaryDirectory.make()
    mkdir(root + "/in", 0o755)
    MixedFolder.copy(RepositoryPaths.samples + "/walkthrough-synscan.pcapng", root + "/in/walkthrough-synscan.pcapng")
    MixedFolder.copy(RepositoryPaths.samples + "/benign-web.pcapng", root + "/in/benign-web.pcapng")
    var options = MixedFolder.options(root)
    options.ticketSummary = true
    _ = BatchRun(options: options, templates: try MixedFolder.templates()).run()
    RepositoryPaths.writeText("%PDF-1.4 stand-in\n", to: root + "/out/walkthrough-synscan.pdf")
    return root + "/out"
}

func multipartFileNames(_ request: HTTPRequest) -> [String] {
    String(decoding: request.body, as: UTF8.self).split(separator: "filename=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
}

@Test func redmineUploadsThreeReportsOpensOneIssueAndARerunAddsANote() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { request, n in
        if request.path.hasPrefix("/uploads.json") { return RecordingTracker.json(201, #"{"upload":{"token":"tok\#(n)"}}"#) }
        if request.method == "POST" { return RecordingTracker.json(201, #"{"issue":{"id":7}}"#) }
        return HTTPResponse(status: 204, headers: [], body: [])
    }
    let run = TicketRun(directory: out, threshold: .medium, backend: try tracker.backend(.redmine, project: "pcap-report"))
    #expect(try run.run { _ in } == [.opened(name: "walkthrough-synscan", ticket: "redmine:7")])
    let first = tracker.requests
    #expect(
        first.map { "\($0.method) \($0.path)" } == [
            "POST /uploads.json?filename=walkthrough-synscan.pdf", "POST /uploads.json?filename=walkthrough-synscan.html",
            "POST /uploads.json?filename=walkthrough-synscan.json", "POST /issues.json",
        ])
    #expect(first.allSatisfy { $0.header("X-Redmine-API-Key") == "s3cret-token-42" })
    #expect(first[0].header("Content-Type") == "application/octet-stream")
    let issue = try JSONReader.parse(String(decoding: first[3].body, as: UTF8.self))["issue"]
    #expect(issue?["project_id"]?.stringValue == "pcap-report")
    #expect(issue?["uploads"]?.arrayValue?.compactMap { $0["token"]?.stringValue } == ["tok1", "tok2", "tok3"])
    #expect(issue?["description"]?.stringValue == RepositoryPaths.readText(out + "/walkthrough-synscan.summary.md"))
    #expect(RepositoryPaths.readText(out + "/index.json")?.contains(#""ticket": "redmine:7""#) == true)
    #expect(RepositoryPaths.readText(out + "/.pcap-report-manifest.json")?.contains(#""ticket": "redmine:7""#) == true)

    #expect(try run.run { _ in } == [.updated(name: "walkthrough-synscan", ticket: "redmine:7")])
    let second = Array(tracker.requests.dropFirst(4))
    #expect(second.map { "\($0.method) \($0.path)" }.last == "PUT /issues/7.json")
    #expect(!second.contains { $0.path == "/issues.json" })
    let note = try JSONReader.parse(String(decoding: second.last!.body, as: UTF8.self))["issue"]
    #expect(note?["notes"]?.stringValue?.isEmpty == false)
}

@Test func aBatchRerunKeepsTheTicketIdInTheIndexAndManifest() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { request, _ in
        request.path.hasPrefix("/uploads.json")
            ? RecordingTracker.json(201, #"{"upload":{"token":"t"}}"#) : RecordingTracker.json(201, #"{"issue":{"id":3}}"#)
    }
    _ = try TicketRun(directory: out, threshold: .high, backend: try tracker.backend(.redmine)).run { _ in }
    var options = MixedFolder.options(String(out.dropLast(4)))
    options.ticketSummary = true
    options.incremental = false
    _ = BatchRun(options: options, templates: try MixedFolder.templates()).run()
    #expect(RepositoryPaths.readText(out + "/index.json")?.contains(#""ticket": "redmine:3""#) == true)
    #expect(RepositoryPaths.readText(out + "/.pcap-report-manifest.json")?.contains(#""ticket": "redmine:3""#) == true)
}

@Test func jiraCreatesAnIssueAndAttachesWithTheXsrfHeader() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { request, _ in
        request.path.hasSuffix("/attachments")
            ? RecordingTracker.json(200, "[]") : RecordingTracker.json(201, #"{"id":"10000","key":"SOC-12"}"#)
    }
    let results = try TicketRun(directory: out, threshold: .medium, backend: try tracker.backend(.jira)).run { _ in }
    #expect(results == [.opened(name: "walkthrough-synscan", ticket: "jira:SOC-12")])
    let requests = tracker.requests
    #expect(requests.map { "\($0.method) \($0.path)" } == ["POST /rest/api/2/issue", "POST /rest/api/2/issue/SOC-12/attachments"])
    let fields = try JSONReader.parse(String(decoding: requests[0].body, as: UTF8.self))["fields"]
    #expect(fields?["project"]?["key"]?.stringValue == "SOC")
    #expect(fields?["issuetype"]?["name"]?.stringValue == "Task")
    #expect(requests[0].header("Authorization") == "Bearer s3cret-token-42")
    #expect(requests[1].header("X-Atlassian-Token") == "no-check")
    #expect(requests[1].header("Content-Type")?.hasPrefix("multipart/form-data; boundary=") == true)
    #expect(multipartFileNames(requests[1]) == ["walkthrough-synscan.pdf", "walkthrough-synscan.html", "walkthrough-synscan.json"])
    #expect(String(decoding: requests[1].body, as: UTF8.self).contains(#"Content-Disposition: form-data; name="file"; filename="#))
    _ = try TicketRun(directory: out, threshold: .medium, backend: try tracker.backend(.jira)).run { _ in }
    #expect(tracker.requests.dropFirst(2).first.map { "\($0.method) \($0.path)" } == "POST /rest/api/2/issue/SOC-12/comment")
}

@Test func jiraCloudEmailAndTokenIsBasicAuthentication() throws {
    let tracker = RecordingTracker { _, _ in RecordingTracker.json(201, "{}") }
    #expect(try tracker.backend(.jira, token: "me@example.com:abc").jiraHeaders(contentType: "x")[1].1 == "Basic bWVAZXhhbXBsZS5jb206YWJj")
}

@Test func gitlabUploadsEachFileAndLinksItInTheDescription() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { request, n in
        request.path.hasSuffix("/uploads")
            ? RecordingTracker.json(201, #"{"markdown":"[f\#(n)](/uploads/abc/f\#(n))"}"#)
            : RecordingTracker.json(201, #"{"id":99,"iid":4}"#)
    }
    let results = try TicketRun(directory: out, threshold: .medium, backend: try tracker.backend(.gitlab, project: "soc/hunts")).run { _ in
    }
    #expect(results == [.opened(name: "walkthrough-synscan", ticket: "gitlab:4")])
    let requests = tracker.requests
    #expect(
        requests.map(\.path) == Array(repeating: "/api/v4/projects/soc%2Fhunts/uploads", count: 3) + ["/api/v4/projects/soc%2Fhunts/issues"]
    )
    #expect(requests.allSatisfy { $0.header("PRIVATE-TOKEN") == "s3cret-token-42" })
    let issue = try JSONReader.parse(String(decoding: requests[3].body, as: UTF8.self))
    #expect(issue["description"]?.stringValue?.contains("[f1](/uploads/abc/f1)") == true)
    #expect(issue["title"]?.stringValue?.hasPrefix("[pcap-report] high: ") == true)
}

@Test func theWebhookGetsOneMultipartPostWithAJSONPartAndTheFiles() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { _, _ in RecordingTracker.json(202, #"{"id":"case-5"}"#) }
    let results = try TicketRun(directory: out, threshold: .low, backend: try tracker.backend(.webhook)).run { _ in }
    #expect(results == [.opened(name: "walkthrough-synscan", ticket: "webhook:case-5")])
    let request = try #require(tracker.requests.first)
    #expect(request.method == "POST" && request.path == "")
    #expect(request.header("Authorization") == "Bearer s3cret-token-42")
    let body = String(decoding: request.body, as: UTF8.self)
    #expect(body.contains("Content-Disposition: form-data; name=\"ticket\"\r\nContent-Type: application/json\r\n\r\n{"))
    #expect(body.contains(#""event": "ticket.open""#) || body.contains(#""event":"ticket.open""#))
    #expect(multipartFileNames(request) == ["walkthrough-synscan.pdf", "walkthrough-synscan.html", "walkthrough-synscan.json"])
}

@Test func aFailingTrackerIsRetriedABoundedNumberOfTimesAndTheTokenIsMasked() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { request, _ in
        RecordingTracker.json(503, "busy, key was \(request.header("X-Redmine-API-Key") ?? "")")
    }
    var lines: [String] = []
    let results = try TicketRun(directory: out, threshold: .medium, backend: try tracker.backend(.redmine)).run { lines.append($0) }
    #expect(tracker.requests.count == 3)
    guard case let .failed(name, error)? = results.first else { Issue.record("expected a failure"); return }
    #expect(name == "walkthrough-synscan")
    #expect(error.contains("answered 503") && error.contains("after 3 attempts"))
    #expect(!error.contains("s3cret-token-42") && !lines.joined().contains("s3cret-token-42"))
    #expect(lines.count == 1)
    #expect(RepositoryPaths.readText(out + "/index.json")?.contains(#""ticket""#) == false)
}

@Test func aClientErrorIsNotRetried() throws {
    let out = try reportedFolder()
    let tracker = RecordingTracker { _, _ in RecordingTracker.json(422, #"{"errors":["Project cannot be blank"]}"#) }
    let results = try TicketRun(directory: out, threshold: .medium, backend: try tracker.backend(.redmine)).run { _ in }
    #expect(tracker.requests.count == 1)
    #expect(results.count == 1)
}

@Test func credentialsComeFromTheEnvironmentOrAnOwnerOnlyFile() throws {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("file-token\n", to: dir + "/token")
    chmod(dir + "/token", 0o644)
    #expect(throws: HTTPError.self) { try TicketTarget.token(file: dir + "/token", environment: [:]) }
    chmod(dir + "/token", 0o600)
    #expect(try TicketTarget.token(file: dir + "/token", environment: ["PCAP_REPORT_TICKET_TOKEN": "env"]) == "file-token")
    #expect(try TicketTarget.token(file: nil, environment: ["PCAP_REPORT_TICKET_TOKEN": "env"]) == "env")
    #expect(throws: HTTPError.self) { try TicketTarget.token(file: nil, environment: [:]) }
}

@Test func trackerURLsArePlainHTTP() throws {
    #expect(throws: HTTPError.self) { try HTTPEndpoint("https://redmine.example/") }
    let endpoint = try HTTPEndpoint("http://[::1]:3000/redmine/")
    #expect(endpoint == HTTPEndpoint(host: "::1", port: 3000, basePath: "/redmine"))
}

extension HTTPEndpoint {
    init(host: String, port: UInt16, basePath: String) {
        self = try! HTTPEndpoint("http://x")
        self.host = host; self.port = port; self.basePath = basePath
    }
}

// MARK: A real Redmine (Debian packages redmine + redmine-sqlite), started by Tools/redmine-test-server.sh

let redmineInstalled =
    access("/usr/share/redmine/bin/rails", X_OK) == 0
    && access("/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default", R_OK) == 0

@Test(.enabled(if: redmineInstalled, "needs the Debian packages redmine and redmine-sqlite (make test-deps)"), .timeLimit(.minutes(5)))
func aRealRedmineGetsOneIssueWithThreeAttachmentsAndARerunAddsANote() throws {
    let out = try reportedFolder()
    let work = TemporaryDirectory.make()
    let started = RepositoryPaths.run([RepositoryPaths.root + "/Tools/redmine-test-server.sh", work], stderrPath: work + "/start.err")
    try #require(started.status == 0, "Redmine did not start: \(RepositoryPaths.readText(work + "/start.err") ?? "")")
    var values: [String: String] = [:]
    for line in started.output.split(separator: "\n") {
        if let eq = line.firstIndex(of: "=") { values[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
    }
    let pid = Int32(values["pid"] ?? "") ?? 0
    defer { if pid > 0 { kill(pid, SIGTERM) } }
    let url = try #require(values["url"]), key = try #require(values["key"])
    let backend = TicketBackend(
        target: TicketTarget(tracker: .redmine, endpoint: try HTTPEndpoint(url), project: "pcap-report", token: key))
    let first = try TicketRun(directory: out, threshold: .medium, backend: backend).run { _ in }
    guard case let .opened(_, ticket)? = first.first else { Issue.record("no ticket: \(first)"); return }
    let id = String(ticket.dropFirst("redmine:".count))
    let second = try TicketRun(directory: out, threshold: .medium, backend: backend).run { _ in }
    #expect(second == [.updated(name: "walkthrough-synscan", ticket: ticket)])

    let endpoint = try HTTPEndpoint(url)
    let headers = [("X-Redmine-API-Key", key)]
    let issue = try JSONReader.parse(
        HTTPClient.send(
            HTTPRequest(method: "GET", path: "/issues/\(id).json?include=attachments,journals", headers: headers), to: endpoint
        ).text)["issue"]
    let names = issue?["attachments"]?.arrayValue?.compactMap { $0["filename"]?.stringValue } ?? []
    #expect(Array(names.prefix(3)) == ["walkthrough-synscan.pdf", "walkthrough-synscan.html", "walkthrough-synscan.json"])
    #expect(issue?["journals"]?.arrayValue?.contains { ($0["notes"]?.stringValue ?? "").isEmpty == false } == true)
    let all = try JSONReader.parse(
        HTTPClient.send(
            HTTPRequest(method: "GET", path: "/issues.json?status_id=*&project_id=pcap-report", headers: headers), to: endpoint
        ).text)
    #expect(all["total_count"]?.intValue == 1)
}
