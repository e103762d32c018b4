import CINModel

/// Byte-level readers of the clean forms of a field. Each returns `.bail` for anything that is not
/// plainly valid (blank with spaces, DD/MM/YYYY, a time suffix, out of range): the validating path
/// then reads that record and reports whatever is wrong with it.
enum CleanField {
    enum Date: Equatable { case blank, day(Day), bail }

    /// `YYYY-MM-DD` within the plausible years (`ValueRules.plausibleYears`), or an empty field.
    @inline(__always)
    static func date(_ f: UnsafeBufferPointer<UInt8>) -> Date {
        if f.isEmpty { return .blank }
        guard f.count == 10, f[4] == 45, f[7] == 45 else { return .bail }
        @inline(__always) func d(_ i: Int) -> Int { Int(f[i]) &- 48 }
        @inline(__always) func isDigit(_ i: Int) -> Bool { f[i] >= 48 && f[i] <= 57 }
        guard isDigit(0), isDigit(1), isDigit(2), isDigit(3), isDigit(5), isDigit(6), isDigit(8), isDigit(9) else { return .bail }
        let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
        let m = d(5) * 10 + d(6), day = d(8) * 10 + d(9)
        // The first of the month from a table (no calendar arithmetic per date), which holds the
        // plausible years only: a year outside it is the validating path's to report.
        let month = MonthTable.shared
        guard y >= month.firstYear && y <= month.lastYear, m >= 1 && m <= 12 else { return .bail }
        let i = (y - month.firstYear) * 12 + m - 1
        guard day >= 1 && day <= Int(month.lengths[i]) else { return .bail }
        return .day(Day(number: month.firsts[i] + Int32(day - 1)))
    }

    /// Day numbers of the first of each month of the plausible years, and month lengths.
    final class MonthTable: Sendable {
        static let shared = MonthTable()
        let firstYear = ValueRules.plausibleYears.lowerBound
        let lastYear = ValueRules.plausibleYears.upperBound
        let firsts: [Int32]
        let lengths: [UInt8]
        private init() {
            var f: [Int32] = [], l: [UInt8] = []
            for y in ValueRules.plausibleYears {
                for m in 1...12 {
                    f.append(Day(year: y, month: m, day: 1)?.number ?? 0)
                    l.append(UInt8(Day.daysIn(month: m, year: y)))
                }
            }
            firsts = f; lengths = l
        }
    }

    /// `0`, `1`, `true`, `false` or empty (other spellings go to the validating path).
    @inline(__always)
    static func bool(_ f: UnsafeBufferPointer<UInt8>) -> Bool?? {
        switch f.count {
        case 0: return .some(nil)
        case 1: return f[0] == 49 ? .some(true) : f[0] == 48 ? .some(false) : nil
        case 4: return f.elementsEqual("true".utf8) ? .some(true) : nil
        case 5: return f.elementsEqual("false".utf8) ? .some(false) : nil
        default: return nil
        }
    }

    /// 1 to 4 digits or empty, as `Int16(String)` reads them (signs and padding go to the validating path).
    @inline(__always)
    static func smallInt(_ f: UnsafeBufferPointer<UInt8>) -> Int16?? {
        if f.isEmpty { return .some(nil) }
        guard f.count <= 4 else { return nil }
        var v: Int16 = 0
        for b in f {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int16(b - 48)
        }
        return .some(v)
    }

    /// A code from `table`, or blank; nil means bail.
    @inline(__always)
    static func code(_ f: UnsafeBufferPointer<UInt8>, _ table: ByteCodeTable) -> UInt8?? {
        if f.isEmpty { return .some(nil) }
        guard let v = table.value(f) else { return nil }
        return .some(UInt8(truncatingIfNeeded: v))
    }
}
