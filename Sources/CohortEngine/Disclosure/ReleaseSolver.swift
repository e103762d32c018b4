/// A release's model (or one independent component of it) loaded into an integer program, with
/// each cell published (its row fixed at the count) or hidden (its row only bounded below). Hiding
/// a cell only removes knowledge, so every hidden cell's feasible range can only widen as more cells
/// are hidden; the repair relies on it.
final class ReleaseSolver {
    let model: ReleaseModel
    private let program: IntegerProgram
    /// Global cell index -> program row (cells outside this component are absent).
    private var cellRow: [Int: Int] = [:]
    /// Global cell index -> the constant its pinned unknowns add (moved to the row's bounds).
    private var cellConstant: [Int: Double] = [:]
    private var relationRow: [Int: Int] = [:]
    private var relationConstant: [Int: Double] = [:]
    /// Program columns fixed while these cells are published.
    private var fixedColumns: [(unknown: Int, column: Int, whilePublished: [Int])] = []
    /// Relations left out while the population is fixed.
    private var suspendedRelations: [(relation: Int, population: Int)] = []
    /// Per cell, the least value a hidden cell may have, where it differs from `hiddenMinimum` (a
    /// standard release's hidden cells are at least 1 beside a filtered release that may hide a 0).
    private let minimums: [Int]?
    private func minimum(_ cell: Int) -> Int { minimums.flatMap { $0.indices.contains(cell) ? $0[cell] : nil } ?? hiddenMinimum }
    /// Global unknown -> program column.
    private var column: [Int: Int] = [:]
    /// The cells of this component, in model order.
    let cells: [Int]
    private(set) var hidden: [Bool]
    let hiddenMinimum: Int

    /// - Parameters:
    ///   - hidden: per model cell; a cell not hidden must have a published count.
    ///   - cells: the cells to load (all when nil); relations are loaded when they touch a loaded unknown.
    ///   - pinned: unknowns whose value is known exactly, substituted as constants.
    ///   - fixed: unknowns known exactly while some cells are published (the population while A and B
    ///     are): fixed in the program, and freed when one of those cells is hidden.
    init(model: ReleaseModel, hidden: [Bool], hiddenMinimum: Int, cells: [Int]? = nil, pinned: [Int: Double] = [:],
         fixed: [Int: (value: Double, whilePublished: [Int])] = [:], minimums: [Int]? = nil,
         bounds: [Int: (lower: Double, upper: Double)] = [:]) {
        self.model = model
        self.hidden = hidden
        self.hiddenMinimum = hiddenMinimum
        self.minimums = minimums
        let chosen = cells ?? Array(model.cells.indices)
        self.cells = chosen
        var used: [Int] = []
        var columns: [Int: Int] = [:]
        for c in chosen { for u in model.cells[c].terms where pinned[u] == nil && columns[u] == nil { columns[u] = used.count; used.append(u) } }
        let relations = model.relations.indices.filter { k in
            model.relations[k].terms.contains { columns[$0.column] != nil }
        }
        // A relation can bring in unknowns that no loaded cell sums (a part's other values).
        for k in relations {
            for t in model.relations[k].terms where pinned[t.column] == nil && columns[t.column] == nil {
                columns[t.column] = used.count; used.append(t.column)
            }
        }
        column = columns
        program = IntegerProgram(columns: used.count, upperBounds: used.map { model.upperBounds[$0] })
        // Bounds on some unknowns: a restriction (every point of it is a point without them), for points near
        // the true counts that lift to a model of more cohorts (`SmallModelSearch`).
        for (j, u) in used.enumerated() {
            guard let b = bounds[u] else { continue }
            program.boundColumn(j, lower: max(0, b.lower), upper: min(model.upperBounds[u] ?? .infinity, max(0, b.upper)))
        }
        for (u, f) in fixed where f.whilePublished.allSatisfy({ !hidden[$0] }) {
            guard let j = columns[u] else { continue }
            program.fixColumn(j, at: f.value)
            fixedColumns.append((u, j, f.whilePublished))
        }
        for k in relations {
            let r = model.relations[k]
            var constant = 0.0
            var terms: IntegerProgram.Terms = []
            for t in r.terms {
                if let v = pinned[t.column] { constant += v * t.coefficient } else if let j = column[t.column] { terms.append((j, t.coefficient)) }
            }
            let bound = r.whilePublished.allSatisfy { !hidden[$0] }
            relationConstant[k] = constant
            relationRow[k] = program.addRow(terms, lower: bound ? r.lower.map { $0 - constant } : nil,
                                            upper: bound ? r.upper.map { $0 - constant } : nil)
        }
        // With the population known, a published count's percentage says nothing more: its rows are left
        // out while it is known (their fractional coefficients made the integer searches slow), and come back
        // when it is not (a cell that fixes it is hidden).
        let fixedNow = Set(fixedColumns.map(\.unknown))
        for k in model.percentRelations {
            guard let population = model.percentPopulation[k], fixedNow.contains(population), let row = relationRow[k] else { continue }
            program.setRowBounds(row, lower: nil, upper: nil)
            suspendedRelations.append((k, population))
        }
        for c in chosen {
            let cell = model.cells[c]
            var constant = 0.0
            var terms: IntegerProgram.Terms = []
            for u in cell.terms {
                if let v = pinned[u] { constant += v } else if let j = column[u] { terms.append((j, 1)) }
            }
            cellConstant[c] = constant
            if hidden[c] || cell.published == nil {
                cellRow[c] = program.addRow(terms, lower: Double(minimum(c)) - constant, upper: nil)
            } else {
                let v = Double(cell.published ?? 0) - constant
                cellRow[c] = program.addRow(terms, lower: v, upper: v)
            }
        }
    }

