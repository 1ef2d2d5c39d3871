import PacketDecoding
import TrafficStatistics

extension BeaconingDetector {
    /// DNS beacons: one client looking up one name at regular intervals (an implant that checks in over
    /// DNS, or re-resolves its C2 name before each check-in). Scored with RITA's interval score (skew,
    /// dispersion, count) alone, since queries for one name are all one size, against the same thresholds. Names periodic by
    /// design are skipped (`periodicNames`). Medium; high when the score reaches `highBeaconScore` and
    /// something else about the name is off (a DGA-shaped label, an abused TLD, NXDOMAIN answers, a
    /// very long name); low when every answer is an internal address or the name is site-local.
    func dnsNames(_ s: TrafficSummary) -> [Finding] {
        let evidence = s.dnsQueries.evidence
        var byName: [String: [Int]] = [:]
        for series in s.dnsQueries.nameSeries.series where series.times.count >= thresholds.minimumBeaconConnections {
            byName[series.key.name, default: []].append(0)
        }
        guard !byName.isEmpty else { return [] }
        // What the answers said about each candidate name (all its types).
        var nx: [String: Int] = [:], answered: [String: Int] = [:], internalOnly: [String: Bool] = [:]
        for n in evidence.names where byName[n.name.lowercased()] != nil {
            let name = n.name.lowercased()
            nx[name, default: 0] += n.rcodes[3]
            answered[name, default: 0] += n.responses.count
            let addresses = n.answers.compactMap(IPAddress.init)
            if !addresses.isEmpty { internalOnly[name] = (internalOnly[name] ?? true) && addresses.allSatisfy(\.isInternal) }
        }
        var findings: [Finding] = []
        for series in s.dnsQueries.nameSeries.series where series.times.count >= thresholds.minimumBeaconConnections {
            let name = series.key.name
            guard !Self.isPeriodicByDesign(name) else { continue }
            var pair = BeaconSeries.Pair(key: .init(client: series.key.client, server: series.resolver, port: 53, isTCP: false))
            pair.connections = series.lookups; pair.times = series.times; pair.frames = series.frames; pair.sizes = series.sizes
            guard var facts = Self.score(pair, thresholds: thresholds) else { continue }
            // The queries for one name are all the same size: only the intervals say anything.
            facts.score = facts.intervalScore
            guard facts.score >= thresholds.minimumBeaconScore, facts.period >= thresholds.minimumBeaconPeriod,
                facts.duration >= thresholds.minimumBeaconDuration
            else { continue }
            facts.transport = "dns"; facts.name = name
            facts.externalServer = !(internalOnly[name] ?? false)
            var signals: [String] = []
            if DGAScore.score(name) >= thresholds.dgaNameScore { signals.append("DGA-shaped label") }
            if let tld = AbusedTLD.tld(of: name) { signals.append("abused TLD .\(tld)") }
            if let n = nx[name], n > 0, Double(n) >= 0.5 * Double(max(1, answered[name] ?? 0)) { signals.append("NXDOMAIN answers") }
            if name.utf8.count >= thresholds.longDnsNameLength { signals.append("very long name") }
            facts.signals = signals
            let local = Self.isSiteLocal(name) || internalOnly[name] == true
            let severity: FindingSeverity =
                local ? .low : facts.score >= thresholds.highBeaconScore && !signals.isEmpty ? .high : .medium
            let confidence = min(
                0.95,
                0.5 + 0.4 * (facts.score - thresholds.minimumBeaconScore) / max(0.01, 1 - thresholds.minimumBeaconScore)
                    + 0.05 * Double(min(2, signals.count)))
            var finding = Finding(
                kind: .beaconing, technique: .dnsLookups, severity: severity, confidence: PortScanDetector.round(confidence),
                attackers: [series.key.client], targets: [series.resolver], ports: nil, targetedPorts: [53],
                firstFrame: series.frames.first ?? 0, lastFrame: series.frames.last ?? 0,
                start: series.times.first ?? 0, end: series.times.last ?? 0,
                packetCount: series.lookups, evidenceFrames: Array(series.frames.prefix(3)),
                displayFilter: "\(Filter.source(series.key.client)) && dns.flags.response == 0 && dns.qry.name == \"\(name)\"",
                attack: ["T1071.004", "T1568"], facts: .beaconing(facts))
            finding.indicators = [
                Indicator(kind: .domain, value: name, role: .c2),
                Indicator(kind: series.key.client.isIPv6 ? .ipv6 : .ipv4, value: series.key.client.description, role: .victim),
            ]
            findings.append(finding)
        }
        return findings
    }

    /// Names looked up on a timer by design, never C2 on their own: NTP servers, the operating systems'
    /// connectivity and captive-portal checks, proxy auto-discovery (WPAD, ISATAP), reverse and mDNS names.
    public static let periodicNames: [String] = [
        "pool.ntp.org", "ntp.org", "time.windows.com", "time.apple.com", "time.euro.apple.com", "time.google.com",
        "time.cloudflare.com", "time.nist.gov", "ntp.ubuntu.com", "msftconnecttest.com", "msftncsi.com",
        "connectivitycheck.gstatic.com", "connectivitycheck.android.com", "clients3.google.com", "captive.apple.com",
        "detectportal.firefox.com", "connectivity-check.ubuntu.com", "nmcheck.gnome.org", "network-test.debian.org",
    ]

    /// `name` is in (or under) `periodicNames`, starts with a `wpad`/`isatap` label, or is a reverse or mDNS name.
    static func isPeriodicByDesign(_ name: String) -> Bool {
        let n = name.hasSuffix(".") ? String(name.dropLast()) : name
        if n.hasSuffix(".arpa") || n.hasSuffix(".local") || n.hasPrefix("wpad.") || n.hasPrefix("isatap.") || n == "wpad" {
            return true
        }
        return periodicNames.contains { n == $0 || n.hasSuffix("." + $0) }
    }

    /// A single-label name or one under a suffix that only exists inside sites (RFC 6762, RFC 8375, ICANN's
    /// reserved `.internal`, and the usual `.lan`, `.corp`, `.home`).
    static func isSiteLocal(_ name: String) -> Bool {
        guard name.contains(".") else { return true }
        return [".internal", ".lan", ".corp", ".home", ".localdomain", ".intranet"].contains { name.hasSuffix($0) }
    }
}
