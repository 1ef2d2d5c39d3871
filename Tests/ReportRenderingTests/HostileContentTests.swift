@testable import ReportRendering
import TestSupport
import Testing

// Regression tests for what the renderer fuzzer (Fuzz/RendererFuzzer, docs/robustness.md) found,
// and for output names derived from capture names.

/// Fuzz finding 1: a capture comment starting with a newline ("\n# injected") became "- # injected"
/// after the newline was sanitised to a space, and cmark rendered a heading inside the list item.
@Test(arguments: ["\n# injected", "\t# injected", "   # injected", "\n\n- item", " 1. item", "\n> quote", "    code"])
func leadingWhitespaceCannotHideABlockMarker(_ hostile: String) {
    let escaped = MarkdownText.inline(hostile)
    let html = HTMLRenderer.html(fromMarkdown: "- " + escaped + "\n", blocks: [])
    #expect(!html.contains("<h1"))
    #expect(!html.contains("<ol"))
    #expect(!html.contains("<blockquote"))
    #expect(!html.contains("<pre"))
    #expect(html.components(separatedBy: "<li>").count == 2, "one list item, no nested list: \(html)")
}

@Test func hostileCommentsDoNotAddHeadingsToTheReport() throws {
    var m = try model("walkthrough-synscan.pcapng")
    let t = try templates()
    m.capture.comments = ["x", "x"]
    let plain = try HTMLRenderer(templates: t).render(m)
    m.capture.comments = ["\n# injected\n# injected", "\n# injected"]
    m.capture.interfaces = m.capture.interfaces.map { var i = $0; i.name = "\n# if"; return i }
    let hostile = try HTMLRenderer(templates: t).render(m)
    #expect(hostile.components(separatedBy: "<h1").count == plain.components(separatedBy: "<h1").count)
    #expect(hostile.components(separatedBy: "<li").count == plain.components(separatedBy: "<li").count)
}

/// Output file names come from capture names: they must stay inside the output folder.
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
    let (planned, problems) = InputPlanner.plan([dir, dir + "/../" + (dir.split(separator: "/").last.map(String.init) ?? "")
                                                 + "/-rf.pcap"], outputDirectory: "/out")
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
