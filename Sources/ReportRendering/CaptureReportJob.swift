import CaptureReading
import ThreatFindings
import TrafficStatistics

/// The report formats.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, json
}

/// One capture through the whole pipeline: decode -> stats -> findings -> report model -> files.
public struct CaptureReportJob: Sendable {
    public var input: String
    /// Output path without extension (`Output/capture`).
    public var outputBase: String
    public var formats: [ReportFormat]
    public var options: ReportOptions
    public var thresholds: DetectionThresholds

    public init(input: String, outputBase: String, formats: [ReportFormat], options: ReportOptions = ReportOptions(),
                thresholds: DetectionThresholds = DetectionThresholds()) {
        self.input = input; self.outputBase = outputBase; self.formats = formats
        self.options = options; self.thresholds = thresholds
    }

    /// What a finished job reports back for logs and the run's exit status.
    public struct Outcome: Sendable {
        public var input: String
        public var files: [String]
        public var packets: Int
        public var verdict: Verdict
        public var findings: Int
    }

    /// - Throws: `CaptureError` for a capture that cannot be read; `ReportError` for output problems.
    public func run(templates: TemplateSet) throws -> Outcome {
        let summary = try CaptureAnalysis.analyze(path: input, options: options.analysis)
        let assessment = ThreatAnalyzer(thresholds: thresholds).assess(summary)
        let model = ReportModelBuilder.build(summary, assessment, options: options)
        var files: [String] = []
        for format in formats {
            let path = outputBase + "." + format.rawValue
            let text: String
            switch format {
            case .md: text = try MarkdownRenderer(templates: templates).render(model)
            case .html: text = try HTMLRenderer(templates: templates).render(model)
            case .json: text = model.json().serialized()
            }
            try ReportWriter.write(text, to: path)
            files.append(path)
        }
        return Outcome(input: input, files: files, packets: model.capture.packets, verdict: model.verdict, findings: model.findings.count)
    }
}
