import Support
import ThreatFindings

/// A finding in words: its one-sentence summary, the narrative's facts in order, and why the
/// confidence is what it is.
public struct FindingWords: Sendable, Equatable {
    public var summary: String
    public var details: [String]
    public var confidenceReason: String
    public init(summary: String, details: [String], confidenceReason: String) {
        self.summary = summary
        self.details = details
        self.confidenceReason = confidenceReason
    }
}

/// Every sentence a report says about a finding, worded from the detector's typed facts
/// (`Finding.facts`); one extension per detector beside this file.
public enum FindingWording {
    /// The summary, details and confidence reason of `f`; `thresholds` are the ones the detectors ran with.
    public static func words(for f: Finding, thresholds t: DetectionThresholds) -> FindingWords {
        var words: FindingWords
        switch f.facts {
        case .tcpScan(let x): words = tcpScan(x, f, t)
        case .udpScan(let x): words = udpScan(x, f, t)
        case .protocolScan(let x): words = protocolScan(x, f, t)
        case .hostSweep(let x): words = hostSweep(x, f, t)
        case .portSweep(let x): words = portSweep(x, f, t)
        case .synFlood(let x): words = synFlood(x, f, t)
        case .scatteredSYNFlood(let x): words = scatteredSYNFlood(x, f, t)
        case .udpFlood(let x): words = udpFlood(x, f, t)
        case .icmpFlood(let x): words = icmpFlood(x, f, t)
        case .amplifiedEcho(let x): words = amplifiedEcho(x, f, t)
        case .ndpFlood(let x): words = ndpFlood(x, f, t)
        case .bruteForce(let x): words = bruteForce(x, f, t)
        case .cleartextCredentials(let x): words = cleartextCredentials(x, f, t)
        case .arpSpoofing(let x): words = arpSpoofing(x, f, t)
        case .dnsTunneling(let x): words = dnsTunneling(x, f, t)
        case .serviceProbe(let x): words = serviceProbe(x, f, t)
        case .evasion(let x): words = evasion(x, f, t)
        case .tlsAnomaly(let x): words = tlsAnomaly(x, f, t)
        case .beaconing(let x): words = beaconing(x, f, t)
        case .suspiciousDNS(let x): words = suspiciousDNS(x, f, t)
        case .exfiltration(let x): words = exfiltration(x, f, t)
        case .sessionHijacking(let x): words = sessionHijacking(x, f, t)
        case .webAttack(let x): words = webAttack(x, f, t)
        case .suspiciousDownload(let x): words = suspiciousDownload(x, f, t)
        }
        if let decoy = f.decoy { words = decoyScan(decoy, f, words) }
        return words
    }

    // MARK: shared words

    /// "s" unless `n` is 1.
    static func s(_ n: Int) -> String { n == 1 ? "" : "s" }

    /// A duration as a person says it: 250 ms, 4.2 s, 7 min.
    static func seconds(_ s: Double) -> String {
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s < 120 { return NumberFormat.fixed(s, 1) + " s" }
        return "\(Int((s / 60).rounded())) min"
    }

    /// A packet rate: "1,200 per second".
    static func rate(_ n: Int) -> String { "\(NumberFormat.grouped(n)) per second" }

    /// The label of a finding's hosts in one role, as the findings' fact tables show it.
    public static func roleLabel(_ role: FindingRole) -> String {
        switch role {
        case .attacker: "Attacker"
        case .decoy: "Decoys"
        case .target: "Target"
        case .responder: "Responding hosts"
        }
    }

    /// The label of a finding's hosts in one role for this kind of finding: a DNS tunnel's "target"
    /// is the resolver that relays the queries, not a victim.
    public static func roleLabel(_ role: FindingRole, kind: FindingKind) -> String {
        switch (kind, role) {
        case (.dnsTunneling, .attacker): "Tunnelling client"
        case (.dnsTunneling, .target): "DNS resolver (relays the queries)"
        case (.suspiciousDownload, .attacker): "Payload source (server)"
        case (.suspiciousDownload, .target): "Downloading host (victim)"
        default: roleLabel(role)
        }
    }

    /// A port state as the findings' fact tables show it ("Open", "Open|filtered", …).
    public static func stateLabel(_ state: PortState) -> String {
        switch state {
        case .open: "Open"
        case .closed: "Closed"
        case .filtered: "Filtered"
        case .unfiltered: "Unfiltered"
        case .openOrFiltered: "Open|filtered"
        }
    }

    /// Addresses separated by commas.
    static func list<Host: CustomStringConvertible>(_ hosts: [Host]) -> String { hosts.map(\.description).joined(separator: ", ") }

    /// Capture text (a DNS name, a probe's bytes) as a code span of a detail: fenced with one backtick
    /// more than its longest run of them, and padded with a space when it starts or ends with one, so
    /// a backtick inside stays text (`ReportViewModel.detail` reads the fences as CommonMark does).
    static func code(_ s: String) -> String {
        var longest = 0, current = 0
        for ch in s { current = ch == "`" ? current + 1 : 0; longest = max(longest, current) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = s.hasPrefix("`") || s.hasSuffix("`") || s.isEmpty ? " " : ""
        return fence + pad + s + pad + fence
    }
}

extension FindingWording {
    /// The names of the MITRE ATT&CK (Enterprise) techniques the detectors cite, as ATT&CK titles them.
    static let attackNames: [String: String] = [
        "T1018": "Remote System Discovery", "T1040": "Network Sniffing", "T1046": "Network Service Discovery",
        "T1048": "Exfiltration Over Alternative Protocol", "T1071.004": "Application Layer Protocol: DNS",
        "T1071": "Application Layer Protocol", "T1573": "Encrypted Channel",
        "T1568.002": "Dynamic Resolution: Domain Generation Algorithms", "T1571": "Non-Standard Port",
        "T1568": "Dynamic Resolution",
        "T1041": "Exfiltration Over C2 Channel",
        "T1539": "Steal Web Session Cookie", "T1550.004": "Use Alternate Authentication Material: Web Session Cookie",
        "T1110": "Brute Force", "T1110.001": "Brute Force: Password Guessing", "T1498": "Network Denial of Service",
        "T1498.001": "Network Denial of Service: Direct Network Flood",
        "T1498.002": "Network Denial of Service: Reflection Amplification", "T1499": "Endpoint Denial of Service",
        "T1499.001": "Endpoint Denial of Service: OS Exhaustion Flood",
        "T1499.004": "Endpoint Denial of Service: Application or System Exploitation",
        "T1552": "Unsecured Credentials", "T1557.002": "Adversary-in-the-Middle: ARP Cache Poisoning",
        "T1572": "Protocol Tunneling", "T1595.001": "Active Scanning: Scanning IP Blocks",
        "T1595.002": "Active Scanning: Vulnerability Scanning", "T1557": "Adversary-in-the-Middle",
        "T1587.003": "Develop Capabilities: Digital Certificates", "T1071.001": "Application Layer Protocol: Web Protocols",
        "T1190": "Exploit Public-Facing Application", "T1595.003": "Active Scanning: Wordlist Scanning",
        "T1105": "Ingress Tool Transfer", "T1204.002": "User Execution: Malicious File",
        "T1036.007": "Masquerading: Double File Extension", "T1036.008": "Masquerading: Masquerade File Type",
        "T1566.001": "Phishing: Spearphishing Attachment",
        "T1059.001": "Command and Scripting Interpreter: PowerShell",
    ]

    /// `T1046 (Network Service Discovery)`; an id without a known name stays as it is.
    static func attackWithName(_ id: String) -> String { attackNames[id].map { "\(id) (\($0))" } ?? id }
}
