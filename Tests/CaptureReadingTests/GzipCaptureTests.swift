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
        #expect(info.readError == "the gzip-compressed file is damaged: unexpected end of file")
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

/// A classic pcap of `count` small UDP records.
private func udpPcap(_ count: Int) -> [UInt8] {
    var file = PcapFileBuilder()
    for i in 0 ..< count { file.append(FrameBuilder.minimalUDP + [UInt8(i & 0xFF)], microseconds: UInt32(i)) }
    return file.data
}

@Test func aGzipStreamCutWhereARecordEndsIsReportedAsTruncatedAsGzipDoes() throws {
    // Two members: the file header and the first 20 records, then the rest. The file is cut 12 bytes
    // into the second member, so the inflated bytes end exactly after record 20: libpcap sees a clean
    // end of file, `gzip -t` says "unexpected end of file", tshark that the file was cut short.
    let bytes = udpPcap(40)
    let split = 24 + 20 * (16 + FrameBuilder.minimalUDP.count + 1)
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeBytes(Array(bytes.prefix(split)), to: dir + "/a")
    RepositoryPaths.writeBytes(Array(bytes.dropFirst(split)), to: dir + "/b")
    _ = RepositoryPaths.run([
        "sh", "-c",
        "cd '\(dir)' && gzip -c a > a.gz && gzip -c b > b.gz && cat a.gz > cut.pcap.gz"
            + " && head -c 12 b.gz >> cut.pcap.gz",
    ])
    let (count, _, info) = try readAll(dir + "/cut.pcap.gz")
    #expect(count == 20)
    #expect(info.readError == "the gzip-compressed file is damaged: unexpected end of file")
}

@Test func aGzipMemberWithABadCRCIsReportedAsDamagedAsGzipDoes() throws {
    let path = TemporaryDirectory.make() + "/crc.pcap"
    RepositoryPaths.writeBytes(udpPcap(30), to: path)
    let compressed = gzipped(path, name: "crc.pcap.gz")
    // The trailer is CRC-32 then ISIZE: invert the CRC's first byte.
    _ = RepositoryPaths.run([
        "sh", "-c",
        "f='\(compressed)'; n=$(($(stat -c %s \"$f\") - 8)); "
            + "b=$(od -An -tu1 -j $n -N1 \"$f\" | tr -d ' '); "
            + "printf \"\\\\$(printf %o $((255 - b)))\" | dd of=\"$f\" bs=1 seek=$n conv=notrunc 2>/dev/null",
    ])
    let (gzipStatus, _) = RepositoryPaths.run(["gzip", "-t", compressed])
    try #require(gzipStatus != 0, "the CRC was not damaged")
    let (count, _, info) = try readAll(compressed)
    #expect(count == 30)  // the data inflate; only the check fails
    #expect(info.readError == "the gzip-compressed file is damaged: invalid compressed data--crc error (incorrect data check)")
}

@Test func theBlockReaderReportsADamagedGzipStreamToo() throws {
    // libpcap refuses this pcapng (mixed link types): the block reader reads the inflated copy.
    let path = TemporaryDirectory.make() + "/mixed.pcapng"
    RepositoryPaths.writeBytes(mixedInterfacePcapng(), to: path)
    let compressed = gzipped(path, name: "mixed.pcapng.gz")
    let cut = TemporaryDirectory.make() + "/mixed.pcapng.gz"
    _ = RepositoryPaths.run(["sh", "-c", "head -c $(($(stat -c %s '\(compressed)') - 4)) '\(compressed)' > '\(cut)'"])
    let (count, _, info) = try readAll(cut)
    #expect(count == 2)
    #expect(info.readMethod?.hasPrefix("pcapng block reader") == true)
    #expect(info.readError == "the gzip-compressed file is damaged: unexpected end of file")
}

@Test func zeroPaddingAfterTheLastMemberIsIgnoredAsGzipDoes() throws {
    // Tape and block devices pad files with zeros; gzip -d ignores them after a complete member.
    let path = TemporaryDirectory.make() + "/padded.pcap"
    RepositoryPaths.writeBytes(udpPcap(30), to: path)
    let compressed = gzipped(path, name: "padded.pcap.gz")
    _ = RepositoryPaths.run(["sh", "-c", "head -c 512 /dev/zero >> '\(compressed)'"])
    let (count, _, info) = try readAll(compressed)
    #expect(count == 30)
    #expect(info.readError == nil)
}
