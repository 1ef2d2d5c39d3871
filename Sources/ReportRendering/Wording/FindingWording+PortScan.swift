import Support
import ThreatFindings

extension FindingWording {
    /// "SYN (half-open) port scan", "UDP port scan", …
    static func techniqueName(_ t: Technique?) -> String {
        switch t {
        case .tcpSYN: "SYN (half-open) port scan"
        case .tcpConnect: "TCP connect port scan"
        case .tcpFIN: "FIN port scan"
        case .tcpNULL: "NULL port scan"
        case .tcpXmas: "Xmas port scan"
        case .tcpACK: "ACK port scan (firewall mapping)"
        case .tcpWindow: "Window port scan"
        case .tcpMaimon: "Maimon port scan"
        case .udp: "UDP port scan"
        case .ipProtocol: "IP protocol scan"
        default: "port scan"
        }
    }

    /// Well-known ports first (telnet, ssh, …), then the rest in order.
    static func notable(_ ports: [UInt16]) -> [UInt16] {
        let priority: [UInt16] = [23, 21, 22, 25, 80, 443, 445, 3389, 139, 110, 143, 3306]
        return priority.filter(ports.contains) + ports.filter { !priority.contains($0) }
    }

    /// The first `limit` ports with their service names, and how many more there are.
    static func ports(_ ports: [UInt16], limit: Int) -> String {
        PortNames.list(Array(ports.prefix(limit))) + (ports.count > limit ? " and \(ports.count - limit) more" : "")
    }

    static func tcpScan(_ x: TCPScanFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let attacker = f.attackers.first ?? .unspecified, target = f.targets.first ?? .unspecified
        let states = f.ports ?? PortStates()
        let technique = f.technique
        let name = techniqueName(technique)
        var details = [
            "\(NumberFormat.grouped(x.probedPorts)) distinct ports of \(target) probed by \(attacker) in \(seconds(x.duration)) (\(NumberFormat.grouped(x.attempts)) connection attempts)."
        ]
        if x.duration >= 60 && x.probedPorts > 0 {
            let every = seconds(x.duration / Double(max(1, x.attempts - 1)))
            details.append("Slow scan: about one probe every \(every), below the rate most IDS scan thresholds watch.")
        }
        if x.dataPorts > 0 {
            details.append(
                "\(NumberFormat.grouped(x.dataPorts)) other ports of \(target) carried ordinary data from \(attacker); the probes stand out among them."
            )
        }
        if !states.open.isEmpty {
            let how = technique == .tcpWindow ? "answered RST with a non-zero window" : "answered SYN+ACK"
            details.append("Open (\(how)): \(PortNames.list(states.open)).")
        }
        if technique == .tcpSYN && x.halfOpenResets > 0 {
            details.append(
                "\(attacker) reset \(x.halfOpenResets) half-open connection\(s(x.halfOpenResets)) right after the SYN+ACK "
                    + "instead of completing the handshake (half-open scanning).")
        }
        if technique == .tcpSYN && x.craftedSYNs {
            details.append(
                "The SYN probes carry at most an MSS option (no SACK, timestamps or window scaling): "
                    + "crafted by a raw-packet scanner such as nmap -sS or masscan, not by the operating system.")
        }
        if technique == .tcpConnect {
            if x.connectEvidence == .completedHandshakes {
                details.append(
                    "\(attacker) completed the three-way handshake on \(x.completedHandshakes) open port\(s(x.completedHandshakes)) "
                        + "and then closed the connection (connect scanning).")
            } else {
                details.append(
                    "The SYNs carry the operating system's full option set (SACK, timestamps, window scaling): "
                        + "connect() calls, as nmap -sT makes them.")
            }
        }
        if !states.closed.isEmpty {
            let how = technique == .tcpWindow ? "answered RST with a zero window" : "\(target) answered RST"
            let examples = PortNames.list(Array(notable(states.closed).prefix(8)))
            details.append("Closed (\(how)): \(NumberFormat.grouped(states.closed.count)) ports, such as \(examples).")
        }
        if !states.unfiltered.isEmpty {
            details.append(
                "Unfiltered (answered RST to the ACK probe): \(NumberFormat.grouped(states.unfiltered.count)) ports; no firewall filters them. "
                    + "An ACK probe cannot tell open from closed; a Window scan (nmap -sW) sends the same probes "
                    + "and reads the RST window, which is zero here.")
        }
        if !states.filtered.isEmpty {
            details.append(
                "Filtered (no answer\(x.icmpAnswers ? " or ICMP unreachable" : "")): \(NumberFormat.grouped(states.filtered.count)) ports.")
        }
        if !states.openOrFiltered.isEmpty {
            details.append("Open|filtered (no answer to the probe): \(ports(states.openOrFiltered, limit: 12)).")
        }
        details.append("RSTs: \(x.targetResets) sent by the target \(target), \(x.scannerResets) sent by the scanner \(attacker).")
        details.append("Probes: `\(x.probeFilter)`.")
        let openText = states.open.isEmpty ? "" : "; open: \(ports(states.open, limit: 20))"
        return FindingWords(
            summary: "A \(name): \(attacker) probed \(NumberFormat.grouped(x.probedPorts)) TCP ports of \(target)\(openText).",
            details: details,
            confidenceReason: "\(NumberFormat.grouped(x.probedPorts)) distinct ports probed (threshold \(t.minimumScanPorts)); "
                + "\(x.probePercent)% of the ports \(attacker) touched saw probes only; "
                + "\(x.answeredProbes) probes answered by the target in the pattern of a \(name).")
    }

