import PacketDecoding
import TrafficStatistics

/// Malformed and evasive packets: impossible TCP flag combinations (SYN+FIN, SYN+RST), the land
/// attack (source = destination, same ports), tiny fragments (a header split to slip past filters)
/// and overlapping fragments (teardrop, or reassembly games against IDSs).
public struct EvasionDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Kind { var technique: Technique; var severity: FindingSeverity; var attack: [String]; var genericFilter: String }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        let kinds: [(Kind, KeyPath<PairActivity, Sighting>)] = [
            (
                Kind(technique: .synFIN, severity: .medium, attack: ["T1046"], genericFilter: "tcp.flags.syn==1 && tcp.flags.fin==1"),
                \.synFin
            ),
            (
                Kind(technique: .synRST, severity: .medium, attack: ["T1046"], genericFilter: "tcp.flags.syn==1 && tcp.flags.reset==1"),
                \.synRst
            ),
            (
                Kind(
                    technique: .land, severity: .high, attack: ["T1499.004"], genericFilter: "tcp.flags.syn==1 && tcp.srcport==tcp.dstport"),
                \.land
            ),
            (
                Kind(technique: .tinyFragments, severity: .medium, attack: ["T1046"], genericFilter: "ip.flags.mf==1 && ip.len<60"),
                \.tinyFragments
            ),
            (
                Kind(
                    technique: .overlappingFragments, severity: .high, attack: ["T1499.004"],
                    genericFilter: "ip.flags.mf==1 || ip.frag_offset>0"),
                \.overlappingFragments
            ),
        ]
        var findings: [Finding] = []
        // Evasive packets are rare sightings: pairs without any are skipped before sorting.
        let pairs = s.hostActivity.pairs.filter { $0.value.hasRareSightings }
            .sorted { $0.key.source != $1.key.source ? $0.key.source < $1.key.source : $0.key.destination < $1.key.destination }
        for (kind, path) in kinds {
            var bySource: [IPAddress: [(IPAddress, Sighting)]] = [:]
            var order: [IPAddress] = []
            for (pair, a) in pairs where a[keyPath: path].count > 0 {
                if bySource[pair.source] == nil { order.append(pair.source) }
                bySource[pair.source, default: []].append((pair.destination, a[keyPath: path]))
            }
            for source in order {
                guard let list = bySource[source] else { continue }
                let count = list.reduce(0) { $0 + $1.1.count }
                let frames = list.flatMap(\.1.frames).sorted()
                let first = list.map(\.1.firstFrame).min() ?? 0, last = list.map(\.1.lastFrame).max() ?? 0
                let start = list.map(\.1.firstTime).min() ?? 0, end = list.map(\.1.lastTime).max() ?? 0
                let targets = list.map(\.0).sorted()
                let filter = frames.count == count ? Filter.frames(frames) : "\(Filter.source(source)) && \(kind.genericFilter)"
                let forged = kind.technique == .land
                var facts = EvasionFacts(source: source)
                facts.packets = count
                if forged, let mac = s.hostActivity.pairs[HostPair(source, source)]?.sourceMAC, mac.rawValue != 0 { facts.sourceMAC = mac }
                findings.append(Finding(
                    kind: .evasion, technique: kind.technique, severity: kind.severity,
                        confidence: kind.technique == .land || kind.technique == .synFIN || kind.technique == .synRST ? 0.95 : 0.85,
                        attackers: forged ? [] : [source], targets: targets, ports: nil,
                    firstFrame: first, lastFrame: last, start: start, end: end, packetCount: count,
                    evidenceFrames: Array(frames.prefix(3)), displayFilter: filter, attack: kind.attack,
                        facts: .evasion(facts)))
            }
        }
        return findings
    }
}
