import CINModel

/// Two readings of `code-21` read together: the standard release (the run's reading, `counts`) and every
/// table of it under the other reading (`ignored`), with the movements between cohorts, as one model of both
/// readings at once (docs/privacy.md, "Readings side by side", "A choice of cohort membership").
///
/// What docs/definitions.md (2, 3, 4) lets a reader know of the two readings, each a rule of the model:
/// - Under `ignored` code 21 is dropped from every assessment: an assessment whose factors are {21} alone has no
///   factor data, any other keeps its other factors. So a child's first assessment changes only when every
///   assessment of its first day is {21} alone (its factors under `counts` are exactly {21}: in A, with no
///   factor but 21); it then has the first of its later assessments of the year, in any part, or is out of
///   the population. Nobody enters (an assessment with factor data under `ignored` has it under `counts`).
/// - Every other child (a stayer) keeps its first day: the same authorisation date, the same factors but 21, so
///   the same cohorts, and every value of every table the same, but for the factor table's 21 column (none under
///   `ignored`) and, when the age band is taken at the start, the age band: the start is the earliest of the
///   day's assessments, and without a {21}-only one that started first it is later, so the band is the same or
///   the next one up (as under `age-at`: `ReadingChoice.canMove`); and only such a stayer's band moves, whose
///   factors under `counts` then hold 21 (a part's stayers whose band moves are at most its 21 column).
/// - A child's ethnicity, gender, disability and authority are the child's, the same under both readings.
/// - Under `ignored` every child has a factor other than 21.
///
/// The model's parts: per part p of the cohorts, the stayers of p (one set of unknowns for both readings);
/// the changers under `counts` (the {21}-only part, one per destination q or out) and the same changers under
/// `ignored` (in q), two parts of equal size whose child-level values are equal and whose other values are
/// unrelated (their first assessments differ). The standard tables sum the first two kinds, the other reading's
/// the stayers and the changers under `ignored`, and the movement table (children by cohort under `counts` and
/// cohort under `ignored`, or out) the joint parts' sizes.
///
/// Built only where those rules are the engine's: the run reads `--code-21 counts`, `--first-assessment
/// authorisation`, `--same-day union` and `--window-from authorisation` (else a stayer's authorisation or window
/// could move too), with the standard cohorts, unfiltered.
struct MembershipReadings {
    /// The run's tables (`--code-21 counts`), as the standard release publishes them.
    var standard: PublishedRelease
    /// The same tables under `--code-21 ignored` (the same names, each cohort as that reading reads it) and that
    /// reading's population.
    var other: PublishedRelease
    /// Children by cohort under the run's reading (rows, the cohort ids) and cohort under the other reading or out
    /// of its population (columns: the cohort ids, then `out`).
    var movements: PublishedRelease.Table
    /// Whether a stayer's age band may move (one band up: the age band is taken at the start).
    var ageBandMoves: Bool

    /// The movement table's column of the children who leave the population.
    static let outColumn = "out"
    /// The family the other reading's age band uses for its stayers when it may move.
    static let otherAgeFamily = Dimension.ageBand.rawValue + "@other"

    /// What each part of the joint model is.
    enum Kind: Equatable {
        /// Children of this part (of the cohorts' parts) under both readings, on the same first assessment.
        case stayer(Int)
        /// Children whose first assessment is {21} alone under `counts`, who are in this part under `ignored` (nil: out).
        case leaving(to: Int?)
        /// The same children under `ignored`, in this part.
        case arriving(in: Int)
    }

    /// The joint model's layout, kept in `ReleaseModel.membership`.
    struct Layout {
        var kinds: [Kind]
        var ageBandMoves: Bool
        /// The factor column of code 21.
        var code21Column: Int

        /// The family a table of `release` counts: the other reading's age band reads its own when it may move.
        func family(_ named: String, release k: Int) -> String {
            k == 1 && ageBandMoves && named == Dimension.ageBand.rawValue ? MembershipReadings.otherAgeFamily : named
        }

        /// Whether a column of the other reading is 0 whatever the data: code 21 under `ignored`.
        func isZero(_ family: String, _ value: Int, release k: Int) -> Bool {
            k == 1 && family == Dimension.factor.rawValue && value == code21Column
        }
    }

