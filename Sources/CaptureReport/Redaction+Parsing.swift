import PacketDecoding
import ReportRendering

extension Redaction {
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

extension IPNetwork {
    /// Parses CIDR notation (`10.0.0.0/8`; a bare address is a /32). - Returns: nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(String(first)) else { return nil }
        let length = parts.count > 1 ? Int(parts[1]) : 32
        guard let length, (0 ... 32).contains(length) else { return nil }
        self.init(base: address.ipv4Value, prefixLength: length)
    }
}
