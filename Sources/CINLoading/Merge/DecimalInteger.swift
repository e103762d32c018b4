import CINModel

/// Integers written with a decimal point: pandas writes a column of integers with any blank in it as
/// floats (`1.0`, `0.0`, `2021.0`), which is how liiatools' `la-agg` output comes. Such a value is
/// read as its integer, and noted once per file (`decimal-integers`), not per row.
enum DecimalInteger {
    /// The digits of `1.0`, `2021.00` (digits, a point, zeros only); nil for anything else.
    static func strip(_ s: String) -> String? {
        let u = s.utf8
        // Nearly every value has no point: looked for in the String's bytes first (the generic
        // `firstIndex(of:)` on the UTF-8 view cost a hundred instructions a value).
        guard u.withContiguousStorageIfAvailable({ $0.contains(46) }) ?? true else { return nil }
        guard let dot = u.firstIndex(of: 46), dot != u.startIndex else { return nil }
        let whole = u[u.startIndex..<dot], fraction = u[u.index(after: dot)...]
        guard !fraction.isEmpty, whole.allSatisfy({ $0 >= 48 && $0 <= 57 }), fraction.allSatisfy({ $0 == 48 }) else { return nil }
        return String(decoding: whole, as: UTF8.self)
    }

    /// A flat file's YEAR: `2021` or `2021.0`; 0 when it is neither.
    static func year(_ s: String) -> Int {
        let t = s.trimmingSpaces
        return Int(strip(t) ?? t) ?? 0
    }

    /// The same from a field's bytes: plain digits (nearly every group's YEAR) are read in place, anything
    /// else through the String form above, so both always agree.
    static func year(_ f: UnsafeBufferPointer<UInt8>) -> Int {
        guard !f.isEmpty, f.count <= 9 else { return year(String(decoding: f, as: UTF8.self)) }
        var v = 0
        for b in f {
            guard b >= 48 && b <= 57 else { return year(String(decoding: f, as: UTF8.self)) }
            v = v &* 10 &+ Int(b &- 48)
        }
        return v
    }
}
