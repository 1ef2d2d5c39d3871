@testable import BatchRunning
import ReportRendering
import Support
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A folder of mixed inputs, as customers hand them over:
///
/// ```
/// in/walkthrough-synscan.pcapng        valid (port scan, high)
/// in/benign-web.pcapng                 valid (no attack)
/// in/site-a/benign-web.pcapng          nested, same name as the top-level one
/// in/site-a/benign-web.pcap            same stem, other extension
/// in/site-a/deep/scan.pcap.gz          gzip-compressed capture
/// in/site-b/udp.cap                    built in code, classic pcap
/// in/broken.pcap                       malformed: not a capture at all
/// in/notes.txt, in/site-b/readme.md    not captures: skipped with a note
/// ```
enum MixedFolder {
    static func make() -> String {
        let root = TemporaryDirectory.make()
        let input = root + "/in"
        for dir in ["", "/site-a", "/site-a/deep", "/site-b"] { mkdir(input + dir, 0o755) }
        copy(RepositoryPaths.samples + "/walkthrough-synscan.pcapng", input + "/walkthrough-synscan.pcapng")
        copy(RepositoryPaths.samples + "/benign-web.pcapng", input + "/benign-web.pcapng")
        copy(RepositoryPaths.samples + "/benign-web.pcapng", input + "/site-a/benign-web.pcapng")
        RepositoryPaths.writeBytes(udpCapture(count: 20).data, to: input + "/site-a/benign-web.pcap")
        gzip(RepositoryPaths.samples + "/walkthrough-synscan.pcapng", to: input + "/site-a/deep/scan.pcap.gz")
        RepositoryPaths.writeBytes(udpCapture(count: 5).data, to: input + "/site-b/udp.cap")
        RepositoryPaths.writeText("this is not a capture\n", to: input + "/broken.pcap")
        RepositoryPaths.writeText("hello\n", to: input + "/notes.txt")
        RepositoryPaths.writeText("# readme\n", to: input + "/site-b/readme.md")
        return root
    }

    /// Output names a full run must produce, and the one that must fail.
    static let reportedNames = ["walkthrough-synscan", "benign-web", "site-a/benign-web", "site-a/benign-web-2",
                                "site-a/deep/scan", "site-b/udp"]
    static let failedNames = ["broken"]

    static func udpCapture(count: Int, firstPort: UInt16 = 5000) -> PcapFileBuilder {
        var builder = PcapFileBuilder()
        for i in 0 ..< count {
            builder.append(FrameBuilder.udpFrame("127.0.0.1", firstPort &+ UInt16(i % 50), "127.0.0.2", 53, payload: [1, 2, 3, UInt8(i & 0xFF)]),
                           seconds: 1_700_000_000 + UInt32(i / 1000), microseconds: UInt32(i % 1000) * 1000)
        }
        return builder
    }

    static func copy(_ from: String, _ to: String) {
        guard let text = FileIO.readFile(from) else { return }
        RepositoryPaths.writeBytes(text, to: to)
    }

    static func gzip(_ from: String, to: String) {
        _ = RepositoryPaths.run(["sh", "-c", "gzip -c < '\(from)' > '\(to)'"])
    }

    static func templates() throws -> TemplateSet { try TemplateSet(builtIn: RepositoryPaths.templates) }

    static func options(_ root: String, output: String = "out") -> BatchOptions {
        var options = BatchOptions()
        options.inputs = [root + "/in"]
        options.outputDirectory = root + "/" + output
        options.jobs = 2
        return options
    }

    /// Relative paths of the non-hidden files under `dir`, sorted.
    static func files(_ dir: String, prefix: String = "") -> [String] {
        var out: [String] = []
        for name in DirectoryWalker.names(in: dir) {
            var info = stat()
            guard stat(dir + "/" + name, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR { out += files(dir + "/" + name, prefix: prefix + name + "/") } else { out.append(prefix + name) }
        }
        return out.sorted()
    }
}
