import Support

/// Who the report is for and how it states times: the header's metadata and the display zone.
/// None of it changes a number; all of it is printed as given (escaped like capture text).
public struct ReportPresentation: Sendable {
    public var customer: String?
    public var analyst: String?
    public var ticket: String?
    /// A stated generation time (`--generated-at`), printed as given; nil prints none, so the
    /// same capture always gives byte-identical reports.
    public var generatedAt: String?
    /// The zone every timestamp of the Markdown and HTML reports is shown in (JSON stays UTC).
    public var timeZone = ReportTimeZone.utc
    /// The Traffic Light Protocol marking (`--tlp`), nil for none.
    public var tlp: TLPMarking?
    /// Which edition to write (`--edition`): the full walkthrough (default) or the customer's short one.
    public var edition = ReportEdition.full
    /// The report's id and version for the front matter (`--report-id`, `--report-version`).
    public var reportID: String?
    public var reportVersion: String?
    public init() {}
}

/// The two editions made from one model: `full` (front matter, then the walkthrough as the
/// technical appendix) and `customer` (2–4 printed pages in plain words).
public enum ReportEdition: String, Sendable, CaseIterable {
    case full, customer
    /// The template the edition's Markdown (and so its HTML) comes from.
    public var template: String { self == .customer ? "report-customer.md" : "report.md" }
}

/// A Traffic Light Protocol 2.0 marking (FIRST): who may receive the report.
public enum TLPMarking: String, Sendable, CaseIterable {
    case clear, green, amber
    case amberStrict = "amber+strict"
    case red
    /// `TLP:AMBER+STRICT`, as TLP 2.0 writes it.
    public var label: String { "TLP:" + rawValue.uppercased() }
}

/// The zone report timestamps are shown in: UTC, a fixed offset (`+02:00`), or a named zone of the
/// system's time zone database (`Europe/Berlin`, offsets and daylight saving time from its TZif
/// file). Every timestamp states its offset, so a reader never has to guess.
public struct ReportTimeZone: Sendable, Equatable {
    /// The fixed offset (for a named zone: its offset when no transition applies).
    public var offsetMinutes: Int
    /// The database name of a named zone (`Europe/Berlin`), nil for UTC and fixed offsets.
    public var identifier: String?
    /// A named zone's transitions (seconds since the epoch, ascending) and the offset from each on.
    var transitions: [Int64] = []
    var offsets: [Int] = []

    public static let utc = ReportTimeZone(offsetMinutes: 0)
    public init(offsetMinutes: Int) { self.offsetMinutes = offsetMinutes }

    public var isUTC: Bool { identifier == nil && offsetMinutes == 0 }

    /// `UTC`, `UTC+02:00`, `Europe/Berlin`.
    public var name: String {
        if let identifier { return identifier }
        return offsetMinutes == 0 ? "UTC" : "UTC" + Self.offsetText(offsetMinutes)
    }

    static func offsetText(_ minutes: Int) -> String {
        let a = abs(minutes)
        return (minutes < 0 ? "-" : "+") + TimeFormat.pad(a / 60, 2) + ":" + TimeFormat.pad(a % 60, 2)
    }

    /// The offset in minutes at an instant (nanoseconds since the epoch).
    func offset(at nanoseconds: Int64) -> Int {
        guard !transitions.isEmpty else { return offsetMinutes }
        let seconds = nanoseconds / 1_000_000_000
        var lo = 0, hi = transitions.count          // last transition <= seconds
        while lo < hi { let mid = (lo + hi) / 2; if transitions[mid] <= seconds { lo = mid + 1 } else { hi = mid } }
        return lo == 0 ? offsetMinutes : offsets[lo - 1]
    }

    /// Parses `UTC`, `Z`, `+HH:MM`, `-HHMM`, `+H`, `UTC+HH:MM`, `GMT-3` (offsets up to ±18 h), or a
    /// zone name of the time zone database (`Europe/Berlin`), read from `zoneinfo`.
    public static func parse(_ text: String, zoneinfo: String = "/usr/share/zoneinfo") -> ReportTimeZone? {
        if let fixed = parseOffset(text) { return fixed }
        return named(text, zoneinfo: zoneinfo)
    }

