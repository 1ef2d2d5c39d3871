import CaptureReading
import ReportRendering
import Support
import ThreatFindings
import TrafficStatistics
#if canImport(Glibc)
import Glibc
#endif

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

    public init(
        input: String, outputBase: String, formats: [ReportFormat], options: ReportOptions = ReportOptions(),
        thresholds: DetectionThresholds = DetectionThresholds(), writesTicketSummary: Bool = false
    ) {
        self.input = input; self.outputBase = outputBase; self.formats = formats
        self.options = options; self.thresholds = thresholds; self.writesTicketSummary = writesTicketSummary
    }

    /// What a finished job reports back for logs and the run's exit status.
    public struct Outcome: Sendable {
        public var input: String
        public var files: [String]
        public var packets: Int
        public var verdict: Verdict
        /// The verdict in one sentence, as the report states it.
        public var headline: String
        public var findings: Int
        /// The capture's file name and span (seconds, nil for fewer than two packets), for run indexes.
        public var fileName: String = ""
        public var durationSeconds: Double?
        /// The file's SHA-256 (of its bytes on disk, compressed or not).
        public var sha256: String = ""
        /// The reports as written, with their sizes and digests (names relative to their folder).
        public var record = CompletionRecord(files: [])
    }

    /// - Throws: `CaptureError` for a capture that cannot be read; `ReportError` for output problems.
    public func run(templates: TemplateSet) throws -> Outcome {
        var analysis = options.analysis
        // `--extract-files DIR`: this capture's bodies go to DIR/<report name>, apart from every other capture's.
        analysis.fileExtraction?.folder = outputBase.split(separator: "/").last.map(String.init) ?? "capture"
        let summary = try CaptureAnalysis.analyze(path: input, options: analysis)
        let assessment = ThreatAnalyzer(thresholds: thresholds).assess(summary)
        var model = ReportModelBuilder.build(summary, assessment, options: options)
        let redactor = Self.redactor(model)
        // Mask the tables' addresses before rendering too, so no figure can clip an address into
        // a fragment the final text pass would not recognise.
        if let redactor { Self.mask(&model, redactor) }
        let (files, record) = try Self.render(
            model, formats: formats, outputBase: outputBase, summary: writesTicketSummary,
            templates: templates, redactor: redactor)
        var outcome = Outcome(
            input: input, files: files, packets: model.capture.packets, verdict: model.verdict,
            headline: model.headline, findings: model.findings.count)
        outcome.fileName = model.capture.fileName
        outcome.durationSeconds = model.capture.durationSeconds
        outcome.sha256 = model.capture.sha256
        outcome.record = record
        return outcome
    }
}

extension CaptureReportJob {
    /// `<folder>/.pcap-report-done.<name>`: the completion record of the reports at `outputBase`.
    public static func completionRecordPath(outputBase: String) -> String {
        let slash = outputBase.lastIndex(of: "/")
        let folder = slash.map { String(outputBase[..<$0]) } ?? "."
        let name = slash.map { String(outputBase[outputBase.index(after: $0)...]) } ?? outputBase
        return folder + "/.pcap-report-done." + name
    }

    /// Every file the reports at `outputBase` can consist of: each format, then the ticket summary.
    public static func outputPaths(outputBase: String) -> [String] {
        ReportFormat.allCases.map { outputBase + "." + $0.fileExtension } + [outputBase + ".summary.md"]
    }

    /// Removes the reports at `outputBase` and their completion record (a capture that now fails
    /// must not keep last run's reports). The record goes first: a set without it is not trusted.
    public static func removeOutputs(outputBase: String) {
        unlink(completionRecordPath(outputBase: outputBase))
        for path in outputPaths(outputBase: outputBase) { unlink(path) }
    }

