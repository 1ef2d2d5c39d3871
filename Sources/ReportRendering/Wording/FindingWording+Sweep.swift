import Support
import ThreatFindings

extension FindingWording {
    /// "ARP", "ICMP echo", "TCP ACK ping", … (a host sweep's main discovery method).
    static func methodName(_ t: Technique?) -> String {
        switch t {
        case .arp: "ARP"
        case .icmpEcho: "ICMP echo"
        case .icmpTimestamp: "ICMP timestamp"
        case .icmpAddressMask: "ICMP address mask"
        case .tcpACK: "TCP ACK ping"
        default: "TCP SYN ping"
        }
    }

    /// "TCP ACK to port 80", "TCP SYN to port 443".
    static func tcpPingName(_ p: TCPPing) -> String {
        "\(p.probe == .ack ? "TCP ACK" : "TCP SYN") to port \(p.port)"
    }

    static func hostSweep(_ x: HostSweepFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let source = f.attackers.first ?? .unspecified
        let probed = f.targets.count, answered = f.respondingHosts
        let methods = [x.arpTargets, x.echoTargets, x.timestampTargets, x.addressMaskTargets].filter { $0 > 0 }.count + x.tcpPings.count
        var details = ["\(source) asked \(probed) hosts whether they are alive in \(seconds(x.duration)); \(answered.count) answered."]
        if x.arpTargets > 0 {
            details.append(
                "ARP requests for \(x.arpTargets) addresses (an ARP sweep: nmap -sn on the local network, arp-scan, netdiscover); "
                    + "\(answers(x.arpAnswered, "an ARP reply"))")
        }
        if x.echoTargets > 0 {
            details.append("ICMP echo requests to \(x.echoTargets) hosts (ping sweep); \(answers(x.echoAnswered, "an echo reply"))")
        }
        if x.timestampTargets > 0 {
            details.append(
                "ICMP timestamp requests to \(x.timestampTargets) hosts (nmap -PP); \(answers(x.timestampAnswered, "a timestamp reply"))")
        }
        if x.addressMaskTargets > 0 { details.append("ICMP address-mask requests to \(x.addressMaskTargets) hosts (nmap -PM).") }
        // In the order of their names, as the sentences read.
        let pings = x.tcpPings.map { (name: tcpPingName($0.key), probe: $0.key.probe, port: $0.key.port, hosts: $0.value) }
            .sorted { $0.name < $1.name }
        for ping in pings {
            let answered = x.tcpPingAnswers[TCPPing(probe: ping.probe, port: ping.port)] ?? 0
            let reply = ping.probe == .ack ? "a RST" : "a SYN+ACK or RST"
            details.append(
                "\(ping.name) of \(ping.hosts) hosts (TCP ping\(ping.probe == .ack ? ", nmap -PA" : ", nmap -PS")); \(answers(answered, reply))"
            )
        }
        if methods >= 3 {
            details.append(
                "Several discovery probes per host at once (echo, TCP SYN to 443, TCP ACK to 80, timestamp) "
                    + "is nmap's default host discovery.")
        }
        if !answered.isEmpty {
            let more = answered.count > 20 ? " and \(answered.count - 20) more" : ""
            details.append("Hosts that answered: \(list(Array(answered.prefix(20))))\(more).")
        }
        return FindingWords(
            summary: "A host discovery sweep (\(methodName(f.technique))): \(source) probed \(probed) hosts; \(answered.count) answered.",
            details: details,
            confidenceReason: "\(probed) distinct hosts probed for liveness by one source (threshold \(t.minimumSweepHosts)), "
                + "\(methods) discovery method\(s(methods)).")
    }

    /// "none answered.", "3 answered with a SYN+ACK or RST." (one probe type's answers).
    static func answers(_ count: Int, _ reply: String) -> String {
        count == 0 ? "none answered." : "\(NumberFormat.grouped(count)) answered with \(reply)."
    }

    static func portSweep(_ x: PortSweepFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let source = f.attackers.first ?? .unspecified
        let hosts = f.targets.count, open = f.respondingHosts
        let port = f.targetedPorts.first ?? 0
        let proto = f.technique == .udp ? "UDP" : "TCP"
        let service = PortNames.list([port])
        var details = ["\(hosts) hosts probed on \(proto) port \(service) by \(source) in \(seconds(x.duration))."]
        if !open.isEmpty { details.append("Open on \(open.count) host\(s(open.count)): \(list(Array(open.prefix(20)))).") }
        if x.closedHosts > 0 { details.append("Closed (RST or port unreachable) on \(x.closedHosts) hosts.") }
        let silent = hosts - open.count - x.closedHosts
        if silent > 0 { details.append("No answer from \(silent) hosts (filtered or down).") }
        if f.technique == .tcpSYN && (port == 80 || port == 443) {
            details.append("A SYN to port \(port) of many hosts is also what nmap's TCP SYN ping (-PS) sends for host discovery.")
        }
        return FindingWords(
            summary: "A port sweep: \(source) probed \(proto) port \(service) on \(hosts) hosts; open on \(open.count).",
            details: details,
            confidenceReason: "\(hosts) distinct hosts probed on one port with no data exchanged (threshold \(t.minimumSweepHosts)).")
    }
}
