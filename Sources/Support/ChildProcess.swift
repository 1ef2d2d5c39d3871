#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program (such as headless Chromium for PDF output) with a time limit: started with
/// `posix_spawn` in a process group of its own, its output sent to a log file, and the whole group
/// killed (SIGKILL) when it runs past the limit, so no helper outlives its report.
public enum ChildProcess {
    /// How a run ended.
    public enum Ending: Sendable, Equatable {
        /// The program exited with this status.
        case exited(Int32)
        /// The program ran past the limit and was killed.
        case timedOut
        /// The program could not be started (errno text).
        case notStarted(String)
    }

    /// Runs `arguments` (the first is the program's path), stdout and stderr to `logPath`.
    public static func run(_ arguments: [String], logPath: String = "/dev/null", timeoutSeconds: Double) -> Ending {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
        guard started == 0 else { return .notStarted(String(cString: strerror(started))) }
        var status: Int32 = 0
        let deadline = Double(monotonicNanoseconds()) / 1e9 + timeoutSeconds
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 && errno != EINTR { return .exited(-1) }
            if Double(monotonicNanoseconds()) / 1e9 > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(20_000)
        }
        // Helpers the program left behind in its group (renderer processes) go with it.
        kill(-pid, SIGKILL)
        let exited = status & 0x7F == 0
        return .exited(exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }

    static func monotonicNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
