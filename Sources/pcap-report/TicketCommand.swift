import ArgumentParser
import BatchRunning
import Support
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

/// `pcap-report ticket DIR --tracker KIND --url URL --project P [--ticket-on SEVERITY]`: opens or
/// updates one tracker ticket per capture of an output folder whose verdict reaches the severity.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pcap-report ticket",
        abstract: "Open or update a tracker ticket for each reported capture whose verdict reaches a severity.",
        discussion: """
            Reads DIR/index.json (written by a run). The body is <name>.summary.md (run with --ticket-summary); the \
            PDF, HTML and JSON reports present are attached. The ticket id is written back into index.json and the \
            manifest, so a rerun adds a note to the same ticket. The API token comes from PCAP_REPORT_TICKET_TOKEN or \
            --credentials-file (mode 0600), never from the command line. Trackers are reached over http:// only. \
            Exit status: 0 every ticket was filed; 1 some ticket failed (the others were filed); 2 usage error.
            """)

    @Argument(help: "The output folder of a run.")
    var directory: String

    @Option(help: "redmine, jira, gitlab or webhook.")
    var tracker: String

    @Option(help: "The tracker's base URL (http://host:port[/path]); for webhook, the URL posted to.")
    var url: String

    @Option(help: "Redmine project identifier, Jira project key or GitLab project id/path (not needed for webhook).")
    var project: String = ""

    @Option(help: ArgumentHelp("File tickets for captures at or above this severity (default: medium).", valueName: "severity"))
    var ticketOn: String = "medium"

    @Option(help: "A file holding the API token (its first line), readable by its owner only (mode 0600).")
    var credentialsFile: String?

    @Option(help: "Seconds to wait for each request.")
    var timeout: Int = 30

    @Option(help: "Jira issue type for new issues.")
    var jiraIssueType: String = "Task"

    func validate() throws {
        if TicketTracker(rawValue: tracker.lowercased()) == nil {
            throw ValidationError("unknown tracker '\(tracker)': use \(TicketTracker.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if FindingSeverity(rawValue: ticketOn.lowercased()) == nil {
            throw ValidationError(
                "unknown severity '\(ticketOn)' for --ticket-on: use \(FindingSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do { _ = try HTTPEndpoint(url) } catch { throw ValidationError("--url: \(error)") }
        if project.isEmpty && tracker.lowercased() != "webhook" { throw ValidationError("--project is required for \(tracker)") }
        if timeout < 1 || timeout > 600 { throw ValidationError("--timeout must be 1...600 seconds") }
    }

    func run() throws {
        guard let kind = TicketTracker(rawValue: tracker.lowercased()), let threshold = FindingSeverity(rawValue: ticketOn.lowercased())
        else { throw ExitCode(2) }
        let token: String
        do {
            token = try TicketTarget.token(file: credentialsFile, environment: Self.environment(["PCAP_REPORT_TICKET_TOKEN"]))
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        var target = try TicketTarget(tracker: kind, endpoint: HTTPEndpoint(url), project: project, token: token)
        target.issueType = jiraIssueType
        let run = TicketRun(directory: directory, threshold: threshold, backend: TicketBackend(target: target, timeoutSeconds: timeout))
        let results: [TicketRun.Result]
        do {
            results = try run.run { Output.line(target.masked($0)) }
        } catch {
            Output.error(target.masked("\(error)"))
            throw ExitCode(1)
        }
        let failed = results.filter { if case .failed = $0 { true } else { false } }.count
        Output.line("\(results.count - failed) tickets filed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    static func environment(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names { if let value = getenv(name) { values[name] = String(cString: value) } }
        return values
    }
}
