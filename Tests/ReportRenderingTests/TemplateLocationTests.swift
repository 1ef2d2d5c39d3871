@testable import ReportRendering
import Testing

/// An installed tool finds its templates under its own prefix, with no environment variable:
/// `/usr/bin` (the Debian package) reads `/usr/share`, `/usr/local/bin` (`make install`) `/usr/local/share`.
@Test func anInstalledToolLooksForTemplatesUnderItsPrefix() {
    #expect(TemplateSet.installedLocation(executable: "/usr/bin/pcap-report") == "/usr/share/pcap-report/Templates")
    #expect(TemplateSet.installedLocation(executable: "/usr/local/bin/pcap-report") == "/usr/local/share/pcap-report/Templates")
    #expect(TemplateSet.installedLocation(executable: "/opt/pr/bin/pcap-report") == "/opt/pr/share/pcap-report/Templates")
    #expect(TemplateSet.installedLocation(executable: "/bin/pcap-report") == "/share/pcap-report/Templates")
    #expect(TemplateSet.installedLocation(executable: "/pcap-report") == nil)
}

/// A checkout's build, whose executable has no `share/` beside it, still finds the checkout's `Templates/`.
@Test func aCheckoutBuildStillFindsTheCheckoutTemplates() throws {
    let found = try TemplateSet.locateBuiltIn()
    #expect(found.hasSuffix("/Templates"))
    #expect(!found.contains("/share/pcap-report/"))
}
