@testable import ReportRendering
import TestSupport
import Testing

/// The JSON report of each sample equals its committed golden file, like the Markdown and HTML
/// ones: a change to the machine-readable contract shows as a line diff (`RECORD=1` re-records;
/// review the diff). The golden holds nothing of the machine or the run: file names without their
/// folder, no time of the run (only the capture's own timestamps).
@Test(arguments: samples)
func jsonReportMatchesGoldenFile(sample: String) throws {
    let text = try model(sample).json().serialized()
    #expect(!text.contains(RepositoryPaths.root), "the JSON names a path of this machine")
    let diff = GoldenFile.check(text, against: RepositoryPaths.root + "/Tests/ReportRenderingTests/Golden/" + sample + ".json")
    #expect(diff == nil, "\(diff ?? "")")
}
