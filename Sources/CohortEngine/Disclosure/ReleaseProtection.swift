import Foundation

/// The tables of one release after disclosure control, protected together (docs/privacy.md).
public struct ProtectedRelease: Sendable, Equatable {
    public var tables: [SuppressedTable]
    /// The (filtered) population, hidden when it or its complement is small, or to protect a cell.
    public var populationHidden: Bool
    public var threshold: Int
    /// Required width of every hidden cell's feasible range (max - min).
    public var protection: Int
    /// 0 when a hidden cell may be 0 (a filtered release), else 1.
    public var hiddenMinimum: Int
    /// Cells hidden because they are small (or their complement in the unfiltered table is).
    public var primaryCount: Int { tables.reduce(0) { $0 + $1.primaryCount } }
    /// Cells hidden to protect others.
    public var secondaryCount: Int { tables.reduce(0) { $0 + $1.hiddenCount } - primaryCount }
    /// The sum of the hidden counts (the cost of protection: information withheld).
    public var hiddenTotal: Int { tables.reduce(0) { $0 + $1.hiddenTotal } }
    /// Hidden cells whose range could not be widened to `protection` (never expected; the audit names them).
    public var unprotectable: Int
    /// Custom cohorts whose rows are withheld whole (every cell hidden, zeros too): their protection was
    /// not proven within the time budget, so nothing about them is published (docs/privacy.md).
    public var withheldCohorts: [String] = []
    /// Of `withheldCohorts`, those withheld because the wall-clock safety stop fired, not the work budget: which
    /// cohorts a machine that slow withholds is not repeatable (`ProtectionBudget`); said on stderr and in
    /// release.json (docs/privacy.md). Empty on any machine that runs cinx at a usable speed.
    public var withheldByClock: [String] = []
    /// The work (`SolverWork` units) the custom cohorts' steps have spent, counted against their budget: an
    /// explorer that adds a cohort goes on from its last release with the budget left, as a report of all of
    /// them at once would (the same cohorts are then withheld either way).
    public var customCohortWork = 0
    /// Stopped by `ProtectionCancellation` before it was proven: never to be shown, cached or written.
    public var cancelled = false
    /// Earlier releases (`HeldRelease.name`) beside which this release could not be proven safe (in time, or
    /// at all): it is refused, naming them.
    public var notProvenBeside: [String] = []
    /// Whether `notProvenBeside` is the wall-clock safety stop's doing (or a solver's time limit), not the budget of
    /// work's: on a quieter or faster machine the same release may be proven.
    public var notProvenByClock = false
    /// Said after a refusal beside earlier releases when the clock, not the work, stopped it.
    public var clockNote: String {
        notProvenByClock ? " (the wall-clock safety stop fired before its budget of work was spent: this machine is too slow or too busy"
            + " for the result to be repeatable elsewhere)" : ""
    }
    /// For earlier releases not yet published (`HeldRelease.mayHide`, a regional pack's members): every cell's
    /// hidden flag after this release's protection, in `HeldRelease.truth`'s order, by name.
    public var earlierHidden: [String: [Bool]] = [:]
    /// The true part sizes the protection's proofs were found with (never published): the writer's audit
    /// looks for its own proofs on the same restrictions first (`DisclosureAudit.verdict`).
    public var partSizes: PartSizes? = nil
    /// Verified points of the model that prove its hidden cells protected (never published): the next custom
    /// cohort's step lifts them to its larger model, and the writer's audit checks them before it searches
    /// (`ProofCertificates`).
    public var certificates: ProofCertificates? = nil

    public func table(_ name: String) -> SuppressedTable? { tables.first { $0.table.name == name } }

    /// The tables `names` of this release, in that order (a part of a protected whole is protected:
    /// it tells a reader less than the whole). Unknown names are left out.
    public func subset(_ names: [String]) -> ProtectedRelease {
        var r = self
        r.tables = names.compactMap { n in tables.first { $0.table.name == n } }
        return r
    }
}