    /// Renders each report file and puts them in place as one set (`AtomicFileSet`: all written under
    /// temporary names, then renamed together; files of formats no longer asked for are removed);
    /// returns their paths in the order of `formats` (then the ticket summary) and the set's completion
    /// record. When any file fails, none is put in place. The JSON, the HTML and the Markdown (with
    /// the summary, which shares its view of the model) are made side by side on their own threads:
    /// the model is immutable, and on a large capture the JSON alone takes as long as the two others
    /// together.
    static func render(
        _ model: ReportModel, formats: [ReportFormat], outputBase: String, summary: Bool,
        templates: TemplateSet, redactor: AddressRedactor?
    ) throws(ReportError) -> ([String], CompletionRecord) {
        let set = AtomicFileSet()
        @Sendable func masked(_ text: String) -> String { redactor.map { $0.apply(text) } ?? text }
        let markdown = MarkdownRenderer(templates: templates)
        let summaryPath = outputBase + ".summary.md"
        let name = outputBase.split(separator: "/").last.map(String.init) ?? outputBase
        let links = Dictionary(
            uniqueKeysWithValues: [(ReportFormat.html, "HTML"), (.md, "Markdown"), (.json, "JSON"), (.pdf, "PDF")]
                .filter { formats.contains($0.0) }.map { ($0.1, name + "." + $0.0.fileExtension) })
        let outcomes = (formats + (summary ? [nil] : [])).map { _ in TaskResult<Result<Void, ReportError>>() }
        var tasks: [@Sendable () -> Void] = []
        for (i, format) in formats.enumerated() {
            let path = outputBase + "." + format.fileExtension
            switch format {
            case .json:
                tasks.append {
                    outcomes[i].value = Result { () throws(ReportError) in
                        if redactor == nil {
                            // Streamed: the rows of a capture with hundreds of thousands of flows never sit in memory as text.
                            let document = model.json()
                            try ReportError.writing { () throws(FileWriteError) in
                                try set.stage(to: path) { document.write(to: &$0) }
                            }
                        } else {
                            try Self.stage(masked(String(decoding: model.json().serializedBytes(), as: UTF8.self)), to: path, in: set)
                        }
                    }
                }
            case .html:
                tasks.append {
                    outcomes[i].value = Result { () throws(ReportError) in
                        try Self.stage(masked(try HTMLRenderer(templates: templates).render(model)), to: path, in: set)
                    }
                }
            case .iocs, .stix, .misp:
                tasks.append {
                    outcomes[i].value = Result { () throws(ReportError) in
                        let text: String
                        switch format {
                        case .iocs: text = IndicatorExport.csv(model)
                        case .stix: text = IndicatorExport.stix(model)
                        default: text = IndicatorExport.misp(model)
                        }
                        try Self.stage(masked(text), to: path, in: set)
                    }
                }
            case .pdf:
                tasks.append {
                    outcomes[i].value = Result { () throws(ReportError) in
                        let html = masked(try HTMLRenderer(templates: templates).render(model))
                        let bytes = try PDFRenderer().render(html: html)
                        try ReportError.writing { () throws(FileWriteError) in try set.stage(to: path) { $0.append(bytes) } }
                    }
                }
            case .md:
                let summaryIndex = summary ? formats.count : nil
                tasks.append {
                    outcomes[i].value = Result { () throws(ReportError) in
                        let texts = try markdown.renderWithSummary(model, links: summaryIndex == nil ? nil : links)
                        try Self.stage(masked(texts.report), to: path, in: set)
                        if let summaryIndex, let text = texts.summary {
                            outcomes[summaryIndex].value = Result { () throws(ReportError) in
                                try Self.stage(masked(text), to: summaryPath, in: set)
                            }
                        }
                    }
                }
            }
        }
        if summary && !formats.contains(.md) {
            let index = formats.count
            tasks.append {
                outcomes[index].value = Result { () throws(ReportError) in
                    try Self.stage(masked(try markdown.renderSummary(model, links: links)), to: summaryPath, in: set)
                }
            }
        }
        // The biggest piece (JSON, when asked for) goes first so it starts on a thread of its own.
        ConcurrentTasks.run(tasks.reversed())
        var files: [String] = []
        do throws(ReportError) {
            for (i, format) in formats.enumerated() {
                if case .failure(let error)? = outcomes[i].value { throw error }
                files.append(outputBase + "." + format.fileExtension)
            }
            if summary {
                switch outcomes[formats.count].value {
                case .failure(let error)?: throw error
                case .success?: files.append(summaryPath)
                // The Markdown report failed before its summary was written: that error was thrown above.
                case nil: break
                }
            }
        } catch {
            set.discard()
            throw error
        }
        let record = try ReportError.writing { () throws(FileWriteError) in
            try set.commit(record: completionRecordPath(outputBase: outputBase), removing: outputPaths(outputBase: outputBase))
        }
        return (files, record)
    }

    /// Writes one report file under its temporary name, to be put in place with the rest of `set`.
    static func stage(_ text: String, to path: String, in set: AtomicFileSet) throws(ReportError) {
        try ReportError.writing { () throws(FileWriteError) in try set.stage(text, to: path) }
    }

    /// The address masker for `--redact addresses=…`, naming every address the conversation tables know.
    static func redactor(_ model: ReportModel) -> AddressRedactor? {
        guard let keep = model.redaction.keepNetworks else { return nil }
        var known: [String] = []
        for (name, rows) in model.conversations.all where name != "eth" {
            for r in rows { known.append(r.addressA); known.append(r.addressB) }
        }
        let macs = model.conversations.eth.flatMap { [$0.addressA, $0.addressB] }
        return AddressRedactor(keep: keep, known: known, knownMACs: macs)
    }

    static func mask(_ model: inout ReportModel, _ r: AddressRedactor) {
        func rows(_ t: inout ReportModel.Tables<ReportModel.ConversationRow>) {
            for k in [\ReportModel.Tables<ReportModel.ConversationRow>.eth, \.ipv4, \.ipv6, \.tcp, \.udp] {
                t[keyPath: k] = t[keyPath: k].map {
                    var x = $0; x.addressA = r.apply(x.addressA); x.addressB = r.apply(x.addressB); return x
                }
            }
        }
        rows(&model.conversations)
        for k in [\ReportModel.Tables<ReportModel.EndpointRow>.eth, \.ipv4, \.ipv6, \.tcp, \.udp] {
            model.endpoints[keyPath: k] = model.endpoints[keyPath: k].map {
                var x = $0; x.address = r.apply(x.address); return x
            }
        }
        // What the run index, the manifest and the log repeat from the report (the outcome) must be
        // masked as the report is: the headline names the attacker and the target.
        model.headline = r.apply(model.headline)
        model.capture.fileName = r.apply(model.capture.fileName)
        // The exports' ids are hashes of the values: hash the placeholders, never the real addresses.
        model.indicators = model.indicators.map {
            var x = $0
            x.value = r.apply(x.value)
            return x
        }
    }
}
