import ReportRendering
import Support
#if canImport(Glibc)
import Glibc
#endif

/// Where a batch run tells what it does. The command supplies the writers (libraries never print):
/// on a terminal a progress bar (captures done, packets/s, ETA) is redrawn on stderr; otherwise
/// one line per capture goes to stdout, plain or as JSON lines, suitable for journald. Errors are
/// always one `pcap-report: error: ...` line on stderr.
public struct BatchLog: Sendable {
    public var standardOutput: @Sendable (String) -> Void
    public var standardError: @Sendable (String) -> Void
    public var format: LogFormat
    public var progressBar: Bool

    public init(format: LogFormat = .plain, progressBar: Bool = false,
                standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void) {
        self.format = format; self.progressBar = progressBar
        self.standardOutput = standardOutput; self.standardError = standardError
    }

    /// Discards everything (tests, library use).
    public static let silent = BatchLog(standardOutput: { _ in }, standardError: { _ in })
}

/// What happened to one capture.
public enum CaptureResult: Sendable {
    case reported(IndexEntry, seconds: Double)
    case unchanged(IndexEntry)
    case failed(IndexEntry)

    public var entry: IndexEntry {
        switch self { case let .reported(e, _), let .unchanged(e), let .failed(e): e }
    }
}

/// Serialises log output from worker threads and keeps the progress numbers.
final class BatchReporter: @unchecked Sendable {
    private let log: BatchLog
    private let monitor = Monitor()
    private let total: Int
    private let totalBytes: Int
    private var done = 0
    private var doneBytes = 0
    private var packets = 0
    private let start = BatchReporter.now()
    private let startRead = BatchReporter.bytesReadByProcess()
    private var barShown = false

    init(log: BatchLog, total: Int, totalBytes: Int) {
        self.log = log; self.total = total; self.totalBytes = max(totalBytes, 1)
        if log.progressBar { locked { drawBar() } }
    }

    private func locked(_ body: () -> Void) { monitor.locked(body) }

    /// Every log line has its control characters escaped and goes through the credential masker:
    /// a path, an error text or a headline that quotes capture text never splits a line, never
    /// sends ESC, OSC or BEL to the terminal and never shows a password.
    private func write(_ line: String) { log.standardOutput(Self.logLine(line)) }
    private func writeError(_ line: String) { log.standardError(Self.logLine(line)) }
    /// The progress bar's own terminal controls (carriage return, erase line), written as they are.
    private func writeTerminal(_ controls: String) { log.standardError(controls) }

    /// A line as it is logged: everything but its final newline escaped and masked.
    static func logLine(_ line: String) -> String {
        var body = line.unicodeScalars
        let ended = body.last == "\n"
        if ended { body.removeLast() }
        return CredentialMask.masked(String(body).escapingControlCharacters) + (ended ? "\n" : "")
    }

    /// `1 finding`, `3 findings`.
    static func findings(_ n: Int) -> String { "\(n) finding\(n == 1 ? "" : "s")" }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// A note that is not an error (a skipped non-capture file, a glob without matches).
    func note(_ text: String, path: String) {
        locked {
            switch (log.progressBar, log.format) {
            case (true, _): clearBar(); writeError("pcap-report: note: \(text)\n"); drawBar()
            case (false, .plain): write("note: \(text)\n")
            case (false, .json): write(compact([("event", .string("note")), ("path", .string(path)), ("message", .string(text))]))
            }
        }
    }

    /// An error that concerns no planned capture (a missing input).
    func error(_ text: String, path: String) {
        locked {
            if log.progressBar { clearBar() }
            writeError("pcap-report: error: \(oneLine(text))\n")
            if log.format == .json && !log.progressBar {
                write(compact([("event", .string("failed")), ("input", .string(path)), ("error", .string(text))]))
            }
            if log.progressBar { drawBar() }
        }
    }