    static func parseOffset(_ text: String) -> ReportTimeZone? {
        var s = Substring(text.uppercased())
        for prefix in ["UTC", "GMT"] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        if s.isEmpty || s == "Z" { return .utc }
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        let digits = s.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let hours: Int, minutes: Int
        if digits.count <= 2 { hours = Int(digits) ?? 99; minutes = 0 } else {
            hours = Int(digits.dropLast(2)) ?? 99; minutes = Int(digits.suffix(2)) ?? 99
        }
        guard hours <= 18, minutes < 60, s.dropFirst().contains(":") == false || digits.count == 4 else { return nil }
        let total = hours * 60 + minutes
        return ReportTimeZone(offsetMinutes: sign == "-" ? -total : total)
    }

    /// Reads a TZif file (RFC 8536, version 2 or later: the 64-bit block). Times after the last
    /// transition keep the last offset (the database's files list transitions to 2037).
    static func named(_ name: String, zoneinfo: String) -> ReportTimeZone? {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/_-+".contains($0)) }
        guard allowed, !name.isEmpty, !name.hasPrefix("/"), !name.contains(".."), name.count <= 64,
            let text = FileIO.readFile(zoneinfo + "/" + name)
        else { return nil }
        let b = text
        func be32(_ i: Int) -> Int64 {
            guard i + 4 <= b.count else { return 0 }
            return Int64(Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])))
        }
        func be64(_ i: Int) -> Int64 { be32(i) << 32 | (be32(i + 4) & 0xFFFF_FFFF) }
        func counts(_ at: Int) -> [Int] { (0 ..< 6).map { Int(be32(at + 20 + 4 * $0)) } }
        guard b.count >= 44, b[0] == 0x54, b[1] == 0x5A, b[2] == 0x69, b[3] == 0x66, b[4] >= 0x32 else { return nil }
        let v1 = counts(0)   // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        guard v1.allSatisfy({ $0 >= 0 && $0 < 100_000 }) else { return nil }
        let v1Size = v1[3] * 5 + v1[4] * 6 + v1[5] + v1[2] * 8 + v1[1] + v1[0]
        let h2 = 44 + v1Size
        guard h2 + 44 <= b.count, b[h2] == 0x54, b[h2 + 1] == 0x5A else { return nil }
        let c = counts(h2)
        guard c.allSatisfy({ $0 >= 0 && $0 < 100_000 }), c[4] > 0 else { return nil }
        let timeAt = h2 + 44, indexAt = timeAt + c[3] * 8, typeAt = indexAt + c[3]
        guard typeAt + c[4] * 6 <= b.count else { return nil }
        let typeOffsets = (0 ..< c[4]).map { Int(be32(typeAt + 6 * $0)) / 60 }
        var zone = ReportTimeZone(offsetMinutes: typeOffsets[0])
        zone.identifier = name
        for i in 0 ..< c[3] {
            let type = Int(b[indexAt + i])
            guard type < typeOffsets.count else { return nil }
            zone.transitions.append(be64(timeAt + 8 * i))
            zone.offsets.append(typeOffsets[type])
        }
        return zone
    }

    /// Re-states a UTC timestamp of the model (`2024-03-12T14:03:27.412337Z`) in this zone
    /// (`2024-03-12T16:03:27.412337+02:00`). Text that is not such a timestamp comes back unchanged.
    public func show(_ utc: String) -> String {
        guard !isUTC, let (ns, digits) = TimeFormat.parseUTC(utc) else { return utc }
        let offset = offset(at: ns)
        return offset == 0 ? TimeFormat.iso8601(ns, digits: digits) : TimeFormat.iso8601(ns, digits: digits, offsetMinutes: offset)
    }
}

/// What `--redact` withholds. Credentials are always masked unless explicitly shown.
public struct Redaction: Sendable, Equatable {
    /// Addresses inside these networks stay readable; every other IP address is replaced by a
    /// numbered placeholder. Nil: no address masking.
    public var keepNetworks: [IPNetwork]?
    /// Drops Follow-stream excerpts and every payload byte from hex dumps.
    public var dropPayload = false
    /// Masks passwords, authorisation headers, cookies and tokens in excerpts (on by default).
    public var maskCredentials = true
    public init() {}
}

/// An IPv4 network in CIDR notation (`10.0.0.0/8`); a bare address is a /32.
public struct IPNetwork: Sendable, Equatable {
    public var base: UInt32
    public var prefixLength: Int
    public init(base: UInt32, prefixLength: Int) {
        self.prefixLength = prefixLength
        self.base = base & Self.mask(prefixLength)
    }
    public static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }
    public func contains(_ v: UInt32) -> Bool { v & Self.mask(prefixLength) == base }
    /// `10.0.0.0/8`.
    public var description: String {
        "\(base >> 24).\(base >> 16 & 0xFF).\(base >> 8 & 0xFF).\(base & 0xFF)/\(prefixLength)"
    }
}
