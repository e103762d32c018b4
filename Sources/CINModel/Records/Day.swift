/// A calendar date as a day number (days since 1970-01-01), so that date comparisons in the
/// engine are integer comparisons. Civil-from-days arithmetic after Howard Hinnant's algorithms.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let number: Int32
    public init(number: Int32) { self.number = number }

    /// nil when the date does not exist (31 April, 29 February in a common year, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = Int32(era * 146097 + doe - 719468)
    }

    public var components: (year: Int, month: Int, day: Int) {
        // The engine asks for components of tens of millions of dates (ages, follow-up windows):
        // Neri and Schneider's 32-bit form ("Euclidean affine functions and their application to
        // calendar algorithms", Software: Practice and Experience 53(4), 2023, `to_date`) has no
        // signed division and no branch; it was a sixth of the all-years index build, the form below
        // three times as long. It holds for day numbers from -12,699,422 (about 32,800 BC) to
        // 1,060,000,000; outside, the civil algorithm answers. A test checks both agree on every
        // day from year -2000 to 12000.
        guard number >= Day.fastLowest && number <= Day.fastHighest else { return civilComponents }
        let n = UInt32(bitPattern: number &+ Day.fastShift)
        let n1 = 4 &* n &+ 3
        let century = n1 / 146_097
        let nc = n1 % 146_097 / 4
        let n2 = 4 &* nc &+ 3
        let p2 = UInt64(2_939_745) &* UInt64(n2)
        let z = UInt32(truncatingIfNeeded: p2 >> 32)
        let ny = UInt32(truncatingIfNeeded: p2) / 2_939_745 / 4
        let y = 100 &* century &+ z
        let n3 = 2_141 &* ny &+ 197_913
        let m = n3 / 65_536
        let d = n3 % 65_536 / 2_141
        let january = ny >= 306
        return (Int(y) - Day.fastYears + (january ? 1 : 0), Int(january ? m &- 12 : m), Int(d &+ 1))
    }

    /// Neri and Schneider's shift: 82 cycles of 400 years, so every day number from `fastLowest` on
    /// is non-negative after it.
    private static let fastShift: Int32 = 719_468 + 146_097 * 82
    private static let fastYears = 400 * 82
    static let fastLowest: Int32 = -(719_468 + 146_097 * 82)
    static let fastHighest: Int32 = 1_060_000_000

    /// Howard Hinnant's civil-from-days, for every day number.
    var civilComponents: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same calendar day `years` later; 29 February becomes 28 February in a common year.
    public func addingYears(_ years: Int) -> Day {
        let c = components
        let y = c.year + years
        let d = min(c.day, Day.daysIn(month: c.month, year: y))
        return Day(year: y, month: c.month, day: d) ?? self
    }

    public func adding(days: Int) -> Day { Day(number: number + Int32(days)) }

    /// ISO 8601 `YYYY-MM-DD` (written byte by byte: the generator formats tens of millions of dates).
    public var description: String {
        let c = components
        guard (0...9999).contains(c.year) else { return "\(c.year)-\(c.month)-\(c.day)" }
        let bytes: [UInt8] = [
            UInt8(48 + c.year / 1000), UInt8(48 + c.year / 100 % 10), UInt8(48 + c.year / 10 % 10), UInt8(48 + c.year % 10), 45,
            UInt8(48 + c.month / 10), UInt8(48 + c.month % 10), 45, UInt8(48 + c.day / 10), UInt8(48 + c.day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
}

/// How a date string was written; the report notes the non-ISO form.
public enum DateForm: Sendable { case iso, dayMonthYear }

public enum DateParser {
    /// Parses `YYYY-MM-DD` (optionally followed by a time, as some systems write) or `DD/MM/YYYY`.
    /// Returns nil for anything else or for a date that does not exist.
    public static func parse<S: Collection>(_ bytes: S) -> (Day, DateForm)? where S.Element == UInt8 {
        var b = [UInt8](repeating: 0, count: 10)
        var n = 0
        for c in bytes {
            if n == 10 {
                // A time part after a date ("2017-03-31T00:00:00", "2017-03-31 00:00:00", or a spreadsheet's
                // "31/03/2017 00:00") is accepted and ignored.
                guard c == UInt8(ascii: "T") && b[4] == UInt8(ascii: "-") || c == UInt8(ascii: " ") && (b[4] == UInt8(ascii: "-") || b[2] == UInt8(ascii: "/")) else { return nil }
                break
            }
            b[n] = c; n += 1
        }
        guard n == 10 else { return nil }
        func digit(_ i: Int) -> Int? { b[i] >= 48 && b[i] <= 57 ? Int(b[i] - 48) : nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard let d = digit(i) else { return nil }; v = v * 10 + d }
            return v
        }
        if b[4] == UInt8(ascii: "-") && b[7] == UInt8(ascii: "-") {
            guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10),
                  let day = Day(year: y, month: m, day: d) else { return nil }
            return (day, .iso)
        }
        if b[2] == UInt8(ascii: "/") && b[5] == UInt8(ascii: "/") {
            guard let d = num(0..<2), let m = num(3..<5), let y = num(6..<10),
                  let day = Day(year: y, month: m, day: d) else { return nil }
            return (day, .dayMonthYear)
        }
        return nil
    }

    public static func parse(_ s: String) -> Day? { parse(Array(s.utf8))?.0 }
}
