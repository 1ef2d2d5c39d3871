import Support
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Issue 20, "Reliability": folder runs where captures vanished, hung, collided or were written by
// two runs at once, and an output folder written into without question. Each runs the built tool.

/// The run's error lines (stderr) and its closing line (the last of stdout).
struct ToolRun {
    var status: Int32
    var errors: [String]
    var summary: String

    init(_ arguments: [String], timeout: Int = 30) {
        let errorPath = TemporaryDirectory.make() + "/stderr"
        let (status, output) = RepositoryPaths.run(["timeout", "-s", "KILL", String(timeout)] + arguments, stderrPath: errorPath)
        self.status = status
        errors = (RepositoryPaths.readText(errorPath) ?? "").split(separator: "\n").map(String.init)
        summary = output.split(separator: "\n").last.map(String.init) ?? ""
    }
}

@Test func aDanglingLinkAFIFOAndADeviceNamedLikeCapturesInAFolderAreFailedCaptures() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = TemporaryDirectory.make()
    mkdir(root + "/in", 0o755)
    mkdir(root + "/in/sub", 0o755)
    Batch.shell("cp '\(RepositoryPaths.samples)/benign-web.pcapng' '\(root)/in/good.pcapng'")
    #expect(symlink(root + "/in/gone.pcap", root + "/in/dangling.pcap") == 0)
    #expect(mkfifo(root + "/in/sub/pipe.pcap", 0o644) == 0)
    #expect(symlink("/dev/null", root + "/in/sub/device.pcapng") == 0)
    let run = ToolRun([tool, root + "/in", "-o", root + "/out"])
    #expect(run.status == 1, "137: the run hung on the FIFO")
    #expect(run.summary.hasPrefix("1 reported, 0 unchanged, 3 failed"), "\(run.summary)")
    #expect(run.errors.count == 3, "\(run.errors)")
    for name in ["dangling.pcap", "pipe.pcap", "device.pcapng"] {
        #expect(run.errors.filter { $0.hasPrefix("pcap-report: error: ") && $0.contains(name) }.count == 1, "\(name): \(run.errors)")
    }
    let index = RepositoryPaths.readText(root + "/out/index.json") ?? ""
    #expect(index.contains("\"failed\": 3"), "the index lists the three failures")
    for name in ["dangling", "sub/pipe", "sub/device"] { #expect(RepositoryPaths.exists(root + "/out/\(name).error.json"), "\(name)") }
}

/// root reads a mode-000 folder, so as root the tool runs as `nobody` through util-linux's setpriv.
let unprivileged: [String] = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []

@Test(
    .enabled(
        if: getuid() != 0 || RepositoryPaths.exists("/usr/bin/setpriv"),
        "root reads a mode-000 folder and setpriv (util-linux) is missing to run the tool as nobody")
)
func anUnreadableSubFolderAndAnUnreadableInputFolderAreErrors() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = TemporaryDirectory.make()
    chmod(root, 0o777)  // nobody writes the output folder here
    for dir in ["/in", "/in/locked", "/other"] { mkdir(root + dir, 0o755) }
    Batch.shell("cp '\(RepositoryPaths.samples)/benign-web.pcapng' '\(root)/in/good.pcapng'")
    Batch.shell("cp '\(RepositoryPaths.samples)/benign-web.pcapng' '\(root)/in/locked/hidden-away.pcapng'")
    Batch.shell("cp '\(RepositoryPaths.samples)/benign-web.pcapng' '\(root)/other/also.pcapng'")
    chmod(root + "/in/locked", 0)
    chmod(root + "/other", 0)
    defer { chmod(root + "/in/locked", 0o755); chmod(root + "/other", 0o755) }
    let run = ToolRun(unprivileged + [tool, root + "/in", root + "/other", "-o", root + "/out"])
    #expect(run.status == 1)
    #expect(run.summary.hasPrefix("1 reported, 0 unchanged, 2 failed"), "\(run.summary)")
    #expect(run.errors.count == 2, "\(run.errors)")
    #expect(run.errors.contains { $0.contains(root + "/in/locked: cannot read: Permission denied") }, "\(run.errors)")
    #expect(run.errors.contains { $0.contains(root + "/other: cannot read: Permission denied") }, "\(run.errors)")
}

