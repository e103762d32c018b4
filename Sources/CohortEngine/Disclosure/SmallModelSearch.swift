import CINModel

/// Proofs for the cells of a release with many custom cohorts found on the model of a few of its cohorts and
/// lifted to the whole (docs/privacy.md, "Certificates"): the model of the standard cohorts, the cell's own
/// cohort and the custom cohorts whose rules name a factor of that cohort's rule or of the cell's column
/// (`I=16A & 4B` x factor 21: I, H=21 and F=6B & !4B), at most 5 x 2^3 parts for a cell however many
/// cohorts there are. A point found there, near the true counts (every count changed by at most a radius,
/// so that its change fits a part of the whole), is lifted (`ModelPoints.lift`) and verified on the whole
/// model (`ModelPoints.verify`); only a verified point proves anything, so the search may be anywhere.
final class SmallModelSearch {
    private let model: ReleaseModel
    private let release: PublishedRelease
    private let partSizes: PartSizes
    private let full: ModelPoints
    /// Per custom cohort id, the factor bits its rule names.
    private let factorsOf: [String: Set<Int>]
    private let standard = Set(CohortDefinition.standard.map(\.id))
    private var cache: [Set<String>: (pins: [Int: Double], bounds: [Int: (lower: Double, upper: Double)], cells: [Int])] = [:]
    /// The program last loaded for each set of cohorts, with the hidden cells and least values it was loaded
    /// with: asked again with the same ones (the cells of one phase share a few sets of cohorts), it is the same
    /// program, so it is searched again from its last basis instead of being built and solved from scratch
    /// (building and the first simplex from the standard basis were most of this search's time on the demo).
    private var solvers: [Set<String>: (hidden: [Bool], minimums: [Int], solver: ReleaseSolver)] = [:]
    /// Fewest parts of the whole model for which these searches run first (8 times the standard cohorts' 5:
    /// four custom cohorts or more, on the demo).
    static let minimumParts = 41
    /// How far from its true value a count of a point searched for here may be.
    let radius: Int

    init(model: ReleaseModel, release: PublishedRelease, partSizes: PartSizes, full: ModelPoints, radius: Int) {
        self.model = model; self.release = release; self.partSizes = partSizes; self.full = full; self.radius = radius
        var factors: [String: Set<Int>] = [:]
        for c in release.cohorts {
            let mask = c.rule.map(CohortMembership.namedFactors) ?? 0
            factors[c.id] = Set((0..<64).filter { mask & (1 << UInt64($0)) != 0 })
        }
        factorsOf = factors
    }

    /// The cohorts of the small model for a cell.
    func cohorts(for cell: Int) -> Set<String> {
        guard model.cells.indices.contains(cell) else { return standard }
        let c = model.cells[cell]
        let row = model.rowIDs(table: c.table)[safe: c.row]
        var bits = row.flatMap { standard.contains($0) ? nil : factorsOf[$0] } ?? []
        if let name = model.tableNames[safe: c.table], let d = Dimension(rawValue: name), d.isMultiValued, c.column > 0,
           let codes = ReleaseModel.factorBits(d, c.column - 1) {
            bits.formUnion(codes)
        }
        var out = standard
        if let row { out.insert(row) }
        for (id, f) in factorsOf where !standard.contains(id) && !f.isDisjoint(with: bits) { out.insert(id) }
        return out
    }

    /// The restriction for a set of cohorts: every part but one of each group of parts that agree on those
    /// cohorts (the part a lift would put the group's change in, `ModelPoints.preferredPart`) pinned at its true
    /// counts, and the others' counts kept within the radius of them. Its points are points of the whole model
    /// that change at most 5 x 2^|cohorts| parts, by little: they lift to the models of later cohorts.
    private func restriction(_ ids: Set<String>) -> (pins: [Int: Double], bounds: [Int: (lower: Double, upper: Double)], cells: [Int]) {
        var free = Set<Int>()
        var groups: [Set<String>: Int] = [:]
        let cohortIDs = model.parts.cohortIDs
        for part in model.parts.parts where part.inPopulation {
            let s = Set(cohortIDs.indices.filter { part.membership & (1 << UInt64($0)) != 0 }.map { cohortIDs[$0] }).intersection(ids)
            if groups[s] == nil, let q = full.preferredPart(s, of: ids) { groups[s] = q; free.insert(q) }
        }
        var pins: [Int: Double] = [:], bounds: [Int: (lower: Double, upper: Double)] = [:]
        for (p, u) in model.partSizeUnknowns.enumerated() {
            if free.contains(p) { bounds[u] = (Double(full.truth[u] - radius), Double(full.truth[u] + radius)) } else { pins[u] = Double(full.truth[u]) }
        }
        for (u, p) in model.partOfUnknown.enumerated() {
            guard let p, model.partSizeUnknowns[safe: p] != u else { continue }
            if free.contains(p) { bounds[u] = (Double(full.truth[u] - radius), Double(full.truth[u] + radius)) } else { pins[u] = Double(full.truth[u]) }
        }
        let cells = model.cells.indices.filter { c in model.cells[c].terms.contains { pins[$0] == nil } }
        return (pins, bounds, cells)
    }

    /// Asks `question` of the restriction for `cell` (its solver and the cell), with these cells hidden and
    /// these least values; every point its searches find is given to `book` (verified there before it proves
    /// anything). false when there is no restriction smaller than the whole model for it.
    @discardableResult
    func search(cell: Int, hidden: [Bool], minimums: [Int], book: PointBook,
                question: (ReleaseSolver, Int) -> Void) -> Bool {
        let ids = cohorts(for: cell)
        guard ids.count < Set(release.cohorts.map(\.id)).count else { return false }
        if cache[ids] == nil { cache[ids] = restriction(ids) }
        guard let r = cache[ids], r.cells.contains(cell) else { return false }
        let solver: ReleaseSolver
        if let loaded = solvers[ids], loaded.hidden == hidden, loaded.minimums == minimums {
            solver = loaded.solver
        } else {
            solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, cells: r.cells, pinned: r.pins, minimums: minimums,
                                   bounds: r.bounds)
            solvers[ids] = (hidden, minimums, solver)
        }
        solver.onPoint = { book.add(values: $0) }
        question(solver, cell)
        return true
    }
}
