import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every file of `../shared/corpus/malformed` gives a report (exit 0) or one error line naming the file
/// (exit 1): never a signal, a runtime trap or more than a few seconds. `make robustness` runs the same
/// check with timing and peak RSS (Tools/robustness.sh).
@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus) is not present: the malformed corpus was not run"))
func everyMalformedFileGivesAReportOrOneErrorLine() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let corpus = try #require(RepositoryPaths.corpus)
    let folder = corpus + "/malformed"
    guard let dir = opendir(folder) else { Issue.record("cannot list \(folder)"); return }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if !name.hasPrefix(".") { names.append(name) }
    }
    closedir(dir)
    #expect(names.count > 0)
    let work = TemporaryDirectory.make()
    let errors = work + "/stderr"
    for name in names.sorted() {
        let path = folder + "/" + name
        let out = work + "/out-" + name
        let start = monotonicSeconds()
        // A hang is killed after 20 s and shows as status 137.
        let (status, _) = RepositoryPaths.run(["env", "SWIFT_BACKTRACE=enable=no", "timeout", "-s", "KILL", "20",
                                               tool, path, "--output-dir", out], stderrPath: errors)
        let seconds = monotonicSeconds() - start
        let message = RepositoryPaths.readText(errors) ?? ""
        #expect(status == 0 || status == 1, "\(name): exit status \(status) (>= 128 is a signal): \(message.prefix(300))")
        #expect(seconds < 10, "\(name): took \(seconds) s")
        #expect(!message.contains("Fatal error"), "\(name): runtime trap: \(message.prefix(300))")
        if status == 1 {
            #expect(message.split(separator: "\n").count == 1, "\(name): one error line: \(message.prefix(300))")
            #expect(message.contains(name), "\(name): the error names the file: \(message.prefix(300))")
        } else if status == 0 {
            #expect(RepositoryPaths.exists(out + "/" + reportStem(name) + ".md"), "\(name): exit 0 without a report")
        }
    }
}

func reportStem(_ name: String) -> String {
    for ext in [".pcapng", ".pcap", ".cap", ".dmp"] where name.hasSuffix(ext) { return String(name.dropLast(ext.count)) }
    return name
}

func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
