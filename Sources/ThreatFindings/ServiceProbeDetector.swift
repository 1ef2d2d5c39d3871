import PacketDecoding
import TrafficStatistics

/// Service and version probing: after (or without) a port scan, one source opens short, complete
/// connections to several open ports of one target and sends application probes (nmap -sV, -A,
/// vulnerability scanners) or waits for banners. nmap's own probe set (`VersionProbe`) on one port
/// is version detection even without a scan.
public struct ServiceProbeDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Pair: Hashable { var client: IPAddress; var server: IPAddress }

    /// - Parameter scans: the port-scan findings, to tie probes to the scan that found the ports.
    public func detect(_ s: TrafficSummary, scans: [Finding]) -> [Finding] {
        let rows = s.conversations.tcp.rows
        var groups: [Pair: [Int]] = [:]
        var order: [Pair] = []
        for (i, r) in rows.enumerated() where r.aToB.firstFlags.controlBits == .syn && r.bToA.synAck > 0
            && (r.aToB.payloadFrames > 0 || r.bToA.payloadFrames > 0) && r.aToB.payloadBytes <= thresholds.maximumServiceProbeBytes
            && r.frames <= thresholds.maximumServiceProbePackets
        {
            let pair = Pair(client: r.a.address, server: r.b.address)
            if groups[pair] == nil { order.append(pair) }
            groups[pair, default: []].append(i)
        }
        var findings: [Finding] = []
        for pair in order {
            guard let members = groups[pair] else { continue }
            let scan = scans.first { $0.kind == .portScan && $0.attackers.contains(pair.client) && $0.targets.contains(pair.server) }
            // Without a scan of the pair, too few connections for either pattern below (ports probed
            // repeatedly, or one port's recognised probe kinds): no finding, so no per-port tables.
            if scan == nil && members.count < thresholds.minimumServiceProbePorts * 2
                && members.count < thresholds.minimumVersionProbeKinds
            {
                continue
            }
            let openPorts = Set(scan?.ports?.open ?? [])
            var perPort: [UInt16: [Int]] = [:]
            for m in members { perPort[rows[m].b.port, default: []].append(m) }
            let ports = perPort.keys.sorted()
            let repeated = perPort.values.filter { $0.count >= 2 }.count
            let afterScan = scan != nil && ports.filter(openPorts.contains).count >= min(thresholds.minimumServiceProbePorts, max(1, openPorts.count))
            // nmap's own probe set on one port is version detection even without a scan of it.
            let recognised = perPort.values.contains { m in
                Set(m.compactMap { s.streamContent.versionProbe(ofStream: rows[$0].stream) }).count >= thresholds.minimumVersionProbeKinds
            }
            let standalone = ports.count >= thresholds.minimumServiceProbePorts * 2 && repeated >= 2 || recognised
            guard afterScan || standalone else { continue }
            let used = members.filter { afterScan ? openPorts.contains(rows[$0].b.port) || scan == nil : true }
            let mr = used.map { rows[$0] }
            let probedPorts = Array(Set(mr.map(\.b.port))).sorted()
            let first = mr.map(\.firstFrame).min() ?? 0, last = mr.map(\.lastFrame).max() ?? 0
            let start = mr.map(\.firstTimestamp).min() ?? 0, end = mr.map(\.lastTimestamp).max() ?? 0
            let banners = mr.filter { $0.bToA.payloadFrames > 0 }.count, probes = mr.filter { $0.aToB.payloadFrames > 0 }.count
            let excerpts = s.streams.filter { e in mr.contains { $0.stream == e.stream } && e.transport == .tcp }
            var samples: [String] = []
            for e in excerpts {
                guard let seg = e.segments.first(where: { $0.fromA }) else { continue }
                let text = String(decoding: seg.bytes.prefix(40).map { $0 >= 32 && $0 < 127 ? $0 : 46 }, as: UTF8.self)
                if !samples.contains(text) { samples.append(text) }
                if samples.count == 4 { break }
            }
            var facts = ServiceProbeFacts()
            facts.connections = mr.count; facts.duration = Double(end - start) / 1e9
            facts.scanTechnique = scan?.technique; facts.afterScan = afterScan
            facts.probes = probes; facts.answers = banners; facts.samples = samples
            let recognisedProbes = Set(mr.compactMap { s.streamContent.versionProbe(ofStream: $0.stream) })
            facts.versionProbes = VersionProbe.allCases.filter(recognisedProbes.contains).map(\.name)
            let streams = mr.map(\.stream)
            findings.append(Finding(
                    kind: .serviceProbe, technique: .versionProbe, severity: .medium,
                    confidence: PortScanDetector.round(min(0.95, (afterScan ? 0.75 : 0.6) + 0.04 * Double(probedPorts.count))),
                attackers: [pair.client], targets: [pair.server], ports: nil, targetedPorts: probedPorts,
                firstFrame: first, lastFrame: last, start: start, end: end, packetCount: mr.reduce(0) { $0 + $1.frames },
                evidenceFrames: Array(Set(mr.prefix(3).map { $0.aToB.firstPayloadFrame > 0 ? $0.aToB.firstPayloadFrame : $0.firstFrame })).sorted(),
                displayFilter: PortScanDetector.streamFilter("tcp", streams, fallback: Filter.between(pair.client, pair.server)),
                attack: ["T1046", "T1595.002"],
                    streams: Array(streams.prefix(3)), facts: .serviceProbe(facts)))
        }
        return findings
    }
}
