/// Compares text with a committed golden file; `RECORD=1` re-records it. On a difference, returns a
/// unified-style diff of the first differing lines (nil when equal).
public enum GoldenFile {
    public static var recording: Bool {
        guard let v = getenvString("RECORD") else { return false }
        return v == "1" || v == "true"
    }

    public static func check(_ actual: String, against path: String) -> String? {
        if recording {
            RepositoryPaths.writeText(actual, to: path)
            return nil
        }
        guard let expected = RepositoryPaths.readText(path) else {
            return "golden file \(path) is missing: run the tests with RECORD=1 to create it, then review it"
        }
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff = ["--- \(path)", "+++ actual"]
        var shown = 0
        for i in 0 ..< max(e.count, a.count) where shown < 20 {
            let l = i < e.count ? String(e[i]) : nil, r = i < a.count ? String(a[i]) : nil
            if l != r {
                diff.append("@@ line \(i + 1) @@")
                if let l { diff.append("-" + l) }
                if let r { diff.append("+" + r) }
                shown += 1
            }
        }
        diff.append("(re-record deliberately with RECORD=1 and review the diff)")
        return diff.joined(separator: "\n")
    }
}

#if canImport(Glibc)
import Glibc
#endif
func getenvString(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
