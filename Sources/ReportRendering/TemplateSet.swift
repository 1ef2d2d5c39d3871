import Mustache
import Support
#if canImport(Glibc)
import Glibc
#endif

/// The Mustache templates of the report: the built-in set from `Templates/`, optionally overlaid
/// by a customer's directory (same file names replace built-in ones).
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    public let names: Set<String>
    /// The templates a report needs.
    public static let required = ["report.md", "report.html", "summary.md"]

    /// - Parameters:
    ///   - builtIn: the built-in folder (found by `locateBuiltIn()` when nil).
    ///   - overlay: a customer's folder whose templates replace or add to the built-in ones.
    /// - Throws: `ReportError` naming the file and line of a broken template, or a missing one.
    public init(builtIn: String? = nil, overlay: String? = nil) throws(ReportError) {
        let base: String
        if let builtIn { base = builtIn } else { base = try Self.locateBuiltIn() }
        var files: [String: (String, String)] = [:]      // name -> (path, text)
        if let overlay, !DirectoryWalker.isReadableDirectory(overlay) {
            throw .templatesNotFound(searched: [overlay])
        }
        for dir in [base] + (overlay.map { [$0] } ?? []) {
            for (name, path) in Self.mustacheFiles(in: dir) {
                guard let text = Self.read(path) else { throw .cannotWrite(path: path, reason: "cannot read template") }
                files[name] = (path, text)
            }
        }
        var library = MustacheLibrary()
        for (name, (path, text)) in files.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch let error as MustacheLibrary.ParserError {
                throw .templateBroken(file: path, line: error.context.lineNumber, column: error.context.columnNumber,
                                      reason: "\(error.error)")
            } catch {
                throw .templateBroken(file: path, line: 0, column: 0, reason: "\(error)")
            }
        }
        for name in Self.required where files[name] == nil {
            throw .templateMissing(name: name, directory: overlay ?? base)
        }
        // A partial that names no template would silently render as nothing: name it instead.
        for (name, (path, text)) in files.sorted(by: { $0.key < $1.key }) {
            for (partial, line, column) in Self.partials(in: text) where files[partial] == nil {
                throw .templateBroken(file: path, line: line, column: column,
                                      reason: "partial '\(partial)' names no template (no \(partial).mustache here or in the built-in set; \(name) needs it)")
            }
        }
        self.library = library
        self.names = Set(files.keys)
    }

    func render(_ context: [String: Any], _ name: String) throws(ReportError) -> String {
        guard let text = library.render(context, withTemplate: name) else { throw .renderFailed(template: name) }
        return text
    }

    /// Looks for `Templates/report.md.mustache` in `$PCAP_REPORT_TEMPLATES`, then where an installed
    /// tool keeps them (`<prefix>/bin/pcap-report` reads `<prefix>/share/pcap-report/Templates`), then
    /// upwards from the executable and from the working directory, then in
    /// `/usr/local/share/pcap-report/Templates`.
    public static func locateBuiltIn() throws(ReportError) -> String {
        var candidates: [String] = []
        if let env = getenv("PCAP_REPORT_TEMPLATES") { candidates.append(String(cString: env)) }
        var starts: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            let executable = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let installed = installedLocation(executable: executable) { candidates.append(installed) }
            starts.append(executable)
        }
        if getcwd(&buffer, buffer.count) != nil { starts.append(String(cString: buffer) + "/.") }
        for start in starts {
            var dir = start
            for _ in 0 ..< 8 {
                guard let slash = dir.lastIndex(of: "/") else { break }
                dir = String(dir[..<slash])
                candidates.append((dir.isEmpty ? "" : dir) + "/Templates")
                if dir.isEmpty { break }
            }
        }
        candidates.append("/usr/local/share/pcap-report/Templates")
        for c in candidates where access(c + "/report.md.mustache", R_OK) == 0 { return c }
        throw .templatesNotFound(searched: Array(candidates.prefix(4)))
    }

    /// The installed templates beside an executable: `<prefix>/share/pcap-report/Templates` for
    /// `<prefix>/bin/pcap-report` (`make install`, the Debian package); nil for `/pcap-report`.
    static func installedLocation(executable: String) -> String? {
        guard let slash = executable.lastIndex(of: "/") else { return nil }
        let bin = executable[..<slash]
        guard let parent = bin.lastIndex(of: "/") else { return nil }
        return String(bin[..<parent]) + "/share/pcap-report/Templates"
    }

    /// `{{> name}}` tags of a template, with their 1-based line and column.
    static func partials(in text: String) -> [(String, Int, Int)] {
        var out: [(String, Int, Int)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{>") {
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let name = String(after[..<close.lowerBound].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
                out.append((name, i + 1, column))
                rest = after[close.upperBound...]
            }
        }
        return out
    }

    static func mustacheFiles(in dir: String) -> [(String, String)] {
        DirectoryWalker.names(in: dir).filter { $0.hasSuffix(".mustache") }
            .map { (String($0.dropLast(".mustache".count)), dir + "/" + $0) }
            .sorted { $0.0 < $1.0 }
    }

    static func read(_ path: String) -> String? { FileIO.readText(path) }
}
