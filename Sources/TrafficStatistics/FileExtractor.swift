import Support

/// Where `--extract-files DIR` writes the HTTP bodies of one capture: `directory` is DIR, `folder`
/// the capture's own subfolder in it (its report name), so two captures never share names.
public struct FileExtractionOptions: Sendable, Equatable, CustomStringConvertible {
    public var directory: String
    public var folder: String
    public init(directory: String, folder: String = "") { self.directory = directory; self.folder = folder }
    /// `DIR/folder` (the folder name sanitised like the files' names).
    public var path: String { directory + "/" + FileExtractor.safeName(folder, fallback: "capture") }
    public var description: String { "extract=\(directory)" }
}

/// What extraction did for one capture: files written, bodies not written and why (bounded: every
/// count is exact, one error text is kept).
public struct FileExtractionSummary: Sendable, Equatable {
    /// The capture's folder inside DIR, as the report names it.
    public var folder = ""
    public var written = 0
    /// Bodies left out: more than `FileExtractor.openKept` open at once, larger than
    /// `FileExtractor.maximumFileBytes`, cut short (a gap or the capture's end), or a write error.
    public var skippedOpen = 0, skippedLarge = 0, skippedIncomplete = 0, failed = 0
    /// The first write error, if any (path and the system's reason).
    public var firstError: String?
    public init() {}

    /// Adds what another pass wrote into the same folder (mail attachments beside the HTTP bodies).
    public mutating func add(_ other: FileExtractionSummary) {
        written += other.written; skippedOpen += other.skippedOpen; skippedLarge += other.skippedLarge
        skippedIncomplete += other.skippedIncomplete; failed += other.failed
        firstError = firstError ?? other.firstError
    }
}

/// Streams HTTP bodies to disk for `--extract-files`: each body goes into its own hidden temporary
/// file (mode 0600) as it is reassembled and is published under `<frame>-<name>` only when it is
/// complete, so memory never holds a body and no half file is ever visible. Names are sanitised
/// (letters, digits, `.`, `_`, `-`; no path separator, no leading dot, at most 120 bytes) and made
/// unique with `-2`, `-3`, ...; an existing file is never replaced.
struct FileExtractor {
    /// Bodies written at once (each holds a file descriptor); more are counted, not written.
    static let openKept = 64
    /// The largest body written (bytes); a larger one is counted, not written.
    static let maximumFileBytes = 512 << 20

    let options: FileExtractionOptions
    var summary = FileExtractionSummary()
    var open = 0
    var serial = 0
    var folderReady = false
    var folderFailed = false

    init(options: FileExtractionOptions) {
        self.options = options
        summary.folder = FileExtractor.safeName(options.folder, fallback: "capture")
    }

    /// A new temporary file for a body, nil when too many are open or the folder cannot be made.
    mutating func start() -> AtomicFileStream? {
        guard open < Self.openKept else { summary.skippedOpen += 1; return nil }
        if !folderReady && !folderFailed {
            do throws(FileWriteError) {
                try AtomicFile.makeDirectories(options.path)
                folderReady = true
            } catch {
                folderFailed = true; summary.firstError = summary.firstError ?? error.description
            }
        }
        guard folderReady else { summary.failed += 1; return nil }
        serial += 1
        do throws(FileWriteError) {
            let file = try AtomicFileStream(directory: options.path, tag: "body-\(serial)")
            open += 1
            return file
        } catch {
            summary.failed += 1; summary.firstError = summary.firstError ?? error.description
            return nil
        }
    }

    /// Appends to `file`, dropping it once it outgrows `maximumFileBytes`.
    mutating func append(_ file: inout AtomicFileStream?, _ bytes: UnsafeRawBufferPointer) {
        guard let current = file else { return }
        if current.size + bytes.count > Self.maximumFileBytes {
            current.discard(); open -= 1; file = nil
            summary.skippedLarge += 1
            return
        }
        file?.append(bytes)
    }

    /// Publishes `file` as `<frame>-<name>` when `keep`, else removes it.
    /// - Returns: the path relative to DIR (`folder/frame-name`), nil when not written.
    mutating func finish(_ file: AtomicFileStream?, keep: Bool, complete: Bool, frame: Int, name: String) -> String? {
        guard let file else { return nil }
        open -= 1
        guard keep else { file.discard(); return nil }
        guard complete else { file.discard(); summary.skippedIncomplete += 1; return nil }
        let base = "\(frame)-" + Self.safeName(name, fallback: "object")
        let names = [base] + (2 ... 50).map { n in Self.numbered(base, n) }
        do throws(FileWriteError) {
            let written = try file.publish(as: names)
            summary.written += 1
            return summary.folder + "/" + written
        } catch {
            summary.failed += 1; summary.firstError = summary.firstError ?? error.description
            return nil
        }
    }

    /// `name-2.ext` from `name.ext`.
    static func numbered(_ name: String, _ n: Int) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name + "-\(n)" }
        return String(name[..<dot]) + "-\(n)" + String(name[dot...])
    }

    /// `name` with every byte other than ASCII letters, digits, `.`, `_` and `-` replaced by `_`,
    /// leading dots and dashes dropped, at most 120 bytes; `fallback` when nothing is left.
    static func safeName(_ name: String, fallback: String) -> String {
        var out = String(
            name.unicodeScalars.prefix(120).map { c -> Character in
                let ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "_" || c == "-"
                return ok ? Character(c) : "_"
            })
        while let first = out.first, first == "." || first == "-" { out.removeFirst() }
        return out.isEmpty || out.allSatisfy({ $0 == "_" }) ? fallback : out
    }
}
