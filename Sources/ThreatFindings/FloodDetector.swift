import PacketDecoding
import TrafficStatistics

/// Denial-of-service floods: SYN floods (one source or many spoofed sources, with the target's
/// SYN+ACK backscatter and the clients it left unanswered), UDP floods and ICMP floods.
///
/// A flood is many packets at one target at a high rate (the busiest one-second bucket), with almost
/// no completed handshakes (SYN) or replies (UDP). Busy servers complete their handshakes and answer
/// their clients, so they stay quiet.
public struct FloodDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    public func detect(_ summary: TrafficSummary) -> [Finding] {
        var findings = synFloods(summary)
        findings += udpFloods(summary)
        findings += icmpFloods(summary)
        findings += ndpFloods(summary)
        return findings
    }

    static func topSources(_ counts: [IPAddress: Int], _ n: Int) -> [IPAddress] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n).map(\.key)
    }

    /// `total` when a list of `listed` items is capped below it (the report shows both), else nil.
    static func total(_ total: Int, listed: Int) -> Int? { total > listed ? total : nil }

    /// Sets the totals beside the finding's capped lists.
    static func count(_ f: inout Finding, attackers: Int? = nil, targets: Int? = nil, ports: Int? = nil) {
        if let n = attackers, !f.attackers.isEmpty { f.attackerTotal = total(n, listed: f.attackers.count) }
        if let n = targets { f.targetTotal = total(n, listed: f.targets.count) }
        if let n = ports { f.targetedPortTotal = total(n, listed: f.targetedPorts.count) }
    }

    /// A meter's peak rate: its busiest clock second, or its longest burst's packets over the burst's
    /// own duration when that is higher (a flood shorter than a second fills no clock second). A
    /// burst of fewer than `minimumFloodPackets`, or with no measurable duration, gives no rate.
    func peakRate(_ m: RateMeter) -> FloodRate {
        var rate = FloodRate(perSecond: m.peakPerSecond, burstPackets: m.burstPackets, burstDuration: Double(m.burstNanoseconds) / 1e9)
        if m.burstPackets >= thresholds.minimumFloodPackets && m.burstNanoseconds > 0 {
            rate.perSecond = max(rate.perSecond, Int((Double(m.burstPackets - 1) / rate.burstDuration).rounded()))
        }
        return rate
    }

    func isSpoofed(_ sources: [IPAddress: Int]) -> Bool { sources.count >= thresholds.spoofedSourceCount }
    func sum(_ sources: [IPAddress: Int]) -> Int { sources.values.reduce(0, +) }

    // MARK: SYN

    func synFloods(_ s: TrafficSummary) -> [Finding] {
        let rows = s.conversations.tcp.rows
        var byTarget: [IPAddress: [Int]] = [:]
        var order: [IPAddress] = []
        for (i, r) in rows.enumerated() where r.aToB.firstFlags.controlBits == .syn && r.aToB.syn > 0 {
            if byTarget[r.b.address] == nil { order.append(r.b.address) }
            byTarget[r.b.address, default: []].append(i)
        }
        var findings: [Finding] = []
        var covered = 0
        for target in order {
            guard let members = byTarget[target] else { continue }
            let syns = members.reduce(0) { $0 + rows[$1].aToB.syn }
            guard syns >= thresholds.minimumFloodPackets else { continue }
            var perPort: [UInt16: Int] = [:]
            for m in members { perPort[rows[m].b.port, default: 0] += rows[m].aToB.syn }
            // Many ports with a probe or two each is a scan, not a flood.
            let busiest = perPort.values.max() ?? 0
            guard busiest >= thresholds.minimumFloodPackets / 2 || perPort.count <= 3 else { continue }
            let floodPorts = perPort.filter { $0.value * 10 >= busiest }.keys.sorted()
            let portSet = Set(floodPorts)
            let flood = members.filter { portSet.contains(rows[$0].b.port) }
            let rate = peakRate(s.hostActivity.destinations[target]?.syn ?? RateMeter()), peak = rate.perSecond
            guard peak >= thresholds.floodPacketsPerSecond else { continue }
            var completed = 0, synAcks = 0, backscatter = 0, retransmittedSynAcks = 0, resets = 0, unanswered = 0
            var sources: [IPAddress: Int] = [:]
            var completedClients = Set<IPAddress>()
            var firstSynAck = 0
            for m in flood {
                let r = rows[m]
                sources[r.a.address, default: 0] += r.aToB.syn
                // The client acknowledged or sent data: a real handshake (also when only one direction was captured).
                let done = r.aToB.pureAck > 0 || r.aToB.payloadFrames > 0
                if done { completed += 1; completedClients.insert(r.a.address) }
                synAcks += r.bToA.synAck; resets += r.bToA.rst
                if r.bToA.synAck > 0 && !done {
                    backscatter += 1
                    if firstSynAck == 0 { firstSynAck = r.bToA.firstSynAckFrame }
                }
                if r.bToA.synAck > 1 { retransmittedSynAcks += r.bToA.synAck - 1 }
                if r.bToA.frames == 0 { unanswered += 1 }
            }
            let completion = Double(completed) / Double(max(1, flood.count))
            guard completion <= thresholds.maximumFloodCompletion else { continue }
            covered += flood.count
            // Clients that completed a handshake are victims of the flood, not its sources.
            for client in completedClients { sources[client] = nil }
            if !isSpoofed(sources) { let all = sum(sources); sources = sources.filter { $0.value * 10 >= all } }
            let spoofed = sources.count >= thresholds.spoofedSourceCount
            let fr = flood.map { rows[$0] }
            let first = fr.map(\.firstFrame).min() ?? 0, last = fr.map(\.lastFrame).max() ?? 0
            let start = fr.map(\.firstTimestamp).min() ?? 0, end = fr.map(\.lastTimestamp).max() ?? 0
            let total = fr.reduce(0) { $0 + $1.aToB.syn }
            var facts = SYNFloodFacts()
            facts.syns = total; facts.peakPerSecond = peak; facts.duration = Double(end - start) / 1e9
            facts.burstPackets = rate.burstPackets; facts.burstDuration = rate.burstDuration
            facts.attempts = fr.count; facts.completedHandshakes = completed
            facts.sources = sources.count
            facts.synAcks = synAcks; facts.retransmittedSYNACKs = retransmittedSynAcks; facts.halfOpenConnections = backscatter
            facts.resets = resets; facts.unansweredAttempts = unanswered
            facts.completingClients = completedClients.sorted()
            let streams = fr.map(\.stream)
            let severity: FindingSeverity = peak >= thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor ? .critical : .high
            var finding = Finding(
                kind: .synFlood, technique: spoofed ? .spoofedSources : .singleSource, severity: severity,
                confidence: PortScanDetector.round(
                    min(
                        0.98,
                        0.7 + 0.1 * min(1, Double(peak) / Double(thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor)) + 0.18
                            * (1 - completion))),
                attackers: Self.topSources(sources, spoofed ? 10 : 20), targets: [target], ports: nil, targetedPorts: floodPorts,
                firstFrame: first, lastFrame: last, start: start, end: end,
                packetCount: fr.reduce(0) { $0 + $1.frames },
                evidenceFrames: Array(Set([first, firstSynAck, fr.first(where: { $0.bToA.rst > 0 })?.bToA.firstRstFrame ?? 0].filter { $0 > 0 })).sorted(),
                displayFilter: PortScanDetector.streamFilter("tcp", streams, fallback: "\(Filter.host(target)) && tcp.port in \(Filter.set(floodPorts.map(Int.init)))"),
                attack: ["T1499.001", "T1498"], facts: .synFlood(facts))
            finding.respondingHosts = synAcks > 0 ? [target] : []
            if !spoofed { finding.attackers = Self.topSources(sources, 20) }
            Self.count(&finding, attackers: sources.count)
            if spoofed, let (mac, owner) = spoofingSender(sources, target: target, legitimate: completedClients, s) {
                var x = facts
                x.sendingMAC = mac; x.sendingMACOwner = owner; x.forgedSample = Self.topSources(sources, 10)
                finding.facts = .synFlood(x)
                // The LAN host behind the MAC is the attacker; the forged addresses are only a sample in the facts.
                if let owner {
                    finding.attackers = [owner]
                    Self.count(&finding, attackers: 1)
                }
            }
            findings.append(finding)
        }
        if findings.isEmpty, let scattered = scatteredSYNs(s, covered) { findings.append(scattered) }
        return findings
    }

    /// An address no host sends from: multicast, broadcast, IPv4 0/8, 127/8 (off loopback) or 240/4.
    static func cannotSend(_ a: IPAddress) -> Bool {
        if a.isMulticastOrBroadcast { return true }
        guard !a.isIPv6 else { return false }
        let top = a.ipv4Value >> 24
        return top == 0 || top == 127 || top >= 240
    }

    /// Spoofed SYNs sprayed at random destinations (no one target stands out). The sources are forged
    /// (one SYN each, some from addresses no host can send from), so none is named as an attacker; no
    /// destination receives more than a few, so no host is flooded: low severity, medium from
    /// `severeFloodFactor` times `minimumFloodPackets` SYNs (the link itself carries a flood).
    func scatteredSYNs(_ s: TrafficSummary, _ covered: Int) -> Finding? {
        let all = s.hostActivity.allSYNs, rate = peakRate(all)
        guard all.sighting.count >= thresholds.minimumFloodPackets, rate.perSecond >= thresholds.floodPacketsPerSecond else { return nil }
        let rows = s.conversations.tcp.rows.filter { $0.aToB.firstFlags.controlBits == .syn && $0.aToB.syn > 0 }
        guard rows.count >= thresholds.minimumFloodPackets else { return nil }
        var sources: [IPAddress: Int] = [:], targets: [IPAddress: Int] = [:]
        var answered = 0
        for r in rows { sources[r.a.address, default: 0] += 1; targets[r.b.address, default: 0] += 1; if r.bToA.frames > 0 { answered += 1 } }
        guard sources.count * 2 >= rows.count, targets.count * 2 >= rows.count,
              Double(answered) <= thresholds.maximumFloodCompletion * Double(rows.count) else { return nil }
        let first = rows.map(\.firstFrame).min() ?? 0, last = rows.map(\.lastFrame).max() ?? 0
        let start = rows.map(\.firstTimestamp).min() ?? 0, end = rows.map(\.lastTimestamp).max() ?? 0
        var facts = ScatteredSYNFloodFacts(
            syns: rows.count, sources: sources.count, destinations: targets.count, answered: answered, peakPerSecond: rate.perSecond)
        facts.burstPackets = rate.burstPackets; facts.burstDuration = rate.burstDuration
        let ports = Array(Set(rows.map(\.b.port))).sorted()
        facts.ports = ports.count; facts.duration = Double(end - start) / 1e9
        facts.mostSYNsPerDestination = targets.values.max() ?? 0
        facts.impossibleSources = sources.keys.filter(Self.cannotSend).count
        let loud = rows.count >= thresholds.minimumFloodPackets * thresholds.severeFloodFactor
        var finding = Finding(
            kind: .synFlood, technique: .spoofedSources, severity: loud ? .medium : .low,
            confidence: 0.7,
            attackers: [], targets: Self.topSources(targets, 10), ports: nil,
            targetedPorts: Array(ports.prefix(20)),
            firstFrame: first, lastFrame: last, start: start, end: end, packetCount: rows.reduce(0) { $0 + $1.frames },
            evidenceFrames: [first], displayFilter: PortScanDetector.streamFilter("tcp", rows.map(\.stream), fallback: "tcp.flags.syn==1 && tcp.flags.ack==0"),
            attack: ["T1499.001", "T1498"],
            facts: .scatteredSYNFlood(facts))
        Self.count(&finding, targets: targets.count, ports: ports.count)
        return finding
    }

    // MARK: UDP

    /// UDP services whose answers are many times larger than their requests, the ones reflection
    /// DDoS abuses (US-CERT TA14-017A): chargen, DNS, NTP, SNMP, CLDAP, SSDP, memcached.
    public static let amplificationPorts: Set<UInt16> = [19, 53, 123, 161, 389, 1900, 11211]
    /// Reflectors named in a reflection finding's facts (the total is counted).
    public static let reflectorsKept = 10

    /// The flood's datagrams came from one amplification service's port: the answers of reflectors
    /// to requests forged in the target's name.
    func reflection(_ fr: [Conversation], datagrams: Int) -> ReflectionFacts? {
        var bySourcePort: [UInt16: Int] = [:]
        for r in fr { bySourcePort[r.a.port, default: 0] += r.aToB.frames }
        guard let (port, n) = bySourcePort.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
            Self.amplificationPorts.contains(port), Double(n) >= thresholds.minimumReflectionPortFraction * Double(datagrams)
        else { return nil }
        var answers: [IPAddress: (datagrams: Int, bytes: Int)] = [:]
        for r in fr where r.a.port == port {
            answers[r.a.address, default: (0, 0)].datagrams += r.aToB.frames
            answers[r.a.address, default: (0, 0)].bytes += r.aToB.payloadBytes
        }
        var facts = ReflectionFacts()
        facts.servicePort = port; facts.serviceDatagrams = n; facts.reflectors = answers.count
        facts.busiestReflectors = Self.topSources(answers.mapValues(\.datagrams), Self.reflectorsKept)
        facts.averageResponseBytes = answers.values.reduce(0) { $0 + $1.bytes } / max(1, n)
        facts.largestResponseBytes = answers.values.map { $0.bytes / max(1, $0.datagrams) }.max() ?? 0
        return facts
    }

    func udpFloods(_ s: TrafficSummary) -> [Finding] {
        let rows = s.conversations.udp.rows
        var byTarget: [IPAddress: [Int]] = [:]
        var order: [IPAddress] = []
        for (i, r) in rows.enumerated() where !r.b.address.isMulticastOrBroadcast {
            if byTarget[r.b.address] == nil { order.append(r.b.address) }
            byTarget[r.b.address, default: []].append(i)
        }
        var findings: [Finding] = []
        for target in order {
            guard let members = byTarget[target] else { continue }
            let datagrams = members.reduce(0) { $0 + rows[$1].aToB.frames }
            guard datagrams >= thresholds.minimumFloodPackets else { continue }
            let rate = peakRate(s.hostActivity.destinations[target]?.udp ?? RateMeter()), peak = rate.perSecond
            guard peak >= thresholds.floodPacketsPerSecond else { continue }
            let replies = members.reduce(0) { $0 + rows[$1].bToA.frames }
            guard Double(replies) <= thresholds.maximumFloodReplyFraction * Double(datagrams) else { continue }
            guard
                members.count >= thresholds.minimumFloodSourcePorts
                    || peak >= thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor
            else { continue }
            var perPort: [UInt16: Int] = [:]
            var sources: [IPAddress: Int] = [:]
            for m in members { perPort[rows[m].b.port, default: 0] += rows[m].aToB.frames; sources[rows[m].a.address, default: 0] += rows[m].aToB.frames }
            let fr = members.map { rows[$0] }
            // Answers of several reflectors, however many ports they hit (the forged requests' random source ports).
            let reflection = reflection(fr, datagrams: datagrams).flatMap { $0.reflectors > 1 ? $0 : nil }
            // Many ports with a datagram or two each is a UDP scan, not a flood.
            if reflection == nil && perPort.count > thresholds.udpScanPorts
                && datagrams < perPort.count * thresholds.udpScanDatagramsPerPort
            {
                continue
            }
            let unreachable = s.icmp.unreachables.filter { $0.reporter == target && $0.quotedProtocol == .udp && sources[$0.prober] != nil }
            let spoofed = sources.count >= thresholds.spoofedSourceCount
            let first = fr.map(\.firstFrame).min() ?? 0, last = fr.map(\.lastFrame).max() ?? 0
            let start = fr.map(\.firstTimestamp).min() ?? 0, end = fr.map(\.lastTimestamp).max() ?? 0
            let bytes = fr.reduce(0) { $0 + $1.aToB.bytes }
            let topPorts = perPort.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map(\.key)
            var facts = UDPFloodFacts()
            facts.datagrams = datagrams; facts.bytes = bytes; facts.peakPerSecond = peak; facts.duration = Double(end - start) / 1e9
            facts.burstPackets = rate.burstPackets; facts.burstDuration = rate.burstDuration
            facts.ports = perPort.count; facts.sources = sources.count; facts.conversations = members.count
            facts.replies = replies; facts.portUnreachables = unreachable.count
            facts.reflection = reflection
            // The reflectors only answered; the real sender forged the target's address and is not in the packets.
            let technique: Technique = reflection != nil ? .reflection : spoofed ? .spoofedSources : .singleSource
            let severity: FindingSeverity = peak >= thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor ? .critical : .high
            var finding = Finding(
                kind: .udpFlood, technique: technique, severity: severity,
                confidence: PortScanDetector.round(
                    min(
                        0.95,
                        0.7 + 0.25 * min(1, Double(peak) / Double(thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor)))),
                attackers: reflection != nil ? [] : Self.topSources(sources, spoofed ? 10 : 20), targets: [target], ports: nil,
                targetedPorts: topPorts.sorted(),
                firstFrame: first, lastFrame: last, start: start, end: end,
                packetCount: fr.reduce(0) { $0 + $1.frames } + unreachable.count,
                evidenceFrames: Array(Set([first, unreachable.first?.frame ?? 0].filter { $0 > 0 })).sorted(),
                displayFilter: PortScanDetector.streamFilter("udp", fr.map(\.stream), fallback: "\(Filter.destination(target)) && udp"),
                attack: reflection != nil ? ["T1498.002"] : ["T1498.001", "T1499"], facts: .udpFlood(facts))
            Self.count(&finding, attackers: sources.count, ports: perPort.count)
            if spoofed, reflection == nil, let (mac, owner) = udpSpoofingSender(sources, target: target, s) {
                var x = facts
                x.sendingMAC = mac; x.sendingMACOwner = owner; x.forgedSample = Self.topSources(sources, 10)
                finding.facts = .udpFlood(x)
                if let owner {
                    finding.attackers = [owner]
                    Self.count(&finding, attackers: 1, ports: perPort.count)
                }
            }
            findings.append(finding)
        }
        return findings
    }

    // MARK: ICMP

    func icmpFloods(_ s: TrafficSummary) -> [Finding] {
        var findings: [Finding] = []
        for (target, load) in s.hostActivity.destinations.sorted(by: { $0.key < $1.key }) {
            if target.isMulticastOrBroadcast {
                if let smurf = amplifiedEcho(s, group: target, load.icmpEcho) { findings.append(smurf) }
                continue
            }
            let requests = load.icmpEcho, replies = load.icmpEchoReply
            var technique: Technique?
            if requests.sighting.count >= thresholds.minimumFloodPackets && peakRate(requests).perSecond >= thresholds.floodPacketsPerSecond
            {
                technique = .icmpEcho
            } else if replies.sighting.count >= thresholds.minimumFloodPackets
                && peakRate(replies).perSecond >= thresholds.floodPacketsPerSecond
            {
                technique = .icmpEchoReply
            }
            guard let technique else { continue }
            let isReplies = technique == .icmpEchoReply
            var sources: [IPAddress: Int] = [:]
            var answered = 0
            var askedByTarget = 0
            for (pair, a) in s.hostActivity.pairs {
                if pair.destination == target { sources[pair.source, default: 0] += isReplies ? a.echoReplies.count : a.echoRequests.count }
                if pair.source == target { answered += a.echoReplies.count; askedByTarget += a.echoRequests.count }
            }
            sources = sources.filter { $0.value > 0 }
            if isReplies && askedByTarget * 2 >= replies.sighting.count { continue }   // its own pings answered
            // A multicast or broadcast source is forged (rsmurf6): the target's replies go to every node of the group.
            let forged = sources.keys.filter(\.isMulticastOrBroadcast).sorted()
            for group in forged { sources[group] = nil }
            let meter = isReplies ? replies : requests, rate = peakRate(meter)
            let spoofed = sources.count >= thresholds.spoofedSourceCount
            var facts = ICMPFloodFacts()
            facts.packets = meter.sighting.count; facts.peakPerSecond = rate.perSecond
            facts.burstPackets = rate.burstPackets; facts.burstDuration = rate.burstDuration
            facts.duration = Double(meter.sighting.lastTime - meter.sighting.firstTime) / 1e9
            facts.sources = sources.count; facts.spoofedSources = spoofed; facts.answered = answered
            facts.forgedSources = forged
            if !forged.isEmpty, let pair = s.hostActivity.pairs[HostPair(forged[0], target)], pair.echoRequestMAC.rawValue != 0 {
                facts.sendingMAC = pair.echoRequestMAC
            }
            let icmp = target.isIPv6 ? "icmpv6" : "icmp", request = target.isIPv6 ? 128 : 8, reply = target.isIPv6 ? 129 : 0
            let filter =
                isReplies
                ? "\(icmp).type==\(reply) && \(Filter.destination(target))"
                : "(\(icmp).type==\(request) && \(Filter.destination(target))) || (\(icmp).type==\(reply) && \(Filter.source(target)))"
            var finding = Finding(
                kind: .icmpFlood, technique: technique,
                severity: rate.perSecond >= thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor ? .high : .medium,
                confidence: PortScanDetector.round(
                    min(
                        0.95,
                        0.7 + 0.25
                            * min(1, Double(rate.perSecond) / Double(thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor)))
                ),
                attackers: Self.topSources(sources, spoofed ? 10 : 20), targets: [target], ports: nil,
                firstFrame: meter.sighting.firstFrame, lastFrame: max(meter.sighting.lastFrame, 0),
                start: meter.sighting.firstTime, end: meter.sighting.lastTime,
                packetCount: meter.sighting.count + (isReplies ? 0 : answered),
                evidenceFrames: Array(meter.sighting.frames.prefix(2)),
                displayFilter: filter, attack: ["T1498", "T1499"], facts: .icmpFlood(facts))
            finding.respondingHosts = answered > 0 ? [target] : []
            Self.count(&finding, attackers: sources.count)
            if spoofed, !isReplies,
                let (mac, owner) = spoofingSender(
                    sources, target: target, legitimate: connectedClients(of: target, excluding: sources, s), s)
            {
                var x = facts
                x.sendingMAC = mac; x.sendingMACOwner = owner; x.forgedSample = Self.topSources(sources, 10)
                finding.facts = .icmpFlood(x)
                if let owner {
                    finding.attackers = [owner]
                    Self.count(&finding, attackers: 1)
                }
            }
            findings.append(finding)
        }
        return findings
    }

    /// The Ethernet source MAC that nearly all (`oneSenderSpoofedShare`) of a spoofed flood's
    /// sources arrived from, and its owner (`owner(of:)`): nil when the sources came from several
    /// MACs (a real botnet behind a router sends through one MAC too, so `legitimate` clients that
    /// completed handshakes through the same MAC mark it as a router, and no owner is named).
    /// Reads the host-pair table's first source MAC per pair (bounded by `HostActivityPass.pairsKept`).
    func spoofingSender(
        _ sources: [IPAddress: Int], target: IPAddress, legitimate: Set<IPAddress>, _ s: TrafficSummary
    ) -> (MACAddress, IPAddress?)? {
        var macs: [MACAddress: Int] = [:], seen = 0
        for source in sources.keys {
            guard let a = s.hostActivity.pairs[HostPair(source, target)], a.sourceMAC.rawValue != 0 else { continue }
            macs[a.sourceMAC, default: 0] += 1; seen += 1
        }
        guard seen >= thresholds.spoofedSourceCount,
            let (mac, count) = macs.max(by: { $0.value < $1.value }),
            Double(count) >= thresholds.oneSenderSpoofedShare * Double(seen)
        else { return nil }
        return (mac, sendingHost(mac, sources: sources, target: target, legitimate: legitimate, s))
    }

    /// A spoofed UDP flood's sending MAC: the one that carried at least `oneSenderSpoofedShare` of
    /// the UDP datagrams to `target` (`DestinationLoad.udpSourceMACs`), and its owner as
    /// `spoofingSender` finds it (clients with real TCP connections to the target through the same
    /// MAC mark it as a router's).
    func udpSpoofingSender(_ sources: [IPAddress: Int], target: IPAddress, _ s: TrafficSummary) -> (MACAddress, IPAddress?)? {
        guard let tally = s.hostActivity.destinations[target]?.udpSourceMACs, let (mac, frames) = tally.busiest,
            Double(frames) >= thresholds.oneSenderSpoofedShare * Double(tally.total)
        else { return nil }
        return (mac, sendingHost(mac, sources: sources, target: target, legitimate: connectedClients(of: target, excluding: sources, s), s))
    }

    /// Clients, other than `excluded`, that opened real TCP connections (operating-system SYNs) to `target`.
    func connectedClients(of target: IPAddress, excluding excluded: [IPAddress: Int], _ s: TrafficSummary) -> Set<IPAddress> {
        var clients = Set<IPAddress>()
        for (pair, a) in s.hostActivity.pairs where pair.destination == target && a.kernelSYNs > 0 && excluded[pair.source] == nil {
            clients.insert(pair.source)
        }
        return clients
    }

    /// The LAN host that sent a spoofed flood through `mac`: nil when `legitimate` clients of the
    /// target came through the same MAC (a router), when ARP shows several addresses for it, or
    /// when it owns none.
    func sendingHost(
        _ mac: MACAddress, sources: [IPAddress: Int], target: IPAddress, legitimate: Set<IPAddress>, _ s: TrafficSummary
    ) -> IPAddress? {
        let router = legitimate.contains { s.hostActivity.pairs[HostPair($0, target)]?.sourceMAC == mac }
        guard !router else { return nil }
        // The LAN address the MAC speaks for in ARP (its requests' and replies' sender fields), else in IP traffic.
        var arpAddresses = Set<IPAddress>()
        for r in s.arp.requesters where r.mac == mac && !r.ip.isMulticastOrBroadcast && r.ip.low != 0 { arpAddresses.insert(r.ip) }
        for c in s.arp.claims where c.mac == mac && !c.ip.isMulticastOrBroadcast && c.ip.low != 0 { arpAddresses.insert(c.ip) }
        arpAddresses.subtract(sources.keys)
        if arpAddresses.count == 1 { return arpAddresses.first }
        return arpAddresses.isEmpty ? owner(of: mac, excluding: Set(sources.keys).union([target]), s) : nil
    }

    /// The one unicast address, other than `excluded`, that frames from `mac` carried as their
    /// source: the owner of the MAC (nil when none or several).
    func owner(of mac: MACAddress, excluding excluded: Set<IPAddress>, _ s: TrafficSummary) -> IPAddress? {
        guard mac.rawValue != 0 else { return nil }
        var found: IPAddress?
        for (pair, a) in s.hostActivity.pairs
        where a.sourceMAC == mac && !excluded.contains(pair.source) && !pair.source.isMulticastOrBroadcast {
            if let f = found, f != pair.source { return nil }
            found = pair.source
        }
        return found
    }

    /// Echo requests flooded to a multicast group or broadcast address in a victim's name (smurf6,
    /// Smurf): the victim is the source the requests carried, every member answers it. On an IPv6
    /// link-scope group (which no router forwards) the sender is the owner of the MAC the requests
    /// came from.
    func amplifiedEcho(_ s: TrafficSummary, group: IPAddress, _ requests: RateMeter) -> Finding? {
        let rate = peakRate(requests)
        guard requests.sighting.count >= thresholds.minimumFloodPackets, rate.perSecond >= thresholds.floodPacketsPerSecond else {
            return nil
        }
        var victims: [IPAddress: Int] = [:]
        var sendingMAC: MACAddress?
        for (pair, a) in s.hostActivity.pairs where pair.destination == group && a.echoRequests.count > 0 {
            victims[pair.source, default: 0] += a.echoRequests.count
            if sendingMAC == nil && a.echoRequestMAC.rawValue != 0 { sendingMAC = a.echoRequestMAC }
        }
        // Requests from many sources to one group are not in one victim's name.
        guard !victims.isEmpty, victims.count < thresholds.spoofedSourceCount else { return nil }
        let named = Self.topSources(victims, 10), victimSet = Set(named)
        var responders = Set<IPAddress>(), replies = 0, victimMAC: MACAddress?
        for (pair, a) in s.hostActivity.pairs {
            if victimSet.contains(pair.destination) && a.echoReplies.count > 0 {
                responders.insert(pair.source); replies += a.echoReplies.count
            }
            if victimSet.contains(pair.source) && a.sourceMAC.rawValue != 0 && a.sourceMAC != sendingMAC {
                victimMAC = a.sourceMAC
            }
        }
        let linkScope = group.isIPv6 && (group.high >> 48) & 0xFF0F == 0xFF02
        var attackers: [IPAddress] = []
        if linkScope, let mac = sendingMAC, let sender = owner(of: mac, excluding: victimSet, s) { attackers = [sender] }
        var facts = AmplifiedEchoFacts()
        facts.group = group; facts.requests = requests.sighting.count; facts.rate = rate
        facts.duration = Double(requests.sighting.lastTime - requests.sighting.firstTime) / 1e9
        facts.responders = responders.count; facts.replies = replies
        facts.sendingMAC = sendingMAC; facts.victimMAC = victimMAC
        let icmp = group.isIPv6 ? "icmpv6" : "icmp", request = group.isIPv6 ? 128 : 8, reply = group.isIPv6 ? 129 : 0
        let victim = named[0]
        let severe = rate.perSecond >= thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor
        var finding = Finding(
            kind: .icmpFlood, technique: .multicastEcho, severity: severe || responders.count > 1 ? .high : .medium,
            confidence: PortScanDetector.round(
                min(
                    0.95,
                    0.75 + 0.2 * min(1, Double(rate.perSecond) / Double(thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor)))),
            attackers: attackers, targets: named, ports: nil,
            firstFrame: requests.sighting.firstFrame, lastFrame: requests.sighting.lastFrame,
            start: requests.sighting.firstTime, end: requests.sighting.lastTime,
            packetCount: requests.sighting.count + replies,
            evidenceFrames: Array(requests.sighting.frames.prefix(2)),
            displayFilter: "(\(icmp).type==\(request) && \(Filter.destination(group)) && \(Filter.source(victim))) || "
                + "(\(icmp).type==\(reply) && \(Filter.destination(victim)))",
            attack: ["T1498.001", "T1498.002"], facts: .amplifiedEcho(facts))
        finding.respondingHosts = responders.sorted()
        Self.count(&finding, targets: victims.count)
        return finding
    }

    // MARK: NDP

    /// Floods of ICMPv6 router or neighbour advertisements (THC-IPv6 flood_router26,
    /// flood_advertise6): every node on the link processes each one (new prefixes, routes,
    /// neighbour entries) until it runs out of CPU or memory.
    func ndpFloods(_ s: TrafficSummary) -> [Finding] {
        var findings: [Finding] = []
        let kinds: [(RateMeter, Technique, Int)] = [
            (s.hostActivity.routerAdvertisements, .ndpRouterAdvertisement, 134),
            (s.hostActivity.neighborAdvertisements, .ndpNeighborAdvertisement, 136),
        ]
        for (meter, technique, type) in kinds {
            let rate = peakRate(meter)
            guard meter.sighting.count >= thresholds.minimumFloodPackets, rate.perSecond >= thresholds.floodPacketsPerSecond else {
                continue
            }
            var sources: [IPAddress: Int] = [:], groups: [IPAddress: Int] = [:]
            for (pair, a) in s.hostActivity.pairs {
                let n = technique == .ndpRouterAdvertisement ? a.routerAdvertisements : a.neighborAdvertisements
                if n > 0 { sources[pair.source, default: 0] += n; groups[pair.destination, default: 0] += n }
            }
            let spoofed = sources.count >= thresholds.spoofedSourceCount
            var facts = NDPFloodFacts()
            facts.packets = meter.sighting.count; facts.rate = rate
            facts.duration = Double(meter.sighting.lastTime - meter.sighting.firstTime) / 1e9
            facts.sources = sources.count; facts.destinations = groups.count
            let severe = rate.perSecond >= thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor
            var finding = Finding(
                kind: .icmpFlood, technique: technique, severity: severe ? .high : .medium,
                confidence: PortScanDetector.round(
                    min(
                        0.95,
                        0.75 + 0.2
                            * min(1, Double(rate.perSecond) / Double(thresholds.floodPacketsPerSecond * thresholds.severeFloodFactor)))),
                // Random sources are forged: naming them would accuse addresses that do not exist.
                attackers: spoofed ? [] : Self.topSources(sources, 10), targets: Self.topSources(groups, 10), ports: nil,
                firstFrame: meter.sighting.firstFrame, lastFrame: meter.sighting.lastFrame,
                start: meter.sighting.firstTime, end: meter.sighting.lastTime, packetCount: meter.sighting.count,
                evidenceFrames: Array(meter.sighting.frames.prefix(2)), displayFilter: "icmpv6.type==\(type)",
                attack: ["T1498", "T1499"], facts: .ndpFlood(facts))
            Self.count(&finding, attackers: sources.count, targets: groups.count)
            findings.append(finding)
        }
        return findings
    }
}
