/// A probed port's (or IP protocol's) state in nmap's terms, least to most telling; the raw value
/// is nmap's spelling, as the report's figures and classes use it.
public enum PortState: String, Sendable, CaseIterable, Comparable {
    case openOrFiltered = "open|filtered"
    case filtered, unfiltered, closed, open

    public static func < (l: Self, r: Self) -> Bool {
        (allCases.firstIndex(of: l) ?? 0) < (allCases.firstIndex(of: r) ?? 0)
    }
}
