#if canImport(Glibc)
import Glibc
#endif

/// The Strings of short leaf values met before, by their bytes. A return repeats a few thousand values
/// (codes, dates, booleans) hundreds of thousands of times, and decoding each again into a String
/// (UTF-8 validation and building a small String) was about a tenth of the tokenizer thread's
/// instructions; a lookup is two words compared. About two values in three are found (IDs and UPNs,
/// unique, never are), so it takes about 1% off the XML load's instructions (docs/performance.md).
/// The same bytes always give the same String, cached or not.
///
/// Direct-mapped: a value whose slot holds another is decoded and takes the slot. Only values of at
/// most 15 bytes (what a String holds inline, with no allocation) are cached.
final class LeafTextCache {
    static let slots = 4096
    static let maxBytes = 15

    /// Per slot: the value's bytes as two words (see `key`), its length (0: empty slot) and String.
    private let words: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<UInt8>
    private let values: UnsafeMutablePointer<String>

    init() {
        words = .allocate(capacity: 2 * LeafTextCache.slots)
        words.initialize(repeating: 0, count: 2 * LeafTextCache.slots)
        lengths = .allocate(capacity: LeafTextCache.slots)
        lengths.initialize(repeating: 0, count: LeafTextCache.slots)
        values = .allocate(capacity: LeafTextCache.slots)
        values.initialize(repeating: "", count: LeafTextCache.slots)
    }

    deinit {
        values.deinitialize(count: LeafTextCache.slots)
        values.deallocate()
        lengths.deallocate()
        words.deallocate()
    }

    /// Two words that, with the length, determine bytes of length 1 to 15: the first and last eight
    /// (overlapping) from 8 bytes, the first and last four from 4, else the bytes one by one.
    @inline(__always)
    private static func key(_ base: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(base)
        if n >= 8 {
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
        }
        if n >= 4 {
            return (UInt64(raw.loadUnaligned(as: UInt32.self)), UInt64(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)))
        }
        var w: UInt64 = 0
        for i in 0..<n { w |= UInt64(base[i]) << UInt64(i &* 8) }
        return (w, 0)
    }

    /// `bytes` decoded as UTF-8 (invalid sequences replaced), as `String(decoding:as:)` gives it.
    @inline(__always)
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let n = bytes.count
        guard n > 0, n <= LeafTextCache.maxBytes, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        let (a, b) = LeafTextCache.key(base, n)
        var h = (a ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ b ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: h >> 52)  // 12 bits: 0..<4096
        if lengths[slot] == UInt8(n) && words[2 &* slot] == a && words[2 &* slot &+ 1] == b { return values[slot] }
        let value = String(decoding: bytes, as: UTF8.self)
        lengths[slot] = UInt8(n)
        words[2 &* slot] = a
        words[2 &* slot &+ 1] = b
        values[slot] = value
        return value
    }
}
