import ArgumentParser
import BatchRunning
import ThreatFindings

/// The flags of unattended batch runs (see docs/nightly.md). Every one is optional so that a flag
/// given on the command line overrides `--config`, and one not given leaves the file's value.
struct BatchFlags: ParsableArguments {
    @Option(help: "A YAML or TOML file with these options and the detection thresholds (flags override it).")
    var config: String?

    @Option(name: [.customShort("j"), .long], help: "Captures reported at once (default: the number of cores).")
    var jobs: Int?

    @Flag(inversion: .prefixedNo, help: "Skip captures whose content, options and tool version match the last run's manifest.")
    var incremental: Bool?

    @Option(help: ArgumentHelp("Exit 3 when a finding at or above this severity is found.", valueName: "severity"))
    var failOn: String?

    @Option(help: "Log lines on a non-terminal: plain or json (JSON lines).")
    var logFormat: String?

    @Flag(inversion: .prefixedNo, help: "A progress bar instead of log lines (default: when stderr is a terminal).")
    var progress: Bool?

    @Option(help: ArgumentHelp("Report only this deterministic share of the inputs: shard K of N (e.g. 2/8).", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Write into an output folder that is not empty and holds no manifest of an earlier run (refused without it).")
    var force = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let failOn, FindingSeverity(rawValue: failOn.lowercased()) == nil {
            throw ValidationError("unknown severity '\(failOn)' for --fail-on: use \(FindingSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let logFormat, LogFormat(rawValue: logFormat) == nil { throw ValidationError("--log-format must be plain or json") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be K/N with 1 <= K <= N, e.g. 2/8") }
    }

    /// Applies the flags that were given over `options` (defaults, then the config file).
    func apply(to options: inout BatchOptions) {
        if let jobs { options.jobs = jobs }
        if let incremental { options.incremental = incremental }
        if let failOn { options.failOn = FindingSeverity(rawValue: failOn.lowercased()) }
        if let logFormat { options.logFormat = LogFormat(rawValue: logFormat) ?? .plain }
        if let shard { options.shard = Shard(shard) }
        if let progress { options.progress = progress }
        if force { options.force = true }
    }
}
