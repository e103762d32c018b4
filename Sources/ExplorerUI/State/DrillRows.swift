import CohortEngine

/// The rows a table shows inside a drill, each labelled as what it is. Inside cohort D, A can hold
/// no child and goes; B is D and is shown once, as D; C is "C and D (= E)", shown once (E inside D is
/// the same children). Outside a cohort drill, only cohorts the factor filters empty go. Decided from
/// the cohort rules alone (`CohortParts`), never from the data, so the rows do not depend on counts.
struct DrillRows: Equatable {
    struct Row: Equatable {
        /// The engine cohort whose counts the row shows (the same children as the row describes).
        var id: String
        var label: String
    }
    var rows: [Row]

    init(cohorts: [CohortDefinition], filter: Filter) {
        let rules = cohorts.map { (id: $0.id, rule: Optional($0.expression)) }
        // Only the rules matter here: the factor filters and the cohorts drilled into.
        let factorsOnly = Filter(requiredFactors: filter.requiredFactors, excludedFactors: filter.excludedFactors)
        var drill = factorsOnly
        drill.cohorts = filter.cohorts
        let inside = CohortParts(cohorts: rules, filter: drill)
        let whole = CohortParts(cohorts: rules, filter: factorsOnly)
        let drilled = filter.cohorts
        // The parts (as membership masks) each cohort holds inside the drill.
        func set(_ p: CohortParts, _ id: String) -> Set<UInt64> { Set(p.parts(inCohort: id).map { p.parts[$0].membership }) }
        // Drilled cohorts that hold another drilled cohort add nothing to a label (inside B and C is inside C).
        let innermost = drilled.filter { d in !drilled.contains { e in set(whole, e).isStrictSubset(of: set(whole, d)) } }
        func leftWhole(_ id: String) -> Bool { set(whole, id) == set(inside, id) }
        var seen: [Set<UInt64>] = []
        var out: [Row] = []
        for c in cohorts {
            let mine = set(inside, c.id)
            if mine.isEmpty || seen.contains(mine) { continue }
            seen.append(mine)
            guard !drilled.isEmpty else { out.append(Row(id: c.id, label: c.label)); continue }
            // The cohort that is exactly these children, if one is: the row is that cohort.
            let same = cohorts.filter { set(inside, $0.id) == mine }
            let w = same.first { leftWhole($0.id) }
            if let w, w.id == c.id || drilled.contains(w.id) {
                out.append(Row(id: w.id, label: w.label))
            } else {
                let names = ([c.id] + innermost.filter { $0 != c.id }).joined(separator: " and ")
                out.append(Row(id: w?.id ?? c.id, label: names + (w.map { " (= \($0.id))" } ?? "")))
            }
        }
        rows = out
    }
}
