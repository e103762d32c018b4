import Foundation

/// The side-by-side view of readings (`ReadingComparison`), protected as one release linked to the
/// standard release (docs/privacy.md, "Readings side by side").
///
/// The standard release (every table of the scope under the engine's readings) is what a reader already
/// holds, and none of its cells changes. A choice that moves children only between the values of one
/// table (need episode, window, age band: `ReadingChoice.publishesOnlyMovers` false) gives that table
/// under each other reading and the movement table between them, all in one `ReleaseModel` with the
/// standard tables (`linkReadings`, with the movements the definitions rule out at 0), protected by
/// `ReleaseProtection` with the standard cells held and audited; a movement of 1 to the threshold is
/// hidden like any count. An extract that breaks those rules publishes none of that table's. A choice
/// that moves children in or out of the population or between cohorts needs the cohorts' parts under both
/// readings at once: cinx has that model for `code-21` (`MembershipSideBySide`: every table under the other
/// reading and the movements between cohorts); for the others, and for `code-21` where its model does not
/// hold or is not proven, only the number of children whose reading changes is published (hidden from 1 to
/// the threshold), which no count of the standard release bounds (the other reading's children are not
/// published).
public struct ReadingComparisonRelease: Sendable {
    /// One other reading as published.
    public struct Alternative: Sendable {
        public var choice: ReadingChoice
        public var from: String
        public var reading: String
        /// The table under this reading, protected; nil when not published (a choice of membership but
        /// `code-21` in its joint model, or a release that did not audit clean).
        public var table: SuppressedTable?
        /// The movement table (`ReadingComparison.Alternative.movements`; for `code-21`, on the summary, the children
        /// by cohort under each reading, `MembershipMovements`), protected; nil when not published.
        public var movements: SuppressedTable?
        /// Children whose reading changes, for a choice of membership: the count, or nil when hidden or not published.
        public var movers: Int?
        /// Whether `movers` is published at all (a choice of membership).
        public var moversPublished: Bool
    }

    public let table: ReportTable
    /// The table under the engine's readings as the standard release publishes it.
    public let base: SuppressedTable
    public let alternatives: [Alternative]

    /// Every comparison of one engine protected together: each comparison's alternative tables and
    /// movements are one release with the standard scope. `refused` lists what could not be proven and was
    /// left out (with the reason).
    public struct Set: Sendable {
        public var comparisons: [ReadingComparisonRelease]
        public var threshold: Int
        public var protection: Int
        /// The audit of the standard scope with every published alternative and movement table; nil when
        /// suppression is off or there was nothing linked to audit.
        public var audit: DisclosureAuditResult?
        /// Why side-by-side tables were not published, when they were not (an audit not clean).
        public var withheldReason: String?
        /// Whether the wall-clock safety stop (or a solver's time limit) cut the protection short: what it decided
        /// depended on this machine's speed and load, not only on the inputs.
        public var stoppedByClock = false
        /// Solver work the side by side's protection spent (`SolverWork` units: the linked tables' or code-21's joint
        /// model's; 0 when neither was protected): the same for the same inputs on any machine.
        public var work = 0
    }

    /// Solver work (`SolverWork` units) the side by side's repair may spend before it is given up (nothing of the
    /// other readings published). Counted in work, not seconds, so that the same inputs publish the same side by
    /// side on a quiet machine and a busy one: a deadline in seconds let the load decide whether the other readings
    /// were published, and two runs of one query that differ can be subtracted. The demo's `--table all --compare
    /// all` spends about 1.2 million units in its repair (docs/privacy.md); 10 million is about five minutes of one core
    /// of the machine it was measured on.
    public static let workAllowance = 10_000_000
    /// A wall-clock safety stop far above the work's time on any machine that runs cinx; when it fires, the
    /// result depended on the machine, and `Set.stoppedByClock` says so.
    public static let safetySeconds: TimeInterval = 1_800

