import Support
import ThreatFindings

extension FindingWording {
    static func serviceProbe(_ x: ServiceProbeFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first ?? .unspecified, server = f.targets.first ?? .unspecified
        let ports = f.targetedPorts
        let portsWord = "port\(s(ports.count))"
        var details = [
            "\(x.connections) complete connections from \(client) to \(ports.count) \(portsWord) of \(server) "
                + "(\(PortNames.list(ports))) in \(seconds(x.duration)), each short."
        ]
        if let scan = x.scanTechnique {
            details.append(
                "They follow the \(techniqueName(scan)) from the same host and go to the ports it found open: "
                    + "service/version detection (nmap -sV or -A).")
        }
        details.append(
            "\(x.probes) connection\(s(x.probes)) carried a probe from \(client); \(x.answers) drew an answer or banner from \(server).")
        if !x.samples.isEmpty { details.append("Probes sent (first bytes): \(x.samples.map(code).joined(separator: ", ")).") }
        if x.versionProbes.count >= t.minimumVersionProbeKinds {
            details.append(
                "\(x.versionProbes.count) probes of nmap's version-detection set (nmap-service-probes) recognised "
                    + "(\(x.versionProbes.joined(separator: ", "))): service/version scanning, not password guessing, "
                    + "even where the service refused each one.")
        }
        return FindingWords(
            summary: "Service/version probing: \(client) connected to \(ports.count) open \(portsWord) of \(server) "
                + "(\(PortNames.list(Array(ports.prefix(8))))) and sent application probes.",
            details: details,
            confidenceReason: x.afterScan
                ? "Short complete connections to \(ports.count) of the ports the scan found open."
                : "Short complete connections, several per port, to \(ports.count) ports of one host "
                    + "(threshold \(t.minimumServiceProbePorts * 2)).")
    }
}
