import PacketDecoding
import Support
import TestSupport
import Testing

@testable import TrafficStatistics

/// The lab FTP session (Tests/Lab/make-download-captures.py): PASV + RETR tools.exe, then PORT + STOR notes.txt.
let ftpLabCapture = RepositoryPaths.root + "/Tests/Fixtures/lab/ftp-transfers.pcap"

@Test func passiveAndActiveDataConnectionsCarryTheirNamedFiles() throws {
    let ftp = try CaptureAnalysis.analyze(path: ftpLabCapture).ftp
    try #require(ftp.transfers.count == 2)
    let retr = ftp.transfers[0], stor = ftp.transfers[1]
    #expect(retr.command == "RETR" && retr.fileName == "tools.exe" && !retr.upload)
    #expect(retr.magic == .pe && retr.size == 4000 && retr.complete)
    // tshark --export-objects ftp-data writes these digests.
    #expect(retr.sha256 == "40bdb742f2acbef45af878705af7f102a7c96150ffa2b8f7426271df57464652")
    #expect(retr.dataStream == 1 && retr.controlStream == 0 && retr.firstFrame == 18 && retr.lastFrame == 20)
    #expect(retr.client.description == "10.30.0.40" && retr.server.description == "198.51.100.80")
    #expect(stor.command == "STOR" && stor.fileName == "notes.txt" && stor.upload && stor.magic == .text)
    #expect(stor.sha256 == "af2f5fdc4b40b740cbb740a349cf93d681556c564c4f25d83d93436378482b30" && stor.dataStream == 2)
}

@Test(arguments: [
    ("198,51,100,80,195,80", "198.51.100.80", 50000), (" 10,0,0,1,0,21", "10.0.0.1", 21),
])
func hostPortArgumentsAreAddressAndPort(_ text: String, _ address: String, _ port: Int) throws {
    let e = try #require(FTPTransferPass.hostPort(Substring(text)))
    #expect(e.address.description == address && Int(e.port) == port)
}

@Test(arguments: ["", "1,2,3", "1,2,3,4,5,256", "a,b,c,d,e,f", "1,2,3,4,5,6,7"])
func malformedHostPortArgumentsAreIgnored(_ text: String) {
    #expect(FTPTransferPass.hostPort(Substring(text)) == nil)
}

@Test(.enabled(if: ExternalTools.tshark != nil, "tshark is not installed: FTP files not compared with --export-objects ftp-data"))
func ftpDigestsEqualTsharksExportObjects() throws {
    let tshark = try #require(ExternalTools.tshark)
    let dir = TemporaryDirectory.make() + "/eo"
    _ = RepositoryPaths.run([tshark, "-n", "-r", ftpLabCapture, "-q", "--export-objects", "ftp-data," + dir])
    let theirs = DirectoryWalker.names(in: dir).compactMap { Digest.sha256(path: dir + "/" + $0) }.sorted()
    let ours = try CaptureAnalysis.analyze(path: ftpLabCapture).ftp.transfers.map(\.sha256).sorted()
    #expect(!theirs.isEmpty && ours == theirs)
}
