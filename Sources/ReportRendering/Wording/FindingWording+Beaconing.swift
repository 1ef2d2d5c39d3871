import Support
import ThreatFindings

extension FindingWording {
    static func beaconing(_ x: BeaconingFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        if let name = x.name { return dnsBeaconing(x, name: name, f, t) }
        let client = f.attackers.first ?? .unspecified, server = f.targets.first ?? .unspecified
        let port = f.targetedPorts.first.map { "\(x.transport)/\($0)" } ?? x.transport
        let jitter = NumberFormat.fixed(100 * x.jitterFraction, 1)
        var details = [
            "\(x.connections) connections from \(client) to \(server) on \(port) over \(seconds(x.duration)): "
                + "one every \(seconds(x.period)) (median interval), jitter \(seconds(x.jitter)) (\(jitter)% of the period, "
                + "median absolute deviation).",
            x.timingOnly
                ? "The client's sizes vary (they deviate by \(NumberFormat.grouped(x.sizeDeviation)) bytes from the median), "
                    + "which lowers the overall score below \(NumberFormat.fixed(t.minimumBeaconScore, 2)); the timer alone is "
                    + "as regular as a beacon's (intervals \(NumberFormat.fixed(x.intervalScore, 2)) over \(x.connections) connections): "
                    + "implants pad check-ins and carry tasks of any size."
                : "The client sent \(NumberFormat.grouped(x.sizeMode)) bytes in most connections "
                    + "(sizes deviate by \(NumberFormat.grouped(x.sizeDeviation)) bytes from the median): "
                    + "the same small check-in each time, as implants do.",
            "Scored as RITA scores beacons: intervals \(NumberFormat.fixed(x.intervalScore, 2)) "
                + "(skew \(NumberFormat.fixed(x.intervalSkew, 2))), sizes \(NumberFormat.fixed(x.sizeScore, 2)) "
                + "(skew \(NumberFormat.fixed(x.sizeSkew, 2))), overall \(NumberFormat.fixed(x.score, 2)).",
        ]
        if x.externalServer && BeaconingDetector.pollingPorts.contains(f.targetedPorts.first ?? 0) {
            details.append("Mail clients poll their mailbox, and monitoring polls SNMP and syslog, on a timer: confirm the software.")
        }
        if !x.externalServer {
            details.append(
                "The server is an internal address: scheduled monitoring, backups or keep-alives look the same; confirm the software.")
        }
        if x.scored < x.connections { details.append("The scores read the first \(NumberFormat.grouped(x.scored)) connections.") }
        return FindingWords(
            summary: "Beaconing: \(client) connected to \(server) on \(port) \(x.connections) times, every \(seconds(x.period)) "
                + "with \(jitter)% jitter (score \(NumberFormat.fixed(x.score, 2))).",
            details: details,
            confidenceReason: (x.timingOnly
                ? "interval score \(NumberFormat.fixed(x.intervalScore, 2)) (at least \(NumberFormat.fixed(t.highBeaconScore, 2)) "
                    + "with varying sizes, overall \(NumberFormat.fixed(x.score, 2))), "
                : "beacon score \(NumberFormat.fixed(x.score, 2)) (threshold \(NumberFormat.fixed(t.minimumBeaconScore, 2))), ")
                + "\(x.connections) connections (at least \(t.minimumBeaconConnections)), period \(seconds(x.period)) "
                + "(at least \(seconds(t.minimumBeaconPeriod))), \(x.externalServer ? "external" : "internal") server.")
    }

    /// A DNS beacon: lookups of one name (capture text: a code span in the details, fenced longer than
    /// any backtick run in it; the summary is escaped text).
    static func dnsBeaconing(_ x: BeaconingFacts, name: String, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first ?? .unspecified, resolver = f.targets.first ?? .unspecified
        let jitter = NumberFormat.fixed(100 * x.jitterFraction, 1)
        var details = [
            "\(x.connections) lookups of \(code(name)) by \(client) (through \(resolver)) over \(seconds(x.duration)): "
                + "one every \(seconds(x.period)) (median interval), jitter \(seconds(x.jitter)) (\(jitter)% of the period, "
                + "median absolute deviation); retries and the AAAA beside the A count as one lookup.",
            "An implant that checks in over DNS, or resolves its C2 name before every check-in, asks the same name on a timer; "
                + "people and browsers ask at irregular times, and caches hide repeats.",
            "Scored with RITA's interval score (skew \(NumberFormat.fixed(x.intervalSkew, 2)), dispersion, count): "
                + "\(NumberFormat.fixed(x.score, 2)); queries for one name are all one size, so sizes are not scored.",
        ]
        if !x.signals.isEmpty { details.append("Also off about the name: \(x.signals.joined(separator: ", ")).") }
        if !x.externalServer {
            details.append("Every answer is an internal address: an agent polling a site server looks the same; confirm the software.")
        }
        if x.scored < x.connections { details.append("The scores read the first \(NumberFormat.grouped(x.scored)) lookups.") }
        return FindingWords(
            summary: "DNS beaconing: \(client) looked up \(name) \(x.connections) times, every \(seconds(x.period)) "
                + "with \(jitter)% jitter (score \(NumberFormat.fixed(x.score, 2))).",
            details: details,
            confidenceReason: "beacon score \(NumberFormat.fixed(x.score, 2)) (threshold \(NumberFormat.fixed(t.minimumBeaconScore, 2))), "
                + "\(x.connections) lookups (at least \(t.minimumBeaconConnections)), period \(seconds(x.period)) "
                + "(at least \(seconds(t.minimumBeaconPeriod)))"
                + (x.signals.isEmpty ? "; nothing else about the name is off." : "; \(x.signals.joined(separator: ", ")).")
        )
    }
}
