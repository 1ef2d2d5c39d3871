@testable import BatchRunning
import TestSupport
import Testing
import Support

/// Captures what a run writes to its two streams.
final class Streams: @unchecked Sendable {
    private let monitor = Monitor()
    private var out = "", err = ""
    func log(_ format: LogFormat = .plain, bar: Bool = false) -> BatchLog {
        BatchLog(format: format, progressBar: bar, standardOutput: { s in self.monitor.locked { self.out += s } },
                 standardError: { s in self.monitor.locked { self.err += s } })
    }
    var standardOutput: String { monitor.locked { out } }
    var standardError: String { monitor.locked { err } }
}

@Test func withoutATerminalEachCaptureIsOnePlainLineAndEachErrorOneStderrLine() throws {
    let root = MixedFolder.make()
    let streams = Streams()
    _ = BatchRun(options: MixedFolder.options(root), templates: try MixedFolder.templates(), log: streams.log()).run()
    let lines = streams.standardOutput.split(separator: "\n")
    #expect(lines.filter { $0.hasPrefix("reported ") }.count == MixedFolder.reportedNames.count)
    #expect(lines.filter { $0.hasPrefix("note: ") }.count == 2)
    #expect(lines.last?.hasPrefix("6 reported, 0 unchanged, 1 failed; index: ") == true)
    #expect(lines.count == MixedFolder.reportedNames.count + 2 + 1)
    let errors = streams.standardError.split(separator: "\n")
    #expect(errors.count == 1 && errors[0].hasPrefix("pcap-report: error: ") && errors[0].contains("broken.pcap"))
}

@Test func onATerminalAProgressBarIsRedrawnInsteadOfLines() throws {
    let root = MixedFolder.make()
    let streams = Streams()
    _ = BatchRun(options: MixedFolder.options(root), templates: try MixedFolder.templates(), log: streams.log(bar: true)).run()
    let err = streams.standardError
    #expect(err.contains("\r[########################] 7/7 captures"))
    #expect(err.contains("pcap-report: error: "))                      // errors still show, above the bar
    #expect(!streams.standardOutput.contains("reported "))              // no per-capture lines
    #expect(streams.standardOutput.hasSuffix("6 reported, 0 unchanged, 1 failed; index: \(root)/out/index.html\n"))
}

@Test func progressNumbersAreFormattedCompactly() {
    #expect(BatchReporter.clock(42) == "0:42")
    #expect(BatchReporter.clock(3725) == "1:02:05")
    #expect(BatchReporter.rate(1_234_567) == "1.2M")
    #expect(BatchReporter.rate(45_600) == "45k")
    #expect(BatchReporter.rate(999) == "999")
}

/// Log lines go through the credential masker too: a capture named after a login URL (as a
/// download tool may save it) never puts the password on stdout or stderr.
@Test(arguments: [LogFormat.plain, .json])
func logLinesNeverShowAPasswordFromAPath(_ format: LogFormat) throws {
    let root = TemporaryDirectory.make()
    RepositoryPaths.writeText("not a capture", to: root + "/login?user=bob&password=hunter22.pcap")
    var options = BatchOptions()
    options.inputs = [root]
    options.outputDirectory = root + "/out"
    let streams = Streams()
    _ = BatchRun(options: options, templates: try MixedFolder.templates(), log: streams.log(format)).run()
    let all = streams.standardOutput + streams.standardError
    #expect(all.contains("password=********"))
    #expect(!all.contains("hunter22"))
}

/// A file name cannot forge log lines or drive the terminal: a newline stays inside its line and
/// ESC, OSC, BEL and the C1 CSI are written as escapes, in plain and in JSON lines.
@Test(arguments: [LogFormat.plain, .json])
func controlCharactersInFileNamesAreEscapedInEveryLogLine(_ format: LogFormat) throws {
    let root = TemporaryDirectory.make()
    let hostile = "x\nreported fake -> owned: 0 packets\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m"
    MixedFolder.copy(RepositoryPaths.samples + "/benign-web.pcapng", root + "/" + hostile + ".pcapng")
    RepositoryPaths.writeText("not a capture", to: root + "/" + hostile + ".pcap")
    var options = BatchOptions()
    options.inputs = [root]
    options.outputDirectory = root + "/out"
    let streams = Streams()
    _ = BatchRun(options: options, templates: try MixedFolder.templates(), log: streams.log(format)).run()
    let out = streams.standardOutput, err = streams.standardError
    for text in [out, err] {
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(text)")
    }
    let errors = err.split(separator: "\n")
    #expect(errors.count == 1 && errors[0].hasPrefix("pcap-report: error: ") && errors[0].contains("\\u001b]0;pwned\\u0007"))
    let lines = out.split(separator: "\n")
    switch format {
    case .plain:
        #expect(lines.count == 2, "one reported line and the summary: \(lines)")
        #expect(lines.first?.hasPrefix("reported ") == true && lines.first?.contains("x\\nreported fake") == true)
        #expect(!lines.contains { $0.hasPrefix("reported fake") })
    case .json:
        #expect(lines.count == 3, "reported, failed and summary events: \(lines)")
        for line in lines { #expect((try? JSONReader.parse(String(line))) != nil, "not JSON: \(line)") }
        #expect(out.contains("\\u009b31m"))
    }
}
