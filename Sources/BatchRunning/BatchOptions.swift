import CaptureReport
import ReportRendering
import Support
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

/// Everything a batch run needs, after the config file and the flags have been merged.
public struct BatchOptions: Sendable {
    /// Files, folders (searched recursively) and glob patterns.
    public var inputs: [String] = ["Samples"]
    public var outputDirectory = "Output"
    public var formats: [ReportFormat] = ReportFormat.defaults
    /// A folder of Mustache templates that replace or add to the built-in ones.
    public var templates: String?
    /// Report options (title, and whatever the report grows) passed to every capture's job.
    public var report = ReportOptions()
    public var thresholds = DetectionThresholds()
    /// Captures reported at once; a capture whose size reaches `memoryBudgetBytes` runs alone.
    public var jobs = BatchOptions.defaultJobs
    /// Bytes of capture (inflated size for gzip) allowed in flight at once: the analysis keeps
    /// per-flow tables, so a big capture runs with fewer (or no) neighbours instead of multiplying
    /// its memory by `jobs`.
    public var memoryBudgetBytes = 512 << 20
    /// Skip captures whose content hash, options and tool version match the manifest of the last run.
    public var incremental = false
    /// The tool build an incremental run compares with the manifest's; nil: this executable's
    /// (`ToolVersion.buildIdentity`, hashed only when a run is incremental). A report made by
    /// another build is made again.
    public var toolIdentity: String?
    /// Exit 3 when a finding at or above this severity was found.
    public var failOn: FindingSeverity?
    public var logFormat = LogFormat.plain
    /// Progress bar (on a terminal) instead of log lines; nil: decide by whether stderr is a terminal.
    public var progress: Bool?
    public var shard: Shard?
    /// Write `<name>.summary.md` (the ticket body) beside each report.
    public var ticketSummary = true
    /// Write into an output folder that is not empty although no run of this tool made it (no
    /// manifest of ours there); without it such a folder (`/`, a home folder) is refused.
    public var force = false

    public init() {}

    /// The number of online CPUs (at least 1).
    public static var defaultJobs: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// How one line per capture is written on a non-terminal.
public enum LogFormat: String, Sendable, CaseIterable {
    case plain, json
}

/// `K/N`: this run's share of the inputs, 1-based. A capture belongs to shard
/// `fnv1a64(output name) % N + 1`, so the split is deterministic, independent of the machine, and
/// stable when other captures are added or removed.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    /// Parses `K/N` with 1 <= K <= N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        index = k; count = n
    }

    public var description: String { "\(index)/\(count)" }
    /// A name part for this shard's manifest and lock files.
    public var fileTag: String { "shard-\(index)-of-\(count)" }

    public func contains(_ name: String) -> Bool { Int(Self.fnv1a64(name) % UInt64(count)) + 1 == index }

    static func fnv1a64(_ s: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
