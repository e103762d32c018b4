extension CohortEngine {
    /// Where one table's counts sit in the flat array `tables` fills: cohort k's row at
    /// `offset + k * width`, its values then Total (single-valued) or All then its values (multi-valued).
    struct TableLayout {
        var d: Dimension
        var values: Int
        var width: Int
        var single: [UInt8]?
        var offset: Int

        /// Counts a child with value `v` of a single-valued dimension in the row of each of its
        /// cohorts (`members`, bit k for cohort k): the value's cell and the row's Total.
        @inline(__always) func addSingle(_ v: Int, members: UInt32, to out: UnsafeMutableBufferPointer<Int>) {
            var m = members
            while m != 0 {
                let row = offset + m.trailingZeroBitCount * width
                m &= m - 1
                out[row + v] += 1
                out[row + values] += 1
            }
        }
    }

    /// Largest cohort list counted by membership pattern (2^n patterns per table).
    static let maxPatternCohorts = 8

    /// Adds the children the filter selects to the tables in `out` and to `sizes`, as `tables` does,
    /// and returns how many were selected. Each child is counted once per table under its pattern of
    /// cohort bits, and each pattern's counts are then added to every cohort in it: the same sums as
    /// adding the child to each of its cohorts, with one addition per child and table instead of one
    /// per cohort (a child is in two or three). For at most `maxPatternCohorts` cohorts.
    func tallyByPattern(_ cf: CompiledFilter, layouts: [TableLayout], out: UnsafeMutableBufferPointer<Int>,
                        sizes: inout [Int]) -> Int {
        let patterns = 1 << cohorts.count
        var patternOffset: [Int] = []
        var histogramSize = 0
        for l in layouts { patternOffset.append(histogramSize); histogramSize += patterns * l.width }
        var histogram = [Int](repeating: 0, count: histogramSize)
        var inPattern = [Int](repeating: 0, count: patterns)
        var population = 0
        histogram.withUnsafeMutableBufferPointer { h in
            for i in 0..<index.count where passes(cf, i) {
                population += 1
                let members = membership[i]
                if members == 0 { continue }
                let p = Int(members)
                inPattern[p] += 1
                for (n, l) in layouts.enumerated() {
                    let base = patternOffset[n] + p * l.width
                    if let col = l.single {
                        let v = Int(col[i])
                        if v < l.values {
                            // The pattern's Total is the sum of its values, made once below (an
                            // addition per child to one cell would make every child wait for the last).
                            h[base + v] += 1
                        } else {
                            // A value past the labels is added where the per-cohort count adds it.
                            l.addSingle(v, members: members, to: out)
                        }
                    } else {
                        h[base] += 1
                        var b = index.valueBits(l.d, i)
                        while b != 0 {
                            let v = b.trailingZeroBitCount
                            b &= b - 1
                            if v < l.values { h[base + 1 + v] += 1 }
                        }
                    }
                }
            }
            for (n, l) in layouts.enumerated() where l.single != nil {
                for p in 1..<patterns {
                    let base = patternOffset[n] + p * l.width
                    h[base + l.values] = (0..<l.values).reduce(0) { $0 + h[base + $1] }
                }
            }
            for p in 1..<patterns where inPattern[p] > 0 {
                var m = UInt32(p)
                while m != 0 {
                    let k = m.trailingZeroBitCount
                    m &= m - 1
                    sizes[k] += inPattern[p]
                    for (n, l) in layouts.enumerated() {
                        let row = l.offset + k * l.width, from = patternOffset[n] + p * l.width
                        for v in 0..<l.width { out[row + v] += h[from + v] }
                    }
                }
            }
        }
        return population
    }
}
