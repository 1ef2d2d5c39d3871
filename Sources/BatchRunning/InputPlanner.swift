import Support
#if canImport(Glibc)
import Glibc
#endif

/// Expands the command line's inputs (files, folders and glob patterns) into capture files and
/// their output paths. Folders are walked recursively and their sub-folders mirrored in the
/// output; a glob's matches are mirrored below the pattern's fixed leading folder. Two inputs
/// never share an output name, and one file named twice is reported once.
public enum InputPlanner {
    public static let captureExtensions = ["pcap", "pcapng", "cap", "dmp", "pcap.gz", "pcapng.gz", "cap.gz", "dmp.gz"]

    /// One capture to report and where its reports go.
    public struct Planned: Sendable, Equatable {
        public var input: String
        /// Output path without extension (`Output/site-a/capture`).
        public var outputBase: String
        /// `outputBase` relative to the output folder (`site-a/capture`): the capture's name in indexes and shards.
        public var name: String
    }

    /// An input that plans no capture, and why.
    public enum Problem: Sendable, Equatable {
        /// A named file or folder that does not exist (an error).
        case missing(String)
        /// A file inside a folder or glob that is not a capture by its name (a note).
        case skipped(String)
        /// A glob pattern that matched nothing (a note).
        case noMatch(String)
        /// A folder that cannot be searched, or a name whose target cannot be looked up (an error:
        /// the captures in it would otherwise vanish from the run unnoticed).
        case unreadable(String, reason: String)
        /// A symbolic link to a folder already searched (a loop, or a second way in): not
        /// followed, so its captures are reported once (a note).
        case notFollowed(String)
    }