    /// The parts of both readings (nil when a cohort's rule is unknown: no rule relates it).
    static func layout(cohorts: [(id: String, rule: CohortExpression?)], ageBandMoves: Bool)
        -> (parts: CohortParts, scope: [[Bool]], keys: [[String: String]], layout: Layout)? {
        let n = cohorts.count
        let code21 = AssessmentFactor.noFactors.rawValue
        guard n <= 31, cohorts.allSatisfy({ $0.rule != nil }), code21 != 0 else { return nil }
        let base = CohortParts(cohorts: cohorts, filter: .none)
        let population = base.populationParts
        // The cohorts a child of factors {21} alone is in, and the forced factors of such a child: 21 and nothing else.
        var only21: UInt64 = 0
        for (k, c) in cohorts.enumerated() where c.rule?.matches(code21) == true { only21 |= 1 << UInt64(k) }
        let codeCount = AssessmentFactor.list.codes.count
        let column = code21.trailingZeroBitCount
        var forced: [Int: Bool] = [:]
        for b in 0..<codeCount { forced[b] = b == column }
        var parts: [CohortParts.Part] = [], scope: [[Bool]] = [], kinds: [Kind] = []
        for p in population {
            var part = base.parts[p]
            part.membership |= part.membership << UInt64(n)
            parts.append(part); scope.append([true, true]); kinds.append(.stayer(p))
        }
        for q in population.map(Optional.some) + [nil] {
            parts.append(CohortParts.Part(membership: only21, inPopulation: true, forcedFactors: forced))
            scope.append([true, false]); kinds.append(.leaving(to: q))
        }
        for q in population {
            var part = base.parts[q]
            part.membership <<= UInt64(n)
            parts.append(part); scope.append([false, true]); kinds.append(.arriving(in: q))
        }
        let ids = cohorts.map(\.id)
        let joint = CohortParts(cohortIDs: ids + ids.map { $0 + "'" }, parts: parts)
        let keys = [Dictionary(uniqueKeysWithValues: ids.map { ($0, $0) }), Dictionary(uniqueKeysWithValues: ids.map { ($0, $0 + "'") })]
        return (joint, scope, keys, Layout(kinds: kinds, ageBandMoves: ageBandMoves, code21Column: column))
    }

    /// Whether a child whose first assessment changes can be in age band `a` (an index of `AgeBand.labels`) under
    /// `counts` and `b` under `ignored`. Unknown (no birth date nor expected one) is the child's, Unknown at any date.
    /// Its first assessment under `ignored` is authorised later in the same year (less than a year later); taken at the
    /// authorisation the band is the same or the next one up. Taken at the start, as a reader may take an assessment
    /// to be authorised within a year of its start (definition 5's rule of `age-at`), the second start is less than a
    /// year before the first and less than two years after it: a band down at most, and up one band (two from
    /// Unborn: Unborn to 1-4 within two years).
    static func changerAgeCanMove(_ a: Int, _ b: Int, ageAtStart: Bool) -> Bool {
        let unknown = Int(AgeBand.unknown.rawValue)
        if a == unknown || b == unknown { return a == b }
        guard ageAtStart else { return b == a || b == a + 1 }
        return (b >= a - 1 && b <= a + 1) || (a == Int(AgeBand.unborn.rawValue) && b == Int(AgeBand.oneToFour.rawValue))
    }

    /// The dimensions whose value is the child's, not its first assessment's: the same under both readings.
    static let childLevel: [String] = [Dimension.ethnicity, .ethnicGroup, .gender, .disability, .authority].map(\.rawValue)
        + ["table:" + Dimension.authority.rawValue]
}

extension ReleaseModel {
    /// The standard release and the other reading's tables of `code-21`, with the movements between cohorts, in one
    /// model (`MembershipReadings`): release 0 the standard tables, release 1 the other reading's and the movement
    /// table (numbered last). Nil when a cohort's rule is unknown.
    init?(membership m: MembershipReadings) {
        guard let joint = MembershipReadings.layout(cohorts: m.standard.cohorts, ageBandMoves: m.ageBandMoves) else { return nil }
        parts = joint.parts
        partScope = joint.scope
        cohortKeys = joint.keys
        partConditions = joint.parts.parts.map { _ in [] }
        membership = joint.layout
        assemble([m.standard, m.other])
        linkMembership(joint.layout)
        addMovements(m.movements, cohorts: m.standard.cohorts.map(\.id), layout: joint.layout, tableOffset: tableNames.count)
    }

