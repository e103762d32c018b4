import CINModel

/// A release as linear relations over unknown non-negative integers: what an attacker holding every
/// table of the release can write down (docs/privacy.md, "The model").
///
/// Unknowns: each disjoint part's size, and each part's count in each value of each dimension.
/// Every published cell is a sum of unknowns; a single-valued dimension's counts of a part add up
/// to the part's size; a multi-valued column of a part lies between 0 and its size; the summary's
/// percentages bound the population. Tables are linked through the part sizes they share, and the
/// ethnic-group table through the ethnicity codes it sums. Nothing else links two dimensions'
/// counts of the same children, so no attacker can derive a relation beyond these.
struct ReleaseModel {
    struct Cell {
        var table: Int
        var row: Int
        var column: Int
        /// Unknowns summed (coefficient 1 each).
        var terms: [Int]
        /// The published count, nil when hidden.
        var published: Int?
        /// The count is 0 whatever the data (a cohort or value the filter rules out).
        var structuralZero: Bool
    }
    struct Relation {
        var terms: IntegerProgram.Terms
        var lower: Double?
        var upper: Double?
        init(terms: IntegerProgram.Terms, lower: Double?, upper: Double?, whilePublished: [Int] = []) {
            self.terms = terms; self.lower = lower; self.upper = upper; self.whilePublished = whilePublished
        }
        /// Binds only while these cells are published (a percentage: its count and the population).
        var whilePublished: [Int] = []
    }

    var unknownCount = 0
    var upperBounds: [Double?] = []
    /// The part each unknown counts children of (nil for free columns).
    var partOfUnknown: [Int?] = []
    /// Each part's size unknown.
    private(set) var partSizeUnknowns: [Int] = []
    var relations: [Relation] = []
    var cells: [Cell] = []
    let parts: CohortParts
    /// Each table's row ids (cohorts), by table index.
    private(set) var tableRows: [[String]] = []
    func rowIDs(table: Int) -> [String] { tableRows.indices.contains(table) ? tableRows[table] : [] }

    private var partSize: [Int] = []
    /// family name -> [part][value] unknowns
    private var families: [String: [[Int]]] = [:]

    init(_ release: PublishedRelease) {
        parts = CohortParts(cohorts: release.cohorts, filter: release.filter)
        partSize = parts.parts.indices.map { newUnknown(upper: nil, part: $0) }
        partSizeUnknowns = partSize
        let hasEthnicity = release.tables.contains { $0.name == Dimension.ethnicity.rawValue }
        tableRows = release.tables.map(\.rowIDs)

        for (t, table) in release.tables.enumerated() {
            let roles = ReleaseModel.roles(of: table, ethnicityPresent: hasEthnicity)
            for (r, id) in table.rowIDs.enumerated() {
                let inCohort = parts.parts(inCohort: id)
                for (c, role) in roles.enumerated() {
                    let published = table.cells.indices.contains(r) && table.cells[r].indices.contains(c) ? table.cells[r][c] : nil
                    let terms: [Int]
                    switch role {
                    case .size: terms = inCohort.map { partSize[$0] }
                    case .values(let family, let values):
                        let unknowns = familyUnknowns(family, release: release)
                        terms = inCohort.flatMap { p in values.compactMap { unknowns[p].indices.contains($0) ? unknowns[p][$0] : nil } }
                    case .flag(let family, let value):
                        let unknowns = familyUnknowns(family, release: release)
                        terms = inCohort.compactMap { unknowns[$0].indices.contains(value) ? unknowns[$0][value] : nil }
                    case .free:
                        terms = [newUnknown(upper: nil)]
                    }
                    let zero = terms.allSatisfy { upperBounds[$0] == 0 }
                    cells.append(Cell(table: t, row: r, column: c, terms: terms, published: published, structuralZero: zero))
                    if case .size = role, table.name == "summary", table.percents.indices.contains(r), let p = table.percents[r],
                       let n = published {
                        // 100 n / population rounds to p (one decimal): (p - 0.05) P <= 100 n <= (p + 0.05) P.
                        let population = parts.populationParts.map { partSize[$0] }
                        relations.append(Relation(terms: population.map { ($0, p + 0.05) }, lower: Double(100 * n), upper: nil,
                                                  whilePublished: [cells.count - 1]))
                        relations.append(Relation(terms: population.map { ($0, p - 0.05) }, lower: nil, upper: Double(100 * n),
                                                  whilePublished: [cells.count - 1]))
                    }
                }
            }
        }
        if case .notPublished = release.population {} else {
            let value: Int? = { if case .shown(let n) = release.population { return n }; return nil }()
            let terms = parts.populationParts.map { partSize[$0] }
            cells.append(Cell(table: -1, row: 0, column: 0, terms: terms, published: value, structuralZero: terms.isEmpty))
            // Percentages are printed only while the population is (a hidden population hides them all).
            for k in relations.indices where !relations[k].whilePublished.isEmpty { relations[k].whilePublished.append(cells.count - 1) }
        }
    }