    /// Protects `comparisons` (unfiltered, of `engine`'s cohorts) beside the standard release and the
    /// releases a reader already holds (`earlier`: the ledger's, an earlier side by side among them).
    public static func protect(engine: CohortEngine, comparisons: [ReadingComparison], threshold: Int, protection: Int? = nil,
                               earlier: [HeldRelease] = [], workAllowance: Int = ReadingComparisonRelease.workAllowance,
                               safetySeconds: TimeInterval = ReadingComparisonRelease.safetySeconds) -> Set {
        let needed = max(1, protection ?? threshold)
        let standard = ReportTables.protectedScope(engine: engine, threshold: threshold, protection: protection)
        // The linked tables: each single-valued move under another reading, and the table it moves to.
        var linked: [CohortTable] = []
        var breaking: [String] = []
        for c in comparisons {
            for alt in c.alternatives where !alt.choice.publishesOnlyMovers {
                guard let moves = alt.movements else { continue }
                guard alt.obeysMoveRules || threshold == 0 else {
                    breaking.append(ReadingComparison.alternativeName(c.table.name, alt.choice, alt.reading))
                    continue
                }
                var t = alt.table
                t.name = ReadingComparison.alternativeName(c.table.name, alt.choice, alt.reading)
                if !linked.contains(where: { $0.name == t.name }) { linked += [t, moves] }
            }
        }
        var protectedLinked: [String: SuppressedTable] = [:]
        var audit: DisclosureAuditResult?
        var withheldReason: String?
        // One budget for the side by side: the linked tables' protection or code-21's joint model (never both in one
        // call: code-21's tables are published beside no other choice's).
        let limit = ProtectionBudget(work: workAllowance, safetySeconds: safetySeconds)
        if !linked.isEmpty {
            if threshold == 0 {
                for t in linked { protectedLinked[t.name] = ReleaseProtection.unsuppressed(t) }
            } else {
                let result = protectLinked(engine: engine, standard: standard, linked: linked, threshold: threshold, needed: needed,
                                           earlier: earlier, limit: limit)
                audit = result.audit
                if let tables = result.tables {
                    for t in tables { protectedLinked[t.table.name] = t }
                } else {
                    let beside = earlier.isEmpty ? "the standard release" : "the standard release and " + earlier.names.joined(separator: ", ")
                    let why = result.spent ? "not proven within its budget of work (\(workAllowance) units)"
                        : "not proven (disclosure audit not clean)"
                    withheldReason = "their protection beside " + beside + " was " + why
                    if limit.stoppedByClock {
                        withheldReason? += "; the wall-clock safety stop (\(Int(safetySeconds)) s) or a solver's time limit fired first,"
                            + " so this machine was too slow or too busy for the result to be repeatable elsewhere"
                    }
                }
            }
        }
        // code-21: every table under the other reading and the movements between cohorts, in the joint model of both
        // readings, beside the standard release and the other choices' side by sides as published (`MembershipSideBySide`);
        // without it (not proven, or readings the model does not hold) the number of children whose reading changes
        // alone, as for the other choices of membership.
        var membership: MembershipSideBySide.Outcome?
        if comparisons.contains(where: { c in c.alternatives.contains { $0.choice == .code21 } }) {
            // With another choice's side by side the joint model held beside it did not end within the budget on the demo
            // (over 300 s, debug build): code-21's tables are published by a side by side of code-21 alone.
            membership = linked.isEmpty
                ? MembershipSideBySide.protect(engine: engine, standard: standard, linked: [], threshold: threshold, needed: needed,
                                               earlier: earlier.count,
                                               limit: limit)
                : MembershipSideBySide.Outcome(reason: "its tables under the other reading are published by --compare code-21 alone, "
                                               + "not beside another choice's side by side")
            if let m = membership, m.published == nil, m.attempted, let reason = m.reason {
                let text = "code-21: " + reason
                withheldReason = withheldReason.map { $0 + "; " + text } ?? text
            }
            if membership?.published != nil, let a = membership?.audit {
                // The joint model holds the linked tables too: its audit is the whole side by side's.
                audit = a
            }
        }
        if !breaking.isEmpty {
            // Published beside the others, they would tell a reader who trusts the definitions' rules more than
            // the protection proved (it holds the rules), and less than the truth: not published.
            let reason = breaking.joined(separator: ", ") + ": some children of the extract move as docs/definitions.md says they cannot"
                + " (a first assessment authorised before it started, aged into a lower band, or authorised so long after it started that the child is aged two bands up), so their protection cannot hold the rules a reader uses"
            withheldReason = withheldReason.map { $0 + "; " + reason } ?? reason
        }
        let out = comparisons.map { c -> ReadingComparisonRelease in
            let base = standard.table(c.table.name) ?? ReleaseProtection.unsuppressed(c.base)
            let alternatives = c.alternatives.map { alt -> Alternative in
                if alt.choice == .code21, let m = membership?.published {
                    let name = ReadingComparison.alternativeName(c.table.name, alt.choice, alt.reading)
                    return Alternative(choice: alt.choice, from: alt.from, reading: alt.reading, table: m.tables[name],
                                       movements: c.table == .summary ? m.movements : nil, movers: nil, moversPublished: false)
                }
                if alt.choice.publishesOnlyMovers {
                    // The movers of two tables of one choice subtract: each is the children who change cohorts
                    // (or enter or leave the population), the same for every table, plus those who keep their cohorts
                    // and take another value of this table. That second count is a cell like any other, so a table's
                    // movers are hidden when it is from 1 to the threshold, whatever other tables a release prints
                    // (a release of the summary alone and one of the need table alone would subtract too).
                    let hidden = Publication.isSmall(alt.movers, threshold: threshold)
                        || Publication.isSmall(alt.movers - alt.cohortMovers, threshold: threshold)
                        || !moversBoundNothing(alt, standard: standard, threshold: threshold)
                    return Alternative(choice: alt.choice, from: alt.from, reading: alt.reading, table: nil, movements: nil,
                                       movers: hidden ? nil : alt.movers, moversPublished: true)
                }
                let name = ReadingComparison.alternativeName(c.table.name, alt.choice, alt.reading)
                let movesName = ReadingComparison.movementName(c.table.name, alt.choice, from: alt.from, to: alt.reading)
                return Alternative(choice: alt.choice, from: alt.from, reading: alt.reading, table: protectedLinked[name],
                                   movements: protectedLinked[movesName], movers: nil, moversPublished: false)
            }
            return ReadingComparisonRelease(table: c.table, base: base, alternatives: alternatives)
        }
        return Set(comparisons: out, threshold: threshold, protection: needed, audit: audit, withheldReason: withheldReason,
                   stoppedByClock: limit.stoppedByClock, work: limit.spent)
    }