    static func udpScan(_ x: UDPScanFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let attacker = f.attackers.first ?? .unspecified, target = f.targets.first ?? .unspecified
        let states = f.ports ?? PortStates()
        var details = ["\(states.probed) distinct UDP ports of \(target) probed by \(attacker) in \(seconds(x.duration))."]
        if !states.open.isEmpty { details.append("Open (a UDP reply came back): \(PortNames.list(states.open)).") }
        if !states.closed.isEmpty {
            details.append("Closed (ICMP port unreachable from the target): \(NumberFormat.grouped(states.closed.count)) ports.")
        }
        if !states.filtered.isEmpty {
            details.append("Filtered (other ICMP unreachable): \(NumberFormat.grouped(states.filtered.count)) ports.")
        }
        if !states.openOrFiltered.isEmpty {
            details.append("Open|filtered (no answer): \(NumberFormat.grouped(states.openOrFiltered.count)) ports.")
        }
        if states.closed.count > 0 && states.openOrFiltered.count > states.closed.count {
            details.append(
                "Many ports gave no answer although closed ports answer ICMP: the target rate-limits ICMP errors "
                    + "(Linux: 1 per second), so nmap would retry and call them open|filtered.")
        }
        return FindingWords(
            summary: "A UDP port scan: \(attacker) probed \(NumberFormat.grouped(states.probed)) UDP ports of \(target)"
                + (states.open.isEmpty ? "" : "; open: \(PortNames.list(states.open))") + ".",
            details: details,
            confidenceReason: "\(states.probed) distinct UDP ports probed (threshold \(t.minimumScanPorts)) with one or two packets each; "
                + "\(states.closed.count) answered ICMP port unreachable.")
    }

    /// "6/tcp", "47/gre", … (the number alone for the rest).
    static func ipProtocolName(_ p: UInt8) -> String {
        switch p {
        case 1: "1/icmp";
        case 2: "2/igmp";
        case 4: "4/ipip";
        case 6: "6/tcp";
        case 17: "17/udp";
        case 41: "41/ipv6"
        case 47: "47/gre";
        case 50: "50/esp";
        case 51: "51/ah";
        case 58: "58/ipv6-icmp";
        case 89: "89/ospf";
        case 103: "103/pim"
        case 112: "112/vrrp";
        case 132: "132/sctp"
        default: "\(p)"
        }
    }

