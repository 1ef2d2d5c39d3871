import ArgumentParser
import ReportRendering
#if canImport(Glibc)
import Glibc
#endif

/// `pcap-report [INPUT ...] [--output-dir DIR] [--format LIST]`: options, validation, wiring.
@main
struct PcapReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pcap-report",
        abstract: "Turn packet captures into walkthrough-style threat-hunting reports (Markdown, HTML, JSON).",
        discussion: """
            Exit status: 0 every input was reported; 1 some input could not be reported (the others were); \
            2 usage or configuration error.
            """,
        version: ReportModelBuilder.version)

    @Argument(help: "Capture files or folders (searched recursively). Default: Samples/.")
    var inputs: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Folder for the reports.")
    var outputDir: String = "Output"

    @Option(help: "Comma-separated formats: md, html, json.")
    var format: String = "md,html,json"

    @Option(help: "A folder of Mustache templates that replace or add to the built-in ones.")
    var templates: String?

    @Option(help: "The report title (default: the capture's file name).")
    var title: String?

    @Option(help: "The customer the report is for (printed in the header).")
    var customer: String?

    @Option(help: "The analyst who reviewed the report (printed in the header).")
    var analyst: String?

    @Option(help: "The ticket or case number (printed in the header).")
    var ticket: String?

    @Option(help: "Time zone of the Markdown and HTML timestamps: UTC (default), a fixed offset such as +02:00, or a zone name such as Europe/Berlin. Every timestamp states its offset; JSON stays UTC.")
    var timezone: String = "UTC"

    @Option(parsing: .singleValue, help: "Withhold data: addresses[=NET,...] (mask IP addresses outside the networks), payload (no excerpts or payload bytes), all. Repeatable. Credentials are always masked.")
    var redact: [String] = []

    @Option(help: "A generation time to state in the report (ISO 8601, e.g. 2026-11-29T10:00:00Z). Without it none is printed, so reports stay byte-identical.")
    var generatedAt: String?

    @Flag(help: "Also write <name>.summary.md: a short Markdown variant for a ticket body.")
    var summary = false

    var formats: [ReportFormat] {
        format.split(separator: ",").compactMap { ReportFormat(rawValue: $0.trimmingCharacters()) }
    }

    /// ArgumentParser exits 64 on usage errors; this tool documents 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                _ = Array((message + "\n").utf8).withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }

    func validate() throws {
        let names = format.split(separator: ",").map { $0.trimmingCharacters() }
        for name in names where ReportFormat(rawValue: name) == nil {
            throw ValidationError("unknown format '\(name)': use md, html, json (comma-separated)")
        }
        if names.isEmpty { throw ValidationError("--format needs at least one of md, html, json") }
        if outputDir.isEmpty { throw ValidationError("--output-dir must not be empty") }
        _ = try presentationOptions()
    }

    func run() throws {
        let templateSet: TemplateSet
        do {
            templateSet = try TemplateSet(overlay: templates)
        } catch {
            fail("\(error)")
            throw ExitCode(2)
        }
        let (planned, problems) = InputPlanner.plan(inputs.isEmpty ? ["Samples"] : inputs, outputDirectory: outputDir)
        var failed = problems.count
        for case let .missing(path) in problems { fail("\(path): no such file or folder") }
        var options = ReportOptions()
        options.title = title
        (options.presentation, options.redaction) = try presentationOptions()
        for job in planned {
            do {
                var reportJob = CaptureReportJob(input: job.input, outputBase: job.outputBase, formats: formats, options: options)
                reportJob.writesSummary = summary
                let outcome = try reportJob.run(templates: templateSet)
                log("\(job.input): \(outcome.packets) packets, \(outcome.findings) finding\(outcome.findings == 1 ? "" : "s"), verdict \(outcome.verdict.classification) -> \(outcome.files.joined(separator: ", "))")
            } catch {
                failed += 1
                fail("\(error)")
            }
        }
        if planned.isEmpty && problems.isEmpty { fail("no capture files found in \(inputs.isEmpty ? ["Samples"] : inputs)") ; throw ExitCode(1) }
        if failed > 0 { throw ExitCode(1) }
    }

    /// `--customer`, `--analyst`, `--ticket`, `--timezone`, `--generated-at` and `--redact`, checked.
    func presentationOptions() throws -> (ReportPresentation, Redaction) {
        var p = ReportPresentation()
        p.customer = customer; p.analyst = analyst; p.ticket = ticket
        guard let zone = ReportTimeZone.parse(timezone) else {
            throw ValidationError("--timezone '\(timezone)' is not understood: use UTC, a fixed offset such as +02:00 or -05:30, or a zone name such as Europe/Berlin")
        }
        p.timeZone = zone
        if let g = generatedAt {
            guard g.count <= 64, TimeFormat.isISO8601(g) else {
                throw ValidationError("--generated-at '\(g)' is not an ISO 8601 time with a zone (e.g. 2026-11-29T10:00:00Z)")
            }
            p.generatedAt = g
        }
        var r = Redaction()
        for profile in redact {
            if let problem = r.apply(profile) { throw ValidationError("--redact: \(problem)") }
        }
        return (p, r)
    }

    func log(_ line: String) { print(line) }
    func fail(_ line: String) {
        let text = Array(("pcap-report: error: " + line.replacingNewlines() + "\n").utf8)
        _ = text.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}

extension String {
    func replacingNewlines() -> String { String(map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}
