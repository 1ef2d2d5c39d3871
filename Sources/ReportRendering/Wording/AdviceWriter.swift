import Support
import ThreatFindings

/// Turns findings into prevention advice tailored to what was seen, each with references a
/// customer's auditor recognises (CIS Controls v8 safeguards, NIST SP 800-41/800-94, MITRE ATT&CK
/// mitigations). One recommendation per concern, listing every finding it applies to.
public enum AdviceWriter {
    /// How much work a piece of advice is, for the customer edition's ranking: `low` is a setting
    /// or a check, `medium` a change to a service or a rule set, `high` new infrastructure.
    enum Effort: Int, Comparable {
        case low, medium, high
        static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
        /// The effort in words, as the customer edition prints it.
        var words: String {
            switch self {
            case .low: "low (a setting or a check)"
            case .medium: "medium (a change to a service or its rules)"
            case .high: "high (new network controls)"
            }
        }
    }

    /// The effort of the advice titled `title` (the titles this writer gives); medium for others.
    static func effort(_ title: String) -> Effort {
        let low = [
            "Close or firewall", "Disable telnet", "Investigate the scanning host", "Limit host discovery", "Turn on SYN cookies",
            "Normalise and drop malformed",
        ]
        let high = ["Stop ARP spoofing"]
        if high.contains(where: title.hasPrefix) { return .high }
        if title.hasPrefix("Disable telnet and other") { return .medium }
        return low.contains(where: title.hasPrefix) ? .low : .medium
    }

