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

    @Flag(help: "Verify IPv4, TCP and UDP checksums and report bad ones (off by default, as in Wireshark).")
    var checkChecksums = false

    @Flag(help: "Add every frame of every expert item to the JSON report (expert.perPacket).")
    var expertDetail = false

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
        options.analysis.checksumChecks = checkChecksums
        options.analysis.expertFramesInDetail = expertDetail
        for job in planned {
            do {
                let outcome = try CaptureReportJob(input: job.input, outputBase: job.outputBase, formats: formats, options: options)
                    .run(templates: templateSet)
                log("\(job.input): \(outcome.packets) packets, \(outcome.findings) finding\(outcome.findings == 1 ? "" : "s"), verdict \(outcome.verdict.classification) -> \(outcome.files.joined(separator: ", "))")
            } catch {
                failed += 1
                fail("\(error)")
            }
        }
        if planned.isEmpty && problems.isEmpty { fail("no capture files found in \(inputs.isEmpty ? ["Samples"] : inputs)") ; throw ExitCode(1) }
        if failed > 0 { throw ExitCode(1) }
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