@Test func twoSymbolicLinkLoopsInTheInputTreeAreNotFollowedTwice() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = TemporaryDirectory.make()
    for dir in ["/in", "/in/a", "/in/b"] { mkdir(root + dir, 0o755) }
    Batch.shell("cp '\(RepositoryPaths.samples)/benign-web.pcapng' '\(root)/in/a/web.pcapng'")
    // Each link leads back to in/: following both, the tree has 2^40 paths before ELOOP ends one.
    #expect(symlink("..", root + "/in/a/up") == 0)
    #expect(symlink("..", root + "/in/b/up") == 0)
    #expect(symlink("../a", root + "/in/b/to-a") == 0)
    let run = ToolRun([tool, root + "/in", "-o", root + "/out", "--format", "json", "--no-summary"], timeout: 30)
    #expect(run.status == 0, "137: the walk did not end within 30 s")
    #expect(run.summary.hasPrefix("1 reported, 0 unchanged, 0 failed"), "\(run.summary)")
    #expect(Batch.files(root + "/out") == ["a/web.json", "index.html", "index.json", "index.md"])
}

@Test func capturesNamedLikeAnotherCapturesFilesNeverShareAnOutputFile() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = TemporaryDirectory.make()
    mkdir(root + "/in", 0o755)
    mkdir(root + "/in/y.md", 0o755)
    RepositoryPaths.writeText("not a capture", to: root + "/in/x.pcap")  // fails: x.error.json
    let copies = [
        ("walkthrough-synscan", "x.error.pcapng"), ("benign-web", "y.pcapng"), ("benign-web", "y.summary.pcapng"),
        ("hostile-strings", "y.md/z.pcapng"),
    ]
    for (sample, name) in copies {
        Batch.shell("cp '\(RepositoryPaths.samples)/\(sample).pcapng' '\(root)/in/\(name)'")
    }
    let out = root + "/out"
    let run = ToolRun([tool, root + "/in", "-o", out, "--jobs", "2"])
    #expect(run.status == 1)
    #expect(run.summary.hasPrefix("4 reported, 0 unchanged, 1 failed"), "\(run.summary)")
    let index = try JSONFile(out + "/index.json")
    let names = index.captures.map(\.name).sorted()
    #expect(names.count == 4 && Set(names).count == 4, "\(names)")
    #expect(index.failed.map(\.name) == ["x"])
    // Every link of the index is a file, and it is the report of that capture.
    for capture in index.captures {
        #expect(capture.reports.count == 4, "\(capture.name): \(capture.reports)")
        for link in capture.reports { #expect(RepositoryPaths.exists(out + "/" + link), "\(link)") }
        let report = RepositoryPaths.readText(out + "/" + capture.name + ".json") ?? ""
        #expect(report.contains("\"fileName\": \"\(capture.fileName)\""), "\(capture.name).json is \(capture.fileName)'s report")
    }
    #expect(RepositoryPaths.readText(out + "/x.error.json")?.contains("\"error\":") == true, "x's failure record")
    // `pcap-report index` over the folder finds the same captures and failure, and the scan for --fail-on.
    let indexOfRun = RepositoryPaths.readText(out + "/index.json")
    #expect(ToolRun([tool, "index", out]).status == 1)
    #expect(RepositoryPaths.readText(out + "/index.json") == indexOfRun)
    #expect(ToolRun([tool, "index", out, "--fail-on", "high"]).status == 3)
}

