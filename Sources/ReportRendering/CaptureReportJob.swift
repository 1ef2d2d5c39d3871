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
    /// Also write `<outputBase>.summary.md`: the short Markdown for a ticket body (verdict, key
    /// facts, findings) with links to the attached reports.
    public var writesTicketSummary: Bool

    public init(input: String, outputBase: String, formats: [ReportFormat], options: ReportOptions = ReportOptions(),
                thresholds: DetectionThresholds = DetectionThresholds(), writesTicketSummary: Bool = false) {
        self.input = input; self.outputBase = outputBase; self.formats = formats
        self.options = options; self.thresholds = thresholds; self.writesTicketSummary = writesTicketSummary
    }

    /// What a finished job reports back for logs and the run's exit status.
    public struct Outcome: Sendable {
        public var input: String
        public var files: [String]
        public var packets: Int
        public var verdict: Verdict
        public var findings: Int
        /// The capture's file name and span (seconds, nil for fewer than two packets), for run indexes.
        public var fileName: String = ""
        public var durationSeconds: Double?
        /// The file's SHA-256 (of its bytes on disk, compressed or not).
        public var sha256: String = ""
    }

    /// - Throws: `CaptureError` for a capture that cannot be read; `ReportError` for output problems.
    public func run(templates: TemplateSet) throws -> Outcome {
        let summary = try CaptureAnalysis.analyze(path: input, options: options.analysis)
        let assessment = ThreatAnalyzer(thresholds: thresholds).assess(summary)
        var model = ReportModelBuilder.build(summary, assessment, options: options)
        let redactor = Self.redactor(model)
        // Mask the tables' addresses before rendering too, so no figure can clip an address into
        // a fragment the final text pass would not recognise.
        if let redactor { Self.mask(&model, redactor) }
        var files: [String] = []
        for format in formats {
            let path = outputBase + "." + format.rawValue
            if format == .json && redactor == nil {
                // Streamed: the rows of a capture with hundreds of thousands of flows never sit in memory as text.
                let document = model.json()
                try ReportWriter.write(to: path) { document.write(to: &$0) }
                files.append(path)
                continue
            }
            let bytes: [UInt8]
            switch format {
            case .md: bytes = Array(try MarkdownRenderer(templates: templates).render(model).utf8)
            case .html: bytes = Array(try HTMLRenderer(templates: templates).render(model).utf8)
            case .json: bytes = model.json().serializedBytes()
            }
            try ReportWriter.write(bytes: redactor.map { Array($0.apply(String(decoding: bytes, as: UTF8.self)).utf8) } ?? bytes, to: path)
            files.append(path)
        }
        if writesTicketSummary {
            let path = outputBase + ".summary.md"
            let name = outputBase.split(separator: "/").last.map(String.init) ?? outputBase
            var links: [String: String] = [:]
            if formats.contains(.html) { links["HTML"] = name + ".html" }
            if formats.contains(.md) { links["Markdown"] = name + ".md" }
            if formats.contains(.json) { links["JSON"] = name + ".json" }
            let text = try MarkdownRenderer(templates: templates).renderSummary(model, links: links)
            try ReportWriter.write(redactor.map { $0.apply(text) } ?? text, to: path)
            files.append(path)
        }
        var outcome = Outcome(input: input, files: files, packets: model.capture.packets, verdict: model.verdict, findings: model.findings.count)
        outcome.fileName = model.capture.fileName
        outcome.durationSeconds = model.capture.durationSeconds
        outcome.sha256 = model.capture.sha256
        return outcome
    }
}

extension CaptureReportJob {
    /// The address masker for `--redact addresses=…`, naming every address the conversation tables know.
    static func redactor(_ model: ReportModel) -> AddressRedactor? {
        guard let keep = model.redaction.keepNetworks else { return nil }
        var known: [String] = []
        for (name, rows) in model.conversations.all where name != "eth" {
            for r in rows { known.append(r.addressA); known.append(r.addressB) }
        }
        return AddressRedactor(keep: keep, known: known)
    }

    static func mask(_ model: inout ReportModel, _ r: AddressRedactor) {
        func rows(_ t: inout ReportModel.Tables<ReportModel.ConversationRow>) {
            for k in [\ReportModel.Tables<ReportModel.ConversationRow>.ipv4, \.ipv6, \.tcp, \.udp] {
                t[keyPath: k] = t[keyPath: k].map { var x = $0; x.addressA = r.apply(x.addressA); x.addressB = r.apply(x.addressB); return x }
            }
        }
        rows(&model.conversations)
        for k in [\ReportModel.Tables<ReportModel.EndpointRow>.ipv4, \.ipv6, \.tcp, \.udp] {
            model.endpoints[keyPath: k] = model.endpoints[keyPath: k].map { var x = $0; x.address = r.apply(x.address); return x }
        }
    }
}
