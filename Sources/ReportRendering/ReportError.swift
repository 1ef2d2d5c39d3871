import Support

/// Environment errors of the rendering stage, each with an actionable message.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    case templatesNotFound(searched: [String])
    /// The `--templates DIR` folder itself does not exist or cannot be read.
    case templateFolderNotFound(path: String)
    case templateUnreadable(file: String, reason: String)
    case templateMissing(name: String, directory: String)
    case templateBroken(file: String, line: Int, column: Int, reason: String)
    case cannotWrite(path: String, reason: String)
    case renderFailed(template: String)
    /// `--format pdf` without a browser to print with.
    case pdfEngineMissing
    case pdfFailed(reason: String)

    public var description: String {
        switch self {
        case let .templatesNotFound(searched):
            "built-in templates not found (looked in \(searched.joined(separator: ", "))); pass --templates DIR or set PCAP_REPORT_TEMPLATES"
        case let .templateFolderNotFound(path): "templates folder \(path) does not exist or cannot be read (--templates DIR)"
        case let .templateUnreadable(file, reason): "\(file): cannot read template: \(reason)"
        case let .templateMissing(name, directory): "template \(name).mustache is missing from \(directory)"
        case let .templateBroken(file, line, column, reason): "\(file):\(line):\(column): broken template: \(reason)"
        case let .cannotWrite(path, reason): "\(path): cannot write: \(reason)"
        case let .renderFailed(template): "template \(template) could not be rendered"
        case .pdfEngineMissing: "--format pdf needs headless Chromium: install the package chromium (or set PCAP_REPORT_CHROMIUM)"
        case let .pdfFailed(reason): "PDF not written: \(reason)"
        }
    }
}

extension ReportError {
    /// A failed atomic write as a rendering-stage error.
    public init(_ failure: FileWriteError) { self = .cannotWrite(path: failure.path, reason: failure.reason) }

    /// Runs a file write, turning its failure into `ReportError.cannotWrite`.
    public static func writing<T>(_ body: () throws(FileWriteError) -> T) throws(ReportError) -> T {
        do { return try body() } catch { throw ReportError(error) }
    }
}
