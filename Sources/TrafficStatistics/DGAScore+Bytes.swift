#if canImport(Glibc)
import Glibc
#endif

extension DGAScore {
    /// `score` worked out on the name's bytes when one byte is one Character (ASCII without a
    /// carriage return, as almost every name on the wire is): the same labels, the same arithmetic
    /// in the same order, without splitting the name into substrings or a histogram on the heap.
    /// Nil for other names (the Character path decides).
    static func scoreOfBytes(_ name: String) -> Double? {
        var name = name
        return name.withUTF8 { bytes -> Double? in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            let n = bytes.count
            if n >= 5 && bytes[n - 5] == 0x2E && bytes[n - 4] == 0x61 && bytes[n - 3] == 0x72 && bytes[n - 2] == 0x70
                && bytes[n - 1] == 0x61
            {
                return 0
            }
            // The last three non-empty labels (`split(separator: ".")` drops empty ones).
            var ends = [0, 0, 0], starts = [0, 0, 0]
            var found = 0, end = n, i = n
            while i > 0 && found < 3 {
                i -= 1
                if bytes[i] == 0x2E {
                    if end > i + 1 { starts[found] = i + 1; ends[found] = end; found += 1 }
                    end = i
                }
            }
            if found < 3 && end > 0 && i == 0 { starts[found] = 0; ends[found] = end; found += 1 }
            guard found >= 2 else { return 0 }
            let lastLength = ends[0] - starts[0], secondLength = ends[1] - starts[1]
            let pick = found >= 3 && lastLength == 2 && secondLength <= 3 ? 2 : 1
            let label = UnsafeBufferPointer(rebasing: bytes[starts[pick] ..< ends[pick]])
            guard label.count >= 6 else { return 0 }
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { bins -> Double in
                bins.initialize(repeating: 0)
                var run = 0, longestRun = 0, digits = 0
                for c in label {
                    bins[Int(c)] += 1
                    if c >= 48 && c <= 57 { digits += 1 }
                    let isVowel = c == 97 || c == 101 || c == 105 || c == 111 || c == 117 || c == 121
                    let isConsonant = c >= 97 && c <= 122 && !isVowel
                    run = isConsonant ? run + 1 : 0
                    longestRun = max(longestRun, run)
                }
                let n = Double(label.count)
                var entropy = 0.0
                for b in bins where b > 0 {
                    let q = Double(b) / n
                    entropy -= q * log2(q)
                }
                func clamp(_ x: Double) -> Double { min(1, max(0, x)) }
                return 0.35 * clamp((entropy - 2.5) / 1.5) + 0.25 * clamp((n - 8) / 12) + 0.25 * clamp(Double(longestRun - 3) / 4)
                    + 0.15 * clamp(Double(digits) / n / 0.3)
            }
        }
    }
}