    /// The rules of `MembershipReadings` between the parts of each kind.
    private mutating func linkMembership(_ layout: MembershipReadings.Layout) {
        let kinds = layout.kinds
        for (j, kind) in kinds.enumerated() {
            guard case .leaving(let q?) = kind, let o = kinds.firstIndex(of: .arriving(in: q)) else { continue }
            // The same children under each reading: the same number, the same child-level values.
            relations.append(Relation(terms: [(partSize[j], 1), (partSize[o], -1)], lower: 0, upper: 0))
            for name in MembershipReadings.childLevel {
                guard let f = families[name], f.indices.contains(j), f.indices.contains(o), f[j].count == f[o].count else { continue }
                for v in f[j].indices { relations.append(Relation(terms: [(f[j][v], 1), (f[o][v], -1)], lower: 0, upper: 0)) }
            }
        }
        if let factor = families[Dimension.factor.rawValue] {
            // Under `ignored` every child has a factor other than 21: a stayer had one on its first day under `counts` too.
            for (j, kind) in kinds.enumerated() where factor.indices.contains(j) {
                if case .leaving = kind { continue }
                let others = factor[j].indices.filter { $0 != layout.code21Column }.map { (factor[j][$0], 1.0) }
                relations.append(Relation(terms: others + [(partSize[j], -1)], lower: 0, upper: nil))
            }
        }
        let bands = AgeBand.labels
        guard let age = families[Dimension.ageBand.rawValue], let other = families[layout.family(Dimension.ageBand.rawValue, release: 1)] else { return }
        // A changer's age band under each reading, one unknown per pair of bands (`changerAgeCanMove`).
        for (j, kind) in kinds.enumerated() {
            guard case .leaving(let q?) = kind, let o = kinds.firstIndex(of: .arriving(in: q)), age.indices.contains(j), other.indices.contains(o),
                  age[j].count == bands.count, other[o].count == bands.count else { continue }
            linkAgeBands(from: age[j], to: other[o], part: j) {
                MembershipReadings.changerAgeCanMove($0, $1, ageAtStart: layout.ageBandMoves)
            }
        }
        guard layout.ageBandMoves, let later = families[MembershipReadings.otherAgeFamily] else { return }
        // A stayer's age band at a start as late or later: the same band or the next one (`ReadingChoice.canMove` of
        // `age-at` from the start to a later date).
        let factor = families[Dimension.factor.rawValue]
        for (j, kind) in kinds.enumerated() {
            guard case .stayer = kind, age.indices.contains(j), later.indices.contains(j),
                  age[j].count == bands.count, later[j].count == bands.count else { continue }
            let moves = linkAgeBands(from: age[j], to: later[j], part: j) {
                ReadingChoice.ageAt.canMove(.ageBand, from: AgeBandDate.start.rawValue, to: AgeBandDate.authorisation.rawValue,
                                            value: bands[$0], to: bands[$1])
            }
            // Its start moves only when a {21}-only assessment of its first day started first, which puts 21 in its
            // factors under `counts`: the stayers whose band moves are at most the part's 21 column (none where it is 0).
            guard let f = factor, f.indices.contains(j), f[j].indices.contains(layout.code21Column) else { continue }
            let k = bands.count
            let moving = (0..<k).flatMap { a in (0..<k).filter { $0 != a }.map { (moves[a * k + $0], 1.0) } }
            relations.append(Relation(terms: moving + [(f[j][layout.code21Column], -1)], lower: nil, upper: 0))
        }
    }

    /// The same children's age bands under two readings, one unknown per pair of bands (0 where `possible` rules it
    /// out): its row sums the first, its column sums the second.
    @discardableResult
    private mutating func linkAgeBands(from: [Int], to: [Int], part: Int, possible: (Int, Int) -> Bool) -> [Int] {
        let k = from.count
        var moves: [Int] = []
        for a in 0..<k { for b in 0..<k { moves.append(newUnknown(upper: possible(a, b) ? nil : 0, part: part)) } }
        for v in 0..<k {
            relations.append(Relation(terms: (0..<k).map { (moves[v * k + $0], 1.0) } + [(from[v], -1)], lower: 0, upper: 0))
            relations.append(Relation(terms: (0..<k).map { (moves[$0 * k + v], 1.0) } + [(to[v], -1)], lower: 0, upper: 0))
        }
        return moves
    }

    /// The movement table's cells: the children of cohort X under the run's reading in cohort Y under the other
    /// reading (or out), each the sum of the joint parts' sizes inside both (the changers counted once, by their
    /// part under `counts`).
    private mutating func addMovements(_ table: PublishedRelease.Table, cohorts ids: [String], layout: MembershipReadings.Layout, tableOffset: Int) {
        tableRows.append(table.rowIDs)
        tableNames.append(table.name)
        for (r, x) in table.rowIDs.enumerated() {
            guard let xBit = ids.firstIndex(of: x) else { continue }
            for (c, y) in table.columns.enumerated() {
                let yBit = ids.firstIndex(of: y)
                var terms: [Int] = []
                for (j, kind) in layout.kinds.enumerated() where parts.parts[j].membership & (1 << UInt64(xBit)) != 0 {
                    switch kind {
                    case .stayer:
                        if let yBit, parts.parts[j].membership & (1 << UInt64(ids.count + yBit)) != 0 { terms.append(partSize[j]) }
                    case .leaving(let q):
                        if y == MembershipReadings.outColumn ? q == nil
                            : (q.flatMap { q in layout.kinds.firstIndex(of: .arriving(in: q)) }.map { o in
                                yBit.map { parts.parts[o].membership & (1 << UInt64(ids.count + $0)) != 0 } ?? false } ?? false) {
                            terms.append(partSize[j])
                        }
                    case .arriving: break
                    }
                }
                let published = table.cells.indices.contains(r) && table.cells[r].indices.contains(c) ? table.cells[r][c] : nil
                cells.append(Cell(table: tableOffset, row: r, column: c, terms: terms, published: published,
                                  structuralZero: terms.allSatisfy { upperBounds[$0] == 0 }, release: 1))
            }
        }
    }
}
