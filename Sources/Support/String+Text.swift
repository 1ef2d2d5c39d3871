extension String {
    /// Every occurrence of `target` replaced, found by comparing UTF-8 bytes (reports are hundreds of
    /// kilobytes; a search by Characters is ten times slower).
    public func replacingOccurrences(of target: String, with replacement: String) -> String {
        let needle = Array(target.utf8), bytes = Array(utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return self }
        var out: [UInt8] = []
        var i = 0, copied = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first && bytes[i ..< i + needle.count].elementsEqual(needle) {
                if out.isEmpty { out.reserveCapacity(bytes.count) }
                out.append(contentsOf: bytes[copied ..< i])
                out.append(contentsOf: replacement.utf8)
                i += needle.count; copied = i
            } else {
                i += 1
            }
        }
        if copied == 0 { return self }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The text without trailing spaces.
    public func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
