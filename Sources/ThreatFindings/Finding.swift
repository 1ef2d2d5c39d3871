import PacketDecoding
import TrafficStatistics

/// How serious a finding is, least to most.
public enum FindingSeverity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical
    public static func < (l: Self, r: Self) -> Bool {
        allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)!
    }
}

/// A finding's kind (open: new detectors add values), named as the JSON contract spells it.
public struct FindingKind: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let portScan = FindingKind(rawValue: "port-scan")
    public static let portSweep = FindingKind(rawValue: "port-sweep")
    public static let hostSweep = FindingKind(rawValue: "host-sweep")
    public static let synFlood = FindingKind(rawValue: "syn-flood")
    public static let udpFlood = FindingKind(rawValue: "udp-flood")
    public static let icmpFlood = FindingKind(rawValue: "icmp-flood")
    public static let bruteForce = FindingKind(rawValue: "brute-force")
    public static let arpSpoofing = FindingKind(rawValue: "arp-spoofing")
    public static let dnsTunneling = FindingKind(rawValue: "dns-tunneling")
    public static let cleartextCredentials = FindingKind(rawValue: "cleartext-credentials")
    public static let serviceProbe = FindingKind(rawValue: "service-probe")
    public static let evasion = FindingKind(rawValue: "evasion")
    public static let tlsAnomaly = FindingKind(rawValue: "tls-anomaly")
    public static let beaconing = FindingKind(rawValue: "beaconing")
    public static let suspiciousDNS = FindingKind(rawValue: "suspicious-dns")
    public static let exfiltration = FindingKind(rawValue: "exfiltration")
    public static let sessionHijacking = FindingKind(rawValue: "session-hijacking")
    public static let webAttack = FindingKind(rawValue: "web-attack")
    public static let suspiciousDownload = FindingKind(rawValue: "suspicious-download")

    /// Every kind a detector of `ThreatAnalyzer` reports; a new kind is added here too (the report's
    /// "what ran" sentence is built from it, and a test checks that every kind has its words).
    public static let all: [FindingKind] = [
        .portScan, .portSweep, .hostSweep, .synFlood, .udpFlood, .icmpFlood, .bruteForce, .arpSpoofing, .dnsTunneling,
        .cleartextCredentials, .serviceProbe, .evasion, .tlsAnomaly, .beaconing, .suspiciousDNS, .exfiltration,
        .sessionHijacking, .webAttack, .suspiciousDownload,
    ]
}

/// Ports of a scan in nmap's states, each sorted.
public struct PortStates: Sendable, Equatable {
    public var probed = 0
    public var open: [UInt16] = []
    public var closed: [UInt16] = []
    public var filtered: [UInt16] = []
    public var unfiltered: [UInt16] = []
    public var openOrFiltered: [UInt16] = []
    public init() {}

    /// The ports in one state.
    public func ports(_ state: PortState) -> [UInt16] {
        switch state {
        case .open: open
        case .closed: closed
        case .filtered: filtered
        case .unfiltered: unfiltered
        case .openOrFiltered: openOrFiltered
        }
    }
}

/// One detected attack or anomaly, with its evidence.
public struct Finding: Sendable {
    public var id = ""
    public var kind: FindingKind
    /// How the attack was carried out (nil when the kind says it all).
    public var technique: Technique?
    public var severity: FindingSeverity
    /// 0…1 (ReportRendering words the reason from `facts`).
    public var confidence: Double
    /// The real actor first.
    public var attackers: [IPAddress]
    public var decoys: [IPAddress] = []
    public var targets: [IPAddress]
    /// For scans.
    public var ports: PortStates?
    /// For other kinds: the ports acted on.
    public var targetedPorts: [UInt16] = []
    public var firstFrame: Int
    public var lastFrame: Int
    /// Nanoseconds since the epoch.
    public var start: Int64
    public var end: Int64
    public var packetCount: Int
    public var evidenceFrames: [Int]
    public var displayFilter: String
    public var attack: [String]
    /// TCP/UDP streams an analyst should follow.
    public var streams: [Int] = []
    /// Targets that answered (sweeps: the hosts found alive; floods: the target that still replied).
    public var respondingHosts: [IPAddress] = []
    /// How many attackers, targets and targeted ports there were when `attackers`, `targets` and
    /// `targetedPorts` hold only the busiest of them; nil when the list is complete.
    public var attackerTotal: Int?
    public var targetTotal: Int?
    public var targetedPortTotal: Int?
    /// What the detector measured, typed; ReportRendering's `FindingWording` puts it into words.
    public var facts: FindingFacts
    /// Set when several scans of one target were merged into one decoy or distributed scan.
    public var decoy: DecoyScanFacts?
    /// Values beyond the attacker and target addresses that the finding rests on (domains, URLs,
    /// file hashes, TLS fingerprints), for the IOC section and exports.
    public var indicators: [Indicator] = []
}
