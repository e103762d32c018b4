/// What an attacker holding a whole release can work out about each hidden cell: the smallest
/// and largest count consistent with everything published (integer optima of the release's model).
public struct HiddenCellRange: Sendable, Equatable, CustomStringConvertible {
    /// The table's name, or `population` for the population printed on its own.
    public var table: String
    public var cohort: String
    public var column: String
    public var minimum: Int
    /// nil: no upper limit.
    public var maximum: Int?
    /// The range is at least this wide (a writer's audit stops once a hidden cell's range reaches the
    /// protection, `DisclosureAudit.verdict`); else exactly this.
    public var atLeast = false

    /// Values the range spans minus one (nil: unbounded); 0 means the count is known exactly.
    public var width: Int? { maximum.map { $0 - minimum } }
    public var isExact: Bool { width == 0 }
    public func isNarrower(than protection: Int) -> Bool { width.map { $0 < protection } ?? false }

    public var description: String {
        "\(table) \(cohort) \(column): \(minimum)..\(maximum.map(String.init) ?? "unbounded")" + (atLeast ? " or wider" : "")
            + (isExact ? " (exact)" : "")
    }
}

public struct DisclosureAuditResult: Sendable, Equatable {
    public var ranges: [HiddenCellRange]
    /// A hidden cell's range must span more than this many values minus one: max - min >= protection.
    public var protection: Int
    /// False when the published numbers contradict each other (a hand edit gone wrong).
    public var consistent: Bool
    /// The least value assumed for a hidden cell.
    public var hiddenMinimum: Int

    public var failures: [HiddenCellRange] { ranges.filter { $0.isNarrower(than: protection) } }
    public var exact: [HiddenCellRange] { ranges.filter(\.isExact) }
    public var isClean: Bool { consistent && failures.isEmpty }
}

