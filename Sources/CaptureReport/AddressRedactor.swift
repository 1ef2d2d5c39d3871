import PacketDecoding
import ReportRendering

/// Masks IP addresses outside the networks a customer chose to keep (`--redact addresses=…`) in
/// finished report text, whatever the format: every dotted-quad IPv4 address and every IPv6
/// address written with `::` or seven colons. Addresses the capture's conversation tables know get
/// stable numbered placeholders (`⟨host-3⟩`), the same in every format; others become `⟨address⟩`.
struct AddressRedactor: Sendable {
    let keep: [IPNetwork]
    let names: [String: String]

    /// - Parameter known: every address of the capture (conversation tables), in a fixed order.
    init(keep: [IPNetwork], known: [String]) {
        self.keep = keep
        var names: [String: String] = [:]
        var n = 0
        for a in Set(known).sorted(by: Self.order) where !Self.kept(a, keep) {
            n += 1
            names[a] = "⟨host-\(n)⟩"
        }
        self.names = names
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
        guard let v4 = IPAddress(address) else { return false }     // IPv6: never in a kept (IPv4) network
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
                if !followedByWord, let colon = token.lastIndex(of: ":"), IPAddress(String(token[..<colon])) != nil,
                   let masked = mask(String(token[..<colon])) {
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
        if IPAddress(token) != nil {
            return Self.kept(token, keep) ? nil : (names[token] ?? "⟨address⟩")
        }
        let colons = token.filter { $0 == ":" }.count
        guard colons >= 2, token.contains("::") || colons == 7, !token.contains("."),
              token.split(separator: ":", omittingEmptySubsequences: true).allSatisfy({ $0.count <= 4 }) else { return nil }
        // MAC addresses (six two-digit groups, five colons) are not IP addresses.
        if colons == 5 && !token.contains("::") { return nil }
        return names[token] ?? "⟨address⟩"
    }
}
