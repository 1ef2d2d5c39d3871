#if canImport(Glibc)
import Glibc
#endif

/// Programs and machine capabilities some tests need, looked up once before any test runs, so a test
/// without its prerequisite is skipped by its trait (`@Test(.enabled(if: ExternalTools.tshark != nil,
/// "…"))`, shown as skipped with the reason) instead of returning early and counting as passed.
/// `make test` and `.ci/run` install the Debian packages named in the reasons.
public enum ExternalTools {
    /// The first executable `name` on the `PATH`, or nil.
    public static func find(_ name: String) -> String? {
        let path = getenvString("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = dir + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// tshark (Debian package `tshark`).
    public static let tshark: String? = find("tshark")
    /// cmark-gfm (Debian package `cmark-gfm`).
    public static let cmarkGFM: String? = find("cmark-gfm")
    /// Headless Chromium (Debian package `chromium`), or a Chrome of another name.
    public static let chromium: String? = find("chromium") ?? find("chromium-browser") ?? find("google-chrome")
    /// pdfinfo and pdftotext (Debian package `poppler-utils`).
    public static let pdfinfo: String? = find("pdfinfo")
    public static let pdftotext: String? = find("pdftotext")
    /// systemd-analyze (Debian package `systemd`).
    public static let systemdAnalyze: String? = find("systemd-analyze")

    /// The OASIS STIX 2.1 validator's Python package (PyPI `stix2-validator`, `make test-deps`).
    public static let stix2Validator: Bool = RepositoryPaths.run(["python3", "-c", "import stix2validator"]).status == 0
    /// MISP's Python library (PyPI `pymisp`, `make test-deps`).
    public static let pymisp: Bool = RepositoryPaths.run(["python3", "-c", "import pymisp"]).status == 0

    /// The system's time zone database holds the zones the tests use (Debian package `tzdata`).
    public static let hasTimeZoneDatabase: Bool =
        ["Europe/Berlin", "America/New_York"].allSatisfy { access("/usr/share/zoneinfo/" + $0, R_OK) == 0 }

    /// A small tmpfs can be mounted here: root with CAP_SYS_ADMIN (a plain container's root cannot).
    /// Probed by mounting and unmounting one.
    public static let canMountTmpfs: Bool = {
        guard getuid() == 0 else { return false }
        let dir = TemporaryDirectory.make()
        guard dir != "/tmp", RepositoryPaths.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]).status == 0 else { return false }
        return RepositoryPaths.run(["umount", dir]).status == 0
    }()
}
