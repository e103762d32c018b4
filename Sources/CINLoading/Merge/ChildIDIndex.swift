import CINModel
import CinxPrefetch

/// Children by (authority, LAchildID), looked up from a String (the validating path) or straight from a file's
/// bytes (the flat file's clean path, which then makes no String for a child already seen).
///
/// A slot holds the high 32 bits of a 64-bit hash of the ID's bytes (the low bits choose the slot) and
/// the child's index: 8 bytes, so that a national file's 1.8M children cost 32 MB of slots at the peak
/// of the load rather than 64. A tag match is confirmed by comparing with the stored child's ID, so a
/// collision costs a comparison, never a wrong child.
/// Hand-written because `Dictionary<String, Int32>` hashed each new String with SipHash and was the
/// builder's largest single cost on a national flat file (perf: about 9% of its time).
struct ChildIDIndex {
    private struct Slot { var tag: UInt32; var index: Int32 }
    private static let empty = Slot(tag: 0, index: -1)
    private var slots = [Slot](repeating: ChildIDIndex.empty, count: 1024)
    @inline(__always) private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }
    private var count = 0

    /// The hash of an ID's bytes (8 bytes at a time).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return h }
        var i = 0
        while i + 8 <= bytes.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        if i < bytes.count {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count { w |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        return (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
    }

    static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { hash($0) }
    }

    /// The hash of an ID within an authority (IDs are unique only within one).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, authority: UInt16) -> UInt64 {
        authority == 0 ? hash(bytes) : hash(bytes) ^ (UInt64(authority) &* 0x9E37_79B9_7F4A_7C15)
    }

    static func hash(_ id: String, authority: UInt16) -> UInt64 {
        authority == 0 ? hash(id) : hash(id) ^ (UInt64(authority) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Asks the processor to bring in the slot `hash` starts at. The index is tens of megabytes on a
    /// national file, so a lookup's first read misses every cache: the flat loader asks for the next
    /// group's slot while it merges the current group, and the miss is paid in the background (perf: that
    /// one load was 5% of the flat load's time).
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        slots.withUnsafeBufferPointer { s in
            guard let base = s.baseAddress, !s.isEmpty else { return }
            cinx_prefetch(base + (Int(truncatingIfNeeded: hash) & (s.count - 1)))
        }
    }

    /// The first child whose slot's tag matches `hash` (most likely the child sought; a hint only, since
    /// it is not confirmed by ID), or nil.
    func candidate(_ hash: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            let tag = ChildIDIndex.tag(hash)
            while s[i].index >= 0 {
                if s[i].tag == tag { return s[i].index }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// The child whose ID hashes to `hash` and for which `isChild` is true.
    func find(_ hash: UInt64, isChild: (Int32) -> Bool) -> Int32? {
        slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            let tag = ChildIDIndex.tag(hash)
            while s[i].index >= 0 {
                if s[i].tag == tag && isChild(s[i].index) { return s[i].index }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// Adds a child not in the index.
    mutating func insert(_ hash: UInt64, _ index: Int32, hashOf: (Int32) -> UInt64) {
        if (count + 1) * 10 > slots.count * 7 { grow(hashOf) }
        place(hash, index)
        count += 1
    }

    private mutating func place(_ hash: UInt64, _ index: Int32) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].index >= 0 { i = (i + 1) & mask }
        slots[i] = Slot(tag: ChildIDIndex.tag(hash), index: index)
    }

    /// A table of `count` empty slots, on huge pages when it is large (`HugePages`): they are advised
    /// before the slots are first written.
    private static func emptyTable(_ count: Int) -> [Slot] {
        [Slot](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: empty)
            initialized = count
        }
    }

    /// Doubles the table. A slot keeps only its tag, so its hash's low bits (its new slot) come from
    /// hashing the child's ID again (`hashOf`). The children are rehashed in the order of their indexes,
    /// not of the old slots: `hashOf` reads each child's record, and in slot order those reads jumped
    /// about a table of a national file's children, a cache miss each (perf: 7% of the flat load's time).
    /// Where a child lands does not change what a lookup finds (one child per ID and authority).
    private mutating func grow(_ hashOf: (Int32) -> UInt64) {
        let old = slots
        slots = ChildIDIndex.emptyTable(old.count * 2)
        var highest: Int32 = -1
        for s in old where s.index > highest { highest = s.index }
        guard highest >= 0 else { return }
        // One bit per index up to the highest: the indexes present, read back in ascending order.
        var present = [UInt64](repeating: 0, count: Int(highest) / 64 + 1)
        for s in old where s.index >= 0 { present[Int(s.index) >> 6] |= 1 << UInt64(Int(s.index) & 63) }
        // Sixty-four at a time: their new slots are asked for (prefetched) before any is written, so that
        // the writes' cache misses, one each in a table of tens of megabytes, overlap.
        var pending: [(hash: UInt64, index: Int32)] = []
        pending.reserveCapacity(64)
        for (w, word) in present.enumerated() {
            var bits = word
            while bits != 0 {
                let index = Int32(w * 64 + bits.trailingZeroBitCount)
                let hash = hashOf(index)
                prefetch(hash)
                pending.append((hash, index))
                bits &= bits &- 1
            }
            for p in pending { place(p.hash, p.index) }
            pending.removeAll(keepingCapacity: true)
        }
    }
}