/// Primary suppression, query-set-size control for filtered counts, and secondary suppression
/// chosen by audit-and-repair over the release's linked model, as tau-Argus does: each hidden
/// cell's range is computed by integer programming, and while it is narrower than required the
/// cheapest published cell among the constraints that bind it is hidden too.
///
/// Why audit-and-repair rather than the hypercube method: the hypercube method protects each table's
/// cross-classification on its own and over-suppresses heavily on small tables, while the links that
/// matter here (cohorts nested in parts, ethnic group as a sum of codes, one set of cohort sizes
/// shared by every table) are what an attacker uses; the repair sees all of them at once.
public enum ReleaseProtection {
    /// The wall-clock safety stop of custom cohorts' protection, in seconds: a last resort far above what their
    /// work budget takes on any machine that runs cinx (docs/privacy.md, "Custom cohorts in bounded time").
    public static let defaultBudget: TimeInterval = 180
    /// The work (`SolverWork` units) all custom cohorts' steps of one release may spend together, and one step at
    /// most: a step past its allowance withholds its cohort. Counted in work, the same inputs withhold the same
    /// cohorts on any machine; the figures are calibrated on the demo (docs/privacy.md).
    public static let customCohortWork = 400_000
    public static let customCohortStepWork = 200_000
    /// The work (`SolverWork` units) a release may spend to be proven beside earlier releases (`cinx report
    /// --beside`, a ledger's, a regional pack's members): a written answer, not a keystroke; past it the release is
    /// refused, never published unproven. Counted in work, not seconds, so that whether a release is refused depends on
    /// the inputs, not on the machine's load (the third release of a chain on the demo spends about 210,000 units;
    /// docs/privacy.md).
    public static let besideWork = 1_000_000
    /// The wall-clock safety stop of a release proven beside earlier ones: a last resort far above what `besideWork`
    /// takes on any machine that runs cinx; when it fires, the refusal says so (`ProtectedRelease.notProvenByClock`).
    public static let besideBudget: TimeInterval = 900

