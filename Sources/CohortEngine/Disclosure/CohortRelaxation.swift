/// The model of a release with only some of its cohorts' rows: a *relaxation* of the release's model, for
/// questions of the form "this cell cannot move" (docs/privacy.md, "Custom cohorts in bounded time").
///
/// Why it is a relaxation (every point of the full model maps to a point of this one): each part of this
/// model is the union of the full model's parts whose memberships agree on the kept cohorts (the rules of
/// the kept cohorts split the factor combinations the same way in both enumerations). Summing each
/// unknown over the full parts a part here unites maps a full point to a point here:
/// - every cell kept is the same sum of part unknowns in both models;
/// - every relation here is linear in one part's unknowns (a single-valued family sums to the size, a
///   several-valued column lies between 0 and the size, the maltreatment, outcome and "CPP started" links,
///   and the clauses the kept rules force), and holds for each full part it unites (a factor forced, or a
///   clause that holds, over every combination of the union holds over each of its parts), so the sum holds;
/// - the rows of the cohorts left out and the constraints only they give are dropped: fewer constraints.
/// So a cell that cannot move here cannot move in the full model. The converse does not hold (a cell that
/// moves here may be pinned by a dropped row): "moves" must still be asked of the full model or a
/// restriction of it (`PartSizes`).
///
/// With k custom cohorts the full model has up to 2^k times 5 parts; the model of the standard cohorts and
/// the one custom cohort a cell is in has at most 10, whatever k.
struct CohortRelaxation {
    let model: ReleaseModel
    /// Per cell of this model, the full model's cell it is.
    let fullCell: [Int]
    /// Per cell of the full model, its cell here (nil: a row left out).
    let cellHere: [Int?]

    /// - Parameters:
    ///   - release: the release the full model was built from (`full` = `ReleaseModel(release)`).
    ///   - ids: the cohorts whose rows are kept (a cohort of the release's).
    init(full: ReleaseModel, release: PublishedRelease, keeping ids: Set<String>) {
        var reduced = release
        reduced.cohorts = release.cohorts.filter { ids.contains($0.id) }
        reduced.tables = release.tables.map { t in
            let keep = t.rowIDs.indices.filter { ids.contains(t.rowIDs[$0]) }
            var out = t
            out.rowIDs = keep.map { t.rowIDs[$0] }
            out.cells = keep.map { t.cells.indices.contains($0) ? t.cells[$0] : [] }
            out.percents = t.percents.isEmpty ? [] : keep.map { t.percents.indices.contains($0) ? t.percents[$0] : nil }
            return out
        }
        model = ReleaseModel(reduced)
        struct Key: Hashable { var table: Int; var row: String; var column: Int }
        func key(_ m: ReleaseModel, _ c: ReleaseModel.Cell) -> Key {
            c.table < 0 ? Key(table: -1, row: "", column: c.row) : Key(table: c.table, row: m.rowIDs(table: c.table)[safe: c.row] ?? "", column: c.column)
        }
        var fullIndex: [Key: Int] = [:]
        for (i, c) in full.cells.enumerated() { fullIndex[key(full, c)] = i }
        var here = [Int?](repeating: nil, count: full.cells.count)
        var back: [Int] = []
        for (j, c) in model.cells.enumerated() {
            let i = fullIndex[key(model, c)] ?? -1
            back.append(i)
            if here.indices.contains(i) { here[i] = j }
        }
        fullCell = back
        cellHere = here
    }

    /// Whether every cell here is a cell of the full model (always, for rows of the same tables).
    var isComplete: Bool { !fullCell.contains(-1) }

    /// Per cell here, the full model's value of `values` (for hidden flags, minimums).
    func carried<T>(_ values: [T], default d: T) -> [T] { fullCell.map { values.indices.contains($0) ? values[$0] : d } }
}
