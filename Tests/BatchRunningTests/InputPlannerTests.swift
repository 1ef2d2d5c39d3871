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

/// `X.error.json` is `X`'s failure record, `X.summary.md` its ticket summary, and `X.md` a file
/// beside the folder of `X.md/…`: no two planned captures may share one of these paths.
@Test func theOutputFilesOfPlannedCapturesAreDisjointByConstruction() {
    let dir = TemporaryDirectory.make()
    for folder in ["/y.md", "/index.json", "/Z.HTML", "/x.error"] { mkdir(dir + folder, 0o755) }
    let names = [
        "x.pcap", "x.error.pcap", "x_error.pcap", "x.error.error.pcap", "y.pcap", "y.summary.pcapng", "y.md.pcap",
        "y.md/z.pcap", "index.json/a.pcap", "Z.pcap", "Z.HTML/b.pcap", "W.Summary.cap", "W.cap", "x.error/c.pcap",
    ]
    for name in names { RepositoryPaths.writeBytes(PcapFileBuilder().data, to: dir + "/" + name) }
    let planned = InputPlanner.plan([dir], outputDirectory: "out").planned
    #expect(planned.count == names.count)
    var files: [String: String] = [:]
    var folders = Set<String>()
    for p in planned {
        for ext in ["md", "html", "json", "summary.md", "error.json"] {
            let file = (p.name + "." + ext).lowercased()
            #expect(files[file] == nil, "\(p.name) and \(files[file] ?? "") share \(file)")
            files[file] = p.name
        }
        let parts = p.name.lowercased().split(separator: "/")
        for n in 1 ..< max(1, parts.count) { folders.insert(parts.prefix(n).joined(separator: "/")) }
    }
    for folder in folders { #expect(files[folder] == nil, "the folder \(folder) is also a report file") }
    #expect(!files.keys.contains { $0.hasPrefix("index.") && !$0.contains("/") }, "index.* belong to the run index")
    // Names without the ambiguity keep their names.
    #expect(planned.contains { $0.name == "y" } && planned.contains { $0.name == "x" } && planned.contains { $0.name == "y.md" })
}