    /// - Parameters:
    ///   - tables: the release's tables (true counts), all made with `filter`.
    ///   - unfiltered: the same tables without the filter (for query-set-size control); nil when unfiltered.
    ///   - population: the (filtered) population; `unfilteredPopulation` likewise.
    ///   - unfilteredRelease: the unfiltered tables as protected (a filtered count equal to a count it hides is hidden).
    ///   - protection: required width of every hidden cell's range; the DfE threshold by default.
    public static func protect(tables: [CohortTable], cohorts: [CohortDefinition], filter: Filter = .none,
                               unfiltered: [CohortTable]? = nil, population: Int, unfilteredPopulation: Int? = nil,
                               unfilteredRelease: ProtectedRelease? = nil, held: ProtectedRelease? = nil,
                               threshold: Int, protection: Int? = nil,
                               earlier: [HeldRelease] = [],
                               budget: TimeInterval = ReleaseProtection.defaultBudget, partSizes: PartSizes? = nil,
                               work: ProtectionBudget? = nil) -> ProtectedRelease {
        guard threshold > 0 else {
            return ProtectedRelease(tables: tables.map { unsuppressed($0) }, populationHidden: false, threshold: 0,
                                    protection: 0, hiddenMinimum: 1, unprotectable: 0)
        }
        let needed = max(1, protection ?? threshold)
        // Nothing to hide: an unfiltered standard release (no query-set-size control) with no count
        // from 1 to the threshold, population included, hides nothing, primary or secondary; a national
        // extract is usually so, and then needs no model.
        if filter.isEmpty && held == nil && cohorts.allSatisfy({ c in CohortDefinition.standard.contains(c) })
            && !(1...threshold).contains(population)
            && tables.allSatisfy({ t in t.counts.allSatisfy { row in row.allSatisfy { !(1...threshold).contains($0) } } }) {
            return ProtectedRelease(tables: tables.map { t in
                SuppressedTable(table: t, threshold: threshold, hidden: t.counts.map { $0.map { _ in false } }, populationHidden: false)
            }, populationHidden: false, threshold: threshold, protection: needed, hiddenMinimum: 1, unprotectable: 0)
        }
        let everyCount = PublishedRelease(tables: tables.map(publishedAll), population: .shown(population),
                                          cohorts: cohorts.map { ($0.id, $0.expression) }, filter: filter)
        let model = ReleaseModel(everyCount)
        // Building the model is work the step's budget counts (its size grows with the custom cohorts' parts).
        if work != nil { SolverWork.charge(terms: model.termCount) }
        let truth = model.cells.map { $0.published ?? 0 }

        // Primary: small counts; and query-set-size control: a filtered count, or a custom cohort's,
        // is hidden when its complement within any published count that contains it is small.
        func small(_ n: Int) -> Bool { Publication.isSmall(n, threshold: threshold) }
        let control = QuerySetSizeControl(tables: tables, unfiltered: unfiltered ?? tables, filter: filter, cohorts: cohorts,
                                          parts: model.parts, unfilteredPopulation: unfilteredPopulation ?? population,
                                          unfilteredRelease: unfilteredRelease)
        // Cells another release already publishes keep its pattern and are never hidden to protect
        // these: a reader holds both (the standard cohorts' cells when custom cohorts are added).
        let heldHidden: [Bool?] = model.cells.map { cell in
            guard let held else { return nil }
            // The population is one of them: the standard release shows it (or hides it) already.
            if cell.table < 0 { return held.populationHidden }
            guard tables.indices.contains(cell.table) else { return nil }
            let t = tables[cell.table]
            guard let h = held.table(t.name), let r = h.table.rows.firstIndex(where: { $0.id == t.rows[cell.row].id }),
                  h.table.columns.indices.contains(cell.column), h.table.columns[cell.column] == t.columns[cell.column] else { return nil }
            return h.isHidden(r, cell.column)
        }
        // A custom cell the held release already determines tells a reader nothing new: it is shown,
        // and never hidden (hiding it could not protect it; the audit would find it exact).
        let timing = ProtectionTiming.fromEnvironment()
        // The budget binds only where there is something to withhold (custom cohorts beside a held release):
        // a standard or filtered release is protected to its end.
        let limit: ProtectionBudget? = held == nil ? nil
            : (work ?? ProtectionBudget(work: earlier.isEmpty ? customCohortWork : besideWork, safetySeconds: budget))
        func primaryRule(_ i: Int) -> Bool {
            small(truth[i]) || control.hides(table: model.cells[i].table, row: model.cells[i].row, column: model.cells[i].column,
                                             count: truth[i], threshold: threshold)
        }
        // Custom cohorts beside a held release, with the true part sizes known: proofs on restrictions of the
        // model (`PartSizes`, `restrictedRepair`).
        let sizePins = held == nil ? nil : partSizes?.pins(model, sizes: true)
        let emptyPins = held == nil ? nil : partSizes?.pins(model, sizes: false)
        // The true counts as a point of the model, for certificates (proofs kept and lifted from step to step).
        // Below `SmallModelSearch.minimumParts` parts the searches are quick and the points they would keep rarely
        // lift (measured on the demo: recording them cost 0.3 to 0.5 s at two and three custom cohorts, more than
        // they saved), so certificates start with the step whose model is that large.
        let modelPoints = held == nil || sizePins == nil || model.parts.parts.count < SmallModelSearch.minimumParts ? nil
            : partSizes.flatMap { ModelPoints(model: model, partSizes: $0) }
        timing?.mark(modelPoints == nil ? "no certificates (the true counts are not a known point)" : "the true counts as a point")
        // The searches on a few cohorts' parts pay once the model of the non-empty parts is large (below
        // `SmallModelSearch.minimumParts` parts that model answers sooner: 0.1 s against 0.2 s at 20 parts).
        let small = modelPoints.flatMap { points in
            partSizes.map { SmallModelSearch(model: model, release: everyCount, partSizes: $0, full: points, radius: 2 * needed) }
        }
        let determined: Set<Int>
        var ineligible = Set<Int>()
        if let held, let sizePins, let emptyPins {
            (determined, ineligible) = heldReaderRestricted(model, heldHidden: heldHidden, heldMinimum: held.hiddenMinimum, truth: truth,
                                                            primary: primaryRule, factorTable: tables.firstIndex { $0.name == Dimension.factor.rawValue },
                                                            sizePins: sizePins, emptyPins: emptyPins,
                                                            relaxation: { CohortRelaxation(full: model, release: everyCount, keeping: $0) },
                                                            points: modelPoints, certificates: held.certificates, small: small,
                                                            limit: limit)
        } else {
            determined = held == nil ? [] : determinedByHeld(model, heldHidden: heldHidden, truth: truth, limit: limit)
        }
        timing?.mark("determined by the held release")
        var primary = [Bool](repeating: false, count: model.cells.count)
        for (i, cell) in model.cells.enumerated() where !cell.structuralZero {
            if let h = heldHidden[i] { primary[i] = h; continue }
            if determined.contains(i) { continue }
            primary[i] = primaryRule(i)
        }
        let eligible = heldHidden.indices.map { heldHidden[$0] == nil && !determined.contains($0) && !ineligible.contains($0) }
        // A hidden 0 that the published zeros already force to 0 tells a reader nothing more shown:
        // show it (hiding it could not protect it, and would only cost other cells).
        while true {
            let forced = model.forcedZero(published: model.cells.indices.filter { !primary[$0] && truth[$0] == 0 })
            let release = forced.filter { primary[$0] && truth[$0] == 0 && eligible[$0] }
            if release.isEmpty { break }
            for c in release { primary[c] = false }
        }
        let hiddenMinimum = model.cells.indices.contains { primary[$0] && truth[$0] == 0 } ? 0 : 1

        // The repair, on independent components of the model when the part sizes are pinned by the
        // published sizes (the usual case: the summary is shown), else on the whole model.
        var hidden = primary
        var unprotectable = 0
        // The population is known while the cells that sum to it are published (A and B's sizes).
        var fixed: [Int: (value: Double, whilePublished: [Int])] = [:]
        if let cells = populationCells(model) { fixed[model.populationUnknown] = (Double(population), cells) }
        var timedOut = false
        var withheld: [String] = []
        var cancelled = false
        var notProvenBeside: [String] = []
        var notProvenByClock = false
        var earlierHidden: [String: [Bool]] = [:]
        var certificates: ProofCertificates? = nil
        // Read with the standard release and the earlier releases a reader holds: protected with them in one model.
        let rules = cohorts.map { ($0.id, Optional($0.expression)) }
        let standard: HeldRelease? = !filter.isEmpty
            ? unfilteredRelease.map { HeldRelease($0, cohorts: rules, population: unfilteredPopulation ?? population, name: "standard") }
            : (earlier.isEmpty ? nil : held.map { h in
                HeldRelease(h, cohorts: cohorts.filter { CohortDefinition.standard.contains($0) }.map { ($0.id, Optional($0.expression)) },
                            population: population, name: "standard")
            })
        if let standard {
            var jointTimedOut = false
            let besideLimit = earlier.isEmpty ? nil : limit ?? ProtectionBudget(work: besideWork, safetySeconds: budget)
            if let joint = jointRepair(single: model, tables: tables, cohorts: cohorts, filter: filter, population: population,
                                       held: [standard] + earlier, hidden: primary, truth: truth, hiddenMinimum: hiddenMinimum,
                                       needed: needed, threshold: threshold, eligible: eligible,
                                       limit: besideLimit,
                                       timedOut: &jointTimedOut) {
                hidden = joint.hidden
                unprotectable = joint.unprotectable
                earlierHidden = joint.heldHidden
                cancelled = ProtectionCancellation.isRequested
                if jointTimedOut && !cancelled {
                    // Not proven in time beside the earlier releases: nothing new is published (every cell of the
                    // release hidden would still say the population; the release is refused instead).
                    unprotectable = max(1, unprotectable)
                    notProvenBeside = earlier.names
                    notProvenByClock = besideLimit?.stoppedByClock ?? false
                }
                return finish()
            } else if !earlier.isEmpty {
                unprotectable = max(1, unprotectable)
                notProvenBeside = earlier.names
                return finish()
            }
        }
        if let sizePins, let emptyPins {
            let book = modelPoints.map { PointBook(points: $0, minimum: { _ in hiddenMinimum }) }
            book?.add(held?.certificates)
            (hidden, unprotectable) = restrictedRepair(model, hidden: primary, truth: truth, hiddenMinimum: hiddenMinimum, needed: needed,
                                                       eligible: eligible, sizePins: sizePins, emptyPins: emptyPins, fixed: fixed,
                                                       limit: limit, timedOut: &timedOut, book: book, small: small)
            certificates = book?.kept(for: hidden.indices.filter { hidden[$0] }, hidden: hidden, distance: needed)
            timing?.mark("repair on the model restricted to the true part sizes (\(book?.verifiedCount ?? 0) points verified, "
                         + "\(certificates?.points.count ?? 0) kept)")
            return withholdIfTimedOut()
        }
        let components = independentComponents(model, hidden: primary, truth: truth)
        for part in components.cells {
            let solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: hiddenMinimum, cells: part, pinned: components.pinned,
                                       fixed: fixed)
            unprotectable += repair(solver, truth: truth, needed: needed, eligible: eligible, limit: limit, timedOut: &timedOut)
            for c in part where solver.hidden[c] { hidden[c] = true }
            if timedOut { break }
        }
        timing?.mark("repair over \(components.cells.count) group(s) of linked tables")
        if !timedOut, unprotectable > 0 && components.cells.count > 1 {
            // A cell its component cannot protect may need a size hidden: repair the whole model,
            // from what is hidden so far (hiding more never narrows a range).
            let solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: hiddenMinimum, fixed: fixed)
            unprotectable = repair(solver, truth: truth, needed: needed, eligible: eligible, limit: limit, timedOut: &timedOut)
            hidden = solver.hidden
        }
        return withholdIfTimedOut()

        /// Not proven in time: nothing about the custom cohorts is published (their rows withheld whole,
        /// zeros too), which tells a reader nothing beyond the held release. Without custom cohorts there
        /// is nothing to withhold, and the search runs to its end.
        func withholdIfTimedOut() -> ProtectedRelease {
            cancelled = ProtectionCancellation.isRequested
            if timedOut, held != nil, !cancelled {
                let heldIDs = Set(held?.tables.first?.table.rows.map(\.id) ?? [])
                withheld = cohorts.map(\.id).filter { !heldIDs.contains($0) }
                for (i, cell) in model.cells.enumerated() where cell.table >= 0 && withheld.contains(tables[cell.table].rows[cell.row].id) {
                    hidden[i] = true
                }
                unprotectable = 0
            }
            return finish()
        }

        /// The release from the cells hidden.
        func finish() -> ProtectedRelease {
            timing?.finish(model: model, hidden: hidden.filter { $0 }.count)
            var masks = tables.map { t in t.counts.map { $0.map { _ in false } } }
            var primaryMasks = masks
            var populationHidden = false
            for (i, cell) in model.cells.enumerated() where hidden[i] {
                if cell.table < 0 { populationHidden = true } else {
                    masks[cell.table][cell.row][cell.column] = true
                    primaryMasks[cell.table][cell.row][cell.column] = primary[i]
                }
            }
            let out = tables.indices.map {
                SuppressedTable(table: tables[$0], threshold: threshold, hidden: masks[$0], populationHidden: populationHidden,
                                primary: primaryMasks[$0])
            }
            return ProtectedRelease(tables: out, populationHidden: populationHidden, threshold: threshold, protection: needed,
                                    hiddenMinimum: hiddenMinimum, unprotectable: unprotectable, withheldCohorts: withheld, cancelled: cancelled,
                                    notProvenBeside: notProvenBeside, notProvenByClock: notProvenByClock, earlierHidden: earlierHidden,
                                    certificates: certificates)
        }
    }

    /// The repair of a release read with the releases its reader also holds (the standard release, and
    /// every earlier release of the same children): all in one model (`ReleaseModel(releases:)`), the held
    /// releases' cells as they publish them (their hidden cells at least their `hiddenMinimum`, checked again
    /// beside the new ones) and only the new release's cells eligible to hide. nil when they cannot be read
    /// together (more than `DisclosureAudit.maxJointConditions` value conditions).
    static func jointRepair(single: ReleaseModel, tables: [CohortTable], cohorts: [CohortDefinition], filter: Filter, population: Int,
                            held: [HeldRelease], hidden: [Bool], truth: [Int], hiddenMinimum: Int,
                            needed: Int, threshold: Int, eligible: [Bool], limit: ProtectionBudget? = nil, timedOut: inout Bool)
        -> (hidden: [Bool], unprotectable: Int, heldHidden: [String: [Bool]])? {
        let rules = cohorts.map { ($0.id, Optional($0.expression)) }
        let new = PublishedRelease(tables: tables.map(publishedAll), population: .shown(population), cohorts: rules, filter: filter)
        let releases = held.map(\.published) + [new]
        let conditions = releases.reduce(into: Set<Filter.DimensionCondition>()) { $0.formUnion($1.filter.dimensions) }
        guard conditions.count <= DisclosureAudit.maxJointConditions else { return nil }
        let model = ReleaseModel(releases: releases)
        let last = held.count
        let newCells = model.cells.indices.filter { model.cells[$0].release == last }
        guard newCells.count == single.cells.count else { return nil }
        var jointHidden = [Bool](repeating: false, count: model.cells.count)
        var jointTruth = [Int](repeating: 0, count: model.cells.count)
        var minimums = [Int](repeating: hiddenMinimum, count: model.cells.count)
        var jointEligible = [Bool](repeating: false, count: model.cells.count)
        // Each held release's cells in model order (its tables, then its population).
        for (k, h) in held.enumerated() {
            let cells = model.cells.indices.filter { model.cells[$0].release == k }
            guard h.truth.count == cells.count else { return nil }
            for (i, j) in cells.enumerated() {
                jointHidden[j] = model.cells[j].published == nil
                jointTruth[j] = h.truth[i]
                minimums[j] = h.published.hiddenMinimum
                // A release not yet published (a pack's member) may hide more to protect this one.
                jointEligible[j] = h.mayHide && !jointHidden[j] && !model.cells[j].structuralZero && h.truth[i] > 0
            }
        }
        for (i, j) in newCells.enumerated() {
            jointHidden[j] = hidden[i]; jointTruth[j] = truth[i]; jointEligible[j] = eligible[i]
        }
        var fixed: [Int: (value: Double, whilePublished: [Int])] = [:]
        for (k, n) in (held.map(\.population) + [population]).enumerated() {
            if let cells = populationCells(model, release: k) { fixed[model.populationUnknowns[k]] = (Double(n), cells) }
        }
        // What the held releases alone already say of the new cells is shown, and never hidden to protect
        // others (hiding it could not protect it, and a reader would find it exact): a 0 their published zeros
        // force, and a count their published cells determine (the males of A are its Male column).
        let forced = model.forcedZero(published: model.cells.indices.filter { !jointHidden[$0] && jointTruth[$0] == 0 })
        for j in newCells where jointHidden[j] && jointTruth[j] == 0 && forced.contains(j) { jointHidden[j] = false; jointEligible[j] = false }
        let reader = ReleaseSolver(model: model, hidden: model.cells.indices.map { model.cells[$0].release == last || jointHidden[$0] },
                                   hiddenMinimum: 0, fixed: fixed, minimums: minimums.indices.map { model.cells[$0].release == last ? 0 : minimums[$0] })
        // Asked of the hidden cells only, before the repair and of its choices after (a cell the held
        // releases determine never helps to protect another, so the repair only wastes it). A point a search
        // finds, the true counts being another, moves other new cells too: each it moves is not determined, and
        // is not asked again (one search answers for a row of cells; beside a side by side each is seconds).
        var movable = Set<Int>()
        func determined(_ j: Int) -> Bool {
            guard jointTruth[j] > 0, !model.cells[j].structuralZero, !movable.contains(j) else { return false }
            for (target, maximise) in [(jointTruth[j] + 1, true), (jointTruth[j] - 1, false)]
                where reader.reaches(cell: j, target: Double(target), maximise: maximise) != false {
                movable.formUnion(reader.movedAtLastPoint(newCells, truth: jointTruth, distance: 1).map(\.cell))
                return false
            }
            return true
        }
        // A count from 1 to the threshold is never shown because releases not yet published (a pack's
        // members) determine it: they hide more instead (the repair below reaches for their cells).
        let heldMayHide = held.contains { $0.mayHide }
        func showable(_ j: Int) -> Bool { !(heldMayHide && Publication.isSmall(jointTruth[j], threshold: threshold)) }
        // Past the deadline the repair would stop at once and the release be refused: it stops here instead.
        func past() -> Bool {
            if ProtectionCancellation.isRequested || limit?.isSpent == true { timedOut = true }
            return timedOut
        }
        for j in newCells where jointHidden[j] && showable(j) && !past() && determined(j) { jointHidden[j] = false; jointEligible[j] = false }
        var unprotectable = 0
        var result = jointHidden
        let components = independentComponents(model, hidden: jointHidden, truth: jointTruth)
        for part in components.cells where !timedOut {
            let solver = ReleaseSolver(model: model, hidden: result, hiddenMinimum: hiddenMinimum, cells: part, pinned: components.pinned,
                                       fixed: fixed, minimums: minimums)
            unprotectable += repair(solver, truth: jointTruth, needed: needed, eligible: jointEligible, limit: limit, timedOut: &timedOut)
            for c in part where solver.hidden[c] { result[c] = true }
            if timedOut { break }
        }
        if !timedOut, unprotectable > 0 && components.cells.count > 1 {
            let solver = ReleaseSolver(model: model, hidden: result, hiddenMinimum: hiddenMinimum, fixed: fixed, minimums: minimums)
            unprotectable = repair(solver, truth: jointTruth, needed: needed, eligible: jointEligible, limit: limit, timedOut: &timedOut)
            result = solver.hidden
        }
        // What the held releases determine is shown again, unless the repair hid some of theirs (the reader of
        // the held releases as they were is then not the reader of what will be published).
        let heldChanged = model.cells.indices.contains { model.cells[$0].release != last && result[$0] != jointHidden[$0] }
        if !heldChanged {
            for j in newCells where result[j] && !jointHidden[j] && showable(j) && !timedOut && determined(j) { result[j] = false }
        }
        var heldHidden: [String: [Bool]] = [:]
        for (k, h) in held.enumerated() where h.mayHide {
            heldHidden[h.name] = model.cells.indices.filter { model.cells[$0].release == k }.map { result[$0] }
        }
        return (newCells.map { result[$0] }, unprotectable, heldHidden)
    }

    /// Published size cells whose parts are the population's, each once: the population cell, or
    /// two cohorts that partition it (A and B). nil when there are none.
    static func populationCells(_ model: ReleaseModel, release k: Int = 0) -> [Int]? {
        let sizes = Set(model.partSizeUnknowns)
        let population = Set(model.parts.populationParts.filter { model.partScope[$0][k] }.map { model.partSizeUnknowns[$0] })
        let candidates = model.cells.indices.filter { i in
            let c = model.cells[i]
            return c.release == k && !c.terms.isEmpty && c.terms.allSatisfy { sizes.contains($0) }
                && Set(c.terms).isSubset(of: population) && c.terms.count == Set(c.terms).count
        }
        if let whole = candidates.first(where: { Set(model.cells[$0].terms) == population }) { return [whole] }
        for (k, a) in candidates.enumerated() {
            let sa = Set(model.cells[a].terms)
            for b in candidates[(k + 1)...] {
                let sb = Set(model.cells[b].terms)
                if sa.isDisjoint(with: sb) && sa.union(sb) == population { return [a, b] }
            }
        }
        return nil
    }

    /// Cells outside the held release whose value a reader of the held release alone can work out
    /// exactly (a custom cohort equal to a published cell, say F=5B and the factor table's B x 5B).
    /// Every custom cell is checked (two integer programs each): a determined cell must be neither a
    /// primary nor a secondary, and the repair may reach for any of them.
    static func determinedByHeld(_ model: ReleaseModel, heldHidden: [Bool?], truth: [Int], limit: ProtectionBudget? = nil) -> Set<Int> {
        let custom = heldHidden.indices.filter { heldHidden[$0] == nil }
        guard !custom.isEmpty else { return [] }
        // The reader of the held release: its shown cells known, everything else (custom) unknown.
        let solver = ReleaseSolver(model: model, hidden: heldHidden.map { $0 ?? true }, hiddenMinimum: 0)
        guard solver.isFeasible() else { return [] }
        var out = Set<Int>()
        // Determined: no table set the held release allows puts it above or below its true count (an
        // undecided search counts as not determined: the cell is then protected like any other).
        for i in custom where !model.cells[i].structuralZero {
            if ProtectionCancellation.isRequested || limit?.isSpent == true { break }
            let t = Double(truth[i])
            if solver.reaches(cell: i, target: t + 1, maximise: true) == false && solver.reaches(cell: i, target: t - 1, maximise: false) == false {
                out.insert(i)
            }
        }
        return out
    }

    /// The release with every count published (the model then reads the true counts).
    static func publishedAll(_ t: CohortTable) -> PublishedRelease.Table {
        PublishedRelease.Table(name: t.name, columns: t.columns, rowIDs: t.rows.map(\.id), cells: t.counts.map { $0.map { Optional($0) } },
                               percents: t.name == ReportTable.summary.name ? t.counts.map { row in
                                   row.first.flatMap { printedPercent($0, of: t.population) }
                               } : [])
    }

    /// A count's percentage of a population as the summary prints it (one decimal); nil for no population.
    static func printedPercent(_ n: Int, of population: Int) -> Double? {
        Publication.printedPercent(n, of: population)
    }

    static func unsuppressed(_ t: CohortTable) -> SuppressedTable {
        SuppressedTable(table: t, threshold: 0, hidden: t.counts.map { $0.map { _ in false } }, populationHidden: false)
    }

    /// Hides cells until every hidden cell of the solver's component has a range of `needed`.
    /// Returns the number of cells that could not be protected (none expected).
    /// - Parameter eligible: cells that may be hidden to protect others.
    /// - Parameter byPoints: a cell still queued that the last integer point a search found moves `needed` from its
    ///   count is proven by that point and the true counts (hiding more only widens ranges), and is not searched
    ///   again (the side by side's repair: fewer searches; off elsewhere, whose hidden cells stay as they are).
    static func repair(_ solver: ReleaseSolver, truth: [Int], needed: Int, eligible: [Bool], limit: ProtectionBudget? = nil,
                       timedOut: inout Bool, cells: [Int]? = nil, byPoints: Bool = false) -> Int {
        let model = solver.model
        var queue = cells ?? solver.cells.filter { solver.hidden[$0] }
        var unprotectable = 0
        var proven = Set<Int>()
        var q = 0
        while q < queue.count {
            let h = queue[q]
            q += 1
            if proven.contains(h) { continue }
            var attempts = 0
            if ProtectionCancellation.isRequested || limit?.isSpent == true { timedOut = true; return unprotectable }
            while attempts <= solver.cells.count {
                attempts += 1
                let check = rangeCheck(solver, cell: h, truth: truth[h], needed: needed)
                if byPoints, q < queue.count {
                    proven.formUnion(solver.movedAtLastPoint(Array(queue[q...]), truth: truth, distance: needed).map(\.cell))
                }
                if check.passes { break }
                guard let extra = candidate(solver, model: model, truth: truth, eligible: eligible, for: h, duals: check.duals) else {
                    unprotectable += 1
                    break
                }
                solver.hide(extra)
                queue.append(extra)
            }
        }
        return unprotectable
    }

    /// The model split into parts that share no unknown, once the part sizes are known exactly.
    /// Part sizes are pinned when the published sizes alone (summary, Total and All cells, the
    /// population and the percentages) fix them; then each dimension's counts are linked to other
    /// dimensions' only through those known sizes, and each can be repaired on its own, in a much
    /// smaller program. Hiding a non-size cell cannot unpin them, and size cells are never chosen
    /// as secondary in a component (they are constants there), so the split stays valid.
    static func independentComponents(_ model: ReleaseModel, hidden: [Bool], truth: [Int]) -> (cells: [[Int]], pinned: [Int: Double]) {
        let whole = (cells: [Array(model.cells.indices)], pinned: [Int: Double]())
        let sizes = Set(model.partSizeUnknowns)
        let isSizeCell = model.cells.map { !$0.terms.isEmpty && $0.terms.allSatisfy { sizes.contains($0) } }
        // A hidden size cell: its value must be protected through the sizes, so no split.
        if model.cells.indices.contains(where: { isSizeCell[$0] && hidden[$0] }) { return whole }
        // Only the published size cells bind; every other cell is relaxed to "at least 0".
        let relaxed = model.cells.indices.map { !isSizeCell[$0] || hidden[$0] }
        let sizeOnly = ReleaseSolver(model: model, hidden: relaxed, hiddenMinimum: 0)
        var pinned: [Int: Double] = [:]
        for u in model.partSizeUnknowns {
            guard case .value(let lo) = sizeOnly.extreme(ofUnknown: u, maximise: false),
                  case .value(let hi) = sizeOnly.extreme(ofUnknown: u, maximise: true), lo == hi else { return whole }
            pinned[u] = lo
        }
        return (split(model, pinned: pinned), pinned)
    }

    /// The model's cells in groups that share no unknown outside `pinned` (a cell of pinned unknowns
    /// only is a constant and in no group).
    static func split(_ model: ReleaseModel, pinned: [Int: Double]) -> [[Int]] {
        // Union-find over the unknowns left: a cell or relation joins everything it sums.
        var parent = Array(0..<model.unknownCount)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        func join(_ list: [Int]) { let free = list.filter { pinned[$0] == nil }; for u in free.dropFirst() { parent[find(u)] = find(free[0]) } }
        for c in model.cells { join(c.terms) }
        for r in model.relations { join(r.terms.map(\.column)) }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for (i, c) in model.cells.enumerated() {
            guard let first = c.terms.first(where: { pinned[$0] == nil }) else { continue }   // a constant
            let root = find(first)
            if groups[root] == nil { order.append(root) }
            groups[root, default: []].append(i)
        }
        return order.compactMap { groups[$0] }
    }

    struct RangeCheck {
        var passes: Bool
        var duals: [Double]
        /// Two values the cell can take, `needed` apart (when it passes by them).
        var proven: ClosedRange<Int>? = nil
        /// No upper limit.
        var unbounded = false
    }

    /// Whether the cell's range spans `needed`. First: can the cell reach `truth + needed` (the true
    /// count is never below the minimum, so that is enough, and it is answered by the first integer point
    /// found there)? Else the cell's maximum, and whether the cell can reach `maximum - needed`. An
    /// undecided question counts as narrow (hide more: never publish unproven).
    ///
    /// The maximum is found from below, one integer search per value, each stopping at its first integer
    /// point: the LP relaxation's maximum caps it (no integer point lies above it), so when the relaxation's
    /// floor is reached no search has to prove a value out of reach, which is what made a branch-and-cut
    /// optimum slow (most of a custom cohort's step went there). Every value it reaches is a point of the
    /// model, so `maximum - needed` reached is two points `needed` apart whatever the searches left undecided;
    /// decided, it is the integer maximum, the value the branch-and-cut returned.
    ///
    /// - Parameter limit: spent, no more searches: the cell counts as narrow (a step past its budget is
    ///   withheld whatever this says; one cell on a large model no longer holds it past the budget).
    static func rangeCheck(_ solver: ReleaseSolver, cell: Int, truth: Int, needed: Int, limit: ProtectionBudget? = nil) -> RangeCheck {
        if solver.reaches(cell: cell, target: Double(truth + needed), maximise: true) == true {
            return RangeCheck(passes: true, duals: [], proven: truth...(truth + needed))
        }
        func past() -> Bool { ProtectionCancellation.isRequested || limit?.isSpent == true }
        if past() { return RangeCheck(passes: false, duals: []) }
        var cap = truth + needed - 1
        switch solver.relaxedExtreme(ofCell: cell, maximise: true) {
        case .unbounded: break
        case .value(let v): cap = min(cap, Int((v + 1e-6).rounded(.down)))
        case .infeasible: cap = truth
        }
        var high = truth
        while high < cap, !past(), solver.reaches(cell: cell, target: Double(high + 1), maximise: true) == true { high += 1 }
        if past() { return RangeCheck(passes: false, duals: []) }
        if solver.reaches(cell: cell, target: Double(high - needed), maximise: false) == true {
            return RangeCheck(passes: true, duals: [], proven: (high - needed)...high)
        }
        let dualsHi = solver.duals(ofCell: cell, maximise: true), dualsLo = solver.duals(ofCell: cell, maximise: false)
        let duals = dualsHi.indices.map { abs(dualsHi[$0]) + (dualsLo.indices.contains($0) ? abs(dualsLo[$0]) : 0) }
        return RangeCheck(passes: false, duals: duals)
    }

    /// The published cell to hide next for `cell`: the smallest non-zero count among the published
    /// cells whose constraints bind its range (LP duals), else among its own row and column, else anywhere.
    static func candidate(_ solver: ReleaseSolver, model: ReleaseModel, truth: [Int], eligible: [Bool], for cell: Int,
                          duals: [Double]) -> Int? {
        let open = solver.cells.filter { !solver.hidden[$0] && !model.cells[$0].structuralZero && truth[$0] > 0 && eligible[$0] }
        func cheapest(_ list: [Int]) -> Int? { list.min { truth[$0] < truth[$1] || (truth[$0] == truth[$1] && $0 < $1) } }
        let binding = open.filter { i in
            guard let r = solver.row(ofCell: i) else { return false }
            return duals.indices.contains(r) && duals[r] > 1e-9
        }
        if let c = cheapest(binding) { return c }
        let me = model.cells[cell]
        let near = open.filter { model.cells[$0].table == me.table && (model.cells[$0].row == me.row || model.cells[$0].column == me.column) }
        if let c = cheapest(near) { return c }
        return cheapest(open)
    }
}
