@testable import CaptureReading
import TestSupport
import Testing
import Support

/// Reads `path` fully: (frame count, wire lengths, file info).
func readAll(_ path: String) throws -> (Int, [Int], CaptureFileInfo) {
    let reader = try CaptureReader(path: path)
    var lengths: [Int] = []
    reader.forEachRecord { lengths.append($0.wireLength) }
    return (lengths.count, lengths, reader.finish())
}

func gzipped(_ source: String, name: String) -> String {
    let path = TemporaryDirectory.make() + "/" + name
    _ = RepositoryPaths.run(["sh", "-c", "gzip -c < '\(source)' > '\(path)'"])
    return path
}

@Test(arguments: ["walkthrough-synscan.pcapng", "benign-web.pcapng"])
func aGzipCaptureReadsLikeThePlainOneWithDigestsOfTheFileOnDisk(sample: String) throws {
    let plain = RepositoryPaths.samples + "/" + sample
    let compressed = gzipped(plain, name: sample + ".gz")
    let (count, lengths, info) = try readAll(compressed)
    let (plainCount, plainLengths, plainInfo) = try readAll(plain)
    #expect(count == plainCount && lengths == plainLengths)
    #expect(info.metadata == plainInfo.metadata)            // the pcapng scanner sees the inflated bytes
    #expect(info.readError == nil)
    // capinfos reports the compressed file's size and hashes the file as it is on disk.
    let (_, sha) = RepositoryPaths.run(["sh", "-c", "sha256sum '\(compressed)' | cut -d' ' -f1"])
    #expect(info.sha256 == sha.filter { $0.isHexDigit })
    let (_, size) = RepositoryPaths.run(["sh", "-c", "stat -c %s '\(compressed)'"])
    #expect(info.fileBytes == Int(size.filter(\.isNumber)))
}

@Test func concatenatedGzipMembersAreReadOnAsGzipDoes() throws {
    // A classic pcap split in two: header + first records in one member, the rest in a second.
    var file = PcapFileBuilder()
    for i in 0 ..< 40 { file.append(FrameBuilder.minimalUDP, microseconds: UInt32(i)) }
    let dir = TemporaryDirectory.make()
    let bytes = file.data
    RepositoryPaths.writeBytes(Array(bytes.prefix(500)), to: dir + "/a")
    RepositoryPaths.writeBytes(Array(bytes.dropFirst(500)), to: dir + "/b")
    _ = RepositoryPaths.run(["sh", "-c", "cd '\(dir)' && gzip -c a > x.pcap.gz && gzip -c b >> x.pcap.gz"])
    let (count, _, info) = try readAll(dir + "/x.pcap.gz")
    #expect(count == 40)
    #expect(info.readError == nil)
}

@Test(arguments: [20, 60, 200, 400])
func aTruncatedGzipKeepsTheRecordsBeforeTheCutAndNeverTraps(keep: Int) throws {
    var file = PcapFileBuilder()
    for i in 0 ..< 200 { file.append(FrameBuilder.minimalSYN + [UInt8(i & 0xFF)], microseconds: UInt32(i)) }
    let plain = file.write()
    let compressed = gzipped(plain, name: "whole.pcap.gz")
    let cut = TemporaryDirectory.make() + "/cut.pcap.gz"
    _ = RepositoryPaths.run(["sh", "-c", "head -c \(keep) '\(compressed)' > '\(cut)'"])
    do {
        let (count, _, info) = try readAll(cut)
        #expect(count < 200)
        #expect(info.fileBytes == keep)
    } catch {
        // So little survives that the file header itself is gone: an error, not a trap.
        #expect(error is CaptureError)
    }
}

@Test func damagedGzipDataIsAReadErrorAfterTheGoodRecords() throws {
    var file = PcapFileBuilder()
    for i in 0 ..< 500 { file.append(FrameBuilder.minimalUDP + [UInt8(i & 0xFF), UInt8(i >> 8)], microseconds: UInt32(i)) }
    let compressed = gzipped(file.write(), name: "damaged.pcap.gz")
    // Overwrite bytes in the middle of the deflate data.
    _ = RepositoryPaths.run(["sh", "-c", "printf '\\377\\377\\377\\377\\377\\377\\377\\377' | dd of='\(compressed)' bs=1 seek=300 conv=notrunc 2>/dev/null"])
    let (count, _, info) = try readAll(compressed)
    #expect(count < 500)
    #expect(info.readError != nil)
    let (_, size) = RepositoryPaths.run(["sh", "-c", "stat -c %s '\(compressed)'"])
    #expect(info.fileBytes == Int(size.filter(\.isNumber)))      // digests still cover the whole file
}

@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus/real) is not present"))
func everyCorpusCaptureReadsTheSameGzipCompressed() throws {
    let corpus = try #require(RepositoryPaths.corpus)
    let (_, listing) = RepositoryPaths.run(["sh", "-c", "ls '\(corpus)/real'"])
    let names = listing.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") || $0.hasSuffix(".cap") }
    #expect(names.count > 10)
    for name in names {
        let plain = corpus + "/real/" + name
        let compressed = gzipped(plain, name: name + ".gz")
        // Files libpcap refuses (pcapng interfaces with different link types) take the block
        // reader's path, which reads the inflated bytes from a temporary file.
        let a = try? readAll(plain)
        let b = try? readAll(compressed)
        #expect(a?.0 == b?.0 && a?.1 == b?.1, "\(name)")
        #expect(a?.2.metadata == b?.2.metadata, "\(name)")
        #expect(a?.2.readError == b?.2.readError, "\(name)")
    }
}

/// The digests are right whether the background thread finishes both, or the caller takes SHA-1
/// over midway (`finish` right after the start, on a file far too large to hash by then).
@Test(arguments: [0, 1, 5_000, 48 << 20])
func bothDigestsMatchCoreutilsWhenSHA1IsTakenOver(size: Int) throws {
    let path = TemporaryDirectory.make() + "/blob-\(size)"
    _ = RepositoryPaths.run(["sh", "-c", "head -c \(size) /dev/urandom > '\(path)'"])
    let (sha256, sha1) = FileDigest(path: path).finish()
    let (_, expected256) = RepositoryPaths.run(["sh", "-c", "sha256sum '\(path)' | cut -d' ' -f1"])
    let (_, expected1) = RepositoryPaths.run(["sh", "-c", "sha1sum '\(path)' | cut -d' ' -f1"])
    #expect(sha256 == expected256.filter(\.isHexDigit))
    #expect(sha1 == expected1.filter(\.isHexDigit))
}
