import ArgumentParser
import BatchRunning
import ReportRendering

/// `pcap-report index DIR... [--output-dir DIR]`: one run index from the per-capture JSON of
/// several output folders (e.g. every shard's).
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pcap-report index",
        abstract: "Merge the per-capture JSON reports of output folders (e.g. shards) into one run index.",
        discussion: "Writes index.html, index.md and index.json. Exit status: 0 done; 1 a report could not be read; 2 usage error.")

    @Argument(help: "Output folders of earlier runs (searched recursively).")
    var directories: [String]

    @Option(name: [.customShort("o"), .long], help: "Where to write the index (default: the first folder).")
    var outputDir: String?

    func validate() throws {
        if directories.isEmpty { throw ValidationError("name at least one output folder") }
    }

    func run() throws {
        let target = outputDir ?? directories[0]
        let (entries, unreadable) = IndexMerger.collect(directories, indexDirectory: target)
        for path in unreadable { Output.error("\(path): not readable JSON, left out of the index") }
        do {
            try ReportWriter.makeDirectories(target)
            let index = RunIndex(entries)
            try index.write(to: target)
            Output.line("\(index.reported.count) reported, \(index.failed.count) failed; index: \(target)/index.html")
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
        if !unreadable.isEmpty { throw ExitCode(1) }
    }
}
