import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// End-to-end batch runs through the built tool: exit codes, kills, concurrent runs, shards.
enum Batch {
    /// Samples plus a malformed file, a non-capture, a gzip copy and a nested duplicate name.
    static func mixedFolder(broken: Bool = true) -> String {
        let root = TemporaryDirectory.make()
        for dir in ["/in", "/in/nested", "/in/nested/deeper"] { mkdir(root + dir, 0o755) }
        for name in ["walkthrough-synscan.pcapng", "benign-web.pcapng", "hostile-strings.pcapng"] {
            shell("cp '\(RepositoryPaths.samples)/\(name)' '\(root)/in/\(name)'")
        }
        shell("cp '\(RepositoryPaths.samples)/benign-web.pcapng' '\(root)/in/nested/benign-web.pcapng'")
        shell("gzip -c < '\(RepositoryPaths.samples)/walkthrough-synscan.pcapng' > '\(root)/in/nested/deeper/scan.pcapng.gz'")
        if broken { RepositoryPaths.writeText("garbage", to: root + "/in/broken.pcap") }
        RepositoryPaths.writeText("notes", to: root + "/in/notes.txt")
        return root
    }

    /// Captures big enough that a run takes a few seconds (UDP on loopback addresses, built in code).
    static func slowFolder(files: Int, packets: Int) -> String {
        let root = TemporaryDirectory.make()
        mkdir(root + "/in", 0o755)
        for f in 0 ..< files {
            var builder = PcapFileBuilder()
            for i in 0 ..< packets {
                builder.append(FrameBuilder.udpFrame("127.0.0.\(1 + i % 200)", UInt16(1024 + i % 3000), "127.0.1.1", 53,
                                                     payload: [UInt8(f), UInt8(i & 0xFF), 3, 4]),
                               seconds: 1_700_000_000 + UInt32(i / 1000), microseconds: UInt32(i % 1000) * 1000)
            }
            RepositoryPaths.writeBytes(builder.data, to: root + "/in/capture-\(f).pcap")
        }
        return root
    }

    /// Shell text that waits (up to 60 s) until a report JSON exists under `dir`.
    static func waitForReport(_ dir: String) -> String {
        "for i in $(seq 1 1200); do [ -n \"$(find '\(dir)' -name '*.json' ! -name '.*' 2>/dev/null | head -1)\" ] && break; sleep 0.05; done"
    }

    @discardableResult
    static func shell(_ command: String) -> Int32 { RepositoryPaths.run(["sh", "-c", command]).status }

    /// Non-hidden files under `dir`, outside hidden folders (relative, sorted).
    static func files(_ dir: String) -> [String] {
        let (_, out) = RepositoryPaths.run(["sh", "-c", "cd '\(dir)' && find . -name '.*' ! -name . -prune -o -type f -print | sed 's|^./||' | LC_ALL=C sort"])
        return out.split(separator: "\n").map(String.init)
    }

    static func hiddenLeftovers(_ dir: String) -> [String] {
        let (_, out) = RepositoryPaths.run(["sh", "-c", "cd '\(dir)' && find . -name '.*.tmp-*'"])
        return out.split(separator: "\n").map(String.init)
    }
}

@Test func exitStatusesAreZeroOneTwoAndThree() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let clean = Batch.mixedFolder(broken: false)
    #expect(RepositoryPaths.run([tool, clean + "/in", "-o", clean + "/out"]).status == 0)
    #expect(RepositoryPaths.run([tool, clean + "/in", "-o", clean + "/out", "--fail-on", "high"]).status == 3)
    #expect(RepositoryPaths.run([tool, clean + "/in", "-o", clean + "/out", "--fail-on", "critical"]).status == 0)
    let mixed = Batch.mixedFolder()
    #expect(RepositoryPaths.run([tool, mixed + "/in", "-o", mixed + "/out"]).status == 1)
    #expect(RepositoryPaths.run([tool, mixed + "/in", "-o", mixed + "/out", "--fail-on", "high"]).status == 3)
    for bad in [["--jobs", "0"], ["--fail-on", "severe"], ["--shard", "3/2"], ["--log-format", "xml"], ["--config", "/nonexistent.yaml"]] {
        #expect(RepositoryPaths.run([tool, clean + "/in", "-o", clean + "/bad"] + bad).status == 2, "\(bad)")
    }
}

@Test func aConfigFileIsOverriddenByFlagsAndAnUnknownKeyIsNamed() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = Batch.mixedFolder(broken: false)
    RepositoryPaths.writeText("inputs: [in]\noutput-dir: out\nformat: md\nticket-summary: false\n", to: root + "/nightly.yaml")
    #expect(RepositoryPaths.run([tool, "--config", root + "/nightly.yaml", "--format", "json"]).status == 0)
    #expect(Batch.files(root + "/out").filter { !$0.hasPrefix("index.") }.allSatisfy { $0.hasSuffix(".json") })
    #expect(RepositoryPaths.exists(root + "/out/nested/deeper/scan.json"))
    RepositoryPaths.writeText("inputs: [in]\nouput-dir: out\n", to: root + "/typo.yaml")
    let errors = root + "/stderr"
    #expect(RepositoryPaths.run([tool, "--config", root + "/typo.yaml"], stderrPath: errors).status == 2)
    #expect(RepositoryPaths.readText(errors)?.contains("unknown key 'ouput-dir'") == true)
}