    func hide(_ cell: Int) {
        guard hidden.indices.contains(cell), !hidden[cell], let row = cellRow[cell] else { return }
        hidden[cell] = true
        program.setRowBounds(row, lower: Double(minimum(cell)) - (cellConstant[cell] ?? 0), upper: nil)
        for f in fixedColumns where f.whilePublished.contains(cell) {
            program.fixColumn(f.column, at: nil)
            for (k, population) in suspendedRelations where population == f.unknown {
                let r = model.relations[k]
                guard let row = relationRow[k], r.whilePublished.allSatisfy({ !hidden[$0] }) else { continue }
                let constant = relationConstant[k] ?? 0
                program.setRowBounds(row, lower: r.lower.map { $0 - constant }, upper: r.upper.map { $0 - constant })
            }
            suspendedRelations.removeAll { $0.population == f.unknown }
        }
        for (k, r) in model.relations.enumerated() where r.whilePublished.contains(cell) {
            if let row = relationRow[k] { program.setRowBounds(row, lower: nil, upper: nil) }
        }
    }

    /// The program row of a cell (to read duals by cell); nil when the cell is not in this component.
    func row(ofCell cell: Int) -> Int? { cellRow[cell] }

    /// The extreme of a cell's count given everything published, and the LP duals of every row.
    func extreme(ofCell cell: Int, maximise: Bool) -> (IntegerProgram.Extreme, [Double]) {
        var duals: [Double] = []
        let terms: IntegerProgram.Terms = model.cells[cell].terms.compactMap { u in column[u].map { ($0, 1.0) } }
        let constant = cellConstant[cell] ?? 0
        let e = withUnsafeMutablePointer(to: &duals) { program.extreme(of: terms, maximise: maximise, duals: $0) }
        if case .value(let v) = e { return (.value(v + constant), duals) }
        return (e, duals)
    }

    /// Whether some integer table set consistent with everything published puts the cell at `target` or
    /// beyond (nil: undecided in the solver's time).
    func reaches(cell: Int, target: Double, maximise: Bool) -> Bool? {
        let terms: IntegerProgram.Terms = model.cells[cell].terms.compactMap { u in column[u].map { ($0, 1.0) } }
        let found = program.reaches(terms, target: target - (cellConstant[cell] ?? 0), maximise: maximise)
        if found == true, let onPoint, let point = program.lastPoint {
            var values: [Int: Double] = [:]
            for (u, j) in column where point.indices.contains(j) { values[u] = point[j] }
            onPoint(values)
        }
        return found
    }

    /// Told every integer point a search finds (its loaded unknowns; the others keep their pinned or true
    /// values): kept as certificates (`PointBook`).
    var onPoint: (([Int: Double]) -> Void)?

    /// Of `cells`, those whose count at the last integer point a search found (`IntegerProgram.lastPoint`)
    /// is at least `distance` from their true count. That point and the true counts are two points of the
    /// program, so each such cell's range spans `distance`: one search proves every cell it happens to move
    /// that far (a point found to move one hidden cell usually moves its neighbours in the table too).
    func movedAtLastPoint(_ cells: [Int], truth: [Int], distance: Int) -> [(cell: Int, value: Int)] {
        guard let point = program.lastPoint else { return [] }
        return cells.compactMap { c in
            guard cellRow[c] != nil, truth.indices.contains(c) else { return nil }
            var v = cellConstant[c] ?? 0
            for u in model.cells[c].terms { if let j = column[u], point.indices.contains(j) { v += point[j] } }
            let value = Int(v.rounded())
            return abs(value - truth[c]) >= distance ? (c, value) : nil
        }
    }

    /// The LP relaxation's optimum of a cell's count: a bound on every integer point's.
    func relaxedExtreme(ofCell cell: Int, maximise: Bool) -> IntegerProgram.Extreme {
        let terms: IntegerProgram.Terms = model.cells[cell].terms.compactMap { u in column[u].map { ($0, 1.0) } }
        let e = program.extreme(of: terms, maximise: maximise, relaxationOnly: true)
        if case .value(let v) = e { return .value(v + (cellConstant[cell] ?? 0)) }
        return e
    }

    /// The LP relaxation's duals of every row at the cell's extreme (which constraints bind it).
    func duals(ofCell cell: Int, maximise: Bool) -> [Double] {
        var duals: [Double] = []
        let terms: IntegerProgram.Terms = model.cells[cell].terms.compactMap { u in column[u].map { ($0, 1.0) } }
        _ = withUnsafeMutablePointer(to: &duals) { program.extreme(of: terms, maximise: maximise, duals: $0, relaxationOnly: true) }
        return duals
    }

    /// The extreme of one unknown (a part's size).
    func extreme(ofUnknown u: Int, maximise: Bool) -> IntegerProgram.Extreme {
        guard let j = column[u] else { return .infeasible }
        return program.extreme(of: [(j, 1)], maximise: maximise)
    }

    /// Whether the published cells are consistent with each other at all.
    func isFeasible() -> Bool {
        program.extreme(of: [], maximise: false) != .infeasible
    }
}
