import Support
import ThreatFindings

extension FindingWording {
    static func synFlood(_ x: SYNFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let spoofed = f.technique == .spoofedSources
        let ports = PortNames.list(f.targetedPorts)
        let peak = rate(x.peakPerSecond), syns = NumberFormat.grouped(x.syns)
        let completion = Int((Double(x.completedHandshakes) / Double(max(1, x.attempts)) * 100).rounded())
        var details = [
            "\(syns) SYNs to \(target) port \(ports) in \(seconds(x.duration)), peaking at \(peak); "
                + "\(x.completedHandshakes) of \(x.attempts) connection attempts completed the handshake (\(completion)%)."
        ]
        if spoofed {
            details.append(
                "\(NumberFormat.grouped(x.sources)) distinct source addresses, most sending one SYN each: "
                    + "spoofed sources (hping3 --rand-source style). "
                    + "The attackers listed are the busiest addresses seen; the real sender is not in the packets.")
        } else {
            details.append(
                "Sent from \(x.sources) source address\(x.sources == 1 ? "" : "es") (\(list(Array(f.attackers.prefix(5))))), "
                    + "each SYN from a new source port.")
        }
        if x.synAcks > 0 {
            details.append(
                "Backscatter: \(target) answered \(NumberFormat.grouped(x.synAcks)) SYN+ACKs "
                    + "(\(NumberFormat.grouped(x.retransmittedSYNACKs)) of them retransmissions) "
                    + "to \(x.halfOpenConnections) half-open connections that never completed: its backlog fills with them.")
        }
        if x.resets > 0 {
            details.append("\(target) answered \(NumberFormat.grouped(x.resets)) RSTs (the port is closed, or the backlog overflowed).")
        }
        if x.unansweredAttempts > 0 {
            details.append(
                "\(NumberFormat.grouped(x.unansweredAttempts)) connection attempts got no answer at all, "
                    + "legitimate clients among them if any were trying.")
        }
        if !x.completingClients.isEmpty && x.completingClients.count < 10 {
            details.append("Handshakes that did complete came from \(list(x.completingClients)): likely legitimate clients.")
        }
        let others = x.sources > 1 ? " and \(x.sources - 1) other sources" : ""
        return FindingWords(
            summary: spoofed
                ? "A SYN flood from \(NumberFormat.grouped(x.sources)) spoofed sources: \(syns) SYNs hit \(target) port \(ports) "
                    + "at up to \(peak); \(x.completedHandshakes) handshakes completed."
                : "A SYN flood: \(f.attackers.first.map(\.description) ?? "?")\(others) sent \(syns) SYNs to \(target) port \(ports) "
                    + "at up to \(peak); \(x.completedHandshakes) handshakes completed.",
            details: details,
            confidenceReason: "\(syns) SYNs (threshold \(t.minimumFloodPackets)) at up to \(peak) (threshold \(t.floodPacketsPerSecond)) "
                + "with \(completion)% of handshakes completed (at most \(Int(t.maximumFloodCompletion * 100))% allowed).")
    }

    static func scatteredSYNFlood(_ x: ScatteredSYNFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let peak = rate(x.peakPerSecond)
        return FindingWords(
            summary: "A spoofed SYN flood: \(NumberFormat.grouped(x.syns)) SYNs "
                + "from \(NumberFormat.grouped(x.sources)) random source addresses "
                + "to \(NumberFormat.grouped(x.destinations)) destinations at up to \(peak); \(x.answered) answered.",
            details: [
                "Every SYN comes from a different source address and goes to a different destination and port, with the same window: "
                    + "a packet generator (hping3 --rand-source, a DoS tool) forging addresses.",
                "\(x.answered) of \(x.syns) SYNs were answered: the sources are not real clients.",
            ],
            confidenceReason: "\(x.syns) SYNs at up to \(peak) from \(x.sources) distinct sources "
                + "to \(x.destinations) distinct destinations, \(x.answered) answered: forged packets, not clients.")
    }

    static func udpFlood(_ x: UDPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let spoofed = f.technique == .spoofedSources
        let peak = rate(x.peakPerSecond), datagrams = NumberFormat.grouped(x.datagrams)
        let portsText = "\(x.ports) port\(s(x.ports)) (\(PortNames.list(f.targetedPorts)))"
        let unreachables =
            x.portUnreachables == 0 ? "" : " and \(x.portUnreachables) ICMP port unreachable errors (rate-limited by most stacks)"
        let details = [
            "\(datagrams) UDP datagrams (\(NumberFormat.grouped(x.bytes)) bytes) to \(target) in "
                + "\(seconds(x.duration)), peaking at \(peak), to \(portsText).",
            spoofed
                ? "\(NumberFormat.grouped(x.sources)) distinct source addresses: spoofed or distributed."
                : "From \(list(Array(f.attackers.prefix(5)))) across \(x.conversations) source ports.",
            "\(target) answered \(x.replies) datagrams\(unreachables).",
        ]
        let who = spoofed ? "\(NumberFormat.grouped(x.sources)) sources" : f.attackers.prefix(1).map(\.description).joined()
        return FindingWords(
            summary: "A UDP flood: \(who) sent \(datagrams) datagrams to \(target) at up to \(peak).",
            details: details,
            confidenceReason: "\(datagrams) datagrams (threshold \(t.minimumFloodPackets)) "
                + "at up to \(peak) (threshold \(t.floodPacketsPerSecond)); "
                + "the target answered \(x.replies) (at most \(Int(t.maximumFloodReplyFraction * 100))% allowed).")
    }

    static func icmpFlood(_ x: ICMPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let isReplies = f.technique == .icmpEchoReply
        let what = isReplies ? "replies" : "requests"
        let peak = rate(x.peakPerSecond), packets = NumberFormat.grouped(x.packets)
        var details = [
            "\(packets) ICMP echo \(what) to \(target) in \(seconds(x.duration)), peaking at \(peak), from \(x.sources) source\(s(x.sources))."
        ]
        if isReplies {
            details.append(
                "\(target) asked for almost none of them: echo replies it never requested are backscatter of pings sent in its name "
                    + "(a Smurf-style reflection attack).")
        } else {
            details.append("\(target) answered \(NumberFormat.grouped(x.answered)) of them.")
        }
        let who = x.spoofedSources ? "\(x.sources) sources" : f.attackers.prefix(1).map(\.description).joined()
        return FindingWords(
            summary: isReplies
                ? "An ICMP reply flood: \(target) received \(packets) echo replies it never asked for, at up to \(peak)."
                : "An ICMP flood: \(who) sent \(packets) echo requests to \(target) at up to \(peak).",
            details: details,
            confidenceReason: "\(packets) echo \(what) (threshold \(t.minimumFloodPackets)) "
                + "at up to \(peak) (threshold \(t.floodPacketsPerSecond)).")
    }
}
