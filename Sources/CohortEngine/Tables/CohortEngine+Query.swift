import CINModel

extension CohortEngine {
    /// The filter compiled to masks, so the per-child test is a few integer operations.
    struct CompiledFilter {
        var required: UInt64
        var excluded: UInt64
        var cohortMask: UInt32
        var singles: [(column: [UInt8], allowed: UInt64)]
        var multis: [(dimension: Dimension, allowed: UInt64)]
        var impossible: Bool
    }

    func compile(_ f: Filter) -> CompiledFilter {
        var cohortMask: UInt32 = 0
        var impossible = false
        for id in f.cohorts {
            if let k = cohortPosition(id: id) { cohortMask |= 1 << UInt32(k) } else { impossible = true }
        }
        var singles: [([UInt8], UInt64)] = []
        var multis: [(Dimension, UInt64)] = []
        for d in f.dimensions {
            var allowed: UInt64 = 0
            for v in d.values where v >= 0 && v < 64 { allowed |= 1 << UInt64(v) }
            if let col = index.column(d.dimension) { singles.append((col, allowed)) } else { multis.append((d.dimension, allowed)) }
        }
        return CompiledFilter(required: f.requiredFactors.rawValue, excluded: f.excludedFactors.rawValue,
                              cohortMask: cohortMask, singles: singles, multis: multis, impossible: impossible)
    }

    @inline(__always)
    func passes(_ cf: CompiledFilter, _ i: Int) -> Bool {
        let f = index.factors[i]
        if f & cf.required != cf.required || f & cf.excluded != 0 { return false }
        if membership[i] & cf.cohortMask != cf.cohortMask { return false }
        for s in cf.singles where (1 << UInt64(s.column[i])) & s.allowed == 0 { return false }
        for m in cf.multis where index.valueBits(m.dimension, i) & m.allowed == 0 { return false }
        return true
    }

    /// Number of children the filter selects.
    public func selectedCount(_ filter: Filter) -> Int {
        let cf = compile(filter)
        if cf.impossible { return 0 }
        var n = 0
        for i in 0..<index.count where passes(cf, i) { n += 1 }
        return n
    }

    /// Cohorts x dimension values for the children the filter selects.
    /// - Complexity: one pass over the population.
    public func table(_ dimension: Dimension, filter: Filter = .none) -> CohortTable {
        let values = dimension.values.count
        let multi = dimension.isMultiValued
        let width = values + 1
        let valueOffset = multi ? 1 : 0
        var flat = [Int](repeating: 0, count: cohorts.count * width)
        var population = 0
        let cf = compile(filter)
        if !cf.impossible {
            let single = index.column(dimension)
            for i in 0..<index.count where passes(cf, i) {
                population += 1
                var m = membership[i]
                if m == 0 { continue }
                if let col = single {
                    let v = Int(col[i])
                    while m != 0 {
                        let k = m.trailingZeroBitCount
                        m &= m - 1
                        flat[k * width + v] += 1
                        flat[k * width + values] += 1
                    }
                } else {
                    let bits = index.valueBits(dimension, i)
                    while m != 0 {
                        let k = m.trailingZeroBitCount
                        m &= m - 1
                        flat[k * width] += 1
                        var b = bits
                        while b != 0 {
                            let v = b.trailingZeroBitCount
                            b &= b - 1
                            if v < values { flat[k * width + valueOffset + v] += 1 }
                        }
                    }
                }
            }
        }
        let counts = (0..<cohorts.count).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
        return CohortTable(name: dimension.rawValue, dimension: dimension,
                           rows: cohorts.map { .init(id: $0.id, label: $0.label) }, columns: dimension.columns,
                           counts: counts, population: population,
                           totalColumn: multi ? nil : values, allColumn: multi ? 0 : nil)
    }

    /// Children per cohort (one column), with the selected population for percentages.
    public func summary(filter: Filter = .none) -> CohortTable {
        var counts = [Int](repeating: 0, count: cohorts.count)
        var population = 0
        let cf = compile(filter)
        if !cf.impossible {
            for i in 0..<index.count where passes(cf, i) {
                population += 1
                var m = membership[i]
                while m != 0 { counts[m.trailingZeroBitCount] += 1; m &= m - 1 }
            }
        }
        return CohortTable(name: "summary", dimension: nil, rows: cohorts.map { .init(id: $0.id, label: $0.label) },
                           columns: ["children"], counts: counts.map { [$0] }, population: population,
                           totalColumn: nil, allColumn: nil)
    }

    /// How many selected first assessments carry each factor code (the explorer's factor panel).
    public func factorCounts(filter: Filter = .none) -> [Int] {
        var counts = [Int](repeating: 0, count: AssessmentFactor.list.count)
        let cf = compile(filter)
        if cf.impossible { return counts }
        for i in 0..<index.count where passes(cf, i) {
            var b = index.factors[i]
            while b != 0 { let v = b.trailingZeroBitCount; b &= b - 1; if v < counts.count { counts[v] += 1 } }
        }
        return counts
    }
}
