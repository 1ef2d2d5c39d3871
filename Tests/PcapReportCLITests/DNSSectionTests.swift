import TestSupport
import Testing

/// A capture with one DNS exchange whose name carries markup and a tunnelled-looking label.
func dnsSectionCapture() -> String {
    var q: [UInt8] = FrameBuilder.be16(9) + [1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    for label in ["<img src=x onerror=alert(1)>", "secretpayload", "example", "com"] {
        q.append(UInt8(label.utf8.count)); q += Array(label.utf8)
    }
    q += [0, 0, 1, 0, 1]
    var r = q
    r[2] = 0x81; r[3] = 0x83  // NXDOMAIN
    var pcap = PcapFileBuilder()
    pcap.append(FrameBuilder.udpFrame("10.0.0.5", 30000, "10.0.0.2", 53, payload: q))
    pcap.append(FrameBuilder.udpFrame("10.0.0.2", 53, "10.0.0.5", 30000, payload: r), microseconds: 5000)
    return pcap.write(name: "dns-section.pcap")
}

@Test func dnsSectionIsRenderedEscapedInEveryFormat() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, dnsSectionCapture(), "-o", out, "--format", "md,html,json"])
    #expect(status == 0)
    let md = try #require(RepositoryPaths.readText(out + "/dns-section.md"))
    #expect(md.contains("## DNS") && md.contains("1 NXDOMAIN") && md.contains("No such name"))
    let html = try #require(RepositoryPaths.readText(out + "/dns-section.html"))
    #expect(html.contains("secretpayload") && !html.contains("<img src=x"))
    let json = try #require(RepositoryPaths.readText(out + "/dns-section.json"))
    #expect(json.contains("\"dns\"") && json.contains("\"nxdomain\""))
}

@Test func dnsSectionIsAbsentWithoutDNS() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "-o", out, "--format", "md,json"])
    #expect(!(RepositoryPaths.readText(out + "/walkthrough-synscan.md") ?? "## DNS").contains("## DNS"))
    #expect(!(RepositoryPaths.readText(out + "/walkthrough-synscan.json") ?? "\"dns\"").contains("\"dns\""))
}

@Test func redactAllCutsDNSNamesToTheRegisteredDomain() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, dnsSectionCapture(), "-o", out, "--format", "md,html,json", "--redact", "all"])
    for file in ["dns-section.md", "dns-section.html", "dns-section.json"] {
        let text = try #require(RepositoryPaths.readText(out + "/" + file))
        #expect(!text.contains("secretpayload"), "\(file) shows the payload label")
        #expect(text.contains("example.com"), "\(file) keeps the registered domain")
    }
}

/// Issue 17: `--redact all` printed the DNS tunnel's example names, whose labels are the tunnelled payload.
@Test func redactAllWithholdsDNSTunnelPayloadLabels() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/dns-tunnel.pcap"
    let clear = TemporaryDirectory.make(), redacted = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, capture, "-o", clear, "--format", "md"])
    _ = RepositoryPaths.run([tool, capture, "-o", redacted, "--format", "md,html,json", "--redact", "all"])
    let plain = try #require(RepositoryPaths.readText(clear + "/dns-tunnel.md"))
    let examples = try #require(plain.split(separator: "\n").first { $0.contains("Examples: `") })
    let label = try #require(examples.split(separator: "`").dropFirst().first?.split(separator: ".").first)
    for file in ["dns-tunnel.md", "dns-tunnel.html", "dns-tunnel.json"] {
        let text = try #require(RepositoryPaths.readText(redacted + "/" + file))
        #expect(!text.contains(String(label)), "\(file) shows the tunnelled label \(label)")
    }
}

/// Issue 15: a DNS beacon's name, filter and indicator keep only the registered domain under `--redact all`.
@Test func redactAllCutsTheDNSBeaconNameToItsRegisteredDomain() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/dns-beacon.pcap"
    let clear = TemporaryDirectory.make(), redacted = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, capture, "-o", clear, "--format", "md"])
    _ = RepositoryPaths.run([tool, capture, "-o", redacted, "--format", "md,html,json", "--redact", "all"])
    #expect(try #require(RepositoryPaths.readText(clear + "/dns-beacon.md")).contains("cdn-sync.qz7xk2lw.top"))
    for file in ["dns-beacon.md", "dns-beacon.html", "dns-beacon.json"] {
        let text = try #require(RepositoryPaths.readText(redacted + "/" + file))
        #expect(!text.contains("cdn-sync"), "\(file) shows the beacon's full name")
        #expect(text.contains("qz7xk2lw.top"), "\(file) keeps the registered domain")
    }
}

/// Issue 15: names under often-abused TLDs are an observation (TLDs and counts), never a finding.
@Test func abusedTLDsAreAnObservationWithTheirTLDsAndDomainCounts() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let lab = RepositoryPaths.root + "/Tests/Fixtures/lab/"
    _ = RepositoryPaths.run([tool, lab + "benign-dns-periodic.pcap", lab + "dns-dga.pcap", "-o", out, "--format", "md"])
    let md = try #require(RepositoryPaths.readText(out + "/benign-dns-periodic.md"))
    let line = try #require(md.split(separator: "\n").first { $0.contains("often abused") })
    #expect(line.contains(".top (1 domain)") && line.contains(".xyz (1 domain)") && line.contains("6 queries"))
    #expect(line.contains("dns.qry.name matches \"[.]top$\""))
    #expect(!(RepositoryPaths.readText(out + "/dns-dga.md") ?? "often abused").contains("often abused"))
}
