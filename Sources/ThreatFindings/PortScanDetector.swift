import PacketDecoding
import Support
import TrafficStatistics

/// Vertical port scans: one source probing many ports (or IP protocols) of one target.
///
/// Works on the conversation tables and the host-activity facts (no packet pass of its own): each
/// TCP/UDP conversation is one probe of the responder's port; the first probe's flags name the
/// technique (SYN, FIN, NULL, Xmas, ACK, Maimon), the answers give each port its nmap state. A port
/// counts as probed when a conversation to it carried no data (hidden among data-carrying work
/// traffic, a scan still stands out). Several sources scanning the same target the same way at the
/// same time are merged into one decoy or distributed scan, with the real scanner named first.
public struct PortScanDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Pair: Hashable { var attacker: IPAddress; var target: IPAddress }
    struct GroupKey: Hashable { var pair: Pair; var family: Technique }

    public func detect(_ summary: TrafficSummary) -> [Finding] {
        var findings = tcpScans(summary)
        findings += udpScans(summary)
        findings += protocolScans(summary)
        return mergeDecoys(findings, summary)
    }

    // MARK: TCP

    static func technique(_ flags: TCPFlags) -> Technique? {
        switch flags.controlBits {
        case [.syn]: .tcpSYN
        case [.fin]: .tcpFIN
        case []: .tcpNULL
        case [.fin, .psh, .urg]: .tcpXmas
        case [.ack]: .tcpACK
        case [.fin, .ack]: .tcpMaimon
        default: nil
        }
    }

    /// A conversation that only probed: no data from the prober (a banner-sized answer at most).
    static func isProbe(_ r: Conversation, family: Technique, _ t: DetectionThresholds) -> Bool {
        if family == .tcpSYN {
            return r.aToB.payloadFrames == 0 && r.bToA.payloadBytes < t.maximumProbeAnswerBytes && r.aToB.frames <= t.maximumProbePackets
        }
        return r.aToB.payloadFrames == 0 && r.aToB.frames <= t.maximumProbePackets && r.bToA.payloadFrames == 0
    }

    func tcpScans(_ summary: TrafficSummary) -> [Finding] {
        let rows = summary.conversations.tcp.rows
        var groups: [GroupKey: [Int]] = [:]
        var order: [GroupKey] = []
        for (i, row) in rows.enumerated() {
            guard let t = Self.technique(row.aToB.firstFlags), row.aToB.frames > 0 else { continue }
            let key = GroupKey(pair: Pair(attacker: row.a.address, target: row.b.address), family: t)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var unreachable: [Pair: [UInt16: Int]] = [:]
        for u in summary.icmp.unreachables where u.quotedProtocol == .tcp {
            unreachable[Pair(attacker: u.prober, target: u.target), default: [:]][u.port, default: 0] += 1
        }
        var findings: [Finding] = []
        for key in order {
            // Fewer connections than the port minimum cannot make a scan (most groups).
            guard let all = groups[key], all.count >= thresholds.minimumScanPorts else { continue }
            let family = key.family, pair = key.pair
            let probeRows = all.filter { Self.isProbe(rows[$0], family: family, thresholds) }
            let probePorts = Set(probeRows.map { rows[$0].b.port })
            guard probePorts.count >= thresholds.minimumScanPorts else { continue }
            let allPorts = Set(all.map { rows[$0].b.port })
            let probeFraction = Double(probePorts.count) / Double(allPorts.count)
            guard probeFraction >= thresholds.minimumProbeFraction else { continue }
            let activity = summary.hostActivity.pairs[HostPair(pair.attacker, pair.target)] ?? PairActivity()
            let answers = summary.hostActivity.pairs[HostPair(pair.target, pair.attacker)] ?? PairActivity()
            var technique = family
            if family == .tcpACK && !answers.rstWindowPorts.isEmpty { technique = .tcpWindow }

            var states: [UInt16: PortState] = [:]
            var completed = 0, openRows = 0, craftedHalfOpen = 0, notCompletedByKernel = 0
            var attackerResets = 0, targetResets = 0
            var firstOpen = 0, firstClosed = 0, firstAttackerReset = 0
            let icmp = unreachable[pair] ?? [:]
            var icmpFrames = 0
            for m in probeRows {
                let r = rows[m]
                let state: PortState
                switch technique {
                case .tcpSYN:
                    if r.bToA.synAck > 0 { state = .open } else if r.bToA.rst > 0 { state = .closed } else { state = .filtered }
                case .tcpACK:
                    state = r.bToA.rst > 0 ? .unfiltered : .filtered
                case .tcpWindow:
                    state = r.bToA.rst > 0 ? (answers.rstWindowPorts.contains(r.b.port) ? .open : .closed) : .filtered
                default:
                    state = r.bToA.rst > 0 ? .closed : (icmp[r.b.port] != nil ? .filtered : .openOrFiltered)
                }
                states[r.b.port] = max(states[r.b.port] ?? state, state)
                if r.bToA.synAck > 0 {
                    openRows += 1
                    if firstOpen == 0 { firstOpen = r.bToA.firstSynAckFrame }
                    if r.aToB.pureAck > 0 || r.aToB.payloadFrames > 0 { completed += 1 }
                    // Reset right after the SYN+ACK: half-open scanning when the SYN was crafted; a connect()
                    // the program abandoned before the answer came (a browser's preconnect) when the kernel built it.
                    if r.aToB.rst > 0 && r.aToB.pureAck == 0 && r.aToB.payloadFrames == 0 {
                        if r.kernelSYN { notCompletedByKernel += 1 } else { craftedHalfOpen += 1 }
                    }
                }
                if state == .closed && firstClosed == 0 { firstClosed = r.bToA.firstRstFrame }
                attackerResets += r.aToB.rst; targetResets += r.bToA.rst
                if r.aToB.rst > 0 && firstAttackerReset == 0 { firstAttackerReset = r.aToB.firstRstFrame }
            }
            for port in probePorts { icmpFrames += icmp[port] ?? 0 }
            var connectEvidence: ConnectScanEvidence?
            var halfOpenResets = craftedHalfOpen
            if technique == .tcpSYN {
                // Completed handshakes outweigh the crafted half-open ones: a connect scan, whatever
                // else (browsing) the host did at the same time.
                if completed > 0 && completed > craftedHalfOpen {
                    technique = .tcpConnect; connectEvidence = .completedHandshakes
                } else if openRows == 0 && activity.kernelSYNs > activity.rawSYNs {
                    technique = .tcpConnect; connectEvidence = .operatingSystemOptions
                } else {
                    halfOpenResets += notCompletedByKernel
                }
            }

            let portStates = Self.portStates(states)
            let memberRows = probeRows.map { rows[$0] }
            let streams = memberRows.map(\.stream)
            let firstFrame = memberRows.map(\.firstFrame).min() ?? 0
            let lastFrame = memberRows.map(\.lastFrame).max() ?? 0
            let start = memberRows.map(\.firstTimestamp).min() ?? 0
            let end = memberRows.map(\.lastTimestamp).max() ?? 0
            let frames = memberRows.reduce(0) { $0 + $1.frames } + icmpFrames
            let duration = Double(end - start) / 1e9

            let evidence = Array(Set([firstFrame, firstOpen, firstAttackerReset, firstClosed].filter { $0 > 0 })).sorted()
            let probeFilter: String
            switch technique {
            case .tcpSYN, .tcpConnect: probeFilter = "tcp.flags.syn==1 && tcp.flags.ack==0"
            case .tcpFIN: probeFilter = "tcp.flags==0x001"
            case .tcpNULL: probeFilter = "tcp.flags==0x000"
            case .tcpXmas: probeFilter = "tcp.flags==0x029"
            case .tcpACK, .tcpWindow: probeFilter = "tcp.flags==0x010"
            default: probeFilter = "tcp.flags==0x011"
            }
            var facts = TCPScanFacts()
            facts.probedPorts = states.count; facts.attempts = memberRows.count; facts.duration = duration
            facts.dataPorts = allPorts.count - probePorts.count
            facts.halfOpenResets = halfOpenResets
            facts.craftedSYNs = activity.rawSYNs > activity.kernelSYNs
            facts.connectEvidence = connectEvidence; facts.completedHandshakes = completed
            facts.icmpAnswers = icmpFrames > 0
            facts.targetResets = targetResets; facts.scannerResets = attackerResets
            facts.probeFilter = "\(Filter.source(pair.attacker)) && \(Filter.destination(pair.target)) && \(probeFilter)"
            facts.probePercent = Int((probeFraction * 100).rounded())
            facts.answeredProbes = portStates.open.count + portStates.closed.count + portStates.unfiltered.count
            let confidence = min(0.99, 0.6 + 0.3 * min(1, Double(states.count) / 100) + 0.09 * probeFraction)
            let broad =
                states.count >= thresholds.highSeverityScanPorts
                || !portStates.open.isEmpty && states.count >= thresholds.highSeverityScanPortsWithOpen
            let severity: FindingSeverity = broad ? .high : .medium
            findings.append(Finding(
                kind: .portScan, technique: technique, severity: severity, confidence: Self.round(confidence),
                attackers: [pair.attacker], targets: [pair.target], ports: portStates,
                firstFrame: firstFrame, lastFrame: lastFrame, start: start, end: end, packetCount: frames,
                evidenceFrames: evidence,
                displayFilter: Self.streamFilter("tcp", streams, fallback: "\(Filter.between(pair.attacker, pair.target)) && tcp", hosts: (pair.attacker, pair.target)),
                attack: ["T1046"],
                    streams: memberRows.filter { $0.bToA.synAck > 0 }.map(\.stream).prefix(5).map { $0 },
                    facts: .tcpScan(facts)))
        }
        return findings
    }

    static func portStates(_ states: [UInt16: PortState]) -> PortStates {
        var s = PortStates()
        s.probed = states.count
        for (port, state) in states.sorted(by: { $0.key < $1.key }) {
            switch state {
            case .open: s.open.append(port)
            case .closed: s.closed.append(port)
            case .filtered: s.filtered.append(port)
            case .unfiltered: s.unfiltered.append(port)
            case .openOrFiltered: s.openOrFiltered.append(port)
            }
        }
        return s
    }

    /// `tcp.stream in {…}` when short enough to paste, else the host-pair filter.
    static func streamFilter(_ transport: String, _ streams: [Int], fallback: String, hosts: (IPAddress, IPAddress)? = nil) -> String {
        guard Filter.rangeCount(streams) <= 300 else { return fallback }
        guard let (a, b) = hosts else { return Filter.streams(transport, streams) }
        return "\(a == b ? Filter.host(a) : Filter.between(a, b)) && \(Filter.streams(transport, streams))"
    }

    static func round(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    // MARK: UDP

    static let udpServerPorts: Set<UInt16> = [53, 67, 68, 123, 137, 138, 161, 443, 500, 514, 1900, 4500, 5353, 5355]

    /// A UDP conversation that only probed: a few datagrams from the prober (nmap sends several protocol
    /// payloads to some ports, such as DNS server-status and version.bind to 53), each answered at most
    /// once, or at most `maximumProbeAnswers` answers in all.
    static func isUDPProbe(_ r: Conversation, _ t: DetectionThresholds) -> Bool {
        r.aToB.frames <= t.maximumProbePackets && r.bToA.frames <= max(t.maximumProbeAnswers, r.aToB.frames)
    }

    func udpScans(_ summary: TrafficSummary) -> [Finding] {
        var groups: [Pair: [Int]] = [:]
        var order: [Pair] = []
        let rows = summary.conversations.udp.rows
        for (i, row) in rows.enumerated() where !row.b.address.isMulticastOrBroadcast && !Self.udpServerPorts.contains(row.a.port) {
            let pair = Pair(attacker: row.a.address, target: row.b.address)
            if groups[pair] == nil { order.append(pair) }
            groups[pair, default: []].append(i)
        }
        var unreachable: [Pair: [UInt16: UInt8]] = [:]
        var unreachableCount: [Pair: [UInt16: Int]] = [:]
        var unreachableFirst: [Pair: Int] = [:]
        for u in summary.icmp.unreachables where u.quotedProtocol == .udp {
            let pair = Pair(attacker: u.prober, target: u.target)
            unreachable[pair, default: [:]][u.port] = u.code
            unreachableCount[pair, default: [:]][u.port, default: 0] += 1
            if unreachableFirst[pair] == nil { unreachableFirst[pair] = u.frame }
        }
        var findings: [Finding] = []
        for pair in order {
            // Fewer datagram flows than the port minimum cannot make a scan (most pairs).
            guard let members = groups[pair], members.count >= thresholds.minimumScanPorts else { continue }
            let activity = summary.hostActivity.pairs[HostPair(pair.attacker, pair.target)] ?? PairActivity()
            guard activity.timeExceeded < thresholds.tracerouteTimeExceeded else { continue }   // a traceroute
            let probes = members.filter { Self.isUDPProbe(rows[$0], thresholds) }
            let ports = Set(probes.map { rows[$0].b.port })
            guard ports.count >= thresholds.minimumScanPorts else { continue }
            let allPorts = Set(members.map { rows[$0].b.port })
            let probeFraction = Double(ports.count) / Double(allPorts.count)
            guard probeFraction >= thresholds.minimumProbeFraction else { continue }
            let answers = unreachable[pair] ?? [:]
            var s = PortStates()
            let replied = Set(probes.filter { rows[$0].bToA.frames > 0 }.map { rows[$0].b.port })
            for port in ports.sorted() {
                if replied.contains(port) { s.open.append(port) } else if let code = answers[port] {
                    if code == (pair.target.isIPv6 ? 4 : 3) { s.closed.append(port) } else { s.filtered.append(port) }
                } else { s.openOrFiltered.append(port) }
            }
            s.probed = ports.count
            let memberRows = probes.map { rows[$0] }
            let icmpFrames = ports.reduce(0) { $0 + (unreachableCount[pair]?[$1] ?? 0) }
            let firstFrame = memberRows.map(\.firstFrame).min() ?? 0
            let lastFrame = memberRows.map(\.lastFrame).max() ?? 0
            let start = memberRows.map(\.firstTimestamp).min() ?? 0
            let end = memberRows.map(\.lastTimestamp).max() ?? 0
            let evidence = Array(Set([firstFrame, unreachableFirst[pair] ?? 0].filter { $0 > 0 })).sorted()
            findings.append(Finding(
                    kind: .portScan, technique: .udp, severity: ports.count >= thresholds.highSeverityScanPorts ? .high : .medium,
                    confidence: Self.round(min(0.95, 0.55 + 0.3 * min(1, Double(ports.count) / 100) + 0.1 * probeFraction)),
                attackers: [pair.attacker], targets: [pair.target], ports: s,
                firstFrame: firstFrame, lastFrame: lastFrame, start: start, end: end,
                packetCount: memberRows.reduce(0) { $0 + $1.frames } + icmpFrames,
                evidenceFrames: evidence,
                displayFilter: Self.streamFilter("udp", memberRows.map(\.stream), fallback: "\(Filter.between(pair.attacker, pair.target)) && (udp || icmp.type==3)",
                                                 hosts: (pair.attacker, pair.target)),
                attack: ["T1046"],
                    facts: .udpScan(UDPScanFacts(duration: Double(end - start) / 1e9))))
        }
        return findings
    }

    // MARK: IP protocol scan

    func protocolScans(_ summary: TrafficSummary) -> [Finding] {
        var findings: [Finding] = []
        // Only pairs that carried other protocols can qualify: those are sorted, not every pair.
        var keys: [HostPair] = []
        for (key, a) in summary.hostActivity.pairs
        where a.otherProtocols.count + 2 >= thresholds.minimumScannedProtocols && a.otherProtocolFrames.count > 0 {
            keys.append(key)
        }
        keys.sort { $0.source != $1.source ? $0.source < $1.source : $0.destination < $1.destination }
        for key in keys {
            guard let a = summary.hostActivity.pairs[key], a.otherProtocols.count + 2 >= thresholds.minimumScannedProtocols,
                  a.otherProtocolFrames.count > 0 else { continue }
            let pair = Pair(attacker: key.source, target: key.destination)
            var probed = a.otherProtocols
            let tcpRows = summary.conversations.tcp.rows.filter { $0.a.address == key.source && $0.b.address == key.destination }
            let udpRows = summary.conversations.udp.rows.filter { $0.a.address == key.source && $0.b.address == key.destination }
            if !tcpRows.isEmpty { probed.insert(6) }
            if !udpRows.isEmpty { probed.insert(17) }
            guard probed.count >= thresholds.minimumScannedProtocols else { continue }
            let back = summary.hostActivity.pairs[HostPair(key.destination, key.source)] ?? PairActivity()
            var codes: [UInt8: UInt8] = [:]
            var icmpFrames = 0, firstICMP = 0
            for u in summary.icmp.unreachables where u.prober == key.source && u.target == key.destination {
                codes[u.quotedProtocol.rawValue] = u.code
                icmpFrames += 1
                if firstICMP == 0 { firstICMP = u.frame }
            }
            var states: [UInt16: PortState] = [:]
            for p in probed.members {
                // On loopback the target is the scanner itself: its own probes are no answer.
                let answeredInKind = (key.source != key.destination && back.otherProtocols.contains(p)) || (p == 6 && tcpRows.contains { $0.bToA.frames > 0 })
                    || (p == 17 && udpRows.contains { $0.bToA.frames > 0 })
                if key.source == key.destination && p == 1 && back.echoReplies.count > 0 { states[UInt16(p)] = .open }
                else if answeredInKind || (p == 17 && codes[p] == 3) { states[UInt16(p)] = .open }
                else if let code = codes[p] { states[UInt16(p)] = code == 2 ? .closed : .filtered }
                else { states[UInt16(p)] = .openOrFiltered }
            }
            let s = Self.portStates(states)
            let firstFrame = min(a.otherProtocolFrames.firstFrame, firstICMP == 0 ? Int.max : firstICMP)
            let lastFrame = a.otherProtocolFrames.lastFrame
            findings.append(Finding(
                    kind: .portScan, technique: .ipProtocol, severity: .medium,
                    confidence: Self.round(min(0.95, 0.6 + Double(probed.count) / 300)),
                attackers: [pair.attacker], targets: [pair.target], ports: s,
                firstFrame: firstFrame, lastFrame: lastFrame, start: a.otherProtocolFrames.firstTime, end: a.otherProtocolFrames.lastTime,
                packetCount: a.otherProtocolFrames.count + icmpFrames,
                evidenceFrames: Array(Set([a.otherProtocolFrames.firstFrame, firstICMP].filter { $0 > 0 })).sorted(),
                displayFilter: "(\(Filter.source(pair.attacker)) && \(Filter.destination(pair.target)) && !tcp && !udp && !icmp) || (icmp.type==3 && \(Filter.destination(pair.attacker)) && \(Filter.host(pair.target)))",
                attack: ["T1046"],
                    facts: .protocolScan(ProtocolScanFacts(protocols: probed.count, rawPackets: a.otherProtocolFrames.count))))
        }
        return findings
    }

    // MARK: decoys and distributed scans

    /// Scans of the same target with the same technique, by several sources, overlapping in time and
    /// ports: one decoy/distributed scan. The real scanner is the source that reacted to the answers
    /// (reset or completed the handshakes) or has other traffic of its own.
    func mergeDecoys(_ findings: [Finding], _ summary: TrafficSummary) -> [Finding] {
        var out: [Finding] = []
        var used = Set<Int>()
        for i in findings.indices where !used.contains(i) {
            let f = findings[i]
            guard f.kind == .portScan, let ports = f.ports else { out.append(f); continue }
            let portSet = Set(Self.allPorts(ports))
            var group = [i]
            for j in findings.indices where j > i && !used.contains(j) {
                let g = findings[j]
                guard g.kind == .portScan, g.technique == f.technique || (Self.synFamily(g.technique) && Self.synFamily(f.technique)),
                      g.targets == f.targets, let gp = g.ports else { continue }
                let other = Set(Self.allPorts(gp))
                let overlap = Double(portSet.intersection(other).count) / Double(max(1, min(portSet.count, other.count)))
                let timeOverlap = g.start <= f.end && f.start <= g.end
                if overlap >= thresholds.minimumDecoyPortOverlap && timeOverlap { group.append(j) }
            }
            guard group.count > 1 else { out.append(f); continue }
            for j in group { used.insert(j) }
            out.append(merge(group.map { findings[$0] }, summary))
        }
        return out
    }

    static func synFamily(_ t: Technique?) -> Bool { t == .tcpSYN || t == .tcpConnect }

    static func allPorts(_ p: PortStates) -> [UInt16] { p.open + p.closed + p.filtered + p.unfiltered + p.openOrFiltered }

    func merge(_ group: [Finding], _ summary: TrafficSummary) -> Finding {
        let target = group[0].targets.first ?? .unspecified
        let tcpRows = summary.conversations.tcp.rows
        // Score each source: reacting to the target's answers, and traffic of its own, mark the real host.
        var scored: [(Finding, Int, [DecoyEvidence])] = []
        for f in group {
            let src = f.attackers.first ?? .unspecified
            var score = 0
            var why: [DecoyEvidence] = []
            let rows = tcpRows.filter { $0.a.address == src && $0.b.address == target && $0.bToA.synAck > 0 }
            let resets = rows.filter { $0.aToB.rst > 0 || $0.aToB.pureAck > 0 }.count
            if resets > 0 { score += 3; why.append(.answeredSYNACKs(resets)) }
            let pa = summary.hostActivity.pairs[HostPair(src, target)]
            if let pa, pa.otherMAC.rawValue != 0 && pa.sourceMAC.rawValue != 0 {
                score -= 3; why.append(.twoMACs(pa.sourceMAC, pa.otherMAC))
            }
            if let mac = pa?.sourceMAC, mac.rawValue != 0, summary.arp.claims.contains(where: { $0.mac == mac && $0.ip == src }) {
                score += 2; why.append(.ownsProbeMAC)
            }
            if (pa?.echoRequests.count ?? 0) > 0 || (pa?.timestampRequests.count ?? 0) > 0 { score += 1; why.append(.pingedFirst) }
            if summary.arp.requesters.contains(where: { $0.ip == src }) { score += 1; why.append(.sentARPRequests) }
            let dataRows = tcpRows.filter { ($0.a.address == src || $0.b.address == src) && $0.aToB.payloadFrames + $0.bToA.payloadFrames > 0 }
            if !dataRows.isEmpty { score += 1; why.append(.dataConnections) }
            scored.append((f, score, why))
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.firstFrame < $1.0.firstFrame }
        let top = scored[0]
        let decided = scored.count >= 2 && scored[1].1 < top.1 && (top.1 > 0 || scored[1].1 < 0)
        let macs = Set(group.compactMap { f in f.attackers.first.flatMap { summary.hostActivity.pairs[HostPair($0, target)]?.sourceMAC } }.filter { $0.rawValue != 0 })
        var merged = top.0
        let sources = scored.map { $0.0.attackers.first ?? .unspecified }
        if decided {
            merged.attackers = [sources[0]]
            merged.decoys = Array(sources.dropFirst())
        } else {
            merged.attackers = sources
        }
        merged.firstFrame = group.map(\.firstFrame).min() ?? merged.firstFrame
        merged.lastFrame = group.map(\.lastFrame).max() ?? merged.lastFrame
        merged.start = group.map(\.start).min() ?? merged.start
        merged.end = group.map(\.end).max() ?? merged.end
        merged.packetCount = group.reduce(0) { $0 + $1.packetCount }
        merged.evidenceFrames = Array(Set(group.flatMap { $0.evidenceFrames.prefix(2) })).sorted()
        let filters = group.map(\.displayFilter)
        merged.displayFilter = filters.count == 1 ? filters[0] : filters.map { "(\($0))" }.joined(separator: " || ")
        var decoy = DecoyScanFacts()
        decoy.sources = sources
        decoy.decided = decided
        decoy.evidence = top.2
        decoy.sharedMAC = macs.count == 1 ? macs.first : nil
        merged.decoy = decoy
        merged.severity = max(merged.severity, .high)
        return merged
    }
}
