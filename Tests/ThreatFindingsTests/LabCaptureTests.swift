import PacketDecoding
import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// What one lab capture must yield (Tests/Fixtures/lab/README.md says the same in words).
struct LabExpectation: CustomTestStringConvertible, Sendable {
    var file: String
    var kind: String
    var technique: String
    var attackers: [String]
    var targets: [String] = []
    var decoys: [String] = []
    var open: [UInt16]? = nil
    var closedCount: Int? = nil
    var unfilteredCount: Int? = nil
    var openOrFilteredCount: Int? = nil
    var targetedPorts: [UInt16]? = nil
    var responding: [String]? = nil
    var minimumSeverity = FindingSeverity.medium
    var testDescription: String { "\(file): \(kind)/\(technique)" }
}

let labDirectory = RepositoryPaths.root + "/Tests/Fixtures/lab"

func labAssessment(_ file: String) throws -> ThreatAssessment {
    ThreatAnalyzer().assess(try CaptureAnalysis.analyze(path: labDirectory + "/" + file))
}

/// The words a report shows for `f` (ReportRendering words the typed findings).
func wording(_ f: Finding) -> FindingWords { FindingWording.words(for: f, thresholds: DetectionThresholds()) }

let attacker = "10.66.0.5", target = "10.66.0.10", client = "10.66.0.20"

