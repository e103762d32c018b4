import CINModel

/// Byte-level readers of the clean forms of a field. Each returns `.bail` for anything that is not
/// plainly valid (blank with spaces, DD/MM/YYYY, a time suffix, out of range): the validating path
/// then reads that record and reports whatever is wrong with it.
enum CleanField {
    enum Date: Equatable { case blank, day(Day), bail }

    /// `YYYY-MM-DD` within the plausible years (`ValueRules.plausibleYears`), or an empty field.
    @inline(__always)
    static func date(_ f: UnsafeBufferPointer<UInt8>) -> Date { date(f, MonthTable.shared) }

    /// The same with the month table given (a caller in a loop holds it, saving the global's check).
    @inline(__always)
    static func date(_ f: UnsafeBufferPointer<UInt8>, _ month: MonthTable) -> Date {
        if f.isEmpty { return .blank }
        guard f.count == 10, let base = f.baseAddress else { return .bail }
        // `YYYY-MM-` checked as one word (a flat file has about ten dates a row): XOR with the
        // pattern leaves each digit's value and zero at each dash; a byte above 9 (above 0 at a dash)
        // sets its high bit when the per-byte limit is added (no carry crosses a byte). Then the two
        // day digits one by one.
        let w = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        let x = w ^ 0x2D30_302D_3030_3030
        let overLimit = (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F76_767F_7676_7676) | x) & 0x8080_8080_8080_8080
        let d8 = Int(base[8]) &- 48, d9 = Int(base[9]) &- 48
        guard overLimit == 0, d8 >= 0 && d8 <= 9, d9 >= 0 && d9 <= 9 else { return .bail }
        @inline(__always) func d(_ i: UInt64) -> Int { Int(truncatingIfNeeded: (x >> (i * 8)) & 0xFF) }
        let y = d(0) &* 1000 &+ d(1) &* 100 &+ d(2) &* 10 &+ d(3)
        let m = d(5) &* 10 &+ d(6), day = d8 &* 10 &+ d9
        // The first of the month from a table (no calendar arithmetic per date), which holds the
        // plausible years only: a year outside it is the validating path's to report.
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
