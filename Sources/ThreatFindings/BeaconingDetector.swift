import PacketDecoding
import TrafficStatistics

/// Command-and-control beaconing: one client opening connections to one server port at regular
/// intervals with regular sizes. Scores each series as RITA does (Bowley skew and median absolute
/// deviation of the intervals, connection count; skew, deviation and smallness of the sizes) and
/// reports series whose mean score reaches `DetectionThresholds.minimumBeaconScore`.
public struct BeaconingDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        var findings: [Finding] = []
        for pair in s.beacons.pairs where pair.times.count >= thresholds.minimumBeaconConnections {
            guard var facts = Self.score(pair, thresholds: thresholds),
                facts.period >= thresholds.minimumBeaconPeriod, facts.duration >= thresholds.minimumBeaconDuration
            else { continue }
            // Implants pad their check-ins and carry tasks and results of any size, which RITA's size
            // score reads as irregular: a timer as regular as a high beacon's, over as many connections
            // as the count part asks, is a beacon on its timing alone (medium at most).
            facts.timingOnly =
                facts.score < thresholds.minimumBeaconScore && facts.intervalScore >= thresholds.highBeaconScore
                && facts.connections >= thresholds.beaconFullScoreConnections
            guard facts.score >= thresholds.minimumBeaconScore || facts.timingOnly else { continue }
            let key = pair.key
            // An internal server polled on a schedule (monitoring, backups, keep-alives), or a mailbox
            // polled by a mail client, is worth a look, no more.
            let severity: FindingSeverity =
                !facts.externalServer || Self.pollingPorts.contains(key.port)
                ? .low : facts.score >= thresholds.highBeaconScore ? .high : .medium
            let rated = max(facts.score, thresholds.minimumBeaconScore)
            let confidence = min(
                0.95,
                0.5 + 0.4 * (rated - thresholds.minimumBeaconScore) / max(0.01, 1 - thresholds.minimumBeaconScore)
                    + 0.05 * min(1, Double(facts.connections) / 100))
            let proto = key.isTCP ? "tcp.flags.syn == 1 && tcp.flags.ack == 0" : "udp"
            let filter =
                "\(Filter.source(key.client)) && \(Filter.destination(key.server)) && \(proto) && "
                + "\(key.isTCP ? "tcp" : "udp").dstport == \(key.port)"
            var finding = Finding(
                kind: .beaconing, technique: nil, severity: severity, confidence: PortScanDetector.round(confidence),
                attackers: [key.client], targets: [key.server], ports: nil, targetedPorts: [key.port],
                firstFrame: pair.frames.first ?? 0, lastFrame: pair.frames.last ?? 0,
                start: pair.times.first ?? 0, end: pair.times.last ?? 0,
                packetCount: pair.connections, evidenceFrames: Array(pair.frames.prefix(3)),
                displayFilter: filter, attack: ["T1071", "T1573"], facts: .beaconing(facts))
            finding.streams = key.isTCP ? Array(pair.streams.prefix(3).filter { $0 >= 0 }.map(Int.init)) : []
            finding.indicators = [
                Indicator(kind: key.server.isIPv6 ? .ipv6 : .ipv4, value: key.server.description, role: .c2),
                Indicator(kind: key.client.isIPv6 ? .ipv6 : .ipv4, value: key.client.description, role: .victim),
            ]
            findings.append(finding)
        }
        return findings + dnsNames(s)
    }

    /// Mail retrieval (POP3, IMAP and their TLS ports) and SNMP/syslog: polled on a timer by design.
    public static let pollingPorts: Set<UInt16> = [110, 143, 993, 995, 161, 162, 514]

    /// RITA's beacon score of one series, or nil when it has too few connections to score.
    static func score(_ pair: BeaconSeries.Pair, thresholds t: DetectionThresholds) -> BeaconingFacts? {
        let n = pair.times.count
        guard n >= 3 else { return nil }
        // Intervals in milliseconds (integers, as RITA's seconds, but finer for short periods).
        var intervals = (1 ..< n).map { Int((pair.times[$0] - pair.times[$0 - 1]) / 1_000_000) }
        intervals.sort()
        var sizes = pair.sizes
        sizes.sort()
        let (intervalMedian, intervalSkew, intervalDeviation) = Self.shape(intervals)
        let (_, sizeSkew, sizeDeviation) = Self.shape(sizes)
        var facts = BeaconingFacts()
        facts.transport = pair.key.isTCP ? "tcp" : "udp"
        facts.connections = pair.connections; facts.scored = n
        facts.duration = Double(pair.times[n - 1] - pair.times[0]) / 1e9
        facts.period = Double(intervalMedian) / 1000; facts.jitter = Double(intervalDeviation) / 1000
        facts.intervalSkew = intervalSkew; facts.sizeSkew = sizeSkew
        facts.sizeMode = Self.mode(sizes); facts.sizeDeviation = sizeDeviation
        // RITA cuts the interval dispersion off at 30 s; a short period cuts off at half of it.
        let cutoff = min(t.beaconJitterCutoff, max(0.001, facts.period / 2))
        let intervalDispersion = max(0, 1 - facts.jitter / cutoff)
        let count = min(1, Double(pair.connections) / Double(t.beaconFullScoreConnections))
        facts.intervalScore = ((1 - abs(intervalSkew)) + intervalDispersion + count) / 3
        let sizeDispersion = max(0, 1 - Double(sizeDeviation) / t.beaconSizeDeviationCutoff)
        let smallness = max(0, 1 - Double(facts.sizeMode) / 65535)
        facts.sizeScore = ((1 - abs(sizeSkew)) + sizeDispersion + smallness) / 3
        facts.score = PortScanDetector.round((facts.intervalScore + facts.sizeScore) / 2)
        facts.intervalScore = PortScanDetector.round(facts.intervalScore)
        facts.sizeScore = PortScanDetector.round(facts.sizeScore)
        facts.externalServer = !pair.key.server.isInternal
        return facts
    }

    /// The median, Bowley skew and median absolute deviation of sorted values (RITA's quartile
    /// positions; the skew is 0 when the median equals a quartile, where it means nothing).
    static func shape(_ sorted: [Int]) -> (median: Int, skew: Double, deviation: Int) {
        guard !sorted.isEmpty else { return (0, 0, 0) }
        func at(_ q: Double) -> Int { sorted[Int((q * Double(sorted.count - 1)).rounded())] }
        let low = at(0.25), mid = at(0.5), high = at(0.75)
        var skew = 0.0
        if high != low && mid != low && mid != high { skew = Double(low + high - 2 * mid) / Double(high - low) }
        var deviations = sorted.map { abs($0 - mid) }
        deviations.sort()
        return (mid, skew, deviations[Int((0.5 * Double(deviations.count - 1)).rounded())])
    }

    /// The most common value of sorted values (the smallest of equally common ones).
    static func mode(_ sorted: [Int]) -> Int {
        var best = sorted.first ?? 0, bestCount = 0, i = 0
        while i < sorted.count {
            var j = i
            while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
            if j - i > bestCount { bestCount = j - i; best = sorted[i] }
            i = j
        }
        return best
    }
}
