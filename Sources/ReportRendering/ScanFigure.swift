import Support
#if canImport(Glibc)
import Glibc
#endif

/// The classic picture of a port scan: destination port (log scale) against time, one dot per
/// probed port, open ports marked and named.
enum ScanFigure {
    static let width = 760.0, height = 300.0
    static let left = 62.0, right = 24.0, top = 18.0, bottom = 44.0
    static let maximumPoints = 4000

    static func figure(_ findingID: String, target: String, points: [ReportModel.ScanPoint]) -> Figure? {
        guard points.count >= 2 else { return nil }
        var svg = SVGFigure(width: width, height: height)
        let plotW = width - left - right, plotH = height - top - bottom
        let span = max(points.map(\.offsetSeconds).max() ?? 0, 1e-6)
        let start = points.map(\.offsetSeconds).min() ?? 0
        let (unit, factor) = ChartScale.timeUnit(span)
        let x = { (s: Double) in left + s / span * plotW }
        let logMax = log10(65536.0)
        let y = { (port: Int) in top + plotH - log10(Double(max(1, port))) / logMax * plotH }
        svg.rect(left, top, plotW, plotH, cls: "plot")
        for p in [1, 10, 100, 1000, 10000, 65535] {
            svg.line(left, y(p), left + plotW, y(p), cls: p == 1 ? "axis" : "grid")
            svg.text(left - 6, y(p) + 4, NumberFormat.grouped(p), cls: "tick", anchor: .end)
        }
        let tStep = ChartScale.niceStep(span * factor, ticks: 8)
        var t = 0.0
        while t <= span * factor + tStep / 1000 {
            svg.line(x(t / factor), top + plotH, x(t / factor), top + plotH + 4, cls: "axis")
            svg.text(x(t / factor), top + plotH + 16, ChartScale.compact(t), cls: "tick", anchor: .middle)
            t += tStep
        }
        let shown = points.prefix(maximumPoints)
        for p in shown where p.state != .open {
            let name = "\(p.port)\(PortNames.name(UInt16(clamping: p.port)).map { "/" + $0 } ?? "")"
            let when = ChartScale.trim(NumberFormat.fixed(p.offsetSeconds * factor, 3))
            svg.circle(
                x(p.offsetSeconds), y(p.port), 3, cls: "pt-\(p.state.rawValue)",
                tip: "\(name): \(p.state.rawValue), probed at \(when) \(unit)")
        }
        // Open ports: a marker each, and a label placed where it overlaps no other label (labels
        // are moved down, then up, in steps of one line; at most 24 labels are drawn).
        var placed: [(Double, Double, Double, Double)] = []      // x0, y0, x1, y1
        var labelled = Set<Int>()
        for p in shown where p.state == .open {
            let name = "\(p.port)\(PortNames.name(UInt16(clamping: p.port)).map { "/" + $0 } ?? "")"
            svg.circle(x(p.offsetSeconds), y(p.port), 5.5, cls: "pt-open", tip: "\(name): open (answered SYN+ACK)")
            placed.append((x(p.offsetSeconds) - 6, y(p.port) - 6, x(p.offsetSeconds) + 6, y(p.port) + 6))
        }
        for p in shown where p.state == .open {
            let name = "\(p.port)\(PortNames.name(UInt16(clamping: p.port)).map { "/" + $0 } ?? "")"
            let px = x(p.offsetSeconds), py = y(p.port)
            guard labelled.count < 24, labelled.insert(p.port).inserted else { continue }
            let width = Double(name.count) * 7 + 4
            let rightSide = px <= left + plotW - width - 12
            let x0 = rightSide ? px + 9 : px - 9 - width
            var chosen: Double?
            for step in [0, 1, -1, 2, -2, 3, -3, 4, -4] {
                let ty = py - 7 + Double(step) * 13
                guard ty - 11 >= top, ty + 2 <= top + plotH else { continue }
                if !placed.contains(where: { x0 < $0.2 && $0.0 < x0 + width && ty - 11 < $0.3 && $0.1 < ty + 2 }) { chosen = ty; break }
            }
            let ty = chosen ?? py - 7
            placed.append((x0, ty - 11, x0 + width, ty + 2))
            svg.text(rightSide ? px + 9 : px - 9, ty, name, cls: "pt-label", anchor: rightSide ? .start : .end)
        }
        svg.text(left + plotW / 2, height - 8, "Time since the first packet (\(unit))", cls: "axis-title", anchor: .middle)
        svg.text(14, top + plotH / 2, "Destination port", cls: "axis-title", anchor: .middle, rotate: true)
        let open = points.filter { $0.state == .open }.map(\.port).sorted()
        let closed = points.filter { $0.state == .closed }.count
        let silent = points.filter { $0.state == .filtered }.count
        var words =
            "\(NumberFormat.grouped(points.count)) ports of \(target) probed "
            + (start > 0 ? "between \(ChartScale.duration(start)) and \(ChartScale.duration(span)) after the first packet" : "within \(ChartScale.duration(span)) of the first packet")
        words += "; open: " + (open.isEmpty ? "none" : open.map(String.init).joined(separator: ", "))
        words += "; closed: \(closed); no answer: \(silent)."
        if points.count > maximumPoints { words += " The first \(maximumPoints) probes are drawn." }
        return Figure(id: "fig-scan-\(findingID.lowercased())",
                      caption: "\(findingID): destination port against time, one dot per probed port of \(target) (port axis logarithmic).",
                      textAlternative: words, svg: svg,
                      legend: [("pt-open", "open"), ("pt-closed", "closed (RST)"), ("pt-filtered", "no answer")])
    }
}