@Test func jsonLogLinesAreOnePerCapture() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = Batch.mixedFolder()
    let (status, output) = RepositoryPaths.run([tool, root + "/in", "-o", root + "/out", "--log-format", "json"])
    #expect(status == 1)
    let lines = output.split(separator: "\n")
    #expect(lines.allSatisfy { $0.hasPrefix("{\"event\":\"") && $0.hasSuffix("}") })
    #expect(lines.filter { $0.contains("\"event\":\"reported\"") }.count == 5)
    #expect(lines.filter { $0.contains("\"event\":\"failed\"") }.count == 1)
    #expect(lines.filter { $0.contains("\"event\":\"note\"") }.count == 1)
    #expect(lines.last?.contains("\"event\":\"summary\"") == true)
}

@Test func aRunKilledMidwayLeavesNoPartialReportAndTheNextRunCompletes() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = Batch.slowFolder(files: 8, packets: 40_000)
    // The reference: one complete run (reports are deterministic, so every file must equal it).
    #expect(RepositoryPaths.run([tool, root + "/in", "-o", root + "/reference", "--jobs", "2"]).status == 0)
    let reference = Batch.files(root + "/reference")
    #expect(reference.count == 8 * 4 + 3)

    // Killed as soon as its first report is in place: mid-way, with other reports being written.
    Batch.shell("'\(tool)' '\(root)/in' -o '\(root)/out' --jobs 2 >/dev/null 2>&1 & pid=$!; " + Batch.waitForReport(root + "/out")
                + "; kill -KILL $pid; wait $pid")
    let left = Batch.files(root + "/out")
    #expect(!left.isEmpty)
    #expect(!left.contains("index.json"), "the run finished before it was killed: the test proves nothing")
    for file in left {
        #expect(RepositoryPaths.readText(root + "/out/" + file) == RepositoryPaths.readText(root + "/reference/" + file), "partial \(file)")
    }
    #expect(RepositoryPaths.run([tool, root + "/in", "-o", root + "/out", "--jobs", "2", "--incremental"]).status == 0)
    #expect(Batch.files(root + "/out") == reference)
    for file in reference {
        #expect(RepositoryPaths.readText(root + "/out/" + file) == RepositoryPaths.readText(root + "/reference/" + file), "\(file)")
    }
    #expect(Batch.hiddenLeftovers(root + "/out").isEmpty)
    // The captures in flight when the run was killed were retried, and their attempt markers cleared.
    #expect(RepositoryPaths.run(["sh", "-c", "find '\(root)/out/.pcap-report-attempts' -type f | grep -q ."]).status != 0)
}

@Test func twoConcurrentRunsOnOneFolderNeverInterleave() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = Batch.slowFolder(files: 4, packets: 20_000)
    #expect(RepositoryPaths.run([tool, root + "/in", "-o", root + "/reference"]).status == 0)
    let command = "'\(tool)' '\(root)/in' -o '\(root)/out' --jobs 1 >/dev/null 2>>'\(root)/errors'"
    // The second run starts while the first is writing: it stops at once with status 2.
    Batch.shell("(\(command); echo $? > '\(root)/a') & " + Batch.waitForReport(root + "/out")
                + "; \(command); echo $? > '\(root)/b'; wait")
    let codes = [root + "/a", root + "/b"].compactMap { RepositoryPaths.readText($0).flatMap { Int32($0.filter(\.isNumber)) } }
    #expect(codes == [0, 2])
    #expect(RepositoryPaths.readText(root + "/errors")?.contains("is being written by another pcap-report run (pid ") == true)
    #expect(Batch.files(root + "/out") == Batch.files(root + "/reference"))
    for file in Batch.files(root + "/reference") {
        #expect(RepositoryPaths.readText(root + "/out/" + file) == RepositoryPaths.readText(root + "/reference/" + file), "\(file)")
    }
}

@Test func shardsCoverEveryInputOnceAndTheirMergedIndexEqualsTheUnshardedOne() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let root = Batch.mixedFolder()
    #expect(RepositoryPaths.run([tool, root + "/in", "-o", root + "/whole"]).status == 1)
    var reportedBy: [String: Int] = [:]
    for k in 1 ... 3 {
        let (_, output) = RepositoryPaths.run([tool, root + "/in", "-o", root + "/shards", "--shard", "\(k)/3", "--log-format", "json"])
        for line in output.split(separator: "\n") where line.contains("\"event\":\"reported\"") || line.contains("\"event\":\"failed\"") {
            reportedBy[String(line), default: 0] += 1
        }
    }
    #expect(reportedBy.count == 6 && reportedBy.values.allSatisfy { $0 == 1 })
    #expect(RepositoryPaths.run([tool, "index", root + "/shards"]).status == 1)          // broken.pcap failed
    #expect(RepositoryPaths.run([tool, "index", root + "/shards", "--fail-on", "high"]).status == 3)
    for name in ["index.json", "index.md", "index.html"] {
        #expect(RepositoryPaths.readText(root + "/shards/" + name) == RepositoryPaths.readText(root + "/whole/" + name), "\(name)")
    }
    #expect(Batch.files(root + "/shards") == Batch.files(root + "/whole"))
}
