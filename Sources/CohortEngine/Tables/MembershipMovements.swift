import CINModel

/// The children of the run's reading of `code-21` (`counts`) by cohort, and by cohort under the other reading
/// (`ignored`) or out of its population: the movements between cohorts a side by side of `code-21` publishes
/// (docs/definitions.md, "Readings side by side"), and whether every child moves as the joint model
/// (`MembershipReadings`) says a reader of the definitions knows it can.
public struct MembershipMovements: Sendable {
    /// Rows: the cohorts under `counts`; columns: the cohorts under `ignored`, then `out`.
    public var table: CohortTable
    /// Whether every child obeys the model's rules (nobody enters; a child whose first day changes has {21} alone on
    /// it under `counts` and the same child-level values; every other child keeps its cohorts, factors but 21 and
    /// values, its age band the same or one band up at most when taken at the start, and then only with 21 among its factors).
    public var obeysRules: Bool

    /// The column of children out of the other reading's population.
    public static let outColumn = "out"

    /// Whether the joint model holds the engine's readings: `code-21 counts` with the first day by authorisation,
    /// its ties joined and the window from the authorisation (else a child keeping its first day could change
    /// its authorisation or window too, which the model does not hold), the standard cohorts.
    public static func modelled(_ settings: AnalysisSettings, cohorts: [CohortDefinition]) -> Bool {
        settings.code21 == .counts && settings.firstAssessment == .authorisation && settings.sameDay == .union
            && settings.windowFrom == .authorisation && cohorts == CohortDefinition.standard
    }

    /// `a` under `counts`, `b` the same engine under `ignored`.
    static func compute(_ a: CohortEngine, _ b: CohortEngine) -> MembershipMovements {
        let ia = a.index, ib = b.index
        let code21 = AssessmentFactor.noFactors.rawValue
        let n = a.cohorts.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: n)
        var obeys = true
        func add(_ from: UInt64, _ to: UInt64?) {
            var m = from
            while m != 0 {
                let r = m.trailingZeroBitCount
                m &= m - 1
                guard r < n else { continue }
                if let to {
                    var t = to
                    while t != 0 { let c = t.trailingZeroBitCount; if c < n { counts[r][c] += 1 }; t &= t - 1 }
                } else {
                    counts[r][n] += 1
                }
            }
        }
        func sameChild(_ i: Int, _ j: Int) -> Bool {
            ia.ethnicity[i] == ib.ethnicity[j] && ia.ethnicGroup[i] == ib.ethnicGroup[j] && ia.gender[i] == ib.gender[j]
                && ia.disability[i] == ib.disability[j] && ia.authority[i] == ib.authority[j]
        }
        let bands = AgeBand.labels
        var i = 0, j = 0
        while i < ia.count || j < ib.count {
            let ca = i < ia.count ? ia.child[i] : Int32.max
            let cb = j < ib.count ? ib.child[j] : Int32.max
            if ca == cb {
                if ia.authorisation[i] == ib.authorisation[j] {
                    // A stayer: the same first day.
                    let age = ia.ageBand[i] == ib.ageBand[j] || (a.settings.ageAt == .start && bands.indices.contains(Int(ia.ageBand[i]))
                        && bands.indices.contains(Int(ib.ageBand[j]))
                        && ReadingChoice.ageAt.canMove(.ageBand, from: AgeBandDate.start.rawValue, to: AgeBandDate.authorisation.rawValue,
                                                       value: bands[Int(ia.ageBand[i])], to: bands[Int(ib.ageBand[j])]))
                    // A band that moves needs a {21}-only assessment of the day that started first: 21 among its factors.
                    let bandMoves = ia.ageBand[i] != ib.ageBand[j]
                    if ia.factors[i] & ~code21 != ib.factors[j] || a.membership[i] != b.membership[j] || !age || !sameChild(i, j)
                        || (bandMoves && ia.factors[i] & code21 == 0)
                        || ia.need[i] != ib.need[j] || ia.protectionCategory[i] != ib.protectionCategory[j] || ia.outcomes[i] != ib.outcomes[j] {
                        obeys = false
                    }
                } else if ia.factors[i] != code21 || !sameChild(i, j) || ib.authorisation[j] < ia.authorisation[i]
                            || !MembershipReadings.changerAgeCanMove(Int(ia.ageBand[i]), Int(ib.ageBand[j]), ageAtStart: a.settings.ageAt == .start) {
                    obeys = false
                }
                add(UInt64(a.membership[i]), UInt64(b.membership[j]))
                i += 1; j += 1
            } else if ca < cb {
                if ia.factors[i] != code21 { obeys = false }
                add(UInt64(a.membership[i]), nil)
                i += 1
            } else {
                // Entering the population under `ignored`: no child can.
                obeys = false
                j += 1
            }
        }
        let table = CohortTable(name: "", dimension: nil, rows: a.cohorts.map { .init(id: $0.id, label: $0.label) },
                                columns: a.cohorts.map(\.id) + [outColumn], counts: counts, population: a.populationSize,
                                totalColumn: nil, allColumn: nil)
        return MembershipMovements(table: table, obeysRules: obeys)
    }
}
