import Support

/// Wireshark's I/O graph: packets per bucket as columns, bytes per bucket as a line on the right
/// axis, each finding's time window shaded and labelled with its id.
enum IOGraphFigure {
    static let width = 760.0, height = 270.0
    static let left = 58.0, right = 62.0, top = 18.0, bottom = 44.0

    static func figure(_ g: ReportModel.IOGraphModel, windows: [ReportModel.TimeWindow]) -> Figure? {
        guard !g.frames.isEmpty else { return nil }
        var svg = SVGFigure(width: width, height: height)
        let plotW = width - left - right, plotH = height - top - bottom
        let bucket = Double(g.bucketNanoseconds) / 1e9
        let span = bucket * Double(g.frames.count)
        let (unit, factor) = ChartScale.timeUnit(span)
        let maxFrames = Double(g.frames.max() ?? 0), maxBytes = Double(g.bytes.max() ?? 0)
        let fStep = ChartScale.niceStep(maxFrames, ticks: 4), fTop = ChartScale.niceMaximum(maxFrames, step: fStep)
        let bStep = ChartScale.niceStep(maxBytes, ticks: 4), bTop = ChartScale.niceMaximum(maxBytes, step: bStep)
        let x = { (s: Double) in left + (span > 0 ? s / span : 0) * plotW }
        let yF = { (v: Double) in top + plotH - v / fTop * plotH }
        let yB = { (v: Double) in top + plotH - v / bTop * plotH }

        svg.rect(left, top, plotW, plotH, cls: "plot")
        // Grid and left axis (packets).
        var v = 0.0
        while v <= fTop + fStep / 2 {
            svg.line(left, yF(v), left + plotW, yF(v), cls: v == 0 ? "axis" : "grid")
            svg.text(left - 6, yF(v) + 4, ChartScale.compact(v), cls: "tick", anchor: .end)
            v += fStep
        }
        v = 0
        while v <= bTop + bStep / 2 {
            svg.text(left + plotW + 6, yB(v) + 4, ChartScale.compact(v), cls: "tick bytes-tick")
            v += bStep
        }
        // Finding windows under the data.
        for (i, w) in windows.enumerated() {
            let x0 = x(max(0, w.startSeconds)), x1 = max(x0 + 2, x(min(span, w.endSeconds)))
            svg.rect(x0, top, x1 - x0, plotH, cls: "window sev-\(w.severity)", tip: "\(w.id): \(w.label)")
            // Labels of neighbouring windows are staggered over three lines so they do not collide.
            svg.text(x0 + 4, top + 13 + Double(i % 3) * 13, w.id, cls: "window-label")
        }
        // Packets as columns.
        let barW = plotW / Double(g.frames.count)
        for (i, f) in g.frames.enumerated() where f > 0 {
            let start = Double(i) * bucket
            svg.rect(left + Double(i) * barW + (barW > 4 ? 0.5 : 0), yF(Double(f)), max(0.8, barW - (barW > 4 ? 1 : 0)),
                     Double(f) / fTop * plotH, cls: "bar",
                     tip: "\(ChartScale.trim(NumberFormat.fixed(start * factor, 3)))–\(ChartScale.trim(NumberFormat.fixed((start + bucket) * factor, 3))) \(unit): \(NumberFormat.grouped(f)) packets, \(NumberFormat.grouped(g.bytes[i])) bytes")
        }
        // Bytes as a step line through bucket centres.
        svg.polyline(g.bytes.enumerated().map { i, b in (left + (Double(i) + 0.5) * barW, yB(Double(b))) }, cls: "bytes-line")
        // Time axis.
        let tStep = ChartScale.niceStep(span * factor, ticks: 8)
        var t = 0.0
        while t <= span * factor + tStep / 1000 {
            let px = x(t / factor)
            svg.line(px, top + plotH, px, top + plotH + 4, cls: "axis")
            svg.text(px, top + plotH + 16, ChartScale.compact(t), cls: "tick", anchor: .middle)
            t += tStep
        }
        svg.text(left + plotW / 2, height - 8, "Time since the first packet (\(unit))", cls: "axis-title", anchor: .middle)
        svg.text(14, top + plotH / 2, "Packets per \(ChartScale.duration(bucket))", cls: "axis-title", anchor: .middle, rotate: true)
        svg.text(width - 10, top + plotH / 2, "Bytes", cls: "axis-title bytes-tick", anchor: .middle, rotate: true)

        let peak = g.frames.enumerated().max { $0.element < $1.element || ($0.element == $1.element && $0.offset > $1.offset) }
        var words = "Packets and bytes over \(ChartScale.duration(span)) in \(g.frames.count) buckets of \(ChartScale.duration(bucket))"
        if let peak {
            words += "; the busiest bucket starts \(ChartScale.duration(Double(peak.offset) * bucket)) after the first packet with \(NumberFormat.grouped(peak.element)) packets and \(NumberFormat.grouped(g.bytes[peak.offset])) bytes"
        }
        if !windows.isEmpty {
            words += "; shaded: " + windows.map { "\($0.id) from \(ChartScale.duration(max(0, $0.startSeconds))) to \(ChartScale.duration($0.endSeconds))" }.joined(separator: ", ")
        }
        words += "."
        var legend = [("bar", "packets (left axis)"), ("bytes-line", "bytes (right axis)")]
        if !windows.isEmpty { legend.append(("window sev-\(windows[0].severity)", "finding window")) }
        return Figure(id: "fig-io-graph", caption: "I/O graph: packets and bytes per \(ChartScale.duration(bucket)), as in Wireshark's Statistics › I/O Graph.",
                      textAlternative: words, svg: svg, legend: legend)
    }
}
