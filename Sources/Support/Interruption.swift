#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM (systemd stopping a unit, `kill`) and SIGINT (Ctrl-C) turned into an orderly stop: while
/// a watch is active the signals do not end the process; the first one is recorded and `onSignal` is
/// called on the watch's own thread, so the caller can stop starting work, finish or abandon its
/// writes and exit with `128 + signal`. A second signal ends the process at once with that status.
/// A signal the process was started with ignored (SIGINT of a shell's background job) stays ignored.
///
/// The handler only writes the signal's number to a pipe (async-signal-safe); the watch thread reads
/// it and does the rest. One watch at a time per process.
public final class InterruptionWatch: @unchecked Sendable {
    /// The signals watched.
    public static let signals: [Int32] = [SIGINT, SIGTERM]

    private let monitor = Monitor()
    private var received: Int32?
    private var thread: ThreadHandle?
    private var previous: [(Int32, sigaction)] = []
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Installs the handlers and starts the watch thread.
    public init(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        for fd in fds where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readEnd = fds[0]; writeEnd = fds[1]
        guard readEnd >= 0 else { return }
        interruptionPipe = writeEnd
        for signal in Self.signals {
            var old = sigaction()
            sigaction(signal, nil, &old)
            // SIG_IGN is the handler value 1.
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(interruptionPipe, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
            previous.append((signal, old))
        }
        let readEnd = readEnd
        thread = Threads.spawn { [self] in
            var byte: UInt8 = 0
            while FileIO.read(readEnd, into: &byte, count: 1) == 1, byte != 0 {
                let signal = Int32(byte)
                let first = monitor.locked { () -> Bool in
                    if received != nil { return false }
                    received = signal
                    return true
                }
                if !first { _exit(128 + signal) }
                onSignal(signal)
            }
        }
    }

    /// The first signal received, or nil.
    public var signal: Int32? { monitor.locked { received } }

    /// `SIGTERM`, `SIGINT`.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// Restores the previous handlers and ends the watch thread.
    public func stop() {
        guard readEnd >= 0 else { return }
        for (signal, old) in previous {
            var restored = old
            sigaction(signal, &restored, nil)
        }
        previous = []
        var zero: UInt8 = 0
        _ = FileIO.writeAll(writeEnd, UnsafeRawBufferPointer(start: &zero, count: 1))
        thread?.join()
        thread = nil
        close(readEnd); close(writeEnd)
        interruptionPipe = -1
    }
}

/// The write end of the active watch's pipe, for the signal handler (which can capture nothing).
nonisolated(unsafe) private var interruptionPipe: Int32 = -1