    /// Cells whose count is 0 whatever the hidden cells hold: every unknown they sum is forced to 0 by
    /// a published 0 (a sum of non-negative counts), by the filter, or by its part being empty.
    func forcedZero(published zeros: [Int]) -> Set<Int> {
        var zero = Set(upperBounds.indices.filter { upperBounds[$0] == 0 })
        for c in zeros { zero.formUnion(cells[c].terms) }
        let emptyParts = Set(partSizeUnknowns.indices.filter { zero.contains(partSizeUnknowns[$0]) })
        for u in partOfUnknown.indices { if let p = partOfUnknown[u], emptyParts.contains(p) { zero.insert(u) } }
        return Set(cells.indices.filter { cells[$0].terms.allSatisfy { zero.contains($0) } })
    }

    private mutating func newUnknown(upper: Double?, part: Int? = nil) -> Int {
        upperBounds.append(upper)
        partOfUnknown.append(part)
        unknownCount += 1
        return unknownCount - 1
    }

    /// What a column of a table counts.
    enum Role {
        /// The cohort's size (summary, Total, All).
        case size
        /// Children with one of these values of a single-valued family.
        case values(family: String, values: [Int])
        /// Children with this value of a multi-valued family.
        case flag(family: String, value: Int)
        /// A column the model cannot relate to anything: an unknown of its own.
        case free
    }

    static func roles(of table: PublishedTable, ethnicityPresent: Bool) -> [Role] {
        if table.name == "summary" { return table.columns.map { $0 == "children" ? .size : .free } }
        if let d = Dimension(name: table.name), table.columns == d.columns {
            if d == .ethnicGroup && ethnicityPresent {
                return table.columns.map { col in
                    guard let g = Ethnicity.groupNames.firstIndex(of: col) else { return .size }
                    return .values(family: Dimension.ethnicity.rawValue,
                                   values: (0...Int(Ethnicity.unknown)).filter { Int(Ethnicity.group(of: UInt8($0))) == g })
                }
            }
            return table.columns.map { col in
                guard let v = d.values.firstIndex(of: col) else { return .size }
                return d.isMultiValued ? .flag(family: d.rawValue, value: v) : .values(family: d.rawValue, values: [v])
            }
        }
        // A table of another shape: `Total` last means single-valued, `All` first multi-valued.
        let family = "table:" + table.name
        if table.columns.last == "Total" {
            return table.columns.enumerated().map { $0.offset == table.columns.count - 1 ? .size : .values(family: family, values: [$0.offset]) }
        }
        if table.columns.first == "All" {
            return table.columns.enumerated().map { $0.offset == 0 ? .size : .flag(family: family, value: $0.offset - 1) }
        }
        return table.columns.map { _ in .free }
    }
    typealias PublishedTable = PublishedRelease.Table

