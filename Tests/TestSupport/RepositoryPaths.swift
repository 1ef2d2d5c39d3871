#if canImport(Glibc)
import Glibc
#endif

/// Paths of the repository and of the shared corpus beside it, found from this file's location.
public enum RepositoryPaths {
    /// The package root (the folder holding Package.swift).
    public static var root: String {
        var path = #filePath
        for _ in 0 ..< 3 { if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) } }
        return path
    }
    public static var samples: String { root + "/Samples" }
    public static var templates: String { root + "/Templates" }
    /// `../shared/corpus`, or nil when absent (tests that need it are skipped by their
    /// `.enabled(if: RepositoryPaths.corpus != nil, …)` trait).
    public static var corpus: String? {
        let path = root + "/../shared/corpus"
        return access(path + "/real", R_OK) == 0 ? path : nil
    }
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func readText(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { data.append(contentsOf: chunk[..<n]) }
            if n < chunk.count { break }
        }
        return String(decoding: data, as: UTF8.self)
    }

    public static func writeBytes(_ bytes: [UInt8], to path: String) {
        if let f = fopen(path, "wb") { _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }; fclose(f) }
    }

    public static func writeText(_ text: String, to path: String) {
        if let f = fopen(path, "wb") { _ = Array(text.utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }; fclose(f) }
    }

    /// Runs a program and returns its exit status and standard output (stderr to `stderrPath` if given).
    public static func run(_ arguments: [String], stderrPath: String = "/dev/null") -> (status: Int32, output: String) {
        let out = TemporaryDirectory.make() + "/stdout"
        let command = arguments.map(quote).joined(separator: " ") + " >" + quote(out) + " 2>" + quote(stderrPath)
        let status = system(command)
        let code = status == -1 ? -1 : (status >> 8) & 0xFF
        return (Int32(code), readText(out) ?? "")
    }

    static func quote(_ s: String) -> String { "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'" }
}
