import ThreatFindings

extension FindingWording {
    static func arpSpoofing(_ x: ARPSpoofingFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let mac = x.mac, own = f.attackers
        let spoofed = x.claims.map(\.ip)
        let unsolicited = x.claims.reduce(0) { $0 + $1.unsolicitedReplies }
        let relays = x.relayedFrames + x.forwardedFrames > 0
        var details: [String] = []
        for c in x.claims {
            var line = "\(mac) claimed \(c.ip) in \(c.frames) ARP frame\(s(c.frames)) (first: frame \(c.firstFrame))"
            if let before = c.previousOwner { line += "; \(c.ip) belonged to \(before) before" }
            if c.unsolicitedReplies > 0 {
                line += "; \(c.unsolicitedReplies) unsolicited repl\(c.unsolicitedReplies == 1 ? "y" : "ies") nobody asked for"
            }
            if c.gratuitous > 0 { line += "; \(c.gratuitous) gratuitous announcement\(s(c.gratuitous))" }
            details.append(line + ".")
        }
        if !own.isEmpty { details.append("\(mac) also uses its own address \(list(own)): one machine answering for others.") }
        if !x.victims.isEmpty { details.append("Caches poisoned: \(list(x.victims)) were told the forged mapping.") }
        if relays {
            details.append(
                "Afterwards \(x.relayedFrames) IPv4 frames addressed to other hosts were delivered to \(mac), "
                    + "and it sent \(x.forwardedFrames) frames carrying other hosts' addresses: "
                    + "traffic flows through the attacker (man in the middle).")
        }
        return FindingWords(
            summary: "ARP cache poisoning: \(mac)\(own.isEmpty ? "" : " (\(list(own)))") claimed \(list(spoofed))"
                + "\(x.victims.isEmpty ? "" : ", telling \(list(x.victims))")\(relays ? " and relayed their traffic" : "").",
            details: details,
            confidenceReason: "\(mac) claimed \(spoofed.count) address\(spoofed.count == 1 ? "" : "es") "
                + "that \(x.conflictSeen ? "another MAC held" : "it does not own") (\(unsolicited) unsolicited repl\(unsolicited == 1 ? "y" : "ies"))"
                + "\(relays ? " and then relayed other hosts' traffic" : "").")
    }
}
