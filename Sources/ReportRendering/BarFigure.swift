
/// Horizontal bars with a label and a value: protocol hierarchy, top talkers, top conversations.
enum BarFigure {
    struct Bar { var label: String; var value: Int; var detail: String; var depth = 0; var path: String? = nil }

    static func figure(id: String, caption: String, bars: [Bar], textLead: String) -> Figure? {
        guard !bars.isEmpty else { return nil }
        let rowH = 24.0, width = 760.0
        let longestLabel = bars.map { min(44, $0.label.count + 2 * $0.depth) }.max() ?? 10
        let longestDetail = bars.map(\.detail.count).max() ?? 10
        let labelW = min(340, max(70, Double(longestLabel) * 7.3 + 14))
        let valueW = min(300, Double(longestDetail) * 6.3 + 14)
        let height = Double(bars.count) * rowH + 34
        var svg = SVGFigure(width: width, height: height)
        let maxValue = Double(bars.map(\.value).max() ?? 1)
        let plotW = width - labelW - valueW - 16
        let step = ChartScale.niceStep(maxValue, ticks: 4), top = ChartScale.niceMaximum(maxValue, step: step)
        var v = 0.0
        while v <= top + step / 2 {
            let px = labelW + v / top * plotW
            svg.line(px, 4, px, height - 26, cls: v == 0 ? "axis" : "grid")
            svg.text(px, height - 10, ChartScale.compact(v), cls: "tick", anchor: .middle)
            v += step
        }
        for (i, b) in bars.enumerated() {
            let y = 6 + Double(i) * rowH
            svg.text(labelW - 8 - 0, y + 15, String(repeating: "  ", count: b.depth) + clip(b.label, 44), cls: "bar-label", anchor: .end)
            let w = max(1.5, Double(b.value) / top * plotW)
            svg.rect(labelW, y + 3, w, rowH - 8, cls: b.depth > 0 ? "bar bar-\(min(b.depth, 4))" : "bar", tip: "\(b.label): \(b.detail)")
            svg.text(labelW + w + 6, y + 15, b.detail, cls: "bar-value")
        }
        let words = textLead + " " + bars.map { "\($0.path ?? $0.label): \($0.detail)" }.joined(separator: "; ") + "."
        return Figure(id: id, caption: caption, textAlternative: words, svg: svg)
    }

    static func clip(_ s: String, _ n: Int) -> String {
        let c = Array(s)
        return c.count <= n ? s : String(c.prefix(n - 1)) + "…"
    }
}
