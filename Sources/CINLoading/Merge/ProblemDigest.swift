/// What makes two problems the same report (file, authority, child, rule, detail), kept as a 128-bit
/// digest rather than the strings: a file whose every record breaks a rule reports millions of
/// problems, and the strings of each (kept only to see a repeated row again) cost ~170 bytes a problem
/// (1.5M findings: ~300 MB), the digest 16. Two different problems share a digest with a chance of
/// about n²/2¹²⁹ (1.5M problems: 1 in 10²⁶); the data are not chosen to collide a non-cryptographic
/// hash, and a collision would merge two reports, not lose data.
struct ProblemDigest: Hashable {
    private var high: UInt64
    private var low: UInt64

    init(file: String, authority: UInt16, child: String, rule: LoadRule, detail: String) {
        // Two lanes with different seeds and multipliers; each string ends with a separator so that
        // ("ab", "c") and ("a", "bc") differ.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x9e37_79b9_7f4a_7c15
        @inline(__always) func mix(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
            b ^= b >> 29
        }
        for part in [file, child, rule.rawValue, detail] {
            for byte in part.utf8 { mix(byte) }
            mix(0xff)  // never in UTF-8
        }
        mix(UInt8(truncatingIfNeeded: authority)); mix(UInt8(truncatingIfNeeded: authority >> 8))
        high = ProblemDigest.finalise(a)
        low = ProblemDigest.finalise(b ^ a.rotated(by: 31))
    }

    /// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
    private static func finalise(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33; k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33; k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}

private extension UInt64 {
    func rotated(by n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
