import Foundation

/// `code-21`'s side by side: every table of the scope under `--code-21 ignored` and the children by cohort under
/// each reading, protected as one release with the standard release in the joint model of both readings
/// (`ReleaseModel.init(membership:)`, docs/privacy.md, "Readings side by side").
struct MembershipSideBySide {
    /// The other reading's tables by their side-by-side names (`age@code-21:ignored`), protected.
    var tables: [String: SuppressedTable]
    /// The movements between cohorts (`summary@code-21:counts>ignored`), protected.
    var movements: SuppressedTable

    /// The protection's result: the tables, or why they are not published.
    struct Outcome {
        var published: MembershipSideBySide?
        var audit: DisclosureAuditResult?
        var reason: String?
        /// Whether the extract was read for it (else the run's readings, another choice's side by side or the ledger's
        /// releases ruled it out before: the number of children who change is published, as for the other choices).
        var attempted = false
    }

    static let reading = Code21Rule.ignored.rawValue

    /// The other reading's scope and the movements, protected beside `standard` (the engine's protected scope): the
    /// standard cells as it publishes them, every other cell from 0 to the threshold hidden (zeros too; zeros the
    /// rules or published zeros force shown), more hidden until every hidden cell spans `needed`, then proven again
    /// (`ReadingComparisonRelease.repairAndAudit`). The other choices' side-by-side tables of the same run (`linked`:
    /// each other reading's table and its movements, `ReleaseModel.linkReadings`, protected beside the standard release
    /// already) are held as they are published, in the same model: a reader holds them all, and they keep the pattern
    /// they have without code-21. Not published beside earlier releases (the ledger's): they are not read in the joint
    /// model.
    static func protect(engine: CohortEngine, standard: ProtectedRelease, linked: [SuppressedTable], threshold: Int, needed: Int,
                        earlier: Int, limit: ProtectionBudget) -> Outcome {
        guard MembershipMovements.modelled(engine.settings, cohorts: engine.cohorts) else {
            return Outcome(reason: "the joint model of code-21's readings is built for --code-21 counts, --first-assessment authorisation, "
                           + "--same-day union and --window-from authorisation with the standard cohorts")
        }
        guard earlier == 0 else {
            return Outcome(reason: "code-21's tables under the other reading are protected beside the standard release alone, "
                           + "not beside the release ledger's releases of this extract and year")
        }
        guard let settings = ReadingChoice.code21.setting(reading, in: engine.settings) else { return Outcome(reason: "no reading \(reading)") }
        var other = engine
        other.apply(settings: settings)
        let moves = MembershipMovements.compute(engine, other)
        guard moves.obeysRules else {
            return Outcome(reason: "some children of the extract change under --code-21 ignored as docs/definitions.md says they cannot, "
                           + "so the protection cannot hold the rules a reader uses", attempted: true)
        }
        var movementTable = moves.table
        movementTable.name = ReadingComparison.movementName(ReportTable.summary.name, .code21, from: Code21Rule.counts.rawValue, to: reading)
        let otherTables = ReportTables.scopeTables(engine: other, filter: .none)
        func renamed(_ t: CohortTable) -> CohortTable {
            var n = t
            n.name = ReadingComparison.alternativeName(t.name, .code21, reading)
            return n
        }
        if threshold == 0 {
            return Outcome(published: MembershipSideBySide(
                tables: Dictionary(uniqueKeysWithValues: otherTables.map { (renamed($0).name, ReleaseProtection.unsuppressed(renamed($0))) }),
                movements: ReleaseProtection.unsuppressed(movementTable)))
        }
        let timing = ProtectionTiming.fromEnvironment()
        let scope = standard.tables.map(\.table)
        let cohorts = engine.cohorts.map { ($0.id, Optional($0.expression)) }
        let standardRelease = PublishedRelease(tables: (scope + linked.map(\.table)).map(ReleaseProtection.publishedAll),
                                               population: .shown(engine.populationSize), cohorts: cohorts)
        let otherRelease = PublishedRelease(tables: otherTables.map(ReleaseProtection.publishedAll), population: .shown(other.populationSize),
                                            cohorts: cohorts, hiddenMinimum: 0)
        let movementsPublished = ReleaseProtection.publishedAll(movementTable)
        guard var model = ReleaseModel(membership: MembershipReadings(standard: standardRelease, other: otherRelease, movements: movementsPublished,
                                                                      ageBandMoves: engine.settings.ageAt == .start)) else {
            return Outcome(reason: "a cohort's rule is not known")
        }
        // Each difference (a count under `ignored` less its count under `counts`) a cell of the model too, shifted past
        // any negative value (every count is at most its population) so that it is a sum of unknowns at least 0.
        let offset = 2 * max(engine.populationSize, other.populationSize) + 1
        let joint = model.membershipDifferencePairs(tables: scope.count, columns: standardRelease.tables.map(\.columns))
        timing?.mark("code-21 side by side: the joint model")
        let named = PublishedRelease(tables: standardRelease.tables + otherRelease.tables + [movementsPublished] + joint.tables,
                                     population: standardRelease.population, cohorts: cohorts)
        var truth = model.cells.map { $0.published ?? 0 }
        var hidden = [Bool](repeating: false, count: model.cells.count)
        var eligible = hidden
        var minimums = [Int](repeating: 0, count: model.cells.count)
        for (i, cell) in model.cells.enumerated() {
            if cell.release == 0 && cell.table < scope.count {
                hidden[i] = cell.table < 0 ? standard.populationHidden
                    : standard.tables.indices.contains(cell.table) && standard.tables[cell.table].isHidden(cell.row, cell.column)
                minimums[i] = standard.hiddenMinimum
            } else if cell.release == 0 {
                // Another choice's side by side, as published (its hidden cells at least 0).
                let t = cell.table - scope.count
                hidden[i] = linked.indices.contains(t) && linked[t].isHidden(cell.row, cell.column)
            } else {
                hidden[i] = !cell.structuralZero && truth[i] <= threshold
                eligible[i] = !cell.structuralZero
            }
        }
        var fixed: [Int: (value: Double, whilePublished: [Int])] = [:]
        for (k, n) in [engine.populationSize, other.populationSize].enumerated() {
            if let cells = ReleaseProtection.populationCells(model, release: k) { fixed[model.populationUnknowns[k]] = (Double(n), cells) }
        }
        // Cells of the other reading that the standard release and the rules determine whatever the other reading's
        // cells (B's children all stay in B, so B -> C is C's size): a reader knows them already, and hiding one would
        // protect nothing: shown, never hidden to protect others.
        let unknownOther = model.cells.indices.map { hidden[$0] || model.cells[$0].release == 1 }
        let standardReader = ReleaseSolver(model: model, hidden: unknownOther, hiddenMinimum: 0, fixed: fixed, minimums: minimums)
        for i in model.cells.indices where model.cells[i].release == 1 && eligible[i] {
            let range = DisclosureAudit.exactRange(standardReader, cell: i, minimum: 0)
            if range.minimum == range.maximum { hidden[i] = false; eligible[i] = false }
        }
        timing?.mark("code-21 side by side: the cells the standard release determines")
        // A difference from 1 to the threshold in absolute value is a small group of children (in B to E, the children
        // of A who arrive in a cell): hidden with its count under `ignored`, as a movement of that size is.
        for d in joint.pairs where !hidden[d.standard] && !hidden[d.other] && eligible[d.other]
            && MembershipDifference.isSmall(truth[d.other] - truth[d.standard], threshold: threshold) {
            hidden[d.other] = true
        }
        // A hidden 0 that published zeros force to 0 tells a reader nothing more shown: shown.
        while true {
            let forced = model.forcedZero(published: model.cells.indices.filter { !hidden[$0] && truth[$0] == 0 })
            let release = forced.filter { hidden[$0] && truth[$0] == 0 && eligible[$0] }
            if release.isEmpty { break }
            for c in release { hidden[c] = false }
        }
        // A difference is hidden while either of its counts is: then a cell of the model (added last, so that no other
        // cell's number moves), which must span the protection too. A count hidden to protect another hides its
        // difference: repaired again until no more differences are hidden.
        var differences: [Int: MembershipDifference] = [:]
        func hideDifferences() -> Bool {
            var more = false
            for (k, pair) in joint.pairs.enumerated() where differences[k] == nil && (hidden[pair.standard] || hidden[pair.other]) {
                let d = model.addMembershipDifference(pair, offset: offset)
                differences[k] = d
                truth.append(offset + truth[d.other] - truth[d.standard])
                hidden.append(true); eligible.append(false); minimums.append(0)
                more = true
            }
            return more
        }
        _ = hideDifferences()
        var result: (proven: Bool, audit: DisclosureAuditResult, spent: Bool)
        repeat {
            result = ReadingComparisonRelease.repairAndAudit(model: model, named: named, truth: truth, hidden: &hidden, eligible: eligible,
                                                             minimums: minimums, fixed: fixed, needed: needed,
                                                             limit: limit, timing: timing, earlier: 0)
        } while result.proven && hideDifferences()
        // The differences' ranges as the differences (unshifted).
        let differenceTables = Set(joint.tables.map(\.name))
        for k in result.audit.ranges.indices where differenceTables.contains(result.audit.ranges[k].table) {
            result.audit.ranges[k].minimum -= offset
            result.audit.ranges[k].maximum = result.audit.ranges[k].maximum.map { $0 - offset }
        }
        guard result.proven else {
            return Outcome(audit: result.audit, reason: "their protection beside the standard release was not proven (disclosure audit not clean)",
                           attempted: true)
        }
        // Masks of the tables after the standard scope, in the model's order: the linked, the other reading's, the movements.
        let all = linked.map(\.table) + otherTables + [movementTable]
        var masks = all.map { t in t.counts.map { $0.map { _ in false } } }
        var populationHidden = false
        for (i, cell) in model.cells.enumerated() where hidden[i] && (cell.release == 1 || cell.table >= scope.count) {
            let t = cell.table - scope.count
            if cell.table < 0 { populationHidden = true; continue }
            guard masks.indices.contains(t), masks[t].indices.contains(cell.row), masks[t][cell.row].indices.contains(cell.column) else { continue }
            masks[t][cell.row][cell.column] = true
        }
        var tables: [String: SuppressedTable] = [:]
        for (t, table) in otherTables.enumerated() {
            let n = renamed(table)
            tables[n.name] = SuppressedTable(table: n, threshold: threshold, hidden: masks[linked.count + t],
                                             populationHidden: table.name == ReportTable.summary.name && populationHidden)
        }
        let movements = SuppressedTable(table: movementTable, threshold: threshold, hidden: masks[linked.count + otherTables.count])
        return Outcome(published: MembershipSideBySide(tables: tables, movements: movements), audit: result.audit)
    }
}
