import CaptureReport
import ReportRendering
import Support
#if canImport(Glibc)
import Glibc
#endif

/// `pcap-report index DIR...`: builds one run index from the per-capture files in output folders
/// (each shard's, or any earlier runs'): every `<name>.json` report and every `<name>.error.json`
/// failure record. A failure record wins over an older report of the same name.
public enum IndexMerger {
    /// - Parameters:
    ///   - directories: output folders, walked recursively (hidden files and `index.*` skipped).
    ///   - indexDirectory: where the index will be written; links are made relative to it.
    /// - Returns: the entries, and the files that looked like reports but could not be read.
    public static func collect(_ directories: [String], indexDirectory: String) -> (entries: [IndexEntry], unreadable: [String]) {
        var byName: [String: IndexEntry] = [:]
        var order: [String] = []
        var unreadable: [String] = []
        for dir in directories {
            let location = relativeLocation(of: dir, from: indexDirectory)
            for relative in jsonFiles(dir) {
                let path = dir + "/" + relative
                guard let text = FileIO.readText(path), let json = try? JSONReader.parse(text) else { unreadable.append(path); continue }
                var entry: IndexEntry
                if relative.hasSuffix(".error.json") {
                    let name = String(relative.dropLast(".error.json".count))
                    guard json["generator"]?["name"]?.stringValue == "pcap-report", let error = json["error"]?.stringValue else { continue }
                    entry = IndexEntry(name: name, fileName: json["fileName"]?.stringValue ?? "", error: error)
                } else {
                    let name = String(relative.dropLast(".json".count))
                    if access(dir + "/" + name + ".error.json", F_OK) == 0 { continue }
                    guard let e = IndexEntry(name: name, report: json) else { continue }
                    entry = e
                    entry = trusted(entry, base: dir + "/" + name)
                }
                entry.location = location
                if byName[entry.name] == nil { order.append(entry.name) }
                byName[entry.name] = entry
            }
        }
        return (order.compactMap { byName[$0] }, unreadable)
    }

    /// The entry with the reports its completion record vouches for (sizes checked), or a failed
    /// entry when the record says the set beside it is not whole (a run killed while replacing it,
    /// a file changed since). Without a record (folders of older versions) the files present count.
    static func trusted(_ entry: IndexEntry, base: String) -> IndexEntry {
        var entry = entry
        guard let record = CompletionRecord.read(CaptureReportJob.completionRecordPath(outputBase: base)) else {
            entry.findReports(base: base)
            return entry
        }
        let folder = base.lastIndex(of: "/").map { String(base[..<$0]) } ?? "."
        if let problem = record.problem(in: folder, digests: false) {
            return IndexEntry(
                name: entry.name, fileName: entry.fileName,
                error: "its reports are incomplete (\(problem)); report the capture again")
        }
        entry.setReports(record, base: base)
        return entry
    }

    /// Relative JSON paths under `dir`, sorted; hidden entries and the index itself skipped. The one
    /// directory walker searches each folder once, so a symbolic-link loop in an output tree ends.
    static func jsonFiles(_ dir: String) -> [String] {
        let start = dir.count + 1
        return DirectoryWalker.walk(dir, skipping: nil).entries.compactMap { entry -> String? in
            guard entry.kind == .regular, entry.path.hasSuffix(".json") else { return nil }
            let relative = String(entry.path.dropFirst(start))
            return relative == "index.json" ? nil : relative
        }
    }

    /// The path from `base` to `target` as a link prefix ("" when they are the same folder,
    /// otherwise ending in "/").
    static func relativeLocation(of target: String, from base: String) -> String {
        let t = absolute(target).split(separator: "/")
        let b = absolute(base).split(separator: "/")
        var common = 0
        while common < t.count, common < b.count, t[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: b.count - common) + t[common...].map(String.init)
        return parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
    }

    static func absolute(_ path: String) -> String {
        if let p = realpath(path, nil) { defer { free(p) }; return String(cString: p) }
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
    }
}