    static func protocolScan(_ x: ProtocolScanFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let attacker = f.attackers.first ?? .unspecified, target = f.targets.first ?? .unspecified
        let states = f.ports ?? PortStates()
        let names = states.open.map { ipProtocolName(UInt8($0)) }.joined(separator: ", ")
        var details = [
            "\(x.protocols) IP protocols sent by \(attacker) to \(target) (\(x.rawPackets) packets without a TCP/UDP/ICMP header)."
        ]
        if !states.open.isEmpty { details.append("Open (answered in the same protocol): \(names).") }
        if !states.closed.isEmpty { details.append("Closed (ICMP protocol unreachable): \(states.closed.count) protocols.") }
        if !states.filtered.isEmpty { details.append("Filtered (other ICMP unreachable): \(states.filtered.count) protocols.") }
        if !states.openOrFiltered.isEmpty { details.append("Open|filtered (no answer): \(states.openOrFiltered.count) protocols.") }
        return FindingWords(
            summary:
                "An IP protocol scan: \(attacker) probed \(x.protocols) IP protocols of \(target)\(names.isEmpty ? "" : "; supported: \(names)").",
            details: details,
            confidenceReason: "\(x.protocols) distinct IP protocol numbers sent to one host (threshold \(t.minimumScannedProtocols)); "
                + "ordinary hosts use a handful; \(states.closed.count) answered ICMP protocol unreachable.")
    }

    /// What marked the real scanner, as "it …" continues.
    static func decoyEvidence(_ e: DecoyEvidence) -> String {
        switch e {
        case .answeredSYNACKs(let n): "answered \(n) SYN+ACK\(s(n)) (reset or completed)"
        case .twoMACs(let a, let b): "is used by two MACs (\(a), \(b)): forged by another machine"
        case .ownsProbeMAC: "owns, in ARP, the MAC the probes came from"
        case .pingedFirst: "pinged the target first"
        case .sentARPRequests: "sent ARP requests of its own"
        case .dataConnections: "has data connections of its own"
        }
    }

    /// A merged scan: the decoy (or distributed) sentences lead the real scanner's own words.
    static func decoyScan(_ d: DecoyScanFacts, _ f: Finding, _ own: FindingWords) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let name = techniqueName(f.technique)
        let transport = f.technique == .udp ? "UDP" : "TCP"
        let probed = f.ports?.probed ?? 0
        let why = d.evidence.map(decoyEvidence).joined(separator: ", ")
        let real = d.sources.first ?? .unspecified
        var lead: [String] = []
        if d.decided {
            lead.append(
                "Decoy scan: \(d.sources.count) sources probed the same \(NumberFormat.grouped(probed)) ports of \(target) at the same time; "
                    + "\(real) is the real scanner (it \(why)); \(list(f.decoys)) are decoys.")
        } else {
            lead.append(
                "Distributed or decoy scan: \(d.sources.count) sources (\(list(d.sources))) probed the same ports of \(target) "
                    + "at the same time; the packets do not show which one is real.")
        }
        if let mac = d.sharedMAC {
            lead.append("Every source address arrived from the same MAC address \(mac): one machine sent them all (nmap -D style decoys).")
        }
        let decoys = f.decoys.count
        return FindingWords(
            summary: d.decided
                ? "A \(name) with decoys: \(real) probed \(NumberFormat.grouped(probed)) \(transport) ports of \(target), "
                    + "hiding among \(decoys) decoy address\(decoys == 1 ? "" : "es")."
                : "A distributed \(name): \(d.sources.count) sources probed \(NumberFormat.grouped(probed)) ports of \(target) in lockstep.",
            details: lead + own.details,
            confidenceReason: own.confidenceReason
                + (d.decided ? " Real scanner chosen because it \(why)." : " No source reacted differently to the answers."))
    }
}
