import ArgumentParser
import BatchRunning
import CaptureReport
import ReportRendering
import Support
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
            INPUT is capture files, folders (searched recursively) or glob patterns; .pcap .pcapng .cap .dmp, \
            gzip-compressed or not. `pcap-report index DIR...` merges the reports of several output folders \
            (e.g. shards) into one run index. See docs/nightly.md for scheduled runs.

            Exit status: 0 every input was reported; 1 some input could not be reported (the others were); \
            2 usage or configuration error (or the output folder is in use by another run); \
            3 with --fail-on, a finding at or above that severity was found; \
            130/143 stopped by SIGINT/SIGTERM (the index is written and marked interrupted).
            """,
        version: ToolVersion.description)

    @Argument(help: "Capture files, folders (searched recursively) or glob patterns. Default: Samples/.")
    var inputs: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Folder for the reports (default: Output).")
    var outputDir: String?

    @Option(
        help: "Comma-separated formats: md, html, json, iocs, stix, misp, pdf (default: md, html, json; pdf needs chromium).")
    var format: String?

    @Option(help: "A folder of Mustache templates that replace or add to the built-in ones.")
    var templates: String?

    @OptionGroup(title: "Batch runs")
    var batch: BatchFlags

    @Option(help: "The report title (default: the capture's file name).")
    var title: String?

    @Option(help: "The customer the report is for (printed in the header).")
    var customer: String?

    @Option(help: "The analyst who reviewed the report (printed in the header).")
    var analyst: String?

    @Option(help: "The ticket or case number (printed in the header).")
    var ticket: String?

    @Option(help: "Traffic Light Protocol marking: clear, green, amber, amber+strict or red (header and every PDF page).")
    var tlp: String?

    @Option(help: "Which edition: full (default: front matter and the whole walkthrough) or customer (2-4 pages in plain words).")
    var edition: String?

    @Option(help: "The report's id for the front matter (e.g. IR-2026-014).")
    var reportId: String?

    @Option(help: "The report's version for the front matter (e.g. 1.0).")
    var reportVersion: String?

    // Unconditional: the next argument is the zone even when it starts with "-" (-05:30, as the help writes it).
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Time zone of the Markdown and HTML timestamps: UTC (default), a fixed offset such as +02:00 or -05:30, "
                + "or a zone name such as Europe/Berlin. Every timestamp states its offset; JSON stays UTC."))
    var timezone: String = "UTC"

    @Option(parsing: .singleValue, help: "Withhold data: addresses[=NET,...] (mask IP addresses outside the networks), payload (no excerpts or payload bytes), all. Repeatable. Credentials are always masked.")
    var redact: [String] = []

    @Option(help: "A generation time to state in the report (ISO 8601, e.g. 2026-11-29T10:00:00Z). Without it none is printed, so reports stay byte-identical.")
    var generatedAt: String?

    @Flag(inversion: .prefixedNo, help: "Write <name>.summary.md, the short Markdown for a ticket body (default: on, or the config's ticket-summary).")
    var summary: Bool?

    @Flag(help: "Verify IPv4, TCP and UDP checksums and report bad ones (off by default, as in Wireshark).")
    var checkChecksums = false

    @Flag(help: "Add every frame of every expert item to the JSON report (expert.perPacket).")
    var expertDetail = false

    @Option(
        help: ArgumentHelp(
            "Write every HTTP body (decoded, as the files table reports it) to DIR/<report name>/<frame>-<name>, mode 0600 (never executed).",
            valueName: "DIR"))
    var extractFiles: String?

    var formats: [ReportFormat]? {
        format.map { $0.split(separator: ",").compactMap { ReportFormat(rawValue: $0.trimmingCharacters()) } }
    }

    /// ArgumentParser exits 64 on usage errors; this tool documents 2. `index` is a subcommand
    /// dispatched here so that the report command keeps its plain `pcap-report INPUT...` form.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "index" {
            run(IndexCommand.self, Array(arguments.dropFirst()))
        } else if arguments.first == "ticket" {
            run(TicketCommand.self, Array(arguments.dropFirst()))
        } else {
            run(Self.self, arguments)
        }
    }

    static func run<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) {
        do {
            var command = try type.parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = type.exitCode(for: error)
            if code == .validationFailure {
                Output.error(type.fullMessage(for: error), prefixed: false)
                Glibc.exit(2)
            }
            type.exit(withError: error)
        }
    }

    func validate() throws {
        if let format {
            let names = format.split(separator: ",").map { $0.trimmingCharacters() }
            for name in names where ReportFormat(rawValue: name) == nil {
                throw ValidationError("unknown format '\(name)': use md, html, json, iocs, stix, misp, pdf (comma-separated)")
            }
            if names.isEmpty { throw ValidationError("--format needs at least one of md, html, json, pdf") }
        }
        if outputDir?.isEmpty == true { throw ValidationError("--output-dir must not be empty") }
        if extractFiles?.isEmpty == true { throw ValidationError("--extract-files needs a folder") }
        _ = try presentationOptions()
    }

    /// Defaults, then the config file, then the flags given.
    func batchOptions() throws(BatchError) -> BatchOptions {
        var batchOptions = BatchOptions()
        if let config = batch.config { try ConfigFile.apply(config, to: &batchOptions) }
        if !inputs.isEmpty { batchOptions.inputs = inputs }
        if let outputDir { batchOptions.outputDirectory = outputDir }
        if let formats { batchOptions.formats = formats }
        if let templates { batchOptions.templates = templates }
        if let summary { batchOptions.ticketSummary = summary }
        batch.apply(to: &batchOptions)
        var options = batchOptions.report
        options.title = title ?? options.title
        options.analysis.checksumChecks = checkChecksums
        options.analysis.expertFramesInDetail = expertDetail
        if let extractFiles { options.extractFilesDirectory = extractFiles }
        batchOptions.report = options
        return batchOptions
    }

    func run() throws {
        var options: BatchOptions
        do {
            options = try batchOptions()
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        do {
            // Checked in validate(): cannot fail here.
            let configured = options.report.presentation
            (options.report.presentation, options.report.redaction) = try presentationOptions()
            // The config file's front matter and edition, where no flag replaces them.
            if tlp == nil { options.report.presentation.tlp = configured.tlp }
            if edition == nil { options.report.presentation.edition = configured.edition }
            if reportId == nil { options.report.presentation.reportID = configured.reportID }
            if reportVersion == nil { options.report.presentation.reportVersion = configured.reportVersion }
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        let templateSet: TemplateSet
        do {
            templateSet = try TemplateSet(overlay: options.templates)
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        let log = BatchLog(format: options.logFormat, progressBar: options.progress ?? (isatty(2) == 1),
                           standardOutput: { Output.write($0, to: 1) }, standardError: { Output.write($0, to: 2) })
        let outcome = BatchRun(options: options, templates: templateSet, log: log).run()
        // Interrupted: the captures abandoned may still be running on their threads; end the process
        // at once (the index, the manifest and the lock are already taken care of) instead of
        // running exit handlers beside them.
        if outcome.status == .interrupted || outcome.status == .terminated { Glibc._exit(outcome.status.rawValue) }
        if outcome.status != .success { throw ExitCode(outcome.status.rawValue) }
    }
}

extension PcapReportCommand {
    /// `--customer`, `--analyst`, `--ticket`, `--timezone`, `--generated-at` and `--redact`, checked.
    func presentationOptions() throws -> (ReportPresentation, Redaction) {
        var p = ReportPresentation()
        p.customer = customer; p.analyst = analyst; p.ticket = ticket
        if let tlp {
            guard let marking = TLPMarking(rawValue: tlp.lowercased()) else {
                throw ValidationError("--tlp '\(tlp)' is not a TLP 2.0 marking: use clear, green, amber, amber+strict or red")
            }
            p.tlp = marking
        }
        if let edition {
            guard let chosen = ReportEdition(rawValue: edition.lowercased()) else {
                throw ValidationError("--edition '\(edition)' is not known: use full or customer")
            }
            p.edition = chosen
        }
        p.reportID = reportId; p.reportVersion = reportVersion
        guard let zone = ReportTimeZone.parse(timezone) else {
            throw ValidationError("--timezone '\(timezone)' is not understood: use UTC, a fixed offset such as +02:00 or -05:30, or a zone name such as Europe/Berlin")
        }
        p.timeZone = zone
        if let g = generatedAt {
            guard g.count <= 64, TimeFormat.isISO8601(g) else {
                throw ValidationError("--generated-at '\(g)' is not a real ISO 8601 time with a zone (e.g. 2026-11-29T10:00:00Z)")
            }
            p.generatedAt = g
        }
        var r = Redaction()
        for profile in redact {
            if let problem = r.apply(profile) { throw ValidationError("--redact: \(problem)") }
        }
        return (p, r)
    }
}

/// Unbuffered writes to stdout/stderr (safe from the batch's worker threads: one write per line).
enum Output {
    /// Through the credential masker, like every log line (`BatchLog`).
    static func write(_ text: String, to fd: Int32) {
        _ = FileIO.writeAll(fd, Array(CredentialMask.masked(text).utf8))
    }
    /// One log line: its control characters escaped (`String.escapingControlCharacters`), so a
    /// path cannot split it or drive the terminal.
    static func line(_ text: String) { write(text.escapingControlCharacters + "\n", to: 1) }
    static func error(_ text: String, prefixed: Bool = true) {
        write((prefixed ? "pcap-report: error: " + text.replacingNewlines().escapingControlCharacters : text) + "\n", to: 2)
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}

extension String {
    func replacingNewlines() -> String { String(map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}
