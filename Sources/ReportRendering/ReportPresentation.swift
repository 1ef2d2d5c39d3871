import PacketDecoding

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
    public init() {}
}

/// A fixed offset from UTC, named the way it is printed on every timestamp (`Z`, `+02:00`).
public struct ReportTimeZone: Sendable, Equatable {
    public var offsetMinutes: Int
    public static let utc = ReportTimeZone(offsetMinutes: 0)
    public init(offsetMinutes: Int) { self.offsetMinutes = offsetMinutes }

    /// `UTC`, `+02:00`, `UTC-05:30` …
    public var name: String {
        offsetMinutes == 0 ? "UTC" : "UTC" + Self.offsetText(offsetMinutes)
    }

    static func offsetText(_ minutes: Int) -> String {
        let a = abs(minutes)
        return (minutes < 0 ? "-" : "+") + TimeFormat.pad(a / 60, 2) + ":" + TimeFormat.pad(a % 60, 2)
    }

    /// Parses `UTC`, `Z`, `+HH:MM`, `-HHMM`, `+H`, `UTC+HH:MM`, `GMT-3`. Offsets up to ±18 h.
    public static func parse(_ text: String) -> ReportTimeZone? {
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

    /// Re-states a UTC timestamp of the model (`2024-03-12T14:03:27.412337Z`) in this zone
    /// (`2024-03-12T16:03:27.412337+02:00`). Text that is not such a timestamp comes back unchanged.
    public func show(_ utc: String) -> String {
        guard offsetMinutes != 0, let (ns, digits) = TimeFormat.parseUTC(utc) else { return utc }
        return TimeFormat.iso8601(ns, digits: digits, offsetMinutes: offsetMinutes)
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

    /// Parses one `--redact` value: `addresses[=NET,NET…]`, `payload`, `credentials`, `none`.
    /// - Returns: nil with a reason when the value is not understood.
    public mutating func apply(_ profile: String) -> String? {
        let parts = profile.split(separator: "=", maxSplits: 1).map(String.init)
        switch parts.first?.lowercased() ?? "" {
        case "payload": dropPayload = true
        case "credentials": maskCredentials = true
        case "none": self = Redaction(); maskCredentials = true
        case "addresses":
            var nets: [IPNetwork] = []
            for text in (parts.count > 1 ? parts[1] : "").split(separator: ",") {
                guard let n = IPNetwork(String(text)) else { return "'\(text)' is not a network (use e.g. 10.0.0.0/8)" }
                nets.append(n)
            }
            keepNetworks = (keepNetworks ?? []) + nets
        case "all":
            dropPayload = true; keepNetworks = keepNetworks ?? []
        default:
            return "unknown redaction profile '\(profile)': use addresses[=NET,…], payload, credentials or all"
        }
        return nil
    }
}

/// An IPv4 network in CIDR notation (`10.0.0.0/8`); a bare address is a /32.
public struct IPNetwork: Sendable, Equatable {
    public var base: UInt32
    public var prefixLength: Int
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(String(first)) else { return nil }
        let length = parts.count > 1 ? Int(parts[1]) : 32
        guard let length, (0 ... 32).contains(length) else { return nil }
        prefixLength = length
        base = address.ipv4Value & Self.mask(length)
    }
    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << UInt32(32 - length) }
    public func contains(_ v: UInt32) -> Bool { v & Self.mask(prefixLength) == base }
}
