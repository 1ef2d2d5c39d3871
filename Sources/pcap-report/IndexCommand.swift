import ArgumentParser
import BatchRunning
import ReportRendering
import Support
import ThreatFindings

/// `pcap-report index DIR... [--output-dir DIR]`: one run index from the per-capture JSON of
/// several output folders (e.g. every shard's).
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pcap-report index",
        abstract: "Merge the per-capture JSON reports of output folders (e.g. shards) into one run index.",
        discussion: """
            Writes index.html, index.md and index.json. Exit status as for a run: 0 every capture was reported; \
            1 some capture failed (or a report could not be read); 2 usage error; 3 with --fail-on, a finding \
            at or above that severity.
            """)

    @Argument(help: "Output folders of earlier runs (searched recursively).")
    var directories: [String]

    @Option(name: [.customShort("o"), .long], help: "Where to write the index (default: the first folder).")
    var outputDir: String?

    @Option(help: ArgumentHelp("Exit 3 when a finding at or above this severity is in the index.", valueName: "severity"))
    var failOn: String?

    func validate() throws {
        if directories.isEmpty { throw ValidationError("name at least one output folder") }
        if let failOn, FindingSeverity(rawValue: failOn.lowercased()) == nil {
            throw ValidationError("unknown severity '\(failOn)' for --fail-on: use \(FindingSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let target = outputDir ?? directories[0]
        let (entries, unreadable) = IndexMerger.collect(directories, indexDirectory: target)
        for path in unreadable { Output.error("\(path): not readable JSON, left out of the index") }
        var index = RunIndex(entries)
        // The same brand as a run's own index (the built-in templates'), so a merged index of shards
        // equals the unsharded one.
        if let templates = try? TemplateSet(builtIn: TemplateSet.locateBuiltIn()) {
            let brand = templates.branding()
            index.heading = .init(brandName: brand.name, brandCSS: brand.css)
        }
        do {
            try AtomicFile.makeDirectories(target)
            try index.write(to: target)
            Output.line("\(index.reported.count) reported, \(index.failed.count) failed; index: \(target)/index.html")
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
        if let threshold = failOn.flatMap({ FindingSeverity(rawValue: $0.lowercased()) }),
           index.reported.contains(where: { ($0.findingSeverity.map { $0 >= threshold }) == true }) {
            throw ExitCode(3)
        }
        if !unreadable.isEmpty || !index.failed.isEmpty { throw ExitCode(1) }
    }
}
