#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM (systemd stopping a unit, `kill`) and SIGINT (Ctrl-C) turned into an orderly stop: while
/// a watch is active the signals do not end the process; the first one is recorded and `onSignal` is
/// called on a thread of its own, so the caller can stop starting work, finish or abandon its writes
/// and exit with `128 + signal`. A second signal ends the process at once with that status. A signal
/// the process was started with ignored (SIGINT of a shell's background job) stays ignored.
///
/// The handler only writes the signal's number to a pipe (async-signal-safe); one thread per process
/// reads it and tells every active watch (batch runs side by side in one process, as in the tests,
/// each get it). The handlers are installed while at least one watch is active.
public final class InterruptionWatch: @unchecked Sendable {
    /// The signals watched.
    public static let signals: [Int32] = [SIGINT, SIGTERM]

    private let monitor = Monitor()
    private var received: Int32?
    private let onSignal: @Sendable (Int32) -> Void

    /// Installs the handlers (for the first active watch) and starts watching.
    public init(_ onSignal: @escaping @Sendable (Int32) -> Void) {
        self.onSignal = onSignal
        SignalDispatch.shared.add(self)
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

    /// Stops watching; the last active watch restores the previous handlers.
    public func stop() { SignalDispatch.shared.remove(self) }

    /// Called on the dispatch thread.
    fileprivate func deliver(_ signal: Int32) {
        let first = monitor.locked { () -> Bool in
            if received != nil { return false }
            received = signal
            return true
        }
        if !first { _exit(128 + signal) }
        onSignal(signal)
    }
}

/// The process-wide side: the pipe, its reader thread (started once, for the life of the process),
/// the handlers and the active watches.
private final class SignalDispatch: @unchecked Sendable {
    static let shared = SignalDispatch()

    private let monitor = Monitor()
    private var watches: [ObjectIdentifier: InterruptionWatch] = [:]
    private var previous: [(Int32, sigaction)] = []
    private var readerStarted = false

    func add(_ watch: InterruptionWatch) {
        monitor.locked {
            guard signalPipe.write >= 0 else { return }
            if !readerStarted {
                readerStarted = true
                let fd = signalPipe.read
                _ = Threads.spawn { [self] in
                    var byte: UInt8 = 0
                    while FileIO.read(fd, into: &byte, count: 1) == 1 { self.dispatch(Int32(byte)) }
                }
            }
            if watches.isEmpty { install() }
            watches[ObjectIdentifier(watch)] = watch
        }
    }

    func remove(_ watch: InterruptionWatch) {
        monitor.locked {
            guard watches.removeValue(forKey: ObjectIdentifier(watch)) != nil, watches.isEmpty else { return }
            for (signal, old) in previous {
                var restored = old
                sigaction(signal, &restored, nil)
            }
            previous = []
        }
    }

    private func install() {
        for signal in InterruptionWatch.signals {
            var old = sigaction()
            sigaction(signal, nil, &old)
            // SIG_IGN is the handler value 1.
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(signalPipe.write, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
            previous.append((signal, old))
        }
    }

    private func dispatch(_ signal: Int32) {
        let active = monitor.locked { Array(watches.values) }
        // A signal that raced with the last watch's end: do what the signal would have done.
        if active.isEmpty { _exit(128 + signal) }
        for watch in active { watch.deliver(signal) }
    }
}

/// The pipe the handler writes to, made once before any handler is installed and never closed (the
/// handler can capture nothing, and reads it without a lock).
private let signalPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, -1) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}()
