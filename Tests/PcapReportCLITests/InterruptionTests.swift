import Support
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

// SIGTERM (systemd stopping the nightly unit) and SIGINT (Ctrl-C) end a run in order: the index is
// written and says the run was interrupted, the lock is released, the exit status is 128 + signal,
// and the captures that were in flight are not counted as runs the tool died on.

/// Starts the tool with SIGINT and SIGTERM at their default dispositions (a background job of `sh`
/// would inherit SIGINT ignored), stdout and stderr to /dev/null.
private func spawnTool(_ arguments: [String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGTERM)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, tool, &actions, &attributes, argv, environ)
    try #require(status == 0, "posix_spawn: \(status)")
    return pid
}

/// Waits until `path` exists or the process ends; true when it is still running.
private func waitFor(_ path: String, whileRunning pid: pid_t) -> Bool {
    for _ in 0 ..< 1200 {
        if RepositoryPaths.exists(path) { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return false }
        usleep(50_000)
    }
    return true
}

@Test(arguments: [SIGTERM, SIGINT])
func anInterruptedRunWritesAnIndexMarkedInterruptedAndQuarantinesNothing(_ signal: Int32) throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    let big = bigCapture(in: dir)
    let out = dir + "/out"
    // An earlier, complete run: its index must not survive unmarked.
    #expect(RepositoryPaths.run([tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "-o", out]).status == 0)
    // Interrupted twice while the big capture is being read: the old code left an attempt marker each
    // time, and after two the capture was skipped on every later run.
    for round in 1 ... 2 {
        unlink(out + "/benign-web.json")
        let pid = try spawnTool([RepositoryPaths.samples + "/benign-web.pcapng", big, "-o", out, "--jobs", "2"])
        let running = waitFor(out + "/benign-web.json", whileRunning: pid)
        try #require(running, "the run finished before it could be interrupted: the test proves nothing")
        usleep(300_000)
        kill(pid, signal)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        let exited = (status & 0x7F) == 0
        #expect(exited, "round \(round): killed by signal \(status & 0x7F) instead of exiting")
        #expect(exited && (status >> 8) & 0xFF == 128 + signal, "round \(round): exit status \((status >> 8) & 0xFF)")

        let index = try JSONReader.parse(try #require(RepositoryPaths.readText(out + "/index.json")))
        #expect(index["interrupted"]?["signal"]?.stringValue == (signal == SIGTERM ? "SIGTERM" : "SIGINT"), "round \(round)")
        let notReported = index["interrupted"]?["notReported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(notReported.contains("big"), "\(notReported)")
        let listed = index["captures"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        // The earlier run's capture keeps its place (its reports are still in the folder: a run into
        // a folder does not drop the captures already listed there); the interrupted one is not listed.
        #expect(!listed.contains("big") && listed.contains("walkthrough-synscan"), "\(listed)")
        #expect(RepositoryPaths.readText(out + "/index.md")?.contains("interrupted") == true)
        #expect(RepositoryPaths.readText(out + "/index.html")?.contains("interrupted") == true)

        let left = filesIn(out)
        #expect(!left.contains { $0.hasPrefix("big.") || $0.hasPrefix(".big.") || $0.contains(".tmp-") }, "\(left)")
        #expect(left.filter { $0.hasPrefix("benign-web.") }.count == 4, "\(left)")
        // The lock is released (its file emptied), and no attempt was counted against any capture.
        #expect(RepositoryPaths.readText(out + "/.pcap-report.lock") == "")
        let markers = RepositoryPaths.run(["sh", "-c", "find '\(out)/.pcap-report-attempts' -type f 2>/dev/null"]).output
        #expect(markers.isEmpty, "round \(round): attempt markers left: \(markers)")
    }
    let (again, _) = RepositoryPaths.run([tool, big, "-o", out, "--format", "json"])
    #expect(again == 0, "the capture interrupted twice must be reported, not skipped")
    #expect(filesIn(out).contains("big.json"))
}
