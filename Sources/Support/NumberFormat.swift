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

    /// `fixed` with the integer part grouped: `groupedFixed(216305.034, 2) == "216,305.03"`.
    public static func groupedFixed(_ x: Double, _ digits: Int) -> String {
        let text = fixed(x, digits)
        guard x.isFinite, abs(x) < 9.0e15 else { return text }
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let whole = Int(parts[0]) else { return text }
        let sign = text.hasPrefix("-") && whole == 0 ? "-" : ""
        return sign + grouped(whole) + (parts.count > 1 ? "." + parts[1] : "")
    }
}
