import Support
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The one directory walker: what it finds that is not a folder, and the folders it does not search.
@Test func theWalkNamesEveryEntryThatIsNotAFolderAndSearchesEachFolderOnce() {
    let root = TemporaryDirectory.make()
    for dir in ["/a", "/b", "/.hidden"] { mkdir(root + dir, 0o755) }
    RepositoryPaths.writeText("x", to: root + "/a/file.pcap")
    RepositoryPaths.writeText("x", to: root + "/.hidden/secret.pcap")
    mkfifo(root + "/b/pipe.pcap", 0o644)
    symlink(root + "/gone", root + "/b/dangling.pcap")
    symlink("..", root + "/a/up")  // two loops back to the root, and a second way into a/
    symlink("..", root + "/b/up")
    symlink("../a", root + "/b/to-a")
    let (entries, problems) = DirectoryWalker.walk(root, skipping: nil)
    #expect(entries.map(\.path) == [root + "/a/file.pcap", root + "/b/dangling.pcap", root + "/b/pipe.pcap"])
    #expect(entries.map(\.kind) == [.regular, .unresolved(errno: ENOENT, reason: String(cString: strerror(ENOENT))), .special("a FIFO")])
    #expect(problems == ["/a/up", "/b/to-a", "/b/up"].map { .alreadyWalked(path: root + $0) })
}

@Test func aFolderThatCannotBeOpenedIsAProblemNotAnEmptyFolder() {
    let root = TemporaryDirectory.make()
    let (entries, problems) = DirectoryWalker.walk(root + "/absent", skipping: nil)
    #expect(entries.isEmpty)
    #expect(problems == [.unreadable(path: root + "/absent", reason: String(cString: strerror(ENOENT)))])
}
