import Support
import ThreatFindings

/// Every detector's thresholds as the appendix and the JSON `thresholds` object list them: one row per
/// stored property of `DetectionThresholds`, in the struct's order, grouped by the detector that reads it.
struct ThresholdListing {
    /// A threshold's value: a count or a fraction/number, so the JSON keeps integers as integers.
    enum Value: Equatable {
        case int(Int)
        case double(Double)
    }

    /// One threshold: the detector it belongs to (as the report names it), its property name (the
    /// JSON key), its value, and what it means.
    struct Row {
        var detector: String
        var key: String
        var value: Value
        var meaning: String
    }

    /// The rows for `t`, port scans first, as `DetectionThresholds` declares them.
    static func rows(_ t: DetectionThresholds) -> [Row] {
        func i(_ d: String, _ k: String, _ v: Int, _ m: String) -> Row { Row(detector: d, key: k, value: .int(v), meaning: m) }
        func d(_ d: String, _ k: String, _ v: Double, _ m: String) -> Row { Row(detector: d, key: k, value: .double(v), meaning: m) }
        let scan = "Port scan", sweep = "Sweep", probe = "Service probe", flood = "Flood", brute = "Brute force"
        let dns = "DNS tunnelling", arp = "ARP spoofing", tls = "TLS anomalies", beacon = "C2 beaconing"
        let sdns = "Suspicious DNS", exfil = "Exfiltration", web = "Web attacks"
        return [
            i(scan, "minimumScanPorts", t.minimumScanPorts, "distinct ports one source must probe on one target"),
            d(scan, "minimumProbeFraction", t.minimumProbeFraction, "share of those connections that carry no data"),
            i(scan, "highSeverityScanPorts", t.highSeverityScanPorts, "ports from which a scan is rated high"),
            i(
                scan, "highSeverityScanPortsWithOpen", t.highSeverityScanPortsWithOpen,
                "ports from which a scan that found open ports is rated high"),
            i(
                scan, "maximumProbePackets", t.maximumProbePackets,
                "most packets from the prober in one conversation that still count as a probe"),
            i(
                scan, "maximumProbeAnswers", t.maximumProbeAnswers,
                "most answers in one UDP conversation (beyond one per probe) that still count as a probe"),
            i(
                scan, "maximumProbeAnswerBytes", t.maximumProbeAnswerBytes,
                "largest answer (bytes) to a SYN probe that still counts as a probe"),
            d(
                scan, "minimumDecoyPortOverlap", t.minimumDecoyPortOverlap,
                "share of ports two sources' scans must share to be one decoy scan"),
            i(
                scan, "minimumScannedProtocols", t.minimumScannedProtocols,
                "distinct IP protocols to one target that make an IP protocol scan"),
            i(scan, "tracerouteTimeExceeded", t.tracerouteTimeExceeded, "ICMP time-exceeded errors that mark UDP probes as a traceroute"),
            i(sweep, "minimumSweepHosts", t.minimumSweepHosts, "distinct hosts one source must probe (same port, ICMP or ARP)"),
            i(sweep, "mediumSeveritySweepHosts", t.mediumSeveritySweepHosts, "hosts from which a discovery sweep is rated medium"),
            i(probe, "minimumServiceProbePorts", t.minimumServiceProbePorts, "ports of one target with short data-carrying connections"),
            i(probe, "maximumServiceProbeBytes", t.maximumServiceProbeBytes, "largest client payload (bytes) of a probe connection"),
            i(probe, "maximumServiceProbePackets", t.maximumServiceProbePackets, "most packets of a probe connection"),
            i(probe, "minimumVersionProbeKinds", t.minimumVersionProbeKinds, "distinct nmap version probes that make a version scan"),
            i(flood, "minimumFloodPackets", t.minimumFloodPackets, "packets at one target, at least"),
            i(flood, "floodPacketsPerSecond", t.floodPacketsPerSecond, "packets in the busiest second, at least"),
            d(flood, "maximumFloodCompletion", t.maximumFloodCompletion, "largest share of SYNs that may complete the handshake"),
            d(flood, "maximumFloodReplyFraction", t.maximumFloodReplyFraction, "largest share of UDP datagrams the target may answer"),
            i(flood, "spoofedSourceCount", t.spoofedSourceCount, "sources from which a flood is called spoofed or distributed"),
            d(
                flood, "oneSenderSpoofedShare", t.oneSenderSpoofedShare,
                "share of a spoofed flood's sources from one Ethernet MAC that names that MAC's owner as the sender"),
            i(flood, "severeFloodFactor", t.severeFloodFactor, "times the flood rate that rates a flood one step more severe"),
            i(flood, "minimumFloodSourcePorts", t.minimumFloodSourcePorts, "source ports a UDP flood comes from, at least"),
            i(flood, "udpScanPorts", t.udpScanPorts, "ports beyond which a sparse UDP burst is a scan, not a flood"),
            i(flood, "udpScanDatagramsPerPort", t.udpScanDatagramsPerPort, "datagrams per port below which that burst is a scan"),
            d(
                flood, "minimumReflectionPortFraction", t.minimumReflectionPortFraction,
                "share of datagrams from one amplification service port that makes a reflection attack"),
            i(brute, "minimumBruteForceAttempts", t.minimumBruteForceAttempts, "connections or login attempts to one login service"),
            d(brute, "bruteForceWindowSeconds", t.bruteForceWindowSeconds, "seconds within which those attempts must fall"),
            i(brute, "maximumAttemptPayload", t.maximumAttemptPayload, "largest client payload (bytes) of one login attempt"),
            i(brute, "minimumRejectedLogins", t.minimumRejectedLogins, "rejected logins that alone make a finding"),
            i(
                brute, "quietServiceAttemptFactor", t.quietServiceAttemptFactor,
                "times more attempts needed on mail, database and directory services"),
            i(
                brute, "maximumQuietAttemptClientBytes", t.maximumQuietAttemptClientBytes,
                "average client bytes of such an attempt, at most"),
            i(
                brute, "maximumQuietAttemptServerBytes", t.maximumQuietAttemptServerBytes,
                "average server bytes of such an attempt, at most"),
            i(dns, "minimumTunnelNames", t.minimumTunnelNames, "distinct names under one domain from one client"),
            d(
                dns, "tunnelAverageSubdomainLength", t.tunnelAverageSubdomainLength,
                "average length (characters) of the labels below the domain"),
            d(dns, "tunnelEntropy", t.tunnelEntropy, "average entropy of those labels (bits per character)"),
            i(dns, "minimumTunnelRecordQueries", t.minimumTunnelRecordQueries, "TXT or NULL queries under one domain"),
            d(
                dns, "minimumEncodedLabelLength", t.minimumEncodedLabelLength,
                "average label length from which entropy alone marks encoded names"),
            i(
                tls, "tlsHighestLegacyVersion", t.tlsHighestLegacyVersion,
                "highest selected version counted as legacy (770 = 0x0302, TLS 1.1)"),
            i(
                tls, "tlsAnomalyKindsForMedium", t.tlsAnomalyKindsForMedium,
                "distinct anomaly kinds on one server that rate it medium"),
            i(beacon, "minimumBeaconConnections", t.minimumBeaconConnections, "connections from one client to one server port, at least"),
            i(
                beacon, "beaconFullScoreConnections", t.beaconFullScoreConnections,
                "connections at which the connection-count part of the score is full"),
            d(beacon, "minimumBeaconDuration", t.minimumBeaconDuration, "seconds from the first connection to the last, at least"),
            d(beacon, "minimumBeaconPeriod", t.minimumBeaconPeriod, "shortest period (median interval, seconds)"),
            d(beacon, "beaconJitterCutoff", t.beaconJitterCutoff, "interval deviation (seconds) at which that score part is 0"),
            d(beacon, "beaconSizeDeviationCutoff", t.beaconSizeDeviationCutoff, "size deviation (bytes) at which that score part is 0"),
            d(beacon, "minimumBeaconScore", t.minimumBeaconScore, "score (0 to 1) from which a series is a beacon"),
            d(beacon, "highBeaconScore", t.highBeaconScore, "score from which a beacon to an external server is rated high"),
            i(sdns, "minimumDgaDomains", t.minimumDgaDomains, "machine-made-looking domains one client must ask for"),
            d(sdns, "dgaNameScore", t.dgaNameScore, "DGA score (0 to 1) from which a name looks machine-made"),
            d(
                sdns, "dgaNxdomainNameScore", t.dgaNxdomainNameScore,
                "lower DGA score from which a name answered NXDOMAIN looks machine-made"),
            d(sdns, "dgaNxdomainFraction", t.dgaNxdomainFraction, "share of those names answered NXDOMAIN that rates it high"),
            i(sdns, "minimumNxdomainAnswers", t.minimumNxdomainAnswers, "NXDOMAIN answers to one client for a storm, at least"),
            d(sdns, "nxdomainStormFraction", t.nxdomainStormFraction, "share of its answered queries, at least"),
            i(sdns, "longDnsNameLength", t.longDnsNameLength, "characters from which a question name is very long"),
            i(sdns, "minimumLongDnsNames", t.minimumLongDnsNames, "distinct very long names from one client, at least"),
            i(exfil, "minimumExfiltrationBytes", t.minimumExfiltrationBytes, "bytes one internal host sends one external host, at least"),
            d(exfil, "exfiltrationUploadRatio", t.exfiltrationUploadRatio, "times what came back, at least"),
            i(exfil, "highExfiltrationFactor", t.highExfiltrationFactor, "times the minimum that rates a transfer high"),
            i(web, "minimumWebAttackRequests", t.minimumWebAttackRequests, "requests with an attack payload from one client to one server"),
            i(web, "minimumToolRequests", t.minimumToolRequests, "requests naming an attack tool (sqlmap, Nikto, …) for a medium finding"),
            i(web, "minimumScannedPaths", t.minimumScannedPaths, "distinct paths one client asks one server for (content discovery)"),
            d(web, "scannedPathsNotFoundFraction", t.scannedPathsNotFoundFraction, "share of those answered 404, at least"),
            i("Suspicious download", "minimumDownloadBytes", t.minimumDownloadBytes, "bytes a response body must have to count as a file"),
            i("Suspicious download", "minimumAttachmentBytes", t.minimumAttachmentBytes, "bytes a mail attachment must have to be judged"),
            i(arp, "minimumUnsolicitedReplies", t.minimumUnsolicitedReplies, "unsolicited replies from one MAC for one address"),
            i(
                "Session hijacking", "minimumSessionCookieLength", t.minimumSessionCookieLength,
                "characters of a *sess*/*token*/*auth* cookie's value"),
            d(
                "Session hijacking", "sessionHandoverWindowSeconds", t.sessionHandoverWindowSeconds,
                "seconds after the first client's last use a second client's use still counts"),
        ]
    }

    /// The value as the appendix prints it (grouped digits, fractions with two decimals).
    static func text(_ v: Value) -> String {
        switch v {
        case .int(let n): NumberFormat.grouped(n)
        case .double(let x): x == x.rounded() && abs(x) >= 1 ? NumberFormat.grouped(Int(x)) : NumberFormat.fixed(x, 2)
        }
    }

    /// The value as JSON: integers as integers, the rest as numbers.
    static func json(_ v: Value) -> JSONValue {
        switch v {
        case .int(let n): .int(n)
        case .double(let x): .double(x)
        }
    }
}
