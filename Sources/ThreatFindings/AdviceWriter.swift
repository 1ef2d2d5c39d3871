/// Turns findings into prevention advice tailored to what was seen.
enum AdviceWriter {
    static func recommendations(for findings: [Finding]) -> [Recommendation] {
        var out: [Recommendation] = []
        func add(_ title: String, _ detail: String, _ ids: [String], _ refs: [String]) {
            out.append(Recommendation(id: "R\(out.count + 1)", title: title, detail: detail, appliesTo: ids, references: refs))
        }
        let scans = findings.filter { $0.kind == .portScan }
        if !scans.isEmpty {
            let ids = scans.map(\.id)
            let open = Set(scans.flatMap { $0.ports?.open ?? [] }).sorted()
            let targets = Set(scans.flatMap(\.targets)).sorted().map(\.description).joined(separator: ", ")
            if !open.isEmpty {
                add("Close or firewall the open ports that were found",
                    "The scan found \(PortScanDetector.portList(open)) open on \(targets). Confirm each is a service that must be reachable from the scanner's network; close or restrict the rest with host and network firewalls (default deny inbound).",
                    ids, ["CIS Controls v8 4.4", "CIS Controls v8 4.5", "NIST SP 800-41 Rev. 1", "MITRE ATT&CK M1030", "MITRE ATT&CK M1042"])
            }
            if open.contains(23) || scans.contains(where: { $0.ports?.openOrFiltered.contains(23) ?? false }) {
                add("Disable telnet", "Telnet sends credentials in clear text; replace it with SSH and remove the service.",
                    ids, ["CIS Controls v8 4.8", "MITRE ATT&CK M1042"])
            }
            let attackers = Set(scans.flatMap(\.attackers)).sorted().map(\.description).joined(separator: ", ")
            add("Investigate the scanning host and alert on scans",
                "Find out who operates \(attackers) and whether the scan was authorised. Enable port-scan detection on the IDS/IPS (e.g. Snort's sfPortscan / Suricata thresholds) and block or rate-limit sources that probe many ports.",
                ids, ["CIS Controls v8 13.3", "CIS Controls v8 13.8", "NIST SP 800-94", "MITRE ATT&CK M1031"])
        }
        return out
    }
}
