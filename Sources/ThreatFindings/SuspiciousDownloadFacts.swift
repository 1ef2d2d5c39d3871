/// What the suspicious-download detector measured for one client and one server (the server is
/// `Finding.attackers`, the payload source; the downloading client is `Finding.targets`).
public struct SuspiciousDownloadFacts: Sendable, Equatable {
    /// Why one download is suspicious, as the JSON contract spells it.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// The body's bytes are a PE, ELF or Mach-O executable.
        case executable
        /// The body is a script (PowerShell by its text, `#!`, or a script extension such as .ps1, .vbs, .hta, .bat).
        case script
        /// The name hides an executable or script extension behind a document one (`invoice.pdf.exe`).
        case doubleExtension = "double-extension"
        /// The name's extension announces another type than the bytes are (a PE named `logo.jpg`).
        case typeMismatch = "type-mismatch"
        /// The request's Host header was an IP address literal, not a name.
        case bareIPHost = "bare-ip-host"
    }

    /// One response body that raised the finding.
    public struct Download: Sendable, Equatable {
        /// `tcp.stream`, the request's frame and the frame that completed the response.
        public var stream = 0, requestFrame = 0, responseFrame = 0
        /// The Host header, the URL (`http://host/target`, credentials masked), the file name
        /// (Content-Disposition or the target's last segment), the response's Content-Type and the
        /// request's User-Agent: capture text, withheld under `--redact payload`.
        public var host = "", url = "", fileName = "", contentType = "", userAgent = ""
        /// The type by magic bytes (`FileMagic.rawValue`: `pe`, `elf`, `powershell`, ...).
        public var magic = ""
        /// Bytes of the object (decoded when gzip/deflate encoded).
        public var size = 0
        /// Lower-case hex digests of the object; empty when the body was incomplete.
        public var sha256 = "", md5 = ""
        /// The reasons, in the order of `Reason.allCases`.
        public var reasons: [Reason] = []
        /// The requesting program looks like a web browser (a person clicked, so likely opened it).
        public var browser = false
        /// How the file came: `http`, or a mail attachment over `smtp` or `pop` (then `url`, `host` and
        /// `userAgent` are empty, `requestFrame`/`responseFrame` are the attachment's first and last frames).
        public var channel = "http"
        public init() {}
    }

    /// The suspicious downloads, in capture order (at most `SuspiciousDownloadDetector.downloadsKept`).
    public var downloads: [Download] = []
    /// Every suspicious download from this server to this client, kept or not.
    public var downloadTotal = 0
    /// A person likely ran what came (a double extension, a disguised type, or an executable or script
    /// fetched by a browser): ATT&CK T1204.002 is named.
    public var userExecution = false
    public init() {}
}
