import Support
#if canImport(Glibc)
import Glibc
#endif

/// Prints the HTML report to PDF with headless Chromium (`--print-to-pdf`): the page's print
/// stylesheet gives A4 pages, a running header (customer, TLP) and page numbers through CSS `@page`
/// margin boxes, and keeps tables and figures whole. The text stays searchable and the `<title>` is
/// the document's title. Chromium runs with a fresh profile in a temporary folder, no network
/// (every host name resolves to nothing; the page's CSP allows no load either) and a time limit.
public struct PDFRenderer: Sendable {
    /// The browser's path; nil when none is installed.
    public var browser: String?
    public var timeoutSeconds: Double

    /// `PCAP_REPORT_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on the `PATH`.
    public init(browser: String? = PDFRenderer.findBrowser(), timeoutSeconds: Double = 120) {
        self.browser = browser; self.timeoutSeconds = timeoutSeconds
    }

    /// The browser to print with, or nil.
    public static func findBrowser() -> String? {
        if let p = getenv("PCAP_REPORT_CHROMIUM").map({ String(cString: $0) }), !p.isEmpty {
            return access(p, X_OK) == 0 ? p : nil
        }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") where !dir.isEmpty {
                let candidate = dir + "/" + name
                if access(candidate, X_OK) == 0 { return candidate }
            }
        }
        return nil
    }

    /// The PDF's bytes for one HTML page.
    public func render(html: String) throws(ReportError) -> [UInt8] {
        guard let browser else { throw ReportError.pdfEngineMissing }
        var template = Array(((getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/pcap-report-pdf.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ReportError.pdfFailed(reason: "cannot make a temporary folder") }
        let dir = String(cString: made)
        defer { Self.removeTree(dir) }
        let page = dir + "/report.html", pdf = dir + "/report.pdf"
        let fd = open(page, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ReportError.pdfFailed(reason: "cannot write the page to print") }
        let written = FileIO.writeAll(fd, Array(html.utf8))
        close(fd)
        if written != nil { throw ReportError.pdfFailed(reason: "cannot write the page to print") }
        let arguments = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update", "--disable-default-apps",
            "--no-default-browser-check", "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + dir + "/profile",
            "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page,
        ]
        let log = dir + "/chromium.log"
        switch ChildProcess.run(arguments, logPath: log, timeoutSeconds: timeoutSeconds) {
        case .exited(0): break
        case .exited(let status):
            let last =
                String(decoding: FileIO.readFile(log, maximumBytes: 1 << 16) ?? [], as: UTF8.self)
                .split(separator: "\n").last(where: { !$0.contains("dbus") }).map(String.init) ?? ""
            throw ReportError.pdfFailed(reason: "chromium exited with status \(status)" + (last.isEmpty ? "" : ": " + last))
        case .timedOut: throw ReportError.pdfFailed(reason: "chromium did not finish within \(Int(timeoutSeconds)) s")
        case .notStarted(let reason): throw ReportError.pdfFailed(reason: "cannot start \(browser): \(reason)")
        }
        guard let bytes = FileIO.readFile(pdf), bytes.starts(with: Array("%PDF".utf8)) else {
            throw ReportError.pdfFailed(reason: "chromium wrote no PDF")
        }
        return bytes
    }

    /// Removes a folder and everything in it (the temporary profile), not following links.
    static func removeTree(_ path: String, depth: Int = 0) {
        var info = stat()
        guard depth < 32, lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR, let dir = opendir(path) {
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names { removeTree(path + "/" + name, depth: depth + 1) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
