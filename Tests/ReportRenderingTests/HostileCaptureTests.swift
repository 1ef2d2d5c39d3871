@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing
import Support

/// Strings a hostile capture may carry, in every syntax a report could fall for.
enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"
    static let link = "](javascript:alert(1))"
    static let strings = [script, image, link, "| col | col |", "```", "{{mustache}}", "# heading", "\u{202E}evil\u{202C}", "`tick`"]
    static let text = strings.joined(separator: " ")

    /// A TLS ClientHello whose SNI is hostile (the report shows it in a binary excerpt).
    static func clientHello(sni: String) -> [UInt8] {
        let name = Array(sni.utf8)
        let serverName: [UInt8] = [0] + FrameBuilder.be16(UInt16(name.count)) + name
        let list = FrameBuilder.be16(UInt16(serverName.count)) + serverName
        let ext = [0, 0] + FrameBuilder.be16(UInt16(list.count)) + list
        var body: [UInt8] = [3, 3] + [UInt8](repeating: 0x42, count: 32) + [0] + [0, 2, 0x13, 0x01] + [1, 0]
        body += FrameBuilder.be16(UInt16(ext.count)) + ext
        let handshake = [1, 0] + FrameBuilder.be16(UInt16(body.count)) + body
        return [0x16, 3, 1] + FrameBuilder.be16(UInt16(handshake.count)) + handshake
    }

    /// A DNS query whose labels hold the hostile strings (bytes, some invalid UTF-8).
    static func dnsQuery() -> [UInt8] {
        var q: [UInt8] = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in [Array(script.utf8), Array("a|b`c".utf8), [0xFF, 0xFE, 0x41], Array("{{x}}".utf8), Array("com".utf8)] {
            q.append(UInt8(label.count)); q += label
        }
        return q + [0, 0, 1, 0, 1]
    }

    /// A capture with hostile HTTP headers and body, credentials, a TLS SNI and DNS labels, written
    /// under a hostile file name.
    static func capture() -> String {
        var file = PcapFileBuilder()
        let client = "10.66.0.5", server = "198.51.100.9"
        var request = Array("GET /\(script) HTTP/1.1\r\nHost: \(image)\r\nUser-Agent: \(text)\r\nReferer: [x]\(link)\r\n".utf8)
        request += Array("Authorization: Basic dXNlcjpodW50ZXIy\r\nCookie: session=SECRETCOOKIE\r\nX-Bad: ".utf8) + [0xFF, 0xFE, 0xC0]
        request += Array("\r\n\r\nuser=bob&password=hunter2&next=%3Cscript%3E".utf8)
        let response = Array("HTTP/1.1 200 OK\r\nSet-Cookie: token=SECRETTOKEN\r\nContent-Type: text/html\r\n\r\n\(text)\n".utf8)
        var t: UInt32 = 0
        func add(_ frame: [UInt8]) { file.append(frame, microseconds: t); t += 1_000 }
        add(FrameBuilder.udpFrame(client, 5353, "10.66.0.1", 53, payload: dnsQuery()))
        add(FrameBuilder.tcpFrame(client, 40000, server, 80, flags: 0x02, sequence: 100))
        add(FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x12, sequence: 900, acknowledgment: 101))
        add(FrameBuilder.tcpFrame(client, 40000, server, 80, flags: 0x18, sequence: 101, acknowledgment: 901, payload: request))
        add(FrameBuilder.tcpFrame(server, 80, client, 40000, flags: 0x18, sequence: 901, acknowledgment: 101 + UInt32(request.count), payload: response))
        add(FrameBuilder.tcpFrame(client, 40001, server, 443, flags: 0x02, sequence: 5000))
        add(FrameBuilder.tcpFrame(server, 443, client, 40001, flags: 0x12, sequence: 7000, acknowledgment: 5001))
        add(FrameBuilder.tcpFrame(client, 40001, server, 443, flags: 0x18, sequence: 5001, acknowledgment: 7001,
                                  payload: clientHello(sni: script + ".evil|`x`")))
        return file.write(name: "\(image)|[x](javascript:alert(1)){{m}}\u{202E}.pcap")
    }

    static func options() -> ReportOptions {
        var o = ReportOptions()
        o.presentation.customer = script + " | {{customer}}"
        o.presentation.analyst = link
        o.presentation.ticket = image
        return o
    }
}

func hostileModel() throws -> ReportModel {
    let summary = try CaptureAnalysis.analyze(path: Hostile.capture())
    return ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary), options: Hostile.options())
}

