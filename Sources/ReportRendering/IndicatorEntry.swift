import ThreatFindings

/// One indicator of compromise as the report's IOC section and the CSV/STIX/MISP exports list it:
/// a value, what it is, the part it played and the findings that rest on it.
public struct IndicatorEntry: Sendable, Hashable {
    public var kind: Indicator.Kind
    public var value: String
    public var role: Indicator.Role
    /// The ids of the findings (`F1`, `F2`…) the indicator comes from, in finding order.
    public var findingIDs: [String]

    public init(kind: Indicator.Kind, value: String, role: Indicator.Role, findingIDs: [String]) {
        self.kind = kind; self.value = value; self.role = role; self.findingIDs = findingIDs
    }

    /// Every indicator the findings rest on, once per (kind, value, role), in finding order: each
    /// finding's attackers (forged sources as `forged`), its targets as victims, then its own
    /// `indicators`. An address the finding's own indicators name takes the role they give it (a
    /// beacon's server is `c2`, its client `victim`, not target and attacker). Findings below `minimum`
    /// severity contribute nothing (an observation is not an IOC).
    public static func collect(from findings: [Finding], minimum: FindingSeverity = .low) -> [IndicatorEntry] {
        var entries: [IndicatorEntry] = []
        var index: [Indicator: Int] = [:]
        func add(_ i: Indicator, _ id: String) {
            if let at = index[i] {
                if !entries[at].findingIDs.contains(id) { entries[at].findingIDs.append(id) }
            } else {
                index[i] = entries.count
                entries.append(IndicatorEntry(kind: i.kind, value: i.value, role: i.role, findingIDs: [id]))
            }
        }
        for f in findings where f.severity >= minimum {
            // A spoofed flood whose sending MAC has a LAN owner names that owner as its attacker; the
            // forged sample is exported as forged.
            let forged = f.attackersAreForged
            if let sender = f.spoofedSender, sender.owner != nil {
                for a in sender.forgedSample { add(Indicator(kind: a.isIPv6 ? .ipv6 : .ipv4, value: "\(a)", role: .forged), f.id) }
            }
            let own = Set(f.indicators.map(\.value))
            for a in f.attackers where !own.contains("\(a)") {
                add(Indicator(kind: a.isIPv6 ? .ipv6 : .ipv4, value: "\(a)", role: forged ? .forged : .attacker), f.id)
            }
            for t in f.targets where !own.contains("\(t)") {
                add(Indicator(kind: t.isIPv6 ? .ipv6 : .ipv4, value: "\(t)", role: .victim), f.id)
            }
            for i in f.indicators { add(i, f.id) }
        }
        return entries
    }
}
