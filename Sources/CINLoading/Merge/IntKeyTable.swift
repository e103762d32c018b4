import CINModel

/// An open-addressing hash map from UInt64 keys to non-negative Int32 values: the merge keys (child x
/// referral date, episode x start date) of parents whose `ChainIndex` chain grew long. Hand-written
/// because `Dictionary` hashes each key with SipHash, which was a tenth of the load time on large
/// files. A key and its value share one 16-byte slot, so a lookup in a table far larger than the
/// cache costs one miss, not two (perf on the 1.8M-child file: 12% of the builder's time in lookups
/// with separate key and value arrays). The table is at most 70% full.
/// Keys are not attacker-chosen in a way that matters: a collision costs time, never a wrong answer.
struct IntKeyTable {
    private struct Slot {
        var key: UInt64
        /// -1 marks an empty slot (values are record indices, never negative).
        var value: Int32
    }
    private var slots: [Slot]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, value: -1), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        // Fibonacci hashing: multiply, keep the high bits.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { s in
            var i = slot(key)
            while s[i].value >= 0 {
                if s[i].key == key { return s[i].value }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        precondition(value >= 0, "IntKeyTable stores record indices")
        if (count + 1) * 10 > slots.count * 7 { grow() }
        var i = slot(key)
        while slots[i].value >= 0 {
            if slots[i].key == key { slots[i].value = value; return }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: value)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, value: -1), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for s in old where s.value >= 0 { insert(s.key, s.value) }
    }

    static func key(_ parent: Int32, _ date: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: parent)) << 32 | UInt64(UInt32(bitPattern: date))
    }
}
