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
    ///
    /// The children's patterns are found first (0 for a child the filter leaves out), then the tables
    /// are counted in a few passes (`TallyPass`), each a tight loop over its own columns. Per child and
    /// pattern a joint pass adds one to one cell of a histogram over the joint values of its tables,
    /// which are then summed out into each table. Measured on a year of the 1.8M-child pool
    /// (cinx-bench): a loop per child over every table was ~5x slower than a loop per table, and
    /// joint passes count the eleven tables of a release in six passes instead of eleven (the
    /// factor's pass still adds once per factor).
    func tallyByPattern(_ cf: CompiledFilter, layouts: [TableLayout], out: UnsafeMutableBufferPointer<Int>,
                        sizes: inout [Int]) -> Int {
        let patterns = 1 << cohorts.count
        // Table n's histogram: pattern p's count of value v at `patternOffset[n] + p * width + v`
        // (single-valued; then the Total) or `+ 1 + v` (multi-valued, after the All column).
        var patternOffset: [Int] = []
        var histogramSize = 0
        for l in layouts { patternOffset.append(histogramSize); histogramSize += patterns * l.width }
        var histogram = [Int](repeating: 0, count: histogramSize)
        var inPattern = [Int](repeating: 0, count: patterns)
        let count = index.count
        var population = 0
        // Pattern 0: not selected, or in no cohort; the joint passes count it and never read it,
        // which spares a test per child (the factor's pass tests it).
        var pattern = [UInt8](repeating: 0, count: count)
        pattern.withUnsafeMutableBufferPointer { pat in
            membership.withUnsafeBufferPointer { member in
                if cf.selectsEveryone {
                    population = count
                    for i in 0..<count { pat[i] = UInt8(truncatingIfNeeded: member[i]) }
                } else {
                    for i in 0..<count where passes(cf, i) {
                        population += 1
                        pat[i] = UInt8(truncatingIfNeeded: member[i])
                    }
                }
            }
            for i in 0..<count { inPattern[Int(pat[i])] += 1 }
        }
        histogram.withUnsafeMutableBufferPointer { h in
            pattern.withUnsafeBufferPointer { pat in
                let tables = layouts.indices.map { n in
                    UnsafeMutableBufferPointer(rebasing: h[patternOffset[n]..<(patternOffset[n] + patterns * layouts[n].width)])
                }
                for pass in TallyPass.plan(layouts, patterns: patterns) {
                    let members = pass.members.map { (layout: layouts[$0], table: tables[$0]) }
                    switch pass {
                    case .values: countValues(members, patterns: pat, patternCount: patterns, out: out)
                    case .valueSets: countValueSets(members, patterns: pat, patternCount: patterns)
                    }
                }
                for (n, l) in layouts.enumerated() where l.single == nil {
                    // The All column: every child of the pattern.
                    for p in 1..<patterns { tables[n][p * l.width] = inPattern[p] }
                }
            }
            for (n, l) in layouts.enumerated() where l.single != nil {
                // The pattern's Total is the sum of its values, made once here.
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

    /// One pass of `tallyByPattern` over the children: tables (positions in the layout list) whose
    /// joint values are counted together.
    enum TallyPass: Equatable {
        /// Single-valued tables, keyed by their values in mixed radix.
        case values([Int])
        /// Multi-valued tables: maltreatment and outcomes keyed by their bit sets side by side; any
        /// other (the factor's 64 bits) alone, counted bit by bit.
        case valueSets([Int])

        var members: [Int] {
            switch self { case .values(let m), .valueSets(let m): return m }
        }

        /// Copies of each pass's histogram: neighbouring children (often of the same pattern and
        /// value) count into different copies, since one copy made each addition wait for the store
        /// of the one before.
        static let lanes = 4
        /// Most cells (patterns x joint values) a joint pass's histogram copy has, so that it stays in
        /// cache (a single table wider than that is a pass of its own, whatever its size).
        static let maxCells = 8192
        /// Most tables in a pass of single values (the loop reads three columns).
        static let maxValueTables = 3
        /// Multi-valued sets counted jointly when their bits fit this many.
        static let maxSetBits = 8

        /// Groups the tables into passes: single-valued ones smallest first while their joint values
        /// fit `maxCells`, small multi-valued ones while their bits fit `maxSetBits`, the rest alone.
        static func plan(_ layouts: [TableLayout], patterns: Int) -> [TallyPass] {
            var plan: [TallyPass] = []
            let singles = layouts.indices.filter { layouts[$0].single != nil }.sorted { (layouts[$0].values, $0) < (layouts[$1].values, $1) }
            var group: [Int] = [], product = 1
            for n in singles {
                let v = max(1, layouts[n].values)
                if !group.isEmpty && (group.count == maxValueTables || patterns * product * v > maxCells) {
                    plan.append(.values(group))
                    group = []; product = 1
                }
                group.append(n); product *= v
            }
            if !group.isEmpty { plan.append(.values(group)) }
            // Maltreatment and outcomes (four bits each) are counted jointly; any other multi-valued
            // table (the factor's 64 bits), a table too wide to join, or a second copy of one already
            // in the pass (its bits are found by dimension) is a pass of its own.
            var sets: [Int] = [], bits = 0
            for n in layouts.indices where layouts[n].single == nil {
                let d = layouts[n].d, b = min(layouts[n].values, 64)
                guard d == .maltreatment || d == .outcomes, b <= maxSetBits, patterns << b <= maxCells else {
                    plan.append(.valueSets([n]))
                    continue
                }
                if bits + b > maxSetBits || patterns << (bits + b) > maxCells || sets.contains(where: { layouts[$0].d == d }) {
                    plan.append(.valueSets(sets))
                    sets = []; bits = 0
                }
                sets.append(n); bits += b
            }
            if !sets.isEmpty { plan.append(.valueSets(sets)) }
            return plan
        }
    }

    /// Counts up to three single-valued tables in one pass: pattern p and values (a, b, c) add one to
    /// cell `(a * nb + b) * nc + c` of pattern p's row, which is then summed out into each table. A
    /// value past a table's labels (never in a loaded extract's columns) is counted table by table,
    /// as the per-cohort count does.
    private func countValues(_ members: [(layout: TableLayout, table: UnsafeMutableBufferPointer<Int>)],
                             patterns pat: UnsafeBufferPointer<UInt8>, patternCount: Int, out: UnsafeMutableBufferPointer<Int>) {
        guard let first = members.first?.layout.single else { return }
        // Absent tables read the first column masked to 0, with one value.
        let columns = (0..<TallyPass.maxValueTables).map { j in j < members.count ? members[j].layout.single ?? first : first }
        let radix = (0..<TallyPass.maxValueTables).map { j in j < members.count ? max(1, members[j].layout.values) : 1 }
        let mask = (0..<TallyPass.maxValueTables).map { j in j < members.count ? 0xFF : 0 }
        let na = radix[0], nb = radix[1], nc = radix[2], mb = mask[1], mc = mask[2]
        let cells = na * nb * nc
        let laneSize = patternCount * cells, lanes = TallyPass.lanes
        var scratch = [UInt32](repeating: 0, count: lanes * laneSize)
        scratch.withUnsafeMutableBufferPointer { sc in
            columns[0].withUnsafeBufferPointer { ca in
                columns[1].withUnsafeBufferPointer { cb in
                    columns[2].withUnsafeBufferPointer { cc in
                        let n = min(pat.count, ca.count, cb.count, cc.count)
                        var i = 0
                        while i < n {
                            let p = Int(pat[i])
                            let a = Int(ca[i]), b = Int(cb[i]) & mb, c = Int(cc[i]) & mc
                            if a < na && b < nb && c < nc {
                                let cell: Int = (a &* nb &+ b) &* nc &+ c
                                let lane: Int = i & (lanes - 1)
                                sc[lane &* laneSize &+ p &* cells &+ cell] &+= 1
                            } else if p != 0 {
                                for (j, v) in [a, b, c].prefix(members.count).enumerated() {
                                    let l = members[j].layout
                                    if v < l.values { members[j].table[p * l.width + v] += 1 } else { l.addSingle(v, members: UInt32(p), to: out) }
                                }
                            }
                            i &+= 1
                        }
                    }
                }
            }
            for p in 1..<patternCount {
                for cell in 0..<cells {
                    var k = 0
                    for lane in 0..<lanes { k += Int(sc[lane * laneSize + p * cells + cell]) }
                    if k == 0 { continue }
                    let values = [cell / (nb * nc), (cell / nc) % nb, cell % nc]
                    for (j, m) in members.enumerated() { m.table[p * m.layout.width + values[j]] += k }
                }
            }
        }
    }

    /// Counts multi-valued tables in one pass: for maltreatment and outcomes (`TallyPass.plan` puts
    /// each in a pass at most once), pattern p and their bit sets side by side add one to that key's
    /// cell of pattern p's row, and each key is then summed out into every value it holds. Any other
    /// (the factor table's 64 bits) is counted bit by bit. A bit past a table's labels is not counted,
    /// as the per-cohort count does.
    private func countValueSets(_ members: [(layout: TableLayout, table: UnsafeMutableBufferPointer<Int>)],
                                patterns pat: UnsafeBufferPointer<UInt8>, patternCount: Int) {
        let lanes = TallyPass.lanes
        if members.count == 1, let only = members.first, only.layout.d != .maltreatment && only.layout.d != .outcomes {
            let l = only.layout, values = l.values, width = l.width, laneSize = patternCount * width
            var scratch = [UInt32](repeating: 0, count: lanes * laneSize)
            scratch.withUnsafeMutableBufferPointer { sc in
                @inline(__always) func add(_ bits: UInt64, _ i: Int) {
                    let base = (i & (lanes - 1)) &* laneSize &+ Int(pat[i]) &* width &+ 1
                    var b = bits
                    while b != 0 {
                        let v = b.trailingZeroBitCount
                        b &= b &- 1
                        if v < values { sc[base &+ v] &+= 1 }
                    }
                }
                if l.d == .factor {
                    index.factors.withUnsafeBufferPointer { factors in
                        for i in 0..<min(pat.count, factors.count) where pat[i] != 0 { add(factors[i], i) }
                    }
                } else {
                    for i in 0..<min(pat.count, index.count) where pat[i] != 0 { add(index.valueBits(l.d, i), i) }
                }
                for j in width..<laneSize {
                    var k = 0
                    for lane in 0..<lanes { k += Int(sc[lane * laneSize + j]) }
                    only.table[j] += k
                }
            }
            return
        }
        // Each table's bits: where in the key, how many.
        var shifts: [Int] = [], widths: [Int] = []
        var bits = 0
        for m in members { shifts.append(bits); widths.append(m.layout.values); bits += m.layout.values }
        let keys = 1 << bits, laneSize = patternCount * keys
        var scratch = [UInt32](repeating: 0, count: lanes * laneSize)
        // Maltreatment (from the factor word) and outcomes (a column) are read directly; an absent
        // one has mask 0.
        func place(_ d: Dimension) -> (shift: UInt64, mask: UInt64) {
            guard let j = members.firstIndex(where: { $0.layout.d == d }) else { return (0, 0) }
            return (UInt64(shifts[j]), (1 << UInt64(widths[j])) - 1)
        }
        let (ms, mm) = place(.maltreatment), (os, om) = place(.outcomes)
        scratch.withUnsafeMutableBufferPointer { sc in
            index.factors.withUnsafeBufferPointer { factors in
                index.outcomes.withUnsafeBufferPointer { outcomes in
                    CohortEngine.countMaltreatmentAndOutcomes(count: min(pat.count, factors.count, outcomes.count), patterns: pat,
                                                              factors: factors, outcomes: outcomes, into: sc, laneSize: laneSize,
                                                              keys: keys, maltreatment: (ms, mm), outcomesPlace: (os, om))
                }
            }
            for p in 1..<patternCount {
                for key in 1..<keys {
                    var k = 0
                    for lane in 0..<lanes { k += Int(sc[lane * laneSize + p * keys + key]) }
                    if k == 0 { continue }
                    for (j, m) in members.enumerated() {
                        var b = (key >> shifts[j]) & ((1 << widths[j]) - 1)
                        while b != 0 {
                            let v = b.trailingZeroBitCount
                            b &= b - 1
                            m.table[p * m.layout.width + 1 + v] += k
                        }
                    }
                }
            }
        }
    }

    /// The hot loop of the maltreatment and outcomes pass, with every value it reads as a parameter
    /// (inside the closures above the compiler kept the masks and offsets on the stack).
    @inline(never)
    static func countMaltreatmentAndOutcomes(count: Int, patterns pat: UnsafeBufferPointer<UInt8>, factors: UnsafeBufferPointer<UInt64>,
                                             outcomes: UnsafeBufferPointer<UInt8>, into sc: UnsafeMutableBufferPointer<UInt32>,
                                             laneSize: Int, keys: Int, maltreatment: (shift: UInt64, mask: UInt64),
                                             outcomesPlace: (shift: UInt64, mask: UInt64)) {
        let masks = Maltreatment.maskTuple
        let ms = maltreatment.shift, mm = maltreatment.mask, os = outcomesPlace.shift, om = outcomesPlace.mask
        let keyMask = UInt64(keys - 1), lanes = TallyPass.lanes
        for i in 0..<count {
            let p = Int(pat[i])
            let m = Maltreatment.bits(of: factors[i], masks: masks)
            let key = ((m & mm) &<< ms) | ((FollowUp.outcomeBits(outcomes[i]) & om) &<< os)
            // Pattern 0's cells are counted and never read.
            sc[(i & (lanes - 1)) &* laneSize &+ p &* keys &+ Int(key & keyMask)] &+= 1
        }
    }
}
