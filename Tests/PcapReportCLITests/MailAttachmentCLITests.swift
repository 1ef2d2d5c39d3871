import Support
import TestSupport
import Testing

/// The mail lab captures (Tests/Lab/record-mail-lab.py, Tests/Lab/make-mail-captures.py).
let mailCaptures = [
    "live/mail-smtp-phishing.pcap", "live/mail-smtp-benign-pdf.pcap", "live/mail-pop-attachment.pcap", "mail-smtp-segmented.pcap",
].map { RepositoryPaths.root + "/Tests/Fixtures/lab/" + $0 }

@Test(
    .enabled(
        if: ExternalTools.tshark != nil && ExternalTools.find("python3") != nil,
        "tshark or python3 is not installed: mail attachments not compared with --export-objects imf"))
func mailAttachmentsEqualTsharksExportedMessagesDecodedByPython() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let python = try #require(ExternalTools.find("python3"))
    let (status, output) = RepositoryPaths.run(
        [python, RepositoryPaths.root + "/Tests/Lab/compare-mail-attachments.py", "--tool", tool] + mailCaptures)
    #expect(status == 0, "\(output)")
    #expect(
        output.contains("total: messages tshark=4 ours=4, attachments 9, rows 9, sha256-equal 9, extracted-equal 9, 0 capture(s) differ"))
}

@Test func mailAttachmentsAreFilesRowsAndAreExtracted() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make(), files = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, mailCaptures[0], "-o", out, "--format", "md,json", "--extract-files", files])
    #expect(status == 0)
    let folder = files + "/mail-smtp-phishing"
    #expect(names(in: folder) == ["15-invoice.pdf", "15-invoice.pdf.exe", "15-notiz.txt"])
    #expect(Digest.sha256(path: folder + "/15-invoice.pdf.exe") == "e4f7b778734222edb4303e06b42cbb2309dc041c6231c5f0e92527f2d38cbeb9")
    #expect(fileMode(folder + "/15-invoice.pdf.exe") == 0o600)
    let json = try #require(RepositoryPaths.readText(out + "/mail-smtp-phishing.json"))
    #expect(json.contains("\"fileName\": \"invoice.pdf.exe\""))
    #expect(json.contains("\"protocol\": \"smtp\", \"client\": \"127.0.0.1\""))
    #expect(json.contains("\"mail\": {\"messages\": 1, \"incompleteMessages\": 0, \"attachmentsTotal\": 3}"))
    #expect(json.contains("\"extraction\": {\"folder\": \"mail-smtp-phishing\", \"written\": 3"))
    let md = try #require(RepositoryPaths.readText(out + "/mail-smtp-phishing.md"))
    #expect(md.contains("Files carried over SMTP") && md.contains("invoice.pdf.exe"))
    #expect(md.contains("phishing") || md.contains("Phishing"))
}

@Test func redactPayloadWithholdsAttachmentNamesAndAddresses() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, mailCaptures[3], "-o", out, "--format", "md,html,json,iocs", "--redact", "all"])
    for file in ["mail-smtp-segmented.md", "mail-smtp-segmented.html", "mail-smtp-segmented.json", "mail-smtp-segmented.iocs.csv"] {
        let text = try #require(RepositoryPaths.readText(out + "/" + file))
        for secret in ["scan.jpg", "readme.js", "Angebot", "203.0.113.90", "10.30.0.60"] {
            #expect(!text.contains(secret), "\(file) shows \(secret)")
        }
        #expect(text.contains("1c796a3c59b3b9d3b98707708f82508aea4a92fa1dedcc8f941afbbcb3ab13a8"), "\(file): the attachment's digest stays")
    }
}
