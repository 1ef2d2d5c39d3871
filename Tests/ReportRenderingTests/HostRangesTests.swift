@testable import ReportRendering
import Testing

/// Long host lists read as a count and ranges; short ones stay in full.
@Test func longHostListsAreACountAndRanges() {
    let sweep = (1 ... 245).map { "10.77.1.\($0)" }
    #expect(HostRanges.compact(sweep) == "245 hosts: 10.77.1.1–10.77.1.245")
    #expect(ReportViewModel.hostList(sweep, total: nil) == "245 hosts: 10.77.1.1–10.77.1.245")
    #expect(ReportViewModel.hostList(sweep, total: 300) == "245 hosts: 10.77.1.1–10.77.1.245 (300 in all)")
    let two = (1 ... 10).map { "10.0.0.\($0)" } + ["10.0.1.255", "10.0.2.0", "192.168.1.1"]
    #expect(HostRanges.compact(two) == "13 hosts: 10.0.0.1–10.0.0.10, 10.0.1.255–10.0.2.0, 192.168.1.1")
    let scattered = (0 ..< 20).map { "10.9.\($0).1" }
    #expect(HostRanges.compact(scattered) == "20 hosts from 10.9.0.1 to 10.9.19.1 in 20 ranges")
    let v6 = (1 ... 12).map { "fe80::\($0)" }
    #expect(HostRanges.compact(v6) == "12 hosts: " + v6.prefix(10).joined(separator: ", ") + " and 2 more")
    #expect(HostRanges.compact(Array(sweep.prefix(10))) == nil)
    #expect(ReportViewModel.hostList(["10.0.0.1", "10.0.0.2"], total: nil) == FindingWording.list(["10.0.0.1", "10.0.0.2"]))
}