    /// The unknowns of a family, created with its relations on first use.
    private mutating func familyUnknowns(_ family: String, release: PublishedRelease) -> [[Int]] {
        if let f = families[family] { return f }
        let dimension = Dimension(name: family)
        let table = release.tables.first { $0.name == family || "table:" + $0.name == family }
        let multi = dimension?.isMultiValued ?? (table?.columns.first == "All")
        let valueCount = dimension?.values.count ?? max(0, (table?.columns.count ?? 1) - 1)
        let allowed = ReleaseModel.allowedValues(family: family, dimension: dimension, filter: release.filter, count: valueCount)
        var unknowns: [[Int]] = []
        for (p, part) in parts.parts.enumerated() {
            var row: [Int] = []
            for v in 0..<valueCount {
                var upper: Double? = nil
                var forcedAll = false
                if multi, let dimension, let codes = ReleaseModel.factorBits(dimension, v) {
                    if codes.contains(where: { part.forcedFactors[$0] == true }) { forcedAll = true }
                    else if codes.allSatisfy({ part.forcedFactors[$0] == false }) { upper = 0 }
                }
                if !multi && !allowed.contains(v) { upper = 0 }
                let u = newUnknown(upper: upper, part: p)
                row.append(u)
                if multi {
                    // 0 <= count with the value <= part size (= when every child of the part has it).
                    relations.append(Relation(terms: [(u, 1), (partSize[p], -1)], lower: forcedAll ? 0 : nil, upper: 0))
                }
            }
            if !multi {
                // Each child of the part has exactly one value.
                relations.append(Relation(terms: row.map { ($0, 1) } + [(partSize[p], -1)], lower: 0, upper: 0))
            } else if dimension == .outcomes, let none = FollowUp.outcomeLabels.indices.last {
                // "None of these" excludes the other outcomes: none + other <= size <= none + sum of others.
                for o in 0..<none {
                    relations.append(Relation(terms: [(row[none], 1), (row[o], 1), (partSize[p], -1)], lower: nil, upper: 0))
                }
                relations.append(Relation(terms: row.map { ($0, 1) } + [(partSize[p], -1)], lower: 0, upper: nil))
            }
            if multi, let condition = release.filter.dimensions.first(where: { $0.dimension == dimension }) {
                // The filter keeps children with at least one of its values.
                let kept = condition.values.filter { $0 >= 0 && $0 < row.count }.map { (row[$0], 1.0) }
                relations.append(Relation(terms: kept + [(partSize[p], -1)], lower: 0, upper: nil))
            }
            unknowns.append(row)
        }
        families[family] = unknowns
        return unknowns
    }

    /// Values of a single-valued family that the filter allows.
    static func allowedValues(family: String, dimension: Dimension?, filter: Filter, count: Int) -> Set<Int> {
        var allowed = Set(0..<count)
        for c in filter.dimensions {
            if c.dimension == dimension {
                allowed.formIntersection(c.values)
            } else if dimension == .ethnicity && c.dimension == .ethnicGroup {
                allowed = allowed.filter { c.values.contains(Int(Ethnicity.group(of: UInt8($0)))) }
            } else if dimension == .ethnicGroup && c.dimension == .ethnicity {
                let groups = Set(c.values.map { Int(Ethnicity.group(of: UInt8(clamping: $0))) })
                allowed.formIntersection(groups)
            }
        }
        return allowed
    }

    /// Factor bit positions a multi-valued column stands for (maltreatment and factor columns).
    static func factorBits(_ d: Dimension, _ v: Int) -> [Int]? {
        switch d {
        case .maltreatment:
            guard Maltreatment.masks.indices.contains(v) else { return nil }
            let m = Maltreatment.masks[v]
            return (0..<64).filter { m & (1 << UInt64($0)) != 0 }
        case .factor: return [v]
        default: return nil
        }
    }
}
