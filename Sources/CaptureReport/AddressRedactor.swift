import PacketDecoding
import ReportRendering

/// Masks IP addresses outside the networks a customer chose to keep (`--redact addresses=…`) in
/// finished report text, whatever the format: every dotted-quad IPv4 address, every IPv6 address
/// written with `::` or seven colons (IPv4-mapped `::ffff:198.51.100.99` and other IPv6 forms with
/// a dotted tail included), and every MAC address (`aa:bb:cc:dd:ee:ff`; a MAC belongs to no kept
/// network, only the broadcast and all-zero MACs, which name no host, stay). Addresses the
/// capture's conversation tables know get stable numbered placeholders (`⟨host-3⟩`, `⟨mac-2⟩`),
/// the same in every format; others become `⟨address⟩` or `⟨mac⟩`.
struct AddressRedactor: Sendable {
    let keep: [IPNetwork]
    let names: [String: String]

    /// - Parameters:
    ///   - known: every IP address of the capture (conversation tables), in a fixed order.
    ///   - knownMACs: every MAC address of the capture (the Ethernet conversation table).
    init(keep: [IPNetwork], known: [String], knownMACs: [String] = []) {
        self.keep = keep
        var names: [String: String] = [:]
        var n = 0
        for a in Set(known).sorted(by: Self.order) where !Self.kept(a, keep) {
            n += 1
            names[a] = "⟨host-\(n)⟩"
        }
        n = 0
        for m in Set(knownMACs.map { $0.lowercased() }).sorted() where Self.isMAC(m) && !Self.anonymousMACs.contains(m) {
            n += 1
            names[m] = "⟨mac-\(n)⟩"
        }
        self.names = names
    }

    /// MACs that name no host: shown as they are.
    static let anonymousMACs: Set<String> = ["ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"]

    /// Six groups of two hex digits separated by colons.
    static func isMAC(_ token: String) -> Bool {
        let groups = token.split(separator: ":", omittingEmptySubsequences: false)
        return groups.count == 6 && groups.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }

    /// The IPv4 address embedded in an IPv6 text form with a dotted tail (`::ffff:198.51.100.99`,
    /// `64:ff9b::192.0.2.1`), and whether it is the IPv4-mapped form; nil for anything else.
    static func embeddedIPv4(_ token: String) -> (v4: String, mapped: Bool)? {
        guard let colon = token.lastIndex(of: ":") else { return nil }
        let head = token[...colon], tail = String(token[token.index(after: colon)...])
        guard IPAddress(tail) != nil, head.contains("::") || head.filter({ $0 == ":" }).count == 6 else { return nil }
        let groups = head.split(separator: ":", omittingEmptySubsequences: true)
        guard groups.count <= 6, groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return (tail, head.lowercased() == "::ffff:")
    }

    static func order(_ l: String, _ r: String) -> Bool {
        switch (IPAddress(l), IPAddress(r)) {
        case let (a?, b?): return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        default: return l < r
        }
    }

    static func kept(_ address: String, _ keep: [IPNetwork]) -> Bool {
        // An IPv4-mapped IPv6 address is its IPv4 address; other IPv6 is never in a kept (IPv4) network.
        let v4text = embeddedIPv4(address).flatMap { $0.mapped ? $0.v4 : nil } ?? address
        guard let v4 = IPAddress(v4text) else { return false }
        return keep.contains { $0.contains(v4.ipv4Value) }
    }

    func apply(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isHex(_ s: Unicode.Scalar) -> Bool { s.properties.isASCIIHexDigit }
        func isWord(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s.properties.isAlphabetic || ("0" ... "9").contains(s)) }
        while i < scalars.count {
            let s = scalars[i]
            let startsToken = i == 0 || !(isWord(scalars[i - 1]) || scalars[i - 1] == "." || scalars[i - 1] == ":")
            if startsToken && (isHex(s) || s == ":") {
                var j = i
                while j < scalars.count && (isHex(scalars[j]) || scalars[j] == "." || scalars[j] == ":") { j += 1 }
                var token = String(String.UnicodeScalarView(scalars[i ..< j]))
                // A trailing `:port` or sentence dot is not part of the address.
                var tail = ""
                while let last = token.last, last == "." || last == ":" { tail = String(last) + tail; token.removeLast() }
                let followedByWord = j < scalars.count && isWord(scalars[j])
                if !followedByWord, let masked = mask(token) {
                    out.append(contentsOf: masked.unicodeScalars)
                    out.append(contentsOf: tail.unicodeScalars)
                    i = j
                    continue
                }
                let beforeColon = token.lastIndex(of: ":").map { String(token[..<$0]) } ?? ""
                let portAfterAddress = IPAddress(beforeColon) != nil || Self.embeddedIPv4(beforeColon) != nil
                if !followedByWord, portAfterAddress, let colon = token.lastIndex(of: ":"), let masked = mask(beforeColon) {
                    out.append(contentsOf: (masked + token[colon...] + tail).unicodeScalars)
                    i = j
                    continue
                }
                out.append(contentsOf: scalars[i ..< j])
                i = j
                continue
            }
            out.append(s)
            i += 1
        }
        return String(out)
    }

    func mask(_ token: String) -> String? {
        if IPAddress(token) != nil || Self.embeddedIPv4(token) != nil {
            return Self.kept(token, keep) ? nil : (names[token.lowercased()] ?? "⟨address⟩")
        }
        if Self.isMAC(token) {
            let mac = token.lowercased()
            return Self.anonymousMACs.contains(mac) ? nil : (names[mac] ?? "⟨mac⟩")
        }
        let colons = token.filter { $0 == ":" }.count
        guard colons >= 2, token.contains("::") || colons == 7, !token.contains("."),
            token.split(separator: ":", omittingEmptySubsequences: true).allSatisfy({ $0.count <= 4 })
        else { return nil }
        return names[token.lowercased()] ?? "⟨address⟩"
    }
}
