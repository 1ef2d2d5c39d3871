import Support
import Testing

/// The build identity the incremental manifest compares: the release, then this executable's digest.
@Test func theBuildIdentityNamesTheReleaseAndThisExecutable() {
    let identity = ToolVersion.buildIdentity
    #expect(identity.hasPrefix(ToolVersion.release + "+"))
    let digest = identity.dropFirst(ToolVersion.release.count + 1)
    #expect(digest.count == 16)
    #expect(digest.allSatisfy { "0123456789abcdef".contains($0) })
    #expect(Digest.sha256(path: "/proc/self/exe")?.hasPrefix(digest) == true)
}

/// `CHANGELOG.md` names the release the tool reports.
@Test func theChangelogNamesTheRelease() throws {
    let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
    let changelog = try #require(FileIO.readText("/" + root + "/CHANGELOG.md"))
    #expect(changelog.contains("## [\(ToolVersion.release)]"))
}

/// `--version` prints the release, then the commit when `make` stamped the build; the release alone otherwise.
@Test func theVersionTextNamesTheReleaseAndTheStampedCommit() {
    if let commit = ToolVersion.commit {
        #expect(!commit.isEmpty && commit.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(ToolVersion.description == "\(ToolVersion.release) (commit \(commit))")
    } else {
        #expect(ToolVersion.description == ToolVersion.release)
    }
}