    func finished(_ result: CaptureResult, input: String, output: String, bytes: Int) {
        locked {
            done += 1
            doneBytes += bytes
            if case let .reported(e, _) = result { packets += e.packets }
            if case let .failed(e) = result {
                if log.progressBar { clearBar() }
                writeError("pcap-report: error: \(oneLine(e.error ?? ""))\n")
            }
            if log.progressBar { drawBar(); return }
            switch (result, log.format) {
            case let (.reported(e, seconds), .plain):
                let verdict = "\(Self.findings(e.findings)), \(e.severity.rawValue) \(e.classification)"
                write("reported \(input) -> \(output): \(e.packets) packets, \(verdict), \(RunIndex.seconds(seconds))\n")
            case let (.unchanged(e), .plain):
                write(
                    "unchanged \(input) -> \(output): skipped, \(Self.findings(e.findings)), \(e.severity.rawValue) \(e.classification)\n")
            case (.failed, .plain): break
            case let (.reported(e, seconds), .json):
                write(
                    compact([
                        ("event", .string("reported")), ("input", .string(input)), ("output", .string(output)),
                        ("packets", .int(e.packets)), ("findings", .int(e.findings)), ("severity", .string(e.severity.rawValue)),
                        ("verdict", .string(e.classification)), ("seconds", .double((seconds * 1000).rounded() / 1000)),
                    ]))
            case let (.unchanged(e), .json):
                write(
                    compact([
                        ("event", .string("unchanged")), ("input", .string(input)), ("output", .string(output)),
                        ("findings", .int(e.findings)), ("severity", .string(e.severity.rawValue)),
                        ("verdict", .string(e.classification)),
                    ]))
            case let (.failed(e), .json):
                write(
                    compact([
                        ("event", .string("failed")), ("input", .string(input)), ("output", .string(output)),
                        ("error", .string(e.error ?? "")),
                    ]))
            }
        }
    }

    /// The closing line (stdout), after the bar is cleared.
    func summary(_ text: String, fields: [(String, JSONValue)]) {
        locked {
            if log.progressBar { clearBar(); writeError("\n") }
            if log.format == .json && !log.progressBar {
                write(compact([("event", .string("summary"))] + fields))
            } else {
                write(text + "\n")
            }
        }
    }

    /// Redraws the bar every second while captures run (a big capture can take minutes), until
    /// `stopTicker()`.
    func startTicker() {
        guard log.progressBar else { return }
        ticker = Threads.spawn { [self] in
            while true {
                usleep(1_000_000)
                var stop = false
                locked { stop = tickerStopped; if !stop { drawBar() } }
                if stop { return }
            }
        }
    }

    func stopTicker() {
        locked { tickerStopped = true }
        ticker?.join()
        ticker = nil
    }

    private var ticker: ThreadHandle?
    private var tickerStopped = false

    private func oneLine(_ s: String) -> String { String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }

    private func compact(_ pairs: [(String, JSONValue)]) -> String {
        // JSON lines: the pretty serialiser's output with its layout removed (no newline appears
        // inside its strings, which escape control characters).
        let pretty = JSONValue.object(pairs).serialized()
        var out = ""
        var inString = false, escaped = false, lineStart = true
        for c in pretty.unicodeScalars {
            if inString {
                out.unicodeScalars.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            if c == "\n" { lineStart = true; continue }
            if c == " " && (lineStart || out.unicodeScalars.last == ":") { continue }
            lineStart = false
            if c == "\"" { inString = true }
            out.unicodeScalars.append(c)
        }
        return out + "\n"
    }

    private func clearBar() { if barShown { writeTerminal("\r\u{1B}[K") } }

    private func drawBar() {
        let width = 24
        let filled = total == 0 ? width : width * done / total
        let elapsed = Self.now() - start
        var text = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        text += "\(done)/\(total) captures · " + Self.clock(elapsed)
        if elapsed > 0.5 && packets > 0 { text += " · \(Self.rate(Double(packets) / elapsed)) packets/s" }
        // Live progress inside big captures: the bytes this process has read so far (the reader,
        // and the hashing of incremental runs), against the captures' bytes on disk.
        let read = startRead.flatMap { s in Self.bytesReadByProcess().map { $0 - s } } ?? doneBytes
        if elapsed > 0.5 && read > 0 { text += " · \(Self.rate(Double(read) / elapsed))B/s" }
        if read > 0 && done < total {
            let fraction = min(0.99, Double(read) / Double(totalBytes))
            text += " · ETA " + Self.clock(elapsed * (1 - fraction) / fraction)
        }
        writeTerminal(text + "\u{1B}[K")
        barShown = true
    }

    /// `rchar` of /proc/self/io: bytes the process has read through read(2) and friends.
    static func bytesReadByProcess() -> Int? {
        guard let text = FileIO.readText("/proc/self/io") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("rchar:") {
            return Int(line.dropFirst(6).filter(\.isNumber))
        }
        return nil
    }

    static func rate(_ r: Double) -> String {
        if r >= 1e6 { return "\(Int(r / 1e5) / 10).\(Int(r / 1e5) % 10)M" }
        if r >= 1e3 { return "\(Int(r / 1e3))k" }
        return "\(Int(r))"
    }

    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60)
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(sec))" : "\(m):\(two(sec))"
    }
}
