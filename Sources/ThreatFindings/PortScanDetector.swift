import PacketDecoding
import TrafficStatistics

/// Vertical port scans: one source probing many ports of one target, over TCP or UDP.
///
/// Works on the conversation tables (no packet pass of its own): each TCP/UDP conversation is one
/// probe of the responder's port; the probe's flags name the technique and the answers give each
/// port its nmap state (open, closed, filtered, unfiltered, open|filtered).
public struct PortScanDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Pair: Hashable { var attacker: IPAddress; var target: IPAddress }

    public func detect(_ summary: TrafficSummary) -> [Finding] {
        var findings = tcpScans(summary)
        findings += udpScans(summary)
        return findings
    }

    // MARK: TCP

    enum PortState: Int, Comparable {
        case openOrFiltered, filtered, unfiltered, closed, open
        static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
    }

    static func technique(_ flags: TCPFlags) -> String? {
        switch flags.controlBits {
        case [.syn]: "tcp-syn"
        case [.fin]: "tcp-fin"
        case []: "tcp-null"
        case [.fin, .psh, .urg]: "tcp-xmas"
        case [.ack]: "tcp-ack"
        case [.fin, .ack]: "tcp-maimon"
        default: nil
        }
    }

    func tcpScans(_ summary: TrafficSummary) -> [Finding] {
        var groups: [Pair: [Int]] = [:]
        let rows = summary.conversations.tcp.rows
        for (i, row) in rows.enumerated() where row.a.address != row.b.address {
            groups[Pair(attacker: row.a.address, target: row.b.address), default: []].append(i)
        }
        var findings: [Finding] = []
        for (pair, members) in groups {
            let ports = Set(members.map { rows[$0].b.port })
            guard ports.count >= thresholds.minimumScanPorts else { continue }
            let probes = members.filter { rows[$0].aToB.payloadBytes == 0 || rows[$0].aToB.frames <= 3 }
            let probeFraction = Double(probes.count) / Double(members.count)
            guard probeFraction >= thresholds.minimumProbeFraction else { continue }

            // Technique: the most common first-probe flag combination.
            var votes: [String: Int] = [:]
            for m in members { if let t = Self.technique(rows[m].aToB.firstFlags) { votes[t, default: 0] += 1 } }
            guard var technique = votes.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key else { continue }

            var states: [UInt16: PortState] = [:]
            var completed = 0, halfOpenResets = 0, openCount = 0
            var attackerResets = 0, targetResets = 0
            var firstOpen = 0, firstClosed = 0, firstAttackerReset = 0
            for m in members {
                let r = rows[m]
                let state: PortState
                switch technique {
                case "tcp-syn":
                    if r.bToA.synAck > 0 { state = .open } else if r.bToA.rst > 0 { state = .closed } else { state = .filtered }
                case "tcp-ack":
                    state = r.bToA.rst > 0 ? .unfiltered : .filtered
                default:
                    state = r.bToA.rst > 0 ? .closed : .openOrFiltered
                }
                states[r.b.port] = max(states[r.b.port] ?? state, state)
                if state == .open {
                    openCount += 1
                    if firstOpen == 0 { firstOpen = r.bToA.firstSynAckFrame }
                    if r.aToB.pureAck > 0 || r.aToB.payloadFrames > 0 { completed += 1 }
                    if r.aToB.rst > 0 && r.aToB.pureAck == 0 && r.aToB.payloadFrames == 0 { halfOpenResets += 1 }
                }
                if state == .closed && firstClosed == 0 { firstClosed = r.bToA.firstRstFrame }
                attackerResets += r.aToB.rst; targetResets += r.bToA.rst
                if r.aToB.rst > 0 && firstAttackerReset == 0 { firstAttackerReset = r.aToB.firstRstFrame }
            }
            if technique == "tcp-syn" && openCount > 0 && completed * 2 > openCount { technique = "tcp-connect" }

            var portStates = PortStates()
            portStates.probed = states.count
            for (port, state) in states.sorted(by: { $0.key < $1.key }) {
                switch state {
                case .open: portStates.open.append(port)
                case .closed: portStates.closed.append(port)
                case .filtered: portStates.filtered.append(port)
                case .unfiltered: portStates.unfiltered.append(port)
                case .openOrFiltered: portStates.openOrFiltered.append(port)
                }
            }
            let memberRows = members.map { rows[$0] }
            let firstFrame = memberRows.map(\.firstFrame).min() ?? 0
            let lastFrame = memberRows.map(\.lastFrame).max() ?? 0
            let start = memberRows.map(\.firstTimestamp).min() ?? 0
            let end = memberRows.map(\.lastTimestamp).max() ?? 0
            let frames = memberRows.reduce(0) { $0 + $1.frames }
            let duration = Double(end - start) / 1e9

            var details: [String] = []
            let name = Self.techniqueName(technique)
            details.append("\(states.count) distinct ports of \(pair.target) probed by \(pair.attacker) in \(Self.seconds(duration)) (\(members.count) connection attempts).")
            if !portStates.open.isEmpty {
                details.append("Open (answered SYN+ACK): \(Self.portList(portStates.open)).")
            }
            if technique == "tcp-syn" && halfOpenResets > 0 {
                details.append("\(pair.attacker) reset \(halfOpenResets) half-open connection\(halfOpenResets == 1 ? "" : "s") right after the SYN+ACK instead of completing the handshake (half-open scanning).")
            }
            if technique == "tcp-connect" {
                details.append("\(pair.attacker) completed the three-way handshake on \(completed) open port\(completed == 1 ? "" : "s") and then closed the connection (connect scanning).")
            }
            if !portStates.closed.isEmpty {
                details.append("Closed (\(pair.target) answered RST): \(portStates.closed.count) ports, such as \(Self.portList(Array(Self.notable(portStates.closed).prefix(8)))).")
            }
            if !portStates.unfiltered.isEmpty {
                details.append("Unfiltered (answered RST to the ACK probe): \(portStates.unfiltered.count) ports; no firewall filters them.")
            }
            if !portStates.filtered.isEmpty {
                details.append("Filtered (no answer): \(portStates.filtered.count) ports.")
            }
            if !portStates.openOrFiltered.isEmpty {
                details.append("Open|filtered (no answer to the probe): \(Self.portList(Array(portStates.openOrFiltered.prefix(12))))\(portStates.openOrFiltered.count > 12 ? " and \(portStates.openOrFiltered.count - 12) more" : "").")
            }
            details.append("RSTs: \(targetResets) sent by the target \(pair.target), \(attackerResets) sent by the scanner \(pair.attacker).")

            let evidence = [firstFrame, firstOpen, firstAttackerReset, firstClosed].filter { $0 > 0 }
            let reducedEvidence = Array(Set(evidence)).sorted()
            let probeFilter: String
            switch technique {
            case "tcp-syn", "tcp-connect": probeFilter = "tcp.flags.syn==1 && tcp.flags.ack==0"
            case "tcp-fin": probeFilter = "tcp.flags==0x001"
            case "tcp-null": probeFilter = "tcp.flags==0x000"
            case "tcp-xmas": probeFilter = "tcp.flags==0x029"
            case "tcp-ack": probeFilter = "tcp.flags==0x010"
            default: probeFilter = "tcp.flags==0x011"
            }
            details.append("Probes: `\(Filter.source(pair.attacker)) && \(Filter.destination(pair.target)) && \(probeFilter)`.")
            let answered = portStates.open.count + portStates.closed.count + portStates.unfiltered.count
            let confidence = min(0.99, 0.6 + 0.3 * min(1, Double(states.count) / 100) + 0.09 * probeFraction)
            let severity: FindingSeverity = states.count >= thresholds.highSeverityScanPorts || !portStates.open.isEmpty && states.count >= 50 ? .high : .medium
            var openText = ""
            if !portStates.open.isEmpty { openText = "; open: \(Self.portList(portStates.open))" }
            findings.append(Finding(
                kind: .portScan, technique: technique, severity: severity, confidence: (confidence * 100).rounded() / 100,
                confidenceReason: "\(states.count) distinct ports probed (threshold \(thresholds.minimumScanPorts)); \(Int((probeFraction * 100).rounded()))% of the connections carried no data from \(pair.attacker); \(answered) probes answered by the target in the pattern of a \(name).",
                attackers: [pair.attacker], targets: [pair.target], ports: portStates,
                firstFrame: firstFrame, lastFrame: lastFrame, start: start, end: end, packetCount: frames,
                evidenceFrames: reducedEvidence,
                displayFilter: "\(Filter.between(pair.attacker, pair.target)) && tcp",
                attack: ["T1046"],
                summary: "A \(name): \(pair.attacker) probed \(states.count) TCP ports of \(pair.target)\(openText).",
                details: details,
                streams: memberRows.filter { $0.bToA.synAck > 0 }.map(\.stream).prefix(5).map { $0 }))
        }
        return findings
    }

    // MARK: UDP

    func udpScans(_ summary: TrafficSummary) -> [Finding] {
        var groups: [Pair: [Int]] = [:]
        let rows = summary.conversations.udp.rows
        for (i, row) in rows.enumerated() where row.a.address != row.b.address && !row.b.address.isMulticastOrBroadcast {
            groups[Pair(attacker: row.a.address, target: row.b.address), default: []].append(i)
        }
        var unreachable: [Pair: [UInt16: UInt8]] = [:]
        var unreachableFrames: [Pair: [Int]] = [:]
        for u in summary.icmp.unreachables where u.quotedProtocol == .udp {
            unreachable[Pair(attacker: u.prober, target: u.target), default: [:]][u.port] = u.code
            unreachableFrames[Pair(attacker: u.prober, target: u.target), default: []].append(u.frame)
        }
        var findings: [Finding] = []
        for (pair, members) in groups {
            let ports = Set(members.map { rows[$0].b.port })
            guard ports.count >= thresholds.minimumScanPorts else { continue }
            let probes = members.filter { rows[$0].aToB.frames <= 3 && rows[$0].bToA.frames <= 3 }
            let probeFraction = Double(probes.count) / Double(members.count)
            guard probeFraction >= thresholds.minimumProbeFraction else { continue }
            let answers = unreachable[pair] ?? [:]
            var s = PortStates()
            for port in ports.sorted() {
                let replied = members.contains { rows[$0].b.port == port && rows[$0].bToA.frames > 0 }
                if replied { s.open.append(port) } else if let code = answers[port] {
                    if code == 3 { s.closed.append(port) } else { s.filtered.append(port) }
                } else { s.openOrFiltered.append(port) }
            }
            s.probed = ports.count
            let memberRows = members.map { rows[$0] }
            let icmpFrames = unreachableFrames[pair] ?? []
            let firstFrame = min(memberRows.map(\.firstFrame).min() ?? 0, icmpFrames.min() ?? Int.max)
            let lastFrame = max(memberRows.map(\.lastFrame).max() ?? 0, icmpFrames.max() ?? 0)
            let start = memberRows.map(\.firstTimestamp).min() ?? 0
            let end = memberRows.map(\.lastTimestamp).max() ?? 0
            var details = ["\(ports.count) distinct UDP ports of \(pair.target) probed by \(pair.attacker) in \(Self.seconds(Double(end - start) / 1e9))."]
            if !s.open.isEmpty { details.append("Open (a UDP reply came back): \(Self.portList(s.open)).") }
            if !s.closed.isEmpty { details.append("Closed (ICMP port unreachable from the target): \(s.closed.count) ports.") }
            if !s.filtered.isEmpty { details.append("Filtered (other ICMP unreachable): \(s.filtered.count) ports.") }
            if !s.openOrFiltered.isEmpty { details.append("Open|filtered (no answer): \(s.openOrFiltered.count) ports.") }
            let evidence = Array(Set([firstFrame, icmpFrames.first ?? 0].filter { $0 > 0 })).sorted()
            findings.append(Finding(
                kind: .portScan, technique: "udp", severity: ports.count >= thresholds.highSeverityScanPorts ? .high : .medium,
                confidence: (min(0.95, 0.55 + 0.3 * min(1, Double(ports.count) / 100) + 0.1 * probeFraction) * 100).rounded() / 100,
                confidenceReason: "\(ports.count) distinct UDP ports probed (threshold \(thresholds.minimumScanPorts)) with one or two packets each; \(s.closed.count) answered ICMP port unreachable.",
                attackers: [pair.attacker], targets: [pair.target], ports: s,
                firstFrame: firstFrame, lastFrame: lastFrame, start: start, end: end,
                packetCount: memberRows.reduce(0) { $0 + $1.frames } + icmpFrames.count,
                evidenceFrames: evidence,
                displayFilter: "\(Filter.between(pair.attacker, pair.target)) && (udp || icmp.type==3)",
                attack: ["T1046"],
                summary: "A UDP port scan: \(pair.attacker) probed \(ports.count) UDP ports of \(pair.target)\(s.open.isEmpty ? "" : "; open: \(Self.portList(s.open))").",
                details: details))
        }
        return findings
    }

    // MARK: wording

    static func techniqueName(_ t: String) -> String {
        switch t {
        case "tcp-syn": "SYN (half-open) port scan"
        case "tcp-connect": "TCP connect port scan"
        case "tcp-fin": "FIN port scan"
        case "tcp-null": "NULL port scan"
        case "tcp-xmas": "Xmas port scan"
        case "tcp-ack": "ACK port scan (firewall mapping)"
        case "tcp-window": "Window port scan"
        case "tcp-maimon": "Maimon port scan"
        case "udp": "UDP port scan"
        default: "port scan"
        }
    }

    static let serviceNames: [UInt16: String] = [
        20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain", 80: "http", 110: "pop3",
        111: "rpcbind", 135: "msrpc", 139: "netbios-ssn", 143: "imap", 389: "ldap", 443: "https", 445: "microsoft-ds",
        993: "imaps", 995: "pop3s", 1433: "ms-sql-s", 1723: "pptp", 3306: "mysql", 3389: "ms-wbt-server",
        5432: "postgresql", 5900: "vnc", 6379: "redis", 8080: "http-proxy", 8443: "https-alt",
    ]

    /// `22/ssh, 80/http, 443/https`.
    static func portList(_ ports: [UInt16]) -> String {
        ports.map { p in serviceNames[p].map { "\(p)/\($0)" } ?? "\(p)" }.joined(separator: ", ")
    }

    /// Well-known ports first (telnet, ssh, …), then the rest in order.
    static func notable(_ ports: [UInt16]) -> [UInt16] {
        let priority: [UInt16] = [23, 21, 22, 25, 80, 443, 445, 3389, 139, 110, 143, 3306]
        return priority.filter(ports.contains) + ports.filter { !priority.contains($0) }
    }

    static func seconds(_ s: Double) -> String {
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s < 120 { return NumberFormat.fixed(s, 1) + " s" }
        return "\(Int((s / 60).rounded())) min"
    }
}
