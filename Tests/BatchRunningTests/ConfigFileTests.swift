import CaptureReport
@testable import BatchRunning
import ReportRendering
import TestSupport
import Testing
import ThreatFindings

func configFile(_ text: String, name: String) -> String {
    let path = TemporaryDirectory.make() + "/" + name
    RepositoryPaths.writeText(text, to: path)
    return path
}

@Test func aYAMLConfigSetsOptionsAndThresholds() throws {
    let path = configFile("""
        # nightly
        inputs: [captures, /abs/more]
        output-dir: reports
        format: [html, json]
        jobs: 3
        incremental: true
        fail-on: high
        log-format: json
        shard: 2/4
        memory-budget-mb: 256
        thresholds:
          minimum-scan-ports: 20
          minimum-probe-fraction: 0.5
        """, name: "nightly.yaml")
    var options = BatchOptions()
    try ConfigFile.apply(path, to: &options)
    let folder = String(path[..<path.lastIndex(of: "/")!])
    #expect(options.inputs == [folder + "/captures", "/abs/more"])
    #expect(options.outputDirectory == folder + "/reports")
    #expect(options.formats == [.html, .json])
    #expect(options.jobs == 3 && options.incremental && options.failOn == .high && options.logFormat == .json)
    #expect(options.shard == Shard(index: 2, count: 4))
    #expect(options.memoryBudgetBytes == 256 << 20)
    #expect(options.thresholds.minimumScanPorts == 20 && options.thresholds.minimumProbeFraction == 0.5)
}

@Test func aTOMLConfigReadsTheSameKeys() throws {
    let path = configFile("""
        inputs = ["/data/a", "/data/b"]   # two folders
        output-dir = "/srv/reports"
        jobs = 2
        incremental = true
        fail-on = "medium"

        [thresholds]
        high-severity-scan-ports = 500
        """, name: "nightly.toml")
    var options = BatchOptions()
    try ConfigFile.apply(path, to: &options)
    #expect(options.inputs == ["/data/a", "/data/b"])
    #expect(options.outputDirectory == "/srv/reports")
    #expect(options.jobs == 2 && options.incremental && options.failOn == .medium)
    #expect(options.thresholds.highSeverityScanPorts == 500)
}

@Test(arguments: [
    ("jobz: 3\n", "nightly.yaml", "unknown key 'jobz'"),
    ("thresholds:\n  minimum-scan-port: 3\n", "nightly.yaml", "unknown key 'thresholds.minimum-scan-port'"),
    ("jobs = 4\nverbose = true\n", "nightly.toml", "unknown key 'verbose'"),
    ("jobs: 0\n", "nightly.yaml", "'jobs' must be an integer of at least 1"),
    ("fail-on: severe\n", "nightly.yaml", "'fail-on' must be one of"),
    ("format: docx\n", "nightly.yaml", "'format' must be md, html, json and/or pdf (not 'docx')"),
    ("jobs: [1\n", "nightly.yaml", "not valid YAML"),
    ("jobs 4\n", "nightly.toml", "nightly.toml:1: expected key = value"),
])
func aBadConfigIsAnErrorNamingTheKey(text: String, name: String, message: String) {
    let path = configFile(text, name: name)
    var options = BatchOptions()
    #expect {
        try ConfigFile.apply(path, to: &options)
    } throws: { error in
        "\(error)".contains(message) && "\(error)".contains(path)
    }
}

@Test func everyDetectionThresholdCanBeSetFromTheConfigFile() {
    // A detector that adds a threshold adds its config key too (ConfigFile.integerThresholds/fractionThresholds).
    for child in Mirror(reflecting: DetectionThresholds()).children {
        guard let label = child.label else { continue }
        let kebab = label.reduce(into: "") { out, c in if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) } }
        #expect(ConfigFile.thresholdKeys.contains(kebab), "no config key '\(kebab)' for DetectionThresholds.\(label)")
    }
}

@Test func forceIsAConfigKeyAndOffByDefault() throws {
    var options = BatchOptions()
    #expect(!options.force)
    try ConfigFile.apply(configFile("force: true\n", name: "force.yaml"), to: &options)
    #expect(options.force)
}

@Test(arguments: [
    ("jobs = 2\njobs = 3\n", "nightly.toml", "nightly.toml:2: duplicate key 'jobs'"),
    (
        "[thresholds]\nminimum-scan-ports = 3\nminimum-scan-ports = 4\n", "nightly.toml",
        "nightly.toml:3: duplicate key 'thresholds.minimum-scan-ports'"
    ),
    (
        "[thresholds]\nminimum-scan-ports = 3\n[thresholds]\nminimum-sweep-hosts = 4\n", "nightly.toml",
        "nightly.toml:3: duplicate table 'thresholds'"
    ),
    ("thresholds = 3\n[thresholds]\nminimum-sweep-hosts = 4\n", "nightly.toml", "nightly.toml:2: duplicate table 'thresholds'"),
    ("jobs: 2\njobs: 3\n", "nightly.yaml", "jobs"),
])
func aDuplicateKeyIsAnErrorNotTheLastValueWins(text: String, name: String, message: String) {
    let path = configFile(text, name: name)
    var options = BatchOptions()
    #expect {
        try ConfigFile.apply(path, to: &options)
    } throws: { error in
        "\(error)".contains(message) && "\(error)".contains(path)
    }
}

