import CINModel

extension CohortEngine {
    /// The filter compiled to masks, so the per-child test is a few integer operations.
    struct CompiledFilter {
        var required: UInt64
        var excluded: UInt64
        var cohortMask: UInt32
        /// Allowed values of a single-valued column as a 256-bit set (authority has up to 255 values).
        var singles: [(column: [UInt8], allowed: SIMD4<UInt64>)]
        var multis: [(dimension: Dimension, allowed: UInt64)]
        var impossible: Bool

        /// True when every child passes (no condition at all).
        var selectsEveryone: Bool {
            !impossible && required == 0 && excluded == 0 && cohortMask == 0 && singles.isEmpty && multis.isEmpty
        }
    }

    func compile(_ f: Filter) -> CompiledFilter {
        var cohortMask: UInt32 = 0
        var impossible = false
        for id in f.cohorts {
            if let k = cohortPosition(id: id) { cohortMask |= 1 << UInt32(k) } else { impossible = true }
        }
        var singles: [([UInt8], SIMD4<UInt64>)] = []
        var multis: [(Dimension, UInt64)] = []
        for d in f.dimensions {
            if let col = index.column(d.dimension) {
                var allowed = SIMD4<UInt64>(repeating: 0)
                for v in d.values where v >= 0 && v < 256 { allowed[v >> 6] |= 1 << UInt64(v & 63) }
                singles.append((col, allowed))
            } else {
                var allowed: UInt64 = 0
                for v in d.values where v >= 0 && v < 64 { allowed |= 1 << UInt64(v) }
                multis.append((d.dimension, allowed))
            }
        }
        return CompiledFilter(required: f.requiredFactors.rawValue, excluded: f.excludedFactors.rawValue,
                              cohortMask: cohortMask, singles: singles, multis: multis, impossible: impossible)
    }

    @inline(__always)
    func passes(_ cf: CompiledFilter, _ i: Int) -> Bool {
        let f = index.factors[i]
        if f & cf.required != cf.required || f & cf.excluded != 0 { return false }
        if membership[i] & cf.cohortMask != cf.cohortMask { return false }
        for s in cf.singles {
            let v = Int(s.column[i])
            if (1 << UInt64(v & 63)) & s.allowed[v >> 6] == 0 { return false }
        }
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

    /// Where each table of `dimensions` sits in the flat array `tables` fills, one after another.
    func layouts(_ dimensions: [Dimension]) -> [TableLayout] {
        var layouts: [TableLayout] = []
        var total = 0
        for d in dimensions {
            let values = labels(of: d).count
            layouts.append(TableLayout(d: d, values: values, width: values + 1, single: index.column(d), offset: total))
            total += cohorts.count * (values + 1)
        }
        return layouts
    }

    /// Cohorts x dimension values for the children the filter selects.
    /// - Complexity: one pass over the population.
    public func table(_ dimension: Dimension, filter: Filter = .none) -> CohortTable {
        let values = labels(of: dimension).count
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
                           rows: cohorts.map { .init(id: $0.id, label: $0.label) }, columns: columns(of: dimension),
                           counts: counts, population: population,
                           totalColumn: multi ? nil : values, allColumn: multi ? 0 : nil)
    }

    /// The summary and a table per dimension for the children the filter selects, in one pass over
    /// the population (what a release needs at once; the same counts as `summary` and `table`).
    public func tables(_ dimensions: [Dimension], filter: Filter = .none) -> (summary: CohortTable, tables: [CohortTable]) {
        let layouts = layouts(dimensions)
        let total = layouts.last.map { $0.offset + cohorts.count * $0.width } ?? 0
        var flat = [Int](repeating: 0, count: total)
        var sizes = [Int](repeating: 0, count: cohorts.count)
        var population = 0
        let cf = compile(filter)
        if !cf.impossible && cohorts.count <= CohortEngine.maxPatternCohorts {
            population = flat.withUnsafeMutableBufferPointer { out in tallyByPattern(cf, layouts: layouts, out: out, sizes: &sizes) }
        } else if !cf.impossible {
            flat.withUnsafeMutableBufferPointer { out in
                for i in 0..<index.count where passes(cf, i) {
                    population += 1
                    let members = membership[i]
                    if members == 0 { continue }
                    var m = members
                    while m != 0 { sizes[m.trailingZeroBitCount] += 1; m &= m - 1 }
                    for l in layouts {
                        if let col = l.single {
                            l.addSingle(Int(col[i]), members: members, to: out)
                        } else {
                            let bits = index.valueBits(l.d, i)
                            var m = members
                            while m != 0 {
                                let base = l.offset + m.trailingZeroBitCount * l.width
                                m &= m - 1
                                out[base] += 1
                                var b = bits
                                while b != 0 {
                                    let v = b.trailingZeroBitCount
                                    b &= b - 1
                                    if v < l.values { out[base + 1 + v] += 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
        let rows = cohorts.map { CohortTable.Row(id: $0.id, label: $0.label) }
        let summary = CohortTable.summary(cohorts: cohorts, sizes: sizes, population: population)
        let tables = layouts.map { l in
            CohortTable(name: l.d.rawValue, dimension: l.d, rows: rows, columns: columns(of: l.d),
                        counts: (0..<cohorts.count).map { k in Array(flat[(l.offset + k * l.width)..<(l.offset + (k + 1) * l.width)]) },
                        population: population, totalColumn: l.d.isMultiValued ? nil : l.values, allColumn: l.d.isMultiValued ? 0 : nil)
        }
        return (summary, tables)
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
        return CohortTable.summary(cohorts: cohorts, sizes: counts, population: population)
    }
}
