/// The tool's version: the one source for `pcap-report --version`, the JSON reports'
/// `generator.version`, the run index and the incremental manifest.
public enum ToolVersion {
    /// The release, as `CHANGELOG.md` names it.
    public static let release = "0.1.0"

    /// The git commit the tool was built from (short hash) when `make` stamped the build, nil otherwise
    /// (a plain `swift build` in a fresh clone, a build from a tarball). `make` writes it to the
    /// generated, git-ignored `ToolVersion+Commit.swift` beside this file (`Tools/stamp-commit.sh`),
    /// which extends `ToolVersion` with `BuildCommitStamp`; without that file the cast finds nothing
    /// and the build needs no git. Reports never carry it: their `generator.version` is `release`.
    public static let commit: String? = (ToolVersion.self as Any.Type as? any BuildCommitStamp.Type)?.buildCommit

    /// What `pcap-report --version` prints: `0.1.0`, or `0.1.0 (commit e5e8618)` for a stamped build.
    public static var description: String { commit.map { "\(release) (commit \($0))" } ?? release }

    /// What the incremental manifest compares to decide whether an earlier report still stands:
    /// the release and the SHA-256 of the running executable, so any rebuilt or upgraded tool
    /// (new detectors, fixed numbers) reports every capture again instead of keeping stale verdicts.
    public static let buildIdentity: String = {
        guard let digest = Digest.sha256(path: "/proc/self/exe") else { return release }
        return release + "+" + digest.prefix(16)
    }()
}

/// Adopted by the generated `ToolVersion+Commit.swift` (never committed) to name the build's commit.
protocol BuildCommitStamp {
    static var buildCommit: String { get }
}