/// Every table row of the Markdown has as many unescaped pipes as its header.
func tableShapeProblems(_ md: String) -> [String] {
    var problems: [String] = []
    var expected: Int?
    for line in outsideCodeBlocks(md).split(separator: "\n", omittingEmptySubsequences: false) {
        guard line.hasPrefix("|") else { expected = nil; continue }
        var pipes = 0, escaped = false
        for c in line { if c == "|" && !escaped { pipes += 1 }; escaped = c == "\\" && !escaped }
        if let e = expected { if pipes != e { problems.append("row with \(pipes) pipes, header \(e): \(line)") } } else { expected = pipes }
    }
    return problems
}

@Test(arguments: ["crafted", "hostile-strings.pcapng"])
func hostileCapturesStayInertInBothFormats(which: String) throws {
    let m = which == "crafted" ? try hostileModel() : try model(which)
    let t = try templates()
    let html = try HTMLRenderer(templates: t).render(m)
    #expect(MarkupAudit.problems(html) == [], "HTML report")
    #expect(!html.contains("\u{202E}") && !html.contains("\u{FFFF}"))
    #expect(html.contains("Content-Security-Policy") && html.contains("script-src 'none'"))
    let md = try MarkdownRenderer(templates: t).render(m)
    #expect(!md.contains("\u{202E}"))
    #expect(tableShapeProblems(md) == [])
    // cmark (safe) turns the Markdown into HTML with no markup from the capture.
    #expect(MarkupAudit.problems(HTMLRenderer.html(fromMarkdown: md, blocks: [])) == [], "Markdown rendered by cmark")
    let summary = try MarkdownRenderer(templates: t).renderSummary(m, links: ["HTML": "x.html"])
    #expect(
        MarkupAudit.problems(HTMLRenderer.html(fromMarkdown: summary, blocks: []), relativeLinks: true) == [], "summary rendered by cmark")
    if which == "crafted" {
        // The capture's text is shown, not interpreted: Mustache syntax arrives verbatim.
        #expect(md.contains("{{mustache}}"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The hostile file name is escaped in the title and the properties.
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;|[x](javascript:alert(1)){{m}}\u{FFFD}.pcap"))
        // Credentials are masked everywhere.
        for secret in ["hunter2", "dXNlcjpodW50ZXIy", "SECRETCOOKIE", "SECRETTOKEN"] {
            #expect(!md.contains(secret) && !html.contains(secret) && !m.json().serialized().contains(secret), "\(secret) leaked")
        }
        // The TLS ClientHello is binary: shown in hex, its SNI only in the ASCII column.
        #expect(html.contains("hex (binary data)"))
    }
}

@Test func headerValuesFromOptionsAreEscapedToo() throws {
    let m = try hostileModel()
    let html = try HTMLRenderer(templates: try templates()).render(m)
    #expect(html.contains("<dd>&lt;script&gt;alert(1)&lt;/script&gt; | {{customer}}</dd>"))
    let md = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(md.contains("**Customer:** \\<script\\>alert(1)\\</script\\> \\| {{customer}}"))
}

@Test func credentialMaskingKeepsTheSchemeAndHidesTheSecret() {
    let text = "GET / HTTP/1.1\r\nAuthorization: Bearer abc.def\r\nCookie: a=b\r\nX: 1\r\n\r\nname=x&passwd=pw1\nPASS topsecret\na1 LOGIN bob pw2\n"
    let masked = String(decoding: CredentialMask.masked(Array(text.utf8)), as: UTF8.self)
    #expect(masked.contains("Authorization: Bearer ********\r\n"))
    #expect(masked.contains("Cookie: ********\r\n"))
    #expect(masked.contains("passwd=********"))
    #expect(masked.contains("PASS ********\n"))
    #expect(masked.contains("a1 LOGIN bob ********"))
    for secret in ["abc.def", "pw1", "topsecret", "pw2"] { #expect(!masked.contains(secret)) }
    #expect(masked.contains("X: 1"))
}

@Test func payloadRedactionDropsExcerptsAndPayloadBytes() throws {
    var options = Hostile.options()
    _ = options.redaction.apply("payload")
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/hostile-strings.pcapng")
    let m = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary), options: options)
    #expect(m.streams.allSatisfy { $0.excerpt.isEmpty })
    let packet = try #require(summary.firstPacket)
    #expect(m.firstPacket?.bytes.count == packet.payloadOffset)
    let md = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(md.contains("Payload withheld (redaction profile payload)"))
    #expect(!md.contains("User-Agent"))
}

@Test func addressRedactionWithholdsHexDumps() throws {
    var options = ReportOptions()
    #expect(options.redaction.apply("addresses=10.39.5.2/32") == nil)
    #expect(options.redaction.apply("addresses=10.0.0.0/33") != nil)
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/walkthrough-synscan.pcapng")
    let m = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary), options: options)
    #expect(m.firstPacket?.bytes.isEmpty == true)
    #expect(m.findings.allSatisfy { $0.evidencePacket?.bytes.isEmpty ?? true })
}
