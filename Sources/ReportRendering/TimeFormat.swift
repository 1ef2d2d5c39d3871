import TrafficStatistics

/// Dates as ISO 8601 text in UTC (or a fixed offset), computed without the machine's locale or zone.
public enum TimeFormat {
    /// `2026-11-29T05:53:17.901421Z`, with `digits` fraction digits (6 for µs files, 9 for ns files).
    /// - Parameter offsetMinutes: a fixed offset from UTC; 0 writes `Z`.
    public static func iso8601(_ nanoseconds: Int64, digits: Int, offsetMinutes: Int = 0) -> String {
        let shifted = nanoseconds &+ Int64(offsetMinutes) * 60_000_000_000
        var seconds = shifted / 1_000_000_000
        var fraction = shifted % 1_000_000_000
        if fraction < 0 { fraction += 1_000_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        var text = "\(pad(Int(y), 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(Int(secondOfDay / 3600), 2)):\(pad(Int(secondOfDay / 60 % 60), 2)):\(pad(Int(secondOfDay % 60), 2))"
        if digits > 0 {
            let nine = pad(Int(fraction), 9)
            text += "." + nine.prefix(min(digits, 9))
        }
        if offsetMinutes == 0 { return text + "Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let a = abs(offsetMinutes)
        return text + "\(sign)\(pad(a / 60, 2)):\(pad(a % 60, 2))"
    }

    /// Howard Hinnant's days-from-civil inverse (proleptic Gregorian).
    static func civil(fromDays z0: Int64) -> (Int64, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
