import PacketDecoding
import TrafficStatistics

/// Malformed and evasive packets: impossible TCP flag combinations (SYN+FIN, SYN+RST), the land
/// attack (source = destination, same ports), tiny fragments (a header split to slip past filters)
/// and overlapping fragments (teardrop, or reassembly games against IDSs).
public struct EvasionDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Kind { var technique: Technique; var name: String; var severity: FindingSeverity; var attack: [String]; var genericFilter: String; var why: String }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        let kinds: [(Kind, KeyPath<PairActivity, Sighting>)] = [
            (Kind(technique: .synFIN, name: "SYN+FIN packets", severity: .medium, attack: ["T1046"], genericFilter: "tcp.flags.syn==1 && tcp.flags.fin==1",
                  why: "SYN and FIN together is impossible in a real connection: scanners and fingerprinting tools send it to slip past filters that check one flag (hping3 -SF; nmap's OS detection probe T3 carries SYN+FIN+PSH+URG)."), \.synFin),
            (Kind(technique: .synRST, name: "SYN+RST packets", severity: .medium, attack: ["T1046"], genericFilter: "tcp.flags.syn==1 && tcp.flags.reset==1",
                  why: "SYN and RST together is impossible in a real connection: crafted by a packet tool."), \.synRst),
            (Kind(technique: .land, name: "land attack packets", severity: .high, attack: ["T1499.004"], genericFilter: "tcp.flags.syn==1 && tcp.srcport==tcp.dstport",
                  why: "A SYN whose source address and port equal its destination's makes old stacks answer themselves in a loop (land attack, CVE-1999-0016)."), \.land),
            (Kind(technique: .tinyFragments, name: "tiny IP fragments", severity: .medium, attack: ["T1046"], genericFilter: "ip.flags.mf==1 && ip.len<60",
                  why: "Fragments too small to hold a transport header split the header across fragments so that filters which look only at the first fragment miss the ports and flags (RFC 1858; nmap -f)."), \.tinyFragments),
            (Kind(technique: .overlappingFragments, name: "overlapping IP fragments", severity: .high, attack: ["T1499.004"], genericFilter: "ip.flags.mf==1 || ip.frag_offset>0",
                  why: "Fragments that overlap make the receiver choose which bytes win: teardrop-style crashes, or IDS evasion when the IDS reassembles differently (RFC 3128)."), \.overlappingFragments),
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
                var details = ["\(count) \(kind.name) from \(source) to \(targets.prefix(10).map(\.description).joined(separator: ", "))\(targets.count > 10 ? " and \(targets.count - 10) more" : "").", kind.why]
                if forged, let mac = s.hostActivity.pairs[HostPair(source, source)]?.sourceMAC, mac.rawValue != 0 {
                    details.append("The source address is forged (it is the target's own); the frames came from MAC \(mac).")
                }
                findings.append(Finding(
                    kind: .evasion, technique: kind.technique, severity: kind.severity,
                    confidence: kind.technique == .land || kind.technique == .synFIN || kind.technique == .synRST ? 0.95 : 0.85,
                    confidenceReason: "\(count) \(kind.name) read from the headers; no normal stack sends them.",
                    attackers: forged ? [] : [source], targets: targets, ports: nil,
                    firstFrame: first, lastFrame: last, start: start, end: end, packetCount: count,
                    evidenceFrames: Array(frames.prefix(3)), displayFilter: filter, attack: kind.attack,
                    summary: forged
                        ? "A land attack: \(count) SYN\(count == 1 ? "" : "s") forged with \(source) as both source and destination (same port)."
                        : "Evasive traffic: \(source) sent \(count) \(kind.name) to \(targets.count == 1 ? targets[0].description : "\(targets.count) hosts").",
                    details: details))
            }
        }
        return findings
    }
}
