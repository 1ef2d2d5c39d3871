/// Locale-independent number text (the report never depends on the machine's locale).
public enum NumberFormat {
    /// `x` with exactly `digits` decimals, rounded half away from zero: `fixed(2.345, 2) == "2.35"`.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0 ..< digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return "\(x)" }
        let n = UInt64(scaled)
        let s = UInt64(scale)
        let sign = x < 0 && n != 0 ? "-" : ""
        if digits == 0 { return sign + "\(n)" }
        var fraction = String(n % s)
        while fraction.count < digits { fraction = "0" + fraction }
        return sign + "\(n / s).\(fraction)"
    }

    /// Integers with thin grouping for prose: `12345` -> `12,345`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