    /// One recommendation per concern the findings raise, numbered R1, R2, … in a fixed order.
    public static func recommendations(for findings: [Finding]) -> [Recommendation] {
        var out: [Recommendation] = []
        func add(_ title: String, _ detail: String, _ ids: [String], _ refs: [String]) {
            out.append(Recommendation(id: "R\(out.count + 1)", title: title, detail: detail, appliesTo: ids, references: refs))
        }
        func of(_ kinds: FindingKind...) -> [Finding] { findings.filter { kinds.contains($0.kind) && $0.severity > .info } }
        func hosts<Host: Hashable & Comparable & CustomStringConvertible>(_ list: [Host]) -> String {
            let unique = Array(Set(list)).sorted()
            return unique.prefix(8).map(\.description).joined(separator: ", ") + (unique.count > 8 ? " and \(unique.count - 8) more" : "")
        }

        let scans = of(.portScan, .portSweep, .serviceProbe)
        if !scans.isEmpty {
            let ids = scans.map(\.id)
            let open = Set(scans.flatMap { $0.ports?.open ?? [] } + scans.filter { $0.kind == .serviceProbe }.flatMap(\.targetedPorts))
                .sorted()
            let targets = hosts(scans.flatMap(\.targets))
            if !open.isEmpty {
                add(
                    "Close or firewall the open ports that were found",
                    "The scan found \(PortNames.list(open)) open on \(targets). Confirm each is a service that must be reachable from the scanner's network; close or restrict the rest with host and network firewalls (default deny inbound).",
                    ids,
                    ["CIS Controls v8 4.4", "CIS Controls v8 4.5", "NIST SP 800-41 Rev. 1", "MITRE ATT&CK M1030", "MITRE ATT&CK M1042"])
            }
            let openOrFiltered = Set(scans.flatMap { $0.ports?.openOrFiltered ?? [] })
            if open.contains(23) || openOrFiltered.contains(23) {
                add(
                    "Disable telnet", "Telnet sends credentials in clear text; replace it with SSH and remove the service.",
                    ids, ["CIS Controls v8 4.8", "MITRE ATT&CK M1042"])
            }
            if scans.contains(where: { $0.technique?.isStealthTCPScan == true }) {
                add(
                    "Use a stateful firewall that drops out-of-state TCP",
                    "Stealth probes (FIN, NULL, Xmas, ACK, Maimon, Window) map ports and firewall rules by the way the target answers packets that belong to no connection. A stateful firewall drops them without answer, and the scan learns nothing.",
                    ids, ["NIST SP 800-41 Rev. 1", "CIS Controls v8 4.4", "MITRE ATT&CK M1037"])
            }
            if scans.contains(where: { !$0.decoys.isEmpty || $0.attackers.count > 1 }) {
                add(
                    "Trace decoy and distributed scans to the real source",
                    "Decoy addresses hide the real scanner among forged ones; the report names the source that reacted to the answers. Enable anti-spoofing (uRPF, BCP 38 ingress filtering) so forged sources cannot enter, and investigate the real host.",
                    ids, ["CIS Controls v8 13.4", "NIST SP 800-41 Rev. 1", "MITRE ATT&CK M1037"])
            }
            let attackers = hosts(scans.flatMap(\.attackers))
            add(
                "Investigate the scanning host and alert on scans",
                "Find out who operates \(attackers) and whether the scan was authorised. Enable port-scan detection on the IDS/IPS (e.g. Snort's sfPortscan / Suricata thresholds) and block or rate-limit sources that probe many ports.",
                ids, ["CIS Controls v8 13.3", "CIS Controls v8 13.8", "NIST SP 800-94", "MITRE ATT&CK M1031"])
        }

        let sweeps = of(.hostSweep)
        if !sweeps.isEmpty {
            let ids = sweeps.map(\.id)
            // The advice fits the probes the sweep sent: ARP, ICMP, TCP pings (and what answered them).
            var arp = false, icmp = false, icmpAnswered = 0, tcpPorts = Set<UInt16>(), tcpAnswered = 0
            for f in sweeps {
                guard case let .hostSweep(x) = f.facts else { continue }
                arp = arp || x.arpTargets > 0
                icmp = icmp || x.echoTargets + x.timestampTargets + x.addressMaskTargets > 0
                icmpAnswered += x.echoAnswered + x.timestampAnswered
                tcpPorts.formUnion(x.tcpPings.keys.map(\.port))
                tcpAnswered += x.tcpPingAnswers.values.reduce(0, +)
            }
            var detail = "\(hosts(sweeps.flatMap(\.attackers))) mapped which hosts are alive. "
            if arp {
                detail += "An ARP sweep comes from inside the local network: find the device and check it against the asset inventory; "
                detail += "use port security / 802.1X so unknown devices cannot join. "
            }
            if icmp && icmpAnswered == 0 && tcpAnswered > 0 {
                detail += "No ICMP request was answered (ICMP looks filtered already): the TCP pings found the hosts. "
            } else if icmp {
                detail += "Block ICMP echo/timestamp/address-mask requests from untrusted networks at the perimeter. "
            }
            if !tcpPorts.isEmpty {
                let ports = tcpPorts.sorted().map(String.init).joined(separator: ", ")
                detail += "TCP pings to port\(tcpPorts.count == 1 ? "" : "s") \(ports) "
                detail += tcpAnswered > 0 ? "were answered (SYN+ACK or RST): those hosts are known alive. " : "were not answered. "
                detail += "Have the perimeter firewall drop (not reject) unsolicited TCP from untrusted networks "
                detail += "to addresses that offer no service there, so a lone SYN or ACK draws no SYN+ACK or RST. "
            }
            detail += "Alert the IDS on sweeps (many hosts probed by one source)."
            let references = [
                "CIS Controls v8 1.1", "CIS Controls v8 13.3", "NIST SP 800-41 Rev. 1", "NIST SP 800-94", "MITRE ATT&CK M1031",
            ]
            add("Limit host discovery", detail, ids, references)
        }

        let synFloods = of(.synFlood)
        if !synFloods.isEmpty {
            add(
                "Turn on SYN cookies and rate-limit SYNs",
                "\(hosts(synFloods.flatMap(\.targets))) received a SYN flood. Enable SYN cookies (Linux: net.ipv4.tcp_syncookies=1), raise the SYN backlog, rate-limit new connections per source at the firewall or load balancer, and ask the upstream provider for DDoS scrubbing when sources are spoofed.",
                synFloods.map(\.id), ["CIS Controls v8 13.10", "NIST SP 800-41 Rev. 1", "MITRE ATT&CK M1037"])
        }
        let reflections = of(.udpFlood).filter { $0.technique == .reflection }
        if !reflections.isEmpty {
            var services: [String] = [], reflectors = 0
            for f in reflections {
                guard case let .udpFlood(x) = f.facts, let r = x.reflection else { continue }
                let name = FindingWording.reflectedService(r.servicePort).name
                services.append("\(name) (UDP source port \(r.servicePort))")
                reflectors += r.reflectors
            }
            add(
                "Filter the reflected service upstream and report the reflectors",
                "\(hosts(reflections.flatMap(\.targets))) received a reflection/amplification attack: answers from "
                    + "\(Array(Set(services)).sorted().joined(separator: ", ")) it never asked for, sent by "
                    + "\(NumberFormat.grouped(reflectors)) servers in reply to requests forged in its name. Ask the upstream provider "
                    + "to drop or rate-limit UDP from that source port towards the target (ACL or BGP Flowspec) before the link fills, "
                    + "and drop it at the edge for hosts that do not use the service. Report the reflectors listed in the finding "
                    + "to their operators or national CERT (open resolvers, NTP monlist, public SNMP communities, SSDP, CLDAP and "
                    + "memcached exposed to the internet). Check that none of your own servers answers these requests from the "
                    + "internet, and apply BCP 38 ingress filtering so your network cannot forge sources.",
                reflections.map(\.id),
                ["CIS Controls v8 13.10", "CIS Controls v8 4.4", "NIST SP 800-41 Rev. 1", "US-CERT TA14-017A", "MITRE ATT&CK M1037"])
        }
        let linkFloods = of(.icmpFlood).filter {
            if $0.technique == .multicastEcho || $0.technique == .ndpRouterAdvertisement || $0.technique == .ndpNeighborAdvertisement {
                return true
            }
            if case let .icmpFlood(x) = $0.facts { return !x.forgedSources.isEmpty }
            return false
        }
        if !linkFloods.isEmpty {
            add(
                "Protect the link: RA Guard, ND inspection, no answers to group pings",
                "The link carrying \(hosts(linkFloods.flatMap(\.targets))) was flooded with forged ICMPv6 or group-addressed packets. "
                    + "Enable RA Guard (RFC 6105) and ND inspection / IPv6 source guard on the access switches so only the router's "
                    + "port may send router advertisements and hosts may only advertise their own addresses; limit MAC addresses "
                    + "per port (port security). Stop hosts answering echo requests sent to, or from, group addresses "
                    + "(Linux: net.ipv6.icmp.echo_ignore_multicast=1, net.ipv4.icmp_echo_ignore_broadcasts=1) and patch stacks "
                    + "that exhaust themselves on router advertisement floods. Remove the sending device: its MAC is in the finding.",
                linkFloods.map(\.id),
                ["CIS Controls v8 12.2", "CIS Controls v8 13.4", "NIST SP 800-119", "MITRE ATT&CK M1037", "MITRE ATT&CK M1035"])
        }
        let linkIDs = Set(linkFloods.map(\.id))
        let otherFloods = of(.udpFlood, .icmpFlood).filter { $0.technique != .reflection && !linkIDs.contains($0.id) }
        if !otherFloods.isEmpty {
            add(
                "Rate-limit and filter the flood at the edge",
                "\(hosts(otherFloods.flatMap(\.targets))) received a UDP/ICMP flood. Drop unneeded UDP and ICMP at the perimeter, rate-limit ICMP echo, filter spoofed sources (BCP 38), and arrange upstream DDoS mitigation for volumetric attacks.",
                otherFloods.map(\.id), ["CIS Controls v8 13.10", "NIST SP 800-41 Rev. 1", "MITRE ATT&CK M1037"])
        }

        let brute = of(.bruteForce)
        func loginService(_ f: Finding) -> String? {
            FindingWording.isPlaintextLogin(f.technique)
                ? "the plain-text login service on port \(PortNames.list(f.targetedPorts)) (and replace it with an encrypted one)"
                : f.technique?.rawValue
        }
        if !brute.isEmpty {
            let guessed = brute.contains { $0.severity == .critical }
            add(
                "Stop password guessing: lockout, MFA, and restrict the service",
                (guessed ? "A login succeeded after many failures: reset that account's password and review its activity now. " : "")
                    + "Lock out or slow down accounts after repeated failures, require MFA on \(Set(brute.compactMap(loginService)).sorted().joined(separator: ", ")), allow the service only from trusted networks or a VPN, and block \(hosts(brute.flatMap(\.attackers))) (fail2ban or the IPS).",
                brute.map(\.id),
                [
                    "CIS Controls v8 6.3", "CIS Controls v8 6.4", "CIS Controls v8 4.10", "NIST SP 800-94", "MITRE ATT&CK M1032",
                    "MITRE ATT&CK M1036",
                ])
        }

        let arp = of(.arpSpoofing)
        if !arp.isEmpty {
            add(
                "Stop ARP spoofing: dynamic ARP inspection and static gateway entries",
                "Enable DHCP snooping and Dynamic ARP Inspection on the access switches, use port security, pin the gateway's MAC on critical hosts, and use encrypted protocols (TLS, SSH) so an attacker in the middle reads nothing. Remove the offending device from the network.",
                arp.map(\.id), ["CIS Controls v8 12.2", "CIS Controls v8 13.4", "MITRE ATT&CK M1037", "MITRE ATT&CK M1041"])
        }

        let dns = of(.dnsTunneling) + of(.suspiciousDNS).filter { $0.severity > .low }
        if !dns.isEmpty {
            add(
                "Control DNS egress",
                "Let clients resolve only through the internal resolvers, block direct DNS to the internet, enable DNS filtering / response-policy zones to block the tunnel domain, and alert on long high-entropy query names and TXT/NULL volume. Investigate \(hosts(dns.flatMap(\.attackers))) for malware or a tunnel client.",
                dns.map(\.id),
                ["CIS Controls v8 9.2", "CIS Controls v8 13.6", "NIST SP 800-94", "MITRE ATT&CK M1031", "MITRE ATT&CK M1037"])
        }

        let beacons = of(.beaconing).filter { $0.severity > .low }
        if !beacons.isEmpty {
            let text =
                "Regular check-ins to one server are how implants wait for commands. "
                + "Isolate \(hosts(beacons.flatMap(\.attackers))) and find the process that opens the connections (EDR, netstat), "
                + "block \(hosts(beacons.flatMap(\.targets))) at the egress firewall or proxy, and hunt for that server "
                + "in your other logs. Let clients reach the internet only through an inspecting proxy."
            let references = ["CIS Controls v8 13.3", "CIS Controls v8 9.3", "NIST SP 800-94", "MITRE ATT&CK M1031", "MITRE ATT&CK M1037"]
            add("Isolate beaconing hosts and block their C2 servers", text, beacons.map(\.id), references)
        }

        let exfil = of(.exfiltration)
        if !exfil.isEmpty {
            let text =
                "Find out what \(hosts(exfil.flatMap(\.attackers))) sent to \(hosts(exfil.flatMap(\.targets))) and which process sent it; "
                + "if it is not a sanctioned backup or sync service, block the destination, isolate the host and treat the data as disclosed. "
                + "Route uploads through an inspecting proxy with data-loss prevention and alert on large outbound volumes."
            let references = ["CIS Controls v8 3.13", "CIS Controls v8 13.3", "NIST SP 800-94", "MITRE ATT&CK M1057", "MITRE ATT&CK M1031"]
            add("Investigate the large upload and restrict egress", text, exfil.map(\.id), references)
        }

        let hijacks = of(.sessionHijacking)
        if !hijacks.isEmpty {
            let text =
                "End the sessions of \(hosts(hijacks.flatMap { $0.targets.prefix(1) })) on the server now (log them out, rotate the session ids) "
                + "and find how \(hosts(hijacks.flatMap(\.attackers))) got the cookie (cross-site scripting, malware, sniffing). "
                + "Mark session cookies HttpOnly, Secure and SameSite, serve the whole site over TLS (HSTS), bind a session to "
                + "its client (reject it from a new address or device, re-authenticate for sensitive actions) and keep session lifetimes short."
            let references = ["OWASP Session Management Cheat Sheet", "CIS Controls v8 3.10", "MITRE ATT&CK M1054", "MITRE ATT&CK M1041"]
            add("Revoke the hijacked sessions and harden session cookies", text, hijacks.map(\.id), references)
        }
        let web = of(.webAttack).filter { $0.severity > .low }
        if !web.isEmpty { add(webAttackTitle, webAttackAdvice(web), web.map(\.id), webAttackReferences) }
        let phishing = of(.suspiciousDownload).filter { $0.technique == .phishingAttachment }
        if !phishing.isEmpty {
            add(
                "Quarantine the phishing attachment and block its sender",
                "Search every mailbox for the messages by the attachments' SHA-256 and remove them, find who opened them and "
                    + "check those hosts (EDR search by digest), and block \(hosts(phishing.flatMap(\.attackers))) at the mail gateway. "
                    + "Have the gateway reject executable, script and double-extension attachments and files whose type does not "
                    + "match their name, and show file extensions in Windows Explorer.",
                phishing.map(\.id),
                ["CIS Controls v8 9.6", "CIS Controls v8 9.7", "NIST SP 800-177 Rev. 1", "MITRE ATT&CK M1049", "MITRE ATT&CK M1017"])
        }
        let downloads = of(.suspiciousDownload).filter { $0.technique != .phishingAttachment }
        if !downloads.isEmpty {
            add(
                "Contain the downloaded payload and block its source",
                "Treat \(hosts(downloads.flatMap(\.targets))) as possibly compromised until shown otherwise: look for the files by their "
                    + "SHA-256 on those hosts (EDR or antivirus search), check whether they ran, and block "
                    + "\(hosts(downloads.flatMap(\.attackers))) and the URLs at the proxy. Block executable and script downloads from bare "
                    + "IP addresses and files with double extensions at the web proxy, show file extensions in Windows Explorer, and fetch "
                    + "software only over HTTPS from the vendor.",
                downloads.map(\.id),
                ["CIS Controls v8 9.3", "CIS Controls v8 10.1", "NIST SP 800-83 Rev. 1", "MITRE ATT&CK M1021", "MITRE ATT&CK M1038"])
        }

        let clear = of(.cleartextCredentials)
        if !clear.isEmpty {
            let telnet = clear.contains { $0.technique == .login("telnet") }
            add(
                telnet ? "Disable telnet and other cleartext logins" : "Replace cleartext logins with encrypted ones",
                "Passwords crossed the network readable by anyone on the path (masked in this report). Change those passwords, then move the services to encrypted versions: SSH instead of telnet, SFTP/FTPS instead of FTP, HTTPS instead of HTTP Basic, POP3S/IMAPS and SMTP with STARTTLS.",
                clear.map(\.id), ["CIS Controls v8 3.10", "CIS Controls v8 4.8", "MITRE ATT&CK M1041", "MITRE ATT&CK M1042"])
        }

        let tls = of(.tlsAnomaly)
        if !tls.isEmpty {
            add(
                "Fix weak TLS servers: trusted certificates, TLS 1.2 or later",
                "Replace self-signed and expired certificates on \(hosts(tls.flatMap(\.targets))) with ones from your CA (and monitor their expiry), disable SSL 3.0, TLS 1.0 and TLS 1.1, and find out which clients connect without a server name: scripts and malware often dial a bare address.",
                tls.map(\.id), ["NIST SP 800-52 Rev. 2", "RFC 8996", "CIS Controls v8 3.10", "MITRE ATT&CK M1041"])
        }

        let evasion = of(.evasion)
        if !evasion.isEmpty {
            add(
                "Normalise and drop malformed traffic",
                "Drop impossible TCP flag combinations, land packets and tiny or overlapping fragments at the firewall/IPS (packet normalisation, fragment reassembly before inspection), and keep the targets' IP stacks patched.",
                evasion.map(\.id), ["NIST SP 800-41 Rev. 1", "NIST SP 800-94", "CIS Controls v8 13.8", "MITRE ATT&CK M1037"])
        }
        return out
    }
}
