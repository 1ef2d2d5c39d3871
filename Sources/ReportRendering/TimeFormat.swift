
/// Dates as ISO 8601 text in UTC (or a fixed offset), computed without the machine's locale or zone.
public enum TimeFormat {
    /// `2026-11-29T05:53:17.901421Z`, with `digits` fraction digits (6 for µs files, 9 for ns files).
    /// - Parameter offsetMinutes: a fixed offset from UTC; 0 writes `Z`.
    public static func iso8601(_ nanoseconds: Int64, digits: Int, offsetMinutes: Int = 0) -> String {
        // The offset is added to whole seconds, not nanoseconds: a time clamped to Int64.max
        // (2262-04-11) shifted to +14:00 must not wrap around to 1677.
        var seconds = nanoseconds / 1_000_000_000
        var fraction = nanoseconds % 1_000_000_000
        if fraction < 0 { fraction += 1_000_000_000; seconds -= 1 }
        seconds += Int64(offsetMinutes) * 60
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

extension TimeFormat {
    /// Reads back `iso8601(_:digits:)` output in UTC (`…Z`): nanoseconds and fraction digits.
    static func parseUTC(_ text: String) -> (Int64, Int)? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A
        else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (0x30 ... 0x39).contains(b[i]) else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let y = num(0 ..< 4), let mo = num(5 ..< 7), let d = num(8 ..< 10), let h = num(11 ..< 13),
              let mi = num(14 ..< 16), let s = num(17 ..< 19), (1 ... 12).contains(mo), (1 ... 31).contains(d) else { return nil }
        var fraction = 0, digits = 0
        if b.count > 20 {
            guard b[19] == 0x2E, b.count - 21 <= 9, let f = num(20 ..< b.count - 1) else { return nil }
            digits = b.count - 21
            fraction = f
            for _ in digits ..< 9 { fraction *= 10 }
        }
        let days = daysFromCivil(Int64(y), mo, d)
        let seconds = days * 86_400 + Int64(h * 3600 + mi * 60 + s)
        return (seconds * 1_000_000_000 + Int64(fraction), digits)
    }

    /// Howard Hinnant's days-from-civil (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int64, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(m > 2 ? m - 3 : m + 9)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension TimeFormat {
    /// True for `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM` (a stated time with its zone)
    /// that names a real time: a day of its month (29 February in leap years only), hours 00-23,
    /// minutes 00-59, seconds 00-60 (60 for a leap second), an offset of at most 23:59 (RFC 3339).
    public static func isISO8601(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Bool { i < b.count && (0x30 ... 0x39).contains(b[i]) }
        func number(_ i: Int, _ count: Int) -> Int { (i ..< i + count).reduce(0) { $0 * 10 + Int(b[$1] - 0x30) } }
        guard b.count >= 17, (0 ..< 4).allSatisfy(digit), b[4] == 0x2D, digit(5), digit(6), b[7] == 0x2D, digit(8), digit(9),
              b[10] == 0x54 || b[10] == 0x20, digit(11), digit(12), b[13] == 0x3A, digit(14), digit(15) else { return false }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        guard (1 ... 12).contains(month), day >= 1, day <= daysIn(month: month, year: year), number(11, 2) < 24, number(14, 2) < 60
        else { return false }
        var i = 16
        if i < b.count && b[i] == 0x3A { guard digit(i + 1), digit(i + 2), number(i + 1, 2) <= 60 else { return false }; i += 3 }
        if i < b.count && b[i] == 0x2E { i += 1; guard digit(i) else { return false }; while digit(i) { i += 1 } }
        if i == b.count - 1 && b[i] == 0x5A { return true }
        guard b.count - i == 6, b[i] == 0x2B || b[i] == 0x2D, digit(i + 1), digit(i + 2), b[i + 3] == 0x3A, digit(i + 4), digit(i + 5)
        else { return false }
        return number(i + 1, 2) < 24 && number(i + 4, 2) < 60
    }

    /// Days of a month of the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
