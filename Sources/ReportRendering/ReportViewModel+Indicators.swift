import Support

extension ReportViewModel {
    /// Rows of the full report's indicator table; the JSON report lists them all.
    static let indicatorRowsShown = 200

    /// The indicators-of-compromise section: every value a finding rests on, with its kind, role and
    /// findings. Values are capture-derived: `.text` cells, escaped by the block.
    mutating func indicators(_ m: ReportModel) -> [String: Any] {
        let shown = m.indicators.prefix(Self.indicatorRowsShown)
        let rows = shown.map { i -> [ReportBlock.Cell] in
            [
                .text(i.value), .label(IndicatorWording.kind(i.kind)), .label(IndicatorWording.role(i.role)),
                .label(i.findingIDs.joined(separator: ", ")),
            ]
        }
        let caption =
            m.indicators.count > shown.count
            ? "First \(shown.count) of \(NumberFormat.grouped(m.indicators.count)) indicators; "
                + "\(NumberFormat.grouped(m.indicators.count - shown.count)) more in the JSON report's indicators list."
            : nil
        let sentence =
            "\(NumberFormat.grouped(m.indicators.count)) indicator\(m.indicators.count == 1 ? "" : "s") from the findings "
            + "(attackers, victims, C2 servers, domains, URLs, hashes, fingerprints), each once with the findings that rest on it. "
            + "Export them with --format iocs, stix or misp."
        return [
            "sentence": Self.t(sentence),
            "table": block(.table(["Indicator", "Kind", "Role", "Findings"], Array(rows), note: caption)),
        ]
    }
}
