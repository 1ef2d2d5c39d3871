// libFuzzer entry point for the renderers (fuzz-only source: built by Tools/fuzz.sh together with the
// package's modules). The input is cut at NUL bytes into hostile strings that replace every
// capture-derived string of a report model built from a sample capture. Markdown, HTML and JSON are
// rendered, and the structure each one shows must not depend on those strings: the same count of
// headings, table rows and code fences as the same model with plain strings, and no live markup in
// the HTML. A broken invariant is reported as a crash (fatalError) so libFuzzer keeps the input.
import CaptureReading
import CaptureReport
import ReportRendering
import ThreatFindings
import TrafficStatistics
#if canImport(Glibc)
import Glibc
#endif

private struct Fixture {
    let templates: TemplateSet
    let models: [ReportModel]
    /// Markdown and HTML of each model with every capture string replaced by "x" (the reference structure).
    var plain: [(md: String, html: String)] = []
}

private let fixture: Fixture = {
    let samples = getenv("PCAP_REPORT_SAMPLES").map { String(cString: $0) } ?? "Samples"
    do {
        let templates = try TemplateSet()
        var models: [ReportModel] = []
        for name in ["hostile-strings.pcapng", "walkthrough-synscan.pcapng", "benign-web.pcapng"] {
            let summary = try CaptureAnalysis.analyze(path: samples + "/" + name)
            models.append(ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary)))
        }
        var f = Fixture(templates: templates, models: models)
        for m in models {
            let plain = substitute(m) { "x" }
            f.plain.append((try MarkdownRenderer(templates: templates).render(plain), try HTMLRenderer(templates: templates).render(plain)))
        }
        return f
    } catch {
        fatalError("renderer fuzzer setup: \(error) (run from the repository root or set PCAP_REPORT_SAMPLES)")
    }
}()

/// Replaces every capture-derived string of `model` with the next string from `next`.
private func substitute(_ model: ReportModel, _ next: () -> String) -> ReportModel {
    var m = model
    m.title = next()
    m.capture.fileName = next()
    m.capture.hardware = next(); m.capture.os = next(); m.capture.application = next()
    m.capture.comments = m.capture.comments.map { _ in next() } + [next()]
    m.capture.readProblem = next()
    m.capture.interfaces = m.capture.interfaces.map { i in
        var i = i
        i.name = next(); i.description = next(); i.captureFilter = next(); i.os = next()
        return i
    }
    if var first = m.firstPacket {
        first.summary = next(); first.meaning = next()
        first.layers = first.layers.map { l in
            var l = l
            l.title = next()
            l.fields = l.fields.map { var f = $0; f.value = next(); return f }
            return l
        }
        m.firstPacket = first
    }
    m.expert.items = m.expert.items.map { var e = $0; e.summary = next(); return e }
    m.streams = m.streams.map { s in
        var s = s
        s.excerpt = s.excerpt.map { var seg = $0; seg.text = next(); return seg }
        return s
    }
    return m
}

/// With FUZZ_DUMP=DIR set, a broken invariant also writes both renderings there for diffing.
private func dump(_ name: String, _ hostile: String, _ plain: String) {
    guard let dir = getenv("FUZZ_DUMP").map({ String(cString: $0) }) else { return }
    for (suffix, text) in [("hostile", hostile), ("plain", plain)] {
        if let f = fopen("\(dir)/\(name).\(suffix)", "wb") { fputs(text, f); fclose(f) }
    }
}

/// Lines starting with `prefix` outside code fences, or the fence lines themselves for a fence prefix
/// (capture text inside a fence is inert, so its lines may start with anything). Fences follow
/// CommonMark: an opening run of 3+ backticks or tildes (a backtick info string has no backtick),
/// closed by a run of the same character at least as long with nothing after it.
private func count(_ text: String, lines prefix: String) -> Int {
    var open: (Character, Int)? = nil
    var n = 0
    for line in text.split(separator: "\n") {
        let marker = line.first.flatMap { $0 == "`" || $0 == "~" ? $0 : nil }
        let run = marker.map { m in line.prefix { $0 == m }.count } ?? 0
        var isFence = false
        if let (m, length) = open {
            if marker == m && run >= length && line.dropFirst(run).allSatisfy({ $0 == " " }) { open = nil; isFence = true }
        } else if let m = marker, run >= 3, m == "~" || !line.dropFirst(run).contains("`") {
            open = (m, run); isFence = true
        }
        let fencePrefix = prefix.hasPrefix("```") || prefix.hasPrefix("~~~")
        if line.hasPrefix(prefix) && (fencePrefix ? isFence : open == nil) { n += 1 }
    }
    return n
}

/// Non-overlapping occurrences of an ASCII `needle` in `text`, ignoring ASCII case (a byte scan:
/// the reports are ~100 KB and this runs a dozen times per input).
private func occurrences(_ text: String, _ needle: String) -> Int {
    let n = Array(needle.utf8).map { $0 | 0x20 }
    var count = 0
    var text = text
    text.withUTF8 { bytes in
        guard bytes.count >= n.count else { return }
        var i = 0
        while i <= bytes.count - n.count {
            var j = 0
            while j < n.count && (bytes[i + j] | 0x20) == n[j] { j += 1 }
            if j == n.count { count += 1; i += n.count } else { i += 1 }
        }
    }
    return count
}

@_cdecl("LLVMFuzzerTestOneInput")
public func rendererFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let choice = Int(data[0]) % fixture.models.count
    let base = fixture.models[choice]
    let pieces = UnsafeBufferPointer(start: data + 1, count: size - 1).split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    var cursor = 0
    let hostile = substitute(base) { defer { cursor += 1 }; return pieces.isEmpty ? "" : pieces[cursor % pieces.count] }
    do {
        let md = try MarkdownRenderer(templates: fixture.templates).render(hostile)
        let mdPlain = fixture.plain[choice].md
        for prefix in ["#", "|", "```", "~~~", "<"] where count(md, lines: prefix) != count(mdPlain, lines: prefix) {
            dump("report.md", md, mdPlain)
            fatalError("Markdown structure changed by capture strings: lines starting with \(prefix)")
        }
        let html = try HTMLRenderer(templates: fixture.templates).render(hostile)
        let htmlPlain = fixture.plain[choice].html
        for live in ["<script", "<img", "<iframe", "href=\"javascript", "<a "] where occurrences(html, live) != occurrences(htmlPlain, live) {
            dump("report.html", html, htmlPlain)
            fatalError("live markup in HTML from capture strings: \(live)")
        }
        for tag in ["<h1", "<h2", "<h3", "<tr", "<pre", "<table", "<li"] where occurrences(html, tag) != occurrences(htmlPlain, tag) {
            dump("report.html", html, htmlPlain)
            fatalError("HTML structure changed by capture strings: \(tag)")
        }
        _ = hostile.json().serialized()
    } catch {
        fatalError("renderer threw: \(error)")
    }
    return 0
}
