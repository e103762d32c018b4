/// A code list looked up by a field's bytes, with no String: the flat file's clean-row path reads
/// millions of codes, and a Swift Dictionary keyed by String cost a hash of a new String each time.
///
/// Built by asking the list's own lookup about each of its codes (and any aliases given), so it can
/// only ever agree with it; a code it does not hold (unknown, padded, too long) is `nil`, and the
/// caller then takes the validating path, which reports it.
struct ByteCodeTable: Sendable {
    /// Open addressing over 256 slots; a key packs up to 7 bytes and the length.
    private var keys = [UInt64](repeating: 0, count: 256)
    private var values = [UInt16](repeating: 0, count: 256)
    /// The code as written in the list, indexed by value (for the schema-year check on factors).
    private(set) var codeOfValue: [String] = []

    init(candidates: [String], lookup: (String) -> UInt16?) {
        for code in candidates where !code.isEmpty {
            guard let value = lookup(code), let key = ByteCodeTable.key(Array(code.utf8)[...]) else { continue }
            var slot = ByteCodeTable.slot(key)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & 255 }
            keys[slot] = key
            values[slot] = value
            while codeOfValue.count <= Int(value) { codeOfValue.append("") }
            codeOfValue[Int(value)] = code
        }
    }

    @inline(__always)
    static func key<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
        let n = bytes.count
        guard n >= 1 && n <= 7 else { return nil }
        var k = UInt64(n) << 56
        var shift: UInt64 = 0
        for b in bytes { k |= UInt64(b) << shift; shift += 8 }
        return k
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    /// The value of the code spelled by `bytes`, or nil (not a code, or not in this table).
    @inline(__always)
    func value(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16? {
        guard let key = ByteCodeTable.key(bytes) else { return nil }
        var slot = ByteCodeTable.slot(key)
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == 0 { return nil }
            slot = (slot + 1) & 255
        }
    }
}

extension ByteCodeTable {
    static func of(_ list: CodeList) -> ByteCodeTable {
        ByteCodeTable(candidates: list.codes) { list.index(of: $0).map(UInt16.init) }
    }

    static let gender = ByteCodeTable(candidates: Gender.list.codes + ["M", "m", "F", "f", "U", "u"]) { Gender.index(of: $0).map(UInt16.init) }
    static let ethnicity = ByteCodeTable.of(Ethnicity.list)
    static let disability = ByteCodeTable.of(Disability.list)
    static let referralSource = ByteCodeTable.of(ReferralSource.list)
    static let primaryNeed = ByteCodeTable.of(PrimaryNeed.list)
    static let reasonForClosure = ByteCodeTable.of(ReasonForClosure.list)
    static let categoryOfAbuse = ByteCodeTable.of(CategoryOfAbuse.list)
    /// Factor codes to their bit number in `FactorSet`.
    static let factor = ByteCodeTable(candidates: AssessmentFactor.list.codes) { code in
        guard let bit = AssessmentFactor.bit(code) else { return nil }
        return UInt16(bit.rawValue.trailingZeroBitCount)
    }
}

/// Byte-level readers of the clean forms of a field. Each returns `.bail` for anything that is not
/// plainly valid (blank with spaces, DD/MM/YYYY, a time suffix, out of range): the validating path
/// then reads that record and reports whatever is wrong with it.
enum CleanField {
    enum Date: Equatable { case blank, day(Day), bail }

    /// `YYYY-MM-DD` within 1900-2040, or an empty field.
    @inline(__always)
    static func date(_ f: UnsafeBufferPointer<UInt8>) -> Date {
        if f.isEmpty { return .blank }
        guard f.count == 10, f[4] == 45, f[7] == 45 else { return .bail }
        @inline(__always) func d(_ i: Int) -> Int { Int(f[i]) &- 48 }
        @inline(__always) func isDigit(_ i: Int) -> Bool { f[i] >= 48 && f[i] <= 57 }
        guard isDigit(0), isDigit(1), isDigit(2), isDigit(3), isDigit(5), isDigit(6), isDigit(8), isDigit(9) else { return .bail }
        let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
        let m = d(5) * 10 + d(6), day = d(8) * 10 + d(9)
        guard y >= 1900 && y <= 2040, m >= 1 && m <= 12 else { return .bail }
        // The first of the month from a table (the calendar arithmetic per date was 2% of a load).
        let month = MonthTable.shared
        let i = (y - 1900) * 12 + m - 1
        guard day >= 1 && day <= Int(month.lengths[i]) else { return .bail }
        return .day(Day(number: month.firsts[i] + Int32(day - 1)))
    }

    /// Day numbers of the first of each month from January 1900 to December 2040, and month lengths.
    final class MonthTable: Sendable {
        static let shared = MonthTable()
        let firsts: [Int32]
        let lengths: [UInt8]
        private init() {
            var f: [Int32] = [], l: [UInt8] = []
            for y in 1900...2040 {
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
