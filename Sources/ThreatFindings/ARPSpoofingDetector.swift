import PacketDecoding
import TrafficStatistics

/// ARP cache poisoning: an IP claimed by a new MAC, unsolicited replies, one MAC claiming the
/// addresses of others (typically the gateway and a victim), then IPv4 traffic relayed through that MAC.
public struct ARPSpoofingDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        let claims = s.arp.claims
        guard !claims.isEmpty else { return [] }
        var byIP: [IPAddress: [Int]] = [:], byMAC: [MACAddress: [Int]] = [:]
        var macOrder: [MACAddress] = []
        for (i, c) in claims.enumerated() {
            byIP[c.ip, default: []].append(i)
            if byMAC[c.mac] == nil { macOrder.append(c.mac) }
            byMAC[c.mac, default: []].append(i)
        }
        // For each IP claimed by several MACs, the impostor(s): later, claiming other IPs too, unsolicited.
        var spoofedClaims = Set<Int>()
        var conflicts: [Int: MACAddress] = [:]   // claim -> the MAC that held the IP before
        for (_, list) in byIP where Set(list.map { claims[$0].mac }).count >= 2 {
            func score(_ i: Int) -> Int {
                let c = claims[i]
                var n = 0
                if (byMAC[c.mac]?.count ?? 0) >= 2 { n += 2 }
                if c.unsolicitedReplies > 0 { n += 2 }
                if c.gratuitous > 0 { n += 1 }
                if s.arp.ipSentByMAC[MACIPPair(c.mac, c.ip)] ?? 0 > 0 { n -= 1 }
                return n
            }
            let earliest = list.min { claims[$0].frames.firstFrame < claims[$1].frames.firstFrame } ?? list[0]
            let ranked = list.sorted { score($0) != score($1) ? score($0) > score($1) : claims[$0].frames.firstFrame > claims[$1].frames.firstFrame }
            let impostor = ranked[0]
            guard score(impostor) > 0 || impostor != earliest else { continue }
            spoofedClaims.insert(impostor)
            conflicts[impostor] = claims[ranked.count > 1 && ranked[1] != impostor ? ranked[1] : earliest].mac
        }
        // Without a conflict: unsolicited replies for an address, from a MAC that claims several.
        for (i, c) in claims.enumerated() where !spoofedClaims.contains(i) {
            let several = (byMAC[c.mac]?.count ?? 0) >= 2
            if (several && c.unsolicitedReplies > 0) || c.unsolicitedReplies >= thresholds.minimumUnsolicitedReplies {
                spoofedClaims.insert(i)
            }
        }
        var findings: [Finding] = []
        for mac in macOrder {
            let mine = (byMAC[mac] ?? []).filter { spoofedClaims.contains($0) }
            guard !mine.isEmpty else { continue }
            let spoofedIPs = mine.map { claims[$0].ip }
            var own = (byMAC[mac] ?? []).filter { !spoofedClaims.contains($0) }.map { claims[$0].ip }.sorted()
            var victims = Set<IPAddress>()
            for i in mine { victims.formUnion(claims[i].told.filter { !spoofedIPs.contains($0) && !own.contains($0) }) }
            if own.isEmpty {
                // No ARP of its own: the address it sends most IPv4 from, in the spoofed subnet, not a victim's.
                let subnet = spoofedIPs.first.map { $0.ipv4Value >> 8 } ?? 0
                own = s.arp.ipSentByMAC.filter { $0.key.mac == mac && !$0.key.ip.isIPv6 && $0.key.ip.ipv4Value >> 8 == subnet
                    && !victims.contains($0.key.ip) && !spoofedIPs.contains($0.key.ip) }
                    .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.ip < $1.key.ip }.prefix(1).map(\.key.ip)
            }
            let ownSet = Set(own)
            var relayed = 0, forwarded = 0
            for (pair, n) in s.arp.ipReceivedByMAC where pair.mac == mac && !ownSet.contains(pair.ip) && !pair.ip.isMulticastOrBroadcast { relayed += n }
            for (pair, n) in s.arp.ipSentByMAC where pair.mac == mac && !ownSet.contains(pair.ip) { forwarded += n }
            let frames = mine.flatMap { claims[$0].frames.frames }.sorted()
            let packetCount = mine.reduce(0) { $0 + claims[$1].frames.count }
            let firstFrame = mine.map { claims[$0].frames.firstFrame }.min() ?? 0
            let lastFrame = mine.map { claims[$0].frames.lastFrame }.max() ?? 0
            let start = mine.map { claims[$0].frames.firstTime }.min() ?? 0
            let end = mine.map { claims[$0].frames.lastTime }.max() ?? 0
            let unsolicited = mine.reduce(0) { $0 + claims[$1].unsolicitedReplies }
            var facts = ARPSpoofingFacts(mac: mac)
            for i in mine {
                let c = claims[i]
                var claim = ARPSpoofedClaim(ip: c.ip)
                claim.frames = c.frames.count; claim.firstFrame = c.frames.firstFrame
                claim.previousOwner = conflicts[i]
                claim.unsolicitedReplies = c.unsolicitedReplies; claim.gratuitous = c.gratuitous
                facts.claims.append(claim)
            }
            facts.victims = victims.sorted()
            facts.relayedFrames = relayed; facts.forwardedFrames = forwarded
            facts.conflictSeen = !conflicts.isEmpty
            let strong = conflicts.keys.contains(where: mine.contains) || spoofedIPs.count + own.count >= 2
            let severity: FindingSeverity = strong && (relayed > 0 || forwarded > 0) ? .high : (strong ? .medium : .low)
            let macFilter = "arp.src.hw_mac==\(mac) && arp.src.proto_ipv4 in \(Self.ipSet(spoofedIPs))"
            var finding = Finding(
                kind: .arpSpoofing, technique: .arpCachePoisoning, severity: severity,
                confidence: PortScanDetector.round(min(0.97, 0.55 + (conflicts.isEmpty ? 0 : 0.15) + (own.isEmpty ? 0 : 0.1) + (relayed + forwarded > 0 ? 0.15 : 0) + (unsolicited > 0 ? 0.05 : 0))),
                attackers: own, targets: victims.sorted() + spoofedIPs.sorted().filter { !victims.contains($0) }, ports: nil,
                firstFrame: firstFrame, lastFrame: lastFrame, start: start, end: end, packetCount: packetCount,
                evidenceFrames: Array(frames.prefix(3)), displayFilter: macFilter, attack: ["T1557.002"],
                facts: .arpSpoofing(facts))
            finding.respondingHosts = []
            findings.append(finding)
        }
        return findings
    }

    static func ipSet(_ ips: [IPAddress]) -> String { "{" + Set(ips).sorted().map(\.description).joined(separator: ",") + "}" }
}