    public static func plan(_ inputs: [String], outputDirectory: String) -> (planned: [Planned], problems: [Problem]) {
        var planned: [Planned] = []
        var problems: [Problem] = []
        var used = Set<String>()
        var seen = Set<String>()
        let outputReal = DirectoryWalker.realPath(outputDirectory)
        func add(_ file: String, relative: String) {
            if let real = DirectoryWalker.realPath(file) { guard seen.insert(real).inserted else { return } }
            var stem = relative
            for ext in captureExtensions.sorted(by: { $0.count > $1.count }) where stem.lowercased().hasSuffix("." + ext) {
                stem = String(stem.dropLast(ext.count + 1)); break
            }
            // A name saved from a login URL must not put its password into the report's file name.
            stem = unambiguous(safe(CredentialMask.maskedFields(stem)))
            var name = stem
            var n = 2
            while used.contains(name) || reserved.contains(name) { name = stem + "-\(n)"; n += 1 }
            used.insert(name)
            planned.append(Planned(input: file, outputBase: outputDirectory + "/" + name, name: name))
        }
        func addTree(_ root: String, prefix: String) {
            let walk = DirectoryWalker.walk(root, skipping: outputReal)
            for entry in walk.entries {
                let relative = String(entry.path.dropFirst(root.count).drop { $0 == "/" })
                if isCapture(entry.path) {
                    // Whatever it is (a FIFO, a device, a dangling link), a file named like a capture
                    // is planned: reading it fails with the reason, as a failed capture of the run.
                    add(entry.path, relative: prefix + relative)
                } else if case let .unresolved(code, reason) = entry.kind, code != ENOENT && code != ELOOP {
                    problems.append(.unreadable(entry.path, reason: reason))  // it may be a folder
                } else {
                    problems.append(.skipped(entry.path))
                }
            }
            for problem in walk.problems {
                switch problem {
                case let .unreadable(path, reason): problems.append(.unreadable(path, reason: reason))
                case let .alreadyWalked(path): problems.append(.notFollowed(path))
                }
            }
        }
        for input in inputs {
            var info = stat()
            if stat(input, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    addTree(input, prefix: "")
                } else {
                    add(input, relative: String(input.split(separator: "/").last ?? Substring(input)))
                }
            } else if isPattern(input) {
                let matches = glob(input)
                if matches.isEmpty { problems.append(.noMatch(input)); continue }
                let root = fixedPrefix(input)
                for match in matches {
                    let relative = root.isEmpty ? match : String(match.dropFirst(root.count).drop { $0 == "/" })
                    var matchInfo = stat()
                    if stat(match, &matchInfo) == 0 && (matchInfo.st_mode & S_IFMT) == S_IFDIR {
                        addTree(match, prefix: relative.isEmpty ? "" : relative + "/")
                    } else if isCapture(match) {
                        add(match, relative: relative)
                    } else {
                        problems.append(.skipped(match))
                    }
                }
            } else {
                problems.append(.missing(input))
            }
        }
        return (planned, problems)
    }

    /// Names the run itself writes in the output folder; no capture's report takes them.
    static let reserved: Set<String> = ["index"]

    /// Output names stay inside the output folder: no `..`, no leading dots, only safe characters,
    /// and no component longer than `maximumComponentBytes`.
    static func safe(_ relative: String) -> String {
        let parts = relative.split(separator: "/").filter { $0 != "." && $0 != ".." }.map { part -> String in
            var s = String(part.map { c in c.isLetter || c.isNumber || "-_.+".contains(c) ? c : "_" })
            while s.hasPrefix(".") { s.removeFirst() }
            return s.isEmpty ? "_" : shortened(s)
        }
        return parts.isEmpty ? "capture" : parts.joined(separator: "/")
    }

    /// A capture's files are `NAME.md`, `.html`, `.json`, `.summary.md` and, when it fails,
    /// `NAME.error.json`. Two names' files can only meet when one name is the other plus
    /// `.summary` or `.error` (`X.error.json` is both `X`'s failure record and `X.error`'s JSON), or
    /// when a folder of one name is a file of another (`X.md/` beside `X.md`). So a name's last
    /// component never ends in `.summary` or `.error` and a folder component never in `.md`,
    /// `.html` or `.json` (in any case): the dot becomes `_` (`X.error` -> `X_error`). With the
    /// names unique (`plan` numbers repeats), output names are collision-free by construction.
    static func unambiguous(_ name: String) -> String {
        let parts = name.split(separator: "/").map(String.init)
        return parts.enumerated().map { offset, part -> String in
            let endings = offset == parts.count - 1 ? reservedNameEndings : reservedFolderEndings
            guard let ending = endings.first(where: { part.lowercased().hasSuffix($0) }) else { return part }
            return String(part.dropLast(ending.count)) + "_" + String(part.suffix(ending.count - 1))
        }.joined(separator: "/")
    }

    /// What a capture's file name may not end in (`NAME.summary.md`, `NAME.error.json` are its own files).
    static let reservedNameEndings = [".summary", ".error"]
    /// What a folder of the output may not end in (the extensions of the report files beside it).
    static let reservedFolderEndings = [".md", ".html", ".json"]

    /// The longest folder or file name stem an output name has, in bytes. Every file made from a stem
    /// must fit a file name (255 bytes): `<stem>-N.summary.md`, `<stem>.error.json`, the completion
    /// record `.pcap-report-done.<stem>` and the writers' temporary names (`AtomicFile` shortens those).
    static let maximumComponentBytes = 200

    /// `name` itself when it fits `maximumComponentBytes`, else its start and a digest of the whole,
    /// so that two long names that share a start still get two outputs.
    static func shortened(_ name: String) -> String {
        guard name.utf8.count > maximumComponentBytes else { return name }
        let hash = AtomicFile.fnv1a64Hex(name)
        return AtomicFile.prefix(of: name, bytes: maximumComponentBytes - hash.count - 1) + "~" + hash
    }

    /// A capture by its name: `.pcap .pcapng .cap .dmp`, and those gzip-compressed.
    public static func isCapture(_ name: String) -> Bool {
        let lower = name.lowercased()
        return captureExtensions.contains { lower.hasSuffix("." + $0) }
    }

    static func isPattern(_ s: String) -> Bool { s.contains { "*?[".contains($0) } }

    /// The folders of a pattern before its first wildcard component (`/data/*/x.pcap` -> `/data`).
    static func fixedPrefix(_ pattern: String) -> String {
        var parts: [Substring] = []
        let components = pattern.split(separator: "/", omittingEmptySubsequences: false)
        for part in components.dropLast() {
            if isPattern(String(part)) { break }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return pattern.hasPrefix("/") && joined.isEmpty ? "/" : joined
    }

    /// glob(3) matches, sorted; hidden files only when the pattern names them.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        var out: [String] = []
        for i in 0 ..< Int(result.gl_pathc) {
            if let p = result.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.sorted()
    }
}