let labExpectations: [LabExpectation] = [
    .init(file: "syn-scan.pcap", kind: "port-scan", technique: "tcp-syn", attackers: [attacker], targets: [target], open: [22, 80], closedCount: 198),
    .init(file: "connect-scan.pcap", kind: "port-scan", technique: "tcp-connect", attackers: [attacker], targets: [target], open: [22, 80], closedCount: 118),
    .init(file: "fin-scan.pcap", kind: "port-scan", technique: "tcp-fin", attackers: [attacker], targets: [target], open: [], closedCount: 148, openOrFilteredCount: 2),
    .init(file: "null-scan.pcap", kind: "port-scan", technique: "tcp-null", attackers: [attacker], targets: [target], open: [], closedCount: 148, openOrFilteredCount: 2),
    .init(file: "xmas-scan.pcap", kind: "port-scan", technique: "tcp-xmas", attackers: [attacker], targets: [target], open: [], closedCount: 148, openOrFilteredCount: 2),
    .init(file: "maimon-scan.pcap", kind: "port-scan", technique: "tcp-maimon", attackers: [attacker], targets: [target], open: [], closedCount: 148, openOrFilteredCount: 2),
    .init(file: "ack-scan.pcap", kind: "port-scan", technique: "tcp-ack", attackers: [attacker], targets: [target], open: [], unfilteredCount: 150),
    .init(file: "window-scan.pcap", kind: "port-scan", technique: "tcp-window", attackers: [attacker], targets: [target], open: [22, 80], closedCount: 148),
    .init(file: "udp-scan.pcap", kind: "port-scan", technique: "udp", attackers: [attacker], targets: [target], open: [53], closedCount: 89, openOrFilteredCount: 10),
    .init(file: "ip-protocol-scan.pcap", kind: "port-scan", technique: "ip-protocol", attackers: [attacker], targets: [target], open: [1, 6, 17], closedCount: 35, openOrFilteredCount: 2),
    .init(file: "slow-scan-in-busy-traffic.pcap", kind: "port-scan", technique: "tcp-syn", attackers: [attacker], targets: [target], open: [22, 443], closedCount: 28),
    .init(file: "decoy-scan.pcap", kind: "port-scan", technique: "tcp-syn", attackers: [attacker], targets: [target], decoys: ["10.66.0.201", "10.66.0.202"], open: [22, 80]),
    .init(file: "decoy-scan-live-decoys.pcap", kind: "port-scan", technique: "tcp-syn", attackers: [attacker], targets: [target], decoys: ["10.66.0.201", "10.66.0.202"], open: [22, 80]),
    .init(file: "loopback-syn-scan.pcap", kind: "port-scan", technique: "tcp-syn", attackers: ["127.0.0.1"], targets: ["127.0.0.1"], open: [22, 631, 3306], closedCount: 100),
    .init(file: "port-sweep.pcap", kind: "port-sweep", technique: "tcp-syn", attackers: [attacker], targetedPorts: [445],
          responding: ["10.77.0.5", "10.77.0.10", "10.77.0.15", "10.77.0.20", "10.77.0.25", "10.77.0.30", "10.77.0.35", "10.77.0.40"], minimumSeverity: .low),
    .init(file: "ping-sweep.pcap", kind: "host-sweep", technique: "icmp-echo", attackers: [attacker],
          responding: ["10.77.0.4", "10.77.0.8", "10.77.0.12", "10.77.0.16", "10.77.0.20", "10.77.0.24", "10.77.0.28"], minimumSeverity: .low),
    .init(file: "host-discovery-nmap.pcap", kind: "host-sweep", technique: "icmp-echo", attackers: [attacker],
          responding: ["10.77.0.3", "10.77.0.9", "10.77.0.17"], minimumSeverity: .low),
    .init(file: "tcp-ack-ping.pcap", kind: "host-sweep", technique: "tcp-ack", attackers: [attacker],
          responding: ["10.77.0.3", "10.77.0.6", "10.77.0.9", "10.77.0.12", "10.77.0.15", "10.77.0.18"], minimumSeverity: .low),
    .init(file: "arp-sweep.pcap", kind: "host-sweep", technique: "arp", attackers: ["10.77.0.250"],
          responding: ["10.77.0.1", "10.77.0.5", "10.77.0.12", "10.77.0.33", "10.77.0.40"], minimumSeverity: .low),
    .init(file: "service-probe.pcap", kind: "service-probe", technique: "version-probe", attackers: [attacker], targets: [target], targetedPorts: [22, 80]),
    .init(file: "syn-flood-single.pcap", kind: "syn-flood", technique: "single-source", attackers: [attacker], targets: [target], targetedPorts: [80], minimumSeverity: .high),
    .init(file: "syn-flood-spoofed.pcap", kind: "syn-flood", technique: "spoofed-sources", attackers: [], targets: [target], targetedPorts: [80], minimumSeverity: .high),
    .init(file: "udp-flood.pcap", kind: "udp-flood", technique: "single-source", attackers: [attacker], targets: [target], targetedPorts: [9999], minimumSeverity: .high),
    .init(file: "icmp-flood.pcap", kind: "icmp-flood", technique: "icmp-echo", attackers: [attacker], targets: [target]),
    .init(
        file: "syn-flood-burst.pcap", kind: "syn-flood", technique: "single-source", attackers: [attacker], targets: [target],
        targetedPorts: [80], minimumSeverity: .critical),
    .init(
        file: "ntp-reflection.pcap", kind: "udp-flood", technique: "reflection", attackers: [], targets: [target], minimumSeverity: .high),
    .init(
        file: "icmpv6-smurf.pcap", kind: "icmp-flood", technique: "multicast-echo", attackers: ["2001:db8:66::5"],
        targets: ["2001:db8:66::10"],
        responding: (0x20 ..< 0x25).map { "2001:db8:66::\(String($0, radix: 16))" }, minimumSeverity: .high),
    .init(
        file: "icmpv6-rsmurf.pcap", kind: "icmp-flood", technique: "icmp-echo", attackers: [], targets: ["2001:db8:66::10"],
        minimumSeverity: .high),
    .init(
        file: "icmpv6-ra-flood.pcap", kind: "icmp-flood", technique: "ndp-router-advertisement", attackers: [], targets: ["ff02::1"],
        minimumSeverity: .high),
    .init(
        file: "icmpv6-na-flood.pcap", kind: "icmp-flood", technique: "ndp-neighbor-advertisement", attackers: [], targets: ["ff02::1"],
        minimumSeverity: .high),
    .init(file: "ssh-bruteforce.pcap", kind: "brute-force", technique: "ssh", attackers: [attacker], targets: [target], targetedPorts: [22], minimumSeverity: .high),
    .init(file: "ftp-bruteforce.pcap", kind: "brute-force", technique: "ftp", attackers: [attacker], targets: [target], targetedPorts: [21], minimumSeverity: .critical),
    .init(file: "http-basic-bruteforce.pcap", kind: "brute-force", technique: "http-basic", attackers: [attacker], targets: [target], targetedPorts: [8080], minimumSeverity: .high),
    .init(file: "mysql-bruteforce.pcap", kind: "brute-force", technique: "mysql", attackers: [attacker], targets: [target], targetedPorts: [3306], minimumSeverity: .high),
    .init(file: "arp-spoof-one-way.pcap", kind: "arp-spoofing", technique: "arp-cache-poisoning", attackers: ["10.89.0.66"], targets: ["10.89.0.23", "10.89.0.1"], minimumSeverity: .low),
    .init(file: "cleartext-telnet.pcap", kind: "cleartext-credentials", technique: "telnet", attackers: [client], targets: [target], targetedPorts: [23], minimumSeverity: .high),
    .init(file: "cleartext-mail-web.pcap", kind: "cleartext-credentials", technique: "pop", attackers: [client], targets: [target], targetedPorts: [110]),
    .init(file: "cleartext-mail-web.pcap", kind: "cleartext-credentials", technique: "imap", attackers: [client], targets: [target], targetedPorts: [143]),
    .init(file: "cleartext-mail-web.pcap", kind: "cleartext-credentials", technique: "http-basic", attackers: [client], targets: [target], targetedPorts: [80]),
    .init(file: "arp-spoof.pcap", kind: "arp-spoofing", technique: "arp-cache-poisoning", attackers: ["10.88.0.66"], targets: ["10.88.0.1", "10.88.0.23"], minimumSeverity: .high),
    .init(file: "dns-tunnel.pcap", kind: "dns-tunneling", technique: "txt-records", attackers: [client], targets: ["10.66.0.2"], minimumSeverity: .high),
    .init(file: "evasion.pcap", kind: "evasion", technique: "syn-fin", attackers: [attacker], targets: [target]),
    .init(file: "evasion.pcap", kind: "evasion", technique: "land", attackers: [], targets: [target], minimumSeverity: .high),
    .init(file: "evasion.pcap", kind: "evasion", technique: "tiny-fragments", attackers: [attacker], targets: [target]),
    .init(file: "evasion.pcap", kind: "evasion", technique: "overlapping-fragments", attackers: [attacker], targets: [target], minimumSeverity: .high),
    // Issue 16: what real tools did on third-party captures.
    .init(
        file: "udp-scan-repeated-probes.pcap", kind: "port-scan", technique: "udp", attackers: [attacker], targets: [target],
        open: [53, 5353],
        closedCount: 89, openOrFilteredCount: 10),
    .init(
        file: "connect-scan-with-browsing.pcap", kind: "port-scan", technique: "tcp-connect", attackers: [attacker], targets: [target],
        open: [22, 80],
        closedCount: 148),
    .init(
        file: "plaintext-login-2222.pcap", kind: "brute-force", technique: "plaintext", attackers: [attacker], targets: [target],
        targetedPorts: [2222], minimumSeverity: .high),
    .init(
        file: "plaintext-login-2222.pcap", kind: "cleartext-credentials", technique: "plaintext", attackers: [attacker], targets: [target],
        targetedPorts: [2222]),
    .init(
        file: "plaintext-login-2222.pcap", kind: "brute-force", technique: "ssh", attackers: [attacker], targets: ["10.66.0.11"],
        targetedPorts: [2222], minimumSeverity: .high),
    .init(
        file: "version-scan-login.pcap", kind: "service-probe", technique: "version-probe", attackers: [attacker], targets: [target],
        targetedPorts: [22, 23, 80]),
]

