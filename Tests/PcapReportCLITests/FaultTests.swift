import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Resources and faults: an input that cannot be read, an output folder that cannot be written, a
// full disk, and a run killed half-way. Each gives a clear error and no partial report file, and
// the next run completes.

/// Files in `dir`, without the batch runner's own bookkeeping (`.pcap-report-*`, `.pcap-report.lock`);
/// temporary files of the atomic writer (`.NAME.tmp-…`) are kept, so a test can see them.
func filesIn(_ dir: String) -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." && !name.hasPrefix(".pcap-report") { names.append(name) }
    }
    return names.sorted()
}

@Test func aFIFONamedLikeACaptureIsAnErrorNotAHang() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    #expect(mkfifo(dir + "/pipe.pcap", 0o644) == 0)
    let errors = dir + "/stderr"
    let (status, _) = RepositoryPaths.run(["timeout", "-s", "KILL", "10", tool, dir + "/pipe.pcap", "-o", dir + "/out"],
                                          stderrPath: errors)
    #expect(status == 1, "137 means the open blocked on the FIFO")
    let message = RepositoryPaths.readText(errors) ?? ""
    #expect(message.contains("pipe.pcap") && message.contains("not a regular file"))
}

@Test func anUnreadableInputIsOneClearError() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    let errors = dir + "/stderr"
    // root reads anything, so "unreadable" is a dangling symlink here (and mode 000 when not root).
    #expect(symlink(dir + "/gone.pcap", dir + "/dangling.pcap") == 0)
    var inputs = [dir + "/dangling.pcap"]
    if getuid() != 0 {
        RepositoryPaths.writeBytes(PcapFileBuilder().data, to: dir + "/secret.pcap")
        chmod(dir + "/secret.pcap", 0)
        inputs.append(dir + "/secret.pcap")
    }
    for input in inputs {
        let (status, _) = RepositoryPaths.run([tool, input, "-o", dir + "/out"], stderrPath: errors)
        #expect(status == 1)
        let message = RepositoryPaths.readText(errors) ?? ""
        #expect(message.split(separator: "\n").count == 1 && message.contains(input.split(separator: "/").last.map(String.init) ?? input))
    }
    #expect(!filesIn(dir + "/out").contains { $0.hasPrefix("dangling") || $0.hasPrefix("secret") })
}

@Test func anOutputFolderThatCannotBeWrittenIsOneClearErrorPerCapture() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("a file, not a folder", to: dir + "/taken")
    let errors = dir + "/stderr"
    let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.samples + "/benign-web.pcapng", "-o", dir + "/taken/reports"],
                                          stderrPath: errors)
    #expect(status == 2, "an unusable output folder is a configuration error (exit 2)")
    let message = RepositoryPaths.readText(errors) ?? ""
    #expect(message.split(separator: "\n").count == 1)
    #expect(message.contains("cannot write") && message.contains("Not a directory"))
}

/// A 64 KiB tmpfs fills up half-way through the reports: the error says so, no partial or
/// temporary file stays behind, and with room the next run completes.
@Test(.enabled(if: ExternalTools.canMountTmpfs, "mounting a small tmpfs needs root with CAP_SYS_ADMIN: the disk-full test was not run"))
func aFullDiskLeavesNoPartialReportAndTheNextRunCompletes() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    let mountPoint = dir + "/small"
    mkdir(mountPoint, 0o755)
    try #require(RepositoryPaths.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status == 0, "mount a 64 KiB tmpfs")
    defer { _ = RepositoryPaths.run(["umount", mountPoint]) }
    let errors = dir + "/stderr"
    // hostile-strings + walkthrough + benign: about 200 KiB of reports for a 64 KiB disk.
    let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.samples, "-o", mountPoint], stderrPath: errors)
    #expect(status == 1)
    let message = RepositoryPaths.readText(errors) ?? ""
    #expect(message.contains("No space left on device"), "\(message)")
    for name in filesIn(mountPoint) {
        #expect(!name.hasPrefix("."), "temporary file left behind: \(name)")
        // Whatever was written is complete: it ends like a whole report does.
        let text = RepositoryPaths.readText(mountPoint + "/" + name) ?? ""
        if name.hasSuffix(".html") { #expect(text.hasSuffix("</html>\n"), "\(name) is partial") }
        if name.hasSuffix(".json") { #expect(text.hasSuffix("}") || text.hasSuffix("}\n"), "\(name) is partial") }
    }
    _ = RepositoryPaths.run(["umount", mountPoint])
    #expect(RepositoryPaths.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint]).status == 0)
    let (again, _) = RepositoryPaths.run([tool, RepositoryPaths.samples, "-o", mountPoint])
    #expect(again == 0)
    for sample in ["walkthrough-synscan", "benign-web", "hostile-strings"] {
        for ext in ["md", "html", "json"] { #expect(RepositoryPaths.exists("\(mountPoint)/\(sample).\(ext)")) }
    }
    #expect(!filesIn(mountPoint).contains { $0.contains(".tmp-") })
}

/// A capture big enough that a debug build takes a few seconds on it (about 35 MiB).
func bigCapture(in dir: String) -> String {
    var builder = PcapFileBuilder()
    let frame = FrameBuilder.minimalSYN
    for _ in 0 ..< 500_000 { builder.append(frame) }
    let path = dir + "/big.pcap"
    RepositoryPaths.writeBytes(builder.data, to: path)
    return path
}

@Test(arguments: ["TERM", "KILL"])   // (a background job of sh ignores SIGINT, so INT is not tested here)
func aRunKilledHalfWayLeavesNoPartialReportAndTheNextRunCompletes(_ signal: String) throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    let input = bigCapture(in: dir)
    let out = dir + "/out"
    // Samples first (reports written), then the big capture (killed while it is read).
    let script = "\(tool) '\(RepositoryPaths.samples)/benign-web.pcapng' '\(input)' -o '\(out)' >/dev/null 2>&1 & pid=$!; "
        + "while [ ! -e '\(out)/benign-web.json' ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done; "
        + "sleep 0.3; kill -\(signal) $pid; wait $pid; echo $? > '\(dir)/status'"
    _ = RepositoryPaths.run(["sh", "-c", script])
    let status = Int(RepositoryPaths.readText(dir + "/status")?.split(separator: "\n").first ?? "") ?? -1
    #expect(status >= 128, "the run should still have been going when killed (status \(status))")
    let left = filesIn(out)
    #expect(left.filter { $0.hasPrefix("benign-web.") && !$0.contains(".tmp-") }.count >= 3, "\(left)")
    #expect(!left.contains { $0.hasPrefix("big.") || $0.hasPrefix(".big.") }, "no report, partial or temporary, for the killed capture: \(left)")
    let (again, _) = RepositoryPaths.run([tool, input, "-o", out, "--format", "json"])
    #expect(again == 0)
    #expect(filesIn(out).contains("big.json"))
    #expect(!filesIn(out).contains { $0.hasPrefix(".") })
}
