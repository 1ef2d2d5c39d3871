/// The tool's version: the one source for `pcap-report --version`, the JSON reports'
/// `generator.version`, the run index and the incremental manifest.
public enum ToolVersion {
    /// The release, as `CHANGELOG.md` names it.
    public static let release = "0.1.0"

    /// What the incremental manifest compares to decide whether an earlier report still stands:
    /// the release and the SHA-256 of the running executable, so any rebuilt or upgraded tool
    /// (new detectors, fixed numbers) reports every capture again instead of keeping stale verdicts.
    public static let buildIdentity: String = {
        guard let digest = Digest.sha256(path: "/proc/self/exe") else { return release }
        return release + "+" + digest.prefix(16)
    }()
}
