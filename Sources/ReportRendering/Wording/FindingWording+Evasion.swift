import ThreatFindings

extension FindingWording {
    /// "SYN+FIN packets", "tiny IP fragments", … for an evasion finding's technique.
    static func evasionName(_ t: Technique?) -> String {
        switch t {
        case .synFIN: "SYN+FIN packets"
        case .synRST: "SYN+RST packets"
        case .land: "land attack packets"
        case .tinyFragments: "tiny IP fragments"
        case .overlappingFragments: "overlapping IP fragments"
        default: "evasive packets"
        }
    }

    /// Why packets of this evasion technique are suspicious.
    static func evasionReason(_ t: Technique?) -> String {
        switch t {
        case .synFIN:
            "SYN and FIN together is impossible in a real connection: scanners and fingerprinting tools send it to slip past filters "
                + "that check one flag (hping3 -SF; nmap's OS detection probe T3 carries SYN+FIN+PSH+URG)."
        case .synRST: "SYN and RST together is impossible in a real connection: crafted by a packet tool."
        case .land:
            "A SYN whose source address and port equal its destination's makes old stacks answer themselves in a loop "
                + "(land attack, CVE-1999-0016)."
        case .tinyFragments:
            "Fragments too small to hold a transport header split the header across fragments so that filters which look only "
                + "at the first fragment miss the ports and flags (RFC 1858; nmap -f)."
        case .overlappingFragments:
            "Fragments that overlap make the receiver choose which bytes win: teardrop-style crashes, or IDS evasion "
                + "when the IDS reassembles differently (RFC 3128)."
        default: "No normal stack sends such packets."
        }
    }

    static func evasion(_ x: EvasionFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let name = evasionName(f.technique), targets = f.targets, source = x.source, count = x.packets
        let more = targets.count > 10 ? " and \(targets.count - 10) more" : ""
        var details = ["\(count) \(name) from \(source) to \(list(Array(targets.prefix(10))))\(more).", evasionReason(f.technique)]
        if f.technique == .land, let mac = x.sourceMAC {
            details.append("The source address is forged (it is the target's own); the frames came from MAC \(mac).")
        }
        let to = targets.count == 1 ? targets[0].description : "\(targets.count) hosts"
        return FindingWords(
            summary: f.technique == .land
                ? "A land attack: \(count) SYN\(s(count)) forged with \(source) as both source and destination (same port)."
                : "Evasive traffic: \(source) sent \(count) \(name) to \(to).",
            details: details,
            confidenceReason: "\(count) \(name) read from the headers; no normal stack sends them.")
    }
}
