import PacketDecoding
import TrafficStatistics

/// Horizontal reconnaissance: one source probing one port across many hosts (port sweep), or asking
/// many hosts whether they are alive (host discovery: ICMP echo/timestamp/address-mask, TCP ACK or
/// SYN pings, ARP requests), with the hosts that answered.
public struct SweepDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct PortKey: Hashable { var source: IPAddress; var port: UInt16; var family: Technique; var udp: Bool }
    static let udpExcluded: Set<UInt16> = [53, 123, 443, 3478, 5353, 5355, 1900, 137, 138, 67, 68, 546, 547, 19302]

    /// - Parameter scans: port-scan findings; a sweep of a port those scans already cover (an nmap
    ///   run over a whole network) is not reported again.
    public func detect(_ summary: TrafficSummary, scans: [Finding] = []) -> [Finding] {
        let tcp = summary.conversations.tcp.rows, udp = summary.conversations.udp.rows
        // Port-level sweeps (TCP SYN/ACK probes and UDP probes), by source, port and probe kind.
        var sweeps: [PortKey: [Int]] = [:]
        var order: [PortKey] = []
        for (i, r) in tcp.enumerated() {
            guard let t = PortScanDetector.technique(r.aToB.firstFlags), t == .tcpSYN || t == .tcpACK,
                PortScanDetector.isProbe(r, family: t, thresholds), !r.b.address.isMulticastOrBroadcast
            else { continue }
            let key = PortKey(source: r.a.address, port: r.b.port, family: t, udp: false)
            if sweeps[key] == nil { order.append(key) }
            sweeps[key, default: []].append(i)
        }
        for (i, r) in udp.enumerated() where !Self.udpExcluded.contains(r.b.port) && !Self.udpExcluded.contains(r.a.port)
            && !r.b.address.isMulticastOrBroadcast && r.aToB.frames <= 3 && r.bToA.frames <= 3 {
            let key = PortKey(source: r.a.address, port: r.b.port, family: .udp, udp: true)
            if sweeps[key] == nil { order.append(key) }
            sweeps[key, default: []].append(i)
        }
        var portSweeps: [PortKey: [Int]] = [:]
        for key in order {
            // A key with fewer connections than the host minimum cannot reach it (most keys).
            guard let rows = sweeps[key], rows.count >= thresholds.minimumSweepHosts else { continue }
            let hosts = Set(rows.map { (key.udp ? udp[$0] : tcp[$0]).b.address })
            if hosts.count >= thresholds.minimumSweepHosts { portSweeps[key] = rows }
        }

        var findings: [Finding] = []
        // Host discovery, per source.
        var sources = Set<IPAddress>()
        for (pair, a) in summary.hostActivity.pairs where a.echoRequests.count + a.timestampRequests.count + a.addressMaskRequests.count > 0 {
            sources.insert(pair.source)
        }
        for r in summary.arp.requesters where r.targets.count >= thresholds.minimumSweepHosts { sources.insert(r.ip) }
        for key in portSweeps.keys where key.family == .tcpACK { sources.insert(key.source) }
        var folded = Set<PortKey>()
        // Index the pairs once by source and by destination (no scan of every pair per source).
        var bySource: [IPAddress: [(HostPair, PairActivity)]] = [:], byDestination: [IPAddress: [(HostPair, PairActivity)]] = [:]
        for (pair, a) in summary.hostActivity.pairs {
            if sources.contains(pair.source) { bySource[pair.source, default: []].append((pair, a)) }
            if sources.contains(pair.destination) { byDestination[pair.destination, default: []].append((pair, a)) }
        }
        for source in sources.sorted() {
            if let f = hostSweep(source, summary, bySource[source] ?? [], byDestination[source] ?? [], portSweeps, &folded) { findings.append(f) }
        }
        for key in order where portSweeps[key] != nil && !folded.contains(key) {
            guard let rows = portSweeps[key] else { continue }
            let hosts = Set(rows.map { (key.udp ? udp[$0] : tcp[$0]).b.address })
            let scanned = Set(scans.filter { $0.kind == .portScan && $0.attackers.contains(key.source) }.flatMap(\.targets))
            if hosts.intersection(scanned).count * 2 >= hosts.count { continue }
            findings.append(portSweep(key, rows, summary))
        }
        return findings
    }

    // MARK: host discovery

    func hostSweep(_ source: IPAddress, _ s: TrafficSummary, _ sent: [(HostPair, PairActivity)], _ received: [(HostPair, PairActivity)],
                   _ portSweeps: [PortKey: [Int]], _ folded: inout Set<PortKey>) -> Finding? {
        var echo = Set<IPAddress>(), timestamp = Set<IPAddress>(), mask = Set<IPAddress>()
        var alive = Set<IPAddress>(), echoAlive = Set<IPAddress>(), timestampAlive = Set<IPAddress>()
        var frames = 0
        var first = (frame: Int.max, time: Int64.max), last = (frame: 0, time: Int64.min)
        var evidence: [Int] = []
        func span(_ x: Sighting) {
            guard x.count > 0 else { return }
            frames += x.count
            if x.firstFrame < first.frame { first = (x.firstFrame, x.firstTime) }
            if x.lastFrame > last.frame { last = (x.lastFrame, x.lastTime) }
        }
        for (pair, a) in sent where !pair.destination.isMulticastOrBroadcast {
            if a.echoRequests.count > 0 { echo.insert(pair.destination); span(a.echoRequests) }
            if a.timestampRequests.count > 0 { timestamp.insert(pair.destination); span(a.timestampRequests) }
            if a.addressMaskRequests.count > 0 { mask.insert(pair.destination); span(a.addressMaskRequests) }
        }
        for (pair, a) in received {
            if a.echoReplies.count > 0 && echo.contains(pair.source) {
                alive.insert(pair.source); echoAlive.insert(pair.source); span(a.echoReplies); evidence.append(a.echoReplies.firstFrame)
            }
            if a.timestampReplies.count > 0 && timestamp.contains(pair.source) {
                alive.insert(pair.source); timestampAlive.insert(pair.source); span(a.timestampReplies)
            }
        }
        var arpTargets = Set<IPAddress>()
        var arpFrames = 0
        for r in s.arp.requesters where r.ip == source && r.targets.count >= thresholds.minimumSweepHosts {
            arpTargets.formUnion(r.targets)
            span(r.frames); arpFrames += r.frames.count
            evidence.append(r.frames.firstFrame)
        }
        let arpAlive = s.arp.answered[source] ?? []
        if !arpTargets.isEmpty {
            alive.formUnion(arpAlive.intersection(arpTargets))
            frames += s.arp.repliesTo[source] ?? 0
        }
        // TCP pings: ACK probes to many hosts always; SYN probes to many hosts when other discovery runs too.
        var tcpHosts: [TCPPing: Set<IPAddress>] = [:], tcpAlive: [TCPPing: Set<IPAddress>] = [:]
        var streams: [Int] = []
        let icmpHosts = echo.union(timestamp).union(mask)
        let tcp = s.conversations.tcp.rows
        for (key, rows) in portSweeps where key.source == source && !key.udp {
            let hosts = Set(rows.map { tcp[$0].b.address })
            if key.family == .tcpACK || (!icmpHosts.isEmpty && Double(hosts.intersection(icmpHosts).count) >= 0.5 * Double(hosts.count)) {
                folded.insert(key)
                let ping = TCPPing(probe: key.family == .tcpACK ? .ack : .syn, port: key.port)
                tcpHosts[ping, default: []].formUnion(hosts)
                for i in rows {
                    let r = tcp[i]
                    streams.append(r.stream); frames += r.frames
                    if r.firstFrame < first.frame { first = (r.firstFrame, r.firstTimestamp) }
                    if r.lastFrame > last.frame { last = (r.lastFrame, r.lastTimestamp) }
                    if r.bToA.frames > 0 {
                        alive.insert(r.b.address); tcpAlive[ping, default: []].insert(r.b.address)
                    }
                }
            }
        }
        let probed = icmpHosts.union(arpTargets).union(tcpHosts.values.reduce(into: Set<IPAddress>()) { $0.formUnion($1) })
        guard probed.count >= thresholds.minimumSweepHosts else { return nil }
        var methods: [(Technique, Int)] = []
        if !arpTargets.isEmpty { methods.append((.arp, arpTargets.count)) }
        if !echo.isEmpty { methods.append((.icmpEcho, echo.count)) }
        if !timestamp.isEmpty { methods.append((.icmpTimestamp, timestamp.count)) }
        if !mask.isEmpty { methods.append((.icmpAddressMask, mask.count)) }
        for (ping, hosts) in tcpHosts.sorted(by: { ($0.key.probe, $0.key.port) < ($1.key.probe, $1.key.port) }) {
            methods.append((ping.probe == .ack ? .tcpACK : .tcpSYN, hosts.count))
        }
        guard let primary = methods.max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.rawValue > $1.0.rawValue }) else { return nil }
        var technique = primary.0
        if !arpTargets.isEmpty { technique = .arp } else if !echo.isEmpty { technique = .icmpEcho }
        let answered = alive.sorted()
        var facts = HostSweepFacts()
        facts.duration = Double(last.time - first.time) / 1e9
        facts.arpTargets = arpTargets.count; facts.echoTargets = echo.count
        facts.timestampTargets = timestamp.count; facts.addressMaskTargets = mask.count
        facts.tcpPings = tcpHosts.mapValues(\.count)
        facts.arpAnswered = arpAlive.intersection(arpTargets).count
        facts.echoAnswered = echoAlive.count; facts.timestampAnswered = timestampAlive.count
        facts.tcpPingAnswers = tcpAlive.mapValues(\.count)
        var filters: [String] = []
        if !icmpHosts.isEmpty { filters.append("(icmp.type in {0,8,13,14,17,18} && \(Filter.host(source)))") }
        if !arpTargets.isEmpty { filters.append("(arp.opcode==1 && arp.src.proto_ipv4==\(source)) || (arp.opcode==2 && arp.dst.proto_ipv4==\(source))") }
        if !streams.isEmpty { filters.append("(\(Filter.streams("tcp", streams)))") }
        var finding = Finding(
            kind: .hostSweep, technique: technique, severity: probed.count >= thresholds.mediumSeveritySweepHosts ? .medium : .low,
            confidence: PortScanDetector.round(min(0.95, 0.6 + Double(probed.count) / 250)),
            attackers: [source], targets: probed.sorted(), ports: nil,
            firstFrame: first.frame == Int.max ? 0 : first.frame, lastFrame: last.frame,
            start: first.time == Int64.max ? 0 : first.time, end: last.time == Int64.min ? 0 : last.time, packetCount: frames,
            evidenceFrames: Array(Set([first.frame == Int.max ? 0 : first.frame] + evidence.sorted().prefix(2)).filter { $0 > 0 }).sorted(),
            displayFilter: filters.joined(separator: " || "),
            attack: ["T1018", "T1595.001"], facts: .hostSweep(facts))
        finding.respondingHosts = answered
        return finding
    }

    // MARK: port sweeps

    func portSweep(_ key: PortKey, _ members: [Int], _ s: TrafficSummary) -> Finding {
        let rows = members.map { key.udp ? s.conversations.udp.rows[$0] : s.conversations.tcp.rows[$0] }
        let hosts = Set(rows.map(\.b.address)).sorted()
        var open = Set<IPAddress>(), closed = Set<IPAddress>()
        for r in rows {
            if key.udp { if r.bToA.frames > 0 { open.insert(r.b.address) } } else if r.bToA.synAck > 0 { open.insert(r.b.address) } else if r.bToA.rst > 0 {
                closed.insert(r.b.address)
            }
        }
        var unreachable = 0
        if key.udp {
            let hostSet = Set(hosts)
            for u in s.icmp.unreachables where u.prober == key.source && u.port == key.port && hostSet.contains(u.target) && u.quotedProtocol == .udp {
                unreachable += 1; if u.code == (u.target.isIPv6 ? 4 : 3) { closed.insert(u.target) }
            }
        }
        let first = rows.map(\.firstFrame).min() ?? 0, last = rows.map(\.lastFrame).max() ?? 0
        let start = rows.map(\.firstTimestamp).min() ?? 0, end = rows.map(\.lastTimestamp).max() ?? 0
        let streams = rows.map(\.stream)
        var finding = Finding(
            kind: .portSweep, technique: key.udp ? .udp : key.family, severity: open.isEmpty ? .low : .medium,
            confidence: PortScanDetector.round(min(0.95, 0.6 + Double(hosts.count) / 250)),
            attackers: [key.source], targets: hosts, ports: nil, targetedPorts: [key.port],
            firstFrame: first, lastFrame: last, start: start, end: end,
            packetCount: rows.reduce(0) { $0 + $1.frames } + unreachable,
            evidenceFrames: Array(Set([first, rows.first(where: { $0.bToA.synAck > 0 })?.bToA.firstSynAckFrame ?? 0].filter { $0 > 0 })).sorted(),
            displayFilter: PortScanDetector.streamFilter(key.udp ? "udp" : "tcp", streams,
                                                         fallback: "\(Filter.source(key.source)) && \(key.udp ? "udp" : "tcp").dstport==\(key.port)"),
            attack: ["T1046"], facts: .portSweep(PortSweepFacts(duration: Double(end - start) / 1e9, closedHosts: closed.count)))
        finding.respondingHosts = open.sorted()
        return finding
    }
}
