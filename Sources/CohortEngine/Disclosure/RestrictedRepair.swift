import Foundation

/// The protection of a release with custom cohorts on restrictions of its model (`PartSizes`): the repair
/// runs on the model with every part's size pinned at its true value (one small program per group of
/// linked tables), and only what that cannot prove goes to the model with the empty parts pinned at 0
/// (proofs only: docs/privacy.md, "Custom cohorts in bounded time").
extension ReleaseProtection {
    /// The share of the work left that the repair on the model of the non-empty parts may spend before the
    /// size-pinned groups protect what it has not (step 4 of `restrictedRepair`): one thirty-second. Measured on the
    /// demo's eight custom cohorts (docs/privacy.md, "Custom cohorts in bounded time"): with half, that repair
    /// spent 37,000 units of the step that adds `L` and stopped unfinished, after which the groups protected the
    /// rest for 3,000; with a thirty-second the steps hide the same 234 cells (sum 6,795) for 323,440 units
    /// instead of 363,214. With none (the groups at once) they hide 239. Where the repair needs little (the step
    /// that adds `J`, 9,000 units before) a thirty-second of the work left is still enough or close to it.
    static let wideRepairShare = 32

    /// Hides cells until every hidden cell has a proven range of `needed`. Returns what is hidden and how
    /// many cells no restriction could prove (then the caller withholds the custom cohort).
    /// - Parameters:
    ///   - sizePins: `PartSizes.pins(model, sizes: true)`; `emptyPins` the same without sizes.
    ///   - fixed: unknowns known while some cells are published (the population while A and B are).
    static func restrictedRepair(_ model: ReleaseModel, hidden start: [Bool], truth: [Int], hiddenMinimum: Int, needed: Int,
                                 eligible: [Bool], sizePins: [Int: Double], emptyPins: [Int: Double],
                                 fixed: [Int: (value: Double, whilePublished: [Int])], limit: ProtectionBudget?,
                                 timedOut: inout Bool, book: PointBook? = nil, small: SmallModelSearch? = nil) -> (hidden: [Bool], unprotectable: Int) {
        var hidden = start
        // A cell a verified point (kept from an earlier step and lifted, or found by a search here) proves needs
        // no search; every point a search finds is kept.
        func certified(_ h: Int, _ hidden: [Bool]) -> Bool { book?.proves(h, distance: needed, hidden: hidden) == true }
        func recording(_ solver: ReleaseSolver) -> ReleaseSolver {
            if let book { solver.onPoint = { book.add(values: $0) } }
            return solver
        }
        let certifiedAtStart = hidden.indices.filter { hidden[$0] && certified($0, hidden) }.count
        let groups = split(model, pinned: sizePins)
        let timing = ProtectionTiming.fromEnvironment()
        // 1. Every hidden cell asked on its group of linked tables with the part sizes known (small programs).
        var grouped = Set<Int>()
        var unproven: [Int] = []
        var solvers: [ReleaseSolver] = []
        // A cell moved `needed` from its count by a point a search found for another is proven by it.
        var byPoint = Set<Int>()
        for group in groups {
            grouped.formUnion(group)
            let solver = recording(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: hiddenMinimum, cells: group, pinned: sizePins))
            solvers.append(solver)
            let open = group.filter { hidden[$0] }
            for h in open where !byPoint.contains(h) && !certified(h, hidden) {
                if ProtectionCancellation.isRequested || limit?.isSpent == true { timedOut = true; return (hidden, 0) }
                if !rangeCheck(solver, cell: h, truth: truth[h], needed: needed, limit: limit).passes { unproven.append(h) }
                byPoint.formUnion(solver.movedAtLastPoint(open, truth: truth, distance: needed).map(\.cell))
            }
        }
        // Cells of part sizes only (a custom cohort's size, its Totals) are constants there.
        unproven += model.cells.indices.filter { hidden[$0] && !grouped.contains($0) && !model.cells[$0].structuralZero }
        unproven = unproven.filter { !certified($0, hidden) }
        // 1b. Each asked of the model of its own cohort and the few its rules relate to, near the true counts;
        // the points found there are lifted to this model and verified (`SmallModelSearch`).
        if let small, let book, !unproven.isEmpty {
            let minimums = [Int](repeating: hiddenMinimum, count: model.cells.count)
            let asked = unproven.count
            unproven = unproven.filter { h in
                if certified(h, hidden) { return false }
                if ProtectionCancellation.isRequested || limit?.isSpent == true { return true }
                small.search(cell: h, hidden: hidden, minimums: minimums, book: book) { solver, j in
                    _ = rangeCheck(solver, cell: j, truth: truth[h], needed: needed, limit: limit)
                }
                return !certified(h, hidden)
            }
            timing?.mark("\(asked - unproven.count) of \(asked) proven on small models and lifted")
        }
        timing?.mark("\(book?.liftedCount ?? 0) point(s) lifted, \(book?.unliftedCount ?? 0) not; \(book?.verifiedCount ?? 0) verified; "
                     + "\(certifiedAtStart) hidden cell(s) proven by lifted points; \(unproven.count) not proven on the size-pinned groups")
        guard !unproven.isEmpty else { return (hidden, 0) }
        // 2. Those asked on the model that knows only which parts are empty, where part sizes move too.
        let wide = recording(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: hiddenMinimum, pinned: emptyPins, fixed: fixed))
        let asked = unproven
        byPoint = []
        unproven = asked.filter { h in
            if ProtectionCancellation.isRequested || limit?.isSpent == true { return true }
            if byPoint.contains(h) || certified(h, hidden) { return false }
            defer { byPoint.formUnion(wide.movedAtLastPoint(asked, truth: truth, distance: needed).map(\.cell)) }
            return !rangeCheck(wide, cell: h, truth: truth[h], needed: needed, limit: limit).passes
        }
        if ProtectionCancellation.isRequested || limit?.isSpent == true { timedOut = true; return (hidden, 0) }
        timing?.mark("\(unproven.count) not proven on the model of the non-empty parts")
        guard !unproven.isEmpty else { return (hidden, 0) }
        // 3. More hidden for them on the wider model (its repair reads the part sizes' freedom too, and hides
        // least), for at most a share of the work left (`wideRepairShare`); 4. if that does not finish, what it
        // has not proven is protected on the groups (cheap, hides more), and what a group cannot protect on the
        // wider model.
        let wideLimit = limit?.share(wideRepairShare)
        var wideTimedOut = false
        var wideResult = repairListing(wide, truth: truth, needed: needed, eligible: eligible, limit: wideLimit, timedOut: &wideTimedOut,
                                       cells: unproven.sorted(), book: book)
        timing?.mark("repair on the model of the non-empty parts" + (wideTimedOut ? " (unfinished)" : ""))
        if !wideTimedOut || ProtectionCancellation.isRequested {
            timedOut = wideTimedOut
            return (wide.hidden, provenOnTheFullModel(wideResult.failed, hidden: wide.hidden))
        }
        hidden = wide.hidden
        let pending = Set(wideResult.failed + wideResult.pending)
        var left: [Int] = []
        for (g, group) in groups.enumerated() {
            let solver = solvers[g]
            for c in group where hidden[c] { solver.hide(c) }
            let mine = group.filter { pending.contains($0) }
            guard !mine.isEmpty else { continue }
            left += repairListing(solver, truth: truth, needed: needed, eligible: eligible, limit: limit, timedOut: &timedOut, cells: mine,
                                  book: book).failed
            for c in group where solver.hidden[c] { hidden[c] = true }
            if timedOut { return (hidden, 0) }
        }
        left += pending.filter { !grouped.contains($0) }
        timing?.mark("\(left.count) left for the model of the non-empty parts to protect")
        guard !left.isEmpty else { return (hidden, 0) }
        for c in hidden.indices where hidden[c] { wide.hide(c) }
        wideResult = repairListing(wide, truth: truth, needed: needed, eligible: eligible, limit: limit, timedOut: &timedOut,
                                   cells: Array(Set(left)).sorted(), book: book)
        return (wide.hidden, provenOnTheFullModel(wideResult.failed, hidden: wide.hidden))

        /// 5. What no restriction proves, asked of the full model (a reader does not know which parts are
        /// empty: a point with a child in one of them is theirs). Returns how many are still not proven.
        func provenOnTheFullModel(_ cells: [Int], hidden: [Bool]) -> Int {
            guard !cells.isEmpty, !timedOut else { return cells.count }
            let still = cells.filter { !certified($0, hidden) }
            guard !still.isEmpty else { return 0 }
            let full = recording(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: hiddenMinimum, fixed: fixed))
            let left = still.filter { h in
                if ProtectionCancellation.isRequested || limit?.isSpent == true { return true }
                return !rangeCheck(full, cell: h, truth: truth[h], needed: needed, limit: limit).passes
            }
            timing?.mark("\(cells.count - left.count) of \(cells.count) proven on the full model")
            return left.count
        }
    }

    /// `repair`, listing the cells it could not protect instead of counting them, and, when stopped by the
    /// deadline, the cells it had not yet proven (the one it was on among them).
    static func repairListing(_ solver: ReleaseSolver, truth: [Int], needed: Int, eligible: [Bool], limit: ProtectionBudget?,
                              timedOut: inout Bool, cells: [Int]? = nil, book: PointBook? = nil) -> (failed: [Int], pending: [Int]) {
        let model = solver.model
        var queue = cells ?? solver.cells.filter { solver.hidden[$0] }
        var failed: [Int] = []
        var q = 0
        while q < queue.count {
            let h = queue[q]
            if ProtectionCancellation.isRequested || limit?.isSpent == true {
                timedOut = true
                return (failed, Array(queue[q...]))
            }
            q += 1
            var attempts = 0
            while attempts <= solver.cells.count {
                attempts += 1
                if book?.proves(h, distance: needed, hidden: solver.hidden) == true { break }
                let check = rangeCheck(solver, cell: h, truth: truth[h], needed: needed, limit: limit)
                if check.passes { break }
                guard let extra = candidate(solver, model: model, truth: truth, eligible: eligible, for: h, duals: check.duals) else {
                    failed.append(h)
                    break
                }
                solver.hide(extra)
                queue.append(extra)
                if limit?.isSpent == true { timedOut = true; return (failed, Array(queue[(q - 1)...])) }
            }
        }
        return (failed, [])
    }

    /// What a reader of the held release knows of the custom cells, asked with the restrictions' help.
    /// A custom cell the reader can move by one either way on a restriction (two of its points are the
    /// reader's) is not determined: it may be hidden, as a primary or to protect another. Only a cell the
    /// primary rule would hide needs the other answer: it is `determined` (shown: hiding it could not protect
    /// it) when a relaxation (its own table, the summary and the population) or the full model proves it
    /// cannot move. Every other cell not proven movable is `ineligible`: shown, and never hidden to protect
    /// another (one that cannot move would protect nothing). Undecided, or past the deadline, a primary cell
    /// counts as not determined and is hidden (then proven or its cohort withheld).
    /// - Parameter factorTable: the factor table's index in the model, if the release has it.
    static func heldReaderRestricted(_ model: ReleaseModel, heldHidden: [Bool?], heldMinimum: Int, truth: [Int],
                                     primary: (Int) -> Bool, factorTable: Int?, sizePins: [Int: Double], emptyPins: [Int: Double], relaxation: ((Set<String>) -> CohortRelaxation)? = nil,
                                     points: ModelPoints? = nil, certificates: ProofCertificates? = nil, small: SmallModelSearch? = nil,
                                     limit: ProtectionBudget?)
        -> (determined: Set<Int>, ineligible: Set<Int>) {
        // Cells that can be hidden at all: a primary, or a non-zero count (a candidate to protect another).
        let custom = heldHidden.indices.filter { heldHidden[$0] == nil && !model.cells[$0].structuralZero && (truth[$0] > 0 || primary($0)) }
        guard !custom.isEmpty else { return ([], []) }
        let timing = ProtectionTiming.fromEnvironment()
        let readerHidden = heldHidden.map { $0 ?? true }
        // The points that prove a cell movable must be the reader's: the held release's hidden cells at
        // least its minimum, the custom cells at least 0.
        let minimums = heldHidden.map { $0 == nil ? 0 : heldMinimum }
        func past() -> Bool { ProtectionCancellation.isRequested || limit?.isSpent == true }
        func moves(_ solver: ReleaseSolver, _ i: Int) -> Bool {
            let t = Double(truth[i])
            return solver.reaches(cell: i, target: t + 1, maximise: true) == true || solver.reaches(cell: i, target: t - 1, maximise: false) == true
        }
        let candidates = Set(custom)
        var movable = Set<Int>()
        // Points kept from the steps before, lifted to this model and verified as the reader's, move a cell with
        // no search (a custom cell moved by one either way by a point of the reader's is not determined).
        let book = points.map { PointBook(points: $0, minimum: { minimums.indices.contains($0) ? minimums[$0] : 0 }) }
        book?.add(certificates)
        if let book {
            for i in custom { if let r = book.range(i, hidden: readerHidden), r.lowerBound < truth[i] || r.upperBound > truth[i] { movable.insert(i) } }
        }
        // A point found to move one cell moves others by one too: each is then movable without a search of its own.
        for group in split(model, pinned: sizePins) {
            let mine = group.filter { candidates.contains($0) }
            guard !mine.isEmpty, !past() else { continue }
            let reader = ReleaseSolver(model: model, hidden: readerHidden, hiddenMinimum: 0, cells: group, pinned: sizePins, minimums: minimums)
            for i in mine where !past() && !movable.contains(i) && moves(reader, i) {
                movable.insert(i)
                movable.formUnion(reader.movedAtLastPoint(mine, truth: truth, distance: 1).map(\.cell))
            }
        }
        var rest = custom.filter { !movable.contains($0) }
        timing?.mark("\(movable.count) of \(custom.count) custom cells moved on the size-pinned groups")
        if !rest.isEmpty && !past() {
            let reader = ReleaseSolver(model: model, hidden: readerHidden, hiddenMinimum: 0, pinned: emptyPins, minimums: minimums)
            let asked = rest
            var moved = Set<Int>()
            rest = asked.filter { i in
                if past() { return true }
                if moved.contains(i) { return false }
                guard moves(reader, i) else { return true }
                moved.formUnion(reader.movedAtLastPoint(asked, truth: truth, distance: 1).map(\.cell))
                return false
            }
        }
        let ineligible = Set(rest)
        let asked = rest.filter(primary)
        timing?.mark("\(rest.count) not moved on the model of the non-empty parts, \(asked.count) of them primary")
        guard !asked.isEmpty else { return ([], ineligible) }
        func fixed(_ solver: ReleaseSolver, _ i: Int) -> Bool {
            let t = Double(truth[i])
            return solver.reaches(cell: i, target: t + 1, maximise: true) == false && solver.reaches(cell: i, target: t - 1, maximise: false) == false
        }
        // Determined on a relaxation (a subset of the reader's constraints: the cell's own table, the sizes and
        // the factor table, which says most of how the cohorts' rules split the children) is determined for
        // the reader. A custom cohort of one factor (`K=22A`) is the factor table's column.
        var determined = Set<Int>()
        // First on the model of the standard cohorts and the cell's own cohort (`CohortRelaxation`: at most 10
        // parts however many custom cohorts there are), with what the reader holds of those rows.
        if let relaxation {
            let standardIDs = Set(CohortDefinition.standard.map(\.id))
            var byCohort: [String: [Int]] = [:]
            for i in asked where model.cells[i].table >= 0 {
                let rows = model.rowIDs(table: model.cells[i].table)
                if let id = rows[safe: model.cells[i].row] { byCohort[id, default: []].append(i) }
            }
            for (id, cells) in byCohort.sorted(by: { $0.key < $1.key }) where !past() {
                let relaxed = relaxation(standardIDs.union([id]))
                guard relaxed.isComplete else { continue }
                let solver = ReleaseSolver(model: relaxed.model, hidden: relaxed.carried(readerHidden, default: true), hiddenMinimum: 0,
                                           minimums: relaxed.carried(minimums, default: 0))
                for i in cells where !past() {
                    guard let j = relaxed.cellHere[i] else { continue }
                    let t = Double(truth[i])
                    if solver.reaches(cell: j, target: t + 1, maximise: true) == false
                        && solver.reaches(cell: j, target: t - 1, maximise: false) == false { determined.insert(i) }
                }
            }
            timing?.mark("\(determined.count) of \(asked.count) determined on the model of their own cohort and the standard ones")
        }
        let sizes = Set(model.partSizeUnknowns)
        let sizeCells = model.cells.indices.filter { (!model.cells[$0].terms.isEmpty && model.cells[$0].terms.allSatisfy { sizes.contains($0) })
            || model.cells[$0].table == factorTable }
        for table in Set(asked.filter { !determined.contains($0) }.map { model.cells[$0].table }) where !past() {
            let loaded = Array(Set(model.cells.indices.filter { model.cells[$0].table == table } + sizeCells)).sorted()
            let relaxed = ReleaseSolver(model: model, hidden: readerHidden, hiddenMinimum: 0, cells: loaded)
            for i in asked where model.cells[i].table == table && !determined.contains(i) && !past() && fixed(relaxed, i) { determined.insert(i) }
        }
        var left = asked.filter { !determined.contains($0) }
        // A point of a small model moving the cell by one, lifted and verified as the reader's, shows it is not
        // determined without the full model.
        if let small, let book, !left.isEmpty {
            left = left.filter { i in
                if past() { return true }
                let t = Double(truth[i])
                small.search(cell: i, hidden: readerHidden, minimums: minimums, book: book) { solver, j in
                    if solver.reaches(cell: j, target: t + 1, maximise: true) != true { _ = solver.reaches(cell: j, target: t - 1, maximise: false) }
                }
                guard let r = book.range(i, hidden: readerHidden) else { return true }
                return !(r.lowerBound < truth[i] || r.upperBound > truth[i])
            }
        }
        if !left.isEmpty && !past() {
            let full = ReleaseSolver(model: model, hidden: readerHidden, hiddenMinimum: 0)
            for i in left where !past() && fixed(full, i) { determined.insert(i) }
        }
        timing?.mark("\(determined.count) determined (\(left.count) asked of the full model)")
        return (determined, ineligible)
    }
}