public enum DisclosureAudit {
    /// Every hidden cell's range. With `hiddenMinimum` 1 (zeros are always shown), a release that
    /// is infeasible under that assumption is audited again with 0, and the result says which held.
    public static func audit(_ release: PublishedRelease, protection: Int) -> DisclosureAuditResult {
        let model = ReleaseModel(release)
        let hidden = model.cells.map { $0.published == nil }
        var minimum = release.hiddenMinimum
        var solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: minimum)
        if !solver.isFeasible() && minimum > 0 {
            minimum = 0
            solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0)
        }
        guard solver.isFeasible() else {
            return DisclosureAuditResult(ranges: [], protection: protection, consistent: false, hiddenMinimum: minimum)
        }
        var ranges: [HiddenCellRange] = []
        for (i, cell) in model.cells.enumerated() where hidden[i] {
            let (low, high) = exactRange(solver, cell: i, minimum: minimum)
            ranges.append(name(of: cell, in: release, minimum: low, maximum: high))
        }
        return DisclosureAuditResult(ranges: ranges, protection: protection, consistent: true, hiddenMinimum: minimum)
    }

    /// A standard release and a filtered release of the same children read together (`audit(together:)`).
    public static func audit(standard: PublishedRelease, filtered: PublishedRelease, protection: Int) -> [DisclosureAuditResult]? {
        guard standard.filter.isEmpty, !filtered.filter.isEmpty, filtered.filter.dimensions.count <= 3,
              standard.cohorts.map(\.id) == filtered.cohorts.map(\.id) else { return nil }
        return audit(together: [standard, filtered], protection: protection)
    }

    /// Most distinct value conditions the releases read together may name (each splits every part in two).
    public static let maxJointConditions = 8

    /// Releases of the same children read together, as a reader holding all of them reads them
    /// (`ReleaseModel(releases:)`: the cohorts of all as one list, every part split by the filters): every
    /// hidden cell's range in each, from everything in all. nil when they cannot be read together: more than
    /// `maxJointConditions` distinct value conditions.
    public static func audit(together releases: [PublishedRelease], protection: Int) -> [DisclosureAuditResult]? {
        guard !releases.isEmpty else { return [] }
        let conditions = releases.reduce(into: Set<Filter.DimensionCondition>()) { $0.formUnion($1.filter.dimensions) }
        guard conditions.count <= maxJointConditions else { return nil }
        let model = ReleaseModel(releases: releases)
        let hidden = model.cells.map { $0.published == nil }
        var minimums = model.cells.map { releases[$0.release].hiddenMinimum }
        var solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 1, minimums: minimums)
        if !solver.isFeasible() {
            minimums = minimums.map { _ in 0 }
            solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, minimums: minimums)
        }
        guard solver.isFeasible() else {
            return releases.map { DisclosureAuditResult(ranges: [], protection: protection, consistent: false, hiddenMinimum: $0.hiddenMinimum) }
        }
        // Cells name their release's own tables: the model numbers each release's tables after the ones before.
        var offsets: [Int] = []
        var offset = 0
        for r in releases { offsets.append(offset); offset += r.tables.count }
        var ranges: [[HiddenCellRange]] = releases.map { _ in [] }
        for (i, cell) in model.cells.enumerated() where hidden[i] {
            let (low, high) = exactRange(solver, cell: i, minimum: minimums[i])
            var local = cell
            if cell.table >= 0 { local.table -= offsets[cell.release] }
            ranges[cell.release].append(name(of: local, in: releases[cell.release], minimum: low, maximum: high))
        }
        return releases.indices.map { k in
            DisclosureAuditResult(ranges: ranges[k], protection: protection, consistent: true, hiddenMinimum: minimums.min() ?? 1)
        }
    }

    /// The audit a writer runs on the release it is about to publish, knowing the true counts: each hidden
    /// cell's true count is a point the published numbers allow, so a cell passes as soon as an integer
    /// table set puts it `protection` above that count, or `protection` below its maximum (the exact range
    /// is worked out only for a cell that fails). The same model and the same question as the exact
    /// audit, answered by searches that stop early: for releases with custom cohorts or a filter, whose
    /// exact ranges took minutes.
    ///
    /// With the true part sizes (`partSizes`), each cell's proof is first looked for on restrictions of the
    /// model (`PartSizes`: the sizes pinned, one small program per group of linked tables; else the empty
    /// parts pinned at 0): two points found there are points of the full model, so a pass there is a pass.
    /// These are the audit's own searches on its own model of what is published, not the protection's
    /// answers read back. A cell not proven on them is asked of the full model, as without the sizes.
    /// - Parameter truth: the true count of table `t`'s cell (row, column); table -1 is the population.
    ///
    /// With `certificates` (the protection's verified points, `ProofCertificates`) and the true counts of every
    /// unknown (`PartSizes.values`), each point is first lifted to this model and verified against it, every
    /// constraint the point's change touches (no solver): a cell two verified points put `protection` apart
    /// passes. A point that does not verify proves nothing; its cells are searched for as without it.
    public static func verdict(_ release: PublishedRelease, protection: Int, partSizes: PartSizes? = nil,
                               certificates: ProofCertificates? = nil,
                               truth: (_ table: Int, _ row: Int, _ column: Int) -> Int) -> DisclosureAuditResult {
        let model = ReleaseModel(release)
        let hidden = model.cells.map { $0.published == nil }
        let truths = model.cells.map { truth($0.table, $0.row, $0.column) }
        // As the exact audit falls back to 0 when 1 contradicts the release: a hidden true 0 says it does.
        let minimum = model.cells.indices.contains { hidden[$0] && truths[$0] == 0 } ? 0 : release.hiddenMinimum
        var fixed: [Int: (value: Double, whilePublished: [Int])] = [:]
        if let cells = ReleaseProtection.populationCells(model), cells.allSatisfy({ !hidden[$0] }) {
            fixed[model.populationUnknown] = (Double(cells.reduce(0) { $0 + truths[$1] }), cells)
        }
        var ranges: [Int: HiddenCellRange] = [:]
        func check(_ solver: ReleaseSolver, _ i: Int) {
            let check = ReleaseProtection.rangeCheck(solver, cell: i, truth: truths[i], needed: protection)
            if check.passes {
                // Two points at least `protection` apart that the published numbers allow.
                let proven = check.proven ?? truths[i]...(truths[i] + protection)
                ranges[i] = name(of: model.cells[i], in: release, minimum: proven.lowerBound,
                                 maximum: check.unbounded ? nil : proven.upperBound)
                ranges[i]?.atLeast = !check.unbounded
                return
            }
            let (low, high) = exactRange(solver, cell: i, minimum: minimum)
            ranges[i] = name(of: model.cells[i], in: release, minimum: low, maximum: high)
        }
        var open = Set(model.cells.indices.filter { hidden[$0] })
        if let partSizes, let certificates, let points = ModelPoints(model: model, partSizes: partSizes),
           points.cellTruth == truths {
            let book = PointBook(points: points, minimum: { _ in minimum })
            book.add(certificates)
            for i in open.sorted() {
                guard let r = book.range(i, hidden: hidden), r.upperBound - r.lowerBound >= protection else { continue }
                ranges[i] = name(of: model.cells[i], in: release, minimum: r.lowerBound, maximum: r.upperBound)
                ranges[i]?.atLeast = true
                open.remove(i)
            }
        }
        if let partSizes, let sizePins = partSizes.pins(model, sizes: true), let emptyPins = partSizes.pins(model, sizes: false) {
            func prove(_ solver: ReleaseSolver, _ cells: [Int]) {
                for i in cells where open.contains(i) {
                    let check = ReleaseProtection.rangeCheck(solver, cell: i, truth: truths[i], needed: protection)
                    // A point a search found moves other cells too: each moved `protection` from its count is proven by
                    // it and the true counts (the protection's searches take the same shortcut, so the audit finds what
                    // they found).
                    for (j, value) in solver.movedAtLastPoint(cells.filter { open.contains($0) && $0 != i }, truth: truths, distance: protection) {
                        ranges[j] = name(of: model.cells[j], in: release, minimum: min(truths[j], value), maximum: max(truths[j], value))
                        ranges[j]?.atLeast = true
                        open.remove(j)
                    }
                    guard check.passes else { continue }
                    let proven = check.proven ?? truths[i]...(truths[i] + protection)
                    ranges[i] = name(of: model.cells[i], in: release, minimum: proven.lowerBound,
                                     maximum: check.unbounded ? nil : proven.upperBound)
                    ranges[i]?.atLeast = !check.unbounded
                    open.remove(i)
                }
            }
            for group in ReleaseProtection.split(model, pinned: sizePins) where group.contains(where: { open.contains($0) }) {
                prove(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: minimum, cells: group, pinned: sizePins), group)
            }
            if !open.isEmpty {
                prove(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: minimum, pinned: emptyPins, fixed: fixed), open.sorted())
            }
        }
        if !open.isEmpty {
            let solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: minimum, fixed: fixed)
            for i in open.sorted() { check(solver, i) }
        }
        return DisclosureAuditResult(ranges: model.cells.indices.compactMap { ranges[$0] }, protection: protection, consistent: true,
                                     hiddenMinimum: minimum)
    }

    /// A hidden cell's integer minimum and maximum (nil: unbounded). No integer optimum found: the range
    /// is reported closed at its minimum (never overstate protection).
    static func exactRange(_ solver: ReleaseSolver, cell i: Int, minimum: Int) -> (minimum: Int, maximum: Int?) {
        let low: Int = { if case .value(let v) = solver.extreme(ofCell: i, maximise: false).0 { return Int(v) }; return minimum }()
        switch solver.extreme(ofCell: i, maximise: true).0 {
        case .value(let v): return (low, Int(v))
        case .unbounded: return (low, nil)
        case .infeasible: return (low, low)
        }
    }

    static func name(of cell: ReleaseModel.Cell, in release: PublishedRelease, minimum: Int, maximum: Int?) -> HiddenCellRange {
        guard release.tables.indices.contains(cell.table) else {
            return HiddenCellRange(table: "population", cohort: "all", column: "population", minimum: minimum, maximum: maximum)
        }
        let t = release.tables[cell.table]
        return HiddenCellRange(table: t.name, cohort: t.rowIDs.indices.contains(cell.row) ? t.rowIDs[cell.row] : "?",
                               column: t.columns.indices.contains(cell.column) ? t.columns[cell.column] : "?",
                               minimum: minimum, maximum: maximum)
    }
}
