import ReportRendering
import Support
#if canImport(Glibc)
import Glibc
#endif

/// Remembers which captures were being reported when a run died, so that a capture that crashes
/// the tool cannot stop every nightly run after it. Before a capture starts, a small marker
/// (`<output>/.pcap-report-attempts/<hash>`) counts the attempt; it is removed when the capture
/// ends, however it ends short of the process dying. The lock guarantees that markers found at the
/// start of a run belong to dead runs. A capture whose marker shows `limit` attempts that died
/// with the process is not tried again: it is a failed capture, with a message that says how to
/// retry it. A killed run leaves markers too, so the limit is above one.
struct AttemptLog: Sendable {
    let directory: String
    var limit = 2

    init(outputDirectory: String) { directory = outputDirectory + "/.pcap-report-attempts" }

    func markerPath(_ name: String) -> String {
        let hex = String(Shard.fnv1a64(name), radix: 16)
        return directory + "/" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Attempts of `name` that died with their process.
    func deadAttempts(_ name: String) -> Int {
        guard let text = FileIO.readText(markerPath(name)) else { return 0 }
        let lines = text.split(separator: "\n")
        guard lines.count >= 2, lines[0] == name else { return 0 }
        return Int(lines[1]) ?? 0
    }

    /// Counts one more attempt before the capture starts.
    func begin(_ name: String) {
        try? AtomicFile.makeDirectories(directory)
        let text = Array("\(name)\n\(deadAttempts(name) + 1)\n".utf8)
        let fd = open(markerPath(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The capture ended (reported or failed): its marker goes.
    func end(_ name: String) { unlink(markerPath(name)) }

    /// The message for a capture that is not tried again.
    func message(_ name: String, input: String) -> String {
        "\(input): skipped: the tool died while reporting it in \(deadAttempts(name)) runs in a row "
            + "(a crash, or a kill); remove \(markerPath(name)) to try it again"
    }
}