    /// Whether the number of children a reading of membership moves says nothing of the standard release's
    /// hidden cells. Under `--code-21 ignored` only children whose first assessment has code 21 can move, so
    /// the count is at most the factor table's 21 column over the population (A's and B's cells): while it is
    /// at most A's 21 count, shown, that relation bounds nothing; else it is hidden. The other two relate to
    /// nothing the standard release publishes (start dates, same-day assessments) beyond the population.
    static func moversBoundNothing(_ alt: ReadingComparison.Alternative, standard: ProtectedRelease, threshold: Int) -> Bool {
        guard threshold > 0 else { return true }
        guard alt.choice == .code21 else { return true }
        guard let factor = standard.table(ReportTable.dimension(.factor).name),
              let a = factor.table.rows.firstIndex(where: { $0.id == "A" }),
              let c = factor.table.columns.firstIndex(of: "21"), !factor.isHidden(a, c) else { return false }
        return alt.movers <= factor.table.counts[a][c]
    }

    /// The linked tables protected beside the standard scope and the releases a reader already holds, in
    /// one model: the standard cells as it publishes them (never hidden or shown otherwise; its hidden cells
    /// at least its `hiddenMinimum`), every held release's cells as it published them (an earlier side by
    /// side's hidden cells at least 0), every linked cell from 0 to the threshold hidden (zeros too: a hidden
    /// movement next to published zeros would otherwise say how many children split a hidden count), and
    /// more linked cells hidden until every hidden cell's range, the standard's and the held releases'
    /// included, spans `needed`. A linked table a held release published already keeps its pattern (what
    /// it showed is public; what it hid stays hidden), so two side by sides never say different things of
    /// one cell. Then every hidden cell is proven again to span it on the result, in a fresh program (the
    /// audit); nil tables when any does not, the search spent its budget (`spent`) or a cell could not be protected.
    static func protectLinked(engine: CohortEngine, standard: ProtectedRelease, linked: [CohortTable], threshold: Int, needed: Int,
                              earlier: [HeldRelease] = [], limit: ProtectionBudget) -> (tables: [SuppressedTable]?, audit: DisclosureAuditResult, spent: Bool) {
        let timing = ProtectionTiming.fromEnvironment()
        let scope = standard.tables.map(\.table)
        let tables = scope + linked
        let release = PublishedRelease(tables: tables.map(ReleaseProtection.publishedAll), population: .shown(engine.populationSize),
                                       cohorts: engine.cohorts.map { ($0.id, Optional($0.expression)) })
        let releases = earlier.map(\.published) + [release]
        let model = ReleaseModel(releases: releases)
        // Every release's tables in the model's numbering (a cell's `table`), for naming cells.
        let named = PublishedRelease(tables: releases.flatMap(\.tables), population: release.population, cohorts: release.cohorts)
        let last = earlier.count
        let offset = earlier.reduce(0) { $0 + $1.published.tables.count }
        var truth = model.cells.map { $0.published ?? 0 }
        var hidden = [Bool](repeating: false, count: model.cells.count)
        var eligible = hidden
        var minimums = [Int](repeating: 0, count: model.cells.count)
        // What a held release published of each linked table, by name and cell: nil where it hid the cell.
        var heldShown: [String: [[Int?]]] = [:]
        for h in earlier { for t in h.published.tables where ReadingComparison.isLinkedName(t.name) { heldShown[t.name] = t.cells } }
        for (k, h) in earlier.enumerated() {
            let cells = model.cells.indices.filter { model.cells[$0].release == k }
            for (n, i) in cells.enumerated() where h.truth.indices.contains(n) {
                truth[i] = h.truth[n]
                hidden[i] = model.cells[i].published == nil
                minimums[i] = h.published.hiddenMinimum
            }
        }
        for (i, cell) in model.cells.enumerated() where cell.release == last {
            let t = cell.table - offset
            if cell.table < 0 {
                hidden[i] = standard.populationHidden; minimums[i] = standard.hiddenMinimum
            } else if t < scope.count {
                hidden[i] = standard.tables[t].isHidden(cell.row, cell.column); minimums[i] = standard.hiddenMinimum
            } else if let total = tables[t].totalColumn, cell.column == total {
                // A Total is the cohort's size: hidden as the standard release hides that size, never to protect others.
                let base = scope.firstIndex { $0.name == ReportTable.summary.name }
                hidden[i] = base.map { standard.tables[$0].isHidden(cell.row, 0) } ?? true
            } else if let shown = heldShown[tables[t].name], shown.indices.contains(cell.row), shown[cell.row].indices.contains(cell.column) {
                hidden[i] = shown[cell.row][cell.column] == nil
            } else {
                hidden[i] = !cell.structuralZero && truth[i] <= threshold
                eligible[i] = !cell.structuralZero
            }
        }
        // A hidden 0 that published zeros force to 0 tells a reader nothing more shown (a movement from a
        // value no child of the cohort has): shown, as `ReleaseProtection.protect` shows them.
        while true {
            let forced = model.forcedZero(published: model.cells.indices.filter { !hidden[$0] && truth[$0] == 0 })
            let release = forced.filter { hidden[$0] && truth[$0] == 0 && eligible[$0] }
            if release.isEmpty { break }
            for c in release { hidden[c] = false }
        }
        var fixed: [Int: (value: Double, whilePublished: [Int])] = [:]
        for (k, n) in (earlier.map(\.population) + [engine.populationSize]).enumerated() {
            if let cells = ReleaseProtection.populationCells(model, release: k) { fixed[model.populationUnknowns[k]] = (Double(n), cells) }
        }
        let result = repairAndAudit(model: model, named: named, truth: truth, hidden: &hidden, eligible: eligible, minimums: minimums,
                                    fixed: fixed, needed: needed, limit: limit, timing: timing, earlier: earlier.count)
        guard result.proven else { return (nil, result.audit, result.spent) }
        let audit = result.audit
        var masks = linked.map { t in t.counts.map { $0.map { _ in false } } }
        for (i, cell) in model.cells.enumerated() where hidden[i] && cell.release == last && cell.table - offset >= scope.count {
            masks[cell.table - offset - scope.count][cell.row][cell.column] = true
        }
        return (linked.indices.map { SuppressedTable(table: linked[$0], threshold: threshold, hidden: masks[$0]) }, audit, false)
    }

