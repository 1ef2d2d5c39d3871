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
            throw .templateFolderNotFound(path: overlay)
        }
        for dir in [base] + (overlay.map { [$0] } ?? []) {
            for (name, path) in Self.mustacheFiles(in: dir) {
                // A template is a file of its folder: a symbolic link out of it (to /etc/shadow, say)
                // or a FIFO is refused, never read.
                if let problem = DirectoryWalker.problemReadingInside(dir, path) { throw .templateUnreadable(file: path, reason: problem) }
                guard let text = Self.read(path) else { throw .templateUnreadable(file: path, reason: "it cannot be read") }
                files[name] = (path, text)
            }
        }
        var library = MustacheLibrary()
        for (name, (path, text)) in files.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw .templateBroken(
                    file: path, line: error.context.lineNumber, column: error.context.columnNumber,
                    reason: Self.explain(error.error))
            } catch let error as MustacheLibrary.ParserError {
                throw .templateBroken(file: path, line: error.context.lineNumber, column: error.context.columnNumber,
                    reason: Self.explain(error.error))
            } catch {
                throw .templateBroken(file: path, line: 1, column: 1, reason: Self.explain(error))
            }
        }
        for name in Self.required where files[name] == nil {
            throw .templateMissing(name: name, directory: overlay ?? base)
        }
        let tags = files.mapValues { Self.partials(in: $0.1) }
        for (name, (path, _)) in files.sorted(by: { $0.key < $1.key }) {
            for tag in tags[name] ?? [] {
                // A name looked up in the report's data at render time could be capture text.
                if tag.name.hasPrefix("*") {
                    throw .templateBroken(
                        file: path, line: tag.line, column: tag.column,
                        reason: "dynamic partial '\(tag.name)' is not supported: name the template")
                }
                // A partial that names no template would silently render as nothing: name it instead.
                if files[tag.name] == nil {
                    throw .templateBroken(
                        file: path, line: tag.line, column: tag.column,
                        reason:
                            "partial '\(tag.name)' names no template (no \(tag.name).mustache here or in the built-in set; \(name) needs it)"
                    )
                }
            }
        }
        // A partial that includes itself, directly or through others, never ends (the renderer
        // recurses until the stack overflows): refuse the set, naming the cycle.
        if let (name, tag, cycle) = Self.firstCycle(tags), let path = files[name]?.0 {
            throw .templateBroken(
                file: path, line: tag.line, column: tag.column,
                reason: "partial '\(tag.name)' includes itself (\(cycle.joined(separator: " -> "))): a recursive partial never ends")
        }
        self.library = library
        self.names = Set(files.keys)
    }

    /// A parser error in words (the library's errors are bare enum cases).
    static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return String(describing: error) }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than the one it was opened with"
        case .unfinishedName: return "a tag is not closed (or its name is malformed)"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed (use {{=<% %>=}})"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "only block definitions may appear inside an inheritance section"
        case .textInsideInheritSection: return "text is not allowed inside an inheritance section"
        case .invalidConfigVariableSyntax: return "a configuration tag is malformed"
        case .unrecognisedConfigVariable: return "a configuration tag names an unknown variable"
        @unknown default: return String(describing: error)
        }
    }

    /// The first partial cycle, in name order: the template whose tag closes it, that tag, and the
    /// templates of the cycle (`a -> b -> a`).
    static func firstCycle(_ tags: [String: [PartialTag]]) -> (String, PartialTag, [String])? {
        var done = Set<String>()
        var stack: [String] = []
        func visit(_ name: String) -> (String, PartialTag, [String])? {
            stack.append(name)
            defer { stack.removeLast() }
            for tag in tags[name] ?? [] where !done.contains(tag.name) && tags[tag.name] != nil {
                if let start = stack.firstIndex(of: tag.name) { return (name, tag, Array(stack[start...]) + [tag.name]) }
                if let found = visit(tag.name) { return found }
            }
            done.insert(name)
            return nil
        }
        for name in tags.keys.sorted() where !done.contains(name) {
            if let found = visit(name) { return found }
        }
        return nil
    }

    /// The firm's branding as the templates set it (`brand-name`, `style-brand`): the name as plain
    /// text (trimmed) and the CSS variables, for pages outside a report such as the run index.
    public func branding() -> (name: String, css: String) {
        let name = (try? render([:], "brand-name"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return (name.isEmpty ? "PcapReport" : name, (try? render([:], "style-brand")) ?? "")
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
        if getcwd(&buffer, buffer.count) != nil {
            let cwd = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            starts.append(String(decoding: cwd, as: UTF8.self) + "/.")
        }
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

    /// A tag that names another template: `{{> name}}` (partial) or `{{< name}}` (parent).
    struct PartialTag: Equatable {
        var name: String
        var line: Int
        var column: Int
    }

    /// The partial and parent tags of a template, with their 1-based line and column, following
    /// set-delimiter tags (`{{=<% %>=}}`) as the parser does: a partial written with other
    /// delimiters is a partial all the same.
    static func partials(in text: String) -> [PartialTag] {
        let chars = Array(text)
        var open = Array("{{"), close = Array("}}")
        var out: [PartialTag] = []
        var i = 0, line = 1, lineStart = 0
        func matches(_ s: [Character], at j: Int) -> Bool {
            j + s.count <= chars.count && chars[j ..< j + s.count].elementsEqual(s)
        }
        while i < chars.count {
            if chars[i] == "\n" { line += 1; lineStart = i + 1; i += 1; continue }
            guard matches(open, at: i) else { i += 1; continue }
            let tagLine = line, column = i - lineStart + 1
            let start = i + open.count
            var end = start
            while end < chars.count && !matches(close, at: end) { end += 1 }
            guard end < chars.count else { break }
            for j in i ..< end where chars[j] == "\n" { line += 1; lineStart = j + 1 }
            let content = String(chars[start ..< end]).trimmingCharacters()
            i = end + close.count
            if content.count >= 2, content.hasPrefix("="), content.hasSuffix("=") {
                let parts = content.dropFirst().dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
                if parts.count == 2 { open = Array(parts[0]); close = Array(parts[1]) }
            } else if let kind = content.first, kind == ">" || kind == "<" {
                out.append(PartialTag(name: String(content.dropFirst()).trimmingCharacters(), line: tagLine, column: column))
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

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
