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
    public var primaryCount: Int
    /// Cells hidden to protect others.
    public var secondaryCount: Int
    /// The sum of the hidden counts (the cost of protection: information withheld).
    public var hiddenTotal: Int
    /// Hidden cells whose range could not be widened to `protection` (never expected; the audit names them).
    public var unprotectable: Int

    public func table(_ name: String) -> SuppressedTable? { tables.first { $0.table.name == name } }
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
    /// - Parameters:
    ///   - tables: the release's tables (true counts), all made with `filter`.
    ///   - unfiltered: the same tables without the filter (for query-set-size control); nil when unfiltered.
    ///   - population: the (filtered) population; `unfilteredPopulation` likewise.
    ///   - protection: required width of every hidden cell's range; the DfE threshold by default.
    public static func protect(tables: [CohortTable], cohorts: [CohortDefinition], filter: Filter = .none,
                               unfiltered: [CohortTable]? = nil, population: Int, unfilteredPopulation: Int? = nil,
                               threshold: Int, protection: Int? = nil) -> ProtectedRelease {
        let needed = max(1, protection ?? threshold)
        var release = PublishedRelease(tables: tables.map(publishedAll), population: .shown(population),
                                       cohorts: cohorts.map { ($0.id, $0.expression) }, filter: filter)
        let model = ReleaseModel(release)
        guard threshold > 0 else {
            return ProtectedRelease(tables: tables.map { unsuppressed($0) }, populationHidden: false, threshold: 0,
                                    protection: 0, hiddenMinimum: 1, primaryCount: 0, secondaryCount: 0, hiddenTotal: 0, unprotectable: 0)
        }
        let truth = model.cells.map { $0.published ?? 0 }

        // Primary: small counts, and filtered counts whose complement in the unfiltered cohort is small.
        func small(_ n: Int) -> Bool { n >= 1 && n <= threshold }
        var primary = [Bool](repeating: false, count: model.cells.count)
        for (i, cell) in model.cells.enumerated() where !cell.structuralZero {
            let n = truth[i]
            var hide = small(n)
            if filter != .none {
                if cell.table < 0 {
                    if let u = unfilteredPopulation { hide = hide || small(u - n) }
                } else if let u = unfilteredCount(unfiltered, tables[cell.table], row: cell.row, column: cell.column) {
                    hide = hide || small(u - n)
                }
            }
            if !hide, cell.table >= 0 { hide = customComplementIsSmall(model, cell: i, truth: truth, cohorts: cohorts, small: small) }
            primary[i] = hide
        }
        // A hidden 0 that the published zeros already force to 0 tells a reader nothing more shown:
        // show it (hiding it could not protect it, and would only cost other cells).
        while true {
            let forced = model.forcedZero(published: model.cells.indices.filter { !primary[$0] && truth[$0] == 0 })
            let release = forced.filter { primary[$0] && truth[$0] == 0 }
            if release.isEmpty { break }
            for c in release { primary[c] = false }
        }
        let hiddenMinimum = model.cells.indices.contains { primary[$0] && truth[$0] == 0 } ? 0 : 1
        release.hiddenMinimum = hiddenMinimum

        let solver = ReleaseSolver(model: model, hidden: primary, hiddenMinimum: hiddenMinimum)
        var queue = model.cells.indices.filter { primary[$0] }
        var unprotectable = 0
        var q = 0
        while q < queue.count {
            let h = queue[q]
            q += 1
            var attempts = 0
            while attempts <= model.cells.count {
                attempts += 1
                let check = rangeCheck(solver, cell: h, truth: truth[h], needed: needed)
                if check.passes { break }
                guard let extra = candidate(solver, model: model, truth: truth, for: h, duals: check.duals) else {
                    unprotectable += 1
                    break
                }
                solver.hide(extra)
                queue.append(extra)
            }
        }

        let hidden = solver.hidden
        var masks = tables.map { t in t.counts.map { $0.map { _ in false } } }
        var populationHidden = false
        for (i, cell) in model.cells.enumerated() where hidden[i] {
            if cell.table < 0 { populationHidden = true } else { masks[cell.table][cell.row][cell.column] = true }
        }
        let primaryCount = primary.filter { $0 }.count
        let hiddenCount = hidden.filter { $0 }.count
        let out = tables.indices.map {
            SuppressedTable(table: tables[$0], threshold: threshold, hidden: masks[$0], populationHidden: populationHidden)
        }
        return ProtectedRelease(tables: out, populationHidden: populationHidden, threshold: threshold, protection: needed,
                                hiddenMinimum: hiddenMinimum, primaryCount: primaryCount, secondaryCount: hiddenCount - primaryCount,
                                hiddenTotal: hidden.indices.filter { hidden[$0] }.map { truth[$0] }.reduce(0, +),
                                unprotectable: unprotectable)
    }

    /// The release with every count published (the model then reads the true counts).
    static func publishedAll(_ t: CohortTable) -> PublishedRelease.Table {
        PublishedRelease.Table(name: t.name, columns: t.columns, rowIDs: t.rows.map(\.id), cells: t.counts.map { $0.map { Optional($0) } },
                               percents: t.name == "summary" ? t.counts.map { row in
                                   guard let n = row.first, t.population > 0 else { return nil }
                                   return Double(String(format: "%.1f", Double(n) * 100 / Double(t.population)))
                               } : [])
    }

    static func unsuppressed(_ t: CohortTable) -> SuppressedTable {
        SuppressedTable(table: t, threshold: 0, hidden: t.counts.map { $0.map { _ in false } }, populationHidden: false)
    }

    /// Query-set-size control for a custom cohort's count: it is a query on the population, so its
    /// complement within every cohort that contains it by its rules (and within the population,
    /// A + B) must not be small either, or a reader differences it against that cohort's count.
    static func customComplementIsSmall(_ model: ReleaseModel, cell i: Int, truth: [Int], cohorts: [CohortDefinition],
                                        small: (Int) -> Bool) -> Bool {
        let cell = model.cells[i]
        guard cell.table >= 0 else { return false }
        let sameTable = model.cells.indices.filter { model.cells[$0].table == cell.table && model.cells[$0].column == cell.column }
        let ids = model.rowIDs(table: cell.table)
        guard ids.indices.contains(cell.row) else { return false }
        let id = ids[cell.row]
        let isStandard = CohortDefinition.standard.contains { std in cohorts.contains { $0.id == id && $0 == std } }
        guard !isStandard else { return false }
        let mine = Set(model.parts.parts(inCohort: id))
        var populationCount = 0, haveA = false, haveB = false
        for j in sameTable where j != i {
            guard ids.indices.contains(model.cells[j].row) else { continue }
            let other = ids[model.cells[j].row]
            if other == "A" { populationCount += truth[j]; haveA = true }
            if other == "B" { populationCount += truth[j]; haveB = true }
            let theirs = Set(model.parts.parts(inCohort: other))
            if !theirs.isEmpty && mine.isSubset(of: theirs) && small(truth[j] - truth[i]) { return true }
        }
        return haveA && haveB && small(populationCount - truth[i])
    }

    static func unfilteredCount(_ unfiltered: [CohortTable]?, _ t: CohortTable, row: Int, column: Int) -> Int? {
        guard let u = unfiltered?.first(where: { $0.name == t.name }), t.rows.indices.contains(row), t.columns.indices.contains(column),
              let r = u.rows.firstIndex(where: { $0.id == t.rows[row].id }), let c = u.columns.firstIndex(of: t.columns[column]),
              u.counts.indices.contains(r), u.counts[r].indices.contains(c) else { return nil }
        return u.counts[r][c]
    }

    struct RangeCheck {
        var passes: Bool
        var duals: [Double]
    }

    /// Whether the cell's range spans `needed`: the maximum first (often enough on its own, as
    /// the true count is never below the minimum), then the minimum.
    static func rangeCheck(_ solver: ReleaseSolver, cell: Int, truth: Int, needed: Int) -> RangeCheck {
        let (hi, dualsHi) = solver.extreme(ofCell: cell, maximise: true)
        var high = Double(truth)
        switch hi {
        case .unbounded: return RangeCheck(passes: true, duals: [])
        case .value(let v): high = v
        case .infeasible: break
        }
        if high - Double(truth) >= Double(needed) { return RangeCheck(passes: true, duals: []) }
        let (lo, dualsLo) = solver.extreme(ofCell: cell, maximise: false)
        var low = Double(truth)
        if case .value(let v) = lo { low = v }
        if high - low >= Double(needed) { return RangeCheck(passes: true, duals: []) }
        let duals = dualsHi.indices.map { abs(dualsHi[$0]) + (dualsLo.indices.contains($0) ? abs(dualsLo[$0]) : 0) }
        return RangeCheck(passes: false, duals: duals)
    }

    /// The published cell to hide next for `cell`: the smallest non-zero count among the published
    /// cells whose constraints bind its range (LP duals), else among its own row and column, else anywhere.
    static func candidate(_ solver: ReleaseSolver, model: ReleaseModel, truth: [Int], for cell: Int, duals: [Double]) -> Int? {
        let open = model.cells.indices.filter { !solver.hidden[$0] && !model.cells[$0].structuralZero && truth[$0] > 0 }
        func cheapest(_ list: [Int]) -> Int? { list.min { truth[$0] < truth[$1] || (truth[$0] == truth[$1] && $0 < $1) } }
        let binding = open.filter { i in
            let r = solver.row(ofCell: i)
            return duals.indices.contains(r) && duals[r] > 1e-9
        }
        if let c = cheapest(binding) { return c }
        let me = model.cells[cell]
        let near = open.filter { model.cells[$0].table == me.table && (model.cells[$0].row == me.row || model.cells[$0].column == me.column) }
        if let c = cheapest(near) { return c }
        return cheapest(open)
    }
}
