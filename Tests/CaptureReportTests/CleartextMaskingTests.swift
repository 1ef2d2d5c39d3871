@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// The lab's cleartext logins (Tests/Fixtures/lab) must never show their passwords anywhere in a
/// report: findings, stream excerpts (telnet keystrokes included) or JSON.
@Test(arguments: ["cleartext-telnet.pcap", "cleartext-mail-web.pcap", "ftp-bruteforce.pcap", "http-basic-bruteforce.pcap"])
func reportsNeverShowCleartextPasswords(file: String) throws {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.root + "/Tests/Fixtures/lab/" + file)
    let model = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary))
    let text = try MarkdownRenderer(templates: try TemplateSet(builtIn: RepositoryPaths.templates)).render(model) + model.json().serialized()
    for secret in ["S3cretPw", "Tr0ub4dor", "hunter22", "summer2026", "c3VtbWVyMjAyNg", "Winter2026!", "letmein", "guess03", "Z3Vlc3"] {
        #expect(!text.contains(secret), "\(file) shows \(secret)")
    }
    #expect(text.contains("********"))
}
