import CINModel

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
