@testable import BatchRunning
import ReportRendering
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Test func shardsCoverEveryNameExactlyOnce() {
    let names = (0 ..< 500).map { "site-\($0 % 7)/capture-\($0)" }
    for count in [1, 2, 3, 8] {
        let shards = (1 ... count).map { Shard(index: $0, count: count) }
        for name in names { #expect(shards.filter { $0.contains(name) }.count == 1) }
        if count > 1 { for shard in shards { #expect(names.contains { shard.contains($0) }) } }
    }
}

@Test func shardMembershipDependsOnlyOnTheName() {
    // FNV-1a 64 of the output name: fixed across runs, machines and the other inputs.
    #expect(Shard.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
    #expect(Shard.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(Shard(index: 1, count: 1).contains("anything"))
}

@Test(arguments: ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", ""])
func badShardTextIsRejected(text: String) { #expect(Shard(text) == nil) }

@Test func shardsOfAMixedFolderTogetherReportEachCaptureOnceAndMergeToTheUnshardedIndex() throws {
    let root = MixedFolder.make()
    let templates = try MixedFolder.templates()
    _ = BatchRun(options: MixedFolder.options(root, output: "whole"), templates: templates).run()
    var seen: [String] = []
    for k in 1 ... 3 {
        var options = MixedFolder.options(root, output: "sharded")
        options.shard = Shard(index: k, count: 3)
        seen += BatchRun(options: options, templates: templates).run().results.map(\.entry.name)
    }
    #expect(seen.sorted() == (MixedFolder.reportedNames + MixedFolder.failedNames).sorted())
    #expect(!RepositoryPaths.exists(root + "/sharded/index.json"))      // shards leave the index to `index`
    let (entries, unreadable) = IndexMerger.collect([root + "/sharded"], indexDirectory: root + "/sharded")
    #expect(unreadable.isEmpty)
    var merged = RunIndex(entries)
    let brand = templates.branding()
    merged.heading = .init(brandName: brand.name, brandCSS: brand.css)
    try merged.write(to: root + "/sharded")
    for name in RunIndex.fileNames {
        #expect(RepositoryPaths.readText(root + "/sharded/" + name) == RepositoryPaths.readText(root + "/whole/" + name), "\(name)")
    }
}

@Test func anIndexOverSeveralFoldersLinksIntoEach() throws {
    let root = MixedFolder.make()
    let templates = try MixedFolder.templates()
    for k in 1 ... 2 {
        var options = MixedFolder.options(root, output: "shard-\(k)")
        options.shard = Shard(index: k, count: 2)
        _ = BatchRun(options: options, templates: templates).run()
    }
    mkdir(root + "/merged", 0o755)
    let (entries, _) = IndexMerger.collect([root + "/shard-1", root + "/shard-2"], indexDirectory: root + "/merged")
    #expect(entries.count == MixedFolder.reportedNames.count + MixedFolder.failedNames.count)
    for entry in entries where entry.error == nil {
        #expect(entry.location == "../shard-1/" || entry.location == "../shard-2/")
        #expect(RepositoryPaths.exists(root + "/merged/" + entry.location + entry.name + ".json"))
    }
}

/// An unsharded run and a shard never hold one folder together; the shards of one split do.
@Test func theShardsOfOneSplitShareAFolderButNotWithAnUnshardedRun() throws {
    let dir = TemporaryDirectory.make()
    let first = try RunLock(directory: dir, shard: Shard(index: 1, count: 2))
    let second = try RunLock(directory: dir, shard: Shard(index: 2, count: 2))
    #expect(throws: BatchError.busy(directory: dir, lockFile: first.path, pid: Int(getpid()))) {
        _ = try RunLock(directory: dir, shard: Shard(index: 1, count: 2))
    }
    // The folder's lock is held shared: the message names a shard's lock file and pid.
    let error = #expect(throws: BatchError.self) { _ = try RunLock(directory: dir, shard: nil) }
    #expect(error == .busy(directory: dir, lockFile: dir + "/.pcap-report.shard-1-of-2.lock", pid: Int(getpid())))
    first.release()
    second.release()
    let whole = try RunLock(directory: dir, shard: nil)
    #expect(throws: BatchError.busy(directory: dir, lockFile: dir + "/.pcap-report.lock", pid: Int(getpid()))) {
        _ = try RunLock(directory: dir, shard: Shard(index: 1, count: 2))
    }
    whole.release()
    #expect(throws: Never.self) { _ = try RunLock(directory: dir, shard: Shard(index: 1, count: 2)) }
}
