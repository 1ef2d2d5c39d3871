import PacketDecoding
import TrafficStatistics

/// Exfiltration over the network (T1041, T1048): an internal host sending an external one a large
/// volume with little coming back, read from the IPv4 and IPv6 conversation tables.
public struct ExfiltrationDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        (s.conversations.ipv4.rows + s.conversations.ipv6.rows).compactMap(finding)
    }

    func finding(_ row: AddressConversation) -> Finding? {
        let a = row.a.address, b = row.b.address
        // The internal side sends; the other is outside the site and a unicast address.
        let aSends = a.isInternal && !b.isInternal && !b.isMulticastOrBroadcast
        let bSends = b.isInternal && !a.isInternal && !a.isMulticastOrBroadcast
        guard aSends || bSends else { return nil }
        var facts = ExfiltrationFacts()
        facts.bytesOut = aSends ? row.bytesAtoB : row.bytesBtoA
        facts.bytesIn = aSends ? row.bytesBtoA : row.bytesAtoB
        facts.framesOut = aSends ? row.framesAtoB : row.framesBtoA
        facts.duration = Double(row.lastTimestamp - row.firstTimestamp) / 1e9
        guard facts.bytesOut >= thresholds.minimumExfiltrationBytes, facts.ratio >= thresholds.exfiltrationUploadRatio else { return nil }
        let sender = aSends ? a : b, receiver = aSends ? b : a
        let large = facts.bytesOut >= thresholds.minimumExfiltrationBytes * thresholds.highExfiltrationFactor
        let confidence = min(0.9, 0.55 + 0.15 * min(1, facts.ratio / 100) + (large ? 0.15 : 0))
        var f = Finding(
            kind: .exfiltration, technique: nil, severity: large ? .high : .medium, confidence: PortScanDetector.round(confidence),
            attackers: [sender], targets: [receiver], ports: nil, targetedPorts: [],
            firstFrame: row.firstFrame, lastFrame: row.lastFrame, start: row.firstTimestamp, end: row.lastTimestamp,
            packetCount: facts.framesOut, evidenceFrames: [row.firstFrame],
            displayFilter: "\(Filter.source(sender)) && \(Filter.destination(receiver))",
            attack: ["T1041", "T1048"], facts: .exfiltration(facts))
        f.indicators = [
            Indicator(kind: receiver.isIPv6 ? .ipv6 : .ipv4, value: receiver.description, role: .c2),
            Indicator(kind: sender.isIPv6 ? .ipv6 : .ipv4, value: sender.description, role: .victim),
        ]
        return f
    }
}
