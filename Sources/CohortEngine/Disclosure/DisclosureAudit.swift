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

    /// Values the range spans minus one (nil: unbounded); 0 means the count is known exactly.
    public var width: Int? { maximum.map { $0 - minimum } }
    public var isExact: Bool { width == 0 }
    public func isNarrower(than protection: Int) -> Bool { width.map { $0 < protection } ?? false }

    public var description: String {
        "\(table) \(cohort) \(column): \(minimum)..\(maximum.map(String.init) ?? "unbounded")" + (isExact ? " (exact)" : "")
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
            let (lo, _) = solver.extreme(ofCell: i, maximise: false)
            let (hi, _) = solver.extreme(ofCell: i, maximise: true)
            let low: Int
            switch lo { case .value(let v): low = Int(v); default: low = minimum }
            let high: Int?
            switch hi {
            case .value(let v): high = Int(v)
            case .unbounded: high = nil
            // No integer optimum found: report the range as closed at its minimum (never overstate).
            case .infeasible: high = low
            }
            ranges.append(name(of: cell, in: release, minimum: low, maximum: high))
        }
        return DisclosureAuditResult(ranges: ranges, protection: protection, consistent: true, hiddenMinimum: minimum)
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
