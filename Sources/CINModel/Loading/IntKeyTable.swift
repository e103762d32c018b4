/// An open-addressing hash map from UInt64 keys to non-negative Int32 values, for the merge keys the
/// loaders look up once or more per record (child x referral date, episode x start date). Hand-written
/// because `Dictionary` hashes each key with SipHash, which was a tenth of the load time on large
/// files, and takes more memory per entry; here a slot is 12 bytes and the table is at most 70% full.
/// Keys are not attacker-chosen in a way that matters: a collision costs time, never a wrong answer.
struct IntKeyTable {
    private var keys: [UInt64]
    /// -1 marks an empty slot (values are record indices, never negative).
    private var values: [Int32]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        // Fibonacci hashing: multiply, keep the high bits.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: UInt64) -> Int32? {
        var i = slot(key)
        while values[i] >= 0 {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        precondition(value >= 0, "IntKeyTable stores record indices")
        if (count + 1) * 10 > keys.count * 7 { grow() }
        var i = slot(key)
        while values[i] >= 0 {
            if keys[i] == key { values[i] = value; return }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
        count = 0
        for i in oldKeys.indices where oldValues[i] >= 0 { insert(oldKeys[i], oldValues[i]) }
    }

    static func key(_ parent: Int32, _ date: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: parent)) << 32 | UInt64(UInt32(bitPattern: date))
    }
}
