#if canImport(Glibc)
import Glibc
#endif

/// The one place that reads folders (`opendir`/`readdir`): input planning walks capture folders,
/// the batch cleans its output folder, templates are listed from theirs.
public enum DirectoryWalker {
    /// The names in `directory` (never `.` and `..`), sorted; hidden names only when asked.
    /// - Returns: an empty list when the folder cannot be read.
    public static func names(in directory: String, includeHidden: Bool = false) -> [String] {
        guard let d = opendir(directory) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." || (!includeHidden && name.hasPrefix(".")) { continue }
            names.append(name)
        }
        return names.sorted()
    }

    /// True when `path` is a folder that can be opened for reading.
    public static func isReadableDirectory(_ path: String) -> Bool {
        guard let d = opendir(path) else { return false }
        closedir(d)
        return true
    }

    /// Every regular file below `root`, depth first in sorted order, hidden files and folders
    /// skipped, and a folder whose real path is `skipping` (the output folder inside an input folder).
    public static func regularFiles(under root: String, skipping skipped: String?) -> [String] {
        var out: [String] = []
        for name in names(in: root) {
            let path = root + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if let skipped, realPath(path) == skipped { continue }
                out += regularFiles(under: path, skipping: skipped)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                out.append(path)
            }
        }
        return out
    }

    /// Why `path` (an entry listed in `directory`) must not be read as a file of that folder: it
    /// does not resolve, it resolves (through a symbolic link) outside the folder, or it is not a
    /// regular file (a FIFO would block the reader). - Returns: nil when it is a regular file inside.
    public static func problemReadingInside(_ directory: String, _ path: String) -> String? {
        guard let folder = realPath(directory), let target = realPath(path) else {
            return "it does not resolve (a dangling symbolic link?)"
        }
        guard target.hasPrefix(folder == "/" ? "/" : folder + "/") else {
            return "it is a symbolic link to \(target), outside \(folder)"
        }
        var info = stat()
        guard stat(target, &info) == 0 else { return String(cString: strerror(errno)) }
        return (info.st_mode & S_IFMT) == S_IFREG ? nil : "not a regular file"
    }

    /// `realpath(3)`, or nil when the path does not resolve.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