@Test func tomlStringEscapesAreDecodedAsTOMLDefinesThem() throws {
    let path = configFile(
        #"""
        title = "caf\u00E9 \U0001F600\ttab \"quoted\" C:\\users\\u0041 end"
        inputs = ['C:\raw\u00E9', "a\nb"]
        templates = "x \"#y\", z"  # only this is a comment
        """#, name: "nightly.toml")
    var options = BatchOptions()
    try ConfigFile.apply(path, to: &options)
    #expect(options.report.title == "café 😀\ttab \"quoted\" C:\\users\\u0041 end")
    let folder = String(path[..<path.lastIndex(of: "/")!])
    #expect(options.inputs == [folder + "/C:\\raw\\u00E9", folder + "/a\nb"])
    #expect(options.templates == folder + "/x \"#y\", z")
}

@Test(arguments: [
    (#"title = "a\x41""#, "nightly.toml:1: unknown escape '\\x'"),
    (#"title = "a\uD800""#, "nightly.toml:1: '\\uD800' is not a Unicode scalar value"),
    (#"title = "a\u00""#, "nightly.toml:1: '\\u' needs 4 hexadecimal digits"),
    (#"title = "a\"#, "nightly.toml:1: unterminated string"),
])
func aBadTOMLEscapeIsAnErrorWithItsLine(text: String, message: String) {
    let path = configFile(text + "\n", name: "nightly.toml")
    var options = BatchOptions()
    #expect {
        try ConfigFile.apply(path, to: &options)
    } throws: { error in
        "\(error)".contains(message) && "\(error)".contains(path)
    }
}

@Test func aYAMLAliasBombIsRejectedBeforeItIsExpanded() throws {
    // 400 bytes that expand to 9^9 (387 million) scalars: rejected without building them.
    var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for (level, name) in "bcdefghi".enumerated() {
        let previous = Array("abcdefghi")[level]
        text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
    }
    text += "inputs: *i\n"
    #expect(text.utf8.count < 420)
    let path = configFile(text, name: "bomb.yaml")
    var options = BatchOptions()
    let started = ContinuousClock.now
    #expect {
        try ConfigFile.apply(path, to: &options)
    } throws: { error in
        "\(error)".contains("bomb.yaml:1: YAML anchors and aliases are not supported")
    }
    #expect(ContinuousClock.now - started < .seconds(2))
}

@Test func yamlTextThatOnlyLooksLikeAnAliasIsStillRead() throws {
    let path = configFile(
        """
        title: "Tom & Jerry *beta* &x"
        inputs: [/srv/*.pcap, 'quoted *x', plain&x]
        templates: R&D *templates*  # a comment with *x and &y
        """, name: "nightly.yaml")
    var options = BatchOptions()
    try ConfigFile.apply(path, to: &options)
    #expect(options.report.title == "Tom & Jerry *beta* &x")
    let folder = String(path[..<path.lastIndex(of: "/")!])
    #expect(options.inputs == ["/srv/*.pcap", folder + "/quoted *x", folder + "/plain&x"])
    #expect(options.templates == folder + "/R&D *templates*")
}

@Test func aConfigFileLargerThan64KiBIsRejectedUnread() {
    let path = configFile("# padding\n" + String(repeating: "#\n", count: 40_000) + "jobs: 2\n", name: "huge.yaml")
    var options = BatchOptions()
    #expect {
        try ConfigFile.apply(path, to: &options)
    } throws: { error in
        "\(error)".contains("huge.yaml: the config file is larger than 64 KiB")
    }
}

@Test(arguments: [
    ("inputs: &a [x]\n", 1), ("inputs:\n  - *a\n", 2), ("inputs: [x, *a]\n", 1), ("inputs: {a: *b}\n", 1),
    ("inputs: {\"a\":*b}\n", 1), ("*a : x\n", 1), ("--- &a\ninputs: x\n", 1), ("inputs: !!seq &a [x]\n", 1),
    ("title: |\n  text\nother: *a\n", 3), ("- key: |\n   text\n  other: *a\n", 3), ("? *a\n: 1\n", 1),
    ("title: \"x\"\ninputs:\t*a\n", 2), ("inputs: [x,\n  *a]\n", 2), ("- - *a\n", 1),
])
func everyPlaceANodeCanStartIsScannedForAnchorsAndAliases(text: String, line: Int) {
    #expect(YAMLAliasScan.firstAnchorOrAlias(in: text) == line, "\(text)")
}

@Test(arguments: [
    "title: 'it''s *x'\n", "title: \"a \\\" *x\"\n", "title: |\n  - *x\n  &y\n", "inputs: [/srv/*.pcap, a&b]\n",
    "title: R&D *x* # *y\n", "title: >-\n  *folded\n\n  &more\njobs: 2\n", "# *a\njobs: 2\n", "title: \"multi\n  *line\"\n",
])
func anchorAndAliasCharactersInsideScalarsAndCommentsAreText(text: String) {
    #expect(YAMLAliasScan.firstAnchorOrAlias(in: text) == nil, "\(text)")
}

@Test func aConfigFileSetsTheEditionAndFrontMatter() throws {
    let text = "edition: customer\ntlp: amber+strict\nreport-id: IR-9\nreport-version: \"2.1\"\nformat: [pdf, html]\n"
    let path = configFile(text, name: "nightly.yaml")
    var options = BatchOptions()
    try ConfigFile.apply(path, to: &options)
    let p = options.report.presentation
    #expect(p.edition == .customer && p.tlp == .amberStrict && p.reportID == "IR-9" && p.reportVersion == "2.1")
    #expect(options.formats == [.pdf, .html])
    #expect(BatchOptions().formats == [.md, .html, .json], "pdf is not a default format")
    #expect(throws: BatchError.self) { try ConfigFile.apply(configFile("tlp: white\n", name: "nightly.yaml"), to: &options) }
}
