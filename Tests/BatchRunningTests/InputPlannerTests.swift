@testable import BatchRunning
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Test func foldersAreMirroredAndDuplicateNamesNeverShareAnOutput() {
    let root = MixedFolder.make()
    let (planned, problems) = InputPlanner.plan([root + "/in"], outputDirectory: "out")
    #expect(planned.map(\.name).sorted() == (MixedFolder.reportedNames + MixedFolder.failedNames).sorted())
    #expect(Set(planned.map(\.outputBase)).count == planned.count)
    #expect(planned.allSatisfy { $0.outputBase == "out/" + $0.name })
    #expect(problems.sorted { "\($0)" < "\($1)" } == [.skipped(root + "/in/notes.txt"), .skipped(root + "/in/site-b/readme.md")])
}

@Test func globsExpandBelowTheirFixedFolderAndAFileNamedTwiceIsReportedOnce() {
    let root = MixedFolder.make()
    let (planned, problems) = InputPlanner.plan([root + "/in/site-*/*.pcap*", root + "/in/site-a/benign-web.pcap",
                                                 root + "/in/nothing-*.pcap"], outputDirectory: "out")
    #expect(planned.map(\.name) == ["site-a/benign-web", "site-a/benign-web-2"])
    #expect(problems == [.noMatch(root + "/in/nothing-*.pcap")])
}

@Test func aMissingInputIsAProblemAndTheOutputFolderIsNotWalked() {
    let root = MixedFolder.make()
    let (planned, problems) = InputPlanner.plan([root + "/in", root + "/absent.pcap"], outputDirectory: root + "/in/reports")
    _ = planned
    #expect(problems.contains(.missing(root + "/absent.pcap")))
    // Reports written into a folder inside the input are not read back as inputs.
    mkdir(root + "/in/reports", 0o755)
    RepositoryPaths.writeText("x", to: root + "/in/reports/old.pcap")
    let again = InputPlanner.plan([root + "/in"], outputDirectory: root + "/in/reports").planned
    #expect(!again.contains { $0.input.contains("/reports/") })
}

@Test func outputNamesStayInsideTheOutputFolder() {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeBytes(MixedFolder.udpCapture(count: 1).data, to: dir + "/.hidden.pcap")
    RepositoryPaths.writeBytes(MixedFolder.udpCapture(count: 1).data, to: dir + "/odd name;.pcap")
    RepositoryPaths.writeBytes(MixedFolder.udpCapture(count: 1).data, to: dir + "/index.pcap")
    let names = InputPlanner.plan([dir], outputDirectory: "out").planned.map(\.name)
    #expect(names == ["index-2", "odd_name_"])
}
