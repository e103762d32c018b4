/// One table under the engine's readings and under each other reading of one documented choice
/// (docs/definitions.md, "Readings"), side by side, with the children who move (true counts, before
/// disclosure control: `ReadingComparisonRelease` protects them).
public struct ReadingComparison: Sendable {
    /// One other reading of the choice.
    public struct Alternative: Sendable {
        public var choice: ReadingChoice
        /// The engine's reading of the choice (the side the movements are from).
        public var from: String
        /// This reading (the side the movements are to).
        public var reading: String
        /// The table under this reading, every other choice as the engine reads it.
        public var table: CohortTable
        /// Children of a cohort by (value under `from`, value under `reading`), column `from * K + to` of
        /// the table's K values, then `Total`: nil when the reading moves children in or out of the
        /// population or between cohorts, or the table is not single-valued (see `movers`).
        public var movements: CohortTable?
        /// Children in the population under either reading whose presence, cohorts or value in the table
        /// differ between the two readings.
        public var movers: Int
        /// Of `movers`, those whose presence or cohorts differ (the same for every table of the choice): what is
        /// left, `movers - cohortMovers`, are the children who keep their cohorts and take another value of this
        /// table, a count a reader of two tables' movers gets by subtraction (`ReadingComparisonRelease`).
        public var cohortMovers = 0
        /// Whether every child's movement is one docs/definitions.md allows (`ReadingChoice.canMove`): false when
        /// the extract breaks a rule a reader relies on (under `age-at`, a first assessment authorised before it
        /// started, aged into a lower band, or one authorised so long after its start that it crosses two bands), so
        /// that its side by side cannot be protected as the reader reads it.
        public var obeysMoveRules = true
    }

    public let table: ReportTable
    /// The table under the engine's readings.
    public let base: CohortTable
    public let alternatives: [Alternative]

    /// The values a movement column joins: `from>to`.
    public static func movementColumn(from a: String, to b: String) -> String { a + ">" + b }
    /// The name of a table under another reading: `need@need-episode:later`.
    public static func alternativeName(_ table: String, _ choice: ReadingChoice, _ reading: String) -> String {
        "\(table)@\(choice.rawValue):\(reading)"
    }
    /// The name of a movement table: `need@need-episode:first>later`.
    public static func movementName(_ table: String, _ choice: ReadingChoice, from: String, to: String) -> String {
        "\(table)@\(choice.rawValue):\(from)>\(to)"
    }

    /// Whether a published table's name is a side by side's (`alternativeName`, `movementName`).
    public static func isLinkedName(_ name: String) -> Bool { name.contains("@") }

    /// A table of a side by side by its name (`alternativeName` or `movementName`), counted afresh from
    /// `engine` (unfiltered): how a side by side read back from the release ledger gets its true counts.
    /// Nil when the name is not one, or names a reading of `engine`'s other than the one the movements
    /// are from (a side by side made under other readings).
    public static func linkedTable(engine: CohortEngine, name: String) -> CohortTable? {
        guard let at = name.firstIndex(of: "@"), let table = ReportTable(name: String(name[..<at])) else { return nil }
        let rest = name[name.index(after: at)...]
        guard let colon = rest.firstIndex(of: ":"), let choice = ReadingChoice(rawValue: String(rest[..<colon])),
              affects(choice, table), !choice.publishesOnlyMovers else { return nil }
        let readings = rest[rest.index(after: colon)...].split(separator: ">", omittingEmptySubsequences: false).map(String.init)
        let from = choice.reading(in: engine.settings)
        guard let comparison = compute(engine: engine, choice: choice, table: table) else { return nil }
        if readings.count == 2 {
            guard readings[0] == from else { return nil }
            return comparison.alternatives.first { $0.reading == readings[1] }?.movements
        }
        guard readings.count == 1, var t = comparison.alternatives.first(where: { $0.reading == readings[0] })?.table else { return nil }
        t.name = name
        return t
    }

    /// The tables of the FOI (or any published table but the trend) a choice can change: every table for a
    /// choice of membership; the age band for `age-at`; the follow-up's tables for the need episode and the window.
    public static func affects(_ choice: ReadingChoice, _ table: ReportTable) -> Bool {
        switch (choice, table) {
        case (_, .trend): return false
        case (.code21, _), (.firstAssessment, _), (.sameDay, _): return true
        case (.ageAt, .dimension(.ageBand)): return true
        case (.needEpisode, .dimension(.need)): return true
        case (.windowFrom, .dimension(let d)): return d == .need || d == .outcomes || d == .protectionCategory
        default: return false
        }
    }

