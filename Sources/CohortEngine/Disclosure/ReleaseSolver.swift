/// A release's model loaded into an integer program, with each cell published (its row fixed at
/// the count) or hidden (its row only bounded below). Hiding a cell only removes knowledge, so every
/// hidden cell's feasible range can only widen as more cells are hidden; the repair relies on it.
final class ReleaseSolver {
    let model: ReleaseModel
    private let program: IntegerProgram
    private var cellRow: [Int] = []
    private var relationRow: [Int] = []
    private(set) var hidden: [Bool]
    let hiddenMinimum: Int

    /// - Parameter hidden: per model cell; a cell not hidden must have a published count.
    init(model: ReleaseModel, hidden: [Bool], hiddenMinimum: Int) {
        self.model = model
        self.hidden = hidden
        self.hiddenMinimum = hiddenMinimum
        program = IntegerProgram(columns: model.unknownCount, upperBounds: model.upperBounds)
        for r in model.relations {
            let bound = r.whilePublished.map { !hidden[$0] } ?? true
            relationRow.append(program.addRow(r.terms, lower: bound ? r.lower : nil, upper: bound ? r.upper : nil))
        }
        for (i, c) in model.cells.enumerated() {
            let terms = c.terms.map { (column: $0, coefficient: 1.0) }
            if hidden[i] || c.published == nil {
                cellRow.append(program.addRow(terms, lower: Double(hiddenMinimum), upper: nil))
            } else {
                let v = Double(c.published ?? 0)
                cellRow.append(program.addRow(terms, lower: v, upper: v))
            }
        }
    }

    func hide(_ cell: Int) {
        guard model.cells.indices.contains(cell), !hidden[cell] else { return }
        hidden[cell] = true
        program.setRowBounds(cellRow[cell], lower: Double(hiddenMinimum), upper: nil)
        for (k, r) in model.relations.enumerated() where r.whilePublished == cell {
            program.setRowBounds(relationRow[k], lower: nil, upper: nil)
        }
    }

    /// The program row of each cell (to read duals by cell).
    func row(ofCell cell: Int) -> Int { cellRow[cell] }

    /// The extreme of a cell's count given everything published, and the LP duals of every row.
    func extreme(ofCell cell: Int, maximise: Bool) -> (IntegerProgram.Extreme, [Double]) {
        var duals: [Double] = []
        let terms = model.cells[cell].terms.map { (column: $0, coefficient: 1.0) }
        let e = withUnsafeMutablePointer(to: &duals) { program.extreme(of: terms, maximise: maximise, duals: $0) }
        return (e, duals)
    }

    /// Whether the published cells are consistent with each other at all.
    func isFeasible() -> Bool {
        if program.extreme(of: [], maximise: false) == .infeasible { return false }
        return true
    }
}
