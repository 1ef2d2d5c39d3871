import TestSupport
import Testing

/// A capture with one ClientHello whose server_name carries markup and a Markdown table pipe.
func tlsSectionCapture() -> String {
    let name = Array("<img src=x onerror=alert(1)>|secretsni.example".utf8)
    let sni: [UInt8] = FrameBuilder.be16(UInt16(name.count + 3)) + [0] + FrameBuilder.be16(UInt16(name.count)) + name
    let extensions: [UInt8] = [0, 0] + FrameBuilder.be16(UInt16(sni.count)) + sni
    var body: [UInt8] = [3, 3] + [UInt8](repeating: 7, count: 32) + [0] + [0, 2, 0xc0, 0x2f] + [1, 0]
    body += FrameBuilder.be16(UInt16(extensions.count)) + extensions
    let handshake: [UInt8] = [1, 0] + FrameBuilder.be16(UInt16(body.count)) + body
    let record: [UInt8] = [22, 3, 1] + FrameBuilder.be16(UInt16(handshake.count)) + handshake
    var pcap = PcapFileBuilder()
    pcap.append(FrameBuilder.tcpFrame("10.0.0.5", 40000, "10.0.0.9", 443, flags: 0x18, sequence: 1, acknowledgment: 1, payload: record))
    return pcap.write(name: "tls-section.pcap")
}

@Test func tlsSectionIsRenderedEscapedInEveryFormat() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, tlsSectionCapture(), "-o", out, "--format", "md,html,json"])
    #expect(status == 0)
    let md = try #require(RepositoryPaths.readText(out + "/tls-section.md"))
    #expect(md.contains("## TLS") && md.contains("1 ClientHello and 0 ServerHello messages"))
    // Markup is escaped and the pipe in the name does not split the table row.
    #expect(md.contains("| \\<img src=x onerror=alert(1)\\>\\|secretsni.example | TLS 1.2 |"))
    let html = try #require(RepositoryPaths.readText(out + "/tls-section.html"))
    #expect(html.contains("secretsni.example") && !html.contains("<img src=x"))
    let json = try #require(RepositoryPaths.readText(out + "/tls-section.json"))
    #expect(json.contains("\"tls\"") && json.contains("\"clientHellos\": 1") && json.contains("\"ja4\""))
}

@Test func tlsSectionIsAbsentWithoutTLS() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "-o", out, "--format", "md,json"])
    #expect(!(RepositoryPaths.readText(out + "/walkthrough-synscan.md") ?? "## TLS").contains("## TLS"))
    #expect(!(RepositoryPaths.readText(out + "/walkthrough-synscan.json") ?? "\"tls\"").contains("\"tls\""))
}

@Test func tlsSectionShowsTheLabCertificateAndItsProblems() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, RepositoryPaths.root + "/Tests/Fixtures/lab/tls-expired.pcap", "-o", out, "--format", "md,json"])
    let md = try #require(RepositoryPaths.readText(out + "/tls-expired.md"))
    let row = try #require(md.split(separator: "\n").first { $0.hasPrefix("| expired.lab.example | PcapReport Lab CA |") })
    #expect(row.contains("2021-01-01T00:00:00Z") && row.contains("| expired |") && row.contains("EC P-256"))
    #expect(md.contains("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"))
    let json = try #require(RepositoryPaths.readText(out + "/tls-expired.json"))
    #expect(json.contains("\"expired\": true") && json.contains("\"selectedVersion\": \"TLS 1.2\""))
}

@Test func redactAllWithholdsTLSNamesAndSubjects() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/tls-expired.pcap"
    _ = RepositoryPaths.run([tool, capture, "-o", out, "--format", "md,html,json", "--redact", "all"])
    for file in ["tls-expired.md", "tls-expired.html", "tls-expired.json"] {
        let text = try #require(RepositoryPaths.readText(out + "/" + file))
        #expect(!text.contains("lab.example"), "\(file) shows a server name or subject")
        #expect(!text.contains("PcapReport Lab CA"), "\(file) shows an issuer")
        #expect(!text.contains("127.0.0.1"), "\(file) shows an address")
        #expect(text.contains("b9d8085e65ee97fd"), "\(file) drops the certificate fingerprint")
    }
}
