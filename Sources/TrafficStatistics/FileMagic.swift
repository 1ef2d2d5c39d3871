/// What a file's first bytes say it is (magic numbers, as `file(1)` and NetworkMiner sniff them),
/// independent of its name or the Content-Type a server claimed. Open type: unknown kinds stay
/// representable; `name` is the text the report shows.
public struct FileMagic: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Windows executables and DLLs ("MZ").
    public static let pe = FileMagic(rawValue: "pe")
    public static let elf = FileMagic(rawValue: "elf")
    public static let machO = FileMagic(rawValue: "mach-o")
    public static let pdf = FileMagic(rawValue: "pdf")
    /// ZIP archives other than Office Open XML, Java archives and Android packages.
    public static let zip = FileMagic(rawValue: "zip")
    /// Office Open XML (docx, xlsx, pptx): a ZIP whose first entry is `[Content_Types].xml`.
    public static let officeOpenXML = FileMagic(rawValue: "office-openxml")
    /// Legacy Office and MSI (OLE2 compound file, D0 CF 11 E0).
    public static let officeOLE = FileMagic(rawValue: "office-ole")
    public static let gzip = FileMagic(rawValue: "gzip")
    public static let rar = FileMagic(rawValue: "rar")
    public static let sevenZip = FileMagic(rawValue: "7z")
    /// Text starting with `#!` (shell, Python, Perl scripts).
    public static let script = FileMagic(rawValue: "script")
    /// Text that reads as PowerShell (cmdlets such as `Invoke-`, `IEX`, `-EncodedCommand`).
    public static let powershell = FileMagic(rawValue: "powershell")
    public static let html = FileMagic(rawValue: "html")
    public static let xml = FileMagic(rawValue: "xml")
    public static let json = FileMagic(rawValue: "json")
    public static let png = FileMagic(rawValue: "png")
    public static let jpeg = FileMagic(rawValue: "jpeg")
    public static let gif = FileMagic(rawValue: "gif")
    /// Printable text that matches none of the above.
    public static let text = FileMagic(rawValue: "text")
    /// Bytes that match no signature.
    public static let unknown = FileMagic(rawValue: "unknown")

    /// Bytes the sniffer looks at (the start of a body is kept up to this many bytes).
    public static let bytesSniffed = 512

    /// Executable code: what a download detector cares most about.
    public var isExecutable: Bool { self == .pe || self == .elf || self == .machO }

    /// The type of the bytes starting a file (`bytes` is its first up to `bytesSniffed` bytes).
    public static func sniff(_ bytes: [UInt8]) -> FileMagic {
        // Compared in place: a slice copied to an array per test cost more than the rest of the sniff.
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + prefix.count else { return false }
            for (i, byte) in prefix.enumerated() where bytes[offset + i] != byte { return false }
            return true
        }
        if bytes.isEmpty { return .unknown }
        if starts([0x4D, 0x5A]) { return .pe }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return .elf }
        if starts([0xFE, 0xED, 0xFA, 0xCE]) || starts([0xFE, 0xED, 0xFA, 0xCF]) || starts([0xCE, 0xFA, 0xED, 0xFE])
            || starts([0xCF, 0xFA, 0xED, 0xFE]) || (starts([0xCA, 0xFE, 0xBA, 0xBE]) && bytes.count >= 8 && bytes[7] < 0x20)
        {
            return .machO  // thin 32/64-bit either order; fat binaries (CA FE BA BE with a small arch count, not Java)
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            let nameLength = bytes.count >= 28 ? Int(bytes[26]) | Int(bytes[27]) << 8 : 0
            if starts(Array("[Content_Types].xml".utf8), at: 30), nameLength == 19 { return .officeOpenXML }
            return .zip
        }
        if starts([0x50, 0x4B, 0x05, 0x06]) { return .zip }  // empty archive
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .officeOLE }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts(Array("Rar!".utf8)) { return .rar }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .sevenZip }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("#!".utf8)) { return .script }
        // Text: skip a UTF-8 byte order mark and leading white space, compare case-insensitively.
        var start = starts([0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[start]) { start += 1 }
        let lower = bytes[start...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        func text(_ prefix: String) -> Bool { lower.starts(with: prefix.utf8) }
        if text("<!doctype html") || text("<html") || text("<head") || text("<body") || text("<script") { return .html }
        if text("<?xml") { return .xml }
        let printable = lower.allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard printable else { return .unknown }
        let powershellMarks = [
            "invoke-expression", "invoke-webrequest", "iex(", "iex (", "new-object net.webclient",
            "-encodedcommand", "downloadstring(", "set-executionpolicy", "start-process ",
        ]
        // A byte search (the marks are ASCII). Unlike the Character search it replaced, a mark followed
        // by a combining mark counts too, as it does for PowerShell, which reads code points.
        if WebAttackPatterns.contains(lower, powershellMarks) { return .powershell }
        if text("{") || text("[") { return .json }
        return .text
    }

    /// File-name extensions (lower case, no dot) that announce each binary type; a name whose extension
    /// is listed for one type while the bytes are another is a mismatch.
    static let extensions: [FileMagic: Set<String>] = [
        .pe: ["exe", "dll", "sys", "scr", "cpl", "ocx", "com", "efi", "drv", "mui"],
        .elf: ["so", "elf", "bin", "o", "ko"],
        .machO: ["dylib", "bundle", "macho"],
        .pdf: ["pdf"],
        .zip: ["zip", "jar", "apk", "war", "ear", "xpi", "crx", "whl", "nupkg", "epub", "kmz", "odt", "ods", "odp", "ipa", "vsix"],
        .officeOpenXML: ["docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "dotx", "xltx", "potx"],
        .officeOLE: ["doc", "xls", "ppt", "msi", "msg", "dot", "xlt", "pot", "pub", "vsd"],
        .gzip: ["gz", "tgz", "svgz"],
        .rar: ["rar"],
        .sevenZip: ["7z"],
        .png: ["png"],
        .jpeg: ["jpg", "jpeg", "jpe", "jfif"],
        .gif: ["gif"],
        .html: ["html", "htm", "xhtml"],
        .script: ["sh", "py", "pl", "rb", "bash"],
        .powershell: ["ps1", "psm1", "psd1"],
    ]

    /// The extension of a file name, lower case, without the dot; nil without one.
    public static func fileExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.count <= 10 && ext.allSatisfy { $0.isLetter || $0.isNumber } ? ext : nil
    }

    /// True when `name`'s extension announces another type than these bytes are: an executable, an
    /// archive, an Office document or a PDF named as something else, or a name of one of those types
    /// carrying other bytes. Text, markup and unknown bytes under a non-binary name are no mismatch
    /// (servers answer `.php`, `.asp`, `/` with HTML all day).
    public func mismatches(name: String) -> Bool {
        guard let ext = Self.fileExtension(name) else { return isExecutable }  // `/download` carrying a PE
        let announced = Self.extensions.first { $0.value.contains(ext) }?.key
        if let announced, announced == self { return false }
        if self == .zip, let announced, announced == .officeOpenXML { return false }  // some writers put other entries first
        if self == .officeOpenXML, let announced, announced == .zip { return false }
        let binary: Set<FileMagic> = [.pe, .elf, .machO, .pdf, .zip, .officeOpenXML, .officeOLE, .rar, .sevenZip]
        if binary.contains(self) { return true }  // binary content under another (or unknown) extension
        // A binary or image name over other known bytes (an HTML error page as `invoice.pdf` counts too).
        if let announced, binary.contains(announced) || [.png, .jpeg, .gif].contains(announced), self != .unknown { return true }
        return false
    }
}