@Test(arguments: labExpectations)
func labCaptureYieldsTheFindingTheToolCaused(_ e: LabExpectation) throws {
    let a = try labAssessment(e.file)
    let f = try #require(
        a.findings.first { $0.kind.rawValue == e.kind && $0.technique?.rawValue == e.technique },
        "findings: \(a.findings.map { "\($0.kind.rawValue)/\($0.technique?.rawValue ?? "-")" })")
    if e.kind != "syn-flood" || !e.attackers.isEmpty {
        #expect(f.attackers.map(\.description) == e.attackers)
    } else {
        #expect(!f.attackers.contains { $0.description == client || $0.description == target }, "a flood's victims are not its sources")
    }
    if !e.targets.isEmpty { #expect(f.targets.map(\.description) == e.targets) }
    #expect(f.decoys.map(\.description) == e.decoys)
    if let open = e.open { #expect(f.ports?.open == open) }
    if let n = e.closedCount { #expect(f.ports?.closed.count == n) }
    if let n = e.unfilteredCount { #expect(f.ports?.unfiltered.count == n) }
    if let n = e.openOrFilteredCount { #expect(f.ports?.openOrFiltered.count == n) }
    if let ports = e.targetedPorts { #expect(f.targetedPorts == ports) }
    if let hosts = e.responding { #expect(f.respondingHosts.map(\.description) == hosts) }
    #expect(f.severity >= e.minimumSeverity)
    // The contract fields are always filled.
    #expect(f.firstFrame >= 1 && f.lastFrame >= f.firstFrame)
    #expect(f.packetCount > 0 && !f.evidenceFrames.isEmpty)
    let words = FindingWording.words(for: f, thresholds: a.thresholds)
    #expect(!f.displayFilter.isEmpty && !f.attack.isEmpty && !words.summary.isEmpty && !words.confidenceReason.isEmpty)
    #expect(f.confidence > 0 && f.confidence <= 1)
    #expect(AdviceWriter.recommendations(for: a.findings).contains { $0.appliesTo.contains(f.id) && !$0.references.isEmpty })
    // The verdict leads with the most serious finding.
    #expect(a.verdict.severity == a.findings.map(\.severity).max())
}

@Test(arguments: ["benign-browsing.pcap", "benign-many-clients.pcap", "benign-backup.pcap", "benign-tls.pcap"])
func busyBenignTrafficYieldsNothingAboveInfo(_ file: String) throws {
    let a = try labAssessment(file)
    #expect(a.findings.filter { $0.severity > .info }.isEmpty, "\(summaries(a.findings))")
    #expect(a.verdict.classification == "no-attack-detected")
}

@Test func chattyServicesAndSuccessfulPollingAreNotBruteForce() throws {
    // 40 MySQL connections with queries, 15 SMTP deliveries, 12 successful POP3 polls in two minutes:
    // only the POP3 password in clear text is worth reporting.
    let a = try labAssessment("benign-app-server.pcap")
    #expect(a.findings.filter { $0.severity > .info }.map(\.kind) == [.cleartextCredentials])
}

@Test func aNetworkScanIsOneScanPerHostNotOneSweepPerPort() throws {
    let a = try labAssessment("network-scan.pcap")
    #expect(a.findings.filter { $0.kind == .portScan }.count == 12)
    #expect(a.findings.filter { $0.kind == .portSweep }.isEmpty)
    #expect(a.findings.allSatisfy { $0.attackers.map(\.description) == [attacker] })
}

@Test func cleartextCredentialsNeverRepeatTheSecret() throws {
    for file in [
        "cleartext-telnet.pcap", "cleartext-mail-web.pcap", "ftp-bruteforce.pcap", "http-basic-bruteforce.pcap",
        "plaintext-login-2222.pcap",
    ] {
        let a = try labAssessment(file)
        let text =
            a.findings.flatMap { f in
                let words = FindingWording.words(for: f, thresholds: a.thresholds)
                return [words.summary, words.confidenceReason, f.displayFilter] + words.details
            }.joined(separator: "\n") + AdviceWriter.recommendations(for: a.findings).map(\.detail).joined()
        for secret in ["S3cretPw", "Tr0ub4dor", "hunter22", "summer2026", "Winter2026!", "letmein", "guess03", "sunshine", "princess"] {
            #expect(!text.contains(secret), "\(file) leaks \(secret)")
        }
    }
    let telnet = try labAssessment("cleartext-telnet.pcap").findings.first { $0.kind == .cleartextCredentials }
    #expect(telnet.map(wording)?.details.contains { $0.contains("'admin'") && $0.contains("8 characters") } == true)
}

@Test func floodSummariesKeepTheLegitimateClientApart() throws {
    let a = try labAssessment("syn-flood-single.pcap")
    let flood = try #require(a.findings.first { $0.kind == .synFlood })
    #expect(!flood.attackers.map(\.description).contains(client))
    #expect(FindingWording.words(for: flood, thresholds: DetectionThresholds()).details.contains { $0.contains("Backscatter") })
}

@Test func aUDPPortAnsweredOnEveryOneOfSeveralProbesIsOpen() throws {
    // nmap -sU -sV: four datagrams to 53 and to 5353, each answered; the ports are open, not dropped from the scan.
    let a = try labAssessment("udp-scan-repeated-probes.pcap")
    let scan = try #require(a.findings.first { $0.kind == .portScan && $0.technique == .udp })
    #expect(scan.ports?.probed == 101)
    #expect(wording(scan).summary.contains("open: 53/domain, 5353"), "\(wording(scan).summary)")
}

@Test func aConnectScanBesideBrowsingIsStillAConnectScan() throws {
    // The browser's abandoned preconnects (reset after the SYN+ACK) are no half-open scanning.
    let a = try labAssessment("connect-scan-with-browsing.pcap")
    let scans = a.findings.filter { $0.kind == .portScan }
    #expect(scans.map(\.technique) == [.tcpConnect])
    let words = try #require(scans.first.map(wording))
    #expect(!words.details.contains { $0.contains("half-open") }, "\(words.details)")
    #expect(words.details.contains { $0.contains("completed the three-way handshake on 2 open ports") }, "\(words.details)")
}

@Test func aLoginServiceIsNamedByItsBytesNotItsPort() throws {
    // 2222 is ssh in the port table; the service there speaks plain text, the one on 10.66.0.11 SSH.
    let a = try labAssessment("plaintext-login-2222.pcap")
    let plain = try #require(a.findings.first { $0.kind == .bruteForce && $0.targets.map(\.description) == [target] })
    let words = wording(plain)
    #expect(plain.technique == .login("plaintext"))
    #expect(!(words.details + [words.summary]).contains { $0.contains("encrypted") || $0.contains("ssh") }, "\(words.details)")
    #expect(words.details.contains { $0.contains("rejected 12") }, "\(words.details)")
    let cleartext = try #require(a.findings.first { $0.kind == .cleartextCredentials })
    #expect(wording(cleartext).details.contains { $0.contains("'admin'") }, "\(wording(cleartext).details)")
    let advice = AdviceWriter.recommendations(for: [plain]).map(\.detail).joined()
    #expect(!advice.contains("ssh") && advice.contains("2222"), "\(advice)")
    let ssh = try #require(a.findings.first { $0.kind == .bruteForce && $0.targets.map(\.description) == ["10.66.0.11"] })
    #expect(wording(ssh).details.contains { $0.contains("encrypted") })
}

@Test func nmapVersionDetectionIsAServiceScanNotPasswordGuessing() throws {
    // -sV tries its whole probe set on a service that answers "denied" to everything: 18 connections to 23/telnet.
    let a = try labAssessment("version-scan-login.pcap")
    #expect(a.findings.filter { $0.kind == .bruteForce }.isEmpty, "\(summaries(a.findings))")
    let probe = try #require(a.findings.first { $0.kind == .serviceProbe })
    #expect(probe.attack.contains("T1046"))
    let words = wording(probe)
    let named = words.details.first { $0.contains("probes of nmap's version-detection set") } ?? ""
    #expect(named.contains("GetRequest") && named.contains("SIPOptions"), "\(words.details)")
    // Real guessing keeps its finding: repeated credentials, not a probe set.
    for file in ["ssh-bruteforce.pcap", "ftp-bruteforce.pcap", "http-basic-bruteforce.pcap", "mysql-bruteforce.pcap"] {
        #expect(try labAssessment(file).findings.contains { $0.kind == .bruteForce }, "\(file)")
    }
}

@Test func aSubSecondFloodIsRatedOnItsBurstNotOnAClockSecond() throws {
    // 5,000 SYNs in 0.27 s across a second boundary: no clock second holds more than about 2,800 of them.
    let a = try labAssessment("syn-flood-burst.pcap")
    let flood = try #require(a.findings.first { $0.kind == .synFlood })
    guard case let .synFlood(x) = flood.facts else { Issue.record("not SYN flood facts"); return }
    #expect(x.peakPerSecond >= 18_000 && x.peakPerSecond <= 19_000, "peak \(x.peakPerSecond)")
    #expect(
        wording(flood).summary.contains("at up to 18,") && wording(flood).summary.contains("in a 270 ms burst of 5,000"),
        "\(wording(flood).summary)")
}

@Test func aUDPFloodFromAnAmplificationPortIsNamedAReflectionAttack() throws {
    let a = try labAssessment("ntp-reflection.pcap")
    let flood = try #require(a.findings.first { $0.kind == .udpFlood }, "\(summaries(a.findings))")
    #expect(flood.technique?.rawValue == "reflection")
    #expect(flood.attackers.isEmpty, "the reflectors are not the attacker")
    let words = wording(flood)
    #expect(
        words.summary.hasPrefix("An NTP reflection attack: 20 reflectors sent 600 answers from UDP port 123 to 10.66.0.10"),
        "\(words.summary)")
    #expect(words.details.contains { $0.contains("answers average 440 bytes of UDP payload") }, "\(words.details)")
    let advice = AdviceWriter.recommendations(for: a.findings).first { $0.appliesTo.contains(flood.id) }
    #expect(advice?.detail.contains("NTP (UDP source port 123)") == true, "\(advice?.detail ?? "no advice")")
}

@Test func scatteredSpoofedSYNsNameNoForgedAttackerAndCountTheirCappedLists() throws {
    // 100 SYNs, one per random destination, from 100 random (some multicast or reserved) sources on 99 ports.
    let a = try labAssessment("syn-scatter-spoofed.pcap")
    let f = try #require(a.findings.first { $0.kind == .synFlood }, "\(summaries(a.findings))")
    #expect(f.technique?.rawValue == "spoofed-sources")
    #expect(f.attackers.isEmpty, "forged sources named as attackers: \(f.attackers)")
    #expect(f.severity == .low)
    #expect(
        wording(f).summary.hasPrefix("Spoofed SYN scattering, low volume: 100 SYNs from 100 forged source addresses"),
        "\(wording(f).summary)")
    #expect(wording(f).details.contains { $0.contains("multicast, broadcast or reserved addresses no host can send from") })
    #expect(f.targets.count == 10 && f.targetTotal == 100)
    #expect(f.targetedPorts.count == 20 && f.targetedPortTotal == 99)
}

/// Real nmap/hping3 runs against 127.0.0.1, recorded on `lo` by Tests/Lab/record-live-lab.sh.
@Test(arguments: [
    ("nmap-sS.pcap", "port-scan", "tcp-syn"), ("nmap-sT.pcap", "port-scan", "tcp-connect"), ("nmap-sF.pcap", "port-scan", "tcp-fin"),
    ("nmap-sN.pcap", "port-scan", "tcp-null"), ("nmap-sX.pcap", "port-scan", "tcp-xmas"), ("nmap-sA.pcap", "port-scan", "tcp-ack"),
    ("nmap-sW.pcap", "port-scan", "tcp-ack"),   // same probes as -sA; Linux answers RST window 0 (docs/detections.md)
    ("nmap-sM.pcap", "port-scan", "tcp-maimon"), ("nmap-sU.pcap", "port-scan", "udp"), ("nmap-sO.pcap", "port-scan", "ip-protocol"),
    ("nmap-sV.pcap", "service-probe", "version-probe"), ("nmap-slow.pcap", "port-scan", "tcp-syn"), ("nmap-decoy.pcap", "port-scan", "tcp-syn"),
    ("hping3-synflood.pcap", "syn-flood", "single-source"), ("hping3-udpflood.pcap", "udp-flood", "single-source"),
    ("hping3-icmpflood.pcap", "icmp-flood", "icmp-echo"), ("hping3-synfin.pcap", "evasion", "syn-fin"),
])
func liveLoopbackToolRunsAreClassified(_ file: String, _ kind: String, _ technique: String) throws {
    let a = try labAssessment("live/" + file)
    let f = try #require(
        a.findings.first { $0.kind.rawValue == kind && $0.technique?.rawValue == technique },
        "findings: \(a.findings.map { "\($0.kind.rawValue)/\($0.technique?.rawValue ?? "-")" })")
    #expect(f.attackers.map(\.description).contains("127.0.0.1"))
    #expect(f.targets.map(\.description) == ["127.0.0.1"])
    if kind == "port-scan" && technique.hasPrefix("tcp-") && technique != "tcp-ack" && file != "nmap-slow.pcap" {
        #expect(f.ports?.probed == 202)
    }
    if technique == "tcp-syn" || technique == "tcp-connect" { #expect(f.ports?.open.contains(18080) == true) }
}

/// The findings' summaries as a report words them, for failure messages.
func summaries(_ findings: [Finding]) -> [String] { findings.map { wording($0).summary } }
