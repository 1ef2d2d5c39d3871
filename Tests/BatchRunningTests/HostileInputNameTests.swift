@testable import BatchRunning
import TestSupport
import Testing

/// Hostile capture names never lead a report outside the output folder (moved here with
/// `InputPlanner`, which BatchRunning owns).
@Test(arguments: [
    ("../../etc/passwd", "etc/passwd"),
    ("..", "capture"),
    ("/abs/../x", "abs/x"),
    (".hidden", "hidden"),
    ("...", "_"),
    ("a/./b", "a/b"),
    ("name with spaces;rm -rf", "name_with_spaces_rm_-rf"),
    ("évidence", "évidence"),
    ("tab\tnew\nline", "tab_new_line"),
    ("", "capture"),
])
func outputNamesStayInsideTheOutputFolder(_ input: String, _ expected: String) {
    let safe = InputPlanner.safe(input)
    #expect(safe == expected)
    #expect(!safe.hasPrefix("/"))
    #expect(!safe.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.hasPrefix(".") })
}

@Test func plannedOutputsForHostileFileNamesStayInTheOutputFolder() {
    let dir = TemporaryDirectory.make()
    for name in ["..pcap", "...pcap", "-rf.pcap", "a\nb.pcap", "<script>.pcapng", ".hidden.pcap"] {
        RepositoryPaths.writeBytes(PcapFileBuilder().data, to: dir + "/" + name)
    }
    let (planned, problems) = InputPlanner.plan(
        [
            dir,
            dir + "/../" + (dir.split(separator: "/").last.map(String.init) ?? "")
                + "/-rf.pcap",
        ], outputDirectory: "/out")
    #expect(problems.isEmpty)
    #expect(!planned.isEmpty)
    for p in planned {
        #expect(p.outputBase.hasPrefix("/out/"))
        let rest = p.outputBase.dropFirst("/out/".count)
        #expect(!rest.split(separator: "/").contains { $0 == ".." || $0.hasPrefix(".") }, "\(p.outputBase)")
        #expect(!rest.contains("\n") && !rest.contains("<"))
    }
    #expect(Set(planned.map(\.outputBase)).count == planned.count, "two inputs never share an output name")
}
