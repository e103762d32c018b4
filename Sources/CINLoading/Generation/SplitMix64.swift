import CINModel

/// A small deterministic random number generator (SplitMix64): the same seed gives the same
/// extract on every machine, which `SystemRandomNumberGenerator` cannot.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    /// True with probability `permille`/1000.
    mutating func chance(_ permille: Int) -> Bool { below(1000) < permille }
    mutating func between(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }
    /// Picks an index by integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = below(total)
        for (i, w) in weights.enumerated() { if r < w { return i }; r -= w }
        return weights.count - 1
    }
}