    /// `table` under the engine's reading of `choice` and under each of its other readings. Unfiltered.
    public static func compute(engine: CohortEngine, choice: ReadingChoice, table: ReportTable) -> ReadingComparison? {
        guard let base = ReportTables.table(engine: engine, table) else { return nil }
        let from = choice.reading(in: engine.settings)
        var alternatives: [Alternative] = []
        for reading in choice.readings where reading != from {
            guard let settings = choice.setting(reading, in: engine.settings) else { continue }
            var other = engine
            other.apply(settings: settings)
            guard let t = ReportTables.table(engine: other, table) else { continue }
            let moved = movements(engine, other, table: table)
            var movementTable = moved.table
            movementTable?.name = movementName(table.name, choice, from: from, to: reading)
            var alternative = Alternative(choice: choice, from: from, reading: reading, table: t, movements: movementTable, movers: moved.movers)
            alternative.cohortMovers = moved.cohortMovers
            if case .dimension(let d) = table, let m = movementTable {
                alternative.obeysMoveRules = obeysMoveRules(m, choice: choice, dimension: d, from: from, to: reading)
            }
            alternatives.append(alternative)
        }
        return ReadingComparison(table: table, base: base, alternatives: alternatives)
    }

    /// Whether no child of `moves` (columns `a>b` of the dimension's values) moves as the definitions say it cannot.
    static func obeysMoveRules(_ moves: CohortTable, choice: ReadingChoice, dimension: Dimension, from: String, to: String) -> Bool {
        guard choice.hasMoveRules else { return true }
        for (c, name) in moves.columns.enumerated() where c != moves.totalColumn {
            let pair = name.split(separator: ">", maxSplits: 1).map(String.init)
            guard pair.count == 2, !choice.canMove(dimension, from: from, to: to, value: pair[0], to: pair[1]) else { continue }
            if moves.counts.contains(where: { $0.indices.contains(c) && $0[c] != 0 }) { return false }
        }
        return true
    }

    /// The movement table from `a`'s index to `b`'s (same data and cohorts, another reading), and the movers.
    static func movements(_ a: CohortEngine, _ b: CohortEngine, table: ReportTable) -> (table: CohortTable?, movers: Int, cohortMovers: Int) {
        let ia = a.index, ib = b.index
        let dimension: Dimension? = { if case .dimension(let d) = table { return d }; return nil }()
        let colA = dimension.flatMap { ia.column($0) }, colB = dimension.flatMap { ib.column($0) }
        let multi = dimension.map(\.isMultiValued) ?? false
        // Walk both populations in child order (each index lists its children ascending).
        var movers = 0, cohortMovers = 0
        var i = 0, j = 0
        var sameMembers = true
        while i < ia.count || j < ib.count {
            let ca = i < ia.count ? ia.child[i] : Int32.max
            let cb = j < ib.count ? ib.child[j] : Int32.max
            if ca == cb {
                let differs = a.membership[i] != b.membership[j]
                    || (colA.map { ca in colB.map { ca[i] != $0[j] } ?? false } ?? false)
                    || (multi && dimension.map { multiValues($0, ia, i) != multiValues($0, ib, j) } ?? false)
                if a.membership[i] != b.membership[j] { sameMembers = false; cohortMovers += 1 }
                if differs { movers += 1 }
                i += 1; j += 1
            } else if ca < cb {
                movers += 1; cohortMovers += 1; sameMembers = false; i += 1
            } else {
                movers += 1; cohortMovers += 1; sameMembers = false; j += 1
            }
        }
        guard sameMembers, let d = dimension, let colA, let colB else { return (nil, movers, cohortMovers) }
        let labels = a.labels(of: d)
        let k = labels.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k * k + 1), count: a.cohorts.count)
        for n in 0..<ia.count {
            let va = Int(colA[n]), vb = Int(colB[n])
            guard va < k, vb < k else { continue }
            var m = a.membership[n]
            while m != 0 {
                let r = m.trailingZeroBitCount
                counts[r][va * k + vb] += 1
                counts[r][k * k] += 1
                m &= m - 1
            }
        }
        var columns: [String] = []
        for x in labels { for y in labels { columns.append(movementColumn(from: x, to: y)) } }
        columns.append("Total")
        // Named by `compute`, which knows the choice.
        let t = CohortTable(name: "", dimension: nil, rows: a.cohorts.map { .init(id: $0.id, label: $0.label) },
                            columns: columns, counts: counts, population: a.populationSize, totalColumn: k * k, allColumn: nil)
        return (t, movers, cohortMovers)
    }

    /// A child's values of a multi-valued dimension, as the bits the tables count.
    static func multiValues(_ d: Dimension, _ index: CohortIndex, _ n: Int) -> UInt64 {
        switch d {
        case .maltreatment: return Maltreatment.masks.enumerated().reduce(0) { bits, m in index.factors[n] & m.element != 0 ? bits | (1 << UInt64(m.offset)) : bits }
        case .outcomes: return UInt64(index.outcomes[n])
        default: return index.factors[n]
        }
    }
}