    /// More cells hidden until every hidden cell of `model` spans `needed` (`ReleaseProtection.repair`, by components),
    /// then every hidden cell proven again on the result in a fresh program (the writer's audit): `proven` when the
    /// search ended within its budget (`spent` when it did not), every cell could be protected and the audit is clean.
    static func repairAndAudit(model: ReleaseModel, named: PublishedRelease, truth: [Int], hidden: inout [Bool], eligible: [Bool],
                               minimums: [Int], fixed: [Int: (value: Double, whilePublished: [Int])], needed: Int,
                               limit: ProtectionBudget, timing: ProtectionTiming?, earlier: Int) -> (proven: Bool, audit: DisclosureAuditResult, spent: Bool) {
        var timedOut = false
        var unprotectable = 0
        let components = ReleaseProtection.independentComponents(model, hidden: hidden, truth: truth)
        for part in components.cells {
            let solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, cells: part, pinned: components.pinned,
                                       fixed: fixed, minimums: minimums)
            unprotectable += ReleaseProtection.repair(solver, truth: truth, needed: needed, eligible: eligible, limit: limit, timedOut: &timedOut, byPoints: true)
            for c in part where solver.hidden[c] { hidden[c] = true }
            if timedOut { break }
        }
        if !timedOut, unprotectable > 0 {
            let solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, fixed: fixed, minimums: minimums)
            unprotectable = ReleaseProtection.repair(solver, truth: truth, needed: needed, eligible: eligible, limit: limit, timedOut: &timedOut, byPoints: true)
            hidden = solver.hidden
        }
        timing?.mark("side by side: repair over \(components.cells.count) group(s) beside \(earlier) held release(s)")
        // The audit: every hidden cell's range on the result, as a reader holding all of it works it out.
        let reader = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, fixed: fixed, minimums: minimums)
        var ranges: [HiddenCellRange] = []
        let consistent = reader.isFeasible()
        if consistent {
            // A writer's audit: each hidden cell proven to span the protection (two values `needed` apart, or no
            // upper limit); a cell that is not, by its exact range. In the components the repair used (the part
            // sizes the published sizes pin, which no hidden cell unpins: no size cell is hidden), each a fresh
            // program of its own, as `DisclosureAudit` proves a release's cells; a cell of none in the whole.
            // A point a search found moves other hidden cells too: each it moves `needed` from its count is proven
            // by that point and the true counts, two points the published numbers allow, without a search of its own.
            var byCell: [Int: HiddenCellRange] = [:]
            func prove(_ solver: ReleaseSolver, _ cells: [Int]) {
                var byPoint: [Int: ClosedRange<Int>] = [:]
                var open = cells.filter { hidden[$0] && byCell[$0] == nil }
                for i in open {
                    let cell = model.cells[i]
                    if let proven = byPoint[i] {
                        byCell[i] = DisclosureAudit.name(of: cell, in: named, minimum: proven.lowerBound, maximum: proven.upperBound)
                        byCell[i]?.atLeast = true
                        continue
                    }
                    let check = ReleaseProtection.rangeCheck(solver, cell: i, truth: truth[i], needed: needed)
                    open.removeAll { $0 <= i || byPoint[$0] != nil }
                    for (j, value) in solver.movedAtLastPoint(open, truth: truth, distance: needed) {
                        byPoint[j] = min(truth[j], value)...max(truth[j], value)
                    }
                    if check.passes {
                        byCell[i] = DisclosureAudit.name(of: cell, in: named, minimum: check.proven?.lowerBound ?? truth[i],
                                                         maximum: check.unbounded ? nil : check.proven?.upperBound)
                        byCell[i]?.atLeast = true
                    } else {
                        let (low, high) = DisclosureAudit.exactRange(solver, cell: i, minimum: minimums[i])
                        byCell[i] = DisclosureAudit.name(of: cell, in: named, minimum: low, maximum: high)
                    }
                }
            }
            if components.cells.count > 1 {
                for part in components.cells where part.contains(where: { hidden[$0] }) {
                    prove(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, cells: part, pinned: components.pinned,
                                        fixed: fixed, minimums: minimums), part)
                }
            }
            prove(reader, Array(model.cells.indices))
            ranges = model.cells.indices.compactMap { byCell[$0] }
        }
        timing?.mark("side by side: the writer's audit of \(ranges.count) hidden cell(s)")
        timing?.finish(model: model, hidden: hidden.filter { $0 }.count)
        let audit = DisclosureAuditResult(ranges: ranges, protection: needed, consistent: consistent, hiddenMinimum: 0)
        return (!timedOut && unprotectable == 0 && audit.isClean, audit, timedOut)
    }
}