@Test func anUnshardedRunAndAShardNeverWriteOneFolderAtOnce() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = Batch.slowFolder(files: 4, packets: 20_000)
    let reports = (0 ..< 4).flatMap { f in ["html", "json", "md", "summary.md"].map { "capture-\(f).\($0)" } }
    // Each pair: the first run is writing when the second starts; the second stops at once with status 2.
    for (n, (first, second)) in [([String](), ["--shard", "1/2"]), (["--shard", "1/1"], [])].enumerated() {
        let out = root + "/out-\(n)"
        func command(_ extra: [String], _ status: String) -> String {
            "'\(tool)' '\(root)/in' -o '\(out)' --jobs 1 \(extra.joined(separator: " ")) >/dev/null 2>>'\(root)/errors-\(n)'; "
                + "echo $? > '\(root)/\(status)-\(n)'"
        }
        Batch.shell("(\(command(first, "a"))) & " + Batch.waitForReport(out) + "; \(command(second, "b")); wait")
        let codes = ["a", "b"].compactMap { RepositoryPaths.readText("\(root)/\($0)-\(n)").flatMap { Int32($0.filter(\.isNumber)) } }
        #expect(codes == [0, 2], "\(first) then \(second)")
        #expect(RepositoryPaths.readText(root + "/errors-\(n)")?.contains("is being written by another pcap-report run (pid ") == true)
        // The first run's reports, and nothing of the second (which would have written the index).
        #expect(Batch.files(out).filter { !$0.hasPrefix("index.") } == reports, "\(first) then \(second)")
        #expect(RepositoryPaths.exists(out + "/index.json") == first.isEmpty, "only an unsharded run writes the index")
    }
}

@Test func aNonEmptyFolderThatNoRunMadeIsRefusedUnlessForced() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("keep me", to: dir + "/notes.txt")
    mkdir(dir + "/photos", 0o755)
    let sample = RepositoryPaths.samples + "/benign-web.pcapng"
    let refused = ToolRun([tool, sample, "-o", dir])
    #expect(refused.status == 2)
    #expect(refused.errors.count == 1 && refused.errors.first?.contains("--force") == true, "\(refused.errors)")
    #expect(filesIn(dir) == ["notes.txt", "photos"], "nothing is written, not even a lock file")
    #expect(Batch.shell("ls -A '\(dir)' | grep -q '^\\.'") != 0, "no hidden file either")
    #expect(ToolRun([tool, sample, "-o", dir, "--force"]).status == 0)
    #expect(RepositoryPaths.exists(dir + "/benign-web.html") && RepositoryPaths.readText(dir + "/notes.txt") == "keep me")
    // Now the folder holds our manifest: later runs write there without --force.
    #expect(ToolRun([tool, sample, "-o", dir]).status == 0)
    // An empty folder, a new one, and one left by a run killed before it finished are ours to write.
    let empty = TemporaryDirectory.make()
    #expect(ToolRun([tool, sample, "-o", empty]).status == 0)
    #expect(ToolRun([tool, sample, "-o", empty + "/new/reports"]).status == 0)
    let killed = TemporaryDirectory.make()
    RepositoryPaths.writeText("pid 999999999\n", to: killed + "/.pcap-report.lock")
    #expect(ToolRun([tool, sample, "-o", killed]).status == 0)
}

/// The parts of a run index the tests read.
struct JSONFile {
    struct Capture { var name: String; var fileName: String; var reports: [String] }
    var captures: [Capture] = []
    var failed: [Capture] = []

    init(_ path: String) throws {
        let text = try #require(RepositoryPaths.readText(path))
        let json = try JSONReader.parse(text)
        func list(_ key: String) -> [Capture] {
            (json[key]?.arrayValue ?? []).map { item in
                var reports: [String] = []
                if case let .object(pairs)? = item["reports"] { reports = pairs.compactMap { $0.1.stringValue } }
                return Capture(name: item["name"]?.stringValue ?? "", fileName: item["fileName"]?.stringValue ?? "", reports: reports)
            }
        }
        captures = list("captures")
        failed = list("failed")
    }
}
