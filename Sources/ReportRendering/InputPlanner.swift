#if canImport(Glibc)
import Glibc
#endif

/// Expands the command line's inputs (files and folders) into capture files and their output
/// paths. Folders are walked recursively and their sub-folders mirrored in the output; two inputs
/// never share an output name.
public enum InputPlanner {
    public static let captureExtensions = ["pcap", "pcapng", "cap", "dmp", "pcap.gz", "pcapng.gz"]

    public struct Planned: Sendable, Equatable {
        public var input: String
        public var outputBase: String
    }

    public enum Problem: Sendable, Equatable {
        case missing(String)
    }

    public static func plan(_ inputs: [String], outputDirectory: String) -> (planned: [Planned], problems: [Problem]) {
        var planned: [Planned] = []
        var problems: [Problem] = []
        var used = Set<String>()
        func add(_ file: String, relative: String) {
            var stem = relative
            for ext in captureExtensions.sorted(by: { $0.count > $1.count }) where stem.lowercased().hasSuffix("." + ext) {
                stem = String(stem.dropLast(ext.count + 1)); break
            }
            stem = safe(stem)
            var base = outputDirectory + "/" + stem
            var n = 2
            while used.contains(base) { base = outputDirectory + "/" + stem + "-\(n)"; n += 1 }
            used.insert(base)
            planned.append(Planned(input: file, outputBase: base))
        }
        for input in inputs {
            var info = stat()
            guard stat(input, &info) == 0 else { problems.append(.missing(input)); continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                for file in walk(input) { add(file, relative: String(file.dropFirst(input.count).drop { $0 == "/" })) }
            } else {
                add(input, relative: String(input.split(separator: "/").last ?? Substring(input)))
            }
        }
        return (planned, problems)
    }

    /// Output names stay inside the output folder: no `..`, no leading dots, only safe characters.
    static func safe(_ relative: String) -> String {
        let parts = relative.split(separator: "/").filter { $0 != "." && $0 != ".." }.map { part -> String in
            var s = String(part.map { c in c.isLetter || c.isNumber || "-_.+".contains(c) ? c : "_" })
            while s.hasPrefix(".") { s.removeFirst() }
            return s.isEmpty ? "_" : s
        }
        return parts.isEmpty ? "capture" : parts.joined(separator: "/")
    }

    static func isCapture(_ name: String) -> Bool {
        let lower = name.lowercased()
        return captureExtensions.contains { lower.hasSuffix("." + $0) }
    }

    /// Capture files under `dir`, sorted, hidden files and folders skipped.
    static func walk(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(d)
        var out: [String] = []
        for name in names.sorted() {
            let path = dir + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR { out += walk(path) } else if isCapture(name) { out.append(path) }
        }
        return out
    }
}
