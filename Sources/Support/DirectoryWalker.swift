#if canImport(Glibc)
import Glibc
#endif

/// The one place that reads folders (`opendir`/`readdir`): input planning walks capture folders,
/// the batch cleans its output folder, templates are listed from theirs.
public enum DirectoryWalker {
    /// The names in `directory` (never `.` and `..`), sorted; hidden names only when asked.
    /// - Returns: an empty list when the folder cannot be read (`walk` says why instead).
    public static func names(in directory: String, includeHidden: Bool = false) -> [String] {
        (try? contents(of: directory, includeHidden: includeHidden).get()) ?? []
    }

    /// True when `path` is a folder that can be opened for reading.
    public static func isReadableDirectory(_ path: String) -> Bool {
        guard let d = opendir(path) else { return false }
        closedir(d)
        return true
    }

    /// What a walk found that is not a folder: a regular file, something else (a FIFO, a device,
    /// a socket), or a name whose target cannot be found (a dangling or looping symbolic link).
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var kind: Kind

        public init(path: String, kind: Kind) { self.path = path; self.kind = kind }
    }

    /// What an `Entry` is, as `stat(2)` (which follows symbolic links) sees it.
    public enum Kind: Sendable, Equatable {
        case regular
        /// A FIFO, a device or a socket (`"a FIFO"`, `"a character device"`…).
        case special(String)
        /// `stat` failed: `ENOENT` for a dangling symbolic link, `ELOOP` for a link loop, `EACCES`…
        case unresolved(errno: Int32, reason: String)
    }

    /// A folder the walk did not search, and why: it cannot be read, or it was reached a second
    /// time (through a symbolic link to a folder already searched, a loop among them).
    public enum Problem: Sendable, Equatable {
        case unreadable(path: String, reason: String)
        case alreadyWalked(path: String)
    }

    /// Everything below `root`, depth first in sorted order: every entry that is not a folder, and
    /// the folders not searched. Hidden files and folders are skipped, and so is a folder whose real
    /// path is `skipping` (the output folder inside an input folder). Symbolic links are followed,
    /// but each folder (by device and inode) is searched once, so links that loop end the walk
    /// instead of multiplying it.
    public static func walk(_ root: String, skipping skipped: String?) -> (entries: [Entry], problems: [Problem]) {
        var entries: [Entry] = []
        var problems: [Problem] = []
        var searched = Set<FolderID>()
        var info = stat()
        guard stat(root, &info) == 0 else {
            return ([], [.unreadable(path: root, reason: String(cString: strerror(errno)))])
        }
        searched.insert(FolderID(info))
        func search(_ folder: String) {
            let listed: [String]
            switch contents(of: folder, includeHidden: false) {
            case let .success(names): listed = names
            case let .failure(code):
                problems.append(.unreadable(path: folder, reason: String(cString: strerror(code.value))))
                return
            }
            for name in listed {
                let path = folder + "/" + name
                var info = stat()
                if lstat(path, &info) != 0 {
                    if errno == ENOENT { continue }  // removed since it was listed
                    // The folder lists names but cannot look them up (readable, not searchable).
                    problems.append(.unreadable(path: folder, reason: String(cString: strerror(errno))))
                    return
                }
                if (info.st_mode & S_IFMT) == S_IFLNK && stat(path, &info) != 0 {
                    let code = errno
                    entries.append(Entry(path: path, kind: .unresolved(errno: code, reason: String(cString: strerror(code)))))
                    continue
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if let skipped, realPath(path) == skipped { continue }
                    guard searched.insert(FolderID(info)).inserted else {
                        problems.append(.alreadyWalked(path: path))
                        continue
                    }
                    search(path)
                case S_IFREG: entries.append(Entry(path: path, kind: .regular))
                case S_IFIFO: entries.append(Entry(path: path, kind: .special("a FIFO")))
                case S_IFCHR: entries.append(Entry(path: path, kind: .special("a character device")))
                case S_IFBLK: entries.append(Entry(path: path, kind: .special("a block device")))
                case S_IFSOCK: entries.append(Entry(path: path, kind: .special("a socket")))
                default: entries.append(Entry(path: path, kind: .special("not a regular file")))
                }
            }
        }
        search(root)
        return (entries, problems)
    }

    /// A folder's identity: the same folder reached by two paths has one.
    struct FolderID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) { device = UInt64(info.st_dev); inode = UInt64(info.st_ino) }
    }

    /// An `errno` value as an `Error`.
    struct SystemError: Error { var value: Int32 }

    /// The names in `directory`, sorted, or the `errno` of `opendir` when it cannot be opened.
    static func contents(of directory: String, includeHidden: Bool) -> Result<[String], SystemError> {
        guard let d = opendir(directory) else { return .failure(SystemError(value: errno)) }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." || (!includeHidden && name.hasPrefix(".")) { continue }
            names.append(name)
        }
        return .success(names.sorted())
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
